import { z } from 'zod';
import { databaseSchema, httpSchema, kafkaSchema, loggingSchema, shutdownSchema } from '@crescent/config';

/** The ingestor's whole configuration (raw events in, impacts out). Validated once at boot. */
export const ingestorConfigSchema = loggingSchema
  .extend(databaseSchema.shape)
  .extend(kafkaSchema.shape)
  .extend(shutdownSchema.shape)
  .extend({
    ...httpSchema.shape,
    HTTP_PORT: httpSchema.shape.HTTP_PORT.default(3001),
  });

export type IngestorConfig = z.infer<typeof ingestorConfigSchema>;
