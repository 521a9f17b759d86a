import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { ApiKeyRepository } from '@crescent/persistence';
import { API_KEY_HEADER } from './api-key.guard';

/**
 * Routes the runtime library adds to every app, which the api's controllers and their
 * ApiKeyGuard do not cover. `/metrics` (request and database counters) needs any valid key on
 * the api; `/health/*` stays open for orchestrators. test/api/security.test.ts walks every
 * route the app registers, so a route added without a key fails there.
 */
const KEYED_RUNTIME_ROUTES: ReadonlySet<string> = new Set(['/metrics']);

export function requireKeyOnRuntimeRoutes(app: NestFastifyApplication): void {
  const keys = new ApiKeyRepository();
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', async (request, reply) => {
    if (!KEYED_RUNTIME_ROUTES.has(request.routeOptions.url ?? '')) return;
    const presented = request.headers[API_KEY_HEADER];
    const key =
      typeof presented === 'string' && presented !== ''
        ? await keys.authenticate(app.get(DataSource).manager, presented)
        : undefined;
    if (key) return;
    await reply
      .status(401)
      .header('content-type', 'application/problem+json')
      .send(
        JSON.stringify({
          type: 'https://crescent.dev/problems/unauthenticated',
          title: 'Missing or invalid API key',
          status: 401,
          detail: `send a valid API key in the ${API_KEY_HEADER} header`,
          instance: request.url,
        }),
      );
  });
}
