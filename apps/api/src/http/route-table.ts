import { Injectable } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** A registered URL pattern (`/v1/assets/:id`) as a matcher for a request's path. */
function matcherOf(url: string): RegExp {
  const source = url
    .split(/(:[A-Za-z0-9_]+|\*)/)
    .map((part) => {
      if (part === '*') return '.*';
      if (part.startsWith(':')) return '[^/]+';
      return part.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${source}$`);
}

/** The path of a request URL, percent-decoded as the router decodes it (undecodable: as sent). */
function pathOf(url: string): string {
  const path = url.split('?', 1)[0] ?? '';
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}

/**
 * The methods each path the app registered answers, recorded from Fastify's `onRoute` hook, so
 * a request the router did not match can be told apart: a path that exists with other methods
 * (`DELETE /v1/scores`) is a 405 with `Allow`, any other a 404. Fastify's router answers both
 * with its not-found handler (fastify/fastify#917); this is the fastify-allow plugin's approach,
 * kept to the route shapes the api registers (`:param` and a trailing `*`).
 */
@Injectable()
export class RouteTable {
  private readonly routes = new Map<string, { matcher: RegExp; methods: Set<string> }>();

  add(methods: string | readonly string[], url: string): void {
    // A catch-all (CORS's `OPTIONS *`) says nothing about which paths exist.
    if (url === '*' || url === '/*') return;
    const route = this.routes.get(url) ?? { matcher: matcherOf(url), methods: new Set<string>() };
    for (const method of [methods].flat()) {
      route.methods.add(method.toUpperCase());
      // Fastify answers HEAD for every GET route (exposeHeadRoutes).
      if (method.toUpperCase() === 'GET') route.methods.add('HEAD');
    }
    this.routes.set(url, route);
  }

  /** The methods some route answers on the path of `url`, sorted; empty if no route has the path. */
  allowedMethods(url: string): string[] {
    const path = pathOf(url);
    const allowed = new Set<string>();
    for (const { matcher, methods } of this.routes.values())
      if (matcher.test(path)) for (const method of methods) allowed.add(method);
    return [...allowed].sort();
  }
}

/**
 * Fills the app's RouteTable with every route registered from now on: call it before Swagger
 * and the controllers register theirs (configureApiHttp, before init).
 */
export function recordRoutes(app: NestFastifyApplication): void {
  const table = app.get(RouteTable);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', (route) => table.add(route.method, route.url ?? route.path));
}
