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
    // Every partition of a fetch at once: their PostgreSQL writes run side by side and their
    // Kafka transactions are group-committed (TransactionalPublisher), so the last partition
    // of a fetch no longer waits for the others' turns (docs/performance.md).
    // 128 KiB a partition per fetch: six batches in flight hold as many events (and their
    // impacts) as three of 256 KiB did, which kept the ingestor inside its memory budget.
    consumer: () => ({
      groupId: config.INGESTOR_GROUP_ID,
      partitionsConsumedConcurrently: 6,
      maxBytesPerPartition: 131_072,
    }),
    http: { host: config.HTTP_HOST, port: config.HTTP_PORT, shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS },
    closeAfterConsumer: (app) => app.get<TransactionalPublisher>(INGEST_PUBLISHER).close(),
  });
}

void bootstrap();
