import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import helmet, { type HelmetOptions } from 'helmet';

/** The api's helmet configuration: the Swagger UI page loads its own inline styles and scripts; everything else is JSON. */
export const HELMET_OPTIONS: Readonly<HelmetOptions> = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      scriptSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
    },
  },
};

/**
 * The headers helmet sets with `options`, worked out once. With this configuration (no CSP
 * nonces, nothing per route) they are the same for every request; @fastify/helmet built a
 * new helmet middleware, parsing the CSP directives again, on every request.
 */
export function securityHeaders(options: Readonly<HelmetOptions> = HELMET_OPTIONS): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
      return response;
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let failure: unknown;
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, (err?: unknown) => {
    failure = err;
  });
  if (failure !== undefined)
    throw failure instanceof Error ? failure : new Error('helmet refused its options');
  return headers;
}

/**
 * What a response that says nothing about caching gets: `no-store`. The key travels in
 * `x-api-key`, not `Authorization`, so HTTP caches (RFC 9111 §3.5) do not treat keyed requests
 * as authenticated: without this, the admin's key list, /metrics and every problem answer could
 * be kept by a shared cache between the api and its clients. Routes that choose (the cached
 * reads' `private, no-cache`, the dashboard's files, the stream) keep their own.
 */
export const DEFAULT_CACHE_CONTROL = 'no-store';

/** Sets `Cache-Control: no-store` on a response that has no Cache-Control of its own. */
export function defaultCacheControl(reply: {
  hasHeader(name: string): boolean;
  header(name: string, value: string): unknown;
}): void {
  if (!reply.hasHeader('cache-control')) reply.header('cache-control', DEFAULT_CACHE_CONTROL);
}

/**
 * Sets the security headers on every response, before any route or hook can answer, and
 * `no-store` on the way out of any response that did not choose its caching.
 */
export function installSecurityHeaders(app: NestFastifyApplication): void {
  const headers = securityHeaders();
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (_request, reply, done) => {
    void reply.headers(headers);
    done();
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    defaultCacheControl(reply);
    done(null, payload);
  });
}
