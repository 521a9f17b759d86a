import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { eventually } from '../support/eventually';
import { freePort } from '../support/apps';
import { interruptAndExpectGone, killGroupIfRunning, threeFreePorts } from '../support/processes';
import { uniqueName } from '../support/kafka';

const root = resolve(__dirname, '..', '..');
const EASTERN_TERMINALS = ['es-sider', 'ras-lanuf', 'brega', 'zueitina', 'hariga'];

describe('npm start -- --demo, as a user runs it (no DATABASE_URL: the embedded PGlite database)', () => {
  let npm: ChildProcess | undefined;
  let stateDir: string | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'crescent-demo-pglite-'));
  afterAll(() => {
    // Only if the test failed before its own Ctrl-C: don't leave the group running.
    killGroupIfRunning(npm);
    if (stateDir) rmSync(resolve(root, stateDir), { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows the eastern terminals disrupted in /v1/scores; Ctrl-C leaves no broker or app process behind and PGlite closed, its folder reusable', async () => {
    const brokerPort = await freePort();
    const httpPort = await threeFreePorts([brokerPort]);
    const runStateDir = `.kafka/${uniqueName('demo')}`;
    stateDir = runStateDir;
    mkdirSync(resolve(root, '.cache/test-logs'), { recursive: true });
    const log = resolve(root, `.cache/test-logs/${uniqueName('npm-start-demo')}.log`);
    const databasePort = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PGLITE_DATA_DIR: dataDir,
      PGLITE_PORT: String(databasePort),
      HTTP_PORT: String(httpPort),
      KAFKA_LOCAL_PORT: String(brokerPort),
      KAFKA_LOCAL_CONTROLLER_PORT: String(await freePort()),
      KAFKA_LOCAL_STATE_DIR: runStateDir,
    };
    delete env.KAFKA_BROKERS; // as on a fresh machine: npm start provisions its own broker
    delete env.DATABASE_URL; // … and serves its own database
    let output = '';
    // Its own process group, like a shell job: Ctrl-C signals the whole group.
    npm = spawn('npm', ['start', '--', '--demo'], {
      cwd: root,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const file = createWriteStream(log);
    for (const stream of [npm.stdout, npm.stderr]) {
      stream?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        file.write(chunk);
      });
    }
    const key = await eventually(
      () => {
        const m = /API key for this run[^:]*: (\S+)/.exec(output);
        expect(m?.[1]).toBeDefined();
        return m![1]!;
      },
      { timeoutMs: 180_000, intervalMs: 500 },
    );
    expect(output).toContain(`dashboard: http://127.0.0.1:${httpPort}/#key=${key}`);
    const statuses = await eventually(
      async () => {
        const res = await fetch(`http://127.0.0.1:${httpPort}/v1/scores?kind=terminal`, {
          headers: { 'x-api-key': key },
        });
        expect(res.status).toBe(200);
        const body = (await res.json()) as { items: Array<{ assetId: string; status: string }> };
        const byId = new Map(body.items.map((s) => [s.assetId, s.status]));
        for (const id of EASTERN_TERMINALS) expect(byId.get(id)).toBe('disrupted');
        return byId;
      },
      { timeoutMs: 180_000, intervalMs: 1_000 },
    );
    expect(statuses.get('es-sider')).toBe('disrupted');
    const page = await fetch(`http://127.0.0.1:${httpPort}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);

    await interruptAndExpectGone(npm, runStateDir, [brokerPort, httpPort, databasePort]);
    expect(output).toContain(`database ready: PGlite ${dataDir}`);
    expect(output).toContain('database: PGlite closed cleanly');
    expect(output).toContain('kafka: stopped cleanly');
    expect(existsSync(join(dataDir, 'crescent-server.pid'))).toBe(false);

    // The folder opens again (here in-process, as `keys list` does) with what the run wrote:
    // the run's key, and the api's record of its use.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['scripts/run-ts.cjs', 'apps/cli/src/main.ts', 'keys', 'list'],
      { cwd: root, env: { ...env, PGLITE_DATA_DIR: dataDir } },
    );
    const keys = JSON.parse(stdout) as Array<{ name: string; lastUsedAt: string | null }>;
    expect(keys).toHaveLength(1);
    expect(keys[0]!.name).toMatch(/^npm start /);
    expect(keys[0]!.lastUsedAt).not.toBeNull();
  });
});
