import { z } from 'zod';
import { ConfigError, type EnvSource, loadConfig } from './load-config';
import { envNumber, kafkaSaslPassword, kafkaSaslUsername, timerMs } from './schemas';

/**
 * The single-node Kafka broker the project runs for itself (`npm run kafka:start`, the
 * integration tests) from Maven Central jars, without Docker. Apps never read this: they
 * connect to `KAFKA_BROKERS`, which may point at this broker or at any other cluster.
 */
export const localKafkaConfigSchema = z.object({
  KAFKA_VERSION: z
    .string()
    .regex(/^\d+\.\d+\.\d+$/, 'must be a release version such as 4.1.1')
    .default('4.1.1')
    .describe(
      'Apache Kafka release the local broker runs (Maven Central org.apache.kafka:kafka_2.13). 4.x, or 3.9.x for the previous line.',
    ),
  KAFKA_LOCAL_PORT: envNumber({ min: 1, max: 65534 })
    .default(9092)
    .describe('Port of the local broker (PLAINTEXT on 127.0.0.1).'),
  KAFKA_LOCAL_CONTROLLER_PORT: envNumber({ min: 1, max: 65535 })
    .optional()
    .describe('Port of the local KRaft controller listener (127.0.0.1). Default: KAFKA_LOCAL_PORT + 1.'),
  KAFKA_LOCAL_STATE_DIR: z
    .string()
    .min(1)
    .default('.kafka')
    .describe(
      'Folder of the local broker (config, data, pid and log files); relative paths are from the repository root.',
    ),
  KAFKA_LOCAL_START_TIMEOUT_MS: timerMs()
    .default(90_000)
    .describe(
      'How long a start may wait for the broker to answer before giving up, ms (excludes fetching jars).',
    ),
  KAFKA_LOCAL_SECURITY: z
    .enum(['plaintext', 'sasl_plaintext', 'sasl_ssl'])
    .default('plaintext')
    .describe(
      'Listener of the local broker: plaintext, sasl_plaintext (SCRAM-SHA-256/512 logins) or sasl_ssl (the same over TLS with a self-signed certificate; CA in <state dir>/tls/ca.pem). SASL users come from KAFKA_SASL_USERNAME/KAFKA_SASL_PASSWORD, created when the storage is formatted.',
    ),
  KAFKA_SASL_USERNAME: kafkaSaslUsername,
  KAFKA_SASL_PASSWORD: kafkaSaslPassword,
});

export type LocalKafkaEnv = z.infer<typeof localKafkaConfigSchema>;

export interface LocalKafkaConfig {
  readonly version: string;
  readonly port: number;
  readonly controllerPort: number;
  /** As given; the local-broker manager resolves it against the repository root. */
  readonly stateDir: string;
  readonly startTimeoutMs: number;
  /** The client listener's protocol; the controller listener is always PLAINTEXT on loopback. */
  readonly security: LocalKafkaSecurity;
  /** The SCRAM user (both mechanisms) the broker is formatted with; also its inter-broker login. */
  readonly sasl?: { readonly username: string; readonly password: string };
}

export type LocalKafkaSecurity = 'plaintext' | 'sasl_plaintext' | 'sasl_ssl';

/** Validates the local broker's variables and fills the derived controller port. */
export function loadLocalKafkaConfig(env: EnvSource): LocalKafkaConfig {
  const parsed = loadConfig(localKafkaConfigSchema, env);
  const controllerPort = parsed.KAFKA_LOCAL_CONTROLLER_PORT ?? parsed.KAFKA_LOCAL_PORT + 1;
  if (controllerPort === parsed.KAFKA_LOCAL_PORT) {
    throw new ConfigError([
      `KAFKA_LOCAL_CONTROLLER_PORT: must differ from KAFKA_LOCAL_PORT (${controllerPort}); the broker and its controller each need a port`,
    ]);
  }
  const security = parsed.KAFKA_LOCAL_SECURITY;
  const username = parsed.KAFKA_SASL_USERNAME;
  const password = parsed.KAFKA_SASL_PASSWORD;
  if (security !== 'plaintext' && (!username || !password)) {
    throw new ConfigError([
      `KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD: both required with KAFKA_LOCAL_SECURITY=${security} (the broker's SCRAM user)`,
    ]);
  }
  if (security !== 'plaintext') {
    if (username !== undefined && /[,=[\]"\s]/.test(username)) {
      throw new ConfigError([
        'KAFKA_SASL_USERNAME: the local broker cannot create a user whose name holds spaces, quotes, commas, "=" or brackets',
      ]);
    }
    if (password !== undefined && /[,[\]"\\\s]/.test(password)) {
      // The password goes into StorageTool's --add-scram list and a JAAS line, which have no quoting.
      throw new ConfigError([
        'KAFKA_SASL_PASSWORD: the local broker cannot use a password holding spaces, quotes, backslashes, commas or brackets',
      ]);
    }
  }
  return {
    security,
    ...(security !== 'plaintext' && username && password ? { sasl: { username, password } } : {}),
    version: parsed.KAFKA_VERSION,
    port: parsed.KAFKA_LOCAL_PORT,
    controllerPort,
    stateDir: parsed.KAFKA_LOCAL_STATE_DIR,
    startTimeoutMs: parsed.KAFKA_LOCAL_START_TIMEOUT_MS,
  };
}
