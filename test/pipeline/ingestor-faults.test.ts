import type { DataSource } from 'typeorm';
import { type AppProcess, createMigratedDatabase, pipelineEnv, startApp } from '../support/apps';
import { eventually } from '../support/eventually';
import { expectedOutcomes } from '../support/fuzz';
import { KafkaTestKit } from '../support/kafka';
import { facilityEvents } from '../support/load';
import { openDb, topicsFor } from '../support/pipeline';
import { publishedImpacts } from '../support/replay';

const EVENTS = 3000;

describe('ingestor under trouble: every event stored once and its impacts published once', () => {
  const kit = new KafkaTestKit();
  const cleanups: Array<() => Promise<unknown>> = [];

  afterAll(async () => {
    for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
    await kit.disconnectAll();
  });

  it('SIGKILL of the ingestor in the middle of its work, then a new one: no event lost, no impact doubled', async () => {
    const db = await createMigratedDatabase('ingestor-kill');
    cleanups.push(() => db.drop());
    // One transactional id for both processes, as one deployed instance keeps across restarts:
    // the new one fences the dead one's open transaction instead of waiting for it to time out.
    const env = pipelineEnv(db.url);
    env.INGESTOR_TRANSACTIONAL_ID = `${env.KAFKA_TOPIC_PREFIX}ingestor-0`;
    const topics = topicsFor(env.KAFKA_TOPIC_PREFIX!);
    const ds: DataSource = await openDb(db.url);
    cleanups.push(() => ds.destroy());

    const first: AppProcess = await startApp('ingestor', env, 'ingestor-kill-1');
    cleanups.push(() => first.stop());
    await first.ready();
    const values = facilityEvents(EVENTS, 13, 'ikill');
    const producer = await kit.producer();
    await producer.send({
      topic: topics.rawEvents,
      messages: values.map((value, i) => ({ key: String(i % 7), value })),
    });
    const storedCount = async (): Promise<number> => {
      const rows: Array<{ n: string }> = await ds.query(`SELECT count(*)::text AS n FROM events`);
      return Number(rows[0]?.n);
    };
    await eventually(async () => expect(await storedCount()).toBeGreaterThan(0), {
      timeoutMs: 60_000,
      intervalMs: 20,
    });
    first.signal('SIGKILL');
    await first.exited;
    const atKill = await storedCount();
    expect(atKill).toBeLessThan(EVENTS);
    const admin = await kit.admin();
    const committed = async (): Promise<number> => {
      const [t] = await admin.fetchOffsets({ groupId: env.INGESTOR_GROUP_ID!, topics: [topics.rawEvents] });
      return (t?.partitions ?? []).reduce((n, p) => n + Math.max(0, Number(p.offset)), 0);
    };
    // More stored than committed: the kill fell between the database commit and the Kafka one,
    // and the new ingestor must publish those events as its own unfinished work (timing decides).
    console.log(`ingestor SIGKILL: ${atKill} events stored, ${await committed()} raw offsets committed`);

    const second = await startApp('ingestor', env, 'ingestor-kill-2');
    cleanups.push(() => second.stop());
    await eventually(
      async () => {
        expect(await committed()).toBe(EVENTS);
      },
      { timeoutMs: 90_000, intervalMs: 250 },
    );

    // Every event the intake accepts is stored once ...
    const accepted = expectedOutcomes(values.map((v, n) => ({ n, category: 'valid', value: Buffer.from(v) })))
      .filter((o) => o.outcome === 'accepted')
      .map((o) => o.eventId)
      .sort();
    const events: Array<{ id: string }> = await ds.query(`SELECT id FROM events ORDER BY id`);
    expect(events.map((e) => e.id)).toEqual(accepted);
    // ... and each stored impact is on the topic exactly once (committed; aborted output is never read).
    const key = (i: {
      eventId?: string;
      event_id?: string;
      assetId?: string;
      asset_id?: string;
      channel: string;
    }) => `${i.eventId ?? i.event_id}|${i.assetId ?? i.asset_id}|${i.channel}`;
    const published = (await publishedImpacts(kit, topics.assetImpacts)).map(key).sort();
    const stored: Array<{ event_id: string; asset_id: string; channel: string }> = await ds.query(
      `SELECT event_id, asset_id, channel FROM impacts`,
    );
    expect(published.length).toBeGreaterThan(0);
    expect(published).toEqual(stored.map(key).sort());
    expect(new Set(published).size).toBe(published.length);
    expect(second.running).toBe(true);
  });
});
