import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { LIBYA_REGISTRY } from '@crescent/domain';
import { freePort } from '../support/apps';
import { createScratchDatabase } from '../support/database';
import { eventually } from '../support/eventually';
import { uniqueName } from '../support/kafka';
import { interruptAndExpectGone, killGroupIfRunning, threeFreePorts } from '../support/processes';

const root = resolve(__dirname, '..', '..');

describe('npm start with DATABASE_URL (a PostgreSQL server, as in production)', () => {
  let npm: ChildProcess | undefined;
  let drop: (() => Promise<void>) | undefined;
  const stateDir = `.kafka/${uniqueName('start-pg')}`;
  afterAll(async () => {
    killGroupIfRunning(npm);
    await drop?.();
    rmSync(resolve(root, stateDir), { recursive: true, force: true });
  });

  it('migrates that database, serves the registry from it, runs no embedded one, and Ctrl-C leaves no process', async () => {
    const db = await createScratchDatabase('start');
    drop = db.drop;
    const brokerPort = await freePort();
    const httpPort = await threeFreePorts([brokerPort]);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: db.url,
      HTTP_PORT: String(httpPort),
      KAFKA_LOCAL_PORT: String(brokerPort),
      KAFKA_LOCAL_CONTROLLER_PORT: String(await freePort()),
      KAFKA_LOCAL_STATE_DIR: stateDir,
    };
    delete env.KAFKA_BROKERS;
    let output = '';
    npm = spawn('npm', ['start'], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [npm.stdout, npm.stderr])
      stream?.on('data', (c: Buffer) => (output += c.toString()));
    const key = await eventually(
      () => {
        const m = /API key for this run[^:]*: (\S+)/.exec(output);
        expect(m?.[1]).toBeDefined();
        return m![1]!;
      },
      { timeoutMs: 180_000, intervalMs: 500 },
    );
    const { pathname } = new URL(db.url);
    expect(output).toContain(`database ready: 127.0.0.1:5432${pathname}`);
    expect(output).not.toContain('PGlite');
    const assets = await eventually(
      async () => {
        // What `npm start` said so far goes with a failure: an app that exited says why there.
        const res = await fetch(`http://127.0.0.1:${httpPort}/v1/assets?limit=500`, {
          headers: { 'x-api-key': key },
        }).catch((err: unknown) => {
          throw new Error(`${(err as Error).message}; npm start said:\n${output.slice(-3000)}`);
        });
        expect(res.status).toBe(200);
        return ((await res.json()) as { items: unknown[] }).items;
      },
      { timeoutMs: 120_000, intervalMs: 500 },
    );
    expect(assets).toHaveLength(LIBYA_REGISTRY.assets.length);
    // It says when the apps answer, not only where they will.
    await eventually(() => expect(output).toContain('ready: all three apps answer /health/ready'));

    await interruptAndExpectGone(npm, stateDir, [httpPort, brokerPort]);
    expect(output).toContain('kafka: stopped cleanly');
  });
});
