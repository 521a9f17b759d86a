import { randomUUID } from 'node:crypto';
import {
  type Admin,
  type Consumer,
  type ConsumerConfig,
  type EachMessagePayload,
  Kafka,
  type logCreator,
  logLevel,
  Partitioners,
  type Producer,
  type ProducerConfig,
} from 'kafkajs';
import { kafkaSchema, loadConfig } from '@crescent/config';
import { eventually } from './eventually';

/**
 * kafkajs' console logger at WARN, minus what kafkajs retries by itself: per-request
 * "Response …" errors and entries carrying a retryCount (e.g. "the coordinator is loading"
 * on a fresh broker, CONCURRENT_TRANSACTIONS right after a commit). A failure that matters
 * rejects the test's own call anyway, with the same error.
 */
const quietLogCreator: logCreator =
  () =>
  ({ namespace, level, log }) => {
    if (namespace === 'Connection' && log.message.startsWith('Response')) return;
    if ('retryCount' in log) return;
    const line = JSON.stringify({ level: logLevel[level], ...log });
    if (level <= logLevel.ERROR) console.error(line);
    else console.warn(line);
  };

/** A name no other test (or earlier run against the same broker) uses: topics and groups are never shared. */
export function uniqueName(label: string): string {
  return `test.${label}.${randomUUID().slice(0, 8)}`;
}

/** The offset a consumer commits after handling `offset`: Kafka stores the next one to read. */
export function nextOffset(offset: string): string {
  return (BigInt(offset) + 1n).toString();
}

export interface SeenMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: Readonly<Record<string, string>>;
}

export function toSeenMessage({ topic, partition, message }: EachMessagePayload): SeenMessage {
  const headers: Record<string, string> = {};
  for (const [name, header] of Object.entries(message.headers ?? {})) {
    if (header !== undefined) headers[name] = header.toString();
  }
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key?.toString() ?? null,
    value: message.value?.toString() ?? null,
    headers,
  };
}

/**
 * kafkajs clients for one test file, against KAFKA_BROKERS (set by the global setup). Every
 * client it hands out is connected, and `disconnectAll` (in afterEach) closes them, so a
 * failing test does not leave a consumer in a group.
 */
export class KafkaTestKit {
  readonly kafka: Kafka;
  private readonly clients: Array<{ disconnect(): Promise<void> }> = [];

  /** `brokers`: a comma-separated list; default KAFKA_BROKERS (the run's broker). */
  constructor(clientId = uniqueName('client'), brokers?: string) {
    const { KAFKA_BROKERS } = loadConfig(kafkaSchema, brokers ? { KAFKA_BROKERS: brokers } : process.env);
    this.kafka = new Kafka({
      clientId,
      brokers: KAFKA_BROKERS,
      logLevel: logLevel.WARN,
      logCreator: quietLogCreator,
    });
  }

  async admin(): Promise<Admin> {
    const admin = this.kafka.admin();
    await admin.connect();
    this.clients.push(admin);
    return admin;
  }

  async producer(config: ProducerConfig = {}): Promise<Producer> {
    // The v2 default partitioner, chosen explicitly (this is what silences kafkajs' warning).
    const producer = this.kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, ...config });
    await producer.connect();
    this.clients.push(producer);
    return producer;
  }

  async consumer(config: ConsumerConfig): Promise<Consumer> {
    // Short fetch waits: tests wait for messages, and the default 5 s long-poll only slows them.
    const consumer = this.kafka.consumer({ maxWaitTimeInMs: 500, ...config });
    await consumer.connect();
    this.clients.push(consumer);
    return consumer;
  }

  /**
   * Creates uniquely named topics and returns their names once every partition has a leader.
   * Not kafkajs' `waitForLeaders`: it tolerates only LEADER_NOT_AVAILABLE, but a KRaft broker
   * whose metadata image lags its controller answers UNKNOWN_TOPIC_OR_PARTITION for a moment
   * after the create, and kafkajs then fails the create (seen on 3.9.1).
   */
  async createTopics(labels: readonly string[], numPartitions = 1): Promise<string[]> {
    const admin = await this.admin();
    const topics = labels.map(uniqueName);
    await admin.createTopics({ topics: topics.map((topic) => ({ topic, numPartitions })) });
    await eventually(async () => {
      const metadata = await admin.fetchTopicMetadata({ topics });
      const leaderless = metadata.topics.flatMap((t) =>
        t.partitions.filter((p) => p.leader < 0).map((p) => `${t.name}/${p.partitionId}`),
      );
      expect(leaderless).toEqual([]);
    });
    return topics;
  }

  async disconnectAll(): Promise<void> {
    const clients = this.clients.splice(0);
    await Promise.all(clients.map((client) => client.disconnect()));
  }
}

/** The group's committed offset ("next to read") for each partition of `topic`; '-1' when none. */
export async function committedOffsets(admin: Admin, groupId: string, topic: string): Promise<string[]> {
  const [topicOffsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return (topicOffsets?.partitions ?? []).sort((a, b) => a.partition - b.partition).map((p) => p.offset);
}
