import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Logger } from 'nestjs-pino';
import type { z } from 'zod';
import { ConfigError, loadConfig, type EnvSource } from '@crescent/config';
import { countRequests, InFlightWork } from './in-flight-work';
import { redactUrl, redactUrlIn } from './redact-url';

/**
 * Validates the app's one configuration schema. On failure prints which variables are
 * wrong and exits 1 before anything starts, so a misconfigured deploy fails loudly.
 */
export function loadAppConfigOrExit<S extends z.ZodObject>(
  app: string,
  schema: S,
  env: EnvSource,
): z.infer<S> {
  try {
    return loadConfig(schema, env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${app}: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

export interface HttpAppOptions {
  readonly host: string;
  readonly port: number;
  /** After this long an orderly stop is abandoned and the process exits 1. */
  readonly shutdownTimeoutMs: number;
}

/**
 * What Fastify refuses before any route runs (a broken percent-escape in the path, a path
 * parameter over its length limit) leaves as application/problem+json like every other
 * error, naming the path as the parameter at fault, instead of Fastify's own JSON.
 */
function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode !== undefined && error.statusCode >= 400 ? error.statusCode : 400;
  // Neither the problem nor its detail echoes a key the client put in the URL.
  const instance = redactUrl(request.url);
  const detail =
    error.code === 'FST_ERR_BAD_URL'
      ? 'the path is not a valid URL component'
      : redactUrlIn(error.message, request.url);
  void reply
    .status(status)
    .header('content-type', 'application/problem+json')
    .send(
      JSON.stringify({
        type: 'about:blank',
        title: status === 414 ? 'URI too long' : 'Bad request',
        status,
        detail,
        instance,
        'invalid-params': [{ name: 'path', reason: detail }],
      }),
    );
}

/**
 * Creates a Fastify-backed Nest app with JSON logs and shutdown hooks, and starts
 * listening. Returns the app (for tests and hybrid microservice wiring).
 */
export async function startHttpApp(
  module: Type<unknown> | DynamicModule,
  options: HttpAppOptions,
  beforeListen?: (app: NestFastifyApplication) => Promise<void> | void,
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    module,
    new FastifyAdapter({ bodyLimit: 1_048_576, frameworkErrors: answerFrameworkError }),
    {
      bufferLogs: true,
    },
  );
  app.useLogger(app.get(Logger));
  countRequests(app.getHttpAdapter().getInstance(), app.get(InFlightWork));
  stopOnSignals(app, options.shutdownTimeoutMs);
  if (beforeListen) await beforeListen(app);
  await app.listen(options.port, options.host);
  return app;
}

/**
 * SIGTERM or SIGINT runs Nest's orderly stop (`app.close()`: stop consuming and finish the
 * batch in hand, close producers, then the database) and exits 0. Nest's own
 * `enableShutdownHooks` would re-raise the signal afterwards, so even a clean stop would
 * look like a kill to a supervisor. If the stop hangs (a dead broker or database), exit 1
 * after `timeoutMs` rather than hang forever.
 */
function stopOnSignals(app: INestApplication, timeoutMs: number): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    const logger = app.get(Logger);
    logger.log(`${signal}: stopping`);
    setTimeout(() => {
      logger.error(`orderly shutdown took longer than ${timeoutMs} ms; exiting`);
      process.exit(1);
    }, timeoutMs).unref();
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error(`shutdown failed: ${(err as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
