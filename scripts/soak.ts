/**
 * Soak with faults (not a test; not in `npm test`). Runs the ingestor and the scorer as
 * their own processes against a Kafka broker of its own (127.0.0.1:29092, state in
 * .kafka/soak, so the test broker and a developer's 9092 are left alone) and a scratch
 * PostgreSQL database `crescent_soak_<random>` on DATABASE_URL's server (default
 * postgres://postgres@127.0.0.1:5432/postgres). It holds a steady load on the raw topic —
 * structured events about named facilities mixed with seeded fuzz cases (test/support/fuzz.ts:
 * malformed, irrelevant, duplicates) — and in the middle SIGKILLs the scorer and starts a new
 * one, then restarts the broker. At the end it checks, exactly:
 *   events in (the raw topic's messages) = accepted + irrelevant + duplicates + dead-lettered
 * (accepted: events stored from the raw topic; dead-lettered: distinct source offsets in the
 * DLQ; irrelevant and duplicates: the ingestor's counters, and the offsets neither stored nor
 * dead-lettered must number exactly their sum), and that the scorer's stored states equal a
 * clean replay of the impacts topic with no gap or repeat in any asset's seq.
 * Prints a JSON summary and writes it to .cache/soak/last.json; exits 1 if a check fails.
 *   npm run soak [-- --minutes 4] [--rate 60] [--seed 7] [--port 29092] [--keep]
 * `--keep` leaves the database (and the broker) for a look afterwards.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isDeepStrictEqual } from 'node:util';
import { Kafka, logLevel, Partitioners, type Admin, type Producer } from 'kafkajs';
import { Client } from 'pg';
import { DLQ_HEADERS } from '@crescent/contracts';
import { loadLocalKafkaConfig } from '@crescent/config';
import { LIBYA_REGISTRY } from '@crescent/domain';
import { LocalKafkaBroker } from '@crescent/kafka';
import { runMigrations, syncAssetRegistry } from '@crescent/persistence';
import { type AppProcess, pipelineEnv, startApp } from '../test/support/apps';
import { openTestDataSource } from '../test/support/database';
import { generateFuzzCases } from '../test/support/fuzz';
import { facilityEvents } from '../test/support/load';
import { topicsFor } from '../test/support/pipeline';
import { appliedImpacts, impactsIn, replayImpacts, seqGaps, storedAssetStates } from '../test/support/replay';

const argv = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const at = argv.indexOf(`--${name}`);
  const n = at >= 0 ? Number(argv[at + 1]) : NaN;
  return Number.isFinite(n) && n > 0 ? n : fallback;
};
const MINUTES = option('minutes', 4);
const RATE = option('rate', 60);
const SEED = option('seed', 20200118);
const PORT = option('port', 29092);
const KEEP = argv.includes('--keep');
/** Share of the load that is fuzz (malformed, irrelevant, duplicate) rather than facility events. */
const FUZZ_SHARE = 0.2;

const ROOT = resolve(__dirname, '..');
const RESULT_FILE = resolve(ROOT, '.cache', 'soak', 'last.json');
const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const log = (message: string): void => {
  process.stderr.write(`soak ${new Date().toISOString().slice(11, 19)} ${message}\n`);
};

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(500);
  }
}

async function scratchDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `crescent_soak_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  const ds = await openTestDataSource(url.toString());
  await runMigrations(ds);
  await syncAssetRegistry(ds, LIBYA_REGISTRY.assets);
  await ds.destroy();
  return {
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: SERVER_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Sum over partitions of the high watermark: a non-transactional topic's message count. */
async function messageCount(admin: Admin, topic: string): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
}

async function committedTotal(admin: Admin, groupId: string, topic: string): Promise<number> {
  const [t] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return (t?.partitions ?? []).reduce((n, p) => n + Math.max(0, Number(p.offset)), 0);
}

/** Every committed data message of a topic, until it has been quiet for `quietMs`. */
async function readAll(
  kafka: Kafka,
  topic: string,
  quietMs = 4_000,
): Promise<
  Array<{ partition: number; offset: string; value: Buffer | null; headers: Record<string, string> }>
> {
  const seen: Array<{
    partition: number;
    offset: string;
    value: Buffer | null;
    headers: Record<string, string>;
  }> = [];
  const consumer = kafka.consumer({
    groupId: `soak-read-${Math.random().toString(36).slice(2)}`,
    maxWaitTimeInMs: 500,
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  let last = Date.now();
  await consumer.run({
    eachMessage: ({ partition, message }) => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(message.headers ?? {}))
        if (v !== undefined) headers[k] = v.toString();
      seen.push({ partition, offset: message.offset, value: message.value, headers });
      last = Date.now();
      return Promise.resolve();
    },
  });
  while (Date.now() - last < quietMs) await sleep(250);
  await consumer.disconnect();
  return seen.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
}

async function ingestorCounters(ingestor: AppProcess, topic: string): Promise<Record<string, number>> {
  const text = await (await fetch(ingestor.url('/metrics'))).text();
  const out: Record<string, number> = { accepted: 0, irrelevant: 0, duplicate: 0, rejected: 0 };
  for (const outcome of Object.keys(out)) {
    const line = text
      .split('\n')
      .find((l) => l.startsWith(`crescent_messages_total{topic="${topic}",outcome="${outcome}"}`));
    out[outcome] = line ? Number(line.split(' ').pop()) : 0;
  }
  return out;
}

/**
 * Sends messages, retrying through a broker outage; returns when the broker has them. A
 * retried send the broker had in fact taken leaves copies in the topic: they are events in,
 * and the ingestor must count them as duplicates.
 */
async function sendWithRetry(
  producer: Producer,
  topic: string,
  messages: ReadonlyArray<{ key: string; value: Buffer | string }>,
): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    try {
      await producer.send({ topic, messages: [...messages] });
      return attempt;
    } catch {
      await sleep(Math.min(2_000, 100 * attempt));
    }
  }
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const durationMs = MINUTES * 60_000;
  const broker = new LocalKafkaBroker({
    config: loadLocalKafkaConfig({
      ...process.env,
      KAFKA_LOCAL_PORT: String(PORT),
      KAFKA_LOCAL_CONTROLLER_PORT: String(PORT + 1),
      KAFKA_LOCAL_STATE_DIR: '.kafka/soak',
    }),
    repoRoot: ROOT,
    onProgress: (m) => log(`kafka: ${m}`),
  });
  const started = await broker.start();
  const brokers = started.brokers.join(',');
  process.env.KAFKA_BROKERS = brokers;
  log(
    `broker ${started.version} at ${brokers} (${started.reused ? 'reused' : `started in ${started.elapsedMs} ms`})`,
  );

  const db = await scratchDatabase();
  const prefix = `soak.${Date.now().toString(36)}.`;
  const env: Record<string, string> = {
    ...pipelineEnv(db.url, prefix),
    KAFKA_BROKERS: brokers,
    LOG_LEVEL: 'warn',
  };
  const topics = topicsFor(prefix);
  const kafka = new Kafka({ clientId: 'crescent-soak', brokers: [brokers], logLevel: logLevel.NOTHING });
  const apps: AppProcess[] = [];
  const faults: Array<{ fault: string; atS: number; recoveredAfterMs: number }> = [];
  const t = (): number => Math.round((Date.now() - startedAt.getTime()) / 1000);

  try {
    const ingestor = await startApp('ingestor', env, 'soak-ingestor');
    apps.push(ingestor);
    let scorer = await startApp('scorer', env, 'soak-scorer-1');
    apps.push(scorer);
    await Promise.all([ingestor.ready(120_000), scorer.ready(120_000)]);
    log(
      `ingestor and scorer ready; load ${RATE}/s for ${MINUTES} min, ${Math.round(FUZZ_SHARE * 100)}% fuzz`,
    );

    const producer = kafka.producer({
      createPartitioner: Partitioners.DefaultPartitioner,
      idempotent: true,
      maxInFlightRequests: 1,
      retry: { retries: 3 },
    });
    await producer.connect();
    const total = Math.round((RATE * durationMs) / 1000);
    const fuzzCount = Math.round(total * FUZZ_SHARE);
    const fuzz = generateFuzzCases(SEED, fuzzCount);
    const facilities = facilityEvents(total - fuzzCount, SEED, `soak-${prefix}`);
    let sent = 0;
    let retried = 0;
    let nextFuzz = 0;
    let nextFacility = 0;
    const loadStart = Date.now();

    // The faults, while the load runs: the scorer killed at 35%, the broker restarted at 60%.
    const faultsDone = (async () => {
      await sleep(durationMs * 0.35);
      const killedAt = Date.now();
      const killedAtS = t();
      log('fault: SIGKILL the scorer, start another');
      scorer.signal('SIGKILL');
      await scorer.exited;
      scorer = await startApp('scorer', env, 'soak-scorer-2');
      apps.push(scorer);
      await scorer.ready(120_000);
      faults.push({
        fault: 'scorer SIGKILL + new scorer',
        atS: killedAtS,
        recoveredAfterMs: Date.now() - killedAt,
      });
      await sleep(Math.max(0, loadStart + durationMs * 0.6 - Date.now()));
      const stoppedAt = Date.now();
      const stoppedAtS = t();
      log('fault: restart the broker');
      const stopped = await broker.stop();
      log(`broker stopped (${stopped.detail})`);
      await broker.start();
      await until('both apps ready after the broker restart', 180_000, async () => {
        for (const app of [ingestor, scorer]) {
          const res = await fetch(app.url('/health/ready'));
          if (res.status !== 200) return undefined;
        }
        return true;
      });
      faults.push({
        fault: 'broker stop + start',
        atS: stoppedAtS,
        recoveredAfterMs: Date.now() - stoppedAt,
      });
      log('both apps ready again');
    })();

    while (sent < total) {
      const due = Math.floor(((Date.now() - loadStart) / 1000) * RATE);
      if (sent >= due) {
        await sleep(20);
        continue;
      }
      // What is due now goes in one send (at most 500), every fifth message a fuzz case.
      const batch: Array<{ key: string; value: Buffer | string }> = [];
      for (let i = sent; i < Math.min(due, total, sent + 500); i++) {
        const useFuzz = nextFuzz < fuzz.length && (nextFacility >= facilities.length || i % 5 === 0);
        batch.push(
          useFuzz
            ? { key: `f${nextFuzz}`, value: fuzz[nextFuzz++]!.value }
            : { key: String(nextFacility % 11), value: facilities[nextFacility++]! },
        );
      }
      if ((await sendWithRetry(producer, topics.rawEvents, batch)) > 1) retried++;
      const before = sent;
      sent += batch.length;
      if (Math.floor(sent / (RATE * 30)) > Math.floor(before / (RATE * 30))) log(`${sent}/${total} sent`);
    }
    const loadSeconds = (Date.now() - loadStart) / 1000;
    await faultsDone;
    await producer.disconnect();
    log(
      `load done: ${sent} sent in ${loadSeconds.toFixed(0)} s (${retried} batches needed a retry); draining`,
    );

    const admin = kafka.admin();
    await admin.connect();
    const eventsIn = await messageCount(admin, topics.rawEvents);
    await until('the ingestor to commit every raw offset', 300_000, async () =>
      (await committedTotal(admin, env.INGESTOR_GROUP_ID!, topics.rawEvents)) === eventsIn ? true : undefined,
    );
    const dlq = await readAll(kafka, topics.deadLetter);
    const deadOffsets = new Set(
      dlq.map((m) => `${m.headers[DLQ_HEADERS.sourcePartition]}/${m.headers[DLQ_HEADERS.sourceOffset]}`),
    );
    const withoutReason = dlq.filter(
      (m) => !m.headers[DLQ_HEADERS.reason] || !m.headers[DLQ_HEADERS.code],
    ).length;
    const ds = await openTestDataSource(db.url);
    const storedRows: Array<{ p: number; o: string }> = await ds.query(
      `SELECT origin_partition AS p, origin_offset::text AS o FROM events WHERE origin_topic = $1`,
      [topics.rawEvents],
    );
    const storedOffsets = new Set(storedRows.map((r) => `${r.p}/${r.o}`));
    const counters = await ingestorCounters(ingestor, topics.rawEvents);
    const overlap = [...storedOffsets].filter((o) => deadOffsets.has(o)).length;
    const neither = eventsIn - storedOffsets.size - deadOffsets.size + overlap;
    const accounted =
      storedOffsets.size + (counters.irrelevant ?? 0) + (counters.duplicate ?? 0) + deadOffsets.size;

    // The scorer: every impact applied once, its state what a clean pass over the impacts gives.
    const impactValues = (await readAll(kafka, topics.assetImpacts)).map(
      (m) => m.value?.toString('utf8') ?? 'null',
    );
    const impacts = impactsIn(impactValues);
    await until('the scorer to apply every impact', 300_000, async () =>
      (await appliedImpacts(ds)) === impacts.length ? true : undefined,
    ).catch((err: Error) => log(err.message));
    const expected = replayImpacts(impactValues);
    const stored = await storedAssetStates(ds);
    const differing = [...new Set([...expected.keys(), ...stored.keys()])].filter(
      (id) =>
        !isDeepStrictEqual(stored.get(id), JSON.parse(JSON.stringify(expected.get(id) ?? null)) as unknown),
    );
    const gaps = await seqGaps(ds);
    const applied = await appliedImpacts(ds);
    const scoreRows: Array<{ n: string }> = await ds.query(`SELECT count(*)::text AS n FROM score_history`);
    await ds.destroy();
    await admin.disconnect();

    const checks = {
      eventsInEqualsOutcomes: eventsIn === accounted,
      offsetsNeitherStoredNorDeadEqualIrrelevantPlusDuplicate:
        neither === (counters.irrelevant ?? 0) + (counters.duplicate ?? 0) && overlap === 0,
      countersMatchEvidence:
        counters.accepted === storedOffsets.size && counters.rejected === deadOffsets.size,
      everyDeadLetterHasAReason: withoutReason === 0,
      everyImpactAppliedOnce: applied === impacts.length,
      stateEqualsCleanReplay: differing.length === 0 && expected.size > 0,
      noSeqGapOrRepeat: gaps.length === 0,
      appsAlive: ingestor.running && scorer.running,
    };
    const summary = {
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      options: { minutes: MINUTES, rate: RATE, seed: SEED, fuzzShare: FUZZ_SHARE, brokers },
      load: { sent, loadSeconds: Math.round(loadSeconds), sendBatchesRetried: retried },
      faults,
      ingestor: {
        eventsIn,
        accepted: storedOffsets.size,
        irrelevant: counters.irrelevant,
        duplicates: counters.duplicate,
        deadLettered: deadOffsets.size,
        dlqMessages: dlq.length,
        counters,
      },
      scorer: {
        impacts: impacts.length,
        applied,
        assetsCompared: expected.size,
        assetsDiffering: differing,
        scoreHistoryRows: Number(scoreRows[0]?.n ?? 0),
        seqGaps: gaps.length,
      },
      loadAverage: loadavg().map((n) => Math.round(n * 100) / 100),
      checks,
      ok: Object.values(checks).every(Boolean),
    };
    mkdirSync(resolve(ROOT, '.cache', 'soak'), { recursive: true });
    writeFileSync(RESULT_FILE, `${JSON.stringify(summary, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    log(`${summary.ok ? 'PASS' : 'FAIL'}; summary in ${RESULT_FILE}`);
    process.exitCode = summary.ok ? 0 : 1;
  } finally {
    await Promise.all(apps.map((a) => a.stop()));
    if (!KEEP) {
      await db.drop().catch((err: Error) => log(`drop failed: ${err.message}`));
      log(`broker: ${(await broker.stop()).detail}`);
    } else log(`kept database ${db.url} and the broker at ${brokers}`);
  }
}

main().catch((err: unknown) => {
  log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
