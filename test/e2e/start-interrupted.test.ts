import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../support/apps';
import { eventually } from '../support/eventually';
import { uniqueName } from '../support/kafka';
import { interruptAndExpectGone, killGroupIfRunning, threeFreePorts } from '../support/processes';

const root = resolve(__dirname, '..', '..');

describe('Ctrl-C while npm start is still starting (first start: PGlite initialising its folder)', () => {
  let npm: ChildProcess | undefined;
  const stateDir = `.kafka/${uniqueName('interrupted')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'crescent-interrupted-pglite-'));
  afterAll(() => {
    killGroupIfRunning(npm);
    rmSync(resolve(root, stateDir), { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lets PGlite finish, closes it and the broker, leaves no process, and the folder opens and migrates afterwards', async () => {
    const brokerPort = await freePort();
    const databasePort = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PGLITE_DATA_DIR: dataDir,
      PGLITE_PORT: String(databasePort),
      HTTP_PORT: String(await threeFreePorts([brokerPort, databasePort])),
      KAFKA_LOCAL_PORT: String(brokerPort),
      KAFKA_LOCAL_CONTROLLER_PORT: String(await freePort()),
      KAFKA_LOCAL_STATE_DIR: stateDir,
    };
    delete env.KAFKA_BROKERS;
    delete env.DATABASE_URL;
    let output = '';
    npm = spawn('npm', ['start'], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [npm.stdout, npm.stderr])
      stream?.on('data', (c: Buffer) => (output += c.toString()));
    // Printed just before PGlite opens (here: creates) the folder.
    await eventually(() => expect(output).toContain('database: embedded PGlite in'), {
      timeoutMs: 180_000,
      intervalMs: 100,
    });
    await interruptAndExpectGone(npm, stateDir, [databasePort, brokerPort]);
    expect(output).toContain('SIGINT: stopping once the step in hand is done');
    expect(output).toContain('database: PGlite closed cleanly');
    expect(output).toContain('kafka: stopped cleanly');
    expect(output).toContain('stopped before the apps started');
    expect(output).not.toContain('API key for this run');
    expect(existsSync(join(dataDir, 'crescent-server.pid'))).toBe(false);

    // The folder opens again (in-process, as the CLI does with npm start stopped) and migrates.
    const cli = (...args: string[]) =>
      promisify(execFile)(process.execPath, ['scripts/run-ts.cjs', 'apps/cli/src/main.ts', ...args], {
        cwd: root,
        env,
      });
    await cli('db', 'migrate');
    const status = JSON.parse((await cli('db', 'status')).stdout) as {
      database: string;
      migrations: Array<{ applied: boolean }>;
    };
    expect(status.database).toBe(`pglite:${dataDir}`);
    expect(status.migrations.length).toBeGreaterThan(0);
    expect(status.migrations.every((m) => m.applied)).toBe(true);
  });
});
