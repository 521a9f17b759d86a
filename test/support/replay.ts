import type { DataSource } from 'typeorm';
import { assetImpactsMessageSchema, fromImpactsMessage } from '@crescent/contracts';
import {
  applyImpact,
  DEFAULT_MODEL_PARAMS,
  emptyAssetState,
  LIBYA_REGISTRY,
  type AssetState,
  type Impact,
} from '@crescent/domain';
import { eventually } from './eventually';
import { type KafkaTestKit, uniqueName } from './kafka';

/**
 * Every data message of a topic, from the beginning until it has been quiet for
 * `quietMs`, per partition in offset order. (Offsets alone cannot say when a topic has
 * been read: transactional producers leave commit markers that take offsets too.)
 */
export async function readWholeTopic(
  kit: KafkaTestKit,
  topic: string,
  quietMs = 2_000,
): Promise<Array<{ partition: number; offset: string; value: string }>> {
  const seen: Array<{ partition: number; offset: string; value: string }> = [];
  let lastArrival = Date.now();
  const consumer = await kit.consumer({ groupId: uniqueName('replay') });
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachMessage: ({ partition, message }) => {
      seen.push({ partition, offset: message.offset, value: message.value?.toString() ?? '' });
      lastArrival = Date.now();
      return Promise.resolve();
    },
  });
  await eventually(() => expect(Date.now() - lastArrival).toBeGreaterThanOrEqual(quietMs), {
    timeoutMs: 120_000,
    intervalMs: 200,
  });
  await consumer.stop();
  return seen.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
}

/** The impacts in impact messages (JSON texts, in topic order), in order. */
export function impactsIn(values: Iterable<string>): Impact[] {
  const impacts: Impact[] = [];
  for (const value of values) {
    for (const impact of fromImpactsMessage(assetImpactsMessageSchema.parse(JSON.parse(value))))
      impacts.push(impact);
  }
  return impacts;
}

/** The asset states one clean pass over impact messages (JSON texts, in topic order) gives. */
export function replayImpacts(values: Iterable<string>): Map<string, AssetState> {
  const states = new Map<string, AssetState>();
  for (const impact of impactsIn(values)) {
    const asset = LIBYA_REGISTRY.get(impact.assetId);
    if (!asset) continue;
    states.set(
      asset.id,
      applyImpact(states.get(asset.id) ?? emptyAssetState(asset.id), impact, asset, DEFAULT_MODEL_PARAMS),
    );
  }
  return states;
}

/** Every impact on the impacts topic, in topic order (each message holds one asset's). */
export async function publishedImpacts(kit: KafkaTestKit, impactsTopic: string): Promise<Impact[]> {
  return impactsIn((await readWholeTopic(kit, impactsTopic)).map((m) => m.value));
}

/** The asset states a single clean pass over the impacts topic gives: what the scorer must hold. */
export async function cleanReplay(kit: KafkaTestKit, impactsTopic: string): Promise<Map<string, AssetState>> {
  return replayImpacts((await readWholeTopic(kit, impactsTopic)).map((m) => m.value));
}

/** Asset states as the scorer stored them (assets it has applied impacts to). */
export async function storedAssetStates(ds: DataSource): Promise<Map<string, AssetState>> {
  const rows: Array<{ asset_id: string; state: AssetState }> = await ds.query(
    `SELECT asset_id, state FROM asset_state WHERE state ? 'contributions' AND (state->>'impactCount')::int > 0`,
  );
  return new Map(rows.map((r) => [r.asset_id, r.state]));
}

/** How many impacts the scorer has applied, by its stored states (each counts what it applied). */
export async function appliedImpacts(ds: DataSource): Promise<number> {
  const rows: Array<{ n: string | null }> = await ds.query(
    `SELECT sum((state->>'impactCount')::int)::text AS n FROM asset_state WHERE state ? 'impactCount'`,
  );
  return Number(rows[0]?.n ?? 0);
}

/** How many impact messages the scorer group has consumed, by the offsets stored with its state (markers included). */
export async function consumedInDatabase(ds: DataSource, groupId: string, topic: string): Promise<number> {
  const rows: Array<{ n: string | null }> = await ds.query(
    `SELECT sum(next_offset)::text AS n FROM consumer_offsets WHERE group_id = $1 AND topic = $2`,
    [groupId, topic],
  );
  return Number(rows[0]?.n ?? 0);
}

/** Per asset, the published seqs are 1..n with no gap and no repeat: nothing lost, nothing doubled. */
export async function seqGaps(ds: DataSource): Promise<Array<{ asset_id: string; n: string; max: string }>> {
  return ds.query(
    `SELECT asset_id, count(*)::text AS n, max(seq)::text AS max FROM score_history
      GROUP BY asset_id HAVING count(*) <> max(seq) OR count(DISTINCT seq) <> count(*)`,
  );
}
