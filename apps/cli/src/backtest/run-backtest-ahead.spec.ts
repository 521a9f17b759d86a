import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { parseBacktestArgs } from './backtest-options';
import { runBacktest } from './run-backtest';

// On two workers the backtest scores steps while it still reads (ScoringAhead); its
// outputs must be byte for byte those of one thread, which scores after reading, whether
// the work ahead stands or is dropped because a line turns up far out of order.
const DAY = 86_400_000;
const T0 = Date.UTC(2020, 0, 1);
const ASSETS = ['es-sider', 'ras-lanuf', 'sharara', 'el-feel', 'zawiya', 'brega', 'bouri'];

function line(i: number, atMs: number): string {
  const at = new Date(atMs).toISOString();
  if (i % 3 === 1)
    return JSON.stringify({
      kind: 'news',
      id: `news-${i}`,
      publishedAt: at,
      source: 'test wire',
      headline: `Guards close the ${ASSETS[i % ASSETS.length] ?? 'brega'} terminal after a pay dispute`,
      body: `Item ${i}: loadings stopped, the NOC said.`,
    });
  const national = i % 11 === 5;
  const asset = ASSETS[(i * 5) % ASSETS.length] ?? 'es-sider';
  return JSON.stringify({
    kind: 'event',
    id: `ev-${i}`,
    occurredAt: at,
    type: national ? 'ceasefire_violated' : i % 17 === 0 ? 'restart' : 'port_blockade',
    location: national ? { name: 'Sirte', lat: 31.205, lon: 16.588 } : { name: asset },
    ...(national ? { actors: ['lna', 'gna'] } : { assets: [asset], actors: ['pfg'] }),
    severity: ((i * 37) % 100) / 100,
  });
}

/** 3,000 lines over 120 days, every 20th a day late, plus `tail`. */
function input(tail: readonly string[]): string {
  const lines: string[] = [];
  for (let i = 0; i < 3000; i++) lines.push(line(i, T0 + (i / 3000) * 120 * DAY - (i % 20 === 19 ? DAY : 0)));
  return `${[...lines, ...tail].join('\n')}\n`;
}

describe('backtest scoring while it reads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'crescent-ahead-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function run(file: string, workers: number, out: string): Promise<Record<string, number>> {
    const options = parseBacktestArgs([
      '--input',
      file,
      '--step',
      '6h',
      '--quiet',
      '--workers',
      String(workers),
      '--out',
      out,
    ]);
    if (typeof options === 'string') throw new Error(options);
    const timings: Record<string, number> = {};
    const code = await runBacktest(options, [], {
      stdout: new PassThrough(),
      stderr: new PassThrough(),
      cwd: dir,
      timings,
      // Chunks big enough that this thread waits for the workers after merging the first.
      intakeTuning: { parallelMinBytes: 0, chunkBytes: 64 * 1024 },
    });
    expect(code).toBe(0);
    return timings;
  }

  function expectSameOutputs(a: string, b: string): void {
    const files = readdirSync(a).sort();
    expect(files).toEqual(['rejections.jsonl', 'report.html', 'scores.csv', 'summary.json']);
    expect(readdirSync(b).sort()).toEqual(files);
    for (const f of files) expect(readFileSync(join(b, f), 'utf8')).toBe(readFileSync(join(a, f), 'utf8'));
  }

  it('writes what one thread writes, having scored steps while reading', async () => {
    const file = join(dir, 'in-order.jsonl');
    writeFileSync(file, input([]));
    await run(file, 1, join(dir, 'one'));
    const timings = await run(file, 2, join(dir, 'two'));
    expectSameOutputs(join(dir, 'one'), join(dir, 'two'));
    expect(timings['stepsScoredDuringIntake']).toBeGreaterThan(0);
  }, 60_000);

  it('writes what one thread writes when a last line, known on day 2, makes it start over', async () => {
    const file = join(dir, 'late-line.jsonl');
    writeFileSync(file, input([line(99_999, T0 + DAY)]));
    await run(file, 1, join(dir, 'late-one'));
    const timings = await run(file, 2, join(dir, 'late-two'));
    expectSameOutputs(join(dir, 'late-one'), join(dir, 'late-two'));
    expect(timings['stepsScoredAheadDropped']).toBeGreaterThan(0);
    expect(timings['stepsScoredDuringIntake']).toBe(0);
  }, 60_000);
});
