import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { APP_NODE_ARGS } from '@crescent/config';
import { LIBYA_REGISTRY } from '@crescent/domain';
import { runMigrations, syncAssetRegistry } from '@crescent/persistence';
import { createScratchDatabase, openTestDataSource } from './database';
import { eventually } from './eventually';
import { uniqueName } from './kafka';

const repoRoot = resolve(__dirname, '..', '..');
const logDir = resolve(repoRoot, '.cache', 'test-logs');

export type AppName = 'ingestor' | 'scorer' | 'api';

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const server = createServer();
    server.unref();
    server.on('error', rej);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? res(address.port) : rej(new Error('no port')),
      );
    });
  });
}

/** A Crescent app running as its own OS process, as in production: signals are real. */
export class AppProcess {
  readonly exited: Promise<number | null>;
  private exitCode: number | null | undefined;

  constructor(
    readonly name: string,
    readonly port: number,
    readonly logFile: string,
    private readonly child: ChildProcess,
  ) {
    this.exited = new Promise((res) => {
      child.once('exit', (code, signal) => {
        this.exitCode = code ?? (signal ? null : code);
        res(code);
      });
    });
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get running(): boolean {
    return this.exitCode === undefined;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** Waits until /health/ready answers 200 (database up, consumer in its group). */
  async ready(timeoutMs = 60_000): Promise<void> {
    await eventually(
      async () => {
        if (!this.running) throw new Error(`${this.name} exited before it was ready:\n${this.logTail()}`);
        const res = await fetch(this.url('/health/ready')).catch((e: Error) => e);
        if (res instanceof Error || res.status !== 200) {
          throw new Error(`${this.name} not ready: ${res instanceof Error ? res.message : await res.text()}`);
        }
      },
      { timeoutMs, intervalMs: 250 },
    );
  }

  signal(signal: NodeJS.Signals): void {
    if (this.running) this.child.kill(signal);
  }

  /** SIGTERM and wait for the orderly stop; returns the exit code. */
  async stop(): Promise<number | null> {
    this.signal('SIGTERM');
    return this.exited;
  }

  logTail(lines = 40): string {
    try {
      return readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }
}

/** Starts one app from the checkout (swc on load, no build), with its stdout/stderr in a log file. */
export async function startApp(
  app: AppName,
  env: Record<string, string>,
  label: string = app,
): Promise<AppProcess> {
  mkdirSync(logDir, { recursive: true });
  const port = await freePort();
  const logFile = resolve(logDir, `${uniqueName(label)}.log`);
  const out = createWriteStream(logFile);
  const child = spawn(process.execPath, [...APP_NODE_ARGS, 'scripts/run-ts.cjs', `apps/${app}/src/main.ts`], {
    cwd: repoRoot,
    env: { ...process.env, LOG_LEVEL: 'info', ...env, HTTP_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  return new AppProcess(label, port, logFile, child);
}

/** A database of its own for one test (migrated, registry loaded), dropped by `drop`. */
export async function createMigratedDatabase(
  label: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const db = await createScratchDatabase(label);
  const ds = await openTestDataSource(db.url);
  try {
    await runMigrations(ds);
    await syncAssetRegistry(ds, LIBYA_REGISTRY.assets);
  } finally {
    await ds.destroy();
  }
  return db;
}

/** Environment for a pipeline isolated from every other test: own topics (prefix), groups and database. */
export function pipelineEnv(databaseUrl: string, prefix = `${uniqueName('pipe')}.`): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    KAFKA_TOPIC_PREFIX: prefix,
    KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '',
    INGESTOR_GROUP_ID: `${prefix}ingestor`,
    SCORER_GROUP_ID: `${prefix}scorer`,
    SCORER_CLOCK: 'event',
    SCORE_REFRESH_INTERVAL_MS: '0',
    RAW_TOPIC_PARTITIONS: '3',
    SHUTDOWN_TIMEOUT_MS: '20000',
  };
}
