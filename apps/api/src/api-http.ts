import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { API_KEY_HEADER } from './auth/api-key.guard';
import { requireKeyOnRuntimeRoutes } from './auth/operational-routes';
import { installCachedReads } from './http/cached-reads';
import { recordRoutes } from './http/route-table';
import { API_KEY_SECURITY } from './http/openapi.decorators';
import { installSecurityHeaders } from './http/security-headers';

export const OPENAPI_UI_PATH = 'docs';
export const OPENAPI_JSON_PATH = 'docs/openapi.json';

/**
 * Security headers on every response (helmet's, worked out once), repeated reads answered
 * from memory (cached-reads.ts), the table of routes that turns a wrong method into a 405,
 * and the OpenAPI document generated from the controllers' decorators (UI at /docs, JSON at
 * /docs/openapi.json). Called before listen, by main and by the tests, so both serve the
 * same app.
 */
export function configureApiHttp(app: NestFastifyApplication): Promise<void> {
  recordRoutes(app);
  installSecurityHeaders(app, OPENAPI_UI_PATH);
  requireKeyOnRuntimeRoutes(app);
  installCachedReads(app);
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Crescent risk API')
      .setDescription(
        'Libyan oil-supply risk: assets, scores, national risk, events and alerts. Errors are application/problem+json (RFC 9457).',
      )
      .setVersion('1')
      .addApiKey({ type: 'apiKey', name: API_KEY_HEADER, in: 'header' }, API_KEY_SECURITY)
      .build(),
  );
  SwaggerModule.setup(OPENAPI_UI_PATH, app, document, { jsonDocumentUrl: OPENAPI_JSON_PATH });
  return Promise.resolve();
}
