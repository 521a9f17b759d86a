/**
 * Pipeline benchmark (not a test): in one run, on the local broker and PostgreSQL, measures
 *  1. the raw baseline: a kafkajs consumer (child process) that reads N events from a topic
 *     and produces them unchanged to another, batch by batch (eachBatch, one send per batch);
 *     then the pipeline's shape with no work in it (`shape`; skip with --skip-shape): two such
 *     copiers in a chain (raw → middle → out), plain, then each stage exactly once as the apps
 *     are (the records and the consumed offsets in one transaction, read-committed consumers):
 *     what two stages in series carry on this machine before any parsing, database write or
 *     fan-out;
 *  2. Crescent on the same N events (structured events, news items, GDELT rows; ~10 %
 *     irrelevant, ~1 % malformed): ingestor and scorer as child processes, from the first
 *     event produced until every impact is applied and every score is published;
 *  3. end-to-end latency at a fixed offered rate: event produced → the first score message
 *     (oil.risk.scores.v1) that lists it among its drivers, consumed here; p50/p95/p99;
 *  4. one scorer against two scorers (same group) on the 6 impact partitions, each replaying
 *     the impacts of step 2 into a database of its own;
 *  5. the backtest (`scripts/bench-backtest.ts`) and the API (`scripts/bench-api.ts`) with
 *     short settings, as child processes (skip with --skip-backtest / --skip-api);
 * plus peak RSS (VmHWM) and CPU seconds of every app process. Prints JSON and writes
 * .cache/bench/pipeline.json. Usage:
 *   npm run bench [-- --events 50000] [--rate 1000] [--latency-seconds 20] [--soak-minutes 0]
 *                 [--soak-warmup-minutes 0]
 *                 [--skip-backtest] [--skip-api] [--skip-scale] [--skip-shape] [--built]
 * --built compiles the apps (scripts/build.cjs into .cache/bench/dist) and runs that JavaScript, as
 * the Dockerfile does; without it they run from source through swc (`npm run start:*`), whose
 * compiler adds ~100 MB to every process's RSS.
 * Kafka: KAFKA_BROKERS, else the project's test broker (127.0.0.1:19092, shared by lease).
 * PostgreSQL: DATABASE_URL (server), default postgres://postgres@127.0.0.1:5432/postgres; the
 * bench creates scratch databases `crescent_bench_pipe_<time>_*` and drops them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import { Client } from 'pg';
import { TOPICS } from '@crescent/contracts';
import { LIBYA_REGISTRY, mapEventToImpacts, normaliseMessage } from '@crescent/domain';
import { APP_NODE_ARGS, loadLocalKafkaConfig } from '@crescent/config';
import { LocalKafkaBroker, TransactionalPublisher, ensureTopics } from '@crescent/kafka';
import { createDataSource, runMigrations, syncAssetRegistry } from '@crescent/persistence';
import { seededRandom as rng } from '../test/support/seeded-random';
import { cpuSecondsOf } from './proc-cpu';

const ROOT = resolve(__dirname, '..');
const RESULT_FILE = resolve(ROOT, '.cache', 'bench', 'pipeline.json');
const LOG_DIR = resolve(ROOT, '.cache', 'bench', 'logs');
const argv = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const i = argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(argv[i + 1]) : NaN;
  return Number.isFinite(v) ? v : fallback;
};
const flag = (name: string): boolean => argv.includes(`--${name}`);
const N = option('events', 50_000);
const RATE = option('rate', 1000);
const LATENCY_S = option('latency-seconds', 20);
const SOAK_MIN = option('soak-minutes', 0);
/** Load before the soak's measured minutes: an app's first minutes fill caches and code space. */
const SOAK_WARMUP_MIN = option('soak-warmup-minutes', 0);
/** Run the apps as production does (Dockerfile: compiled JavaScript), built into this folder first. */
const BUILT = flag('built') ? resolve(ROOT, '.cache', 'bench', 'dist') : undefined;
const entry = (app: string): string[] =>
  BUILT ? [resolve(BUILT, 'apps', app, 'src', 'main.js')] : ['scripts/run-ts.cjs', `apps/${app}/src/main.ts`];
const PARTITIONS = 6;
/** How long the scale step waits for its scorers to commit a first batch. */
const SCALE_START_TIMEOUT_MS = 5 * 60_000;
const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const RUN = `${Date.now()}`;
const PREFIX = `bench${RUN}.`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (m: string) => process.stderr.write(`bench: ${m}\n`);

// ---------------------------------------------------------------- input

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;

const ASSETS = ['es-sider', 'ras-lanuf', 'brega', 'zueitina', 'hariga', 'sharara', 'el-feel', 'sarir'];
const MORE_ASSETS = ['waha', 'bouri', 'zawiya', 'mellitah', 'messla', 'amal', 'nafoora'];
const LOCAL_TYPES = ['facility_attack', 'armed_clash', 'facility_protest', 'port_blockade', 'restart'];
const NATIONAL_TYPES = ['talks_failed', 'talks_progressing', 'ceasefire_violated', 'foreign_deployment'];
const PLACES: ReadonlyArray<readonly [string, number, number]> = [
  ['Tripoli', 32.887, 13.191],
  ['Benghazi', 32.117, 20.067],
  ['Sirte', 31.205, 16.588],
  ['Ajdabiya', 30.755, 20.226],
  ['Ubari', 26.59, 12.78],
];
const RELEVANT_NEWS = [
  [
    'Clashes reported near the {asset} oil terminal',
    'Fighting broke out near {asset} on {day}, residents said.',
  ],
  [
    'Protesters shut the {asset} oil field',
    'Guards and local residents blocked the valve at {asset} demanding unpaid wages.',
  ],
  ['Armed group attacks {asset} pipeline', 'Gunmen attacked the pipeline serving {asset} near {place}.'],
];
const IRRELEVANT_NEWS = [
  [
    'Libyan football league resumes in {place}',
    'The domestic league restarted in {place} after a long break.',
  ],
  ['Power cuts hit {place} during heatwave', 'Residents of {place} reported long power cuts on {day}.'],
];
const GDELT_ROWS = readFileSync(resolve(ROOT, 'libs/domain/fixtures/gdelt/libya-2020-01.export.tsv'), 'utf8')
  .split('\n')
  .filter((l) => l !== '');

/** One raw-topic value; `at` is its event time (epoch ms). Mix: ~45 % structured, ~34 % news,
 * ~10 % GDELT, ~10 % irrelevant news, ~1 % malformed. */
function makeEvent(r: () => number, i: number, at: number, tag: string): string {
  const iso = new Date(at).toISOString();
  const day = iso.slice(0, 10);
  const x = r();
  if (x < 0.01) return `{"kind":"event","id":"${tag}-bad-${i}",`;
  if (x < 0.11) {
    const [h, b] = pick(r, IRRELEVANT_NEWS);
    const place = pick(r, PLACES)[0];
    const fill = (s: string) => s.replace('{place}', place).replace('{day}', day);
    return JSON.stringify({
      kind: 'news',
      id: `${tag}-n-${i}`,
      publishedAt: iso,
      source: 'bench wire',
      headline: fill(h as string),
      body: `${fill(b as string)} Item ${i}.`,
    });
  }
  if (x < 0.21) {
    const cols = pick<string>(r, GDELT_ROWS).split('\t');
    cols[0] = String(900_000_000 + Number(RUN.slice(-6)) * 100 + i);
    cols[1] = day.replace(/-/g, '');
    cols[59] = iso.slice(0, 19).replace(/[-T:]/g, '');
    cols[60] = `https://news.example.org/bench/${tag}/${i}`;
    return cols.join('\t');
  }
  const asset = r() < 0.7 ? pick(r, ASSETS) : pick(r, MORE_ASSETS);
  if (x < 0.55) {
    const [h, b] = pick(r, RELEVANT_NEWS);
    const place = pick(r, PLACES)[0];
    const fill = (s: string) => s.replace('{asset}', asset).replace('{place}', place).replace('{day}', day);
    return JSON.stringify({
      kind: 'news',
      id: `${tag}-n-${i}`,
      publishedAt: iso,
      source: 'bench wire',
      headline: fill(h as string),
      body: `${fill(b as string)} Item ${i}.`,
    });
  }
  const national = r() < 0.05;
  const type = national ? pick(r, NATIONAL_TYPES) : pick(r, LOCAL_TYPES);
  const [place, lat, lon] = pick(r, PLACES);
  return JSON.stringify({
    kind: 'event',
    id: `${tag}-e-${i}`,
    occurredAt: iso,
    type,
    location: national ? { name: place, lat, lon } : { name: asset },
    ...(national ? { actors: ['lna', 'gna'] } : { assets: [asset], actors: ['pfg'] }),
    severity: Math.round((0.3 + 0.7 * r()) * 100) / 100,
    summary: `Bench ${type.replace(/_/g, ' ')} ${i}`,
  });
}

/** What the domain makes of each value (run here, outside the timed part): ids and counts. */
function expectations(values: readonly string[]): {
  ids: Array<string | undefined>;
  counts: { rejected: number; irrelevant: number; accepted: number; impacts: number };
} {
  const counts = { rejected: 0, irrelevant: 0, accepted: 0, impacts: 0 };
  const ids: Array<string | undefined> = [];
  for (const v of values) {
    const res = normaliseMessage(v, { registry: LIBYA_REGISTRY });
    if (!res.ok) {
      counts.rejected += 1;
      ids.push(undefined);
      continue;
    }
    const impacts = res.value.type === 'irrelevant' ? [] : mapEventToImpacts(res.value, LIBYA_REGISTRY);
    if (impacts.length === 0) counts.irrelevant += 1;
    else {
      counts.accepted += 1;
      counts.impacts += impacts.length;
    }
    ids.push(impacts.length > 0 ? res.value.id : undefined);
  }
  return { ids, counts };
}

// ---------------------------------------------------------------- processes

interface Proc {
  readonly name: string;
  readonly child: ChildProcess;
  readonly exited: Promise<void>;
  peakRssMb: number;
  rssSamples: Array<{ t: number; rssMb: number }>;
}

const procs: Proc[] = [];

function spawnNode(name: string, args: string[], env: Record<string, string>, nodeArgs: string[] = []): Proc {
  mkdirSync(LOG_DIR, { recursive: true });
  const out = createWriteStream(resolve(LOG_DIR, `${RUN}-${name}.log`));
  const child = spawn(process.execPath, [...nodeArgs, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  const p: Proc = {
    name,
    child,
    exited: once(child, 'exit').then(() => undefined),
    peakRssMb: 0,
    rssSamples: [],
  };
  procs.push(p);
  return p;
}

function procStatus(pid: number): { rssMb: number; hwmMb: number } | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(s)?.[1] ?? 0);
    return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds used so far by every live process whose command is `postgres` or `java` (the
 * broker), each with its reaped children's, and by the whole machine (`/proc/stat`, all
 * cores). Differences over a phase say where the machine's CPU went besides the apps.
 */
function systemCpu(): { postgres: number; broker: number; machine: number } {
  const by = { postgres: 0, broker: 0, machine: 0 };
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
      if (comm === 'postgres') by.postgres += ticks / 100;
      else if (comm === 'java') by.broker += ticks / 100;
    } catch {
      // the process ended while being read
    }
  }
  const cpu =
    readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number) ?? [];
  // user nice system idle iowait irq softirq steal: busy = all but idle and iowait
  by.machine = cpu.slice(0, 8).reduce((a, b, i) => (i === 3 || i === 4 ? a : a + b), 0) / 100;
  return by;
}

let sampler: NodeJS.Timeout | undefined;
const sample = (): void => {
  for (const p of procs) {
    if (p.child.exitCode !== null || !p.child.pid) continue;
    const s = procStatus(p.child.pid);
    if (!s) continue;
    p.peakRssMb = Math.max(p.peakRssMb, s.hwmMb);
    p.rssSamples.push({ t: Date.now(), rssMb: s.rssMb });
  }
};

async function stop(p: Proc): Promise<void> {
  if (p.child.exitCode === null && p.child.signalCode === null) {
    const s = p.child.pid ? procStatus(p.child.pid) : undefined;
    if (s) p.peakRssMb = Math.max(p.peakRssMb, s.hwmMb);
    p.child.kill('SIGTERM');
    await Promise.race([p.exited, sleep(20_000)]);
    if (p.child.exitCode === null) p.child.kill('SIGKILL');
  }
}

async function ready(port: number, p: Proc): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (p.child.exitCode !== null) throw new Error(`${p.name} exited (${p.child.exitCode}); see ${LOG_DIR}`);
    const res = await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => undefined);
    if (res?.ok) return;
    await sleep(250);
  }
  throw new Error(`${p.name} not ready within 90 s`);
}

let nextPort = 3950 + Math.floor(Math.random() * 40);

interface AppSet {
  ingestor?: Proc;
  scorers: Proc[];
}

async function startApps(
  url: string,
  brokers: string,
  opts: { ingestor: boolean; scorers: number; scorerGroup: string; label: string },
): Promise<AppSet> {
  const common = {
    DATABASE_URL: url,
    KAFKA_BROKERS: brokers,
    KAFKA_TOPIC_PREFIX: PREFIX,
    LOG_LEVEL: 'warn',
    HTTP_HOST: '127.0.0.1',
    SCORE_REFRESH_INTERVAL_MS: '0',
    INGESTOR_GROUP_ID: `${PREFIX}ingestor`,
    SCORER_GROUP_ID: opts.scorerGroup,
  };
  // The apps run with their heap budget, as every other way of starting them does;
  // BENCH_CPU_PROF=ingestor|scorer profiles one of them, BENCH_HEAP_SNAPSHOT=ingestor|scorer
  // lets `kill -USR2 PID` write a heap snapshot of one into the working directory, and
  // BENCH_NODE_ARGS_INGESTOR / BENCH_NODE_ARGS_SCORER add node or V8 flags to one of them
  // (e.g. "--trace-opt --trace-file-names"; its output lands in that app's log).
  const nodeArgs = (name: string) => [
    ...APP_NODE_ARGS,
    ...(process.env.BENCH_HEAP_SNAPSHOT === name ? ['--heapsnapshot-signal=SIGUSR2'] : []),
    ...(process.env.BENCH_CPU_PROF === name
      ? ['--cpu-prof', `--cpu-prof-dir=${resolve(ROOT, '.cache/bench/prof')}`]
      : []),
    ...(process.env[`BENCH_NODE_ARGS_${name.toUpperCase()}`]?.split(' ').filter((a) => a !== '') ?? []),
  ];
  const set: AppSet = { scorers: [] };
  const waits: Array<Promise<void>> = [];
  if (opts.ingestor) {
    const port = nextPort++;
    set.ingestor = spawnNode(
      `${opts.label}-ingestor`,
      entry('ingestor'),
      { ...common, HTTP_PORT: String(port) },
      nodeArgs('ingestor'),
    );
    waits.push(ready(port, set.ingestor));
  }
  for (let i = 0; i < opts.scorers; i++) {
    const port = nextPort++;
    const s = spawnNode(
      `${opts.label}-scorer${i}`,
      entry('scorer'),
      { ...common, HTTP_PORT: String(port) },
      nodeArgs('scorer'),
    );
    set.scorers.push(s);
    waits.push(ready(port, s));
  }
  await Promise.all(waits);
  return set;
}

// ---------------------------------------------------------------- database

function dbUrl(name: string): string {
  const u = new URL(SERVER_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

const databases: string[] = [];

async function scratchDatabase(label: string): Promise<{ url: string; pg: Client }> {
  const name = `crescent_bench_pipe_${RUN}_${label}`;
  const admin = new Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  databases.push(name);
  const url = dbUrl(name);
  const ds = createDataSource({ DATABASE_URL: url, PGLITE_DATA_DIR: '', DATABASE_POOL_SIZE: 2 });
  await ds.initialize();
  try {
    await runMigrations(ds);
    await syncAssetRegistry(ds, LIBYA_REGISTRY.assets);
  } finally {
    await ds.destroy();
  }
  const pg = new Client({ connectionString: url });
  await pg.connect();
  return { url, pg };
}

async function dropDatabases(): Promise<void> {
  const admin = new Client({ connectionString: SERVER_URL });
  await admin.connect();
  for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
}

// ---------------------------------------------------------------- kafka helpers

async function produceAll(producer: Producer, topic: string, values: readonly string[]): Promise<void> {
  const CHUNK = 500;
  const inFlight: Array<Promise<unknown>> = [];
  for (let i = 0; i < values.length; i += CHUNK) {
    inFlight.push(
      producer.send({ topic, acks: -1, messages: values.slice(i, i + CHUNK).map((value) => ({ value })) }),
    );
    if (inFlight.length >= 4) await inFlight.shift();
  }
  await Promise.all(inFlight);
}

/** Consumes a topic from the beginning; calls `on` for every message with the receive time. */
async function watch(
  kafka: Kafka,
  topic: string,
  on: (value: Buffer | null, receivedAt: number) => void,
  fromBeginning = true,
): Promise<Consumer> {
  const consumer = kafka.consumer({
    groupId: `${PREFIX}watch-${topic}-${Math.random()}`,
    maxWaitTimeInMs: 20,
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning });
  let joined!: () => void;
  const join = new Promise<void>((r) => (joined = r));
  consumer.on(consumer.events.GROUP_JOIN, () => joined());
  await consumer.run({
    eachBatch: async ({ batch }) => {
      const now = Date.now();
      for (const m of batch.messages) on(m.value, now);
      await Promise.resolve();
    },
  });
  await join;
  return consumer;
}

/** Until the scorer group has applied every impact and the outbox is empty. */
async function scorerDone(
  admin: ReturnType<Kafka['admin']>,
  pg: Client,
  group: string,
  timeoutMs: number,
): Promise<number> {
  const topic = PREFIX + TOPICS.assetImpacts;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const high = await admin.fetchTopicOffsets(topic);
    const rows = (
      await pg.query<{ partition: number; next_offset: string }>(
        `SELECT partition, next_offset::text AS next_offset FROM consumer_offsets WHERE group_id = $1 AND topic = $2`,
        [group, topic],
      )
    ).rows;
    const stored = new Map(rows.map((r) => [r.partition, Number(r.next_offset)]));
    // The last record of a transactionally written partition is a commit marker: a consumer
    // that applied everything stands at high - 1.
    const caughtUp = high.every(
      (p) => Number(p.high) === 0 || (stored.get(p.partition) ?? 0) >= Number(p.high) - 1,
    );
    if (caughtUp) {
      const pending = await pg.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM score_history WHERE published_at IS NULL`,
      );
      if (Number(pending.rows[0]?.n) === 0) return Date.now();
    }
    await sleep(100);
  }
  throw new Error('the scorer did not catch up in time');
}

async function ingestorDone(admin: ReturnType<Kafka['admin']>, timeoutMs: number): Promise<void> {
  const topic = PREFIX + TOPICS.rawEvents;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const high = await admin.fetchTopicOffsets(topic);
    const [committed] = await admin.fetchOffsets({ groupId: `${PREFIX}ingestor`, topics: [topic] });
    const at = new Map((committed?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
    if (high.every((p) => Number(p.high) === 0 || (at.get(p.partition) ?? -1) >= Number(p.high))) return;
    await sleep(100);
  }
  throw new Error('the ingestor did not catch up in time');
}

/** p50/p95/p99 of each stage of the matched events' latency (ms). */
function stageQuantiles(stages: ReadonlyArray<[number, number]>) {
  const q = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return { p50Ms: quantile(s, 0.5), p95Ms: quantile(s, 0.95), p99Ms: quantile(s, 0.99) };
  };
  return {
    matched: stages.length,
    produceToImpact: q(stages.map((x) => x[0])),
    impactToScore: q(stages.map((x) => x[1])),
  };
}

const quantile = (sorted: readonly number[], q: number): number =>
  sorted.length === 0 ? NaN : (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number);

const load = () => Number(loadavg()[0]?.toFixed(2));
const cpuOf = (p: Proc | undefined) => (p?.child.pid ? cpuSecondsOf(p.child.pid) : NaN);
const round = (x: number, d = 1) => Number(x.toFixed(d));

/** Least-squares slope of RSS samples against time, MB a minute (NaN for fewer than two). */
function slopePerMinute(samples: ReadonlyArray<{ t: number; rssMb: number }>): number {
  const n = samples.length;
  if (n < 2) return NaN;
  let mt = 0;
  let mr = 0;
  for (const s of samples) {
    mt += s.t / n;
    mr += s.rssMb / n;
  }
  let cov = 0;
  let vt = 0;
  for (const s of samples) {
    cov += (s.t - mt) * (s.rssMb - mr);
    vt += (s.t - mt) ** 2;
  }
  return vt === 0 ? NaN : (cov / vt) * 60_000;
}

// ---------------------------------------------------------------- copy worker

/**
 * How a copier moves a batch: `plain` as the baseline (one send, then the offsets committed
 * apart); `transactional` as the apps (the records and the consumed offsets in one
 * transaction, through the apps' own TransactionalPublisher with its group commit, all
 * partitions consumed at once, read committed).
 */
type CopyMode = 'plain' | 'transactional';

/** A child process that copies `count` messages from `input` to `output`, then says `done <ms>`. */
async function copyWorker(): Promise<void> {
  const [, brokers, input, output, countText, group, modeText] = argv;
  const count = Number(countText);
  const mode: CopyMode = modeText === 'transactional' ? 'transactional' : 'plain';
  const groupId = group ?? 'bench-baseline';
  const kafka = new Kafka({
    clientId: 'bench-baseline',
    brokers: (brokers ?? '').split(','),
    logLevel: logLevel.WARN,
  });
  const consumer = kafka.consumer({ groupId });
  await consumer.connect();
  await consumer.subscribe({ topic: input ?? '', fromBeginning: true });
  let copied = 0;
  consumer.on(consumer.events.GROUP_JOIN, () => process.stdout.write('joined\n'));
  if (mode === 'transactional') {
    const publisher = new TransactionalPublisher(kafka, `${groupId}.tx`);
    await publisher.connect();
    await consumer.run({
      autoCommit: false,
      partitionsConsumedConcurrently: PARTITIONS,
      eachBatch: async ({ batch }) => {
        const last = batch.messages[batch.messages.length - 1];
        if (!last) return;
        await publisher.publishWithOffsets(
          batch.messages.map((m) => ({ topic: output ?? '', message: { key: m.key, value: m.value } })),
          {
            groupId,
            topic: batch.topic,
            partition: batch.partition,
            nextOffset: String(Number(last.offset) + 1),
          },
        );
        copied += batch.messages.length;
        if (copied >= count) process.stdout.write(`done ${Date.now()}\n`);
      },
    });
    await new Promise<void>((r) => process.once('SIGTERM', () => r()));
    await consumer.disconnect();
    await publisher.close();
    return;
  }
  const producer = kafka.producer();
  await producer.connect();
  await consumer.run({
    autoCommit: false,
    eachBatch: async (payload) => {
      const { batch } = payload;
      const last = batch.messages[batch.messages.length - 1];
      if (!last) return;
      await producer.send({
        topic: output ?? '',
        acks: -1,
        messages: batch.messages.map((m) => ({ key: m.key, value: m.value })),
      });
      payload.resolveOffset(last.offset);
      await payload.commitOffsetsIfNecessary({
        topics: [
          {
            topic: batch.topic,
            partitions: [{ partition: batch.partition, offset: String(Number(last.offset) + 1) }],
          },
        ],
      });
      copied += batch.messages.length;
      if (copied >= count) process.stdout.write(`done ${Date.now()}\n`);
    },
  });
  await new Promise<void>((r) => process.once('SIGTERM', () => r()));
  await consumer.disconnect();
  await producer.disconnect();
}

/**
 * Copies `values` through `stages` copiers in a chain (topic 0 → 1 → … → stages), each a
 * child process in its own group, timed from the first value produced here to the last
 * copy of the last stage. One plain stage is the raw baseline.
 */
async function copyChain(
  kafka: Kafka,
  brokers: string,
  values: readonly string[],
  name: string,
  stages: number,
  mode: CopyMode,
) {
  const admin = kafka.admin();
  await admin.connect();
  const topics = Array.from({ length: stages + 1 }, (_, i) =>
    i === 0 ? `${PREFIX}${name}.in` : i === stages ? `${PREFIX}${name}.out` : `${PREFIX}${name}.mid${i}`,
  );
  await ensureTopics(
    admin,
    topics.map((topic) => ({ topic, partitions: PARTITIONS })),
  );
  await admin.disconnect();
  const workers = Array.from({ length: stages }, (_, k) => {
    const worker = spawnNode(
      stages === 1 ? name : `${name}-${k + 1}`,
      [
        'scripts/run-ts.cjs',
        'scripts/bench.ts',
        '--baseline-worker',
        brokers,
        topics[k] ?? '',
        topics[k + 1] ?? '',
        String(values.length),
        stages === 1 ? `${PREFIX}${name}` : `${PREFIX}${name}.${k + 1}`,
        mode,
      ],
      {},
    );
    let lines = '';
    const joined = new Promise<void>((res) => {
      worker.child.stdout?.on('data', (d: Buffer) => {
        lines += d.toString();
        if (lines.includes('joined')) res();
      });
    });
    const done = new Promise<number>((res) => {
      worker.child.stdout?.on('data', () => {
        const m = /done (\d+)/.exec(lines);
        if (m) res(Number(m[1]));
      });
    });
    return { worker, joined, done };
  });
  await Promise.all(workers.map((w) => w.joined));
  await sleep(500);
  const producer = kafka.producer();
  await producer.connect();
  const cpu0 = workers.map((w) => cpuOf(w.worker));
  const sys0 = systemCpu();
  const t0 = Date.now();
  await produceAll(producer, topics[0] ?? '', values);
  const produced = Date.now();
  const end = await (workers[workers.length - 1] as (typeof workers)[number]).done;
  const cpu = workers.reduce((sum, w, k) => sum + cpuOf(w.worker) - (cpu0[k] ?? 0), 0);
  const sys1 = systemCpu();
  await producer.disconnect();
  for (const w of workers) await stop(w.worker);
  const seconds = (end - t0) / 1000;
  return {
    events: values.length,
    stages,
    mode,
    seconds: round(seconds, 2),
    produceSeconds: round((produced - t0) / 1000, 2),
    eventsPerSecond: Math.round(values.length / seconds),
    cpuSeconds: round(cpu, 2),
    cpuMsPerEvent: round((cpu * 1000) / values.length, 3),
    brokerCpuSeconds: round(sys1.broker - sys0.broker, 2),
    machineCpuSeconds: round(sys1.machine - sys0.machine, 2),
    peakRssMb: round(Math.max(...workers.map((w) => w.worker.peakRssMb))),
    loadAvg1m: load(),
  };
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  let brokers = process.env.KAFKA_BROKERS;
  let broker: LocalKafkaBroker | undefined;
  if (!brokers) {
    broker = new LocalKafkaBroker({
      config: loadLocalKafkaConfig({
        ...process.env,
        KAFKA_LOCAL_PORT: '19092',
        KAFKA_LOCAL_CONTROLLER_PORT: '19093',
        KAFKA_LOCAL_STATE_DIR: '.kafka/test',
      }),
      repoRoot: ROOT,
      onProgress: (m) => log(`kafka: ${m}`),
    });
    const started = await broker.acquire(process.pid);
    brokers = started.brokers.join(',');
  }
  log(`broker ${brokers}, prefix ${PREFIX}`);
  if (BUILT) {
    log(`building the apps into ${BUILT}`);
    // The build the image runs (scripts/build.cjs), into a folder of the bench's own.
    const build = spawnNode('build', ['scripts/build.cjs', BUILT], {});
    await build.exited;
    if (build.child.exitCode !== 0) throw new Error('build failed');
  }
  const kafka = new Kafka({ clientId: 'bench', brokers: brokers.split(','), logLevel: logLevel.WARN });
  const admin = kafka.admin();
  await admin.connect();
  const result: Record<string, unknown> = {
    at: new Date().toISOString(),
    events: N,
    partitions: PARTITIONS,
    cores: availableParallelism(),
    loadAvg1mAtStart: load(),
  };
  sampler = setInterval(sample, 1000);
  try {
    // The same N values for the baseline and for Crescent, with event times around now.
    const r = rng(20200118);
    const t0 = Date.now() - N;
    const values = Array.from({ length: N }, (_, i) => makeEvent(r, i, t0 + i, `b${RUN}`));
    const { counts } = expectations(values);
    result.input = counts;
    log(`input: ${JSON.stringify(counts)}`);

    // 1. Raw baseline.
    log('baseline: consume → produce');
    result.baseline = await copyChain(kafka, brokers, values, 'baseline', 1, 'plain');
    log(JSON.stringify(result.baseline));

    // 1b. The pipeline's shape with no work in it: two copiers in a chain, plain, then exactly once.
    if (!flag('skip-shape')) {
      const base = (result.baseline as { eventsPerSecond: number }).eventsPerSecond;
      const shape: Record<string, unknown> = {};
      for (const mode of ['plain', 'transactional'] as const) {
        log(`shape: two ${mode} copiers in a chain`);
        const chained = await copyChain(kafka, brokers, values, `shape-${mode}`, 2, mode);
        shape[mode] = { ...chained, ratioToBaseline: round(chained.eventsPerSecond / base, 3) };
        log(JSON.stringify(shape[mode]));
      }
      result.shape = shape;
    }

    // 2. Crescent throughput.
    const main = await scratchDatabase('main');
    const scorerGroup = `${PREFIX}scorer`;
    const apps = await startApps(main.url, brokers, {
      ingestor: true,
      scorers: 1,
      scorerGroup,
      label: 'pipeline',
    });
    let scores = 0;
    let lastScoreAt = 0;
    const pending = new Map<string, number>();
    const latencies: number[] = [];
    // With --latency-stages: when an event's first impact became visible to a read-committed
    // consumer, to split its latency into ingest (produce → impact) and score (impact → score).
    const impactSeenAt = new Map<string, number>();
    const stages: Array<[number, number]> = [];
    const scoreWatch = await watch(kafka, PREFIX + TOPICS.riskScores, (value, at) => {
      scores += 1;
      lastScoreAt = at;
      if (pending.size === 0 || !value) return;
      const msg = JSON.parse(value.toString()) as { drivers?: Array<{ eventId: string }> };
      for (const d of msg.drivers ?? []) {
        const sent = pending.get(d.eventId);
        if (sent !== undefined) {
          latencies.push(at - sent);
          pending.delete(d.eventId);
          const seen = impactSeenAt.get(d.eventId);
          if (seen !== undefined) stages.push([seen - sent, at - seen]);
        }
      }
    });
    const producer = kafka.producer();
    await producer.connect();
    const ing = apps.ingestor as Proc;
    const sc = apps.scorers[0] as Proc;
    const cpuI0 = cpuOf(ing);
    const cpuS0 = cpuOf(sc);
    const sys0 = systemCpu();
    const bench0 = process.cpuUsage();
    log('pipeline: throughput');
    const start = Date.now();
    await produceAll(producer, PREFIX + TOPICS.rawEvents, values);
    const produced = Date.now();
    await ingestorDone(admin, 30 * 60_000);
    const ingestedAt = Date.now();
    const doneAt = await scorerDone(admin, main.pg, scorerGroup, 30 * 60_000);
    await sleep(300);
    const end = Math.max(lastScoreAt, ingestedAt);
    const seconds = (Math.min(end, doneAt) - start) / 1000;
    const cpuI = cpuOf(ing) - cpuI0;
    const cpuS = cpuOf(sc) - cpuS0;
    const sys1 = systemCpu();
    const benchCpu = process.cpuUsage(bench0);
    const impactsRow = await main.pg.query<{ n: string }>(`SELECT count(*)::text AS n FROM impacts`);
    const impacts = Number(impactsRow.rows[0]?.n);
    const pipeline = {
      events: N,
      impacts,
      scoreMessages: scores,
      seconds: round(seconds, 2),
      produceSeconds: round((produced - start) / 1000, 2),
      ingestorSeconds: round((ingestedAt - start) / 1000, 2),
      eventsPerSecond: Math.round(N / seconds),
      impactsPerSecond: Math.round(impacts / seconds),
      ingestorCpuMsPerEvent: round((cpuI * 1000) / N, 3),
      scorerCpuMsPerImpact: round((cpuS * 1000) / Math.max(impacts, 1), 3),
      ingestorCpuSeconds: round(cpuI, 2),
      scorerCpuSeconds: round(cpuS, 2),
      // Where the machine's CPU went while the pipeline ran (seconds; machine = all cores).
      cpuSecondsBy: {
        ingestor: round(cpuI, 2),
        scorer: round(cpuS, 2),
        postgres: round(sys1.postgres - sys0.postgres, 2),
        broker: round(sys1.broker - sys0.broker, 2),
        bench: round((benchCpu.user + benchCpu.system) / 1e6, 2),
        machine: round(sys1.machine - sys0.machine, 2),
      },
      loadAvg1m: load(),
    };
    result.pipeline = pipeline;
    const base = result.baseline as { eventsPerSecond: number };
    result.throughputRatio = round(pipeline.eventsPerSecond / base.eventsPerSecond, 3);
    log(JSON.stringify(pipeline));

    // 3. End-to-end latency at a fixed offered rate.
    log(`latency: ${RATE} events/s for ${LATENCY_S} s`);
    const runAtRate = async (seconds: number, tag: string, onTick?: () => void) => {
      const count = Math.round(RATE * seconds);
      const rr = rng(7 + tag.length);
      const begin = Date.now() + 1000;
      const vals = Array.from({ length: count }, (_, i) => makeEvent(rr, i, begin + (i * 1000) / RATE, tag));
      const { ids } = expectations(vals);
      const TICK_MS = 10;
      let i = 0;
      let late = 0;
      const sends: Array<Promise<unknown>> = [];
      while (Date.now() < begin) await sleep(1);
      while (i < count) {
        const due = Math.min(count, Math.floor(((Date.now() - begin) * RATE) / 1000) + 1);
        if (due > i) {
          const now = Date.now();
          const messages = [];
          for (; i < due; i++) {
            const id = ids[i];
            if (id !== undefined) pending.set(id, now);
            messages.push({ value: vals[i] as string });
          }
          if (messages.length > RATE / 20) late += 1;
          sends.push(producer.send({ topic: PREFIX + TOPICS.rawEvents, acks: -1, messages }));
          if (sends.length > 50) await Promise.all(sends.splice(0, 25));
        }
        onTick?.();
        await sleep(TICK_MS);
      }
      await Promise.all(sends);
      return { count, offeredPerSecond: round(count / ((Date.now() - begin) / 1000), 0), lateTicks: late };
    };
    latencies.length = 0;
    const impactWatch = flag('latency-stages')
      ? await watch(
          kafka,
          PREFIX + TOPICS.assetImpacts,
          (value, at) => {
            // Every event id in the message (one asset's impacts of one ingested batch).
            const text = value?.toString() ?? '';
            for (
              let from = text.indexOf('"eventId":"');
              from >= 0;
              from = text.indexOf('"eventId":"', from + 11)
            ) {
              const id = text.slice(from + 11, text.indexOf('"', from + 11));
              if (pending.has(id) && !impactSeenAt.has(id)) impactSeenAt.set(id, at);
            }
          },
          false,
        )
      : undefined;
    const cpuI1 = cpuOf(ing);
    const cpuS1 = cpuOf(sc);
    const offered = await runAtRate(LATENCY_S, `l${RUN}`);
    await ingestorDone(admin, 10 * 60_000);
    await scorerDone(admin, main.pg, scorerGroup, 10 * 60_000);
    await sleep(500);
    const matched = latencies.length;
    const unmatched = pending.size;
    pending.clear();
    const sorted = [...latencies].sort((a, b) => a - b);
    result.latency = {
      offeredEventsPerSecond: RATE,
      achievedOfferedPerSecond: offered.offeredPerSecond,
      seconds: LATENCY_S,
      events: offered.count,
      matchedEvents: matched,
      unmatchedEvents: unmatched,
      p50Ms: quantile(sorted, 0.5),
      p95Ms: quantile(sorted, 0.95),
      p99Ms: quantile(sorted, 0.99),
      maxMs: sorted[sorted.length - 1],
      ...(impactWatch ? { stages: stageQuantiles(stages) } : {}),
      ingestorCpuShare: round((cpuOf(ing) - cpuI1) / LATENCY_S, 2),
      scorerCpuShare: round((cpuOf(sc) - cpuS1) / LATENCY_S, 2),
      loadAvg1m: load(),
    };
    log(JSON.stringify(result.latency));

    // Optional soak: sustained load after an optional warm-up, RSS sampled every second; growth as the
    // measured minutes' first and last mean, every minute's mean, and a fitted slope.
    if (SOAK_MIN > 0) {
      log(`soak: ${RATE} events/s for ${SOAK_WARMUP_MIN} min of warm-up, then ${SOAK_MIN} min measured`);
      const start = Date.now();
      await runAtRate((SOAK_WARMUP_MIN + SOAK_MIN) * 60, `s${RUN}`);
      pending.clear();
      const from = start + SOAK_WARMUP_MIN * 60_000;
      const window = (p: Proc, a: number, b: number) => {
        const xs = p.rssSamples.filter((s) => s.t >= a && s.t < b).map((s) => s.rssMb);
        return xs.length ? round(xs.reduce((x, y) => x + y, 0) / xs.length) : NaN;
      };
      const minuteMeans = (p: Proc, a: number, b: number) =>
        Array.from({ length: Math.floor((b - a) / 60_000) }, (_, k) =>
          window(p, a + k * 60_000, a + (k + 1) * 60_000),
        );
      const to = Date.now();
      result.soak = {
        warmupMinutes: SOAK_WARMUP_MIN,
        minutes: SOAK_MIN,
        offeredEventsPerSecond: RATE,
        loadAvg1m: load(),
        rss: [ing, sc].map((p) => {
          const measured = p.rssSamples.filter((s) => s.t >= from);
          return {
            app: p.name,
            firstMinuteMeanMb: window(p, from, from + 60_000),
            lastMinuteMeanMb: window(p, to - 60_000, to),
            maxMb: round(Math.max(...measured.map((s) => s.rssMb))),
            // Least squares over every sample of the measured minutes: one figure for the
            // trend, which the two end minutes give only as far as the sawtooth lets them.
            slopeMbPerMinute: round(slopePerMinute(measured), 3),
            // Whether growth levels off shows in the series, not in its two ends.
            warmupMinuteMeansMb: minuteMeans(p, start, from),
            minuteMeansMb: minuteMeans(p, from, to),
          };
        }),
      };
      log(JSON.stringify(result.soak));
    }
    await scoreWatch.disconnect();
    await impactWatch?.disconnect();
    await producer.disconnect();
    for (const p of [ing, sc]) await stop(p);
    result.memory = [ing, sc].map((p) => ({ app: p.name, peakRssMb: round(p.peakRssMb) }));
    await main.pg.end();

    // 4. One scorer against two on the 6 impact partitions: each replays the impacts of step 2.
    if (!flag('skip-scale')) {
      const scale = [];
      for (const n of [1, 2]) {
        const db = await scratchDatabase(`scale${n}`);
        const group = `${PREFIX}scale${n}`;
        const set = startApps(db.url, brokers, {
          ingestor: false,
          scorers: n,
          scorerGroup: group,
          label: `scale${n}`,
        });
        // Timed from the first stored offset (the first batch committed) to the last. A
        // scorer that fails to start, or stores nothing within the bound, ends the bench.
        let failed: Error | undefined;
        set.catch((err: unknown) => {
          failed =
            err instanceof Error ? err : new Error(`scale${n}: a scorer failed to start: ${String(err)}`);
        });
        const deadline = Date.now() + SCALE_START_TIMEOUT_MS;
        let first = 0;
        while (first === 0) {
          if (failed !== undefined) throw failed;
          if (Date.now() > deadline)
            throw new Error(
              `scale${n}: no scorer stored an offset within ${SCALE_START_TIMEOUT_MS / 1000} s`,
            );
          const rows = await db.pg.query(`SELECT 1 FROM consumer_offsets WHERE group_id = $1 LIMIT 1`, [
            group,
          ]);
          if (rows.rowCount) first = Date.now();
          else await sleep(50);
        }
        const { scorers } = await set;
        const cpu0 = scorers.map(cpuOf);
        const done = await scorerDone(admin, db.pg, group, 30 * 60_000);
        const cpu = scorers.map((p, i) => cpuOf(p) - (cpu0[i] ?? 0));
        const s = (done - first) / 1000;
        scale.push({
          scorers: n,
          impacts,
          seconds: round(s, 2),
          impactsPerSecond: Math.round(impacts / s),
          scorerCpuSeconds: cpu.map((c) => round(c, 2)),
          peakRssMb: scorers.map((p) => round(p.peakRssMb)),
          loadAvg1m: load(),
        });
        log(JSON.stringify(scale[scale.length - 1]));
        for (const p of scorers) await stop(p);
        await db.pg.end();
      }
      result.scale = scale;
    }
    await admin.disconnect();

    // 5. Backtest and API benchmarks (their own scripts, short settings).
    const sub = async (name: string, args: string[], file: string) => {
      const path = resolve(ROOT, '.cache', 'bench', file);
      rmSync(path, { force: true }); // a failed run must not report the previous run's numbers
      const p = spawnNode(name, ['scripts/run-ts.cjs', ...args], {});
      await p.exited;
      const exit = p.child.exitCode;
      const json = exit === 0 ? (JSON.parse(readFileSync(path, 'utf8')) as unknown) : null;
      return { command: `node scripts/run-ts.cjs ${args.join(' ')}`, exit, result: json };
    };
    if (!flag('skip-backtest'))
      result.backtest = await sub(
        'backtest',
        ['scripts/bench-backtest.ts', '--events', String(option('backtest-events', 200_000))],
        'backtest.json',
      );
    if (!flag('skip-api'))
      result.api = await sub(
        'api',
        ['scripts/bench-api.ts', '--duration', String(option('api-duration', 5))],
        'api.json',
      );

    const lat = result.latency as { p99Ms: number };
    result.targets = {
      throughputAtLeastHalfOfBaseline: (result.throughputRatio as number) >= 0.5,
      p99Under250MsAt1000PerSecond: RATE >= 1000 && lat.p99Ms < 250,
      appRssUnder300Mb: (result.memory as Array<{ peakRssMb: number }>).every((m) => m.peakRssMb < 300),
    };
    result.loadAvg1mAtEnd = load();
    console.log(JSON.stringify(result, null, 2));
    mkdirSync(dirname(RESULT_FILE), { recursive: true });
    writeFileSync(RESULT_FILE, `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    clearInterval(sampler);
    for (const p of procs) await stop(p);
    await dropDatabases().catch((e: Error) => log(`could not drop databases: ${e.message}`));
    await admin.connect().catch(() => undefined);
    const topics = (await admin.listTopics().catch(() => [] as string[])).filter((t) => t.startsWith(PREFIX));
    if (topics.length > 0) await admin.deleteTopics({ topics }).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    if (broker) await broker.release(process.pid);
  }
}

if (argv[0] === '--baseline-worker') {
  void copyWorker();
} else {
  main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
