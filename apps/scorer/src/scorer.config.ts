import { z } from 'zod';
import { databaseSchema, httpSchema, kafkaSchema, loggingSchema, shutdownSchema } from '@crescent/config';

/** The scorer's whole configuration (impacts in, scores, national aggregate and alerts out). Validated once at boot. */
export const scorerConfigSchema = loggingSchema
  .extend(databaseSchema.shape)
  .extend(kafkaSchema.shape)
  .extend(shutdownSchema.shape)
  .extend({
    ...httpSchema.shape,
    HTTP_PORT: httpSchema.shape.HTTP_PORT.default(3002),
  });

export type ScorerConfig = z.infer<typeof scorerConfigSchema>;
