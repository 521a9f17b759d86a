import { LoggerModule } from 'nestjs-pino';
import type { DynamicModule } from '@nestjs/common';
import type { LoggingConfig } from '@crescent/config';
import { redactQuery, redactUrl } from './redact-url';

/**
 * Structured JSON logs on stdout (pino). Credentials never reach a log line: API keys
 * and authorisation headers are redacted at the serializer, and so is a key a client put in
 * the URL (`?api_key=crk_…`): every line logged while a request is handled (an error's
 * included) carries that request's `url`, parsed `query` and path `params`.
 */
export function loggingModule(config: LoggingConfig, app: string): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      level: config.LOG_LEVEL,
      base: { app },
      autoLogging: false,
      serializers: {
        req: (req: { url?: string; query?: Record<string, unknown>; params?: Record<string, unknown> }) => ({
          ...req,
          ...(req.url !== undefined ? { url: redactUrl(req.url) } : {}),
          ...(req.query !== undefined ? { query: redactQuery(req.query) } : {}),
          ...(req.params !== undefined ? { params: redactQuery(req.params) } : {}),
        }),
      },
      redact: {
        paths: ['req.headers["x-api-key"]', 'req.headers.authorization', 'req.headers.cookie'],
        censor: '[redacted]',
      },
    },
  });
}
