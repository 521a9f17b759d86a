import { join } from 'node:path';
import type { LocalKafkaSecurity } from '@crescent/config';

/**
 * Where a local broker keeps its files, and what they contain. Pure: the manager writes
 * these strings; the specs check them without a JVM.
 */
export interface BrokerLayout {
  readonly stateDir: string;
  /**
   * KRaft log dirs, one per Kafka version: metadata written by a newer Kafka cannot be read
   * by an older one, so switching KAFKA_VERSION gets a fresh data dir instead of a broker that
   * dies on start.
   */
  readonly dataDir: string;
  /** `meta.properties` appears here once the storage is formatted. */
  readonly formattedMarker: string;
  readonly serverProperties: string;
  readonly logConfig: string;
  /** `kafka.logs.dir`: only used by file appenders, which our log config does not have. */
  readonly javaLogDir: string;
  /** The broker's stdout and stderr. */
  readonly brokerLog: string;
  readonly previousBrokerLog: string;
  readonly pidFile: string;
  /** What the running broker was started with (version, ports, who started it). */
  readonly infoFile: string;
  /** Serialises start, stop and leases between processes sharing this state dir. */
  readonly lockFile: string;
  /** One file per process (named by pid) that is using a broker started for tests. */
  readonly leasesDir: string;
  /** sasl_ssl: the self-signed key pair, its certificate as the clients' CA, and the stores' password. */
  readonly tlsDir: string;
  readonly keystore: string;
  readonly truststore: string;
  readonly caFile: string;
  readonly storePasswordFile: string;
  /** The SCRAM user a formatted data dir holds (name and a hash of the password), to catch a changed one. */
  readonly scramMarker: string;
}

export function brokerLayout(stateDir: string, version: string): BrokerLayout {
  const dataDir = join(stateDir, 'data', version);
  return {
    stateDir,
    dataDir,
    formattedMarker: join(dataDir, 'meta.properties'),
    serverProperties: join(stateDir, 'server.properties'),
    logConfig: join(stateDir, isLog4j2(version) ? 'log4j2.properties' : 'log4j.properties'),
    javaLogDir: join(stateDir, 'logs'),
    brokerLog: join(stateDir, 'broker.log'),
    previousBrokerLog: join(stateDir, 'broker.previous.log'),
    pidFile: join(stateDir, 'broker.pid'),
    infoFile: join(stateDir, 'broker.json'),
    lockFile: join(stateDir, 'broker.lock'),
    leasesDir: join(stateDir, 'leases'),
    tlsDir: join(stateDir, 'tls'),
    keystore: join(stateDir, 'tls', 'broker.p12'),
    truststore: join(stateDir, 'tls', 'truststore.p12'),
    caFile: join(stateDir, 'tls', 'ca.pem'),
    storePasswordFile: join(stateDir, 'tls', 'store.password'),
    scramMarker: join(dataDir, 'crescent-scram.json'),
  };
}

/** Kafka 4.0 moved from reload4j (log4j 1) to Log4j 2 (KIP-653). */
export function isLog4j2(version: string): boolean {
  return majorVersion(version) >= 4;
}

export function majorVersion(version: string): number {
  const major = Number.parseInt(version.split('.')[0] ?? '', 10);
  if (Number.isNaN(major)) throw new Error(`not a Kafka version: "${version}"`);
  return major;
}

export interface ServerPropertiesInput {
  readonly version: string;
  readonly port: number;
  readonly controllerPort: number;
  readonly dataDir: string;
  /** Protocol of the client listener; absent = PLAINTEXT. */
  readonly security?: LocalKafkaSecurity;
  /** SCRAM user the broker also logs in as on its inter-broker listener (SASL only). */
  readonly sasl?: { readonly username: string; readonly password: string };
  /** sasl_ssl only. */
  readonly tls?: { readonly keystore: string; readonly truststore: string; readonly storePassword: string };
}

/** Both SCRAM mechanisms are enabled; the user is created for each at format time. */
export const SCRAM_MECHANISMS = ['SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;

/** The listener's name in server.properties (and in `listener.name.<name>.…` settings). */
export function listenerName(security: LocalKafkaSecurity | undefined): string {
  return (security ?? 'plaintext').toUpperCase();
}

/**
 * Listener settings for a secured broker. The controller listener stays PLAINTEXT on loopback
 * (only this node talks to it); clients and the broker itself log in with SCRAM on the client
 * listener. Property names: Kafka's "Authentication using SASL/SCRAM" and KRaft security docs.
 */
function securityLines(input: ServerPropertiesInput): string[] {
  const name = listenerName(input.security);
  if (input.security === undefined || input.security === 'plaintext') return [];
  if (!input.sasl) throw new Error(`a ${name} listener needs a SCRAM user`);
  const { username, password } = input.sasl;
  const lines = [
    `sasl.enabled.mechanisms=${SCRAM_MECHANISMS.join(',')}`,
    'sasl.mechanism.inter.broker.protocol=SCRAM-SHA-256',
    ...SCRAM_MECHANISMS.map(
      (m) =>
        `listener.name.${name.toLowerCase()}.${m.toLowerCase()}.sasl.jaas.config=` +
        `org.apache.kafka.common.security.scram.ScramLoginModule required username="${username}" password="${password}";`,
    ),
  ];
  if (input.security === 'sasl_ssl') {
    if (!input.tls) throw new Error('a SASL_SSL listener needs a keystore');
    lines.push(
      'ssl.keystore.type=PKCS12',
      `ssl.keystore.location=${input.tls.keystore}`,
      `ssl.keystore.password=${input.tls.storePassword}`,
      `ssl.key.password=${input.tls.storePassword}`,
      // The broker's own inter-broker connections verify its certificate like any client.
      'ssl.truststore.type=PKCS12',
      `ssl.truststore.location=${input.tls.truststore}`,
      `ssl.truststore.password=${input.tls.storePassword}`,
    );
  }
  return lines;
}

/**
 * A single combined broker+controller node on loopback, tuned for one developer or one test
 * run on a small machine (shared/reference/kafka-without-docker.md A.3).
 */
export function renderServerProperties(input: ServerPropertiesInput): string {
  const listener = listenerName(input.security);
  const lines = [
    '# Written by the local-broker manager (libs/kafka/src/local-broker); edits are overwritten on start.',
    'process.roles=broker,controller',
    'node.id=1',
    // A static voter set lets `StorageTool format` work without --standalone, the same on 3.9 and 4.x.
    `controller.quorum.voters=1@127.0.0.1:${input.controllerPort}`,
    `listeners=${listener}://127.0.0.1:${input.port},CONTROLLER://127.0.0.1:${input.controllerPort}`,
    `advertised.listeners=${listener}://127.0.0.1:${input.port}`,
    `inter.broker.listener.name=${listener}`,
    'controller.listener.names=CONTROLLER',
    `listener.security.protocol.map=CONTROLLER:PLAINTEXT,${listener}:${listener}`,
    ...securityLines(input),
    `log.dirs=${input.dataDir}`,
    'num.partitions=1',
    // Two cores shared with the apps and PostgreSQL: the defaults (3 network, 8 io) only add threads.
    'num.network.threads=2',
    'num.io.threads=2',
    'offsets.topic.replication.factor=1',
    // Default 50 partitions: the first group join would create 50 logs, seconds on a small machine.
    'offsets.topic.num.partitions=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'transaction.state.log.num.partitions=1',
    // Default 3000 ms delays every first rebalance of a new group; tests create many groups.
    'group.initial.rebalance.delay.ms=0',
    // Topics are created on purpose (admin or provisioning), so a typo fails instead of inventing a topic.
    'auto.create.topics.enable=false',
  ];
  if (majorVersion(input.version) >= 4) {
    // Share groups (KIP-932) exist from 4.0; without these a single node cannot create their state topic.
    lines.push(
      'share.coordinator.state.topic.replication.factor=1',
      'share.coordinator.state.topic.min.isr=1',
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Console-only logging: the manager sends the broker's stdout to broker.log, so no file
 * appender (and no YAML support) is needed. The per-request and state-change loggers are
 * quieted because they log every partition move at INFO.
 */
export function renderLogConfig(version: string): string {
  if (isLog4j2(version)) {
    return [
      'status = warn',
      'name = crescent-local-kafka',
      'appender.out.type = Console',
      'appender.out.name = STDOUT',
      'appender.out.layout.type = PatternLayout',
      'appender.out.layout.pattern = [%d] %p %m (%c)%n',
      'rootLogger.level = INFO',
      'rootLogger.appenderRef.out.ref = STDOUT',
      'logger.request.name = kafka.request.logger',
      'logger.request.level = WARN',
      'logger.stateChange.name = state.change.logger',
      'logger.stateChange.level = WARN',
      '',
    ].join('\n');
  }
  return [
    'log4j.rootLogger=INFO, stdout',
    'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
    'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
    'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n',
    'log4j.logger.kafka.request.logger=WARN',
    'log4j.logger.state.change.logger=WARN',
    '',
  ].join('\n');
}

export interface JavaCommandInput {
  readonly version: string;
  readonly libsDir: string;
  readonly layout: BrokerLayout;
  readonly mainClass: 'kafka.Kafka' | 'kafka.tools.StorageTool';
  readonly args: readonly string[];
}

/** What `bin/kafka-run-class.sh` would execute, minus JMX and GC logging. */
export function javaArguments(input: JavaCommandInput): string[] {
  const heap = input.mainClass === 'kafka.Kafka' ? ['-Xms256m', '-Xmx512m'] : ['-Xmx256m'];
  const logFlag = isLog4j2(input.version)
    ? `-Dlog4j2.configurationFile=${input.layout.logConfig}`
    : `-Dlog4j.configuration=file:${input.layout.logConfig}`;
  return [
    ...heap,
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    '-XX:InitiatingHeapOccupancyPercent=35',
    '-XX:+ExplicitGCInvokesConcurrent',
    '-Djava.awt.headless=true',
    `-Dkafka.logs.dir=${input.layout.javaLogDir}`,
    logFlag,
    '-cp',
    // The JVM expands `dir/*` to every jar in dir itself.
    join(input.libsDir, '*'),
    input.mainClass,
    ...input.args,
  ];
}

/**
 * A new cluster id: a Kafka Uuid, 16 random bytes in base64url. One in 64 of those starts with
 * `-`, which StorageTool's argument parser reads as an option ("--cluster-id: expected one
 * argument"), so such draws are thrown away, as Kafka's own `Uuid.randomUuid` does.
 */
export function newClusterId(random: (size: number) => Buffer): string {
  for (;;) {
    const id = random(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/** `StorageTool format` arguments; the cluster id comes from `newClusterId`. */
export function formatStorageArguments(
  clusterId: string,
  serverProperties: string,
  scramUser?: { readonly username: string; readonly password: string },
): string[] {
  // KRaft keeps SCRAM credentials in the metadata log; a SASL listener's first user must be
  // written when the storage is formatted (StorageTool --add-scram), before any client can log in.
  const scram = scramUser
    ? SCRAM_MECHANISMS.flatMap((m) => [
        '--add-scram',
        `${m}=[name=${scramUser.username},password=${scramUser.password}]`,
      ])
    : [];
  return ['format', '-t', clusterId, '-c', serverProperties, '--ignore-formatted', ...scram];
}
