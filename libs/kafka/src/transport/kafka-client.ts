import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { Logger } from '@nestjs/common';
import { Kafka, logLevel, type LogEntry, type Admin, type ITopicConfig, type SASLOptions } from 'kafkajs';
import {
  ConfigError,
  kafkaSecurityProblems,
  type KafkaConfig,
  type KafkaSecurityConfig,
} from '@crescent/config';

const LEVEL_NAME: Record<number, 'error' | 'warn' | 'log' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'log',
  [logLevel.DEBUG]: 'debug',
};

/**
 * A transaction's first send right after the previous commit nearly always gets this, because
 * the coordinator is still writing that commit's markers; kafkajs retries it after 20 ms (see
 * TransactionalPublisher) and logs it as an error each time. Routine, so logged as debug.
 */
const ROUTINE_RETRY = 'another concurrent operation on the same transaction';

/**
 * The messages of the broker error codes kafkajs retries by itself (its own table, where
 * `retriable` is true): "This server is not the leader for that topic-partition", "The
 * coordinator is loading …". A connection logs every error response as an error before the
 * client retries it, so a fresh `npm start`, whose topics and group coordinator are still
 * being set up, printed a few red lines that meant nothing. A request that still fails after
 * its retries reaches the caller as an error, which is logged there.
 */
const RETRIABLE_RESPONSE_ERRORS: ReadonlySet<string> = (() => {
  // kafkajs exports no types for its error table.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { errorCodes } = require('kafkajs/src/protocol/error') as {
    errorCodes: readonly { message: string; retriable: boolean }[];
  };
  return new Set(errorCodes.filter((e) => e.retriable).map((e) => e.message));
})();

/**
 * kafkajs' warning at every start of a producer that is idempotent with a bounded number of
 * retries (every one of ours: a send that keeps failing must reach the caller). Its
 * "exactly once" concern does not apply here: the ingestor's sends are transactional, so
 * a batch whose send gives up is aborted and consumed again; the scorer's outbox relay
 * publishes scores at least once by design, each with its asset's `seq`, which tells a
 * repeat from news. So it is logged as debug, not as a warning an operator should act on.
 */
const BOUNDED_RETRIES_WARNING = 'Limiting retries for the idempotent producer may invalidate EoS guarantees';

/**
 * Whether kafkajs logged a routine event as an error or a warning: the warning about bounded
 * retries above, an error response it retries on its own, or the "Topic creation errors" of
 * two apps creating the same topic at once at start (kafkajs' admin takes an answer made only of TOPIC_ALREADY_EXISTS as success; any other failure
 * reaches `ensureTopics`, which throws, and the app's start fails with it).
 */
function isRoutine(namespace: string, message: string, error: unknown): boolean {
  if (namespace === 'Producer' && message === BOUNDED_RETRIES_WARNING) return true;
  // The producer's retrier puts the reason in the message: "Failed to send messages: The
  // producer attempted to update a transaction while another concurrent operation …".
  if (message.includes(ROUTINE_RETRY)) return true;
  if (typeof error !== 'string') return false;
  if (error.includes(ROUTINE_RETRY)) return true;
  if (namespace !== 'Connection' || !message.startsWith('Response ')) return false;
  return (
    RETRIABLE_RESPONSE_ERRORS.has(error) ||
    (message.startsWith('Response CreateTopics') && error === 'Topic creation errors')
  );
}

/** Routes kafkajs' own logs into the app's structured logger instead of raw console JSON. */
export function logCreator(): (entry: LogEntry) => void {
  return ({ namespace, level, log }) => {
    const { message, ...extra } = log;
    const logger = new Logger(`kafkajs:${namespace}`);
    const routine = isRoutine(namespace, message, extra.error);
    const method = routine ? 'debug' : (LEVEL_NAME[level] ?? 'log');
    logger[method](Object.keys(extra).length > 0 ? `${message} ${JSON.stringify(extra)}` : message);
  };
}

/** kafkajs' `ssl` and `sasl` options from the security variables; the same for every client. */
export function kafkaSecurityOptions(config: KafkaSecurityConfig): {
  ssl?: boolean | ConnectionOptions;
  sasl?: SASLOptions;
} {
  const problems = kafkaSecurityProblems(config);
  if (problems.length > 0) throw new ConfigError(problems);
  let ssl: boolean | ConnectionOptions | undefined;
  if (config.KAFKA_SSL_CA_FILE !== undefined) {
    let ca: Buffer;
    try {
      ca = readFileSync(config.KAFKA_SSL_CA_FILE);
    } catch (error) {
      throw new ConfigError([
        `KAFKA_SSL_CA_FILE: cannot read ${config.KAFKA_SSL_CA_FILE} (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      ]);
    }
    ssl = { ca: [ca] };
  } else if (config.KAFKA_SSL) {
    ssl = true;
  }
  const {
    KAFKA_SASL_MECHANISM: mechanism,
    KAFKA_SASL_USERNAME: username,
    KAFKA_SASL_PASSWORD: password,
  } = config;
  const sasl: SASLOptions | undefined =
    mechanism !== undefined && username && password ? { mechanism, username, password } : undefined;
  return { ...(ssl !== undefined ? { ssl } : {}), ...(sasl ? { sasl } : {}) };
}

/**
 * One kafkajs client for an app; `role` distinguishes client ids in broker logs and metrics.
 * Every client (ingestor, scorer, cli replay) is made here, so all get the same TLS and SASL.
 */
export function createKafka(config: KafkaConfig, role: string): Kafka {
  return new Kafka({
    clientId: `${config.KAFKA_CLIENT_ID}-${role}`,
    brokers: config.KAFKA_BROKERS,
    ...kafkaSecurityOptions(config),
    logLevel: logLevel.WARN,
    logCreator,
    retry: { initialRetryTime: 300, retries: 8 },
  });
}

/**
 * Why the first connection to the brokers failed, in words an operator can act on. kafkajs
 * reports a refused SCRAM login as a SASL authentication error, and a SASL listener that got no
 * login at all (or a TLS listener spoken to in plain text) simply closes the connection; the
 * message names the variables that would fix it.
 * Never includes the password.
 */
export function describeKafkaConnectFailure(config: KafkaConfig, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const name = error instanceof Error ? error.name : '';
  const brokers = config.KAFKA_BROKERS.join(',');
  const causes = [message, ...causeMessages(error)].join(' ');
  if (name === 'KafkaJSSASLAuthenticationError' || /SASL|authentication/i.test(causes)) {
    return (
      `Kafka authentication failed at ${brokers} as user "${config.KAFKA_SASL_USERNAME ?? ''}" ` +
      `(${config.KAFKA_SASL_MECHANISM ?? 'no mechanism'}): ${message}. Check KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD.`
    );
  }
  if (/closed connection|connection closed|ECONNRESET/i.test(causes)) {
    const hints: string[] = [];
    if (config.KAFKA_SASL_MECHANISM === undefined)
      hints.push(
        'A listener that requires authentication does this to clients that send no SASL login: ' +
          'set KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD',
      );
    if (!config.KAFKA_SSL && config.KAFKA_SSL_CA_FILE === undefined)
      hints.push(
        'a TLS listener does it to clients that do not speak TLS: set KAFKA_SSL=true or KAFKA_SSL_CA_FILE',
      );
    if (hints.length > 0)
      return `Kafka at ${brokers} closed the connection before answering (${message}). ${hints.join('; ')}.`;
  }
  if (/certificate|self[- ]signed|SSL|TLS/i.test(causes)) {
    return (
      `cannot connect to Kafka at ${brokers} over TLS: ${message}. ` +
      "If the brokers' certificates come from a private CA, give its PEM file as KAFKA_SSL_CA_FILE."
    );
  }
  return `cannot connect to Kafka at ${brokers}: ${message}`;
}

function causeMessages(error: unknown): string[] {
  const out: string[] = [];
  let current: unknown = (error as { originalError?: unknown; cause?: unknown } | null)?.originalError;
  for (let depth = 0; current instanceof Error && depth < 5; depth += 1) {
    out.push(current.message);
    current = (current as { originalError?: unknown; cause?: unknown }).originalError ?? current.cause;
  }
  return out;
}

export interface TopicSpec {
  readonly topic: string;
  readonly partitions: number;
  readonly configEntries?: ITopicConfig['configEntries'];
}

/**
 * Creates the topics that do not exist yet (apps call this at start) and waits until
 * every partition has a leader that serves it. Existing topics are left as they are: partition counts
 * are an operator's decision once data flows. Two apps creating the same topic at once
 * is fine. kafkajs' own `waitForLeaders` is not used: it gives up on the "unknown
 * topic" a broker briefly reports for a topic it has just created.
 */
export async function ensureTopics(
  admin: Admin,
  specs: readonly TopicSpec[],
  prefix = '',
  timeoutMs = 30_000,
): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = specs.map((s) => ({ ...s, topic: prefix + s.topic })).filter((s) => !existing.has(s.topic));
  if (missing.length > 0) {
    try {
      await admin.createTopics({
        waitForLeaders: false,
        topics: missing.map((s) => ({
          topic: s.topic,
          numPartitions: s.partitions,
          replicationFactor: -1,
          configEntries: s.configEntries,
        })),
      });
    } catch (err) {
      // Another instance created them first: fine, they exist.
      if ((err as { type?: string }).type !== 'TOPIC_ALREADY_EXISTS') throw err;
    }
  }
  const wanted = specs.map((s) => prefix + s.topic);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: wanted });
      if (topics.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) {
        // The metadata can name a leader a moment before that broker serves the partition.
        // A produce in that moment fails with NOT_LEADER, and an idempotent producer's retry
        // then hits OUT_OF_ORDER_SEQUENCE_NUMBER (KAFKA-15591). ListOffsets is answered by
        // the leader's replica manager only, so once it succeeds everywhere, writes will too.
        await Promise.all(wanted.map((topic) => admin.fetchTopicOffsets(topic)));
        break;
      }
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
    if (Date.now() > deadline)
      throw new Error(`topics ${wanted.join(', ')} have no leader after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
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
