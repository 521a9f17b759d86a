import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiError } from '../http/api-error';
import { sendRefusal } from '../http/problem.filter';
import { ApiKeyGuard } from './api-key.guard';

/**
 * Routes the runtime library adds to every app, which the api's controllers and their
 * ApiKeyGuard do not cover. `/metrics` (request and database counters) needs any valid key on
 * the api and takes a request from that key's rate limit, checked by the guard's own `admit`
 * (its key cache, its limiter, its refusals and RateLimit headers): a scrape every 15 s is 4
 * of a key's API_RATE_LIMIT_PER_MINUTE, and a key cannot scrape without limit where it could
 * not read. `/health/*` stays open and unlimited for orchestrators (docs/security.md says
 * why). test/api/security.test.ts walks every route the app registers, so a route added
 * without a key fails there.
 */
const KEYED_RUNTIME_ROUTES: ReadonlySet<string> = new Set(['/metrics']);

export function requireKeyOnRuntimeRoutes(app: NestFastifyApplication): void {
  const guard = app.get(ApiKeyGuard);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', async (request, reply) => {
    if (!KEYED_RUNTIME_ROUTES.has(request.routeOptions.url ?? '')) return;
    try {
      await guard.admit(request, reply);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      await sendRefusal(reply, err, request.url);
    }
  });
}
