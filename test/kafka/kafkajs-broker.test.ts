import type { Consumer } from 'kafkajs';
import { eventually } from '../support/eventually';
import {
  KafkaTestKit,
  type SeenMessage,
  committedOffsets,
  nextOffset,
  toSeenMessage,
  uniqueName,
} from '../support/kafka';

/**
 * What Crescent relies on from kafkajs 2.2.4 against the broker the project runs (Kafka 4.x,
 * KRaft): topic administration, consumer-group offsets committed by hand, and transactions
 * that commit or abort output and input offsets together (DESIGN.md, delivery guarantees).
 */
describe('kafkajs against the real broker', () => {
  const kit = new KafkaTestKit();

  afterEach(() => kit.disconnectAll());

  /** Subscribes from the beginning and records every message it is handed, in order. */
  async function collect(consumer: Consumer, topic: string): Promise<SeenMessage[]> {
    const seen: SeenMessage[] = [];
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: (payload) => {
        seen.push(toSeenMessage(payload));
        return Promise.resolve();
      },
    });
    return seen;
  }

  const values = (messages: readonly SeenMessage[]): Array<string | null> => messages.map((m) => m.value);

  it('topics an admin creates are listed with the number of partitions asked for', async () => {
    const [scores] = await kit.createTopics(['oil.risk.scores'], 3);
    const admin = await kit.admin();

    expect(await admin.listTopics()).toContain(scores);
    const { topics } = await admin.fetchTopicMetadata({ topics: [scores!] });
    expect(topics[0]?.partitions).toHaveLength(3);
  });

  it('a produced message reaches a consumer group with its key, value and headers', async () => {
    const [topic] = await kit.createTopics(['impacts']);
    const producer = await kit.producer();
    await producer.send({
      topic: topic!,
      messages: [{ key: 'es-sider', value: '{"score":87}', headers: { 'event-id': 'ev-1' } }],
    });

    const seen = await collect(await kit.consumer({ groupId: uniqueName('group') }), topic!);

    await eventually(() =>
      expect(seen).toEqual([
        expect.objectContaining({ key: 'es-sider', value: '{"score":87}', headers: { 'event-id': 'ev-1' } }),
      ]),
    );
  });

  it('a new consumer in the same group resumes right after the last message whose offset + 1 was committed', async () => {
    const [topic] = await kit.createTopics(['resume']);
    const groupId = uniqueName('group');
    const producer = await kit.producer();
    await producer.send({ topic: topic!, messages: [{ value: 'm0' }, { value: 'm1' }, { value: 'm2' }] });

    // The first consumer handles all three but commits only up to m1, as if it crashed before finishing m2.
    const first = await kit.consumer({ groupId });
    const seenByFirst: string[] = [];
    await first.subscribe({ topics: [topic!], fromBeginning: true });
    await first.run({
      autoCommit: false,
      eachMessage: async ({ topic: from, partition, message }) => {
        const value = message.value?.toString() ?? '';
        seenByFirst.push(value);
        if (value !== 'm2')
          await first.commitOffsets([{ topic: from, partition, offset: nextOffset(message.offset) }]);
      },
    });
    await eventually(() => expect(seenByFirst).toEqual(['m0', 'm1', 'm2']));
    await first.disconnect();

    const admin = await kit.admin();
    expect(await committedOffsets(admin, groupId, topic!)).toEqual(['2']);

    // fromBeginning only applies without a committed offset: were the commit lost, this would see m0 again.
    const second = await collect(await kit.consumer({ groupId }), topic!);
    await eventually(() => expect(values(second)).toEqual(['m2']));
  });

  it("a committed transaction publishes its output to read-committed consumers and moves the group's input offset with it", async () => {
    const [input, output] = await kit.createTopics(['tx-in', 'tx-out']);
    const groupId = uniqueName('group');
    const producer = await kit.producer();
    await producer.send({ topic: input!, messages: [{ key: 'es-sider', value: 'closure' }] });

    // Consume-transform-produce: the output and the input offset are committed in one transaction.
    const txProducer = await kit.producer({
      transactionalId: uniqueName('txn'),
      idempotent: true,
      maxInFlightRequests: 1,
    });
    const worker = await kit.consumer({ groupId });
    await worker.subscribe({ topics: [input!], fromBeginning: true });
    await worker.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => {
        const transaction = await txProducer.transaction();
        try {
          await transaction.send({
            topic: output!,
            messages: [{ key: message.key, value: `scored:${message.value?.toString() ?? ''}` }],
          });
          await transaction.sendOffsets({
            consumerGroupId: groupId,
            topics: [{ topic, partitions: [{ partition, offset: nextOffset(message.offset) }] }],
          });
          await transaction.commit();
        } catch (error) {
          await transaction.abort();
          throw error;
        }
      },
    });

    const reader = await collect(await kit.consumer({ groupId: uniqueName('group') }), output!);
    await eventually(() => expect(values(reader)).toEqual(['scored:closure']));
    // The worker never commits by itself (autoCommit off), so only the transaction can have moved this.
    const admin = await kit.admin();
    await eventually(async () => expect(await committedOffsets(admin, groupId, input!)).toEqual(['1']));
  });

  it('a message from an aborted transaction is never seen by a read-committed consumer', async () => {
    const [topic] = await kit.createTopics(['tx-abort']);
    const txProducer = await kit.producer({
      transactionalId: uniqueName('txn'),
      idempotent: true,
      maxInFlightRequests: 1,
    });
    const aborted = await txProducer.transaction();
    await aborted.send({ topic: topic!, messages: [{ value: 'aborted' }] });
    await aborted.abort();
    // A later committed marker: once a consumer has seen it, it has read past the aborted message.
    const committed = await txProducer.transaction();
    await committed.send({ topic: topic!, messages: [{ value: 'marker' }] });
    await committed.commit();

    const readCommitted = await collect(await kit.consumer({ groupId: uniqueName('group') }), topic!);
    await eventually(() => expect(values(readCommitted)).toEqual(['marker']));

    // The aborted message is in the log all the same: a read-uncommitted consumer is handed it.
    const readUncommitted = await collect(
      await kit.consumer({ groupId: uniqueName('group'), readUncommitted: true }),
      topic!,
    );
    await eventually(() => expect(values(readUncommitted)).toEqual(['aborted', 'marker']));
  });
});
