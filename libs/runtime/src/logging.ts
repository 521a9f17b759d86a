import { LoggerModule } from 'nestjs-pino';
import type { DynamicModule } from '@nestjs/common';
import type { LoggingConfig } from '@crescent/config';

/**
 * Structured JSON logs on stdout (pino). Credentials never reach a log line: API keys
 * and authorisation headers are redacted at the serializer.
 */
export function loggingModule(config: LoggingConfig, app: string): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      level: config.LOG_LEVEL,
      base: { app },
      autoLogging: false,
      redact: {
        paths: ['req.headers["x-api-key"]', 'req.headers.authorization', 'req.headers.cookie'],
        censor: '[redacted]',
      },
    },
  });
}
