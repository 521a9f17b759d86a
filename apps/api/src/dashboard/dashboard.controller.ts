import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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
 * The directory of the page's files: beside this file, in the checkout and in a build
 * (they are not TypeScript, so scripts/build.cjs copies them next to the compiled code).
 */
const STATIC_DIR = join(__dirname, 'static');

/**
 * The risk officer's dashboard: a static page (no key needed to load it) that calls the
 * `/v1` endpoints with the key the officer types in. Everything it needs is served from here,
 * Libya's outline included, so it works without internet access.
 */
@ApiExcludeController()
@Controller()
export class DashboardController {
  private readonly dir = STATIC_DIR;

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
