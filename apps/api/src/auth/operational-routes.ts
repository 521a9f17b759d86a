import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiError } from '../http/api-error';
import { problemOf, sendProblem } from '../http/problem.filter';
import { ApiKeyGuard } from './api-key.guard';

/**
 * Routes the runtime library adds to every app, which the api's controllers and their
 * ApiKeyGuard do not cover. `/metrics` (request and database counters) needs any valid key on
 * the api, checked by the guard's own `identify` (its key cache, its refusals);
 * `/health/*` stays open for orchestrators. test/api/security.test.ts walks every route the
 * app registers, so a route added without a key fails there.
 */
const KEYED_RUNTIME_ROUTES: ReadonlySet<string> = new Set(['/metrics']);

export function requireKeyOnRuntimeRoutes(app: NestFastifyApplication): void {
  const guard = app.get(ApiKeyGuard);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', async (request, reply) => {
    if (!KEYED_RUNTIME_ROUTES.has(request.routeOptions.url ?? '')) return;
    try {
      await guard.identify(request);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      await sendProblem(reply, problemOf(err, request.url));
    }
  });
}
