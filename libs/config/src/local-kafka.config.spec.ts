import { ConfigError } from './load-config';
import { loadLocalKafkaConfig } from './local-kafka.config';

describe('local Kafka config', () => {
  it('defaults to Kafka 4.1.1 on 9092 with its controller on the next port and state in .kafka', () => {
    expect(loadLocalKafkaConfig({})).toEqual({
      version: '4.1.1',
      port: 9092,
      controllerPort: 9093,
      stateDir: '.kafka',
      startTimeoutMs: 90_000,
      security: 'plaintext',
    });
  });

  it('the controller port follows a changed broker port unless set itself', () => {
    expect(loadLocalKafkaConfig({ KAFKA_LOCAL_PORT: '19092' }).controllerPort).toBe(19093);
    expect(
      loadLocalKafkaConfig({ KAFKA_LOCAL_PORT: '19092', KAFKA_LOCAL_CONTROLLER_PORT: '29093' })
        .controllerPort,
    ).toBe(29093);
  });

  it('a version that is not x.y.z is rejected with the variable named', () => {
    expect(() => loadLocalKafkaConfig({ KAFKA_VERSION: 'latest' })).toThrow(
      /KAFKA_VERSION: must be a release version/,
    );
  });

  it('a controller port equal to the broker port is rejected', () => {
    expect(() =>
      loadLocalKafkaConfig({ KAFKA_LOCAL_PORT: '9092', KAFKA_LOCAL_CONTROLLER_PORT: '9092' }),
    ).toThrow(ConfigError);
  });

  it('a SASL listener takes its SCRAM user from KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD', () => {
    const config = loadLocalKafkaConfig({
      KAFKA_LOCAL_SECURITY: 'sasl_ssl',
      KAFKA_SASL_USERNAME: 'app',
      KAFKA_SASL_PASSWORD: 'pw-1',
    });
    expect(config.security).toBe('sasl_ssl');
    expect(config.sasl).toEqual({ username: 'app', password: 'pw-1' });
    // Credentials in the environment do not make a plaintext broker ask for them.
    expect(
      loadLocalKafkaConfig({ KAFKA_SASL_USERNAME: 'app', KAFKA_SASL_PASSWORD: 'pw' }).sasl,
    ).toBeUndefined();
  });

  it('a SASL listener without a user, or with a password the StorageTool list cannot quote, is refused without echoing it', () => {
    expect(() => loadLocalKafkaConfig({ KAFKA_LOCAL_SECURITY: 'sasl_plaintext' })).toThrow(
      /KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD: both required/,
    );
    let message = '';
    try {
      loadLocalKafkaConfig({
        KAFKA_LOCAL_SECURITY: 'sasl_plaintext',
        KAFKA_SASL_USERNAME: 'app',
        KAFKA_SASL_PASSWORD: 'a,b]secret',
      });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/KAFKA_SASL_PASSWORD: the local broker cannot use a password/);
    expect(message).not.toContain('a,b]secret');
  });
});
