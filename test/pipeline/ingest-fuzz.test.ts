import { DLQ_HEADERS } from '@crescent/contracts';
import type { DataSource } from 'typeorm';
import { type AppProcess, createMigratedDatabase, pipelineEnv, startApp } from '../support/apps';
import { eventually } from '../support/eventually';
import {
  countCategories,
  countOutcomes,
  expectedOutcomes,
  fuzzSeed,
  generateFuzzCases,
  type FuzzCase,
  type OutcomeCounts,
} from '../support/fuzz';
import { KafkaTestKit, uniqueName } from '../support/kafka';
import { openDb, topicsFor } from '../support/pipeline';

/*
 * The raw-topic fuzz through the real ingestor on the real broker and PostgreSQL: every
 * case is accounted for by its own evidence (an event row stored from its offset, a
 * dead letter naming its offset and reason, the ingestor's outcome counters for the
 * rest) and the evidence matches what the ingestor's intake says of each case.
 * Reproduce with FUZZ_SEED=<the printed seed>.
 */

const CASES = 2_000;
const HUGE = 3;

interface DeadLetter {
  readonly offset: string;
  readonly value: Buffer | null;
  readonly headers: Record<string, string>;
}

/** The ingestor's crescent_messages_total for one topic, by outcome. */
async function outcomeCounters(ingestor: AppProcess, topic: string): Promise<OutcomeCounts> {
  const text = await (await fetch(ingestor.url('/metrics'))).text();
  const counts: OutcomeCounts = { accepted: 0, irrelevant: 0, duplicate: 0, rejected: 0 };
  for (const outcome of Object.keys(counts) as Array<keyof OutcomeCounts>) {
    const line = text
      .split('\n')
      .find((l) => l.startsWith(`crescent_messages_total{topic="${topic}",outcome="${outcome}"}`));
    counts[outcome] = line ? Number(line.split(' ').pop()) : 0;
  }
  return counts;
}

/** Produces the cases in order to one partition; returns each case's offset. */
async function produceInOrder(
  kit: KafkaTestKit,
  topic: string,
  cases: readonly FuzzCase[],
): Promise<string[]> {
  const producer = await kit.producer({ idempotent: true, maxInFlightRequests: 1 });
  const offsets: string[] = [];
  let chunk: FuzzCase[] = [];
  const flush = async () => {
    if (chunk.length === 0) return;
    const [meta] = await producer.send({
      topic,
      messages: chunk.map((c) => ({ key: 'fuzz', value: c.value })),
    });
    const base = BigInt(meta?.baseOffset ?? '-1');
    chunk.forEach((_, i) => offsets.push((base + BigInt(i)).toString()));
    chunk = [];
  };
  for (const c of cases) {
    // A 10 MB value goes alone: a record batch must fit the topic's 16 MiB max.message.bytes.
    if (c.value.length > 1_000_000) await flush();
    chunk.push(c);
    if (c.value.length > 1_000_000 || chunk.length >= 100) await flush();
  }
  await flush();
  return offsets;
}

describe('raw-topic fuzz through the live ingestor: every case accounted for', () => {
  const kit = new KafkaTestKit();
  let db: { url: string; drop: () => Promise<void> };
  let ds: DataSource;
  let ingestor: AppProcess;

  afterAll(async () => {
    await ingestor?.stop();
    await kit.disconnectAll();
    await ds?.destroy();
    await db?.drop();
  });

  it(`${CASES.toLocaleString('en')} seeded cases (${HUGE} of them 10 MB): each accepted, irrelevant, duplicate or dead-lettered with a reason; the ingestor stays up`, async () => {
    const seed = fuzzSeed(20200119);
    const cases = generateFuzzCases(seed, CASES, HUGE);
    const expected = expectedOutcomes(cases);
    const want = countOutcomes(expected);

    db = await createMigratedDatabase('fuzz');
    const env = pipelineEnv(db.url);
    const topics = topicsFor(env.KAFKA_TOPIC_PREFIX!);
    ingestor = await startApp('ingestor', env, 'fuzz-ingestor');
    await ingestor.ready();
    ds = await openDb(db.url);

    // Dead letters as bytes, with their headers, read committed (they share the ingestor's transactions).
    const dead: DeadLetter[] = [];
    const dlq = await kit.consumer({
      groupId: uniqueName('fuzz-dlq'),
      maxBytesPerPartition: 32 * 1024 * 1024,
    });
    await dlq.subscribe({ topics: [topics.deadLetter], fromBeginning: true });
    await dlq.run({
      eachMessage: ({ message }) => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(message.headers ?? {}))
          if (v !== undefined) headers[k] = v.toString();
        dead.push({ offset: message.offset, value: message.value, headers });
        return Promise.resolve();
      },
    });

    const offsets = await produceInOrder(kit, topics.rawEvents, cases);
    const last = BigInt(offsets[offsets.length - 1] ?? '0');
    const admin = await kit.admin();
    // The ingestor commits its offset in the transaction that publishes the batch's results.
    await eventually(
      async () => {
        const [committed] = await admin.fetchOffsets({
          groupId: env.INGESTOR_GROUP_ID!,
          topics: [topics.rawEvents],
        });
        const done = (committed?.partitions ?? []).some((p) => BigInt(p.offset) > last);
        expect({ done, running: ingestor.running }).toEqual({ done: true, running: true });
      },
      { timeoutMs: 120_000, intervalMs: 250 },
    );
    await eventually(() => expect(dead.length).toBeGreaterThanOrEqual(want.rejected), { timeoutMs: 60_000 });

    // Rejected: one dead letter per rejected case, at its offset, with its code and reason, bytes unchanged.
    const offsetOf = new Map(offsets.map((o, n) => [o, n]));
    const deadCases = dead.map((m) => offsetOf.get(m.headers[DLQ_HEADERS.sourceOffset] ?? ''));
    const wantDead = expected.flatMap((e, n) => (e.outcome === 'rejected' ? [n] : []));
    expect(deadCases.sort((a, b) => (a ?? -1) - (b ?? -1))).toEqual(wantDead);
    const dlqCodes: Record<string, number> = {};
    for (const m of dead) {
      const n = offsetOf.get(m.headers[DLQ_HEADERS.sourceOffset] ?? '') ?? -1;
      expect(m.headers[DLQ_HEADERS.code]).toBe(expected[n]?.rejection?.code);
      expect(m.headers[DLQ_HEADERS.reason]).toBeTruthy();
      expect(m.headers[DLQ_HEADERS.sourceTopic]).toBe(topics.rawEvents);
      expect(Buffer.compare(m.value ?? Buffer.alloc(0), cases[n]?.value ?? Buffer.alloc(1))).toBe(0);
      const code = m.headers[DLQ_HEADERS.code] ?? '?';
      dlqCodes[code] = (dlqCodes[code] ?? 0) + 1;
    }

    // Accepted: one stored event per accepted case, from that case's offset.
    const rows: Array<{ id: string; origin_offset: string }> = await ds.query(
      `SELECT id, origin_offset::text AS origin_offset FROM events WHERE origin_topic = $1`,
      [topics.rawEvents],
    );
    const stored = rows
      .map((r) => ({ n: offsetOf.get(r.origin_offset), id: r.id }))
      .sort((a, b) => (a.n ?? -1) - (b.n ?? -1));
    const wantStored = expected.flatMap((e, n) => (e.outcome === 'accepted' ? [{ n, id: e.eventId }] : []));
    expect(stored).toEqual(wantStored);

    // Irrelevant and duplicate leave no record but the ingestor's counters; together they add up exactly.
    const counted = await outcomeCounters(ingestor, topics.rawEvents);
    expect(counted).toEqual(want);
    expect(counted.accepted + counted.irrelevant + counted.duplicate + counted.rejected).toBe(CASES);
    expect(stored.length + counted.irrelevant + counted.duplicate + dead.length).toBe(CASES);

    console.log(
      `ingestor fuzz FUZZ_SEED=${seed}: ${CASES} cases in, ${JSON.stringify(counted)}; ` +
        `dead letters by code ${JSON.stringify(dlqCodes)}; by category ${JSON.stringify(countCategories(cases))}`,
    );
    await dlq.stop();
    expect(ingestor.running).toBe(true);
    await ingestor.ready(5_000);
  });
});
