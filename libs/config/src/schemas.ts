import { z } from 'zod';

/**
 * Configuration fragments shared by the apps. Each app composes the fragments it
 * needs into ONE schema (see `*.config.ts` in each app) and validates it at boot.
 * Every variable has a description and, where sensible, a default; the README's
 * configuration table is generated from these (`crescent config --markdown`).
 */

/** A number variable: the schema that reads the text of the variable and checks the number. */
export type EnvNumber = z.ZodPipe<z.ZodPipe<z.ZodString, z.ZodTransform<number, string>>, z.ZodNumber>;

export interface EnvNumberRange {
  /** Inclusive, 0 or more: every number variable is a count, a size, a port or a duration. */
  readonly min: number;
  /** Inclusive. */
  readonly max?: number;
  /** The message when over `max`, when "must be at most N" does not say why. */
  readonly maxMessage?: string;
}

/**
 * A whole number read from an environment variable written as plain decimal digits.
 * `z.coerce.number()` read what `Number()` reads, so "0x10" was 16, "3e3" 3000, "0b1" 1 and a
 * value of spaces 0: no one means a port or a timeout that way, and a typo went unnoticed.
 * Spaces around the digits are ignored.
 */
export function envNumber(range: EnvNumberRange): EnvNumber {
  let number = z.number().int().min(range.min);
  if (range.max !== undefined) number = number.max(range.max, range.maxMessage);
  return z
    .string()
    .trim()
    .regex(
      /^[0-9]+$/,
      'must be a plain decimal whole number: digits such as 3000; no sign, decimal point, exponent or hex ("0x")',
    )
    .transform(Number)
    .pipe(number);
}

const port = envNumber({ min: 1, max: 65535 });
const positiveInt = envNumber({ min: 1 });

/**
 * The longest delay Node's timers take (2^31 - 1 ms, about 24.8 days): a longer one fires
 * after 1 ms, with only a warning, so SHUTDOWN_TIMEOUT_MS=3000000000 made every stop "time
 * out" at once and exit 1.
 */
export const MAX_TIMER_MS = 2_147_483_647;

/** A duration in ms that a Node timer is set to: a whole number from `min` to MAX_TIMER_MS. */
export function timerMs(min = 1): EnvNumber {
  return envNumber({
    min,
    max: MAX_TIMER_MS,
    maxMessage: `must be at most ${MAX_TIMER_MS} ms (about 24.8 days), the longest a Node timer waits`,
  });
}

/** `postgres://user:pass@host:port/db`; absent means the embedded PGlite database. */
const postgresUrl = z
  .string()
  .refine((v) => /^postgres(ql)?:\/\/.+/.test(v), 'must be a postgres:// or postgresql:// URL');

export const loggingSchema = z.object({
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('Minimum level of the JSON logs written to stdout.'),
});

export const databaseSchema = z.object({
  DATABASE_URL: postgresUrl
    .optional()
    .describe(
      'PostgreSQL server URL. Unset: an embedded PGlite database in PGLITE_DATA_DIR (local runs only).',
    ),
  PGLITE_DATA_DIR: z
    .string()
    .default('.data/pglite')
    .describe('Folder of the embedded PGlite database, used only when DATABASE_URL is unset.'),
  DATABASE_POOL_SIZE: positiveInt.default(10).describe('Maximum PostgreSQL connections per process.'),
});

/** The broker user every Kafka client (and the local broker's SASL listener) authenticates as. */
export const kafkaSaslUsername = z
  .string()
  .optional()
  .describe('Kafka SASL user name (with KAFKA_SASL_MECHANISM).');

/** Its password: a secret, never logged or echoed in an error message. */
export const kafkaSaslPassword = z
  .string()
  .optional()
  .describe('Kafka SASL password (with KAFKA_SASL_MECHANISM). A secret: never logged.');

export const kafkaSecuritySchema = z.object({
  KAFKA_SASL_MECHANISM: z
    .enum(['scram-sha-256', 'scram-sha-512'])
    .optional()
    .describe(
      'SASL mechanism every Kafka client authenticates with: scram-sha-256 or scram-sha-512. Unset: no authentication. Needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD.',
    ),
  KAFKA_SASL_USERNAME: kafkaSaslUsername,
  KAFKA_SASL_PASSWORD: kafkaSaslPassword,
  KAFKA_SSL: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .describe('"true": connect to the brokers over TLS (the certificate and host name are verified).'),
  KAFKA_SSL_CA_FILE: z
    .string()
    .optional()
    .describe(
      "PEM file of the CA that signed the brokers' certificates; implies KAFKA_SSL=true. Unset: Node's trusted CAs.",
    ),
});

export type KafkaSecurityConfig = z.infer<typeof kafkaSecuritySchema>;

/**
 * What a schema cannot say field by field: a mechanism needs both credentials, and credentials
 * without a mechanism are a mistake, not a request for no authentication. Messages name the
 * variables, never their values.
 */
export function kafkaSecurityProblems(config: KafkaSecurityConfig): string[] {
  const problems: string[] = [];
  const {
    KAFKA_SASL_MECHANISM: mechanism,
    KAFKA_SASL_USERNAME: username,
    KAFKA_SASL_PASSWORD: password,
  } = config;
  if (mechanism !== undefined) {
    if (!username) problems.push(`KAFKA_SASL_USERNAME: required with KAFKA_SASL_MECHANISM=${mechanism}`);
    if (!password) problems.push(`KAFKA_SASL_PASSWORD: required with KAFKA_SASL_MECHANISM=${mechanism}`);
  } else if (username || password) {
    problems.push(
      'KAFKA_SASL_MECHANISM: required when KAFKA_SASL_USERNAME or KAFKA_SASL_PASSWORD is set (scram-sha-256 or scram-sha-512)',
    );
  }
  return problems;
}

export const kafkaSchema = z.object({
  KAFKA_BROKERS: z
    .string()
    .default('127.0.0.1:9092')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^[^:\s]+:\d+$/, 'each broker must be host:port')).min(1))
    .describe('Comma-separated Kafka bootstrap brokers, host:port.'),
  KAFKA_CLIENT_ID: z.string().default('crescent').describe('Prefix of the Kafka client id of every app.'),
  KAFKA_TOPIC_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" and "-" only')
    .default('')
    .describe('Prepended to every topic name (e.g. "staging." to share a cluster); empty in production.'),
  ...kafkaSecuritySchema.shape,
});

export const HTTP_PORT_MEANING = 'Port of the HTTP server (API, dashboard, health, metrics).';

export const httpSchema = z.object({
  HTTP_HOST: z
    .string()
    .default('127.0.0.1')
    .describe('Interface the HTTP server listens on (0.0.0.0 in containers).'),
  HTTP_PORT: port.default(3000).describe(HTTP_PORT_MEANING),
});

export const shutdownSchema = z.object({
  SHUTDOWN_TIMEOUT_MS: timerMs()
    .default(15_000)
    .describe('How long an orderly stop may take before the process exits anyway, ms.'),
});

export type LoggingConfig = z.infer<typeof loggingSchema>;
export type DatabaseConfig = z.infer<typeof databaseSchema>;
export type KafkaConfig = z.infer<typeof kafkaSchema>;
export type HttpConfig = z.infer<typeof httpSchema>;
