import { sendsOf, type OutgoingRecord } from './publishers';

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
