import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { apiConfigSchema, loadConfig } from '@crescent/config';
import { ApiModule } from '../../apps/api/src/api.module';
import { configureApiHttp } from '../../apps/api/src/api-http';

/**
 * Prints, as JSON on stdout, every route the api registers (method and URL pattern): the api's
 * own module and HTTP setup, with a Fastify hook that records each route as it is added, so the
 * list comes from the app itself. Run as a child process (`scripts/run-ts.cjs`), because Swagger's
 * static files load an ES module Jest cannot require. Needs DATABASE_URL (the module connects).
 */
async function main(): Promise<void> {
  const routes: Array<{ method: string; url: string }> = [];
  const adapter = new FastifyAdapter();
  adapter.getInstance().addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url ?? route.path });
  });
  const config = loadConfig(apiConfigSchema, { DATABASE_URL: process.env.DATABASE_URL, LOG_LEVEL: 'silent' });
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(config), adapter, {
    logger: false,
  });
  await configureApiHttp(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  await app.close();
  process.stdout.write(`${JSON.stringify(routes)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
