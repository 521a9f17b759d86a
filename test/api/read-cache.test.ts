import { PassThrough, Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { keysCommand } from '../../apps/cli/src/commands/keys.command';
import type { CliIo } from '../../apps/cli/src/commands/command';
import {
  ApiKeyRepository,
  CHANGE_FEED_APPLICATION,
  ScorerStateRepository,
  type ScoreRow,
} from '@crescent/persistence';
import { type AppProcess, createMigratedDatabase, startApp } from '../support/apps';
import { openTestDataSource } from '../support/database';
import { eventually } from '../support/eventually';

/**
 * The api answers repeated reads from memory (responses and verified keys) without serving
 * stale answers: a key revoked by the CLI is refused by the very next request; a score
 * written by another process shows as soon as PostgreSQL's notification of its commit
 * arrives (a few ms).
 */

let db: { url: string; drop: () => Promise<void> };
let ds: DataSource;
let api: AppProcess;
let viewerKey: string;
const keys = new ApiKeyRepository();
const scorer = new ScorerStateRepository();

function score(assetId: string, seq: number, asOf: string, value: number, status: string): ScoreRow {
  return {
    assetId,
    seq,
    asOf,
    score: value,
    pDisruption: value / 100,
    expectedLossKbd: value,
    baselineKbd: 300,
    status,
    drivers: [],
    detail: null,
    modelVersion: 'test',
  };
}

async function writeScores(rows: ScoreRow[]): Promise<void> {
  await ds.transaction((m) => scorer.insertScores(m, rows));
}

function get(path: string, key: string | null = viewerKey, headers: Record<string, string> = {}) {
  return fetch(api.url(path), { headers: { ...headers, ...(key === null ? {} : { 'x-api-key': key }) } });
}

async function cli(argv: string[]): Promise<{ code: number; stdout: string }> {
  const stdout = new PassThrough();
  const out: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  const io: CliIo = {
    stdout,
    stderr: new PassThrough(),
    stdin: Readable.from([]),
    env: { DATABASE_URL: db.url },
    cwd: process.cwd(),
  };
  const code = await keysCommand.run(argv.slice(1), io);
  return { code, stdout: Buffer.concat(out).toString('utf8') };
}

beforeAll(async () => {
  db = await createMigratedDatabase('readcache');
  ds = await openTestDataSource(db.url);
  viewerKey = (await keys.create(ds.manager, 'risk desk', 'viewer')).key;
  await writeScores([score('es-sider', 1, '2020-01-17T00:00:00Z', 20, 'elevated')]);
  api = await startApp(
    'api',
    { DATABASE_URL: db.url, API_RATE_LIMIT_PER_MINUTE: '100000', API_STREAM_POLL_MS: '100' },
    'api',
  );
  await api.ready();
});

afterAll(async () => {
  await api?.stop();
  await ds?.destroy();
  await db?.drop();
});

/** Headers a client can see, minus the ones that differ per response by nature. */
function stableHeaders(res: Response): Record<string, string> {
  const out: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    if (!['date', 'ratelimit-remaining', 'ratelimit-reset', 'connection', 'keep-alive'].includes(name))
      out[name] = value;
  });
  return out;
}

describe('repeated reads answered from memory', () => {
  it('the cached answer is the same bytes and headers as the first, with an ETag; If-None-Match gets 304', async () => {
    const path = '/v1/scores?kind=terminal';
    const first = await get(path);
    const firstBody = await first.text();
    const second = await get(path);
    expect(second.status).toBe(200);
    expect(await second.text()).toBe(firstBody);
    expect(stableHeaders(second)).toEqual(stableHeaders(first));
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    expect(first.headers.get('cache-control')).toBe('private, no-cache');
    expect(first.headers.get('content-type')).toContain('application/json');
    expect(second.headers.get('content-security-policy')).toContain("default-src 'self'");
    // The answer from memory tells the key's standing like any other.
    for (const name of ['ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset'])
      expect([name, second.headers.get(name)]).toEqual([name, expect.stringMatching(/^\d+$/)]);

    const revalidated = await get(path, viewerKey, { 'if-none-match': `W/"other", ${etag}` });
    expect(revalidated.status).toBe(304);
    expect(await revalidated.text()).toBe('');
    expect(revalidated.headers.get('etag')).toBe(etag);
    expect((await get(path, viewerKey, { 'if-none-match': '"other"' })).status).toBe(200);
    // A 304 still needs a valid key.
    expect((await get(path, 'crk_not-a-real-key', { 'if-none-match': etag })).status).toBe(401);
    expect((await get(path, null, { 'if-none-match': etag })).status).toBe(401);
  });

  it('a score written after a cached read is in the responses within a moment (PostgreSQL notifies the commit), board and history', async () => {
    const board = '/v1/scores?kind=terminal';
    const history = '/v1/scores/es-sider/history?from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z';
    for (let seq = 2; seq <= 6; seq++) {
      await get(board);
      await get(history);
      const etag = (await get(board)).headers.get('etag') ?? '';
      await writeScores([score('es-sider', seq, `2020-01-17T0${seq}:00:00Z`, 20 + seq, 'elevated')]);
      await eventually(
        async () => {
          const latest = (await (await get(board)).json()) as {
            items: Array<{ assetId: string; seq: number }>;
          };
          expect(latest.items.find((s) => s.assetId === 'es-sider')?.seq).toBe(seq);
          const page = (await (await get(history)).json()) as { items: Array<{ seq: number }> };
          expect(page.items.map((s) => s.seq).at(-1)).toBe(seq);
        },
        // Cached responses have no expiry: only the notification of the commit can make
        // them fresh, so seeing the new seq at all shows the invalidation works.
        { timeoutMs: 10_000, intervalMs: 5 },
      );
      expect((await get(board, viewerKey, { 'if-none-match': etag })).status).toBe(200);
    }
  });

  it('a key answered from memory is refused at once after the CLI revokes it', async () => {
    for (let i = 0; i < 5; i++) {
      const issued = JSON.parse(
        (await cli(['keys', 'create', '--role', 'viewer', '--name', `cached-${i}`])).stdout,
      ) as { id: string; key: string };
      for (let j = 0; j < 3; j++) expect((await get('/v1/scores', issued.key)).status).toBe(200);
      expect((await cli(['keys', 'revoke', issued.id])).code).toBe(0);
      expect((await get('/v1/scores', issued.key)).status).toBe(401);
      expect((await get('/v1/assets/es-sider', issued.key)).status).toBe(401);
    }
    expect((await get('/v1/scores')).status).toBe(200);
  });

  it('when the api loses its notification connection it answers from the database, and caches again once back', async () => {
    const board = '/v1/scores?kind=terminal';
    await get(board);
    await get(board);
    const feed = async (): Promise<number[]> => {
      const rows: Array<{ pid: number }> = await ds.query(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1`,
        [CHANGE_FEED_APPLICATION],
      );
      return rows.map((r) => r.pid);
    };
    const before = await feed();
    expect(before.length).toBeGreaterThan(0);
    await ds.query(`SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid`, [before]);
    // Not live: every read goes to the database (and a reconnect starts with an empty cache).
    for (let seq = 10; seq <= 12; seq++) {
      await writeScores([score('es-sider', seq, `2020-01-19T0${seq - 10}:00:00Z`, 50, 'high')]);
      await eventually(
        async () => {
          const latest = (await (await get(board)).json()) as {
            items: Array<{ assetId: string; seq: number }>;
          };
          expect(latest.items.find((s) => s.assetId === 'es-sider')?.seq).toBe(seq);
        },
        { timeoutMs: 500, intervalMs: 5 },
      );
    }
    const issued = JSON.parse(
      (await cli(['keys', 'create', '--role', 'viewer', '--name', 'during-loss'])).stdout,
    ) as {
      id: string;
      key: string;
    };
    expect((await get(board, issued.key)).status).toBe(200);
    expect((await cli(['keys', 'revoke', issued.id])).code).toBe(0);
    expect((await get(board, issued.key)).status).toBe(401);
    // It reconnects (a new backend listens) and serves correct answers again.
    await eventually(async () => expect((await feed()).some((pid) => !before.includes(pid))).toBe(true));
    await writeScores([score('es-sider', 13, '2020-01-19T06:00:00Z', 55, 'high')]);
    await eventually(
      async () => {
        const latest = (await (await get(board)).json()) as {
          items: Array<{ assetId: string; seq: number }>;
        };
        expect(latest.items.find((s) => s.assetId === 'es-sider')?.seq).toBe(13);
      },
      { timeoutMs: 2_000, intervalMs: 5 },
    );
  });
});
