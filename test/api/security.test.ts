import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import type { DataSource } from 'typeorm';
import { ApiKeyRepository } from '@crescent/persistence';
import { type AppProcess, createMigratedDatabase, startApp } from '../support/apps';
import { createScratchDatabase, openTestDataSource } from '../support/database';
import { eventually } from '../support/eventually';

/*
 * The api's security guarantees (issue #9; docs/security.md), against real PostgreSQL:
 * every route the app registers needs a key except an explicit public list, keys are stored
 * as hashes only, no secret reaches the logs, CORS is closed, and request sizes are bounded.
 */

/**
 * Routes that answer without a key, and why: health for orchestrators; the dashboard page, its
 * script, style and Libya's outline (static files holding no data, the page asks for the key);
 * the OpenAPI UI and document (a description of the API, no data). Everything else needs a key.
 */
const PUBLIC_ROUTES: readonly RegExp[] = [
  /^\/health\/(live|ready)$/,
  /^\/$/,
  /^\/dashboard\/(libya\.json|:file)$/,
  /^\/docs(-yaml|\/.*)?$/,
];

interface Route {
  readonly method: string;
  readonly url: string;
}

const execFileAsync = promisify(execFile);
const keys = new ApiKeyRepository();
let db: { url: string; drop: () => Promise<void> };
let ds: DataSource;
let viewerKey: string;
let adminKey: string;

beforeAll(async () => {
  db = await createMigratedDatabase('security');
  ds = await openTestDataSource(db.url);
  viewerKey = (await keys.create(ds.manager, 'security viewer', 'viewer')).key;
  adminKey = (await keys.create(ds.manager, 'security admin', 'admin')).key;
});

afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
});

/** Every route the api registers, listed by the api's own setup in a child process. */
async function apiRoutes(): Promise<Route[]> {
  const { stdout } = await execFileAsync(
    process.execPath,
    ['scripts/run-ts.cjs', 'test/support/api-routes.ts'],
    {
      cwd: resolve(__dirname, '..', '..'),
      env: { ...process.env, DATABASE_URL: db.url },
      maxBuffer: 1 << 20,
    },
  );
  return JSON.parse(stdout) as Route[];
}

describe('every route but the public list needs a key', () => {
  let api: AppProcess;
  let routes: Route[];

  beforeAll(async () => {
    [routes, api] = await Promise.all([
      apiRoutes(),
      startApp('api', { DATABASE_URL: db.url, API_RATE_LIMIT_PER_MINUTE: '10000' }, 'api-routes'),
    ]);
    await api.ready();
  });

  afterAll(async () => {
    await api?.stop();
  });

  /** A request to the route with its parameters filled in, e.g. /v1/assets/:id → /v1/assets/x. */
  async function request(route: Route, key: string | null): Promise<number> {
    const url = route.url.replace(/:[A-Za-z]+/g, 'x').replace(/\*$/, 'x');
    const res = await fetch(api.url(url), {
      method: route.method,
      headers: key === null ? {} : { 'x-api-key': key },
    });
    await res.body?.cancel();
    return res.status;
  }

  it('the list holds the data, stream, key and metrics routes (it is not empty)', () => {
    const urls = new Set(routes.map((r) => r.url));
    for (const url of ['/v1/assets', '/v1/scores', '/v1/stream', '/v1/keys', '/metrics', '/health/ready'])
      expect(urls).toContain(url);
  });

  it('each non-public route answers 401 without a key and with an unknown one, even right after a keyed read', async () => {
    const keyed = routes.filter((r) => !PUBLIC_ROUTES.some((p) => p.test(r.url)));
    expect(keyed.length).toBeGreaterThanOrEqual(12);
    const open: string[] = [];
    for (const route of keyed) {
      // A read with a valid key first, so an answer kept in memory (the read cache) is there
      // to be served: it must not be served to a request without one. (Not the endless stream.)
      if (route.url !== '/v1/stream') await request(route, viewerKey);
      for (const key of [null, `crk_${randomBytes(32).toString('base64url')}`]) {
        const status = await request(route, key);
        if (status !== 401)
          open.push(`${route.method} ${route.url} (${key ? 'unknown key' : 'no key'}): ${status}`);
      }
    }
    expect(open).toEqual([]);
  });

  it('the public pages answer without a key', async () => {
    const pages = [
      '/health/live',
      '/health/ready',
      '/',
      '/dashboard/app.js',
      '/dashboard/libya.json',
      '/docs',
      '/docs/openapi.json',
    ];
    const urls = new Set(routes.map((r) => r.url));
    const answers: Array<[string, number]> = [];
    for (const page of pages) {
      const route = page.startsWith('/dashboard/app') ? '/dashboard/:file' : page;
      expect(urls).toContain(route);
      const res = await fetch(api.url(page));
      await res.body?.cancel();
      answers.push([page, res.status]);
    }
    expect(answers).toEqual(pages.map((p) => [p, 200]));
  });

  it('/metrics answers a valid key', async () => {
    expect(await request({ method: 'GET', url: '/metrics' }, viewerKey)).toBe(200);
  });

  it('a keyed answer that does not choose its caching is no-store: the key list, /metrics, refusals', async () => {
    // x-api-key is not Authorization: a shared cache would treat these as public answers.
    const cacheControl = async (url: string, key: string | null): Promise<[string, number, string]> => {
      const res = await fetch(api.url(url), { headers: key === null ? {} : { 'x-api-key': key } });
      await res.body?.cancel();
      return [url, res.status, res.headers.get('cache-control') ?? '(none)'];
    };
    expect([
      await cacheControl('/v1/keys', adminKey),
      await cacheControl('/metrics', viewerKey),
      await cacheControl('/v1/keys', viewerKey),
      await cacheControl('/v1/assets', null),
      await cacheControl('/v1/assets/no-such-asset', viewerKey),
      await cacheControl('/v1/assets', viewerKey),
      await cacheControl('/', null),
    ]).toEqual([
      ['/v1/keys', 200, 'no-store'],
      ['/metrics', 200, 'no-store'],
      ['/v1/keys', 403, 'no-store'],
      ['/v1/assets', 401, 'no-store'],
      ['/v1/assets/no-such-asset', 404, 'no-store'],
      ['/v1/assets', 200, 'private, no-cache'],
      ['/', 200, 'no-cache'],
    ]);
  });
});

describe('keys at rest', () => {
  it('only the SHA-256 of a key is stored: no column of its row holds the key', async () => {
    const issued = await keys.create(ds.manager, 'at rest', 'viewer');
    const rows: Array<Record<string, unknown>> = await ds.query('SELECT * FROM api_keys WHERE id = $1', [
      issued.id,
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.key_hash).toBe(createHash('sha256').update(issued.key).digest('hex'));
    expect(JSON.stringify(rows[0])).not.toContain(issued.key);
    expect(JSON.stringify(rows[0])).not.toContain(issued.key.slice(4));
  });
});

describe('the running api process', () => {
  let api: AppProcess;
  const dbPassword = `dbpw-${randomBytes(9).toString('base64url')}`;
  const wrongKey = `crk_${randomBytes(32).toString('base64url')}`;

  beforeAll(async () => {
    // PostgreSQL here trusts local connections, so a password in the URL is accepted and
    // ignored: enough to see whether the api ever writes it out.
    const url = new URL(db.url);
    url.password = dbPassword;
    api = await startApp(
      'api',
      { DATABASE_URL: url.toString(), LOG_LEVEL: 'trace', API_RATE_LIMIT_PER_MINUTE: '1000' },
      'api-security',
    );
    await api.ready();
  });

  afterAll(async () => {
    await api?.stop();
  });

  function send(path: string, init: RequestInit = {}): Promise<Response> {
    return fetch(api.url(path), init);
  }

  it('CORS is closed: a preflight and a cross-origin read get no Access-Control-Allow-Origin', async () => {
    const preflight = await send('/v1/scores', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://elsewhere.example',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'x-api-key',
      },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-headers')).toBeNull();
    const read = await send('/v1/scores', {
      headers: { origin: 'https://elsewhere.example', 'x-api-key': viewerKey },
    });
    expect(read.status).toBe(200);
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('request sizes are bounded: a body over 1 MiB is 413, a long path parameter 414, a 20 kB query 431', async () => {
    const body = await send('/v1/scores', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': viewerKey },
      body: JSON.stringify({ pad: 'x'.repeat(1_100_000) }),
    });
    expect(body.status).toBe(413);
    expect(
      (await send(`/v1/assets/${'a'.repeat(200)}`, { headers: { 'x-api-key': viewerKey } })).status,
    ).toBe(414);
    expect(
      (await send(`/v1/scores?kind=${'a'.repeat(20_000)}`, { headers: { 'x-api-key': viewerKey } })).status,
    ).toBe(431);
  });

  it('a key put in the URL is never echoed: every refusal names the request with the key redacted', async () => {
    const viewer = { 'x-api-key': viewerKey };
    const refusals: Array<[string, RequestInit]> = [
      [`/v1/scores?api_key=${viewerKey}`, {}], // 401: the header is the only place a key is read
      [`/metrics?apiKey=${viewerKey}`, {}], // 401 from the operational-route hook
      [`/v1/keys?x-api-key=${adminKey}`, { headers: viewer }], // 403
      [`/v1/scores?kind=field&api_key=${viewerKey}`, { headers: viewer }], // 400: a parameter it does not take
      [`/v1/nowhere?token=${viewerKey}`, { headers: viewer }], // 404: no such route
      [`/v1/events/${viewerKey}`, { headers: viewer }], // 404: the key as an event id
      [`/v1/scores?api_key=${viewerKey}`, { method: 'DELETE', headers: viewer }], // 405
      [`/v1/assets/${'a'.repeat(200)}?api_key=${viewerKey}`, { headers: viewer }], // 414, from Fastify
    ];
    const answers: Array<[number, string]> = [];
    for (const [path, init] of refusals) {
      const res = await send(path, init);
      const body = await res.text();
      expect([path, res.headers.get('content-type')]).toEqual([
        path,
        expect.stringContaining('problem+json'),
      ]);
      expect([path, body.includes(viewerKey) || body.includes(adminKey)]).toEqual([path, false]);
      answers.push([res.status, (JSON.parse(body) as { instance: string }).instance]);
    }
    expect(answers).toEqual([
      [401, '/v1/scores?api_key=REDACTED'],
      [401, '/metrics?apiKey=REDACTED'],
      [403, '/v1/keys?x-api-key=REDACTED'],
      [400, '/v1/scores?kind=field&api_key=REDACTED'],
      [404, '/v1/nowhere?token=REDACTED'],
      [404, '/v1/events/REDACTED'],
      [405, '/v1/scores?api_key=REDACTED'],
      [414, `/v1/assets/${'a'.repeat(200)}?api_key=REDACTED`],
    ]);
  });

  it('no key, key hash or database password in the logs: boot, a valid key, an unknown key, a revoked key', async () => {
    const revoked = await keys.create(ds.manager, 'to revoke', 'viewer');
    await keys.revoke(ds.manager, revoked.id);
    const statuses = [
      (await send('/v1/scores', { headers: { 'x-api-key': viewerKey } })).status,
      (await send('/v1/keys', { headers: { 'x-api-key': adminKey } })).status,
      (await send('/v1/keys', { headers: { 'x-api-key': viewerKey } })).status,
      (await send('/metrics', { headers: { 'x-api-key': viewerKey } })).status,
      (await send('/v1/scores', { headers: { 'x-api-key': wrongKey } })).status,
      (await send('/v1/scores', { headers: { 'x-api-key': revoked.key } })).status,
      (await send('/v1/scores', { headers: { authorization: `Bearer ${wrongKey}` } })).status,
      (await send(`/v1/events/${encodeURIComponent(wrongKey)}`, { headers: { 'x-api-key': viewerKey } }))
        .status,
    ];
    expect(statuses).toEqual([200, 200, 403, 200, 401, 401, 401, 404]);
    await api.stop();

    const log = await readFile(api.logFile, 'utf8');
    // Not vacuous: the boot was logged, with the database named without its password.
    const dbName = new URL(db.url).pathname;
    expect(log).toContain(`connected to postgres://127.0.0.1:5432${dbName}`);
    const secrets = {
      dbPassword,
      viewerKey,
      adminKey,
      revokedKey: revoked.key,
      viewerKeyHash: createHash('sha256').update(viewerKey).digest('hex'),
      adminKeyHash: createHash('sha256').update(adminKey).digest('hex'),
      wrongKeyHash: createHash('sha256').update(wrongKey).digest('hex'),
    };
    const leaked = Object.entries(secrets)
      .filter(([, secret]) => log.includes(secret))
      .map(([name]) => name);
    expect(leaked).toEqual([]);
  });
});

describe('an api whose database fails', () => {
  it('logs the failure with the request it served, but not a key put in its URL, and does not echo it either', async () => {
    // Without its schema every keyed request fails in the key lookup: a 500 logged with the request.
    const empty = await createScratchDatabase('security-500');
    const api = await startApp('api', { DATABASE_URL: empty.url }, 'api-security-500');
    try {
      await eventually(async () => expect((await fetch(api.url('/health/live'))).status).toBe(200));
      const res = await fetch(api.url(`/v1/scores?api_key=${viewerKey}`), {
        headers: { 'x-api-key': `crk_${randomBytes(32).toString('base64url')}` },
      });
      const body = await res.text();
      expect(res.status).toBe(500);
      expect(body).not.toContain(viewerKey);
      expect((JSON.parse(body) as { instance: string }).instance).toBe('/v1/scores?api_key=REDACTED');
    } finally {
      await api.stop();
      await empty.drop();
    }
    const log = await readFile(api.logFile, 'utf8');
    // Not vacuous: the failure was logged with the request's URL.
    expect(log).toContain('"url":"/v1/scores?api_key=REDACTED"');
    expect(log).not.toContain(viewerKey);
  });
});

describe('CORS allow-list (API_CORS_ORIGINS)', () => {
  let api: AppProcess;

  beforeAll(async () => {
    api = await startApp(
      'api',
      { DATABASE_URL: db.url, API_CORS_ORIGINS: 'https://desk.example, http://127.0.0.1:8080' },
      'api-cors',
    );
    await api.ready();
  });

  afterAll(async () => {
    await api?.stop();
  });

  async function preflight(origin: string): Promise<Headers> {
    const res = await fetch(api.url('/v1/scores'), {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'x-api-key',
      },
    });
    await res.body?.cancel();
    return res.headers;
  }

  it('a listed origin may send the key header and read; any other origin still gets nothing', async () => {
    const allowed = await preflight('https://desk.example');
    expect(allowed.get('access-control-allow-origin')).toBe('https://desk.example');
    expect(allowed.get('access-control-allow-headers')).toContain('x-api-key');
    expect(allowed.get('access-control-allow-credentials')).toBeNull();
    expect((await preflight('https://elsewhere.example')).get('access-control-allow-origin')).toBeNull();

    const read = await fetch(api.url('/v1/scores'), {
      headers: { origin: 'http://127.0.0.1:8080', 'x-api-key': viewerKey },
    });
    expect(read.status).toBe(200);
    expect(read.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:8080');
    // The list opens reads to those pages, not the key check.
    const keyless = await fetch(api.url('/v1/scores'), { headers: { origin: 'https://desk.example' } });
    expect(keyless.status).toBe(401);
  });
});
