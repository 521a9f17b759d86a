import { PassThrough, Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { keysCommand } from '../../apps/cli/src/commands/keys.command';
import type { CliIo } from '../../apps/cli/src/commands/command';
import { LIBYA_REGISTRY } from '@crescent/domain';
import { ApiKeyRepository, ScorerStateRepository, type ScoreRow } from '@crescent/persistence';
import { type AppProcess, createMigratedDatabase, startApp } from '../support/apps';
import { openTestDataSource } from '../support/database';
import { MAX_STREAMS_PER_KEY } from '../../apps/api/src/risk/risk-stream.service';
import { eventually } from '../support/eventually';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  'invalid-params'?: Array<{ name: string; reason: string }>;
}

let db: { url: string; drop: () => Promise<void> };
let ds: DataSource;
let api: AppProcess;
let viewerKey: string;
let adminKey: string;
const keys = new ApiKeyRepository();

function score(
  assetId: string,
  seq: number,
  asOf: string,
  value: number,
  status: string,
  detail?: unknown,
): ScoreRow {
  return {
    assetId,
    seq,
    asOf,
    score: value,
    pDisruption: value / 100,
    expectedLossKbd: value,
    baselineKbd: 300,
    status,
    drivers: [{ eventId: 'ev-fm', share: 1 }],
    detail: detail ?? null,
    modelVersion: 'test',
  };
}

async function seed(): Promise<void> {
  const scorer = new ScorerStateRepository();
  await ds.transaction(async (m) => {
    await scorer.insertScores(m, [
      score('es-sider', 1, '2020-01-17T00:00:00Z', 20, 'elevated'),
      score('es-sider', 2, '2020-01-17T06:00:00Z', 40, 'high'),
      score('es-sider', 3, '2020-01-18T12:00:00Z', 90, 'disrupted'),
      score('sharara', 1, '2020-01-17T00:00:00Z', 10, 'normal'),
      score('ras-lanuf', 1, '2020-01-18T00:00:00Z', 70, 'critical'),
      score('LY', 1, '2020-01-17T00:00:00Z', 5, 'normal', {
        p10Kbd: 0,
        p50Kbd: 10,
        p90Kbd: 50,
        lossShare: 0.01,
      }),
      score('LY', 2, '2020-01-18T12:00:00Z', 60, 'high', {
        p10Kbd: 300,
        p50Kbd: 500,
        p90Kbd: 800,
        lossShare: 0.4,
      }),
    ]);
    await scorer.insertAlerts(m, [
      alert('es-sider', 2, '2020-01-17T06:00:00Z', 'elevated', 'high'),
      alert('es-sider', 3, '2020-01-18T12:00:00Z', 'high', 'disrupted'),
      alert('ras-lanuf', 1, '2020-01-18T00:00:00Z', 'normal', 'critical'),
    ]);
    // Events and impacts as the ingestor stores them.
    const events: Array<[string, string, string, string[]]> = [
      ['ev-walkout', '2020-01-14T06:30:00Z', 'talks_failed', []],
      ['ev-protest', '2020-01-17T09:00:00Z', 'facility_protest', ['es-sider']],
      ['ev-fm', '2020-01-18T12:00:00Z', 'force_majeure_declared', ['es-sider', 'ras-lanuf']],
      ['ev-sharara', '2020-01-19T08:00:00Z', 'field_shutdown', ['sharara']],
    ];
    for (const [id, at, type, assets] of events) {
      await m.query(
        `INSERT INTO events (id, source, kind, occurred_at, known_at, type, actors, primary_actor, location, assets,
                             severity, confidence, summary, evidence, raw_ref, content_hash)
         VALUES ($1, 'analyst', 'event', $2, $2, $3, '["lna"]', 'lna', '{"name":"Libya"}', $4, 0.8, 0.9, $5, $6,
                 $1, $1)`,
        [
          id,
          at,
          type,
          JSON.stringify(assets),
          `summary of ${id}`,
          JSON.stringify([{ rule: type, text: `${id} text` }]),
        ],
      );
      for (const assetId of assets) {
        await m.query(
          `INSERT INTO impacts (event_id, asset_id, event_type, channel, intensity, at, outage, via, explanation)
           VALUES ($1, $2, $3, 'direct', 0.9, $4, $5, NULL, $6)`,
          [
            id,
            assetId,
            type,
            at,
            type === 'force_majeure_declared' ? 'start' : null,
            `${id} hits ${assetId}`,
          ],
        );
      }
    }
  });
}

function alert(assetId: string, seq: number, asOf: string, previousStatus: string, status: string) {
  return {
    assetId,
    seq,
    asOf,
    previousStatus,
    status,
    score: 50,
    expectedLossKbd: 100,
    drivers: [],
    modelVersion: 'test',
  };
}

/** `key` null: no x-api-key header at all. */
async function get(path: string, key: string | null = viewerKey): Promise<Response> {
  return fetch(api.url(path), { headers: key === null ? {} : { 'x-api-key': key } });
}

async function json<T>(path: string, key?: string): Promise<T> {
  const res = await get(path, key);
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function problem(path: string, status: number, key?: string | null): Promise<Problem> {
  const res = await get(path, key);
  expect({ path, status: res.status }).toEqual({ path, status });
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  return (await res.json()) as Problem;
}

/** Follows nextCursor to the end; returns every item in order and the page count. */
async function walk<T>(path: string): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let pages = 0;
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page: Page<T> = await json<Page<T>>(cursor ? `${path}${sep}cursor=${cursor}` : path);
    items.push(...page.items);
    pages += 1;
    cursor = page.nextCursor;
  } while (cursor !== null && pages < 100);
  return { items, pages };
}

beforeAll(async () => {
  db = await createMigratedDatabase('api');
  ds = await openTestDataSource(db.url);
  viewerKey = (await keys.create(ds.manager, 'risk desk', 'viewer')).key;
  adminKey = (await keys.create(ds.manager, 'ops', 'admin')).key;
  await seed();
  api = await startApi('100000');
});

/** The api as its own process, as deployed (main.ts wires helmet and the OpenAPI document). */
async function startApi(perMinute: string): Promise<AppProcess> {
  const app = await startApp(
    'api',
    { DATABASE_URL: db.url, API_RATE_LIMIT_PER_MINUTE: perMinute, API_STREAM_POLL_MS: '100' },
    'api',
  );
  await app.ready();
  return app;
}

afterAll(async () => {
  await api?.stop();
  await ds?.destroy();
  await db?.drop();
});

describe('authentication and roles', () => {
  it('health and readiness answer without a key', async () => {
    expect((await get('/health/live', null)).status).toBe(200);
    expect((await get('/health/ready', null)).status).toBe(200);
  });

  it('a request without a key, or with an unknown one, gets 401 problem+json', async () => {
    expect((await problem('/v1/assets', 401, null)).detail).toContain('x-api-key');
    expect((await problem('/v1/assets', 401, 'crk_not-a-real-key')).status).toBe(401);
  });

  it('a viewer reads the data but gets 403 on key management; an admin lists keys without secrets', async () => {
    expect((await get('/v1/scores')).status).toBe(200);
    expect((await problem('/v1/keys', 403, viewerKey)).detail).toContain('admin');
    const listed = await json<{ items: Array<Record<string, unknown>> }>('/v1/keys', adminKey);
    expect(listed.items.map((k) => [k.name, k.role])).toEqual(
      expect.arrayContaining([
        ['risk desk', 'viewer'],
        ['ops', 'admin'],
      ]),
    );
    const text = JSON.stringify(listed);
    expect(text).not.toContain(viewerKey);
    expect(text).not.toMatch(/hash/i);
  });

  it('keys created, listed and revoked with the CLI: the printed key works once stored, and not after revoke', async () => {
    const created = await cli(['keys', 'create', '--role', 'viewer', '--name', 'analyst']);
    expect(created.code).toBe(0);
    const issued = JSON.parse(created.stdout) as { id: string; key: string; role: string };
    expect(issued.role).toBe('viewer');
    expect((await get('/v1/assets', issued.key)).status).toBe(200);

    const listed = await cli(['keys', 'list']);
    expect(listed.stdout).toContain(issued.id);
    expect(listed.stdout).not.toContain(issued.key);
    const stored: Array<{ key_hash: string }> = await ds.query(
      `SELECT key_hash FROM api_keys WHERE id = $1`,
      [issued.id],
    );
    expect(stored[0]?.key_hash).toMatch(/^[0-9a-f]{64}$/);

    expect((await cli(['keys', 'revoke', issued.id])).code).toBe(0);
    expect((await problem('/v1/assets', 401, issued.key)).detail).toContain('revoked');
    expect((await cli(['keys', 'revoke', 'no-such-id'])).code).toBe(1);
    expect((await cli(['keys', 'create', '--role', 'root', '--name', 'x'])).code).toBe(2);
    // Two ids: the second was ignored and stayed live without a word. Blank or control-character names.
    const other = JSON.parse((await cli(['keys', 'create', '--role', 'viewer', '--name', 'b'])).stdout) as {
      id: string;
      key: string;
    };
    const twice = await cli(['keys', 'revoke', issued.id, other.id]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('one key id at a time');
    expect((await get('/v1/assets', other.key)).status).toBe(200);
    expect((await cli(['keys', 'create', '--role', 'viewer', '--name', '   '])).code).toBe(2);
    expect((await cli(['keys', 'create', '--role', 'viewer', '--name', 'a\u001b[31mb'])).code).toBe(2);
  });

  it('responses carry security headers', async () => {
    const res = await get('/v1/assets');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('strict-transport-security')).toBeTruthy();
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  });
});

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const io: CliIo = {
    stdout,
    stderr,
    stdin: Readable.from([]),
    env: { DATABASE_URL: db.url },
    cwd: process.cwd(),
  };
  const code = await keysCommand.run(argv.slice(1), io);
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

describe('assets', () => {
  it('pages through the whole registry by id, each asset once, with baseline and current status', async () => {
    const { items, pages } = await walk<{ id: string; baselineKbd: number; status: string }>(
      '/v1/assets?limit=7',
    );
    const ids = items.map((a) => a.id);
    expect(ids).toEqual(LIBYA_REGISTRY.assets.map((a) => a.id).sort());
    expect(pages).toBe(Math.ceil(ids.length / 7));
    expect(items.find((a) => a.id === 'es-sider')).toMatchObject({ status: 'disrupted' });
    expect(items.find((a) => a.id === 'el-feel')).toMatchObject({ status: 'normal' });
    expect(items.every((a) => typeof a.baselineKbd === 'number')).toBe(true);
  });

  it('one asset by id; an unknown id is 404 naming it', async () => {
    expect(await json('/v1/assets/ras-lanuf')).toMatchObject({
      id: 'ras-lanuf',
      status: 'critical',
      score: 70,
    });
    const p = await problem('/v1/assets/atlantis', 404);
    expect(p['invalid-params']?.[0]?.name).toBe('id');
  });
});

describe('scores', () => {
  it('lists the latest score per asset, excluding the national row', async () => {
    const page = await json<Page<{ assetId: string; seq: number; status: string }>>('/v1/scores');
    expect(page.items.map((s) => [s.assetId, s.seq, s.status])).toEqual([
      ['es-sider', 3, 'disrupted'],
      ['ras-lanuf', 1, 'critical'],
      ['sharara', 1, 'normal'],
    ]);
    expect(page.nextCursor).toBeNull();
  });

  it('filters by status, kind and minimum score', async () => {
    const ids = async (q: string): Promise<string[]> =>
      (await json<Page<{ assetId: string }>>(`/v1/scores?${q}`)).items.map((s) => s.assetId);
    expect(await ids('status=critical')).toEqual(['ras-lanuf']);
    expect(await ids('kind=field')).toEqual(['sharara']);
    expect(await ids('minScore=70')).toEqual(['es-sider', 'ras-lanuf']);
    expect(await ids('kind=terminal&minScore=80')).toEqual(['es-sider']);
  });

  it('refuses a bad filter with 400 naming the parameter', async () => {
    expect((await problem('/v1/scores?minScore=lots', 400))['invalid-params']?.[0]?.name).toBe('minScore');
    expect((await problem('/v1/scores?status=panic', 400))['invalid-params']?.[0]?.name).toBe('status');
    expect((await problem('/v1/scores?kind=castle', 400))['invalid-params']?.[0]?.name).toBe('kind');
    expect((await problem('/v1/scores?limit=0', 400))['invalid-params']?.[0]?.name).toBe('limit');
    expect((await problem('/v1/scores?cursor=garbage', 400))['invalid-params']?.[0]?.name).toBe('cursor');
  });

  it("an asset's history in a window, oldest first, paged without gaps or repeats", async () => {
    const all = await walk<{ seq: number }>('/v1/scores/es-sider/history?limit=1');
    expect(all.items.map((s) => s.seq)).toEqual([1, 2, 3]);
    expect(all.pages).toBe(3);
    const window = await json<Page<{ seq: number }>>(
      '/v1/scores/es-sider/history?from=2020-01-17T03:00:00Z&to=2020-01-18T12:00:00Z',
    );
    expect(window.items.map((s) => s.seq)).toEqual([2]);
  });

  it('a step keeps the last score of each step', async () => {
    const daily = await json<Page<{ seq: number; asOf: string }>>(
      '/v1/scores/es-sider/history?from=2020-01-17T00:00:00Z&step=P1D',
    );
    expect(daily.items.map((s) => [s.seq, s.asOf])).toEqual([
      [2, '2020-01-17T06:00:00.000Z'],
      [3, '2020-01-18T12:00:00.000Z'],
    ]);
  });

  it('a bad time range or step is 400 naming it; an unknown asset is 404', async () => {
    expect(
      (await problem('/v1/scores/es-sider/history?from=2020-02-01T00:00:00Z&to=2020-01-01T00:00:00Z', 400))[
        'invalid-params'
      ]?.[0]?.name,
    ).toBe('from');
    expect(
      (await problem('/v1/scores/es-sider/history?to=yesterday', 400))['invalid-params']?.[0]?.name,
    ).toBe('to');
    expect((await problem('/v1/scores/es-sider/history?step=6h', 400))['invalid-params']?.[0]?.name).toBe(
      'step',
    );
    expect((await problem('/v1/scores/atlantis/history', 404))['invalid-params']?.[0]?.name).toBe('id');
  });
});

describe('national risk', () => {
  it('the latest national score carries P10/P50/P90, and its history is in time order', async () => {
    const latest = await json<{ assetId: string; score: number; detail: Record<string, number> }>(
      '/v1/national',
    );
    expect(latest).toMatchObject({
      assetId: 'LY',
      score: 60,
      detail: { p10Kbd: 300, p50Kbd: 500, p90Kbd: 800 },
    });
    const history = await json<Page<{ seq: number }>>('/v1/national/history?from=2020-01-01T00:00:00Z');
    expect(history.items.map((s) => s.seq)).toEqual([1, 2]);
    expect((await problem('/v1/national/history?from=2020-13-01', 400))['invalid-params']?.[0]?.name).toBe(
      'from',
    );
  });
});

describe('events', () => {
  type EventOut = {
    id: string;
    evidence: unknown[];
    impacts: Array<{ assetId: string; outage: string | null }>;
  };

  it('lists events newest first, each with its impacts and evidence, paged stably', async () => {
    const { items, pages } = await walk<EventOut>('/v1/events?limit=3');
    expect(items.map((e) => e.id)).toEqual(['ev-sharara', 'ev-fm', 'ev-protest', 'ev-walkout']);
    expect(pages).toBe(2);
    const fm = items.find((e) => e.id === 'ev-fm');
    expect(fm?.impacts.map((i) => [i.assetId, i.outage])).toEqual([
      ['es-sider', 'start'],
      ['ras-lanuf', 'start'],
    ]);
    expect(fm?.evidence).toEqual([{ rule: 'force_majeure_declared', text: 'ev-fm text' }]);
  });

  it('filters events by time, type and asset', async () => {
    const ids = async (q: string): Promise<string[]> =>
      (await json<Page<EventOut>>(`/v1/events?${q}`)).items.map((e) => e.id);
    expect(await ids('from=2020-01-17T00:00:00Z&to=2020-01-19T00:00:00Z')).toEqual(['ev-fm', 'ev-protest']);
    expect(await ids('type=facility_protest')).toEqual(['ev-protest']);
    expect(await ids('asset=ras-lanuf')).toEqual(['ev-fm']);
    expect((await problem('/v1/events?from=soon', 400))['invalid-params']?.[0]?.name).toBe('from');
    // An unknown type or asset is a mistake to be told, not an empty list that reads as "none there".
    expect((await problem('/v1/events?type=protest', 400))['invalid-params']?.[0]?.name).toBe('type');
    expect((await problem('/v1/events?asset=es-sidr', 400))['invalid-params']?.[0]?.name).toBe('asset');
    expect((await problem('/v1/alerts?asset=bogus', 400))['invalid-params']?.[0]?.name).toBe('asset');
    expect((await problem('/v1/events?limit=0x10', 400))['invalid-params']?.[0]?.name).toBe('limit');
    // A parameter the endpoint does not read is a mistake too: assetId= filtered nothing.
    const typo = await problem('/v1/alerts?assetId=es-sider', 400);
    expect(typo['invalid-params']?.[0]?.name).toBe('assetId');
    expect(typo.detail).toMatch(/^unknown parameter "assetId": this endpoint takes .*\basset\b/);
    expect((await problem('/v1/national?asset=es-sider', 400)).detail).toContain('takes no query parameters');
  });

  it('one event by id; an unknown id is 404', async () => {
    expect(await json<EventOut>('/v1/events/ev-protest')).toMatchObject({
      id: 'ev-protest',
      impacts: [{ assetId: 'es-sider' }],
    });
    expect((await problem('/v1/events/ev-nope', 404))['invalid-params']?.[0]?.name).toBe('id');
  });
});

describe('alerts', () => {
  it('lists alerts newest first, filtered by asset and status, paged stably', async () => {
    const { items } = await walk<{ assetId: string; status: string }>('/v1/alerts?limit=2');
    expect(items.map((a) => [a.assetId, a.status])).toEqual([
      ['es-sider', 'disrupted'],
      ['ras-lanuf', 'critical'],
      ['es-sider', 'high'],
    ]);
    const bySider = await json<Page<{ status: string }>>('/v1/alerts?asset=es-sider&status=high');
    expect(bySider.items.map((a) => a.status)).toEqual(['high']);
    const window = await json<Page<{ assetId: string }>>('/v1/alerts?from=2020-01-18T00:00:00Z');
    expect(window.items).toHaveLength(2);
  });
});

describe('time parameters', () => {
  it('a UTC offset no place uses, or a time without a date, is 400 naming the parameter, on every endpoint that takes times', async () => {
    const refused = async (path: string): Promise<[string, string | undefined, string]> => {
      const p = await problem(path, 400);
      return [path, p['invalid-params']?.[0]?.name, p.detail];
    };
    expect([
      await refused('/v1/alerts?from=2020-01-01T00:00:00%2B99:00'),
      await refused('/v1/events?to=2020-01-01T00:00:00%2B05:75'),
      await refused('/v1/scores/es-sider/history?from=2020-01-01T00:00:00-13:00'),
      await refused('/v1/national/history?to=10:00'),
    ]).toEqual([
      ['/v1/alerts?from=2020-01-01T00:00:00%2B99:00', 'from', expect.stringContaining('offset +99:00')],
      ['/v1/events?to=2020-01-01T00:00:00%2B05:75', 'to', expect.stringContaining('offset +05:75')],
      [
        '/v1/scores/es-sider/history?from=2020-01-01T00:00:00-13:00',
        'from',
        expect.stringContaining('-12:00 to +14:00'),
      ],
      ['/v1/national/history?to=10:00', 'to', expect.stringContaining('with a date')],
    ]);
    // The offsets in use are read: 10:00 to 14:00:01 at +14:00 on 18 January is 20:00 on the 17th to
    // just after midnight UTC, which holds ras-lanuf's alert (00:00 UTC) and neither of es-sider's.
    const window = await json<Page<{ assetId: string }>>(
      '/v1/alerts?from=2020-01-18T10:00:00%2B14:00&to=2020-01-18T14:00:01%2B14:00',
    );
    expect(window.items.map((a) => a.assetId)).toEqual(['ras-lanuf']);
    // An unencoded + arrives as a space: the refusal says how to send it.
    expect((await problem('/v1/alerts?from=2020-01-01T00:00:00+02:00', 400)).detail).toContain('%2B');
  });
});

describe('methods', () => {
  it('a method a path does not answer is 405 problem+json with Allow; an unknown path stays 404', async () => {
    const answer = async (method: string, path: string): Promise<[string, number, string | null, string]> => {
      const res = await fetch(api.url(path), { method, headers: { 'x-api-key': viewerKey } });
      const body = (await res.json()) as Problem;
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      return [`${method} ${path}`, res.status, res.headers.get('allow'), body.title];
    };
    expect([
      await answer('DELETE', '/v1/scores'),
      await answer('POST', '/v1/assets'),
      await answer('PUT', '/v1/assets/es-sider'),
      await answer('PATCH', '/v1/scores/es-sider/history?from=2020-01-01'),
      await answer('POST', '/metrics'),
      await answer('DELETE', '/v1/nowhere'),
      await answer('GET', '/v1/assets/es-sider/nowhere'),
    ]).toEqual([
      ['DELETE /v1/scores', 405, 'GET, HEAD', 'Method not allowed'],
      ['POST /v1/assets', 405, 'GET, HEAD', 'Method not allowed'],
      ['PUT /v1/assets/es-sider', 405, 'GET, HEAD', 'Method not allowed'],
      ['PATCH /v1/scores/es-sider/history?from=2020-01-01', 405, 'GET, HEAD', 'Method not allowed'],
      ['POST /metrics', 405, 'GET, HEAD', 'Method not allowed'],
      ['DELETE /v1/nowhere', 404, null, 'Not found'],
      ['GET /v1/assets/es-sider/nowhere', 404, null, 'Not found'],
    ]);
    // What Allow lists is answered.
    expect(
      (await fetch(api.url('/v1/scores'), { method: 'HEAD', headers: { 'x-api-key': viewerKey } })).status,
    ).toBe(200);
  });
});

describe('framework refusals', () => {
  it('an unknown path is the same not-found problem as an unknown id, and no refusal is titled with an exception class', async () => {
    type Refusal = Pick<Problem, 'type' | 'title' | 'status'> & { instance: string };
    const refusal = async (path: string, init: RequestInit = {}): Promise<Refusal> => {
      const res = await fetch(api.url(path), {
        ...init,
        headers: { 'x-api-key': viewerKey, ...init.headers },
      });
      expect([path, res.headers.get('content-type')]).toEqual([
        path,
        expect.stringContaining('problem+json'),
      ]);
      const { type, title, status, instance } = (await res.json()) as Refusal;
      return { type, title, status, instance };
    };
    const unknownId = await refusal('/v1/assets/atlantis');
    const notFound = { type: unknownId.type, title: unknownId.title, status: 404 };
    expect(notFound).toEqual({
      type: 'https://crescent.dev/problems/not-found',
      title: 'Not found',
      status: 404,
    });
    const json = { method: 'POST', headers: { 'content-type': 'application/json' } };
    expect([
      await refusal('/v1/nowhere?api_key=crk_leaked'),
      await refusal('/dashboard/nowhere.js'),
      await refusal('/v1/keys', { ...json, body: '{not json' }),
      await refusal('/v1/keys', { ...json, body: `"${'x'.repeat(1_100_000)}"` }),
    ]).toEqual([
      { ...notFound, instance: '/v1/nowhere?api_key=REDACTED' },
      { ...notFound, instance: '/dashboard/nowhere.js' },
      // No api code fits a body that is not JSON or too large: RFC 9457's about:blank, titled by the status.
      { type: 'about:blank', title: 'Bad Request', status: 400, instance: '/v1/keys' },
      { type: 'about:blank', title: 'Payload Too Large', status: 413, instance: '/v1/keys' },
    ]);
  });
});

describe('OpenAPI', () => {
  it('serves the OpenAPI document generated from the code, describing every endpoint and the key header', async () => {
    const doc = (await (await fetch(api.url('/docs/openapi.json'))).json()) as {
      paths: Record<string, unknown>;
      components: {
        securitySchemes: Record<string, { name: string; in: string }>;
        schemas: Record<string, unknown>;
      };
    };
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        '/v1/alerts',
        '/v1/assets',
        '/v1/assets/{id}',
        '/v1/events',
        '/v1/events/{id}',
        '/v1/keys',
        '/v1/national',
        '/v1/national/history',
        '/v1/scores',
        '/v1/scores/{assetId}/history',
        '/v1/stream',
      ]
        .concat(Object.keys(doc.paths).filter((p) => !p.startsWith('/v1')))
        .sort(),
    );
    expect(doc.components.securitySchemes['api-key']).toMatchObject({ name: 'x-api-key', in: 'header' });
    const text = JSON.stringify(doc);
    const responses = (
      path: string,
    ): Record<string, { content: Record<string, { schema: { $ref: string } }> }> =>
      (doc.paths[path] as { get: { responses: never } }).get.responses;
    expect(responses('/v1/scores')['200']?.content['application/json']?.schema.$ref).toMatch(
      /ScorePageModel$/,
    );
    expect(responses('/v1/assets/{id}')['404']?.content['application/problem+json']?.schema.$ref).toMatch(
      /ProblemModel$/,
    );
    expect(text).toContain('"invalid-params"');
    const tooMany = (doc.paths['/v1/scores'] as { get: { responses: Record<string, { headers?: object }> } })
      .get.responses['429'];
    expect(Object.keys(tooMany?.headers ?? {}).sort()).toEqual([
      'RateLimit-Limit',
      'RateLimit-Remaining',
      'RateLimit-Reset',
      'Retry-After',
    ]);
    const ui = await fetch(api.url('/docs'));
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
  });
});

describe('rate limiting', () => {
  it('a key over its per-minute budget gets 429 with Retry-After; every answer says the limit, what is left and when it is full again; /metrics counts too; another key is unaffected', async () => {
    const limited = await startApi('3');
    try {
      const statuses: number[] = [];
      const standing: Array<[string | null, string | null]> = [];
      for (let i = 0; i < 4; i++) {
        const res = await fetch(limited.url('/v1/assets?limit=1'), { headers: { 'x-api-key': viewerKey } });
        statuses.push(res.status);
        standing.push([res.headers.get('ratelimit-limit'), res.headers.get('ratelimit-remaining')]);
        // Seconds until the bucket of 3 a minute (one every 20 s) is full: at most a minute.
        const reset = Number(res.headers.get('ratelimit-reset'));
        expect([i, Number.isInteger(reset) && reset >= 1 && reset <= 60]).toEqual([i, true]);
        if (res.status === 429) {
          expect(res.headers.get('content-type')).toContain('application/problem+json');
          const retryAfter = Number(res.headers.get('retry-after'));
          expect(retryAfter).toBeGreaterThan(0);
          expect(retryAfter).toBeLessThanOrEqual(reset);
        }
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
      expect(standing).toEqual([
        ['3', '2'],
        ['3', '1'],
        ['3', '0'],
        ['3', '0'],
      ]);
      // A key put in the URL is not echoed by the refusal either.
      const refused = await fetch(limited.url(`/v1/assets?api_key=${viewerKey}`), {
        headers: { 'x-api-key': viewerKey },
      });
      expect(refused.status).toBe(429);
      expect(((await refused.json()) as { instance: string }).instance).toBe('/v1/assets?api_key=REDACTED');
      const other = await fetch(limited.url('/v1/assets?limit=1'), { headers: { 'x-api-key': adminKey } });
      expect(other.status).toBe(200);
      // /metrics spends from the same budget: the spent key is refused there too, the other is not.
      const spent = await fetch(limited.url('/metrics'), { headers: { 'x-api-key': viewerKey } });
      expect([spent.status, spent.headers.get('content-type')]).toEqual([
        429,
        expect.stringContaining('problem+json'),
      ]);
      expect(Number(spent.headers.get('retry-after'))).toBeGreaterThan(0);
      const scrape = await fetch(limited.url('/metrics'), { headers: { 'x-api-key': adminKey } });
      await scrape.body?.cancel();
      expect([
        scrape.status,
        scrape.headers.get('ratelimit-limit'),
        scrape.headers.get('ratelimit-remaining'),
      ]).toEqual([200, '3', '1']);
    } finally {
      await limited.stop();
    }
  });
});

/** An open /v1/stream connection; `text()` is everything received so far. */
function openStream(headers: Record<string, string>): {
  text: () => string;
  status: Promise<number>;
  close: () => void;
} {
  const abort = new AbortController();
  let received = '';
  const response = fetch(api.url('/v1/stream'), { headers, signal: abort.signal });
  void response
    .then(async (res) => {
      const decoder = new TextDecoder();
      if (!res.body) return;
      for await (const chunk of res.body) received += decoder.decode(chunk as Uint8Array, { stream: true });
    })
    .catch(() => undefined);
  return { text: () => received, status: response.then((r) => r.status), close: () => abort.abort() };
}

/** Parses `event:`/`id:`/`data:` blocks of a text/event-stream. */
function sseEvents(text: string): Array<{ event: string; id: string; data: Record<string, unknown> }> {
  return text
    .split('\n\n')
    .map((block) => {
      const field = (name: string): string =>
        block
          .split('\n')
          .filter((l) => l.startsWith(`${name}:`))
          .map((l) => l.slice(name.length + 1).trim())
          .join('\n');
      return { event: field('event'), id: field('id'), data: field('data') };
    })
    .filter((e) => e.data !== '')
    .map((e) => ({ ...e, data: JSON.parse(e.data) as Record<string, unknown> }));
}

describe('live stream (server-sent events from the database)', () => {
  it('a client resuming with Last-Event-ID gets every score, national score and alert after it, in order', async () => {
    const stream = openStream({ 'x-api-key': viewerKey, 'last-event-id': '0-0' });
    try {
      const events = await eventually(() => {
        const got = sseEvents(stream.text());
        expect(got.filter((e) => e.event === 'alert')).toHaveLength(3);
        return got;
      });
      expect(
        events.filter((e) => e.event === 'score' && e.data.assetId === 'es-sider').map((e) => e.data.seq),
      ).toEqual([1, 2, 3]);
      expect(events.filter((e) => e.event === 'national').map((e) => e.data.seq)).toEqual([1, 2]);
      const resumeFrom = events[3]?.id ?? '';
      const resumed = openStream({ 'x-api-key': viewerKey, 'last-event-id': resumeFrom });
      try {
        const after = await eventually(() => {
          const got = sseEvents(resumed.text());
          expect(got.length).toBe(events.length - 4);
          return got;
        });
        expect(after.map((e) => e.id)).toEqual(events.slice(4).map((e) => e.id));
      } finally {
        resumed.close();
      }
    } finally {
      stream.close();
    }
  });

  it('a connected client receives a score the scorer writes afterwards', async () => {
    const stream = openStream({ 'x-api-key': viewerKey });
    const scorer = new ScorerStateRepository();
    let seq = 0;
    try {
      await eventually(
        async () => {
          seq += 1;
          await ds.transaction((m) =>
            scorer.insertScores(m, [score('hamada', seq, '2020-01-20T00:00:00Z', 33, 'elevated')]),
          );
          expect(
            sseEvents(stream.text()).some((e) => e.event === 'score' && e.data.assetId === 'hamada'),
          ).toBe(true);
        },
        { intervalMs: 300 },
      );
    } finally {
      stream.close();
    }
  });

  it('an open stream ends once its key is revoked, and sends nothing written after', async () => {
    const issued = await keys.create(ds.manager, 'stream to revoke', 'viewer');
    const stream = openStream({ 'x-api-key': issued.key });
    const scorer = new ScorerStateRepository();
    let seq = 100;
    const write = async (): Promise<void> => {
      seq += 1;
      await ds.transaction((m) =>
        scorer.insertScores(m, [score('nafoora', seq, '2020-01-21T00:00:00Z', 33, 'elevated')]),
      );
    };
    const nafoora = (): number =>
      sseEvents(stream.text()).filter((e) => e.event === 'score' && e.data.assetId === 'nafoora').length;
    try {
      expect(await stream.status).toBe(200);
      await eventually(
        async () => {
          await write();
          expect(nafoora()).toBeGreaterThan(0);
        },
        { intervalMs: 300 },
      );
      await keys.revoke(ds.manager, issued.id);
      // Past a poll or two: whatever the stream had read before the revocation has arrived.
      await new Promise((r) => setTimeout(r, 1500));
      const before = nafoora();
      for (let i = 0; i < 3; i++) await write();
      await new Promise((r) => setTimeout(r, 2000));
      expect(nafoora()).toBe(before);
      expect((await problem('/v1/stream', 401, issued.key)).status).toBe(401);
    } finally {
      stream.close();
    }
  });

  it('one key holds at most MAX_STREAMS_PER_KEY streams open: one more is 429, and closing one frees its place', async () => {
    const issued = await keys.create(ds.manager, 'many streams', 'viewer');
    const streams = Array.from({ length: MAX_STREAMS_PER_KEY }, () =>
      openStream({ 'x-api-key': issued.key }),
    );
    try {
      expect(await Promise.all(streams.map((s) => s.status))).toEqual(streams.map(() => 200));
      const refused = await problem('/v1/stream', 429, issued.key);
      expect(refused.detail).toContain('streams open');
      // Another key is not affected.
      const other = openStream({ 'x-api-key': viewerKey });
      expect(await other.status).toBe(200);
      other.close();
      streams.pop()?.close();
      await eventually(async () => {
        const again = openStream({ 'x-api-key': issued.key });
        const status = await again.status;
        if (status === 200) streams.push(again);
        else again.close();
        expect(status).toBe(200);
      });
    } finally {
      for (const s of streams) s.close();
    }
  });

  it('the stream needs a key, and refuses a Last-Event-ID it never sent', async () => {
    expect((await problem('/v1/stream', 401, null)).status).toBe(401);
    const res = await fetch(api.url('/v1/stream'), {
      headers: { 'x-api-key': viewerKey, 'last-event-id': 'yesterday' },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as Problem)['invalid-params']?.[0]?.name).toBe('Last-Event-ID');
  });
});
