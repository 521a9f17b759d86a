import {
  brokerLayout,
  formatStorageArguments,
  javaArguments,
  newClusterId,
  renderLogConfig,
  renderServerProperties,
} from './broker-files';
import { parseJavaMajorVersion } from './broker-jars';

function properties(text: string): Map<string, string> {
  const entries = text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const at = line.indexOf('=');
      return [line.slice(0, at), line.slice(at + 1)] as const;
    });
  return new Map(entries);
}

describe('local broker files', () => {
  const input = { version: '4.1.1', port: 19092, controllerPort: 19093, dataDir: '/tmp/k/data/4.1.1' };

  it('a broker listens on loopback only, with a static single-voter quorum on the controller port', () => {
    const props = properties(renderServerProperties(input));
    expect(props.get('listeners')).toBe('PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093');
    expect(props.get('advertised.listeners')).toBe('PLAINTEXT://127.0.0.1:19092');
    expect(props.get('controller.quorum.voters')).toBe('1@127.0.0.1:19093');
    expect(props.get('log.dirs')).toBe('/tmp/k/data/4.1.1');
  });

  it('internal topics have one partition and one replica, and new groups rebalance without delay', () => {
    const props = properties(renderServerProperties(input));
    expect(props.get('offsets.topic.num.partitions')).toBe('1');
    expect(props.get('offsets.topic.replication.factor')).toBe('1');
    expect(props.get('transaction.state.log.num.partitions')).toBe('1');
    expect(props.get('transaction.state.log.min.isr')).toBe('1');
    expect(props.get('group.initial.rebalance.delay.ms')).toBe('0');
    expect(props.get('auto.create.topics.enable')).toBe('false');
  });

  it('share-group settings are written for Kafka 4 and left out for 3.9, which does not know them', () => {
    expect(
      properties(renderServerProperties(input)).has('share.coordinator.state.topic.replication.factor'),
    ).toBe(true);
    expect(
      properties(renderServerProperties({ ...input, version: '3.9.1' })).has(
        'share.coordinator.state.topic.replication.factor',
      ),
    ).toBe(false);
  });

  it('Kafka 4 logs through a Log4j 2 config and 3.9 through a log4j 1 config', () => {
    const v4 = brokerLayout('/s', '4.1.1');
    const v3 = brokerLayout('/s', '3.9.1');
    const args = (version: string, layout: typeof v4): string[] =>
      javaArguments({
        version,
        libsDir: '/c/libs',
        layout,
        mainClass: 'kafka.Kafka',
        args: ['/s/server.properties'],
      });

    expect(args('4.1.1', v4)).toContain('-Dlog4j2.configurationFile=/s/log4j2.properties');
    expect(renderLogConfig('4.1.1')).toContain('appender.out.type = Console');
    expect(args('3.9.1', v3)).toContain('-Dlog4j.configuration=file:/s/log4j.properties');
    expect(renderLogConfig('3.9.1')).toContain('log4j.appender.stdout=org.apache.log4j.ConsoleAppender');
  });

  it('each Kafka version keeps its own data dir, so a downgrade never reads newer metadata', () => {
    expect(brokerLayout('/s', '4.1.1').dataDir).not.toBe(brokerLayout('/s', '3.9.1').dataDir);
  });

  it('the broker runs kafka.Kafka with every cached jar on the class path and a small heap', () => {
    const args = javaArguments({
      version: '4.1.1',
      libsDir: '/c/libs',
      layout: brokerLayout('/s', '4.1.1'),
      mainClass: 'kafka.Kafka',
      args: ['/s/server.properties'],
    });
    expect(args.slice(-4)).toEqual(['-cp', '/c/libs/*', 'kafka.Kafka', '/s/server.properties']);
    expect(args).toEqual(expect.arrayContaining(['-Xms256m', '-Xmx512m']));
  });

  it('storage is formatted with the given cluster id and tolerates an already formatted dir', () => {
    expect(formatStorageArguments('cSOd-vivZQviIXbu3e1EFw', '/s/server.properties')).toEqual([
      'format',
      '-t',
      'cSOd-vivZQviIXbu3e1EFw',
      '-c',
      '/s/server.properties',
      '--ignore-formatted',
    ]);
  });

  it('a cluster id never starts with "-", which StorageTool would read as an option', () => {
    // 0xf8 encodes as base64url '-' in first place; the second draw is kept.
    const draws = [Buffer.alloc(16, 0xf8), Buffer.alloc(16, 0x71)];
    const sizes: number[] = [];
    const id = newClusterId((size) => {
      sizes.push(size);
      return draws.shift() as Buffer;
    });
    expect(Buffer.alloc(16, 0xf8).toString('base64url').startsWith('-')).toBe(true);
    expect(id).toBe(Buffer.alloc(16, 0x71).toString('base64url'));
    expect(id).toHaveLength(22);
    expect(sizes).toEqual([16, 16]);
  });
});

describe('local broker files: a secured listener', () => {
  const base = { version: '4.1.1', port: 29092, controllerPort: 29093, dataDir: '/s/data/4.1.1' };
  const sasl = { username: 'app', password: 'pw-1' };

  it('SASL_PLAINTEXT: clients and the broker itself log in with SCRAM; the controller stays PLAINTEXT', () => {
    const props = properties(renderServerProperties({ ...base, security: 'sasl_plaintext', sasl }));
    expect(props.get('listeners')).toBe('SASL_PLAINTEXT://127.0.0.1:29092,CONTROLLER://127.0.0.1:29093');
    expect(props.get('advertised.listeners')).toBe('SASL_PLAINTEXT://127.0.0.1:29092');
    expect(props.get('inter.broker.listener.name')).toBe('SASL_PLAINTEXT');
    expect(props.get('listener.security.protocol.map')).toBe(
      'CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT',
    );
    expect(props.get('sasl.enabled.mechanisms')).toBe('SCRAM-SHA-256,SCRAM-SHA-512');
    expect(props.get('sasl.mechanism.inter.broker.protocol')).toBe('SCRAM-SHA-256');
    for (const m of ['scram-sha-256', 'scram-sha-512']) {
      expect(props.get(`listener.name.sasl_plaintext.${m}.sasl.jaas.config`)).toBe(
        'org.apache.kafka.common.security.scram.ScramLoginModule required username="app" password="pw-1";',
      );
    }
    expect([...props.keys()].some((k) => k.startsWith('ssl.'))).toBe(false);
  });

  it('SASL_SSL: the same logins over TLS with the PKCS12 keystore and truststore', () => {
    const tls = { keystore: '/s/tls/broker.p12', truststore: '/s/tls/truststore.p12', storePassword: 'sp' };
    const props = properties(renderServerProperties({ ...base, security: 'sasl_ssl', sasl, tls }));
    expect(props.get('listeners')).toBe('SASL_SSL://127.0.0.1:29092,CONTROLLER://127.0.0.1:29093');
    expect(props.get('listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config')).toContain('username="app"');
    expect(props.get('ssl.keystore.location')).toBe('/s/tls/broker.p12');
    expect(props.get('ssl.truststore.location')).toBe('/s/tls/truststore.p12');
    expect(props.get('ssl.keystore.type')).toBe('PKCS12');
  });

  it('the SCRAM user is created for both mechanisms when the storage is formatted', () => {
    expect(formatStorageArguments('id', '/s/server.properties', sasl)).toEqual([
      'format',
      '-t',
      'id',
      '-c',
      '/s/server.properties',
      '--ignore-formatted',
      '--add-scram',
      'SCRAM-SHA-256=[name=app,password=pw-1]',
      '--add-scram',
      'SCRAM-SHA-512=[name=app,password=pw-1]',
    ]);
  });
});

describe('java -version parsing', () => {
  it.each([
    ['openjdk version "17.0.15" 2025-04-15', 17],
    ['openjdk version "21" 2023-09-19', 21],
    ['java version "1.8.0_392"', 8],
    ['openjdk version "11.0.2" 2019-01-15', 11],
  ])('"%s" is Java %d', (output, major) => {
    expect(parseJavaMajorVersion(output)).toBe(major);
  });

  it('output without a version is not mistaken for one', () => {
    expect(parseJavaMajorVersion('bash: java: command not found')).toBeNull();
  });
});
