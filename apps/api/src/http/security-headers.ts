import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * The Content-Security-Policy directives every response carries. No page the api serves runs
 * inline script (the dashboard and the Swagger UI load theirs from files), and the dashboard
 * sets its computed styles through the CSSOM, which CSP does not govern, so neither needs
 * 'unsafe-inline'. `upgrade-insecure-requests` (on by default in helmet) is off: everything
 * the pages load is same-origin and relative, so over HTTPS it upgrades nothing, while over
 * plain HTTP under a name other than localhost it sent the page's own script and data to
 * https://, where nothing answers, and the dashboard stayed blank. The api terminates no TLS
 * and trusts no proxy's X-Forwarded-Proto, so it cannot tell an HTTPS request apart to send
 * it only then; a TLS proxy in front can add it.
 */
const DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  upgradeInsecureRequests: null,
};

/** The api's helmet configuration: the dashboard's page and files, and every JSON answer. */
export const HELMET_OPTIONS: Readonly<HelmetOptions> = { contentSecurityPolicy: { directives: DIRECTIVES } };

/**
 * The Swagger UI's pages (under the OpenAPI UI path): its HTML template, from @nestjs/swagger,
 * has `<style>` blocks and a `style` attribute of its own, so there, and only there, styles may
 * be inline. Scripts may not: the template loads them all from files.
 */
export const DOCS_HELMET_OPTIONS: Readonly<HelmetOptions> = {
  contentSecurityPolicy: { directives: { ...DIRECTIVES, styleSrc: ["'self'", "'unsafe-inline'"] } },
};

/**
 * The headers helmet sets with `options`, worked out once. With these configurations (no CSP
 * nonces) they are the same for every request to the same part of the api; @fastify/helmet
 * built a new helmet middleware, parsing the CSP directives again, on every request.
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

/** The directives of a Content-Security-Policy header, by name (the specs and the browser test read policies back with it). */
export function cspDirectives(header: string | undefined): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of (header ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) directives.set(name, values);
  }
  return directives;
}

/** Whether a request URL (path and query, as Fastify gives it) is `/<path>` or under it. */
export function isUnderPath(url: string, path: string): boolean {
  const pathname = url.split('?', 1)[0] ?? '';
  return pathname === `/${path}` || pathname.startsWith(`/${path}/`);
}

/**
 * Sets the security headers on every response, before any route or hook can answer (those of
 * the OpenAPI UI under `docsPath`, the others elsewhere), and `no-store` on the way out of any
 * response that did not choose its caching.
 */
export function installSecurityHeaders(app: NestFastifyApplication, docsPath: string): void {
  const headers = securityHeaders();
  const docsHeaders = securityHeaders(DOCS_HELMET_OPTIONS);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.headers(isUnderPath(request.url, docsPath) ? docsHeaders : headers);
    done();
  });
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    defaultCacheControl(reply);
    done(null, payload);
  });
}
