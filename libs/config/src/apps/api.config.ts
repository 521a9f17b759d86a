import { z } from 'zod';
import {
  HTTP_PORT_MEANING,
  databaseSchema,
  envNumber,
  httpSchema,
  loggingSchema,
  shutdownSchema,
  timerMs,
} from '../schemas';

/** The api's whole configuration (the risk officer's read side: HTTP API, dashboard, health, metrics). Validated once at boot. */
export const apiConfigSchema = loggingSchema
  .extend(databaseSchema.shape)
  .extend(shutdownSchema.shape)
  .extend({
    ...httpSchema.shape,
    HTTP_PORT: httpSchema.shape.HTTP_PORT.unwrap().default(3000).describe(HTTP_PORT_MEANING),
    API_RATE_LIMIT_PER_MINUTE: envNumber({ min: 1 })
      .default(600)
      .describe('Requests per minute each API key may make (a token bucket of this size); over it: 429.'),
    API_STREAM_POLL_MS: timerMs()
      .default(1000)
      .describe(
        'How often each open /v1/stream connection polls the database for new scores and alerts, ms.',
      ),
    API_CACHE_ENTRIES: envNumber({ min: 0 })
      .default(1000)
      .describe(
        'Responses to GETs kept in memory to answer repeated reads, dropped at any change (PostgreSQL notifications); 0 = none.',
      ),
    API_CORS_ORIGINS: z
      .string()
      .default('')
      .transform((v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      )
      .pipe(
        z.array(
          z
            .string()
            .regex(
              /^https?:\/\/[^/\s*]+$/,
              'each origin must be scheme://host[:port], without a path or "*"',
            ),
        ),
      )
      .describe(
        'Comma-separated origins (https://host[:port]) whose pages may call the API from a browser (CORS). Empty: none; CORS stays closed.',
      ),
  });

export type ApiConfig = z.infer<typeof apiConfigSchema>;
