/**
 * Latency benchmark of the risk officer's HTTP API (not a test). Creates a scratch database
 * `crescent_bench_<time>` on the local PostgreSQL, migrates it, syncs the registry, writes a
 * year of hourly scores for every asset and `LY` (one INSERT … SELECT generate_series per
 * series), starts the api as a child process (swc on load, the way `npm run start:api` runs
 * it; steady-state code is the same JavaScript a build emits) and drives it with autocannon:
 * 200 connections, 15 s per endpoint. Prints JSON (also written to .cache/bench/api.json),
 * then stops the api and drops the database. Usage:
 *   npm run bench:api [-- --duration 15] [--connections 200] [--cpu-prof DIR]
 * `--cpu-prof DIR` runs the api under `node --cpu-prof` and leaves its profile in DIR.
 * `--floor` also drives a bare node:http server (its own process) that answers every request
 * with the api's `/v1/scores` response bytes: what this machine, at its current load, allows
 * any Node server at all (the `floor` entry of the output).
 * Target: p99 under 50 ms for every endpoint. autocannon runs in this process, so on a small
 * machine it competes with the api and PostgreSQL for CPU: the load average is reported.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import autocannon from 'autocannon';
import { APP_NODE_ARGS } from '@crescent/config';
import { LIBYA_REGISTRY } from '@crescent/domain';
import { ApiKeyRepository, createDataSource, runMigrations, syncAssetRegistry } from '@crescent/persistence';
import { cpuSecondsOf } from './proc-cpu';

const argv = process.argv.slice(2);
const option = (name: string, fallback: number): number =>
  Number(argv[argv.indexOf(`--${name}`) + 1] ?? '') || fallback;
const DURATION_S = option('duration', 15);
const CONNECTIONS = option('connections', 200);
const PORT = option('port', 3917);
const ROOT = resolve(__dirname, '..');
const RESULT_FILE = resolve(ROOT, '.cache', 'bench', 'api.json');
const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const HOURS_PER_YEAR = 8760;
const FLOOR = argv.includes('--floor');
const CPU_PROF_DIR = argv.includes('--cpu-prof')
  ? resolve(argv[argv.indexOf('--cpu-prof') + 1] ?? '.')
  : undefined;

function databaseUrl(name: string): string {
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

const dataSource = (url: string) =>
  createDataSource({ DATABASE_URL: url, PGLITE_DATA_DIR: '', DATABASE_POOL_SIZE: 2 });

/** A year of hourly scores per series, ending at `now` (an hour boundary); plus state, events, alerts. */
async function seed(url: string, now: Date): Promise<{ key: string; rows: number }> {
  const ds = dataSource(url);
  await ds.initialize();
  try {
    await runMigrations(ds);
    await syncAssetRegistry(ds, LIBYA_REGISTRY.assets);
    const series = [...LIBYA_REGISTRY.assets.map((a) => a.id), 'LY'];
    let rows = 0;
    for (const [i, assetId] of series.entries()) {
      // Deterministic wave per asset; LY carries the national detail the API exposes.
      const inserted: Array<{ n: string }> = await ds.query(
        `WITH ins AS (
           INSERT INTO score_history (asset_id, seq, as_of, score, p_disruption, expected_loss_kbd,
                                      baseline_kbd, status, drivers, detail, model_version, published_at)
           SELECT $1, n, $2::timestamptz - make_interval(hours => $3 - n),
                  s, s / 100, s * 2.5, 250,
                  CASE WHEN s >= 70 THEN 'disrupted' WHEN s >= 40 THEN 'elevated' ELSE 'normal' END,
                  jsonb_build_array(jsonb_build_object('eventId', 'bench-' || (n % 97), 'channel', 'attack',
                                                       'contribution', round((s / 3)::numeric, 2))),
                  CASE WHEN $1 = 'LY' THEN jsonb_build_object('p10Kbd', 900 - s, 'p50Kbd', 1000 - s,
                                                              'p90Kbd', 1100 - s, 'lossShare', s / 100)
                  END,
                  'bench-1', now()
             FROM generate_series(1, $3) AS n,
                  LATERAL (SELECT 50 + 45 * sin(n / 24.0 + $4) AS s) w
           RETURNING 1)
         SELECT count(*)::text AS n FROM ins`,
        [assetId, now.toISOString(), HOURS_PER_YEAR, i],
      );
      rows += Number(inserted[0]?.n ?? 0);
    }
    await ds.query(
      `INSERT INTO asset_state (asset_id, state, seq, last_status, model_version)
       SELECT unnest($1::text[]), '{}'::jsonb, $2, 'normal', 'bench-1'`,
      [series, HOURS_PER_YEAR],
    );
    await ds.query(
      `INSERT INTO events (id, source, kind, occurred_at, known_at, type, actors, primary_actor, location,
                           assets, severity, confidence, summary, evidence, raw_ref, content_hash)
       SELECT 'bench-' || n, 'bench', 'conflict', $1::timestamptz - make_interval(hours => n * 7),
              $1::timestamptz - make_interval(hours => n * 7), 'attack', '["LNA"]', 'LNA', '{}',
              jsonb_build_array($2::text), 0.6, 0.8, 'bench event ' || n, '[]', 'bench:' || n, md5(n::text)
         FROM generate_series(1, 1000) AS n`,
      [now.toISOString(), series[0]],
    );
    await ds.query(
      `INSERT INTO impacts (event_id, asset_id, event_type, channel, intensity, at, explanation)
       SELECT id, $1, 'attack', 'attack', 0.5, occurred_at, 'bench' FROM events`,
      [series[0]],
    );
    await ds.query(
      `INSERT INTO alerts (asset_id, seq, as_of, previous_status, status, score, expected_loss_kbd,
                           drivers, model_version, published_at)
       SELECT asset_id, seq, as_of, 'normal', status, score, expected_loss_kbd, drivers, model_version, now()
         FROM score_history WHERE seq % 500 = 0`,
    );
    await ds.query(`ANALYZE`);
    const issued = await new ApiKeyRepository().create(ds.manager, 'bench', 'viewer');
    return { key: issued.key, rows };
  } finally {
    await ds.destroy();
  }
}

async function waitForReady(base: string, api: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (api.exitCode !== null) throw new Error(`the api exited (${api.exitCode}) before it was ready`);
    try {
      const res = await fetch(`${base}/health/ready`);
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (e) {
      last = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the api was not ready within 60 s (last: ${last})`);
}

interface EndpointResult {
  endpoint: string;
  connections: number;
  durationS: number;
  requests: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
  /** CPU time the api process spent per request (user + system): moves less with other load than latency. */
  apiCpuMsPerRequest: number;
}

async function drive(base: string, path: string, key: string, apiPid: number): Promise<EndpointResult> {
  const cpuBefore = cpuSecondsOf(apiPid);
  const r = await autocannon({
    url: `${base}${path}`,
    connections: CONNECTIONS,
    duration: DURATION_S,
    headers: { 'x-api-key': key },
  });
  const requests = r.requests.total;
  const result: EndpointResult = {
    endpoint: path,
    connections: CONNECTIONS,
    durationS: DURATION_S,
    requests,
    rps: Math.round(r.requests.average),
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    apiCpuMsPerRequest: Number(
      (((cpuSecondsOf(apiPid) - cpuBefore) * 1000) / Math.max(requests, 1)).toFixed(3),
    ),
  };
  // A benchmark of 401s, 429s or refused connections measures nothing.
  if (requests === 0 || (result.errors + result.non2xx) * 2 > requests)
    throw new Error(`most requests to ${path} failed: ${JSON.stringify(result)}`);
  return result;
}

/** A bare node:http server in its own process answering every request with `body`, driven like the api. */
async function driveFloor(base: string, key: string): Promise<EndpointResult> {
  const res = await fetch(`${base}/v1/scores`, { headers: { 'x-api-key': key } });
  const body = Buffer.from(await res.arrayBuffer()).toString('base64');
  const code = `
    const body = Buffer.from(process.env.FLOOR_BODY, 'base64');
    require('node:http')
      .createServer((req, res) => {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
        res.end(body);
      })
      .listen(Number(process.env.FLOOR_PORT), '127.0.0.1', () => console.error('floor server ready'));`;
  const port = PORT + 1;
  const server = spawn(process.execPath, ['-e', code], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, FLOOR_BODY: body, FLOOR_PORT: String(port) },
  });
  try {
    const floorBase = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        await fetch(`${floorBase}/`);
        break;
      } catch (e) {
        if (Date.now() > deadline) throw e;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    await autocannon({ url: `${floorBase}/v1/scores`, connections: 20, duration: 2 });
    return {
      ...(await drive(floorBase, '/v1/scores', key, server.pid ?? 0)),
      endpoint: 'floor: node:http, same body',
    };
  } finally {
    server.kill('SIGTERM');
    await once(server, 'exit');
  }
}

async function main(): Promise<void> {
  const name = `crescent_bench_${Date.now()}`;
  const admin = dataSource(SERVER_URL);
  await admin.initialize();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = databaseUrl(name);
  let api: ChildProcess | undefined;
  try {
    const now = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
    const seedStart = process.hrtime.bigint();
    const { key, rows } = await seed(url, now);
    const seedS = Number(process.hrtime.bigint() - seedStart) / 1e9;
    console.error(`seeded ${rows} score rows in ${seedS.toFixed(1)} s`);

    const profile = CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF_DIR}`] : [];
    api = spawn(
      process.execPath,
      [...APP_NODE_ARGS, ...profile, 'scripts/run-ts.cjs', 'apps/api/src/main.ts'],
      {
        cwd: ROOT,
        // The api's log goes to stderr: stdout carries only the JSON summary.
        stdio: ['ignore', process.stderr, 'inherit'],
        env: {
          ...process.env,
          DATABASE_URL: url,
          HTTP_HOST: '127.0.0.1',
          HTTP_PORT: String(PORT),
          LOG_LEVEL: 'warn',
          // The per-key limit would turn this into a 429 benchmark.
          API_RATE_LIMIT_PER_MINUTE: '100000000',
        },
      },
    );
    if (api.pid === undefined) throw new Error('the api did not start');
    const base = `http://127.0.0.1:${PORT}`;
    await waitForReady(base, api);

    // A risk officer's queries: the board of latest scores, the last 30 days of the largest
    // export terminal, and the national score over a quarter at one point a day.
    const day = 86_400_000;
    const iso = (t: number) => new Date(t).toISOString();
    const endpoints = [
      '/v1/scores',
      `/v1/scores/es-sider/history?from=${iso(now.getTime() - 30 * day)}&to=${iso(now.getTime())}`,
      `/v1/national/history?from=${iso(now.getTime() - 90 * day)}&to=${iso(now.getTime())}&step=P1D`,
    ];
    const results: EndpointResult[] = [];
    for (const path of endpoints) {
      // A short warm-up, so the JIT and the pool are not part of the numbers.
      await autocannon({
        url: `${base}${path}`,
        connections: 20,
        duration: 2,
        headers: { 'x-api-key': key },
      });
      results.push(await drive(base, path, key, api.pid ?? 0));
    }
    const floor = FLOOR ? await driveFloor(base, key) : undefined;
    const summary = {
      at: new Date().toISOString(),
      scoreRows: rows,
      api: `node ${APP_NODE_ARGS.join(' ')} scripts/run-ts.cjs apps/api/src/main.ts (LOG_LEVEL=warn)`,
      loadAvg1m: Number(loadavg()[0]?.toFixed(2)),
      targetP99Ms: 50,
      met: results.every((r) => r.p99Ms < 50),
      results,
      ...(floor ? { floor } : {}),
    };
    console.log(JSON.stringify(summary, null, 2));
    mkdirSync(dirname(RESULT_FILE), { recursive: true });
    writeFileSync(RESULT_FILE, `${JSON.stringify(summary, null, 2)}\n`);
  } finally {
    if (api && api.exitCode === null) {
      api.kill('SIGTERM');
      await once(api, 'exit');
    }
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.destroy();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
