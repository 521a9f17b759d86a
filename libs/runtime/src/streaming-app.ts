import type { DynamicModule } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Kafka } from 'kafkajs';
import type { KafkaConfig } from '@crescent/config';
import {
  BatchKafkaServer,
  describeKafkaConnectFailure,
  ensureTopics,
  type BatchKafkaServerOptions,
  type TopicSpec,
} from '@crescent/kafka';
import { startHttpApp } from './bootstrap';
import { MetricsService } from './metrics';
import { ReadinessService } from './readiness.service';

export interface StreamingAppOptions {
  readonly module: DynamicModule;
  readonly kafka: Kafka;
  /** What `kafka` was made from: names the brokers and user when the first connection fails. */
  readonly kafkaConfig: KafkaConfig;
  readonly topics: readonly TopicSpec[];
  readonly topicPrefix: string;
  /** Consumer options; a function of the app so they can use its providers (e.g. the DataSource). */
  readonly consumer: (
    app: NestFastifyApplication,
  ) => Omit<BatchKafkaServerOptions, 'kafka' | 'metrics' | 'afterStop'>;
  readonly http: { host: string; port: number; shutdownTimeoutMs: number };
  /** Closed after the consumer's last batch has committed (producers). */
  readonly closeAfterConsumer?: (app: NestFastifyApplication) => Promise<void>;
}

/**
 * A consumer app: HTTP for health and metrics, plus the batch Kafka transport.
 * Topics are created if missing before consuming starts. On SIGTERM the order is:
 * stop fetching and finish the running batch (it commits), close producers, then the
 * database (DatabaseModule, last).
 */
export async function startStreamingApp(options: StreamingAppOptions): Promise<NestFastifyApplication> {
  const admin = options.kafka.admin();
  try {
    await admin.connect();
    await ensureTopics(admin, options.topics, options.topicPrefix);
  } catch (error) {
    // The first contact with the brokers: a wrong password or a missing login surfaces here,
    // and the app stops with a message that says so instead of a bare kafkajs error.
    throw new Error(describeKafkaConnectFailure(options.kafkaConfig, error), { cause: error });
  } finally {
    await admin.disconnect();
  }
  let server: BatchKafkaServer | undefined;
  const app = await startHttpApp(options.module, options.http, async (app) => {
    const metrics = app.get(MetricsService);
    server = new BatchKafkaServer({
      ...options.consumer(app),
      kafka: options.kafka,
      topicPrefix: options.topicPrefix,
      metrics: {
        onBatch: (topic, partition, _count, lag) => metrics.consumerLag.set({ topic, partition }, lag),
        onBatchFailed: (topic) => metrics.batchFailures.inc({ topic }),
      },
      afterStop: options.closeAfterConsumer ? () => options.closeAfterConsumer!(app) : undefined,
    });
    const consumer = server;
    app
      .get(ReadinessService)
      .register({ name: 'kafka-consumer', check: () => Promise.resolve(consumer.isConsuming()) });
    app.connectMicroservice({ strategy: consumer }, { inheritAppConfig: true });
    await app.startAllMicroservices();
  });
  return app;
}
