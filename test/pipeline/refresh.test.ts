import { TOPICS, type AssetImpactsMessage, type RiskScoreMessage } from '@crescent/contracts';
import { createMigratedDatabase, pipelineEnv, startApp } from '../support/apps';
import { eventually } from '../support/eventually';
import { KafkaTestKit } from '../support/kafka';
import { TopicRecorder, topicsFor } from '../support/pipeline';

describe('scorer schedule: consumers see risk fade without new events', () => {
  const kit = new KafkaTestKit();
  const cleanups: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
    await kit.disconnectAll();
  });

  it('decayed scores are re-published on the configured schedule, each with the next seq', async () => {
    const db = await createMigratedDatabase('refresh');
    cleanups.push(() => db.drop());
    const env: Record<string, string> = {
      ...pipelineEnv(db.url),
      SCORER_CLOCK: 'wall',
      SCORE_REFRESH_INTERVAL_MS: '700',
    };
    const topics = topicsFor(env.KAFKA_TOPIC_PREFIX!);
    const scorer = await startApp('scorer', env, 'refresh-scorer');
    cleanups.push(() => scorer.stop());
    await scorer.ready();
    const recorder = await new TopicRecorder(kit, [topics.riskScores]).start();
    const impact: AssetImpactsMessage = {
      schema: TOPICS.assetImpacts,
      assetId: 'es-sider',
      impacts: [
        {
          eventId: 'event:refresh-1',
          eventType: 'facility_attack',
          channel: 'direct',
          intensity: 2,
          at: new Date(Date.now() - 3_600_000).toISOString(),
          explanation: 'test attack on Es Sider',
          event: { source: 'test', kind: 'event', summary: 'attack' },
        },
      ],
    };
    const producer = await kit.producer();
    await producer.send({
      topic: topics.assetImpacts,
      messages: [{ key: 'es-sider', value: JSON.stringify(impact) }],
    });

    const series = await eventually(
      () => {
        // From the first score the impact is part of (refreshes before it arrived score the bare baseline).
        const all = recorder
          .json<RiskScoreMessage>(topics.riskScores)
          .filter((m) => m.assetId === 'es-sider');
        const from = all.findIndex((m) => m.drivers.some((d) => d.eventId === 'event:refresh-1'));
        expect(from).toBeGreaterThanOrEqual(0);
        const s = all.slice(from);
        expect(s.length).toBeGreaterThanOrEqual(4);
        return s;
      },
      { timeoutMs: 30_000 },
    );
    const seqs = series.map((m) => m.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    const first = series[0]!;
    const last = series[series.length - 1]!;
    expect(Date.parse(last.asOf)).toBeGreaterThan(Date.parse(first.asOf));
    expect(last.score).toBeLessThan(first.score);
    expect(last.drivers.map((d) => d.eventId)).toContain('event:refresh-1');
  });

  it('on the wall clock, an impact dated in 2099 does not move the scores there: present risk stays', async () => {
    const db = await createMigratedDatabase('clock');
    cleanups.push(() => db.drop());
    const env: Record<string, string> = { ...pipelineEnv(db.url), SCORER_CLOCK: 'wall' };
    const topics = topicsFor(env.KAFKA_TOPIC_PREFIX!);
    const scorer = await startApp('scorer', env, 'clock-scorer');
    cleanups.push(() => scorer.stop());
    await scorer.ready();
    const recorder = await new TopicRecorder(kit, [topics.riskScores]).start();
    const message = (eventId: string, at: string): string =>
      JSON.stringify({
        schema: TOPICS.assetImpacts,
        assetId: 'mellitah',
        impacts: [
          {
            eventId,
            eventType: 'facility_attack',
            channel: 'direct',
            intensity: 1,
            at,
            explanation: `test attack on Mellitah (${eventId})`,
            event: { source: 'test', kind: 'event', summary: 'attack' },
          },
        ],
      } satisfies AssetImpactsMessage);
    const producer = await kit.producer();
    // One impact from a feed with a wrong year, then a real one: before the fix every score
    // after the first was computed in 2099, where the real attack had decayed to nothing.
    await producer.send({
      topic: topics.assetImpacts,
      messages: [{ key: 'mellitah', value: message('event:year-2099', '2099-06-01T00:00:00Z') }],
    });
    await producer.send({
      topic: topics.assetImpacts,
      messages: [
        { key: 'mellitah', value: message('event:now', new Date(Date.now() - 60_000).toISOString()) },
      ],
    });
    const score = await eventually(
      () => {
        const s = recorder
          .json<RiskScoreMessage>(topics.riskScores)
          .find((m) => m.assetId === 'mellitah' && m.drivers.some((d) => d.eventId === 'event:now'));
        expect(s).toBeDefined();
        return s!;
      },
      { timeoutMs: 30_000 },
    );
    expect(Math.abs(Date.parse(score.asOf) - Date.now())).toBeLessThan(10 * 60_000);
    expect(score.drivers.map((d) => d.eventId)).not.toContain('event:year-2099');
    for (const m of recorder.json<RiskScoreMessage>(topics.riskScores))
      expect(Date.parse(m.asOf)).toBeLessThan(Date.parse('2030-01-01T00:00:00Z'));
  });
});
