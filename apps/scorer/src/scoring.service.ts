import { Inject, Injectable, Logger } from '@nestjs/common';
import { DateTime } from 'luxon';
import { DataSource, type EntityManager } from 'typeorm';
import { assetImpactsMessageSchema, DLQ_HEADERS, fromImpactsMessage, TOPICS } from '@crescent/contracts';
import {
  applyImpact,
  DEFAULT_MODEL_PARAMS,
  emptyAssetState,
  LIBYA_REGISTRY,
  MODEL_VERSION,
  NATIONAL_ASSET_ID,
  scoreAsset,
  scoreDependents,
  scoreNational,
  type AssetScore,
  type AssetState,
  type Impact,
} from '@crescent/domain';
import { GroupCommit, type IdempotentPublisher, type KafkaBatch, type OutgoingRecord } from '@crescent/kafka';
import {
  ScorerStateRepository,
  StoredStates,
  type AlertRow,
  type AssetStateUpdate,
  type LockedAssetRow,
  type SavedState,
  type ScoreRow,
} from '@crescent/persistence';
import { MetricsService } from '@crescent/runtime';
import { OutboxRelay } from './outbox-relay.service';
import { SCORER_CONFIG, SCORER_PUBLISHER } from './scorer.tokens';
import { scoringInstant, watermarkToStore } from './scoring-clock';
import type { ScorerConfig } from '@crescent/config';

const registry = LIBYA_REGISTRY;
const params = DEFAULT_MODEL_PARAMS;
/** Serialises whole-registry refreshes across instances (pg_try_advisory_xact_lock key). */
const REFRESH_LOCK_KEY = 0x63726573; // "cres"

/** One impacts message: its offset and the impacts it carries (all on one asset). */
interface ParsedMessage {
  readonly offset: string;
  readonly impacts: readonly Impact[];
}

/** A batch for the group transaction (see `applyGroup`). */
interface PendingBatch {
  readonly batch: KafkaBatch;
  readonly parsed: readonly ParsedMessage[];
  /** The partition's next offset once this batch is applied. */
  readonly next: bigint;
}

function toState(assetId: string, stored: Record<string, unknown> | undefined): AssetState {
  return stored && Array.isArray(stored.contributions)
    ? (stored as unknown as AssetState)
    : emptyAssetState(assetId);
}

/**
 * The scorer's use case. Exactly once in effect, by offsets stored with the state:
 * one PostgreSQL transaction (shared by the batches of partitions consumed at the same
 * time, see `applyGroup`) locks the partition's offset row, skips what was already
 * applied, applies the rest to the asset states in offset order, writes the new
 * states, the score history (which is also the outbox) and the next offset, and
 * commits. Only then does the relay put the committed rows on Kafka. A crash anywhere
 * before the commit leaves nothing behind; after it, the relay publishes on restart
 * (at least once, told apart by the per-asset `seq`). The offset row lock also keeps
 * two instances that briefly both hold a partition during a rebalance from applying
 * the same impact twice.
 */
@Injectable()
export class ScoringService {
  private readonly logger = new Logger(ScoringService.name);
  private readonly repo = new ScorerStateRepository();
  /** The states this instance last read or committed, so unchanged ones are not read again. */
  private readonly states = new StoredStates();
  /** Batches of partitions consumed at the same time share a transaction; one per partition. */
  private readonly group = new GroupCommit<PendingBatch, number>(
    (batches) => this.applyGroup(batches),
    (p) => `${p.batch.topic}/${p.batch.partition}`,
  );

  constructor(
    private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
    private readonly metrics: MetricsService,
    @Inject(SCORER_PUBLISHER) private readonly publisher: IdempotentPublisher,
    @Inject(SCORER_CONFIG) private readonly config: ScorerConfig,
  ) {}

  async applyBatch(batch: KafkaBatch): Promise<void> {
    const end = this.metrics.batchSeconds.startTimer({ topic: batch.topic });
    const parsed: ParsedMessage[] = [];
    const invalid: OutgoingRecord[] = [];
    for (const m of batch.messages) {
      const impacts = this.parse(m.value);
      if (typeof impacts === 'string') {
        invalid.push(this.deadLetter(batch, m.offset, m.value, impacts));
      } else parsed.push({ offset: m.offset, impacts });
    }
    // Impacts come from our own ingestor, so these are rare; dead letters are at least once.
    if (invalid.length > 0) await this.publisher.publish(invalid);

    const last = batch.messages[batch.messages.length - 1];
    if (!last) return;
    const applied = await this.group.submit({ batch, parsed, next: BigInt(last.offset) + 1n });
    this.metrics.messages.inc({ topic: batch.topic, outcome: 'applied' }, applied);
    this.metrics.messages.inc({ topic: batch.topic, outcome: 'skipped' }, parsed.length - applied);
    this.metrics.messages.inc({ topic: batch.topic, outcome: 'rejected' }, invalid.length);
    end();
    await this.relay.flush();
  }

  /**
   * One transaction for a group of batches (distinct partitions of one group): locks their
   * offset rows, skips what was already applied, applies the rest (each partition's impacts
   * in offset order; partitions hold distinct assets, so their order does not matter),
   * scores once, and stores every partition's next offset. A partition whose stored offset
   * is beyond its end is left out and gets its error; the others commit.
   */
  private async applyGroup(group: readonly PendingBatch[]): Promise<Array<number | Error>> {
    let written: SavedState[] | undefined;
    const outcomes = await this.dataSource.transaction(async (m) => {
      const groupId = (group[0] as PendingBatch).batch.groupId;
      const stored = await this.repo.lockPartitions(
        m,
        groupId,
        group.map((p) => p.batch),
      );
      const fresh: Impact[] = [];
      const saves: Array<{ topic: string; partition: number; next: bigint }> = [];
      const outcomes = group.map(({ batch, parsed, next: after }): number | Error => {
        const { topic, partition } = batch;
        const next = stored.get(`${topic}/${partition}`) ?? 0n;
        if (next > batch.highWatermark) return new StoredOffsetBeyondEndError(batch, next);
        const mine = parsed.filter((p) => BigInt(p.offset) >= next);
        for (const p of mine) for (const impact of p.impacts) fresh.push(impact);
        if (after > next) saves.push({ topic, partition, next: after });
        return mine.length;
      });
      if (fresh.length > 0) written = await this.applyAndScore(m, fresh);
      await this.repo.saveOffsets(m, groupId, saves);
      return outcomes;
    });
    // Committed: what it wrote is the stored state now (until someone writes again).
    if (written !== undefined) this.states.rememberSaved(written);
    return outcomes;
  }

  /** Re-scores every asset at the current clock, so consumers see risk fade without new events. */
  async refreshAll(): Promise<boolean> {
    const written = await this.dataSource.transaction(async (m) => {
      const rows: Array<{ locked: boolean }> = await m.query(
        `SELECT pg_try_advisory_xact_lock($1) AS locked`,
        [REFRESH_LOCK_KEY],
      );
      if (rows[0]?.locked !== true) return undefined;
      return this.scoreAndRecord(
        m,
        registry.assets.map((a) => a.id),
        new Map(),
        undefined,
      );
    });
    if (written === undefined) return false;
    this.states.rememberSaved(written);
    await this.relay.flush();
    return true;
  }

  private parse(value: Buffer | null): Impact[] | string {
    if (value === null) return 'empty message value';
    let json: unknown;
    try {
      json = JSON.parse(value.toString('utf8'));
    } catch {
      return 'value is not JSON';
    }
    const r = assetImpactsMessageSchema.safeParse(json);
    if (!r.success)
      return `not an ${TOPICS.assetImpacts} message: ${r.error.issues[0]?.message ?? 'invalid'}`;
    const msg = r.data;
    if (!registry.get(msg.assetId)) return `unknown asset id "${msg.assetId}"`;
    return fromImpactsMessage(msg);
  }

  private deadLetter(
    batch: KafkaBatch,
    offset: string,
    value: Buffer | null,
    reason: string,
  ): OutgoingRecord {
    this.logger.warn(`dead-lettered ${batch.topic}/${batch.partition}@${offset}: ${reason}`);
    return {
      topic: TOPICS.deadLetter,
      message: {
        value,
        headers: {
          [DLQ_HEADERS.reason]: reason,
          [DLQ_HEADERS.code]: 'invalid_field',
          [DLQ_HEADERS.sourceTopic]: batch.topic,
          [DLQ_HEADERS.sourcePartition]: String(batch.partition),
          [DLQ_HEADERS.sourceOffset]: offset,
        },
      },
    };
  }

  private async applyAndScore(m: EntityManager, fresh: readonly Impact[]): Promise<SavedState[]> {
    // Loops rather than callbacks made anew per batch (see byWeightThenEventId in asset-score.ts).
    const impacted = new Set<string>();
    for (const impact of fresh) impacted.add(impact.assetId);
    const rescored = new Set<string>();
    for (const id of impacted) for (const d of scoreDependents(registry, id)) rescored.add(d);
    const changed = new Map<string, AssetState>();
    let latest = 0;
    // Locked and read once per batch; scoreAndRecord scores from the same rows.
    const locked = await this.repo.lockAssets(m, [...rescored], MODEL_VERSION);
    const stored = await this.repo.readAllStates(m, this.states);
    for (const impact of fresh) {
      const asset = registry.get(impact.assetId);
      if (!asset) continue;
      const before = changed.get(asset.id) ?? toState(asset.id, stored.get(asset.id));
      changed.set(asset.id, applyImpact(before, impact, asset, params));
      latest = Math.max(latest, impact.at.toMillis());
    }
    const watermarkMs = await this.repo.advanceWatermark(
      m,
      this.config.SCORER_GROUP_ID,
      watermarkToStore(this.config.SCORER_CLOCK, Date.now(), latest),
    );
    return this.scoreAndRecord(m, [...rescored], changed, latest, { locked, stored, watermarkMs });
  }

  /**
   * Scores `assetIds` (rows locked and states read by the caller in `read`, or here) and the national aggregate at
   * the clock, and records states, history and alerts in the caller's transaction. Returns
   * the states written, for `StoredStates` once that transaction has committed.
   */
  private async scoreAndRecord(
    m: EntityManager,
    assetIds: readonly string[],
    changed: ReadonlyMap<string, AssetState>,
    latestImpactMs: number | undefined,
    read?: {
      locked: readonly LockedAssetRow[];
      stored: ReadonlyMap<string, Record<string, unknown>>;
      /** The group's watermark as this transaction just moved it. */
      watermarkMs: number;
    },
  ): Promise<SavedState[]> {
    const locked = new Map<string, LockedAssetRow>();
    for (const r of read?.locked ?? (await this.repo.lockAssets(m, assetIds, MODEL_VERSION)))
      locked.set(r.assetId, r);
    const stored = read?.stored ?? (await this.repo.readAllStates(m, this.states));
    const stateOf = (id: string): AssetState => changed.get(id) ?? toState(id, stored.get(id));
    const asOf = await this.clock(m, latestImpactMs, read?.watermarkMs);
    const asOfIso = asOf.toISO() ?? '';

    const scores: ScoreRow[] = [];
    const alerts: AlertRow[] = [];
    const updates: AssetStateUpdate[] = [];
    for (const id of [...locked.keys()].sort()) {
      const asset = registry.get(id);
      const row = locked.get(id);
      if (!asset || !row) continue;
      const s = scoreAsset(stateOf(id), asset, asOf, params, registry, stateOf);
      const seq = row.seq + 1;
      scores.push(this.scoreRow(s, seq, null));
      if (s.status !== row.lastStatus) alerts.push(this.alertRow(id, seq, asOfIso, row.lastStatus, s));
      updates.push({
        assetId: id,
        state: stateOf(id),
        seq,
        lastStatus: s.status,
        modelVersion: MODEL_VERSION,
      });
    }
    const fieldScores: AssetScore[] = [];
    for (const a of registry.assets)
      if (a.kind === 'field') fieldScores.push(scoreAsset(stateOf(a.id), a, asOf, params, registry, stateOf));
    const national = scoreNational(fieldScores, registry, asOf, params);
    // Locked last and held only for the final writes: every batch updates the national row.
    const [ly] = await this.repo.lockAssets(m, [NATIONAL_ASSET_ID], MODEL_VERSION);
    if (ly) {
      const seq = ly.seq + 1;
      scores.push(
        this.scoreRow(national, seq, {
          lossShare: national.lossShare,
          p10Kbd: national.p10Kbd,
          p50Kbd: national.p50Kbd,
          p90Kbd: national.p90Kbd,
          disruptedKbd: national.disruptedKbd,
        }),
      );
      if (national.status !== ly.lastStatus) {
        alerts.push(this.alertRow(NATIONAL_ASSET_ID, seq, asOfIso, ly.lastStatus, national));
      }
      updates.push({
        assetId: NATIONAL_ASSET_ID,
        state: {},
        seq,
        lastStatus: national.status,
        modelVersion: MODEL_VERSION,
      });
    }
    const saved = await this.repo.saveAssets(m, updates);
    await this.repo.insertScores(m, scores);
    await this.repo.insertAlerts(m, alerts);
    return saved;
  }

  /** The instant scores are computed at (see SCORER_CLOCK). The wall clock is read here, never in the domain. */
  private async clock(
    m: EntityManager,
    latestImpactMs: number | undefined,
    knownWatermarkMs?: number,
  ): Promise<DateTime> {
    const watermark =
      knownWatermarkMs ?? (await this.repo.readWatermark(m, this.config.SCORER_GROUP_ID)) ?? 0;
    const ms = scoringInstant(this.config.SCORER_CLOCK, Date.now(), watermark, latestImpactMs ?? 0);
    return DateTime.fromMillis(ms, { zone: 'utc' });
  }

  private scoreRow(
    s: Pick<
      AssetScore,
      | 'assetId'
      | 'asOf'
      | 'score'
      | 'pDisruption'
      | 'expectedLossKbd'
      | 'baselineKbd'
      | 'status'
      | 'drivers'
      | 'modelVersion'
    >,
    seq: number,
    detail: Record<string, number> | null,
  ): ScoreRow {
    return {
      assetId: s.assetId,
      seq,
      asOf: s.asOf,
      score: s.score,
      pDisruption: s.pDisruption,
      expectedLossKbd: s.expectedLossKbd,
      baselineKbd: s.baselineKbd,
      status: s.status,
      drivers: s.drivers,
      detail,
      modelVersion: s.modelVersion,
    };
  }

  private alertRow(
    assetId: string,
    seq: number,
    asOf: string,
    previousStatus: string,
    s: Pick<AssetScore, 'status' | 'score' | 'expectedLossKbd' | 'drivers' | 'modelVersion'>,
  ): AlertRow {
    return {
      assetId,
      seq,
      asOf,
      previousStatus,
      status: s.status,
      score: s.score,
      expectedLossKbd: s.expectedLossKbd,
      drivers: s.drivers,
      modelVersion: s.modelVersion,
    };
  }
}

/**
 * The state says the partition was applied up to `next`, but the partition ends before it:
 * the topic was deleted and created again (or its log lost) since the state was written.
 * Skipping "already applied" offsets would then drop the new topic's messages silently, so
 * the batch fails instead: the partition stalls, retried with backoff, and this is logged
 * each time until an operator decides (replay into a fresh database, or delete the group's
 * rows in `consumer_offsets` to apply the new topic from its start).
 */
export class StoredOffsetBeyondEndError extends Error {
  constructor(batch: Pick<KafkaBatch, 'groupId' | 'topic' | 'partition' | 'highWatermark'>, next: bigint) {
    super(
      `stored offset ${next} for ${batch.topic}[${batch.partition}] (group ${batch.groupId}) is beyond ` +
        `the partition's end ${batch.highWatermark}: the topic was recreated or truncated after this ` +
        `state was written; refusing to skip its messages as already applied`,
    );
    this.name = 'StoredOffsetBeyondEndError';
  }
}
