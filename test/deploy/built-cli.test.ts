import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/*
 * The CLI as the image runs it: compiled by the build (tsc + tsc-alias, as `npm run build`
 * does, into a folder of its own under .cache so that dist/ is left alone), then
 * `node …/apps/cli/src/main.js`. Built, the backtest once looked for its bundled outages
 * under dist/ and refused to start. The same run from TypeScript must give the same bytes:
 * one scoring code, whichever way it is started, on one thread or on intake workers (which
 * are the compiled intake-worker.js here).
 */
const ROOT = resolve(__dirname, '../..');
const HISTORY = 'data/history/libya-2020.jsonl';
const ARGS = [HISTORY, '--from', '2020-01-01', '--to', '2020-11-30', '--step', '1d', '--quiet'];

describe('the built CLI', () => {
  let scratch: string;
  let built: string;

  beforeAll(async () => {
    mkdirSync(join(ROOT, '.cache'), { recursive: true });
    scratch = mkdtempSync(join(ROOT, '.cache', 'built-cli-'));
    built = join(scratch, 'dist');
    const bin = (name: string): string => join(ROOT, 'node_modules', '.bin', name);
    await run(bin('tsc'), ['-p', 'tsconfig.build.json', '--outDir', built], { cwd: ROOT });
    await run(bin('tsc-alias'), ['-p', 'tsconfig.build.json', '--outDir', built], { cwd: ROOT });
  }, 180_000);

  afterAll(() => {
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  });

  const backtest = async (entry: string[], out: string, workers: string): Promise<string> => {
    const { stdout } = await run(
      'node',
      [...entry, 'backtest', '--input', ...ARGS, '--workers', workers, '--out', out],
      { cwd: ROOT },
    );
    return stdout;
  };

  it('runs the README backtest with the bundled outages, with the same outputs as from TypeScript', async () => {
    const fromBuild = join(scratch, 'out-built');
    const fromBuildOneThread = join(scratch, 'out-built-1');
    const fromSource = join(scratch, 'out-source');
    const stdout = await backtest([join(built, 'apps/cli/src/main.js')], fromBuild, '2');
    await backtest([join(built, 'apps/cli/src/main.js')], fromBuildOneThread, '1');
    await backtest(['scripts/run-ts.cjs', 'apps/cli/src/main.ts'], fromSource, '2');

    expect(stdout).toContain('evaluation: Brier');
    const scores = (dir: string): string => readFileSync(join(dir, 'scores.csv'), 'utf8');
    expect(scores(fromBuild).split('\n').length).toBeGreaterThan(48 * 300);
    expect(scores(fromBuild)).toBe(scores(fromSource));
    expect(scores(fromBuildOneThread)).toBe(scores(fromSource));
    // The evaluation used the bundled outages: the same ones, read from the checkout's data/.
    const evaluation = (dir: string): unknown =>
      (JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as { evaluation: unknown }).evaluation;
    expect(evaluation(fromBuild)).toEqual(evaluation(fromSource));
    expect(JSON.stringify(evaluation(fromBuild))).toContain('es-sider');
  });
});
