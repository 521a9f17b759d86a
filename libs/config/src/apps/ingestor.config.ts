import { hostname } from 'node:os';
import { z } from 'zod';
import {
  HTTP_PORT_MEANING,
  databaseSchema,
  envNumber,
  httpSchema,
  kafkaSchema,
  loggingSchema,
  shutdownSchema,
} from '../schemas';

const partitions = envNumber({ min: 1, max: 1000 });

/** The ingestor's whole configuration (raw events in, impacts out). Validated once at boot. */
export const ingestorConfigSchema = loggingSchema
  .extend(databaseSchema.shape)
  .extend(kafkaSchema.shape)
  .extend(shutdownSchema.shape)
  .extend({
    ...httpSchema.shape,
    HTTP_PORT: httpSchema.shape.HTTP_PORT.unwrap().default(3001).describe(HTTP_PORT_MEANING),
    INGESTOR_GROUP_ID: z.string().default('crescent-ingestor').describe('Consumer group of the ingestors.'),
    INGESTOR_TRANSACTIONAL_ID: z
      .string()
      .optional()
      .describe(
        'Kafka transactional id of this instance, unique per running instance. Default: crescent-ingestor-<host>-<pid>.',
      ),
    RAW_TOPIC_PARTITIONS: partitions
      .default(6)
      .describe(`Partitions of geo.events.raw.v1 when the ingestor creates it.`),
    IMPACT_TOPIC_PARTITIONS: partitions
      .default(6)
      .describe(
        'Partitions of oil.asset-impacts.v2 when created: the most scorer instances that can share the work.',
      ),
    DLQ_TOPIC_PARTITIONS: partitions.default(1).describe('Partitions of geo.events.dlq.v1 when created.'),
  });

export type IngestorConfig = z.infer<typeof ingestorConfigSchema>;

/** This instance's transactional id: configured, or unique to this host and process. */
export function ingestorTransactionalId(config: IngestorConfig): string {
  return config.INGESTOR_TRANSACTIONAL_ID ?? `crescent-ingestor-${hostname()}-${process.pid}`;
}
