import { setTimeout as sleep } from 'node:timers/promises';
import type { Kafka, Message, Producer } from 'kafkajs';
import { Partitioners } from 'kafkajs';
import { GroupCommit } from './group-commit';

/** A message bound for one topic. */
export interface OutgoingRecord {
  readonly topic: string;
  readonly message: Message;
}

/** Groups records by topic, with the deployment's topic prefix applied. */
function byTopic(
  records: readonly OutgoingRecord[],
  prefix: string,
): Array<{ topic: string; messages: Message[] }> {
  const grouped = new Map<string, Message[]>();
  for (const r of records) {
    const topic = prefix + r.topic;
    const list = grouped.get(topic);
    if (list) list.push(r.message);
    else grouped.set(topic, [r.message]);
  }
  return [...grouped.entries()].map(([topic, messages]) => ({ topic, messages }));
}

/**
 * Bytes one request may carry. The broker refuses a partition's record batch over the topic's
 * max.message.bytes (1 MiB by default) with MESSAGE_TOO_LARGE, and kafkajs puts everything a
 * send holds for one partition in one batch: a large ingest batch (one raw message can fan out
 * to every asset) was refused on every retry and wedged its partition. Half the default keeps
 * headroom for the record overhead this estimate leaves out.
 */
export const MAX_REQUEST_BYTES = 512 * 1024;

function messageBytes(m: Message): number {
  let n = 64;
  const size = (v: unknown): number =>
    typeof v === 'string' ? Buffer.byteLength(v) : Buffer.isBuffer(v) ? v.length : 0;
  n += size(m.value) + size(m.key);
  if (m.headers) for (const [k, v] of Object.entries(m.headers)) n += k.length + size(v);
  return n;
}

/**
 * `records` grouped by topic and cut into sends of at most `maxBytes` (estimated) each, in
 * order: sent one after another, they keep each partition's order. A single message larger
 * than `maxBytes` goes alone.
 */
export function sendsOf(
  records: readonly OutgoingRecord[],
  prefix: string,
  maxBytes = MAX_REQUEST_BYTES,
): Array<Array<{ topic: string; messages: Message[] }>> {
  const sends: Array<Array<{ topic: string; messages: Message[] }>> = [];
  let part: OutgoingRecord[] = [];
  let bytes = 0;
  for (const r of records) {
    const b = messageBytes(r.message);
    if (part.length > 0 && bytes + b > maxBytes) {
      sends.push(byTopic(part, prefix));
      part = [];
      bytes = 0;
    }
    part.push(r);
    bytes += b;
  }
  if (part.length > 0) sends.push(byTopic(part, prefix));
  return sends;
}

/**
 * An idempotent producer (no duplicates from its own retries, acks from all in-sync
 * replicas). Used by the scorer's outbox relay.
 */
export class IdempotentPublisher {
  private readonly producer: Producer;
  private connected = false;

  constructor(
    kafka: Kafka,
    private readonly topicPrefix = '',
  ) {
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  async connect(): Promise<void> {
    if (this.connected) return;
    await this.producer.connect();
    this.connected = true;
  }

  async publish(records: readonly OutgoingRecord[]): Promise<void> {
    for (const topicMessages of sendsOf(records, this.topicPrefix)) {
      await this.producer.sendBatch({ topicMessages, acks: -1 });
    }
  }

  async close(): Promise<void> {
    if (!this.connected) return;
    this.connected = false;
    await this.producer.disconnect();
  }
}

/**
 * The transactional producer's retries start at 20 ms instead of the client's 300. The
 * coordinator answers a commit before it has written the commit markers, so the next
 * transaction's first send nearly always gets CONCURRENT_TRANSACTIONS and is retried; at
 * 300 ms that retry was most of an ingest batch's latency (a probe of 30 back-to-back
 * transactions on the local broker: first send p50 329 ms at 300 ms, 31 ms at 20 ms). The
 * Java producer retries this error after 20 ms too. Twelve doublings, capped at kafkajs'
 * 30 s, give about the same total patience (~70 s) as the client's 300 ms × 8.
 */
const TRANSACTION_RETRY = { initialRetryTime: 20, retries: 12 };

/**
 * Coordinator answers that mean "not yet", for a transaction's offsets. kafkajs retries a
 * transaction's sends (above) but not its AddOffsetsToTxn: a batch with nothing to publish
 * (all irrelevant or duplicates) starts its transaction with the offsets, nearly always gets
 * CONCURRENT_TRANSACTIONS while the last commit's markers are written, and failed; the
 * ingestor then replaced its producer (~5 s) and consumed the batch again (seen at the end
 * of `npm run demo`, on a loaded machine).
 */
const NOT_YET = new Set([
  'CONCURRENT_TRANSACTIONS',
  'GROUP_LOAD_IN_PROGRESS',
  'GROUP_COORDINATOR_NOT_AVAILABLE',
]);

/** `op`, again after 20, 40, 80 ms … (as TRANSACTION_RETRY, capped at 1 s a wait) while the coordinator says "not yet". */
export async function retryWhileNotYet<T>(
  op: () => Promise<T>,
  retries = TRANSACTION_RETRY.retries,
): Promise<T> {
  let wait = TRANSACTION_RETRY.initialRetryTime;
  for (let attempt = 0; ; attempt++) {
    try {
      return await op();
    } catch (err) {
      const type = (err as { type?: unknown }).type;
      if (attempt >= retries || typeof type !== 'string' || !NOT_YET.has(type)) throw err;
      await sleep(wait);
      wait = Math.min(wait * 2, 1_000);
    }
  }
}

/** The consumer offset a transaction settles: `topic` is the consumed topic's full name (already prefixed). */
export interface SettledOffset {
  readonly groupId: string;
  readonly topic: string;
  readonly partition: number;
  readonly nextOffset: string;
}

/**
 * A transactional producer: the records and the consumer offsets they settle become
 * visible together or not at all (read-committed consumers never see an aborted batch).
 *
 * A producer runs one transaction at a time, and each costs a fixed handful of round
 * trips to the coordinator. Batches of partitions consumed concurrently therefore commit
 * together (group commit): callers that arrive while a transaction is in flight wait, and
 * the next transaction carries all of their records and all of their offsets. Each caller
 * resolves when the transaction holding its batch commits, or rejects with its error: a
 * failed group fails every batch in it, and each is retried by its own partition. Without
 * this, the six partitions of one fetch committed one after another, and the last waited
 * for five transactions before its own.
 *
 * After a failed transaction the kafkajs producer can be left in a state it never leaves
 * (an abort that failed because the broker was down stays "ABORTING"), so it is replaced:
 * the new producer registers the same transactional id, which fences the old one and has
 * the coordinator abort whatever it left open.
 */
export class TransactionalPublisher {
  private producer?: Producer;
  private readonly group = new GroupCommit<
    { records: readonly OutgoingRecord[]; offsets: SettledOffset },
    void
  >(async (items) => {
    await this.transact(
      items.flatMap((i) => i.records),
      items.map((i) => i.offsets),
    );
    return items.map(() => undefined);
  });

  constructor(
    private readonly kafka: Kafka,
    private readonly transactionalId: string,
    private readonly topicPrefix = '',
  ) {}

  async connect(): Promise<void> {
    if (this.producer) return;
    const producer = this.kafka.producer({
      transactionalId: this.transactionalId,
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: TRANSACTION_RETRY,
    });
    await producer.connect();
    this.producer = producer;
  }

  /** Sends `records` and commits `offsets` for the consumer group, in one transaction (shared, see above). */
  publishWithOffsets(records: readonly OutgoingRecord[], offsets: SettledOffset): Promise<void> {
    return this.group.submit({ records, offsets });
  }

  private async transact(
    records: readonly OutgoingRecord[],
    offsets: readonly SettledOffset[],
  ): Promise<void> {
    await this.connect();
    const producer = this.producer as Producer;
    try {
      const tx = await producer.transaction();
      try {
        for (const topicMessages of sendsOf(records, this.topicPrefix)) {
          await tx.sendBatch({ topicMessages, acks: -1 });
        }
        for (const [consumerGroupId, topics] of offsetsByGroup(offsets)) {
          await retryWhileNotYet(() => tx.sendOffsets({ consumerGroupId, topics }));
        }
        await tx.commit();
      } catch (err) {
        await tx.abort();
        throw err;
      }
    } catch (err) {
      await this.replace();
      throw err;
    }
  }

  private async replace(): Promise<void> {
    const old = this.producer;
    this.producer = undefined;
    await old?.disconnect().catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.replace();
  }
}

/**
 * Offsets grouped for `sendOffsets`: per consumer group, per topic, one entry per partition
 * (the furthest, should one partition ever appear twice).
 */
export function offsetsByGroup(
  offsets: readonly SettledOffset[],
): Map<string, Array<{ topic: string; partitions: Array<{ partition: number; offset: string }> }>> {
  const furthest = new Map<string, SettledOffset>();
  for (const o of offsets) {
    const key = `${o.groupId}\u0000${o.topic}\u0000${o.partition}`;
    const seen = furthest.get(key);
    if (!seen || BigInt(o.nextOffset) > BigInt(seen.nextOffset)) furthest.set(key, o);
  }
  const groups = new Map<
    string,
    Array<{ topic: string; partitions: Array<{ partition: number; offset: string }> }>
  >();
  for (const o of furthest.values()) {
    const topics = groups.get(o.groupId) ?? [];
    groups.set(o.groupId, topics);
    let entry = topics.find((t) => t.topic === o.topic);
    if (!entry) {
      entry = { topic: o.topic, partitions: [] };
      topics.push(entry);
    }
    entry.partitions.push({ partition: o.partition, offset: o.nextOffset });
  }
  return groups;
}
