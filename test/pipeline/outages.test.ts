import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadLocalKafkaConfig } from '@crescent/config';
import { LocalKafkaBroker } from '@crescent/kafka';
import { createMigratedDatabase, freePort, pipelineEnv, startApp } from '../support/apps';
import { eventually } from '../support/eventually';
import { KafkaTestKit } from '../support/kafka';
import { facilityEvents } from '../support/load';
import { openDb, topicsFor } from '../support/pipeline';
import { appliedImpacts, cleanReplay, publishedImpacts, seqGaps, storedAssetStates } from '../support/replay';
import { TcpProxy } from '../support/tcp-proxy';

async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(url)).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith(name))
    .reduce((n, l) => n + Number(l.split(' ').pop()), 0);
}

describe('pipeline outages: the broker or the database goes away and comes back', () => {
  const cleanups: Array<() => Promise<unknown>> = [];

  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
  });

  it('PostgreSQL unreachable for a while: consumers pause and retry without committing, then resume and lose nothing', async () => {
    const kit = new KafkaTestKit();
    cleanups.push(() => kit.disconnectAll());
    const db = await createMigratedDatabase('pgdown');
    cleanups.push(() => db.drop());
    const target = new URL(db.url);
    const proxy = await new TcpProxy(target.hostname, Number(target.port || 5432)).start();
    cleanups.push(() => proxy.stop());
    const viaProxy = new URL(db.url);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    const env = pipelineEnv(viaProxy.toString());
    const topics = topicsFor(env.KAFKA_TOPIC_PREFIX!);
    const [ingestor, scorer] = await Promise.all([
      startApp('ingestor', env, 'pgdown-ingestor'),
      startApp('scorer', env, 'pgdown-scorer'),
    ]);
    cleanups.push(
      () => ingestor.stop(),
      () => scorer.stop(),
    );
    await Promise.all([ingestor.ready(), scorer.ready()]);
    const ds = await openDb(db.url);
    cleanups.push(() => ds.destroy());

    await proxy.cut();
    const producer = await kit.producer();
    await producer.send({
      topic: topics.rawEvents,
      messages: facilityEvents(300, 11, 'pgdown').map((value, i) => ({ key: String(i % 5), value })),
    });
    // The ingestor keeps trying and failing; nothing is committed meanwhile.
    await eventually(async () =>
      expect(await metric(ingestor.url('/metrics'), 'crescent_batch_failures_total')).toBeGreaterThan(0),
    );
    const admin = await kit.admin();
    const [committed] = await admin.fetchOffsets({
      groupId: env.INGESTOR_GROUP_ID!,
      topics: [topics.rawEvents],
    });
    expect((committed?.partitions ?? []).every((p) => Number(p.offset) <= 0)).toBe(true);
    const ready = await fetch(ingestor.url('/health/ready'));
    expect(ready.status).toBe(503);
    expect(ingestor.running && scorer.running).toBe(true);

    await proxy.restore();
    await eventually(
      async () => {
        const [c] = await admin.fetchOffsets({ groupId: env.INGESTOR_GROUP_ID!, topics: [topics.rawEvents] });
        expect((c?.partitions ?? []).reduce((n, p) => n + Math.max(0, Number(p.offset)), 0)).toBe(300);
      },
      { timeoutMs: 120_000 },
    );
    const impacts = (await publishedImpacts(kit, topics.assetImpacts)).length;
    await eventually(async () => expect(await appliedImpacts(ds)).toBe(impacts), { timeoutMs: 120_000 });
    const expected = await cleanReplay(kit, topics.assetImpacts);
    const stored = await storedAssetStates(ds);
    for (const [id, state] of expected) expect(stored.get(id)).toEqual(JSON.parse(JSON.stringify(state)));
    const events: Array<{ n: string }> = await ds.query(`SELECT count(*) AS n FROM events`);
    expect(Number(events[0]?.n)).toBe(300);
  });

  it('the broker stopped and restarted mid-stream: processing resumes and nothing is lost', async () => {
    // A broker of this test's own, so stopping it disturbs no other test.
    const port = await freePort();
    const broker = new LocalKafkaBroker({
      config: loadLocalKafkaConfig({
        ...process.env,
        KAFKA_LOCAL_PORT: String(port),
        KAFKA_LOCAL_CONTROLLER_PORT: String(await freePort()),
        KAFKA_LOCAL_STATE_DIR: `.kafka/test-restart-${port}`,
      }),
      repoRoot: resolve(__dirname, '..', '..'),
    });
    await broker.start();
    cleanups.push(async () => {
      await broker.stop();
      rmSync(broker.stateDir, { recursive: true, force: true });
    });
    const brokers = broker.brokers.join(',');
    const kit = new KafkaTestKit(undefined, brokers);
    cleanups.push(() => kit.disconnectAll());
    const db = await createMigratedDatabase('brokerdown');
    cleanups.push(() => db.drop());
    const env: Record<string, string> = { ...pipelineEnv(db.url), KAFKA_BROKERS: brokers };
    const topics = topicsFor(env.KAFKA_TOPIC_PREFIX!);
    const [ingestor, scorer] = await Promise.all([
      startApp('ingestor', env, 'brokerdown-ingestor'),
      startApp('scorer', env, 'brokerdown-scorer'),
    ]);
    cleanups.push(
      () => ingestor.stop(),
      () => scorer.stop(),
    );
    await Promise.all([ingestor.ready(), scorer.ready()]);
    const ds = await openDb(db.url);
    cleanups.push(() => ds.destroy());

    const events = facilityEvents(600, 13, 'brokerdown');
    const producer = await kit.producer();
    await producer.send({
      topic: topics.rawEvents,
      messages: events.slice(0, 300).map((value) => ({ value })),
    });
    await eventually(async () => expect(await appliedImpacts(ds)).toBeGreaterThan(0), {
      timeoutMs: 60_000,
      intervalMs: 50,
    });
    await kit.disconnectAll();
    await broker.stop();
    await broker.start();
    const producer2 = await kit.producer();
    await producer2.send({
      topic: topics.rawEvents,
      messages: events.slice(300).map((value) => ({ value })),
    });

    const admin = await kit.admin();
    await eventually(
      async () => {
        const [c] = await admin.fetchOffsets({ groupId: env.INGESTOR_GROUP_ID!, topics: [topics.rawEvents] });
        expect((c?.partitions ?? []).reduce((n, p) => n + Math.max(0, Number(p.offset)), 0)).toBe(600);
      },
      { timeoutMs: 180_000 },
    );
    const impacts = (await publishedImpacts(kit, topics.assetImpacts)).length;
    await eventually(async () => expect(await appliedImpacts(ds)).toBe(impacts), { timeoutMs: 120_000 });
    const expected = await cleanReplay(kit, topics.assetImpacts);
    const stored = await storedAssetStates(ds);
    for (const [id, state] of expected) expect(stored.get(id)).toEqual(JSON.parse(JSON.stringify(state)));
    expect(await seqGaps(ds)).toEqual([]);
    expect(ingestor.running && scorer.running).toBe(true);
  });
});
