import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import {
  APP_NODE_ARGS,
  apiConfigSchema,
  databaseSchema,
  loadConfig,
  loadLocalDatabaseConfig,
  loadLocalKafkaConfig,
} from '@crescent/config';
import { LIBYA_REGISTRY } from '@crescent/domain';
import { LocalKafkaBroker, locateRepoRoot } from '@crescent/kafka';
import {
  ApiKeyRepository,
  createDataSource,
  PGliteServer,
  runMigrations,
  syncAssetRegistry,
} from '@crescent/persistence';
import type { CliCommand, CliIo } from './command';
import { replayCommand } from './replay.command';

const USAGE = `usage: crescent up [--demo]       (npm start, npm start -- --demo, npm run demo)

Runs the whole of Crescent on this machine:
  1. Kafka: KAFKA_BROKERS if set, otherwise the project's local broker (started, or reused).
  2. PostgreSQL: DATABASE_URL if set, otherwise the embedded PGlite database in
     PGLITE_DATA_DIR (.data/pglite), which this process serves to the apps over the
     PostgreSQL protocol on 127.0.0.1:PGLITE_PORT (54320), one transaction at a time.
     Migrations are applied and the asset registry loaded.
  3. The api (HTTP_PORT, default 3000), ingestor (+1) and scorer (+2) as child processes,
     each the same program that runs alone in production. Their JSON logs go to stdout.
  4. An admin API key for this run, printed once, and the dashboard's address with it.
--demo  also replays the bundled January-November 2020 history into geo.events.raw.v1 on an
        accelerated clock (two days a second; the scorer runs in event time), so the Oil
        Crescent turns red within a minute.
Ctrl-C (or SIGTERM) stops the apps in order, then closes PGlite, then stops the broker if
this command started it.`;

const DEMO_HISTORY = 'data/history/libya-2020.jsonl';
/** Event-seconds per wall second in the demo: two days a second. */
const DEMO_SPEED = 2 * 86_400;

const APPS = ['ingestor', 'scorer', 'api'] as const;

/** The database the apps will use: DATABASE_URL, or the embedded PGlite served from here. */
async function openDatabase(
  io: CliIo,
  root: string,
  say: (line: string) => void,
): Promise<{ url: string; server?: PGliteServer; where: string }> {
  if (io.env.DATABASE_URL) {
    const url = new URL(io.env.DATABASE_URL);
    return { url: io.env.DATABASE_URL, where: `${url.host}${url.pathname}` };
  }
  const config = loadLocalDatabaseConfig(io.env);
  const dataDir = resolve(root, config.PGLITE_DATA_DIR);
  say(`database: embedded PGlite in ${dataDir} (no DATABASE_URL)`);
  const server = await PGliteServer.start({
    dataDir,
    port: config.PGLITE_PORT,
    onError: (err) => say(`database: a connection failed and was closed: ${err.message}`),
  });
  return { url: server.url, server, where: `PGlite ${dataDir}, served at ${server.url}` };
}

/** What `npm start` names the admin key it issues for a run. */
export const RUN_KEY_PREFIX = 'npm start ';

/**
 * Applies migrations, loads the registry, and issues an admin API key for this run. The
 * keys earlier runs issued are revoked first: each was printed for its run only, and an
 * admin key left live by every start (or by a run that was killed) would pile up.
 */
export async function prepareDatabase(url: string): Promise<{ key: string; revoked: number }> {
  const ds = await createDataSource(loadConfig(databaseSchema, { DATABASE_URL: url })).initialize();
  try {
    await runMigrations(ds);
    await syncAssetRegistry(ds, LIBYA_REGISTRY.assets);
    const keys = new ApiKeyRepository();
    let revoked = 0;
    for (const k of await keys.list(ds.manager))
      if (k.name.startsWith(RUN_KEY_PREFIX) && k.role === 'admin' && k.revokedAt === null) {
        await keys.revoke(ds.manager, k.id);
        revoked++;
      }
    const issued = await keys.create(ds.manager, `${RUN_KEY_PREFIX}${new Date().toISOString()}`, 'admin');
    return { key: issued.key, revoked };
  } finally {
    await ds.destroy();
  }
}

async function waitReady(port: number, child: ChildProcess): Promise<void> {
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`an app on :${port} exited during start`);
    const ok = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 500));
  }
}

function waitExit(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((res) => child.once('exit', () => res()));
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const demo = args.includes('--demo');
  const unknown = args.filter((a) => a !== '--demo');
  if (unknown.length > 0) {
    io.stderr.write(`crescent up: unknown option ${unknown.join(' ')}\n${USAGE}\n`);
    return 2;
  }
  // The api's HTTP_PORT, read as the api reads it (the ingestor and scorer get the next two
  // ports): Number() took "0x10" as 16 and passed the apps a port they would have refused,
  // and "" as port 0. Before anything starts, so a bad value leaves nothing to undo.
  const apiPort = loadConfig(apiConfigSchema.pick({ HTTP_PORT: true }), io.env).HTTP_PORT;
  const root = await locateRepoRoot(io.cwd);
  const say = (line: string): boolean => io.stderr.write(`crescent: ${line}\n`);

  // Until the apps run, Ctrl-C (or SIGTERM) lets the step in hand finish, so PGlite is never
  // cut off while it initialises its folder, then undoes what was started.
  let interrupted: NodeJS.Signals | undefined;
  const onEarlySignal = (signal: NodeJS.Signals): void => {
    if (!interrupted) say(`${signal}: stopping once the step in hand is done`);
    interrupted ??= signal;
  };
  process.on('SIGINT', onEarlySignal);
  process.on('SIGTERM', onEarlySignal);
  let broker: LocalKafkaBroker | undefined;
  let brokers = io.env.KAFKA_BROKERS;
  let database: Awaited<ReturnType<typeof openDatabase>> | undefined;
  let apiKey: string | undefined;
  /** Closes what this run opened, database then broker; also after the apps have stopped. */
  const closeStarted = async (): Promise<void> => {
    if (database?.server) {
      await database.server.stop().then(
        () => say('database: PGlite closed cleanly'),
        (err: unknown) => say(`database: PGlite did not close cleanly: ${(err as Error).message}`),
      );
    }
    if (broker) say(`kafka: ${(await broker.release(process.pid)).detail}`);
  };
  try {
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
    if (!interrupted) database = await openDatabase(io, root, say);
    if (!interrupted && database) {
      const prepared = await prepareDatabase(database.url);
      apiKey = prepared.key;
      if (prepared.revoked > 0)
        say(
          `revoked the admin key${prepared.revoked > 1 ? 's' : ''} of ${prepared.revoked} earlier run${prepared.revoked > 1 ? 's' : ''}`,
        );
    }
    if (interrupted || !database || apiKey === undefined) {
      await closeStarted();
      say('stopped before the apps started');
      return 0;
    }
  } catch (err) {
    await closeStarted();
    throw err;
  } finally {
    process.off('SIGINT', onEarlySignal);
    process.off('SIGTERM', onEarlySignal);
  }
  // From here to the handlers below nothing awaits, so no signal falls between them.
  const { url } = database;
  say(`database ready: ${database.where}`);

  const ports: Record<(typeof APPS)[number], number> = {
    api: apiPort,
    ingestor: apiPort + 1,
    scorer: apiPort + 2,
  };
  const children = APPS.map((app) => {
    const env: Record<string, string | undefined> = {
      ...io.env,
      DATABASE_URL: url,
      KAFKA_BROKERS: brokers,
      HTTP_PORT: String(ports[app]),
      ...(demo ? { SCORER_CLOCK: 'event', SCORE_REFRESH_INTERVAL_MS: '0' } : {}),
    };
    const args = [...APP_NODE_ARGS, resolve(root, 'scripts/run-ts.cjs'), `apps/${app}/src/main.ts`];
    const child = spawn(process.execPath, args, {
      cwd: root,
      env,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    return { app, child };
  });
  say(`api on http://127.0.0.1:${apiPort} (OpenAPI: /docs, health: /health/ready, metrics: /metrics)`);
  say(`API key for this run (admin; send it as x-api-key): ${apiKey}`);
  say(`dashboard: http://127.0.0.1:${apiPort}/#key=${apiKey}`);
  say('Ctrl-C stops everything');

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
        await closeStarted();
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
  // The key is printed as soon as the apps are spawned; this says when they answer.
  const ready = (async () => {
    for (const { app, child } of children) await waitReady(ports[app], child);
    say(`ready: all three apps answer /health/ready; the api is at http://127.0.0.1:${apiPort}`);
  })();
  // An app that exits during start already stops the rest (above); nothing more to say here.
  ready.catch(() => undefined);
  if (demo) {
    void (async () => {
      await ready;
      say(`demo: replaying ${DEMO_HISTORY}, two days a second`);
      const code = await replayCommand.run(
        ['--input', resolve(root, DEMO_HISTORY), '--speed', String(DEMO_SPEED), '--max-gap', '2'],
        { ...io, env: { ...io.env, KAFKA_BROKERS: brokers } },
      );
      say(code === 0 ? 'demo: the 2020 history has been replayed' : `demo: replay failed (${code})`);
    })().catch((err: unknown) => say(`demo: ${(err as Error).message}`));
  }
  return stopped;
}

export const upCommand: CliCommand = {
  name: 'up',
  summary:
    'run everything locally: broker, database (PGlite unless DATABASE_URL), ingestor, scorer, api (npm start)',
  usage: USAGE,
  run,
};
