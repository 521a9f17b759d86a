import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { TOPICS } from '@crescent/contracts';
import { createKafka, LARGE_VALUES, type IdempotentPublisher } from '@crescent/kafka';
import { ScorerStateRepository } from '@crescent/persistence';
import { loadAppConfigOrExit, startStreamingApp } from '@crescent/runtime';
import { scorerConfigSchema } from '@crescent/config';
import { ScorerModule } from './scorer.module';
import { SCORER_PUBLISHER } from './scorer.tokens';

async function bootstrap(): Promise<void> {
  const config = loadAppConfigOrExit('scorer', scorerConfigSchema, process.env);
  const kafka = createKafka(config, 'scorer');
  const repo = new ScorerStateRepository();
  await startStreamingApp({
    module: ScorerModule.forRoot(config, kafka),
    kafka,
    kafkaConfig: config,
    topicPrefix: config.KAFKA_TOPIC_PREFIX,
    topics: [
      { topic: TOPICS.assetImpacts, partitions: config.IMPACT_TOPIC_PARTITIONS },
      { topic: TOPICS.riskScores, partitions: config.SCORE_TOPIC_PARTITIONS },
      { topic: TOPICS.alerts, partitions: config.SCORE_TOPIC_PARTITIONS },
      { topic: TOPICS.nationalRisk, partitions: 1 },
      { topic: TOPICS.deadLetter, partitions: 1, configEntries: LARGE_VALUES },
    ],
    consumer: (app) => ({
      groupId: config.SCORER_GROUP_ID,
      // Every assigned partition's batch of a fetch at once: they share one transaction.
      partitionsConsumedConcurrently: config.IMPACT_TOPIC_PARTITIONS,
      maxBytesPerPartition: config.SCORER_FETCH_BYTES_PER_PARTITION,
      // Start each assigned partition where the stored state stands.
      resolveStartOffsets: (assigned) =>
        repo.readOffsets(app.get(DataSource).manager, config.SCORER_GROUP_ID, assigned),
    }),
    http: { host: config.HTTP_HOST, port: config.HTTP_PORT, shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS },
    closeAfterConsumer: (app) => app.get<IdempotentPublisher>(SCORER_PUBLISHER).close(),
  });
}

void bootstrap();
