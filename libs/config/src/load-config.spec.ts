import {
  apiConfigSchema,
  CONFIG_SCHEMAS,
  configVariables,
  ingestorConfigSchema,
  loadLocalKafkaConfig,
  MAX_TIMER_MS,
  scorerConfigSchema,
} from './index';
import { ConfigError, loadConfig } from './load-config';

describe('app configuration', () => {
  it('a malformed variable stops boot with a message naming it and saying what it is for', () => {
    let error: unknown;
    try {
      loadConfig(scorerConfigSchema, {
        KAFKA_BROKERS: 'no-port-here',
        SCORER_CLOCK: 'lunar',
        HTTP_PORT: '70000',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toMatch(/KAFKA_BROKERS.*host:port/);
    expect(message).toMatch(/SCORER_CLOCK/);
    expect(message).toMatch(/HTTP_PORT/);
    expect((error as ConfigError).problems).toHaveLength(3);
  });

  it('every app starts from an empty environment with documented defaults', () => {
    expect(loadConfig(apiConfigSchema, {})).toMatchObject({ HTTP_PORT: 3000, LOG_LEVEL: 'info' });
    expect(loadConfig(ingestorConfigSchema, {})).toMatchObject({
      HTTP_PORT: 3001,
      KAFKA_BROKERS: ['127.0.0.1:9092'],
    });
    expect(loadConfig(scorerConfigSchema, {})).toMatchObject({ HTTP_PORT: 3002, SCORER_CLOCK: 'wall' });
  });

  it('a timer longer than Node can wait is refused, naming the variable (Node would fire it after 1 ms)', () => {
    const problems = (schema: Parameters<typeof loadConfig>[0], env: Record<string, string>): string => {
      try {
        loadConfig(schema, env);
        return '';
      } catch (e) {
        return (e as ConfigError).message;
      }
    };
    expect(problems(apiConfigSchema, { SHUTDOWN_TIMEOUT_MS: '3000000000' })).toMatch(
      /SHUTDOWN_TIMEOUT_MS.*at most 2147483647/,
    );
    expect(problems(apiConfigSchema, { API_STREAM_POLL_MS: '1e12' })).toMatch(/API_STREAM_POLL_MS/);
    expect(problems(scorerConfigSchema, { SCORE_REFRESH_INTERVAL_MS: '1e10' })).toMatch(
      /SCORE_REFRESH_INTERVAL_MS/,
    );
    expect(
      loadConfig(apiConfigSchema, { SHUTDOWN_TIMEOUT_MS: String(MAX_TIMER_MS) }).SHUTDOWN_TIMEOUT_MS,
    ).toBe(MAX_TIMER_MS);
    expect(loadConfig(scorerConfigSchema, { SCORE_REFRESH_INTERVAL_MS: '0' }).SCORE_REFRESH_INTERVAL_MS).toBe(
      0,
    );
    expect(() => loadLocalKafkaConfig({ KAFKA_LOCAL_START_TIMEOUT_MS: '3000000000' })).toThrow(
      /KAFKA_LOCAL_START_TIMEOUT_MS/,
    );
  });

  it('every number variable takes plain decimal digits only: hex, an exponent, a sign or a decimal point stops boot naming it', () => {
    const defaults = new Map(configVariables().map((v) => [v.name, v.defaults[0]?.value ?? '']));
    // Each variable of each schema with a valid value: its default, or (the controller port
    // has none) a port; the number variables are those that read such a value as a number.
    const numeric = CONFIG_SCHEMAS.flatMap(({ name: reader, schema }) =>
      Object.keys(schema.shape).flatMap((key) => {
        const valid = defaults.get(key) || '9093';
        const parsed = schema.partial().safeParse({ [key]: valid });
        const value = parsed.success ? (parsed.data as Record<string, unknown>)[key] : undefined;
        return typeof value === 'number' ? [{ reader, schema, key, valid, value }] : [];
      }),
    );
    expect(new Set(numeric.map((n) => n.key))).toEqual(
      new Set([
        'API_CACHE_ENTRIES',
        'API_RATE_LIMIT_PER_MINUTE',
        'API_STREAM_POLL_MS',
        'DATABASE_POOL_SIZE',
        'DLQ_TOPIC_PARTITIONS',
        'HTTP_PORT',
        'IMPACT_TOPIC_PARTITIONS',
        'KAFKA_LOCAL_CONTROLLER_PORT',
        'KAFKA_LOCAL_PORT',
        'KAFKA_LOCAL_START_TIMEOUT_MS',
        'PGLITE_PORT',
        'RAW_TOPIC_PARTITIONS',
        'SCORE_REFRESH_INTERVAL_MS',
        'SCORE_TOPIC_PARTITIONS',
        'SCORER_FETCH_BYTES_PER_PARTITION',
        'SHUTDOWN_TIMEOUT_MS',
      ]),
    );
    const problem = (schema: Parameters<typeof loadConfig>[0], key: string, spelt: string): string => {
      try {
        loadConfig(schema, { [key]: spelt });
        return 'accepted';
      } catch (e) {
        return (e as ConfigError).message;
      }
    };
    for (const { reader, schema, key, valid, value } of numeric) {
      expect({ reader, key, read: loadConfig(schema, { [key]: ` ${valid} ` })[key] }).toEqual({
        reader,
        key,
        read: value,
      });
      const spellings = [
        `0x${value.toString(16)}`,
        `${valid}e0`,
        `+${valid}`,
        `${valid}.0`,
        '0b1',
        'Infinity',
        ' ',
      ];
      for (const spelt of spellings)
        expect({ reader, key, spelt, problem: problem(schema, key, spelt) }).toEqual({
          reader,
          key,
          spelt,
          problem: expect.stringContaining(`${key}: must be a plain decimal whole number`) as unknown,
        });
    }
  });

  it('an empty value counts as unset rather than as a malformed one', () => {
    expect(loadConfig(apiConfigSchema, { DATABASE_URL: '', HTTP_PORT: '' })).toMatchObject({
      HTTP_PORT: 3000,
    });
    expect(loadConfig(apiConfigSchema, { DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });
});
