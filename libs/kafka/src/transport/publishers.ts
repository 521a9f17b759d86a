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
    if (records.length === 0) return;
    await this.producer.sendBatch({ topicMessages: byTopic(records, this.topicPrefix), acks: -1 });
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
 * One transaction at a time, which is what a one-batch-at-a-time consumer needs.
 *
 * After a failed transaction the kafkajs producer can be left in a state it never leaves
 * (an abort that failed because the broker was down stays "ABORTING"), so it is replaced:
 * the new producer registers the same transactional id, which fences the old one and has
 * the coordinator abort whatever it left open.
 */
export class TransactionalPublisher {
  private producer?: Producer;

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
    await this.connect();
    const producer = this.producer as Producer;
    try {
      const tx = await producer.transaction();
      try {
        if (records.length > 0)
          await tx.sendBatch({ topicMessages: byTopic(records, this.topicPrefix), acks: -1 });
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
