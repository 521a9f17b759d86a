import { readFileSync } from 'node:fs';
import type { DataSource } from 'typeorm';
import { ApiKeyRepository } from '@crescent/persistence';
import { createMigratedDatabase, startApp } from '../support/apps';
import { openTestDataSource } from '../support/database';

/*
 * A rolling deploy stops an api under load. Every request it takes before SIGTERM is answered
 * from the database as usual; once it is stopping, new requests get 503 with `connection:
 * close` (a client or load balancer retries elsewhere), never a 500 from a database pool
 * already closed under a request in flight.
 */
describe('api stopping under load', () => {
  let db: { url: string; drop: () => Promise<void> };
  let ds: DataSource;
  let key: string;

  beforeAll(async () => {
    db = await createMigratedDatabase('shutdown');
    ds = await openTestDataSource(db.url);
    key = (await new ApiKeyRepository().create(ds.manager, 'shutdown viewer', 'viewer')).key;
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('answers 200 or 503 to everything in flight around SIGTERM, and exits 0', async () => {
    const api = await startApp('api', { DATABASE_URL: db.url, API_RATE_LIMIT_PER_MINUTE: '1000000' });
    await api.ready();
    const statuses = new Map<number, number>();
    let refused = 0;
    let n = 0;
    let stop = false;
    // Every URL is new (the minute moves), so the read cache never answers: each request
    // reaches PostgreSQL.
    const loop = async (): Promise<void> => {
      while (!stop) {
        const from = new Date(Date.UTC(2020, 0, 1) + (n++ % 500_000) * 60_000).toISOString();
        const res = await fetch(api.url(`/v1/national/history?from=${from}`), {
          headers: { 'x-api-key': key },
        }).catch(() => undefined);
        if (res === undefined) {
          refused++;
          if (!api.running) return;
          continue;
        }
        await res.arrayBuffer();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      }
    };
    const loops = Array.from({ length: 16 }, () => loop());
    while ((statuses.get(200) ?? 0) < 200) await new Promise((r) => setTimeout(r, 20));
    api.signal('SIGTERM');
    const code = await api.exited;
    stop = true;
    await Promise.all(loops);
    const seen = Object.fromEntries(statuses);
    expect({ code, others: [...statuses.keys()].filter((s) => s !== 200 && s !== 503) }).toEqual({
      code: 0,
      others: [],
    });
    expect(seen[200]).toBeGreaterThanOrEqual(200);
    expect(refused + (seen[503] ?? 0)).toBeGreaterThan(0);
  });

  it('lets requests whose clients hung up finish before the database closes: no error in its log', async () => {
    const api = await startApp('api', { DATABASE_URL: db.url, API_RATE_LIMIT_PER_MINUTE: '1000000' });
    await api.ready();
    let sent = 0;
    let stop = false;
    // Each client gives up a moment after sending, so its connection is gone while the api
    // is still answering it from PostgreSQL: the HTTP server closes at once at SIGTERM, and
    // the handler must still find the database open.
    const loop = async (): Promise<void> => {
      while (!stop && api.running) {
        const from = new Date(Date.UTC(2020, 0, 1) + (sent++ % 500_000) * 60_000).toISOString();
        await fetch(api.url(`/v1/national/history?from=${from}`), {
          headers: { 'x-api-key': key },
          signal: AbortSignal.timeout(1 + (sent % 4)),
        })
          .then((res) => res.arrayBuffer())
          .catch(() => undefined);
      }
    };
    const loops = Array.from({ length: 32 }, () => loop());
    while (sent < 2_000) await new Promise((r) => setTimeout(r, 20));
    api.signal('SIGTERM');
    const code = await api.exited;
    stop = true;
    await Promise.all(loops);
    const errors = readFileSync(api.logFile, 'utf8')
      .split('\n')
      .filter((line) => line.includes('"level":50'))
      .map((line) => line.slice(0, 300));
    expect({ code, errors }).toEqual({ code: 0, errors: [] });
  });

  it('ends open /v1/stream connections at SIGTERM and exits 0, with no error in its log', async () => {
    const api = await startApp('api', { DATABASE_URL: db.url, API_STREAM_POLL_MS: '50' });
    await api.ready();
    // Dashboards keep a stream open for hours: stopping must not wait for them to hang up.
    const streams = await Promise.all(
      Array.from({ length: 3 }, async () => {
        const res = await fetch(api.url('/v1/stream'), { headers: { 'x-api-key': key } });
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toContain('text/event-stream');
        const reader = (res.body as ReadableStream<Uint8Array>).getReader();
        let text = '';
        const ended = (async (): Promise<string> => {
          for (;;) {
            const r = await reader.read().catch(() => ({ done: true as const, value: undefined }));
            if (r.done) return 'ended';
            text += Buffer.from(r.value).toString('utf8');
          }
        })();
        return { ended, text: () => text };
      }),
    );
    // Let each stream poll a few times, so that a poll may be in flight at SIGTERM.
    await new Promise((r) => setTimeout(r, 300));
    api.signal('SIGTERM');
    const code = await api.exited;
    const outcomes = await Promise.all(streams.map((s) => s.ended));
    const errors = readFileSync(api.logFile, 'utf8')
      .split('\n')
      .filter((line) => line.includes('"level":50'))
      .map((line) => line.slice(0, 300));
    expect({ code, outcomes, errors }).toEqual({
      code: 0,
      outcomes: ['ended', 'ended', 'ended'],
      errors: [],
    });
  });
});
