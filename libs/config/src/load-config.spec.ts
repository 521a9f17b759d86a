import {
  apiConfigSchema,
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

  it('an empty value counts as unset rather than as a malformed one', () => {
    expect(loadConfig(apiConfigSchema, { DATABASE_URL: '', HTTP_PORT: '' })).toMatchObject({
      HTTP_PORT: 3000,
    });
    expect(loadConfig(apiConfigSchema, { DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });
});
