import type { Kafka } from 'kafkajs';
import {
  offsetsByGroup,
  retryWhileNotYet,
  sendsOf,
  TransactionalPublisher,
  type OutgoingRecord,
} from './publishers';

const record = (topic: string, i: number, size: number): OutgoingRecord => ({
  topic,
  message: { key: `k${i}`, value: 'x'.repeat(size) },
});

describe('sendsOf', () => {
  it('keeps a small set of records in one send, grouped by prefixed topic', () => {
    const sends = sendsOf([record('a', 1, 10), record('b', 2, 10), record('a', 3, 10)], 'p.');
    expect(sends).toHaveLength(1);
    expect(sends[0]?.map((t) => [t.topic, t.messages.map((m) => m.key)])).toEqual([
      ['p.a', ['k1', 'k3']],
      ['p.b', ['k2']],
    ]);
  });

  it('cuts records into sends under the byte limit, in their order', () => {
    const records = Array.from({ length: 10 }, (_, i) => record('a', i, 1000));
    const sends = sendsOf(records, '', 3000);
    expect(sends.length).toBeGreaterThan(3);
    expect(sends.flatMap((s) => s.flatMap((t) => t.messages.map((m) => m.key)))).toEqual(
      records.map((r) => r.message.key),
    );
    for (const s of sends) {
      const bytes = s.flatMap((t) => t.messages).reduce((n, m) => n + String(m.value).length, 0);
      expect(bytes).toBeLessThanOrEqual(3000);
    }
  });

  it('sends a message larger than the limit on its own', () => {
    const sends = sendsOf([record('a', 1, 10), record('a', 2, 5000), record('a', 3, 10)], '', 1000);
    expect(sends.map((s) => s[0]?.messages.map((m) => m.key))).toEqual([['k1'], ['k2'], ['k3']]);
  });

  it('makes no send for no records', () => {
    expect(sendsOf([], '')).toEqual([]);
  });
});

describe('offsetsByGroup', () => {
  it('groups offsets by consumer group and topic, keeping the furthest per partition', () => {
    const groups = offsetsByGroup([
      { groupId: 'g', topic: 't', partition: 0, nextOffset: '5' },
      { groupId: 'g', topic: 't', partition: 1, nextOffset: '7' },
      { groupId: 'g', topic: 't', partition: 0, nextOffset: '9' },
      { groupId: 'h', topic: 't', partition: 0, nextOffset: '3' },
    ]);
    expect([...groups.entries()]).toEqual([
      [
        'g',
        [
          {
            topic: 't',
            partitions: [
              { partition: 0, offset: '9' },
              { partition: 1, offset: '7' },
            ],
          },
        ],
      ],
      ['h', [{ topic: 't', partitions: [{ partition: 0, offset: '3' }] }]],
    ]);
  });
});

/** A kafkajs stand-in that records each transaction's sends and offsets; commits wait for `release`. */
function fakeKafka(failing: readonly boolean[] = []) {
  const transactions: Array<{ keys: string[]; offsets: string[]; outcome?: string }> = [];
  const gates: Array<() => void> = [];
  let commits = 0;
  const producer = {
    connect: () => Promise.resolve(),
    disconnect: () => Promise.resolve(),
    transaction: () => {
      const tx: { keys: string[]; offsets: string[]; outcome?: string } = { keys: [], offsets: [] };
      transactions.push(tx);
      return Promise.resolve({
        sendBatch: ({ topicMessages }: { topicMessages: Array<{ messages: Array<{ key: string }> }> }) => {
          for (const t of topicMessages) tx.keys.push(...t.messages.map((m) => m.key));
          return Promise.resolve();
        },
        sendOffsets: ({
          consumerGroupId,
          topics,
        }: {
          consumerGroupId: string;
          topics: Array<{ topic: string; partitions: Array<{ partition: number; offset: string }> }>;
        }) => {
          for (const t of topics)
            for (const p of t.partitions)
              tx.offsets.push(`${consumerGroupId}/${t.topic}/${p.partition}@${p.offset}`);
        },
        commit: async () => {
          await new Promise<void>((r) => gates.push(r));
          if (failing[commits++] === true) throw new Error('coordinator went away');
          tx.outcome = 'committed';
        },
        abort: () => {
          tx.outcome = 'aborted';
          return Promise.resolve();
        },
      });
    },
  };
  const kafka = { producer: () => producer } as unknown as Kafka;
  const release = async () => {
    while (gates.length === 0) await new Promise((r) => setImmediate(r));
    gates.shift()?.();
    await new Promise((r) => setImmediate(r));
  };
  return { kafka, transactions, release };
}

const settle = (partition: number, nextOffset: string) => ({
  groupId: 'g',
  topic: 'raw',
  partition,
  nextOffset,
});

describe('TransactionalPublisher group commit', () => {
  it('puts the batches that arrive during a transaction into the next one, records and offsets together', async () => {
    const { kafka, transactions, release } = fakeKafka();
    const publisher = new TransactionalPublisher(kafka, 'tx');
    const done: string[] = [];
    const a = publisher.publishWithOffsets([record('i', 1, 1)], settle(0, '10')).then(() => done.push('a'));
    await new Promise((r) => setImmediate(r));
    const b = publisher.publishWithOffsets([record('i', 2, 1)], settle(1, '20')).then(() => done.push('b'));
    const c = publisher
      .publishWithOffsets([record('i', 3, 1), record('i', 4, 1)], settle(2, '30'))
      .then(() => done.push('c'));
    await release();
    expect(done).toEqual(['a']);
    await release();
    await Promise.all([a, b, c]);
    expect(done).toEqual(['a', 'b', 'c']);
    expect(transactions).toEqual([
      { keys: ['k1'], offsets: ['g/raw/0@10'], outcome: 'committed' },
      { keys: ['k2', 'k3', 'k4'], offsets: ['g/raw/1@20', 'g/raw/2@30'], outcome: 'committed' },
    ]);
  });

  it('fails every batch of a failed group, and later batches still go through', async () => {
    const { kafka, transactions, release } = fakeKafka([false, true]);
    const publisher = new TransactionalPublisher(kafka, 'tx');
    const first = publisher.publishWithOffsets([record('i', 1, 1)], settle(0, '10'));
    await new Promise((r) => setImmediate(r));
    const second = publisher.publishWithOffsets([record('i', 2, 1)], settle(1, '20'));
    const third = publisher.publishWithOffsets([record('i', 3, 1)], settle(2, '30'));
    const outcomes = Promise.allSettled([first, second, third]);
    await release();
    await release();
    expect((await outcomes).map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    const again = publisher.publishWithOffsets([record('i', 2, 1)], settle(1, '20'));
    await release();
    await again;
    expect(transactions.map((t) => [t.keys, t.outcome])).toEqual([
      [['k1'], 'committed'],
      [['k2', 'k3'], 'aborted'],
      [['k2'], 'committed'],
    ]);
  });
});

describe('a transaction whose coordinator says "not yet" to its offsets', () => {
  const notYet = (type: string): Error =>
    Object.assign(new Error(`${type} from the coordinator`), { type, retriable: true });

  it('is retried within the transaction: the batch commits once, without replacing the producer', async () => {
    let offsetCalls = 0;
    let commits = 0;
    let disconnects = 0;
    const producer = {
      connect: () => Promise.resolve(),
      disconnect: () => {
        disconnects++;
        return Promise.resolve();
      },
      transaction: () =>
        Promise.resolve({
          sendBatch: () => Promise.resolve(),
          // A batch with nothing to publish: the offsets open the transaction, right after the last commit.
          sendOffsets: () => {
            offsetCalls++;
            return offsetCalls <= 2 ? Promise.reject(notYet('CONCURRENT_TRANSACTIONS')) : Promise.resolve();
          },
          commit: () => {
            commits++;
            return Promise.resolve();
          },
          abort: () => Promise.resolve(),
        }),
    };
    const publisher = new TransactionalPublisher({ producer: () => producer } as unknown as Kafka, 'tx');
    await publisher.publishWithOffsets([], settle(0, '10'));
    expect({ offsetCalls, commits, disconnects }).toEqual({ offsetCalls: 3, commits: 1, disconnects: 0 });
  });

  it('gives up after its retries, and never retries what is not a "not yet"', async () => {
    let calls = 0;
    await expect(
      retryWhileNotYet(() => {
        calls++;
        return Promise.reject(notYet('CONCURRENT_TRANSACTIONS'));
      }, 2),
    ).rejects.toThrow('CONCURRENT_TRANSACTIONS');
    expect(calls).toBe(3);
    calls = 0;
    await expect(
      retryWhileNotYet(() => {
        calls++;
        return Promise.reject(Object.assign(new Error('fenced'), { type: 'INVALID_PRODUCER_EPOCH' }));
      }),
    ).rejects.toThrow('fenced');
    expect(calls).toBe(1);
  });
});
