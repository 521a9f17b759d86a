import { Logger } from '@nestjs/common';
import { BaseRpcContext, type CustomTransportStrategy, Server } from '@nestjs/microservices';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import { lastValueFrom } from 'rxjs';

/** What a batch handler receives: one partition's messages, in offset order. */
export interface KafkaBatch {
  readonly groupId: string;
  readonly topic: string;
  readonly partition: number;
  readonly messages: readonly KafkaMessage[];
  /** The partition's end when the batch was fetched: the offset its next message will get. */
  readonly highWatermark: bigint;
  /** Keep the group membership alive during long work (call between chunks). */
  heartbeat(): Promise<void>;
  /** True when a rebalance took this partition away: stop and let the new owner redo it. */
  isStale(): boolean;
}

export class KafkaBatchContext extends BaseRpcContext<[KafkaBatch]> {
  get batch(): KafkaBatch {
    return this.getArgs()[0];
  }
}

/** Where a partition should start when this instance is assigned it (offsets kept with the data). */
export type StartOffsetResolver = (
  assignments: ReadonlyArray<{ topic: string; partition: number }>,
) => Promise<ReadonlyArray<{ topic: string; partition: number; offset: string }>>;

export interface BatchConsumerMetrics {
  onBatch(topic: string, partition: number, messages: number, lag: number): void;
  onBatchFailed(topic: string, partition: number): void;
}

export interface BatchKafkaServerOptions {
  readonly kafka: Kafka;
  readonly groupId: string;
  /** Deployment topic prefix: handlers are registered by contract name, subscribed as prefix + name. */
  readonly topicPrefix?: string;
  /** Max bytes fetched per partition per batch; bounds batch size and memory. */
  readonly maxBytesPerPartition?: number;
  readonly partitionsConsumedConcurrently?: number;
  readonly sessionTimeoutMs?: number;
  /** First and maximum wait before a failed batch is retried, ms. */
  readonly retryBackoffMs?: { readonly initial: number; readonly max: number };
  readonly resolveStartOffsets?: StartOffsetResolver;
  readonly metrics?: BatchConsumerMetrics;
  /** Runs after the consumer has stopped and its last batch finished: close producers here. */
  readonly afterStop?: () => Promise<void>;
}

/**
 * A NestJS transport over kafkajs that hands whole batches to `@EventPattern(topic)`
 * handlers. Why not Nest's built-in Kafka transport: it is per-message, commits on its
 * own schedule and retries a poison message forever (nestjs/nest#10972). Here:
 * - offsets are committed (offset + 1) only after the handler resolved, i.e. after the
 *   state the batch produced is durable;
 * - a handler failure (database down, broker unreachable) pauses that partition, seeks
 *   back to the batch start and retries with backoff: other partitions keep flowing,
 *   nothing is committed, nothing crash-loops. Bad input never throws: handlers
 *   dead-letter it themselves;
 * - on assignment, partitions can be sought to offsets stored with the data.
 */
export class BatchKafkaServer extends Server implements CustomTransportStrategy {
  protected override readonly logger = new Logger(BatchKafkaServer.name);
  private consumer?: Consumer;
  private joined = false;
  private crashed?: string;
  private readonly failures = new Map<string, number>();
  private readonly resumeTimers = new Set<NodeJS.Timeout>();

  constructor(private readonly options: BatchKafkaServerOptions) {
    super();
  }

  /** For readiness: the consumer is in its group and has not crashed. */
  isConsuming(): { ok: boolean; detail?: string } {
    if (this.crashed) return { ok: false, detail: `consumer crashed: ${this.crashed}` };
    if (!this.joined) return { ok: false, detail: 'consumer has not joined its group' };
    return { ok: true };
  }

  async listen(callback: (err?: unknown) => void): Promise<void> {
    try {
      await this.start();
      callback();
    } catch (err) {
      callback(err);
    }
  }

  private async start(): Promise<void> {
    const prefix = this.options.topicPrefix ?? '';
    const topics = [...this.messageHandlers.keys()].map((t) => prefix + t);
    const consumer = this.options.kafka.consumer({
      groupId: this.options.groupId,
      sessionTimeout: this.options.sessionTimeoutMs ?? 30_000,
      maxBytesPerPartition: this.options.maxBytesPerPartition ?? 1_048_576,
      readUncommitted: false,
      retry: { retries: 10 },
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, (e) => {
      this.joined = true;
      this.crashed = undefined;
      void this.seekToStoredOffsets(e.payload.memberAssignment);
    });
    consumer.on(consumer.events.CRASH, (e) => {
      this.crashed = e.payload.error.message;
      this.joined = false;
      this.logger.error(
        `consumer crashed (restart: ${String(e.payload.restart)}): ${e.payload.error.message}`,
      );
    });
    consumer.on(consumer.events.REBALANCING, () => {
      this.joined = false;
    });
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
      eachBatch: (payload) => this.handleBatch(payload),
    });
    this.logger.log(`consuming ${topics.join(', ')} as group ${this.options.groupId}`);
  }

  private async seekToStoredOffsets(assignment: Record<string, number[]>): Promise<void> {
    const resolver = this.options.resolveStartOffsets;
    if (!resolver || !this.consumer) return;
    const assigned = Object.entries(assignment).flatMap(([topic, partitions]) =>
      partitions.map((partition) => ({ topic, partition })),
    );
    try {
      for (const { topic, partition, offset } of await resolver(assigned)) {
        this.consumer.seek({ topic, partition, offset });
      }
    } catch (err) {
      // The handlers skip anything already applied, so starting from Kafka's committed
      // offset instead is safe, only slower.
      this.logger.warn(`could not seek to stored offsets: ${(err as Error).message}`);
    }
  }

  private async handleBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const isStale = (): boolean => payload.isStale();
    const heartbeat = (): Promise<void> => payload.heartbeat();
    const { topic, partition, messages } = batch;
    const last = messages[messages.length - 1];
    if (!last || !payload.isRunning() || isStale()) return;
    const handler = this.getHandlerByPattern(topic.slice((this.options.topicPrefix ?? '').length));
    if (!handler) {
      this.logger.error(`no handler for topic ${topic}`);
      return;
    }
    const data: KafkaBatch = {
      groupId: this.options.groupId,
      topic,
      partition,
      messages,
      highWatermark: BigInt(batch.highWatermark),
      heartbeat,
      isStale,
    };
    const key = `${topic}/${partition}`;
    try {
      await lastValueFrom(this.transformToObservable(await handler(data, new KafkaBatchContext([data]))), {
        defaultValue: undefined,
      });
    } catch (err) {
      this.options.metrics?.onBatchFailed(topic, partition);
      this.retryLater(topic, partition, messages[0]?.offset ?? last.offset, err);
      return;
    }
    if (isStale()) return;
    // Advances this consumer's fetch position past the batch; the commit makes it durable.
    payload.resolveOffset(last.offset);
    const next = (BigInt(last.offset) + 1n).toString();
    // Through the batch payload, not consumer.commitOffsets: that one is silently skipped
    // once a stop has begun, and the batch finishing during a SIGTERM must commit too.
    await payload.commitOffsetsIfNecessary({
      topics: [{ topic, partitions: [{ partition, offset: next }] }],
    });
    this.failures.delete(key);
    this.options.metrics?.onBatch(topic, partition, messages.length, Number(batch.offsetLag()));
  }

  /** Pause just this partition, rewind to the batch start, resume after a backoff. */
  private retryLater(topic: string, partition: number, fromOffset: string, err: unknown): void {
    const key = `${topic}/${partition}`;
    const attempt = (this.failures.get(key) ?? 0) + 1;
    this.failures.set(key, attempt);
    const { initial, max } = this.options.retryBackoffMs ?? { initial: 500, max: 30_000 };
    const delay = Math.min(max, initial * 2 ** (attempt - 1));
    this.logger.warn(
      `batch ${key} from offset ${fromOffset} failed (attempt ${attempt}), retrying in ${delay} ms: ${(err as Error).message}`,
    );
    const consumer = this.consumer;
    if (!consumer) return;
    consumer.pause([{ topic, partitions: [partition] }]);
    consumer.seek({ topic, partition, offset: fromOffset });
    const timer = setTimeout(() => {
      this.resumeTimers.delete(timer);
      consumer.resume([{ topic, partitions: [partition] }]);
    }, delay);
    this.resumeTimers.add(timer);
  }

  /** Stop fetching, let the running batch finish and commit, then run `afterStop`. */
  async close(): Promise<void> {
    for (const t of this.resumeTimers) clearTimeout(t);
    this.resumeTimers.clear();
    if (this.consumer) {
      await this.consumer.disconnect();
      this.logger.log('consumer stopped');
    }
    this.joined = false;
    if (this.options.afterStop) await this.options.afterStop();
  }

  on(): never {
    throw new Error('BatchKafkaServer does not support event listeners; use isConsuming()');
  }

  unwrap<T>(): T {
    if (!this.consumer) throw new Error('BatchKafkaServer is not listening');
    return this.consumer as T;
  }
}
