import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { API_KEY_HEADER } from '../auth/api-key.guard';

/**
 * CORS is closed unless API_CORS_ORIGINS names origins: without it the api sends no
 * Access-Control-* header at all, so a page on another origin cannot read a response or send
 * the key header (the dashboard is served from the api's own origin and needs none). With it,
 * exactly those origins may GET with the key header; no credentials (cookies) are involved.
 */
export function allowCorsOrigins(app: NestFastifyApplication, origins: readonly string[]): void {
  if (origins.length === 0) return;
  app.enableCors({
    origin: [...origins],
    methods: ['GET', 'HEAD'],
    allowedHeaders: [API_KEY_HEADER, 'last-event-id', 'if-none-match'],
    exposedHeaders: ['ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'retry-after', 'etag'],
    credentials: false,
    maxAge: 600,
  });
}
