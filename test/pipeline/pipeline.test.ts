import {
  DLQ_HEADERS,
  riskScoreMessageSchema,
  type AssetImpactsMessage,
  type RiskScoreMessage,
} from '@crescent/contracts';
import type { DataSource } from 'typeorm';
import { type AppProcess, createMigratedDatabase, pipelineEnv, startApp } from '../support/apps';
import { eventually } from '../support/eventually';
import { KafkaTestKit } from '../support/kafka';
import { openDb, produceRaw, TopicRecorder, topicsFor } from '../support/pipeline';

const SEED_NEWS = {
  kind: 'news',
  id: 'pipeline-seed-1',
  publishedAt: '2020-01-14T06:30:00Z',
  source: 'Crescent test desk',
  headline: 'Haftar leaves Moscow without signing ceasefire deal',
  body:
    'Ceasefire talks in Moscow collapsed after Khalifa Haftar left without signing the agreement. ' +
    'Fayez al-Sarraj of the Government of National Accord had signed the deal brokered by Russia and Turkey.',
};

const FORCE_MAJEURE = {
  kind: 'event',
  id: 'pipeline-fm-1',
  occurredAt: '2020-01-18T12:00:00Z',
  type: 'force_majeure_declared',
  location: { name: 'Es Sider' },
  assets: ['es-sider'],
  actors: ['noc', 'lna'],
  severity: 0.9,
  summary: 'NOC declares force majeure at Es Sider after loadings are stopped',
};

describe('live pipeline: ingestor and scorer on the real broker and PostgreSQL', () => {
  const kit = new KafkaTestKit();
  let db: { url: string; drop: () => Promise<void> };
  let ds: DataSource;
  let env: Record<string, string>;
  let topics: ReturnType<typeof topicsFor>;
  let ingestor: AppProcess;
  let scorer: AppProcess;
  let recorder: TopicRecorder;

  beforeAll(async () => {
    db = await createMigratedDatabase('pipeline');
    env = pipelineEnv(db.url);
    topics = topicsFor(env.KAFKA_TOPIC_PREFIX!);
    [ingestor, scorer] = await Promise.all([startApp('ingestor', env), startApp('scorer', env)]);
    await Promise.all([ingestor.ready(), scorer.ready()]);
    recorder = await new TopicRecorder(kit, [
      topics.assetImpacts,
      topics.riskScores,
      topics.deadLetter,
    ]).start();
    ds = await openDb(db.url);
  });

  afterAll(async () => {
    await Promise.all([ingestor?.stop(), scorer?.stop()]);
    await kit.disconnectAll();
    await ds?.destroy();
    await db?.drop();
  });

  it('a news item on the raw topic produces impacts and scores for the assets it concerns', async () => {
    const producer = await kit.producer();
    await produceRaw(producer, topics.rawEvents, [JSON.stringify(SEED_NEWS)]);
    const esSider = await eventually(() => {
      const s = recorder
        .json<RiskScoreMessage>(topics.riskScores)
        .find(
          (m) => m.assetId === 'es-sider' && m.drivers.some((d) => d.eventId.includes('pipeline-seed-1')),
        );
      expect(s).toBeDefined();
      return s!;
    });
    const impacted = new Set(recorder.json<AssetImpactsMessage>(topics.assetImpacts).map((m) => m.assetId));
    expect([...impacted]).toEqual(expect.arrayContaining(['es-sider', 'ras-lanuf', 'sharara']));
    expect(esSider).toMatchObject({
      schema: 'oil.risk.scores.v1',
      assetName: 'Es Sider',
      modelVersion: expect.any(String),
      seq: expect.any(Number),
      probability: expect.any(Number),
      expectedLossKbd: expect.any(Number),
      status: expect.any(String),
    });
    expect(esSider.score).toBeGreaterThan(0);
    // Self-describing: every published score validates against its contract.
    for (const m of recorder.json<unknown>(topics.riskScores))
      expect(() => riskScoreMessageSchema.parse(m)).not.toThrow();
    // Every message is keyed by its asset so one partition holds one asset's history in order.
    for (const m of recorder.on(topics.riskScores)) {
      expect(m.key).toBe((JSON.parse(m.value!) as RiskScoreMessage).assetId);
    }
  });

  it('a reported shut-in turns the terminal disrupted, and the score history keeps it', async () => {
    const producer = await kit.producer();
    await produceRaw(producer, topics.rawEvents, [JSON.stringify(FORCE_MAJEURE)]);
    await eventually(async () => {
      const rows: Array<{ status: string }> = await ds.query(
        `SELECT status FROM score_history WHERE asset_id = 'es-sider' ORDER BY seq DESC LIMIT 1`,
      );
      expect(rows[0]?.status).toBe('disrupted');
    });
  });

  it('malformed, oversized, unknown-kind and schema-invalid messages land in the DLQ with their reasons, and the partition keeps flowing', async () => {
    const producer = await kit.producer();
    const bad = [
      '{"kind": "news", "id": ',
      Buffer.from([0xff, 0xfe, 0x00, 0x41]),
      JSON.stringify({ kind: 'tweet', id: 'x1', text: 'hello' }),
      JSON.stringify({
        kind: 'event',
        id: 'bad-type',
        occurredAt: '2020-01-01T00:00:00Z',
        type: 'alien_landing',
        location: {},
      }),
      JSON.stringify({ ...SEED_NEWS, id: 'huge', body: 'x'.repeat(1_200_000) }),
    ];
    // Same partition as what follows: key them alike so ordering within the partition is tested.
    await producer.send({
      topic: topics.rawEvents,
      messages: [
        ...bad,
        JSON.stringify({
          ...FORCE_MAJEURE,
          id: 'after-the-poison',
          assets: ['brega'],
          location: { name: 'Brega' },
        }),
      ].map((value) => ({ key: 'same-partition', value })),
    });
    const dead = await eventually(() => {
      const d = recorder.on(topics.deadLetter);
      expect(d.length).toBeGreaterThanOrEqual(bad.length);
      return d;
    });
    const codes = dead.map((m) => m.headers[DLQ_HEADERS.code]);
    expect(codes).toEqual(
      expect.arrayContaining(['malformed_json', 'unknown_kind', 'invalid_field', 'oversized']),
    );
    for (const m of dead) {
      expect(m.headers[DLQ_HEADERS.reason]).toBeTruthy();
      expect(m.headers[DLQ_HEADERS.sourceTopic]).toBe(topics.rawEvents);
      expect(m.headers[DLQ_HEADERS.sourceOffset]).toMatch(/^\d+$/);
    }
    // The original bytes are kept as the value.
    expect(dead.some((m) => m.value === '{"kind": "news", "id": ')).toBe(true);
    await eventually(() =>
      expect(
        recorder
          .json<AssetImpactsMessage>(topics.assetImpacts)
          .some((m) => m.impacts.some((i) => i.eventId.includes('after-the-poison'))),
      ).toBe(true),
    );
    expect(ingestor.running).toBe(true);
  });

  it('a duplicate event, by id or by the same content under another id, counts once in state and history', async () => {
    const producer = await kit.producer();
    const original = {
      ...FORCE_MAJEURE,
      id: 'dup-original',
      assets: ['zueitina'],
      location: { name: 'Zueitina' },
    };
    const marker = { ...FORCE_MAJEURE, id: 'dup-marker', assets: ['hariga'], location: { name: 'Hariga' } };
    // One key, so one partition: "first" is well defined.
    const send = (values: object[]) =>
      producer.send({
        topic: topics.rawEvents,
        messages: values.map((v) => ({ key: 'dup', value: JSON.stringify(v) })),
      });
    await send([original]);
    await send([original, { ...original, id: 'dup-copy' }]);
    await send([marker]);
    await eventually(async () => {
      const rows: Array<{ n: string }> = await ds.query(
        `SELECT count(*) AS n FROM events WHERE id LIKE '%dup-marker%'`,
      );
      expect(Number(rows[0]?.n)).toBe(1);
    });
    const events: Array<{ id: string }> = await ds.query(
      `SELECT id FROM events WHERE id LIKE '%dup-%' ORDER BY id`,
    );
    expect(events.map((e) => e.id).filter((id) => !id.includes('marker'))).toHaveLength(1);
    const copies: Array<{ n: string }> = await ds.query(
      `SELECT count(*) AS n FROM impacts WHERE event_id LIKE '%dup-copy%'`,
    );
    expect(Number(copies[0]?.n)).toBe(0);
    await eventually(async () => {
      const stored: Array<{ n: string }> = await ds.query(
        `SELECT count(*) AS n FROM impacts WHERE event_id = 'event:dup-original' AND asset_id = 'zueitina'`,
      );
      const state: Array<{ state: { contributions: Array<{ eventId: string }> } }> = await ds.query(
        `SELECT state FROM asset_state WHERE asset_id = 'zueitina'`,
      );
      const applied = state[0]?.state.contributions.filter((c) => c.eventId === 'event:dup-original') ?? [];
      expect(Number(stored[0]?.n)).toBeGreaterThan(0);
      // Each of the original's impacts on Zueitina is applied once, the copy's never.
      expect(applied).toHaveLength(Number(stored[0]?.n));
      expect(state[0]?.state.contributions.some((c) => c.eventId.includes('dup-copy'))).toBe(false);
    });
  });

  it('each app exposes Prometheus metrics: consumer lag and processed, rejected and duplicate counts', async () => {
    // Counted once the batch's Kafka transaction has committed, which can be a moment after
    // its events are in the database (what the tests above wait for).
    await eventually(async () => {
      const text = await (await fetch(ingestor.url('/metrics'))).text();
      for (const outcome of ['accepted', 'rejected', 'duplicate']) {
        expect(text).toMatch(
          new RegExp(`crescent_messages_total\\{topic="${topics.rawEvents}",outcome="${outcome}"\\} [1-9]`),
        );
      }
      expect(text).toMatch(
        new RegExp(`crescent_consumer_lag_messages\\{topic="${topics.rawEvents}",partition="\\d+"\\} \\d+`),
      );
    });
    await eventually(async () => {
      const scorerText = await (await fetch(scorer.url('/metrics'))).text();
      expect(scorerText).toMatch(/crescent_messages_total\{topic="[^"]+",outcome="applied"\} [1-9]/);
      expect(scorerText).toMatch(/crescent_published_total\{topic="oil.risk.scores.v1"\} [1-9]/);
      expect(scorerText).toMatch(/crescent_consumer_lag_messages\{/);
    });
  });
});
