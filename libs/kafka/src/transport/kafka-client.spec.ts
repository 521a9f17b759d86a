import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, kafkaSchema, loadConfig } from '@crescent/config';
import { Logger } from '@nestjs/common';
import { logLevel, Partitioners } from 'kafkajs';
import { createKafka, describeKafkaConnectFailure, kafkaSecurityOptions, logCreator } from './kafka-client';

const config = (env: Record<string, string>) => loadConfig(kafkaSchema, { KAFKA_BROKERS: 'b1:9093', ...env });

describe('Kafka client security options', () => {
  it('no variables: plaintext, no login', () => {
    expect(kafkaSecurityOptions(config({}))).toEqual({});
  });

  it('a SCRAM mechanism with its user and password becomes the SASL login', () => {
    const env = { KAFKA_SASL_MECHANISM: 'scram-sha-512', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' };
    expect(kafkaSecurityOptions(config(env))).toEqual({
      sasl: { mechanism: 'scram-sha-512', username: 'u', password: 'p' },
    });
  });

  it('KAFKA_SSL turns TLS on; a CA file is read and trusted (and implies TLS)', () => {
    expect(kafkaSecurityOptions(config({ KAFKA_SSL: 'true' }))).toEqual({ ssl: true });
    const ca = join(mkdtempSync(join(tmpdir(), 'crescent-ca-')), 'ca.pem');
    writeFileSync(ca, 'PEM');
    expect(kafkaSecurityOptions(config({ KAFKA_SSL_CA_FILE: ca }))).toEqual({
      ssl: { ca: [Buffer.from('PEM')] },
    });
    expect(() => kafkaSecurityOptions(config({ KAFKA_SSL_CA_FILE: '/nonexistent/ca.pem' }))).toThrow(
      /KAFKA_SSL_CA_FILE: cannot read \/nonexistent\/ca.pem \(ENOENT\)/,
    );
  });

  it('half a login is a configuration error naming the missing variable, never the password', () => {
    expect(() => config({ KAFKA_SASL_MECHANISM: 'scram-sha-256', KAFKA_SASL_USERNAME: 'u' })).toThrow(
      /KAFKA_SASL_PASSWORD: required with KAFKA_SASL_MECHANISM=scram-sha-256/,
    );
    let error: unknown;
    try {
      config({ KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'hunter2-secret' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/KAFKA_SASL_MECHANISM: required when/);
    expect((error as Error).message).not.toContain('hunter2-secret');
    expect(() => config({ KAFKA_SASL_MECHANISM: 'plain' })).toThrow(/KAFKA_SASL_MECHANISM/);
  });
});

describe('first-connection failures in words', () => {
  const secured = config({
    KAFKA_SASL_MECHANISM: 'scram-sha-256',
    KAFKA_SASL_USERNAME: 'app',
    KAFKA_SASL_PASSWORD: 'pw-x',
  });

  it('a refused SCRAM login names the brokers, the user and the mechanism, not the password', () => {
    const error = Object.assign(new Error('SASL SCRAM SHA256 authentication failed: invalid credentials'), {
      name: 'KafkaJSSASLAuthenticationError',
    });
    const text = describeKafkaConnectFailure(secured, error);
    expect(text).toMatch(/^Kafka authentication failed at b1:9093 as user "app" \(scram-sha-256\)/);
    expect(text).not.toContain('pw-x');
  });

  it('a closed connection without a configured login points at the SASL variables', () => {
    const text = describeKafkaConnectFailure(config({}), new Error('Closed connection'));
    expect(text).toContain('set KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD');
  });

  it('a closed connection with a login but no TLS points at KAFKA_SSL', () => {
    const text = describeKafkaConnectFailure(secured, new Error('Closed connection'));
    expect(text).toContain('set KAFKA_SSL=true or KAFKA_SSL_CA_FILE');
    expect(text).not.toContain('KAFKA_SASL_MECHANISM');
  });

  it('an untrusted broker certificate points at KAFKA_SSL_CA_FILE', () => {
    const text = describeKafkaConnectFailure(
      config({ KAFKA_SSL: 'true' }),
      new Error('Connection error: self-signed certificate'),
    );
    expect(text).toContain('over TLS: Connection error: self-signed certificate');
    expect(text).toContain('KAFKA_SSL_CA_FILE');
  });

  it('anything else is reported as a connection failure', () => {
    expect(describeKafkaConnectFailure(config({}), new Error('connect ECONNREFUSED'))).toBe(
      'cannot connect to Kafka at b1:9093: connect ECONNREFUSED',
    );
  });
});

describe('kafkajs logs', () => {
  const entry = (error: string) => ({
    namespace: 'Producer',
    level: logLevel.ERROR,
    label: 'ERROR',
    log: { timestamp: '', logger: 'kafkajs', message: 'Failed to send messages', error },
  });

  it('the routine retry of a transaction that starts while the last commit is being written goes to debug', () => {
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const debug = jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
    try {
      const log = logCreator();
      log(
        entry(
          'The producer attempted to update a transaction while another concurrent operation on the same transaction was ongoing',
        ),
      );
      expect(debug).toHaveBeenCalledTimes(1);
      expect(error).not.toHaveBeenCalled();
      // The producer's retrier says it in the message, with the retry count (seen in npm run demo).
      log({
        ...entry(''),
        log: {
          timestamp: '',
          logger: 'kafkajs',
          message:
            'Failed to send messages: The producer attempted to update a transaction while another concurrent operation on the same transaction was ongoing',
          retryCount: 0,
          retryTime: 21,
        },
      });
      expect(debug).toHaveBeenCalledTimes(2);
      expect(error).not.toHaveBeenCalled();
      log(entry('This server is not the leader for that topic-partition'));
      expect(error).toHaveBeenCalledTimes(1);
    } finally {
      error.mockRestore();
      debug.mockRestore();
    }
  });

  it("a connection's error response that kafkajs retries goes to debug; any other stays an error", () => {
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const debug = jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
    const response = (message: string, failure: string) => ({
      namespace: 'Connection',
      level: logLevel.ERROR,
      label: 'ERROR',
      log: { timestamp: '', logger: 'kafkajs', message, error: failure, correlationId: 13, size: 170 },
    });
    try {
      const log = logCreator();
      // What a fresh `npm start` printed while its topics' leaders and its coordinator came up.
      log(
        response(
          'Response ListOffsets(key: 2, version: 3)',
          'This server is not the leader for that topic-partition',
        ),
      );
      log(
        response(
          'Response InitProducerId(key: 22, version: 1)',
          "The coordinator is loading and hence can't process requests for this group",
        ),
      );
      // Two apps creating the same topics at once (a fresh npm start): the loser's answer.
      log(response('Response CreateTopics(key: 19, version: 3)', 'Topic creation errors'));
      expect(debug).toHaveBeenCalledTimes(3);
      expect(debug.mock.calls[0]?.[0]).toContain('not the leader');
      expect(error).not.toHaveBeenCalled();
      // Not retried: the client gives up, so it stays an error.
      log(
        response(
          'Response Produce(key: 0, version: 7)',
          'Not authorized to access topics: [Topic authorization failed]',
        ),
      );
      // A retriable error that is not a connection's response (a producer that gave up) stays an error too.
      log({
        ...response('Failed to send messages', 'This server is not the leader for that topic-partition'),
        namespace: 'Producer',
      });
      expect(error).toHaveBeenCalledTimes(2);
    } finally {
      error.mockRestore();
      debug.mockRestore();
    }
  });

  it("kafkajs' warning about an idempotent producer's bounded retries goes to debug; other warnings stay warnings", () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const debug = jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
    try {
      // kafkajs logs it when the producer is made (no broker is contacted), as at every app start.
      createKafka(config({}), 'spec').producer({
        idempotent: true,
        maxInFlightRequests: 1,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      expect(warn).not.toHaveBeenCalled();
      expect(
        debug.mock.calls.some(([m]) =>
          String(m).startsWith('Limiting retries for the idempotent producer may invalidate EoS guarantees'),
        ),
      ).toBe(true);
      const log = logCreator();
      log({
        namespace: 'Producer',
        level: logLevel.WARN,
        label: 'WARN',
        log: { timestamp: '', logger: 'kafkajs', message: 'Something else a producer warns about' },
      });
      expect(warn).toHaveBeenCalledTimes(1);
    } finally {
      warn.mockRestore();
      debug.mockRestore();
    }
  });
});
