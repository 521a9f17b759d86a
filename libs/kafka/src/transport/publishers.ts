import type { Kafka, Message, Producer } from 'kafkajs';
import { Partitioners } from 'kafkajs';

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
 * A transactional producer: the records and the consumer offsets they settle become
 * visible together or not at all (read-committed consumers never see an aborted batch).
 * One transaction at a time: batches of partitions consumed concurrently queue for it.
 *
 * After a failed transaction the kafkajs producer can be left in a state it never leaves
 * (an abort that failed because the broker was down stays "ABORTING"), so it is replaced:
 * the new producer registers the same transactional id, which fences the old one and has
 * the coordinator abort whatever it left open.
 */
export class TransactionalPublisher {
  private producer?: Producer;
  /** The transaction in progress: a producer runs one at a time, so callers queue here. */
  private turn: Promise<void> = Promise.resolve();

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
    });
    await producer.connect();
    this.producer = producer;
  }

  /**
   * Sends `records` and commits `nextOffset` for the consumer group in one transaction.
   * `offsets.topic` is the consumed topic's full name (already prefixed).
   */
  async publishWithOffsets(
    records: readonly OutgoingRecord[],
    offsets: { groupId: string; topic: string; partition: number; nextOffset: string },
  ): Promise<void> {
    // Partitions consumed concurrently each call this; their transactions take turns.
    const mine = this.turn.then(() => this.transact(records, offsets));
    this.turn = mine.catch(() => undefined);
    return mine;
  }

  private async transact(
    records: readonly OutgoingRecord[],
    offsets: { groupId: string; topic: string; partition: number; nextOffset: string },
  ): Promise<void> {
    await this.connect();
    const producer = this.producer as Producer;
    try {
      const tx = await producer.transaction();
      try {
        for (const topicMessages of sendsOf(records, this.topicPrefix)) {
          await tx.sendBatch({ topicMessages, acks: -1 });
        }
        await tx.sendOffsets({
          consumerGroupId: offsets.groupId,
          topics: [
            {
              topic: offsets.topic,
              partitions: [{ partition: offsets.partition, offset: offsets.nextOffset }],
            },
          ],
        });
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
