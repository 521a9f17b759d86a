import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Controller, Get, Header, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { libyaBoundary } from './libya-boundary';

/** The files under /dashboard/ and their types. A Map: a plain object would answer Object.prototype's names. */
const STATIC_FILES: ReadonlyMap<string, string> = new Map([
  ['app.js', 'text/javascript; charset=utf-8'],
  ['stream-retry.js', 'text/javascript; charset=utf-8'],
  ['app.css', 'text/css; charset=utf-8'],
]);

/**
 * The directory of the page's files. They are not TypeScript, so `tsc` does not copy them:
 * from the checkout they sit beside this file; from `dist/` they are found by walking up to
 * the checkout that holds them.
 */
function staticDir(): string {
  const relative = join('apps', 'api', 'src', 'dashboard', 'static');
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'static', 'index.html'))) return join(dir, 'static');
    if (existsSync(join(dir, relative, 'index.html'))) return join(dir, relative);
    if (dirname(dir) === dir) return resolve(__dirname, 'static');
  }
}

/**
 * The risk officer's dashboard: a static page (no key needed to load it) that calls the
 * `/v1` endpoints with the key the officer types in. Everything it needs is served from here,
 * Libya's outline included, so it works without internet access.
 */
@ApiExcludeController()
@Controller()
export class DashboardController {
  private readonly dir = staticDir();

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-cache')
  page(): string {
    return readFileSync(join(this.dir, 'index.html'), 'utf8');
  }

  @Get('dashboard/libya.json')
  @Header('content-type', 'application/geo+json')
  @Header('cache-control', 'public, max-age=86400')
  boundary(): unknown {
    return libyaBoundary();
  }

  @Get('dashboard/:file')
  @Header('cache-control', 'no-cache')
  file(@Param('file') file: string, @Res({ passthrough: true }) reply: FastifyReply): string {
    const type = STATIC_FILES.get(file);
    if (type === undefined) throw new NotFoundException();
    void reply.type(type);
    return readFileSync(join(this.dir, file), 'utf8');
  }
}
