import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';
import { hashApiKey } from '@crescent/persistence';
import { API_KEY_HEADER, RATE_LIMITER, type AuthenticatedRequest } from '../auth/api-key.guard';
import { type RateLimiter, rateLimitHeaders } from '../auth/rate-limiter';
import { KEYS_VERSION, ReadCache, etagOf, matchesEtag } from './read-cache';

/**
 * Clients may keep a response but must revalidate it (If-None-Match) before each use; it is
 * for the key's holder only. Together with the ETag a repeated read costs a 304.
 */
export const READ_CACHE_CONTROL = 'private, no-cache';

/**
 * Reads any key (viewer or admin) may make, all answering the same for every key. Not
 * /v1/keys (admin only) nor /v1/stream (live). Only responses given to a viewer key are
 * stored, so a route that came to need a role could not leak through the cache.
 */
const CACHEABLE = /^\/v1\/(?:assets|scores|national|events|alerts)(?:[/?]|$)/;

/** Set on a cacheable GET that was not answered from the cache: the data version before its read. */
const PENDING = Symbol('crescent:read-cache-pending');
type PendingRequest = AuthenticatedRequest & { [PENDING]?: { version: number | undefined } };

/**
 * Answers repeated reads from memory, before Nest's pipeline and without a database read
 * of its own: a GET of a cacheable URL by a key verified under the keys version read for
 * this request (one query shared by the requests of the moment: a revocation committed
 * before the request arrived is seen), whose response was stored under the current data
 * version. It keeps every check of the guard's that could refuse it: the key must be cached
 * as live (else the guard reads it), the rate limit takes a token here (if it refuses, the
 * guard answers the 429), and the endpoints need no role. Everything else goes through Nest as before, and its 200
 * responses are stored on the way out. Every such response, cached or not, carries an ETag
 * and `Cache-Control: private, no-cache`; If-None-Match with it answers 304.
 * Runs as a preHandler, so every onRequest hook (security headers, logging) has run.
 */
export function installCachedReads(app: NestFastifyApplication): void {
  const cache = app.get(ReadCache);
  const limiter = app.get<symbol, RateLimiter>(RATE_LIMITER);
  const fastify = app.getHttpAdapter().getInstance();

  fastify.addHook('preHandler', async (request: PendingRequest, reply: FastifyReply) => {
    if (request.method !== 'GET' || !CACHEABLE.test(request.url)) return;
    const version = cache.dataVersion();
    const presented = request.headers[API_KEY_HEADER];
    if (cache.response(request.url) === undefined || typeof presented !== 'string' || presented === '') {
      request[PENDING] = { version };
      return;
    }
    const keysVersion = await cache.keysVersion();
    request[KEYS_VERSION] = { version: keysVersion };
    const key = cache.key(hashApiKey(presented), keysVersion);
    const cached = cache.response(request.url);
    if (key === undefined || cached === undefined) {
      request[PENDING] = { version };
      return;
    }
    const taken = limiter.take(key.id);
    if (!taken.allowed) {
      // The guard refuses it with the 429 problem (a refused take spends nothing).
      return;
    }
    request.apiKey = key;
    void reply
      .headers(rateLimitHeaders(taken))
      .header('etag', cached.etag)
      .header('cache-control', READ_CACHE_CONTROL);
    if (matchesEtag(request.headers['if-none-match'], cached.etag)) return reply.code(304).send();
    return reply.header('content-type', cached.contentType).send(cached.body);
  });

  fastify.addHook(
    'onSend',
    (
      request: PendingRequest,
      reply: FastifyReply,
      payload: unknown,
      done: (err: null, payload: unknown) => void,
    ) => {
      const pending = request[PENDING];
      if (pending === undefined || reply.statusCode !== 200 || typeof payload !== 'string')
        return done(null, payload);
      // Only what a viewer was given is served to every key (an admin may read all a viewer may).
      if (request.apiKey?.role !== 'viewer') pending.version = undefined;
      const body = Buffer.from(payload, 'utf8');
      const etag = etagOf(body);
      const contentType = reply.getHeader('content-type');
      cache.rememberResponse(
        request.url,
        { body, etag, contentType: typeof contentType === 'string' ? contentType : 'application/json' },
        pending.version,
      );
      void reply.header('etag', etag).header('cache-control', READ_CACHE_CONTROL);
      if (matchesEtag(request.headers['if-none-match'], etag)) {
        void reply.code(304).removeHeader('content-type');
        return done(null, null);
      }
      done(null, body);
    },
  );
}
