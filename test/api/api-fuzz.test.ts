import type { DataSource } from 'typeorm';
import { ApiKeyRepository, ScorerStateRepository } from '@crescent/persistence';
import { type AppProcess, createMigratedDatabase, startApp } from '../support/apps';
import { openTestDataSource } from '../support/database';
import { Dice, fuzzSeed, HOSTILE_TEXT } from '../support/fuzz';

/*
 * Seeded hostile query strings, path parameters and headers against every /v1 endpoint of
 * the api on a real PostgreSQL: never a 5xx, every 4xx is application/problem+json, and a
 * 400 names a parameter the request carried. Reproduce with FUZZ_SEED=<the printed seed>.
 */

const REQUESTS = 1_000;

interface Endpoint {
  readonly path: string;
  readonly query: readonly string[];
  /** The path parameter, written `{name}` in `path`. */
  readonly param?: string;
  readonly admin?: boolean;
  readonly stream?: boolean;
}

const ENDPOINTS: readonly Endpoint[] = [
  { path: '/v1/assets', query: ['cursor', 'limit'] },
  { path: '/v1/assets/{id}', query: [], param: 'id' },
  { path: '/v1/scores', query: ['kind', 'status', 'minScore', 'cursor', 'limit'] },
  {
    path: '/v1/scores/{assetId}/history',
    query: ['from', 'to', 'step', 'cursor', 'limit'],
    param: 'assetId',
  },
  { path: '/v1/national', query: [] },
  { path: '/v1/national/history', query: ['from', 'to', 'step', 'cursor', 'limit'] },
  { path: '/v1/events', query: ['from', 'to', 'type', 'asset', 'cursor', 'limit'] },
  { path: '/v1/events/{id}', query: [], param: 'id' },
  { path: '/v1/alerts', query: ['from', 'to', 'asset', 'status', 'cursor', 'limit'] },
  { path: '/v1/keys', query: ['cursor', 'limit'], admin: true },
  { path: '/v1/stream', query: [], stream: true },
];

/** Plausible values, so that the hostile ones sit among parameters that pass. */
const GOOD: Record<string, readonly string[]> = {
  from: ['2020-01-17', '2020-01-17T00:00:00Z', '2019-12-31T23:00:00+02:00'],
  to: ['2020-01-19', '2020-02-01T00:00:00Z'],
  step: ['PT6H', 'P1D', 'PT1H'],
  limit: ['1', '50', '500'],
  kind: ['terminal', 'field', 'pipeline'],
  status: ['normal', 'elevated', 'high', 'critical', 'disrupted'],
  minScore: ['0', '35', '99.5'],
  type: ['force_majeure_declared', 'armed_clash'],
  asset: ['es-sider', 'sharara'],
  id: ['es-sider', 'ev-fm', 'event:fz-1'],
  assetId: ['es-sider', 'ras-lanuf', 'LY'],
  cursor: [],
};

const cursorOf = (v: unknown): string => Buffer.from(JSON.stringify(v), 'utf8').toString('base64url');

/** Values any parameter may get: wrong types, out of range, huge, and text PostgreSQL or a URL dislike. */
const HOSTILE_VALUES: readonly string[] = [
  // encodeURIComponent refuses lone surrogates; the raw fragments below cover broken UTF-8.
  ...HOSTILE_TEXT.filter((t) => !/[\ud800-\udfff]/.test(t)),
  '',
  ' ',
  '-1',
  '0',
  '501',
  '1e309',
  '-0',
  'NaN',
  'Infinity',
  '0x10',
  '1.5',
  '9'.repeat(400),
  'x'.repeat(4_000),
  'null',
  'undefined',
  '[]',
  '{}',
  '2020-02-30',
  '2020-13-01T00:00:00Z',
  '+275760-09-13T00:00:00Z',
  '-271821-04-20T00:00:00Z',
  '0000-01-01',
  '9999-12-31T23:59:59.999Z',
  '2020-01-18T12:00:00+99:00',
  'P',
  'PT0S',
  'P-1D',
  'PT0.0001S',
  'P1000000Y',
  'P1Y2M3W4DT5H6M7S',
  'terminal,field',
  'HIGH',
  'es-sider%',
  '%',
  '_',
  '../../etc/passwd',
  cursorOf(['es-sider']),
  cursorOf(['2020-01-18T12:00:00Z', 'ev-fm']),
  cursorOf(['not a time', 'x']),
  cursorOf(['2020-01-18T12:00:00Z', 3]),
  cursorOf(['\u0000', 1]),
  cursorOf(['x', 1e308]),
  cursorOf(['x', -1]),
  cursorOf([1, 2]),
  cursorOf([]),
  cursorOf({ a: 1 }),
  cursorOf(['a', 'b', 'c']),
  cursorOf(['+275760-09-13T00:00:00Z', 'x']),
  cursorOf(['2020-01-18T12:00:00Z', 'x'.repeat(3_000)]),
  '!!!not-base64!!!',
  'AAAA',
];

/** Raw URL fragments, not encoded: broken escapes, NUL, invalid UTF-8 once decoded, separators. */
const RAW_VALUES: readonly string[] = [
  '%00',
  'a%00b',
  '%ff',
  '%c0%af',
  '%ed%a0%80',
  '%zz',
  '%',
  '%%',
  '%e2%82',
  '+',
  '&',
  '==',
  '%26limit%3D1',
  '%0d%0aX-Injected:%201',
  '%uD800',
];

interface Request {
  readonly url: string;
  /** Parameter names the request carries (query, path, header): a 400 must name one of them. */
  readonly names: ReadonlySet<string>;
  /** It also carries a parameter the endpoint does not take: a 400 may name that one instead. */
  readonly extra?: boolean;
  readonly endpoint: Endpoint;
  readonly lastEventId?: string;
}

function value(d: Dice, name: string): string {
  const good = GOOD[name] ?? [];
  const r = d.next();
  if (r < 0.25 && good.length > 0) return encodeURIComponent(d.pick(good));
  if (r < 0.85) return encodeURIComponent(d.pick(HOSTILE_VALUES));
  return d.pick(RAW_VALUES);
}

function request(d: Dice): Request {
  const endpoint = d.pick(ENDPOINTS);
  // The path itself is a parameter too: a broken escape in it is refused naming `path`.
  const names = new Set<string>(['path']);
  let path = endpoint.path;
  if (endpoint.param) {
    path = path.replace(`{${endpoint.param}}`, value(d, endpoint.param) || 'x');
    names.add(endpoint.param);
  }
  const pairs: string[] = [];
  for (const name of endpoint.query) {
    if (!d.chance(0.5)) continue;
    names.add(name);
    pairs.push(`${name}=${value(d, name)}`);
    if (d.chance(0.1)) pairs.push(`${name}=${value(d, name)}`); // the same parameter twice
  }
  let extra = false;
  if (d.chance(0.1)) {
    pairs.push(`${encodeURIComponent(d.pick(HOSTILE_VALUES))}=${value(d, 'limit')}`);
    extra = true;
  }
  if (d.chance(0.05)) {
    pairs.push(d.pick(RAW_VALUES));
    extra = true;
  }
  const url = pairs.length > 0 ? `${path}?${d.shuffle(pairs).join('&')}` : path;
  if (!endpoint.stream) return { url, names, endpoint, extra };
  names.add('last-event-id');
  const header = d.pick([...HOSTILE_VALUES, '1', '0', '99999999999999999999', '1:2', 'abc']);
  return { url, names, endpoint, extra, lastEventId: /^[\x20-\x7e]*$/.test(header) ? header : 'x' };
}

interface Problem {
  readonly status: number;
  readonly title: string;
  readonly detail?: string;
  readonly 'invalid-params'?: ReadonlyArray<{ readonly name: string }>;
}

describe('api parameter fuzz (seeded, real PostgreSQL)', () => {
  let db: { url: string; drop: () => Promise<void> };
  let ds: DataSource;
  let api: AppProcess;
  let viewerKey: string;
  let adminKey: string;

  beforeAll(async () => {
    db = await createMigratedDatabase('api-fuzz');
    ds = await openTestDataSource(db.url);
    const keys = new ApiKeyRepository();
    viewerKey = (await keys.create(ds.manager, 'fuzz viewer', 'viewer')).key;
    adminKey = (await keys.create(ds.manager, 'fuzz admin', 'admin')).key;
    const scorer = new ScorerStateRepository();
    await ds.transaction((m) =>
      scorer.insertScores(
        m,
        ['es-sider', 'ras-lanuf', 'LY'].map((assetId, i) => ({
          assetId,
          seq: 1,
          asOf: `2020-01-1${7 + i}T00:00:00Z`,
          score: 40,
          pDisruption: 0.4,
          expectedLossKbd: 100,
          baselineKbd: 300,
          status: 'high',
          drivers: [],
          detail: assetId === 'LY' ? { p10Kbd: 0, p50Kbd: 10, p90Kbd: 50, lossShare: 0.01 } : null,
          modelVersion: 'fuzz',
        })),
      ),
    );
    api = await startApp('api', { DATABASE_URL: db.url, API_RATE_LIMIT_PER_MINUTE: '1000000' }, 'api-fuzz');
    await api.ready();
  });

  afterAll(async () => {
    await api?.stop();
    await ds?.destroy();
    await db?.drop();
  });

  it(`${REQUESTS.toLocaleString('en')} hostile requests across every /v1 endpoint: never a 5xx, every 4xx a problem naming its parameter`, async () => {
    const seed = fuzzSeed(20200120);
    const d = new Dice(seed);
    const requests = Array.from({ length: REQUESTS }, () => request(d));
    const byStatus: Record<string, number> = {};
    const failures: string[] = [];

    const run = async (r: Request): Promise<void> => {
      const abort = new AbortController();
      const headers: Record<string, string> = { 'x-api-key': r.endpoint.admin ? adminKey : viewerKey };
      if (r.lastEventId !== undefined) headers['last-event-id'] = r.lastEventId;
      const res = await fetch(api.url(r.url), { headers, signal: abort.signal });
      byStatus[res.status] = (byStatus[res.status] ?? 0) + 1;
      const type = res.headers.get('content-type') ?? '';
      if (res.status === 200 && r.endpoint.stream) {
        abort.abort(); // an open stream: its status is the answer
        return;
      }
      const body = await res.text();
      if (res.status >= 500) failures.push(`${res.status} ${r.url}: ${body.slice(0, 200)}`);
      else if (res.status >= 400) {
        if (!type.includes('application/problem+json')) {
          failures.push(`${res.status} ${r.url} is ${type}, not problem+json`);
          return;
        }
        const problem = JSON.parse(body) as Problem;
        if (problem.status !== res.status)
          failures.push(`${res.status} ${r.url}: problem says ${problem.status}`);
        if (res.status === 400) {
          const named = (problem['invalid-params'] ?? []).map((p) => p.name.toLowerCase());
          // A parameter the endpoint does not take is refused by the name the server decoded.
          const unknownExtra = r.extra === true && (problem.detail ?? '').startsWith('unknown parameter');
          if (!unknownExtra && !named.some((n) => [...r.names].some((m) => m.toLowerCase() === n)))
            failures.push(
              `400 ${r.url}: names ${JSON.stringify(named)}, not one of ${[...r.names].join(', ')}`,
            );
        }
      } else if (res.status !== 200) failures.push(`${res.status} ${r.url}`);
    };

    // Eight at a time: enough to overlap, not enough to trouble a shared 2-core machine.
    for (let i = 0; i < requests.length; i += 8) await Promise.all(requests.slice(i, i + 8).map(run));

    console.log(`api fuzz FUZZ_SEED=${seed}: ${REQUESTS} requests, by status ${JSON.stringify(byStatus)}`);
    expect(failures).toEqual([]);
    expect(Object.keys(byStatus).sort()).toEqual(expect.arrayContaining(['200', '400', '404']));
    expect(api.running).toBe(true);
    await api.ready(5_000);
  });
});
