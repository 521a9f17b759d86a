import { Logger } from '@nestjs/common';
import { Kafka, logLevel, type LogEntry, type Admin, type ITopicConfig } from 'kafkajs';
import type { KafkaConfig } from '@crescent/config';

const LEVEL_NAME: Record<number, 'error' | 'warn' | 'log' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'log',
  [logLevel.DEBUG]: 'debug',
};

/** Routes kafkajs' own logs into the app's structured logger instead of raw console JSON. */
function logCreator(): (entry: LogEntry) => void {
  return ({ namespace, level, log }) => {
    const { message, ...extra } = log;
    const logger = new Logger(`kafkajs:${namespace}`);
    const method = LEVEL_NAME[level] ?? 'log';
    logger[method](Object.keys(extra).length > 0 ? `${message} ${JSON.stringify(extra)}` : message);
  };
}

/** One kafkajs client for an app; `role` distinguishes client ids in broker logs and metrics. */
export function createKafka(config: KafkaConfig, role: string): Kafka {
  return new Kafka({
    clientId: `${config.KAFKA_CLIENT_ID}-${role}`,
    brokers: config.KAFKA_BROKERS,
    logLevel: logLevel.WARN,
    logCreator,
    retry: { initialRetryTime: 300, retries: 8 },
  });
}

export interface TopicSpec {
  readonly topic: string;
  readonly partitions: number;
  readonly configEntries?: ITopicConfig['configEntries'];
}

/**
 * Creates the topics that do not exist yet (apps call this at start). Existing topics
 * are left as they are: partition counts are an operator's decision once data flows.
 */
export async function ensureTopics(
  admin: Admin,
  specs: readonly TopicSpec[],
  prefix = '',
): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = specs.map((s) => ({ ...s, topic: prefix + s.topic })).filter((s) => !existing.has(s.topic));
  if (missing.length === 0) return [];
  await admin.createTopics({
    waitForLeaders: true,
    topics: missing.map((s) => ({
      topic: s.topic,
      numPartitions: s.partitions,
      replicationFactor: -1,
      configEntries: s.configEntries,
    })),
  });
  return missing.map((s) => s.topic);
}

/**
 * Topics that carry input as it came (raw events and their dead letters) accept values
 * up to 16 MiB, so oversized input reaches the DLQ with a reason instead of being refused
 * at the producer by the broker's 1 MB default.
 */
export const LARGE_VALUES: NonNullable<TopicSpec['configEntries']> = [
  { name: 'max.message.bytes', value: String(16 * 1024 * 1024) },
];
