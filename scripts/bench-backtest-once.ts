/**
 * One measurement, as bench:backtest makes it, of whatever checkout it runs in (see
 * bench-backtest-at.sh): read + JSON.parse with readline (1 MiB chunks), then the
 * backtest with 1 d steps, in one process; prints one JSON line. Only APIs every
 * version of the backtest has had are used, and `--workers` only when given:
 *   node scripts/run-ts.cjs scripts/bench-backtest-once.ts FILE [WORKERS]
 */
import { createReadStream } from 'node:fs';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { PassThrough } from 'node:stream';
import { parseBacktestArgs } from '../apps/cli/src/backtest/backtest-options';
import { runBacktest } from '../apps/cli/src/backtest/run-backtest';

const file = process.argv[2] ?? '';
/** Optional: the backtest's --workers (only for commits that have the option). */
const workers = process.argv[3];
const cpuSeconds = (c: NodeJS.CpuUsage): number => (c.user + c.system) / 1e6;
const r2 = (x: number): number => Math.round(x * 100) / 100;

async function main(): Promise<void> {
  const parseCpu = process.cpuUsage();
  const parseStart = process.hrtime.bigint();
  let lines = 0;
  const input = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  for await (const line of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    lines++;
    try {
      JSON.parse(line);
    } catch {
      // malformed lines are part of the mix
    }
  }
  const parseSeconds = Number(process.hrtime.bigint() - parseStart) / 1e9;
  const parseCpuSeconds = cpuSeconds(process.cpuUsage(parseCpu));

  const options = parseBacktestArgs([
    '--input',
    file,
    '--step',
    '1d',
    '--quiet',
    '--out',
    `${file}.out`,
    ...(workers === undefined ? [] : ['--workers', workers]),
  ]);
  if (typeof options === 'string') throw new Error(options);
  const timings: Record<string, number> = {};
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const code = await runBacktest(options, [], {
    stdout: new PassThrough(),
    stderr: process.stderr,
    cwd: process.cwd(),
    timings,
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const backtestCpuSeconds = cpuSeconds(process.cpuUsage(cpu));
  process.stdout.write(
    `${JSON.stringify({
      code,
      events: lines,
      parseOnlySeconds: r2(parseSeconds),
      backtestSeconds: r2(seconds),
      backtestEventsPerSecond: Math.round(lines / seconds),
      ratio: Math.round((parseSeconds / seconds) * 1000) / 1000,
      cpuRatio: Math.round((parseCpuSeconds / backtestCpuSeconds) * 1000) / 1000,
      intakeSeconds: r2(timings['intake'] ?? 0),
      scoringSeconds: r2(timings['scoring'] ?? 0),
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      load: loadavg().map(r2),
    })}\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(
    `bench-backtest-once: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exitCode = 1;
});
