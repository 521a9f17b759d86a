import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import type { Consumer, Kafka } from 'kafkajs';
import { Partitioners } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { kafkaSchema, loadConfig, loadLocalKafkaConfig } from '@crescent/config';
import { createKafka, LocalKafkaBroker } from '@crescent/kafka';
import type { CliIo } from '../../apps/cli/src/commands/command';
import { replayCommand } from '../../apps/cli/src/commands/replay.command';
import { type AppProcess, createMigratedDatabase, freePort, pipelineEnv, startApp } from '../support/apps';
import { eventually } from '../support/eventually';
import { uniqueName } from '../support/kafka';
import { openDb, topicsFor } from '../support/pipeline';

/*
 * A broker of its own (not the run's shared one on 19092) whose only client listener is
 * SASL_SSL: SCRAM logins over TLS with the self-signed certificate the local-broker manager
 * makes. The ingestor, configured only through KAFKA_SASL_* and KAFKA_SSL_CA_FILE, consumes,
 * stores and publishes through it; without credentials or with a wrong password it stops at
 * start with a message that names authentication, and the password appears in no log.
 */

const repoRoot = resolve(__dirname, '..', '..');
const USER = 'crescent-app';
const PASSWORD = `pw-${randomBytes(12).toString('base64url')}`;

describe('Kafka SASL/SCRAM over TLS: the apps log in, and say so when they cannot', () => {
  let stateDir: string;
  let broker: LocalKafkaBroker;
  let brokers: string;
  let caFile: string;
  let db: { url: string; drop: () => Promise<void> };
  const apps: AppProcess[] = [];
  const clients: Array<{ disconnect(): Promise<void> }> = [];

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'crescent-sasl-'));
    const config = loadLocalKafkaConfig({
      KAFKA_VERSION: process.env.KAFKA_VERSION,
      KAFKA_LOCAL_PORT: String(await freePort()),
      KAFKA_LOCAL_CONTROLLER_PORT: String(await freePort()),
      KAFKA_LOCAL_STATE_DIR: stateDir,
      KAFKA_LOCAL_SECURITY: 'sasl_ssl',
      KAFKA_SASL_USERNAME: USER,
      KAFKA_SASL_PASSWORD: PASSWORD,
    });
    broker = new LocalKafkaBroker({ config, repoRoot });
    db = await createMigratedDatabase('sasl');
    const started = await broker.start();
    brokers = started.brokers.join(',');
    caFile = join(stateDir, 'tls', 'ca.pem');
  });

  afterAll(async () => {
    for (const app of apps) await app.stop();
    for (const client of clients) await client.disconnect().catch(() => undefined);
    await broker?.stop();
    await db?.drop();
    if (stateDir) await rm(stateDir, { recursive: true, force: true });
  });

  function env(extra: Record<string, string>): Record<string, string> {
    return {
      ...pipelineEnv(db.url),
      KAFKA_BROKERS: brokers,
      KAFKA_SSL_CA_FILE: caFile,
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: USER,
      KAFKA_SASL_PASSWORD: PASSWORD,
      ...extra,
    };
  }

  /** A client made the way the apps make theirs (createKafka), from the same variables. */
  function client(vars: Record<string, string>): Kafka {
    return createKafka(loadConfig(kafkaSchema, vars), uniqueName('sasl-client'));
  }

  it('the ingestor and the scorer log in over TLS, consume, store and publish; the password is in no log', async () => {
    const vars = env({ KAFKA_SASL_MECHANISM: 'scram-sha-256' });
    const [ingestor, scorer] = await Promise.all([
      startApp('ingestor', vars, 'ingestor-sasl'),
      startApp('scorer', { ...vars, KAFKA_SASL_MECHANISM: 'scram-sha-512' }, 'scorer-sasl'),
    ]);
    apps.push(ingestor, scorer);
    await Promise.all([ingestor.ready(), scorer.ready()]);

    const topics = topicsFor(vars.KAFKA_TOPIC_PREFIX!);
    const kafka = client(vars);
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    clients.push(producer);
    const id = uniqueName('fm');
    await producer.send({
      topic: topics.rawEvents,
      messages: [
        {
          value: JSON.stringify({
            kind: 'event',
            id,
            occurredAt: '2020-01-18T12:00:00Z',
            type: 'force_majeure_declared',
            location: { name: 'Es Sider' },
            assets: ['es-sider'],
            actors: ['noc', 'lna'],
            severity: 0.9,
          }),
        },
      ],
    });

    const seen: Array<{ topic: string; key: string }> = [];
    const consumer: Consumer = kafka.consumer({ groupId: uniqueName('sasl-reader'), maxWaitTimeInMs: 500 });
    await consumer.connect();
    clients.push(consumer);
    await consumer.subscribe({ topics: [topics.assetImpacts, topics.riskScores], fromBeginning: true });
    await consumer.run({
      eachMessage: ({ topic, message }) => {
        seen.push({ topic, key: message.key?.toString() ?? '' });
        return Promise.resolve();
      },
    });
    // The ingestor's impact, then the scorer's score for the same asset: both apps read and wrote.
    await eventually(
      () => {
        expect(seen).toContainEqual({ topic: topics.assetImpacts, key: 'es-sider' });
        expect(seen).toContainEqual({ topic: topics.riskScores, key: 'es-sider' });
      },
      { timeoutMs: 30_000 },
    );

    const ds: DataSource = await openDb(db.url);
    try {
      const rows: Array<{ n: string }> = await ds.query(
        'SELECT count(*) AS n FROM events WHERE origin_topic = $1',
        [topics.rawEvents],
      );
      expect(Number(rows[0]?.n)).toBe(1);
    } finally {
      await ds.destroy();
    }

    expect(await readFile(ingestor.logFile, 'utf8')).not.toContain(PASSWORD);
    expect(await readFile(scorer.logFile, 'utf8')).not.toContain(PASSWORD);
    expect(await readFile(join(stateDir, 'broker.log'), 'utf8')).not.toContain(PASSWORD);
  });

  it('a wrong password stops the ingestor at start with an authentication error, without the password', async () => {
    const wrong = `wrong-${randomBytes(6).toString('hex')}`;
    const ingestor = await startApp('ingestor', env({ KAFKA_SASL_PASSWORD: wrong }), 'ingestor-sasl-wrong');
    apps.push(ingestor);
    const code = await ingestor.exited;
    const log = await readFile(ingestor.logFile, 'utf8');
    expect(code).not.toBe(0);
    expect(log).toContain(`Kafka authentication failed at ${brokers} as user "${USER}" (scram-sha-512)`);
    expect(log).not.toContain(wrong);
    expect(log).not.toContain(PASSWORD);
  });

  it('no credentials: the ingestor stops at start and says the broker wants a SASL login', async () => {
    const ingestor = await startApp(
      'ingestor',
      env({ KAFKA_SASL_MECHANISM: '', KAFKA_SASL_USERNAME: '', KAFKA_SASL_PASSWORD: '' }),
      'ingestor-sasl-none',
    );
    apps.push(ingestor);
    const code = await ingestor.exited;
    const log = await readFile(ingestor.logFile, 'utf8');
    expect(code).not.toBe(0);
    expect(log).toContain(`Kafka at ${brokers} closed the connection before answering`);
    expect(log).toMatch(
      /requires authentication.*set KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD/,
    );
  });

  it('a mechanism without credentials is refused at boot, naming the missing variables', async () => {
    const ingestor = await startApp(
      'ingestor',
      env({ KAFKA_SASL_USERNAME: '', KAFKA_SASL_PASSWORD: '' }),
      'ingestor-sasl-config',
    );
    apps.push(ingestor);
    expect(await ingestor.exited).toBe(1);
    const log = await readFile(ingestor.logFile, 'utf8');
    expect(log).toContain('KAFKA_SASL_USERNAME: required with KAFKA_SASL_MECHANISM=scram-sha-512');
    expect(log).toContain('KAFKA_SASL_PASSWORD: required with KAFKA_SASL_MECHANISM=scram-sha-512');
  });

  it('the CLI replay publishes with the same variables, and names a refused login', async () => {
    const input = join(stateDir, 'one-event.jsonl');
    await writeFile(
      input,
      `${JSON.stringify({ kind: 'news', id: uniqueName('n'), publishedAt: '2020-01-14T06:30:00Z', source: 'Reuters', headline: 'Haftar leaves Moscow talks', body: '' })}\n`,
    );
    const replay = async (
      vars: Record<string, string>,
    ): Promise<{ code: number; out: string; err: string }> => {
      const stdout = new PassThrough();
      const stderr = new PassThrough();
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      stdout.on('data', (c: Buffer) => out.push(c));
      stderr.on('data', (c: Buffer) => err.push(c));
      const io: CliIo = { stdout, stderr, stdin: Readable.from([]), env: vars, cwd: repoRoot };
      const code = await replayCommand.run(['--input', input], io);
      return { code, out: Buffer.concat(out).toString('utf8'), err: Buffer.concat(err).toString('utf8') };
    };
    const vars = env({});
    const ok = await replay(vars);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).toEqual({ topic: `${vars.KAFKA_TOPIC_PREFIX}geo.events.raw.v1`, sent: 1 });

    const refused = await replay(env({ KAFKA_SASL_PASSWORD: 'not-the-password' }));
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('crescent replay: Kafka authentication failed');
    expect(refused.err).not.toContain('not-the-password');
  });
});
