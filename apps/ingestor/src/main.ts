import 'reflect-metadata';
import { TOPICS } from '@crescent/contracts';
import { createKafka, LARGE_VALUES, type TransactionalPublisher } from '@crescent/kafka';
import { loadAppConfigOrExit, startStreamingApp } from '@crescent/runtime';
import { INGEST_PUBLISHER } from './ingest.service';
import { ingestorConfigSchema } from '@crescent/config';
import { IngestorModule } from './ingestor.module';

async function bootstrap(): Promise<void> {
  const config = loadAppConfigOrExit('ingestor', ingestorConfigSchema, process.env);
  const kafka = createKafka(config, 'ingestor');
  await startStreamingApp({
    module: IngestorModule.forRoot(config, kafka),
    kafka,
    kafkaConfig: config,
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
    topics: [
      { topic: TOPICS.rawEvents, partitions: config.RAW_TOPIC_PARTITIONS, configEntries: LARGE_VALUES },
      { topic: TOPICS.deadLetter, partitions: config.DLQ_TOPIC_PARTITIONS, configEntries: LARGE_VALUES },
      { topic: TOPICS.assetImpacts, partitions: config.IMPACT_TOPIC_PARTITIONS },
    ],
    // Three partitions at a time: one batch's parsing, another's PostgreSQL writes and a
    // third's Kafka transaction overlap instead of each waiting for the others (docs/performance.md).
    // 256 KiB a partition per fetch: a batch (~400 events, ~6,000 impacts) and its outputs
    // stay small enough for three in flight to fit in the memory budget.
    consumer: () => ({
      groupId: config.INGESTOR_GROUP_ID,
      partitionsConsumedConcurrently: 3,
      maxBytesPerPartition: 262_144,
    }),
    http: { host: config.HTTP_HOST, port: config.HTTP_PORT, shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS },
    closeAfterConsumer: (app) => app.get<TransactionalPublisher>(INGEST_PUBLISHER).close(),
  });
}

void bootstrap();
