import type { DataSource } from 'typeorm';
import { type AppProcess, createMigratedDatabase, pipelineEnv, startApp } from '../support/apps';
import { eventually } from '../support/eventually';
import { ensureTopics } from '@crescent/kafka';
import { KafkaTestKit } from '../support/kafka';
import { facilityEvents } from '../support/load';
import { openDb, topicsFor } from '../support/pipeline';
import {
  appliedImpacts,
  cleanReplay,
  publishedImpacts,
  readWholeTopic,
  seqGaps,
  storedAssetStates,
} from '../support/replay';

/**
 * One isolated pipeline per test (own topics, groups, database): an ingestor that has
 * turned `events` raw events into impacts, and whatever scorers the test runs.
 */
async function pipelineWithImpacts(kit: KafkaTestKit, label: string, events: number) {
  const db = await createMigratedDatabase(label);
  const env = pipelineEnv(db.url);
  const topics = topicsFor(env.KAFKA_TOPIC_PREFIX!);
  const ingestor = await startApp('ingestor', env, `${label}-ingestor`);
  await ingestor.ready();
  const producer = await kit.producer();
  await producer.send({
    topic: topics.rawEvents,
    messages: facilityEvents(events, 7, label).map((value, i) => ({ key: String(i % 11), value })),
  });
  const admin = await kit.admin();
  const ds = await openDb(db.url);
  // Every raw event consumed (the ingestor commits offsets with its transaction).
  await eventually(
    async () => expect(await appliedInIngestor(admin, env.INGESTOR_GROUP_ID!, topics.rawEvents)).toBe(events),
    { timeoutMs: 90_000 },
  );
  const impacts = (await publishedImpacts(kit, topics.assetImpacts)).length;
  return { db, env, topics, ingestor, admin, ds, impacts };
}

async function appliedInIngestor(
  admin: Awaited<ReturnType<KafkaTestKit['admin']>>,
  groupId: string,
  topic: string,
) {
  const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return (offsets?.partitions ?? []).reduce((n, p) => n + Math.max(0, Number(p.offset)), 0);
}

async function expectStateEqualsCleanReplay(kit: KafkaTestKit, ds: DataSource, impactsTopic: string) {
  const expected = await cleanReplay(kit, impactsTopic);
  const stored = await storedAssetStates(ds);
  expect([...stored.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [id, state] of expected) expect(stored.get(id)).toEqual(JSON.parse(JSON.stringify(state)));
  expect(await seqGaps(ds)).toEqual([]);
}

describe('scorer under trouble: every impact applied exactly once', () => {
  const kit = new KafkaTestKit();
  const cleanups: Array<() => Promise<unknown>> = [];

  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
    await kit.disconnectAll();
  });

  it('SIGKILL of the scorer in the middle of its work, then a restart: state equals a clean replay', async () => {
    const p = await pipelineWithImpacts(kit, 'sigkill', 1500);
    cleanups.push(
      () => p.db.drop(),
      () => p.ds.destroy(),
      () => p.ingestor.stop(),
    );
    // Small fetches: the backlog fits one fetch of the default size, and a fetch's batches
    // are applied in one transaction, which would leave nothing to kill in the middle of.
    const small = { ...p.env, SCORER_FETCH_BYTES_PER_PARTITION: '16384' };
    const first = await startApp('scorer', small, 'sigkill-scorer-1');
    cleanups.push(() => first.stop());
    await eventually(async () => expect(await appliedImpacts(p.ds)).toBeGreaterThan(0), {
      timeoutMs: 60_000,
      intervalMs: 20,
    });
    first.signal('SIGKILL');
    await first.exited;
    const atKill = await appliedImpacts(p.ds);
    expect(atKill).toBeLessThan(p.impacts);

    const second = await startApp('scorer', p.env, 'sigkill-scorer-2');
    cleanups.push(() => second.stop());
    await eventually(async () => expect(await appliedImpacts(p.ds)).toBe(p.impacts), {
      timeoutMs: 120_000,
    });
    await expectStateEqualsCleanReplay(kit, p.ds, p.topics.assetImpacts);
  });

  it('two scorers in one group split the partitions; stopping one moves its partitions to the other with state intact', async () => {
    const p = await pipelineWithImpacts(kit, 'twoscorers', 1500);
    cleanups.push(
      () => p.db.drop(),
      () => p.ds.destroy(),
      () => p.ingestor.stop(),
    );
    const group = p.env.SCORER_GROUP_ID!;
    const [a, b] = await Promise.all([
      startApp('scorer', p.env, 'two-scorer-a'),
      startApp('scorer', p.env, 'two-scorer-b'),
    ]);
    cleanups.push(
      () => a.stop(),
      () => b.stop(),
    );
    await Promise.all([a.ready(), b.ready()]);
    // Both instances hold partitions of the impacts topic.
    const members = await eventually(async () => {
      const { groups } = await p.admin.describeGroups([group]);
      const assigned = (groups[0]?.members ?? []).filter((m) => m.memberAssignment.length > 0);
      expect(assigned).toHaveLength(2);
      return assigned;
    });
    expect(members).toHaveLength(2);
    await eventually(async () => expect(await appliedImpacts(p.ds)).toBeGreaterThan(0), {
      intervalMs: 20,
    });
    expect(await a.stop()).toBe(0);
    await eventually(async () => expect(await appliedImpacts(p.ds)).toBe(p.impacts), {
      timeoutMs: 120_000,
    });
    await expectStateEqualsCleanReplay(kit, p.ds, p.topics.assetImpacts);
  });

  it('SIGTERM: the batch in hand finishes and commits before the scorer exits', async () => {
    const p = await pipelineWithImpacts(kit, 'sigterm', 1500);
    cleanups.push(
      () => p.db.drop(),
      () => p.ds.destroy(),
      () => p.ingestor.stop(),
    );
    const group = p.env.SCORER_GROUP_ID!;
    const scorer: AppProcess = await startApp('scorer', p.env, 'sigterm-scorer');
    cleanups.push(() => scorer.stop());
    await eventually(async () => expect(await appliedImpacts(p.ds)).toBeGreaterThan(0), {
      timeoutMs: 60_000,
      intervalMs: 20,
    });
    expect(await scorer.stop()).toBe(0);
    expect(scorer.logTail(200)).toContain('consumer stopped');
    // What the database says was applied is exactly what Kafka has as committed: the last
    // batch was neither abandoned half-way nor left uncommitted.
    const inDb: Array<{ partition: number; next: string }> = await p.ds.query(
      `SELECT partition, next_offset::text AS next FROM consumer_offsets WHERE group_id = $1 ORDER BY partition`,
      [group],
    );
    const [committed] = await p.admin.fetchOffsets({ groupId: group, topics: [p.topics.assetImpacts] });
    for (const row of inDb) {
      const k = committed?.partitions.find((x) => x.partition === row.partition);
      expect(k?.offset).toBe(row.next);
    }
    const restarted = await startApp('scorer', p.env, 'sigterm-scorer-2');
    cleanups.push(() => restarted.stop());
    await eventually(async () => expect(await appliedImpacts(p.ds)).toBe(p.impacts), {
      timeoutMs: 120_000,
    });
    await expectStateEqualsCleanReplay(kit, p.ds, p.topics.assetImpacts);
  });

  it('a topic recreated behind the stored state: the scorer refuses to skip its messages as already applied', async () => {
    const p = await pipelineWithImpacts(kit, 'recreated', 200);
    cleanups.push(
      () => p.db.drop(),
      () => p.ds.destroy(),
    );
    expect(await p.ingestor.stop()).toBe(0);
    const first = await startApp('scorer', p.env, 'recreated-scorer-1');
    cleanups.push(() => first.stop());
    await eventually(async () => expect(await appliedImpacts(p.ds)).toBe(p.impacts), { timeoutMs: 120_000 });
    expect(await first.stop()).toBe(0);

    // The impacts topic is deleted and created again (an operator's reset, a lost broker
    // volume): its offsets start from 0 again, below what the database says was applied.
    const before = await readWholeTopic(kit, p.topics.assetImpacts);
    const busiest = [0, 1, 2, 3, 4, 5].sort(
      (a, b) =>
        before.filter((m) => m.partition === b).length - before.filter((m) => m.partition === a).length,
    )[0]!;
    expect(before.filter((m) => m.partition === busiest).length).toBeGreaterThan(3);
    const some = before.slice(0, 3);
    await p.admin.deleteTopics({ topics: [p.topics.assetImpacts] });
    await eventually(async () => expect(await p.admin.listTopics()).not.toContain(p.topics.assetImpacts));
    await ensureTopics(p.admin, [{ topic: p.topics.assetImpacts, partitions: 6 }]);
    const producer = await kit.producer();
    await producer.send({
      topic: p.topics.assetImpacts,
      messages: some.map((m) => ({ value: m.value, partition: busiest })),
    });

    const second = await startApp('scorer', p.env, 'recreated-scorer-2');
    cleanups.push(() => second.stop());
    await eventually(() => expect(second.logTail(400)).toContain("is beyond the partition's end"), {
      timeoutMs: 60_000,
    });
    // Nothing of the new topic was passed over as if applied, and the state is untouched.
    const metrics = await (await fetch(second.url('/metrics'))).text();
    expect(metrics).not.toMatch(/crescent_messages_total\{[^}]*outcome="skipped"[^}]*\} [1-9]/);
    expect(await appliedImpacts(p.ds)).toBe(p.impacts);
  });
});
