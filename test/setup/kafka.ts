import { resolve } from 'node:path';
// Relative imports: jest loads global setup outside its module system, so moduleNameMapper's
// @crescent/* aliases do not apply here (only the transform does).
import { loadLocalKafkaConfig } from '../../libs/config/src/local-kafka.config';
import { LocalKafkaBroker } from '../../libs/kafka/src/local-broker';

/**
 * The integration tier's Kafka: `KAFKA_BROKERS` when it is set (any cluster), otherwise the
 * project's own broker on a port and state dir of its own, so a developer's broker on 9092
 * and its topics are left alone. KAFKA_VERSION still applies, to run the suite on 3.9.
 */
const TEST_BROKER_ENV = {
  KAFKA_LOCAL_PORT: '19092',
  KAFKA_LOCAL_CONTROLLER_PORT: '19093',
  KAFKA_LOCAL_STATE_DIR: '.kafka/test',
} as const;

/** Set by setupKafka when it took a lease on the local broker; read by teardownKafka. */
const LEASED_STATE_DIR = 'CRESCENT_TEST_KAFKA_LEASE';

const repoRoot = resolve(__dirname, '..', '..');

function testBroker(): LocalKafkaBroker {
  return new LocalKafkaBroker({
    config: loadLocalKafkaConfig({ ...process.env, ...TEST_BROKER_ENV }),
    repoRoot,
    onProgress: (message) => process.stderr.write(`kafka: ${message}\n`),
  });
}

/**
 * Starts (or reuses) the test broker and points KAFKA_BROKERS at it for the workers. Several
 * test runs in one checkout share it through leases: the last run out stops a broker that a
 * test run started, and nobody stops one a developer started by hand.
 */
export async function setupKafka(): Promise<void> {
  if (process.env.KAFKA_BROKERS) return;
  const broker = testBroker();
  const started = await broker.acquire(process.pid);
  process.env[LEASED_STATE_DIR] = started.stateDir;
  process.env.KAFKA_BROKERS = started.brokers.join(',');
  process.stderr.write(
    `\nkafka: test broker ${started.version} at ${process.env.KAFKA_BROKERS} ` +
      `(${started.reused ? 'reused' : `started in ${started.elapsedMs} ms`}${started.jarsFetched ? ', jars fetched' : ''})\n`,
  );
}

export async function teardownKafka(): Promise<void> {
  if (!process.env[LEASED_STATE_DIR]) return;
  const released = await testBroker().release(process.pid);
  delete process.env[LEASED_STATE_DIR];
  delete process.env.KAFKA_BROKERS;
  process.stderr.write(`kafka: test broker ${released.detail}\n`);
}
