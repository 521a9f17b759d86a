import { apiConfigSchema, ingestorConfigSchema, scorerConfigSchema } from './index';
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

  it('an empty value counts as unset rather than as a malformed one', () => {
    expect(loadConfig(apiConfigSchema, { DATABASE_URL: '', HTTP_PORT: '' })).toMatchObject({
      HTTP_PORT: 3000,
    });
    expect(loadConfig(apiConfigSchema, { DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
  });
});
