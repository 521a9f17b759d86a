import type { ApiKeyInfo } from '@crescent/persistence';
import { ReadCache, etagOf, matchesEtag } from './read-cache';

const viewer: ApiKeyInfo = {
  id: 'k1',
  name: 'desk',
  role: 'viewer',
  createdAt: '2020-01-01T00:00:00.000Z',
  revokedAt: null,
  lastUsedAt: null,
};

/** A ReadCache whose change feed is driven by the test instead of PostgreSQL. */
function cacheWithFeed(maxEntries = 3, maxBytes?: number) {
  const cache = new ReadCache({ databaseUrl: undefined, maxEntries, maxBytes });
  const feed = { live: true, dataVersion: 1 };
  Object.defineProperty(cache, 'feed', {
    value: {
      get live() {
        return feed.live;
      },
      get dataVersion() {
        return feed.dataVersion;
      },
    },
  });
  return { cache, feed };
}

const response = (text: string) => {
  const body = Buffer.from(text);
  return { body, etag: etagOf(body), contentType: 'application/json; charset=utf-8' };
};

describe('ETag and If-None-Match', () => {
  it('a strong tag of the body, matched weakly, in a list, or by *', () => {
    const etag = etagOf(Buffer.from('{"items":[]}'));
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    expect(etagOf(Buffer.from('{"items":[1]}'))).not.toBe(etag);
    expect(matchesEtag(etag, etag)).toBe(true);
    expect(matchesEtag(`W/${etag}`, etag)).toBe(true);
    expect(matchesEtag(`"a", ${etag} , "b"`, etag)).toBe(true);
    expect(matchesEtag('*', etag)).toBe(true);
    expect(matchesEtag('"a"', etag)).toBe(false);
    expect(matchesEtag('', etag)).toBe(false);
    expect(matchesEtag(undefined, etag)).toBe(false);
  });
});

describe('ReadCache', () => {
  it('serves a response only under the data version it was read at, and only while the feed is live', () => {
    const { cache, feed } = cacheWithFeed();
    const read = cache.dataVersion();
    expect(cache.response('/v1/scores')).toBeUndefined();
    cache.rememberResponse('/v1/scores', response('a'), read);
    expect(cache.response('/v1/scores')?.body.toString()).toBe('a');
    feed.live = false;
    expect(cache.response('/v1/scores')).toBeUndefined();
    expect(cache.dataVersion()).toBeUndefined();
    feed.live = true;
    feed.dataVersion = 2;
    expect(cache.response('/v1/scores')).toBeUndefined();
    // A read that began before the change is not stored under the new version.
    cache.rememberResponse('/v1/scores', response('stale'), read);
    expect(cache.response('/v1/scores')).toBeUndefined();
  });

  it('keeps at most maxEntries responses and maxBytes of bodies, dropping the oldest; 0 entries caches nothing', () => {
    const { cache } = cacheWithFeed(2, 10);
    const v = cache.dataVersion();
    cache.rememberResponse('/a', response('1111'), v);
    cache.rememberResponse('/b', response('2222'), v);
    cache.rememberResponse('/c', response('3333'), v);
    expect(['/a', '/b', '/c'].map((u) => cache.response(u) !== undefined)).toEqual([false, true, true]);
    cache.rememberResponse('/d', response('44444444'), v);
    expect(['/b', '/c', '/d'].map((u) => cache.response(u) !== undefined)).toEqual([false, false, true]);
    cache.rememberResponse('/e', response('x'.repeat(11)), v);
    expect(cache.response('/e')).toBeUndefined();
    expect(cacheWithFeed(0).cache.dataVersion()).toBeUndefined();
  });

  it('a key is known only under the keys version it was verified at, and for at most a minute', () => {
    const { cache } = cacheWithFeed();
    expect(cache.key('h1', '7', 0)).toBeUndefined();
    cache.rememberKey('h1', viewer, '7', 0);
    expect(cache.key('h1', '7', 1_000)).toEqual(viewer);
    expect(cache.key('h2', '7', 1_000)).toBeUndefined();
    expect(cache.key('h1', undefined, 1_000)).toBeUndefined();
    expect(cache.key('h1', '7', 60_000)).toBeUndefined();
    cache.rememberKey('h1', viewer, '7', 60_000);
    // A key revoked (or changed) anywhere moves the version: everything verified before is dropped.
    expect(cache.key('h1', '8', 61_000)).toBeUndefined();
    expect(cache.key('h1', '7', 61_000)).toBeUndefined();
    // Verified under a version that has since moved: not stored.
    cache.key('h1', '9', 61_000);
    cache.rememberKey('h1', viewer, '8', 61_000);
    expect(cache.key('h1', '9', 62_000)).toBeUndefined();
  });

  it('a key version read before a newer one, finishing last, misses without dropping what the newer verified', () => {
    const { cache } = cacheWithFeed();
    cache.key('h1', '10', 0);
    cache.rememberKey('h1', viewer, '10', 0);
    expect(cache.key('h1', '9', 1_000)).toBeUndefined();
    expect(cache.key('h1', '10', 1_000)).toEqual(viewer);
  });
});
