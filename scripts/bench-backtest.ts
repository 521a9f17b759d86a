/**
 * Throughput benchmark of `crescent backtest` (not a test): generates a file of mixed
 * events, times reading and JSON-parsing it alone, then times the full backtest on it,
 * in one run, and prints JSON (also written to .cache/bench/backtest.json). Usage:
 *   npm run bench:backtest [-- --events 1000000] [--keep] [--file PATH] [--workers N]
 * Target: backtest events/s >= 1/4 of the parse-only rate (wall clock). CPU seconds are
 * reported beside the wall clock because the machine is shared: their ratio moves less
 * with other load. Peak RSS is the process's maximum resident set after each phase
 * (parse-only runs first, so its peak is its own). After the backtest the file is read and
 * parsed once more with the backtest's own line reader, for comparison. `--file` reuses a
 * file made with `--keep`. `--workers` is the backtest's option (default: the cores available).
 */
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { once } from 'node:events';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { PassThrough } from 'node:stream';
import { parseBacktestArgs } from '../apps/cli/src/backtest/backtest-options';
import { forEachLine } from '../apps/cli/src/backtest/line-splitter';
import { runBacktest } from '../apps/cli/src/backtest/run-backtest';

const argv = process.argv.slice(2);
const count = Number(argv[argv.indexOf('--events') + 1] ?? '') || 1_000_000;
const keep = argv.includes('--keep');
const reuse = argv.includes('--file') ? argv[argv.indexOf('--file') + 1] : undefined;
const workers = argv.includes('--workers') ? argv[argv.indexOf('--workers') + 1] : undefined;
const RESULT_FILE = resolve(__dirname, '..', '.cache', 'bench', 'backtest.json');

/** Deterministic pseudo-random numbers (mulberry32), so every run benchmarks the same file. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ASSETS = [
  'es-sider',
  'ras-lanuf',
  'brega',
  'zueitina',
  'hariga',
  'sharara',
  'el-feel',
  'sarir',
  'waha',
  'bouri',
  'zawiya',
  'mellitah',
];
const LOCAL_TYPES = [
  'facility_attack',
  'armed_clash',
  'facility_protest',
  'port_blockade',
  'field_shutdown',
  'restart',
  'force_majeure_declared',
];
const NATIONAL_TYPES = [
  'talks_failed',
  'talks_progressing',
  'ceasefire_agreed',
  'ceasefire_violated',
  'foreign_deployment',
  'institutional_crisis',
];
const PLACES: readonly [string, number, number][] = [
  ['Tripoli', 32.887, 13.191],
  ['Benghazi', 32.117, 20.067],
  ['Sirte', 31.205, 16.588],
  ['Ajdabiya', 30.755, 20.226],
  ['Sabha', 27.038, 14.426],
  ['Ubari', 26.59, 12.78],
];
const HEADLINES = [
  [
    'Clashes reported near {place}',
    'Fighting broke out on the outskirts of {place} on {day}, residents said.',
  ],
  [
    'Protesters gather at the {asset} oil terminal',
    'Workers and local residents staged a sit-in at the {asset} terminal demanding unpaid wages.',
  ],
  [
    'Output at {asset} steady, NOC says',
    'The National Oil Corporation said production at {asset} was stable this week.',
  ],
  [
    'Libyan football league resumes in {place}',
    'The domestic league restarted with matches in {place} after a long break.',
  ],
  [
    'Power cuts hit {place} during heatwave',
    'Residents of {place} reported long power cuts as temperatures rose.',
  ],
];

async function generate(file: string): Promise<{ bytes: number }> {
  const rand = rng(20200118);
  const out = createWriteStream(file);
  const t0 = Date.UTC(2019, 6, 1);
  const spanMs = 540 * 86_400_000;
  let prev = '';
  for (let i = 0; i < count; i++) {
    // Mostly in time order, with some items reported late (out of order in the file).
    const late = rand() < 0.05 ? rand() * 3 * 86_400_000 : 0;
    const at = new Date(t0 + (i / count) * spanMs - late).toISOString();
    const r = rand();
    let line: string;
    if (r < 0.03)
      line = `{"kind":"event","id":"bad-${i}",`; // malformed JSON
    else if (r < 0.06 && prev !== '')
      line = prev; // a duplicate of the previous line
    else if (r < 0.45) {
      const national = rand() < 0.15;
      const type = national
        ? NATIONAL_TYPES[Math.floor(rand() * NATIONAL_TYPES.length)]
        : LOCAL_TYPES[Math.floor(rand() * LOCAL_TYPES.length)];
      const asset = ASSETS[Math.floor(rand() * ASSETS.length)] ?? 'es-sider';
      const [place, lat, lon] = PLACES[Math.floor(rand() * PLACES.length)] ?? PLACES[0]!;
      line = JSON.stringify({
        kind: 'event',
        id: `ev-${i}`,
        occurredAt: at,
        type,
        location: national ? { name: place, lat, lon } : { name: asset },
        ...(national ? { actors: ['lna', 'gna'] } : { assets: [asset], actors: ['pfg'] }),
        severity: Math.round(rand() * 100) / 100,
        summary: `Generated ${type} ${i}`,
      });
    } else {
      const [h, b] = HEADLINES[Math.floor(rand() * HEADLINES.length)] ?? HEADLINES[0]!;
      const asset = ASSETS[Math.floor(rand() * ASSETS.length)] ?? 'es-sider';
      const place = (PLACES[Math.floor(rand() * PLACES.length)] ?? PLACES[0]!)[0];
      const fill = (s: string): string =>
        s.replace('{place}', place).replace('{asset}', asset).replace('{day}', at.slice(0, 10));
      line = JSON.stringify({
        kind: 'news',
        id: `news-${i}`,
        publishedAt: at,
        source: 'bench wire',
        headline: fill(h ?? ''),
        body: `${fill(b ?? '')} Item ${i}.`,
      });
    }
    prev = line;
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return { bytes: statSync(file).size };
}

const cpuSince = (from: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1e6;
};

async function parseOnly(
  file: string,
): Promise<{ seconds: number; cpuSeconds: number; lines: number; parsed: number }> {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  let parsed = 0;
  let count = 0;
  const lines = createInterface({
    input: createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const line of lines) {
    count++;
    try {
      JSON.parse(line);
      parsed++;
    } catch {
      // malformed lines are part of the mix
    }
  }
  return {
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
    cpuSeconds: cpuSince(cpu),
    lines: count,
    parsed,
  };
}

/**
 * The same read and parse, with the backtest's own line reader (TextDecoder, 64 KiB chunks,
 * LineSplitter) instead of readline: reported beside the reference, since part of the
 * backtest's gain is reading faster than readline does.
 */
async function parseOnlyBacktestReader(file: string): Promise<{ seconds: number; cpuSeconds: number }> {
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  await forEachLine(file, (line) => {
    try {
      JSON.parse(line);
    } catch {
      // malformed lines are part of the mix
    }
  });
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, cpuSeconds: cpuSince(cpu) };
}

const mb = (kb: number): number => Math.round(kb / 1024);
const r2 = (x: number): number => Math.round(x * 100) / 100;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'crescent-bench-'));
  const file = reuse ?? join(dir, 'events.jsonl');
  try {
    if (reuse !== undefined && !existsSync(reuse)) throw new Error(`--file ${reuse} does not exist`);
    const bytes = reuse === undefined ? (await generate(file)).bytes : statSync(reuse).size;
    const loadBefore = loadavg();
    const rssAfterGenerate = process.resourceUsage().maxRSS;
    const parse = await parseOnly(file);
    const rssAfterParse = process.resourceUsage().maxRSS;

    const options = parseBacktestArgs([
      '--input',
      file,
      '--step',
      '1d',
      '--quiet',
      '--out',
      join(dir, 'out'),
      ...(workers === undefined ? [] : ['--workers', workers]),
    ]);
    if (typeof options === 'string') throw new Error(options);
    const sink = new PassThrough();
    let printed = '';
    sink.on('data', (c: Buffer) => (printed += c.toString()));
    const cpu = process.cpuUsage();
    const started = process.hrtime.bigint();
    const timings: Record<string, number> = {};
    const code = await runBacktest(options, [], {
      stdout: sink,
      stderr: process.stderr,
      cwd: process.cwd(),
      timings,
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpuSeconds = cpuSince(cpu);
    if (code !== 0) throw new Error(`backtest exited with ${code}`);
    const rssAfterBacktest = process.resourceUsage().maxRSS;
    // After the backtest, so that it does not warm the backtest's reader.
    const parseSameReader = await parseOnlyBacktestReader(file);

    const parseRate = parse.lines / parse.seconds;
    const backtestRate = parse.lines / seconds;
    const result = {
      events: parse.lines,
      fileMB: Math.round(bytes / 1e6),
      parseOnly: {
        seconds: r2(parse.seconds),
        cpuSeconds: r2(parse.cpuSeconds),
        eventsPerSecond: Math.round(parseRate),
      },
      backtest: {
        seconds: r2(seconds),
        cpuSeconds: r2(cpuSeconds),
        eventsPerSecond: Math.round(backtestRate),
        // intake = read + decode + classify + dedupe + map to impacts; scoring = event-time replay and scores.csv
        // (intake includes the steps scored while it read: see ScoringAhead)
        phaseSeconds: Object.fromEntries(
          Object.entries(timings)
            .filter(([k]) => !k.startsWith('steps'))
            .map(([k, v]) => [k, r2(v)]),
        ),
        stepsScoredDuringIntake: timings['stepsScoredDuringIntake'] ?? 0,
        stepsScoredAheadDropped: timings['stepsScoredAheadDropped'] ?? 0,
        summary: printed.trim().split('\n'),
      },
      ratio: Math.round((backtestRate / parseRate) * 1000) / 1000,
      cpuRatio: Math.round((parse.cpuSeconds / cpuSeconds) * 1000) / 1000,
      parseOnlyBacktestReader: {
        seconds: r2(parseSameReader.seconds),
        cpuSeconds: r2(parseSameReader.cpuSeconds),
        eventsPerSecond: Math.round(parse.lines / parseSameReader.seconds),
        ratio: Math.round((parseSameReader.seconds / seconds) * 1000) / 1000,
      },
      workers: Number(workers ?? availableParallelism()),
      target: 0.25,
      meetsTarget: backtestRate / parseRate >= 0.25,
      peakRssMB: {
        afterGenerate: mb(rssAfterGenerate),
        afterParseOnly: mb(rssAfterParse),
        afterBacktest: mb(rssAfterBacktest),
      },
      // 1, 5 and 15 minute load averages before and after the two timed passes (2 cores).
      load: { before: loadBefore.map(r2), after: loadavg().map(r2) },
      node: process.version,
    };
    const json = `${JSON.stringify(result, null, 2)}\n`;
    mkdirSync(dirname(RESULT_FILE), { recursive: true });
    writeFileSync(RESULT_FILE, json);
    process.stdout.write(json);
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(
    `bench-backtest: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exitCode = 1;
});
