import { execFile } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { FastifyReply } from 'fastify';
import type { DashboardController } from '../../apps/api/src/dashboard/dashboard.controller';

const run = promisify(execFile);

/*
 * The apps as the image runs them: compiled by the build (scripts/build.cjs, as `npm run
 * build` runs it, into a folder of its own under .cache so that dist/ is left alone). The CLI:
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
    await run('node', ['scripts/build.cjs', built], { cwd: ROOT });
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

  // The image holds node_modules, dist/, data/ and package.json, not apps/: the dashboard's
  // page, script and styles (not TypeScript) were not in it, so `/` could not be served.
  it("serves the dashboard's files from a folder laid out as the image is", () => {
    const image = mkdtempSync(join(tmpdir(), 'crescent-image-'));
    try {
      cpSync(built, join(image, 'dist'), { recursive: true });
      symlinkSync(join(ROOT, 'node_modules'), join(image, 'node_modules'), 'dir');
      copyFileSync(join(ROOT, 'package.json'), join(image, 'package.json'));
      // The compiled module itself, from the image's folder (not the TypeScript jest would load).
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const compiled = require(join(image, 'dist/apps/api/src/dashboard/dashboard.controller.js')) as {
        DashboardController: typeof DashboardController;
      };
      const controller = new compiled.DashboardController();
      const source = (file: string): string =>
        readFileSync(join(ROOT, 'apps/api/src/dashboard/static', file), 'utf8');
      expect(controller.page()).toBe(source('index.html'));
      const reply = { type: () => reply } as unknown as FastifyReply;
      for (const file of ['app.js', 'stream-retry.js', 'app.css'])
        expect(controller.file(file, reply)).toBe(source(file));
    } finally {
      rmSync(image, { recursive: true, force: true });
    }
  });
});
