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
});
