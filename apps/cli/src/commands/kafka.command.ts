import { ConfigError, loadLocalKafkaConfig } from '@crescent/config';
import { LocalBrokerError, LocalKafkaBroker, locateRepoRoot } from '@crescent/kafka';
import type { CliCommand, CliIo } from './command';

const USAGE = `usage: crescent kafka <start|stop|status>

  start    start the local single-node Kafka broker (KRaft, from Maven Central jars; no Docker),
           or reuse the one already running from the same state dir
  stop     stop it (SIGTERM, then SIGKILL if it has not exited after 30 s)
  status   print {running, pid, brokers, version, stateDir, detail} as JSON; exit 0 if running, else 3

Settings (environment):
  KAFKA_VERSION                  Kafka release, default 4.1.1 (3.9.x also works)
  KAFKA_LOCAL_PORT               broker port on 127.0.0.1, default 9092
  KAFKA_LOCAL_CONTROLLER_PORT    KRaft controller port, default KAFKA_LOCAL_PORT + 1
  KAFKA_LOCAL_STATE_DIR          config, data, pid file and broker.log; default .kafka (from the repo root)
  KAFKA_LOCAL_START_TIMEOUT_MS   how long start waits for the broker to answer, default 90000
  KAFKA_LOCAL_SECURITY           client listener: plaintext (default), sasl_plaintext or sasl_ssl
                                 (SCRAM-SHA-256/512; sasl_ssl adds a self-signed certificate, CA in
                                 <state dir>/tls/ca.pem for KAFKA_SSL_CA_FILE)
  KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD
                                 the SCRAM user a SASL listener is formatted with (docs/local-kafka.md)

Needs Java 17+ (and Maven on the first start of a version, to fetch its jars into .cache/kafka).`;

/** Exit code of `status` when no broker answers, so scripts can branch on it. */
const NOT_RUNNING = 3;

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const [sub] = args;
  if (sub !== 'start' && sub !== 'stop' && sub !== 'status') {
    io.stderr.write(`${USAGE}\n`);
    return 2;
  }
  try {
    const broker = new LocalKafkaBroker({
      config: loadLocalKafkaConfig(io.env),
      repoRoot: await locateRepoRoot(io.cwd),
      onProgress: (message) => io.stderr.write(`kafka: ${message}\n`),
    });
    switch (sub) {
      case 'start': {
        const started = await broker.start();
        const how = started.reused
          ? 'already running; reused'
          : `started in ${started.elapsedMs} ms${started.jarsFetched ? ' (jars fetched)' : ''}`;
        io.stdout.write(
          `Kafka ${started.version} at ${started.brokers.join(',')} (pid ${started.pid}, ${how}); ` +
            `state in ${started.stateDir}\nexport KAFKA_BROKERS=${started.brokers.join(',')}\n`,
        );
        return 0;
      }
      case 'stop': {
        const stopped = await broker.stop();
        io.stdout.write(`${stopped.pid === null ? '' : `pid ${stopped.pid}: `}${stopped.detail}\n`);
        return 0;
      }
      case 'status': {
        const status = await broker.status();
        io.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
        return status.running ? 0 : NOT_RUNNING;
      }
    }
  } catch (error) {
    // Expected failures (what to install, which port is taken) read better without a stack.
    if (error instanceof LocalBrokerError || error instanceof ConfigError) {
      io.stderr.write(`crescent kafka ${sub}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

export const kafkaCommand: CliCommand = {
  name: 'kafka',
  summary: 'start, stop or inspect the local Kafka broker (no Docker)',
  usage: USAGE,
  run,
};
