import { z } from 'zod';
import {
  HTTP_PORT_MEANING,
  databaseSchema,
  envNumber,
  httpSchema,
  kafkaSchema,
  loggingSchema,
  shutdownSchema,
  timerMs,
} from '../schemas';

const partitions = envNumber({ min: 1, max: 1000 });

/** The scorer's whole configuration (impacts in; scores, national aggregate and alerts out). Validated once at boot. */
export const scorerConfigSchema = loggingSchema
  .extend(databaseSchema.shape)
  .extend(kafkaSchema.shape)
  .extend(shutdownSchema.shape)
  .extend({
    ...httpSchema.shape,
    HTTP_PORT: httpSchema.shape.HTTP_PORT.unwrap().default(3002).describe(HTTP_PORT_MEANING),
    SCORER_GROUP_ID: z
      .string()
      .default('crescent-scorer')
      .describe('Consumer group of the scorers; instances share its partitions.'),
    IMPACT_TOPIC_PARTITIONS: partitions
      .default(6)
      .describe('Partitions of oil.asset-impacts.v2 when the scorer creates it.'),
    SCORE_TOPIC_PARTITIONS: partitions
      .default(6)
      .describe('Partitions of oil.risk.scores.v1 and oil.risk.alerts.v1 when created.'),
    SCORER_CLOCK: z
      .enum(['wall', 'event'])
      .default('wall')
      .describe(
        'Time scores are computed at: "wall" = now (live feeds: risk fades in real time; an impact stamped up to 5 minutes ahead moves it that far, never further); "event" = the latest impact time seen (replays of history).',
      ),
    SCORE_REFRESH_INTERVAL_MS: timerMs(0)
      .default(60_000)
      .describe(
        'How often every asset is re-scored and re-published so decay shows without new events, ms; 0 = never.',
      ),
    SCORER_FETCH_BYTES_PER_PARTITION: envNumber({ min: 1024, max: 16 * 1024 * 1024 })
      .default(1_048_576)
      .describe(
        "Bytes of impact messages a scorer fetches per partition at a time; a fetch's batches are applied in one transaction, so this bounds a transaction's size and the scorer's memory.",
      ),
  });

export type ScorerConfig = z.infer<typeof scorerConfigSchema>;
