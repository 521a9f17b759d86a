import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { databaseSchema, loadConfig, loadLocalKafkaConfig } from '@crescent/config';
import { LIBYA_REGISTRY } from '@crescent/domain';
import { LocalKafkaBroker, locateRepoRoot } from '@crescent/kafka';
import { createDataSource, runMigrations, syncAssetRegistry } from '@crescent/persistence';
import type { CliCommand, CliIo } from './command';

const USAGE = `usage: crescent up        (npm start)

Runs the whole of Crescent on this machine:
  1. Kafka: KAFKA_BROKERS if set, otherwise the project's local broker (started, or reused).
  2. PostgreSQL: DATABASE_URL if set, otherwise the local server at 127.0.0.1:5432, database
     "crescent" (created if missing). Migrations are applied and the asset registry loaded.
  3. The ingestor (:3001), scorer (:3002) and api (:3000) as child processes, each the same
     program that runs alone in production. Their JSON logs go to stdout.
Ctrl-C (or SIGTERM) stops the apps in order, and the broker if this command started it.`;

const LOCAL_SERVER = 'postgres://postgres@127.0.0.1:5432/postgres';
const APPS = ['ingestor', 'scorer', 'api'] as const;

/** The database the apps will use, created on the local server when nothing is configured. */
async function databaseUrl(io: CliIo): Promise<string> {
  if (io.env.DATABASE_URL) return io.env.DATABASE_URL;
  const admin = new Client({ connectionString: LOCAL_SERVER });
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(
      `no DATABASE_URL and no PostgreSQL at 127.0.0.1:5432 (${(err as Error).message}); ` +
        'start one, or set DATABASE_URL',
    );
  }
  try {
    const exists: { rowCount: number | null } = await admin.query(
      `SELECT 1 FROM pg_database WHERE datname = 'crescent'`,
    );
    if (!exists.rowCount) await admin.query('CREATE DATABASE crescent');
  } finally {
    await admin.end();
  }
  return LOCAL_SERVER.replace(/\/postgres$/, '/crescent');
}

async function migrate(url: string): Promise<void> {
  const ds = await createDataSource(loadConfig(databaseSchema, { DATABASE_URL: url })).initialize();
  try {
    await runMigrations(ds);
    await syncAssetRegistry(ds, LIBYA_REGISTRY.assets);
  } finally {
    await ds.destroy();
  }
}

function waitExit(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((res) => child.once('exit', () => res()));
}

async function run(_args: readonly string[], io: CliIo): Promise<number> {
  const root = await locateRepoRoot(io.cwd);
  const say = (line: string): boolean => io.stderr.write(`crescent: ${line}\n`);

  let broker: LocalKafkaBroker | undefined;
  let brokers = io.env.KAFKA_BROKERS;
  if (!brokers) {
    broker = new LocalKafkaBroker({
      config: loadLocalKafkaConfig(io.env),
      repoRoot: root,
      onProgress: (m) => say(`kafka: ${m}`),
    });
    const started = await broker.acquire(process.pid);
    brokers = started.brokers.join(',');
    say(`Kafka ${started.version} at ${brokers}${started.reused ? ' (already running)' : ''}`);
  }
  const url = await databaseUrl(io);
  await migrate(url);
  say(`database ready: ${new URL(url).host}${new URL(url).pathname}`);

  const children = APPS.map((app) => {
    const child = spawn(process.execPath, [resolve(root, 'scripts/run-ts.cjs'), `apps/${app}/src/main.ts`], {
      cwd: root,
      env: { ...io.env, DATABASE_URL: url, KAFKA_BROKERS: brokers },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    return { app, child };
  });
  const api = Number(io.env.HTTP_PORT ?? 3000);
  say(`api on http://127.0.0.1:${api} (health: /health/ready, metrics: /metrics); Ctrl-C stops everything`);

  let stopping = false;
  const stopped = new Promise<number>((done) => {
    const stop = (why: string): void => {
      if (stopping) return;
      stopping = true;
      say(`${why}: stopping the apps`);
      // Reverse order: the api first, then the scorer, then the ingestor.
      void (async () => {
        for (const { child } of [...children].reverse()) {
          child.kill('SIGTERM');
          await waitExit(child);
        }
        if (broker) {
          const r = await broker.release(process.pid);
          say(`kafka: ${r.detail}`);
        }
        done(0);
      })();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
    for (const { app, child } of children) {
      child.once('exit', (code, signal) => {
        if (!stopping) {
          say(`${app} exited (${signal ?? code}); stopping the rest`);
          stop(`${app} exited`);
        }
      });
    }
  });
  return stopped;
}

export const upCommand: CliCommand = {
  name: 'up',
  summary: 'run everything locally: broker, database, ingestor, scorer, api (npm start)',
  usage: USAGE,
  run,
};
