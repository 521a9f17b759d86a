import type { EntityManager } from 'typeorm';
import { chunks, placeholders } from './sql';

export interface LockedAssetRow {
  readonly assetId: string;
  readonly seq: number;
  readonly lastStatus: string;
}

export interface AssetStateUpdate {
  readonly assetId: string;
  readonly state: unknown;
  readonly seq: number;
  readonly lastStatus: string;
  readonly modelVersion: string;
}

export interface ScoreRow {
  readonly assetId: string;
  readonly seq: number;
  readonly asOf: string;
  readonly score: number;
  readonly pDisruption: number;
  readonly expectedLossKbd: number;
  readonly baselineKbd: number;
  readonly status: string;
  readonly drivers: unknown;
  readonly detail: unknown;
  readonly modelVersion: string;
}

export interface AlertRow {
  readonly assetId: string;
  readonly seq: number;
  readonly asOf: string;
  readonly previousStatus: string;
  readonly status: string;
  readonly score: number;
  readonly expectedLossKbd: number;
  readonly drivers: unknown;
  readonly modelVersion: string;
}

/**
 * Which version of an `asset_state` row a state belongs to: its `seq`, which every write
 * raises under the row's lock, and its `updated_at` in epoch microseconds, which tells a
 * row deleted and made again from the one before. Decimal strings, as PostgreSQL gives them.
 */
export interface StateVersion {
  readonly seq: string;
  readonly at: string;
}

/** A state with the version of the row it was read from or written as. */
export interface VersionedState {
  readonly version: StateVersion;
  readonly state: Record<string, unknown>;
}

/** A state `saveAssets` wrote, as it now stands in its row. */
export interface SavedState extends VersionedState {
  readonly assetId: string;
}

/** The `updated_at` of an `asset_state` row in epoch microseconds, the row named `s`, and `t`. */
const S_VERSION_AT = `(extract(epoch FROM s.updated_at) * 1000000)::bigint`;
const T_VERSION_AT = `(extract(epoch FROM t.updated_at) * 1000000)::bigint`;

/**
 * Asset states as last read or written by this process, each with the version of the row
 * it was read from or written as. A version names one content for good, so an entry is
 * never wrong, only out of date, and `readAllStates` sends a state only when its version
 * differs: otherwise a scorer reads back every state in every transaction, mostly the ones
 * it wrote itself (about 340 KB of JSON per transaction in `npm run bench`). Writes are added
 * only once their transaction has committed (`rememberSaved`): a version that was rolled
 * back names nothing.
 */
export class StoredStates {
  private readonly byId = new Map<string, VersionedState>();

  /** The entries as they are now (another transaction may add to them while a read is out). */
  snapshot(): ReadonlyMap<string, VersionedState> {
    return new Map(this.byId);
  }

  remember(assetId: string, version: StateVersion, state: Record<string, unknown>): void {
    this.byId.set(assetId, { version, state });
  }

  /** What a committed transaction wrote, as `saveAssets` returned it. */
  rememberSaved(saved: readonly SavedState[]): void {
    for (const { assetId, version, state } of saved) this.remember(assetId, version, state);
  }
}

/**
 * The scorer's tables. Every method takes the transaction's EntityManager: state,
 * offsets, history and alerts of one batch commit together or not at all.
 */
export class ScorerStateRepository {
  /**
   * Locks these partitions' offset rows (serialising any two instances that both think
   * they own one; in key order, so two lockers never deadlock) and returns the next offset
   * to apply for each, keyed `topic/partition`.
   */
  async lockPartitions(
    m: EntityManager,
    groupId: string,
    partitions: ReadonlyArray<{ topic: string; partition: number }>,
  ): Promise<Map<string, bigint>> {
    const keys = [...new Map(partitions.map((p) => [`${p.topic}/${p.partition}`, p])).values()].sort(
      (a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition),
    );
    const next = new Map<string, bigint>();
    if (keys.length === 0) return next;
    // One statement inserts missing rows and locks all of them, in key order (ON CONFLICT DO
    // UPDATE locks the existing row; setting a column to itself changes nothing).
    const rows: Array<{ topic: string; partition: number; next_offset: string }> = await m.query(
      `INSERT INTO consumer_offsets AS o (group_id, topic, partition, next_offset)
       SELECT $1, t, p, 0 FROM unnest($2::text[], $3::int[]) AS u(t, p) ORDER BY t, p
       ON CONFLICT (group_id, topic, partition) DO UPDATE SET next_offset = o.next_offset
       RETURNING o.topic, o.partition, o.next_offset::text AS next_offset`,
      [groupId, keys.map((k) => k.topic), keys.map((k) => k.partition)],
    );
    for (const r of rows) next.set(`${r.topic}/${r.partition}`, BigInt(r.next_offset));
    return next;
  }

  /** Stores the next offset to apply for each partition (rows locked by `lockPartitions`). */
  async saveOffsets(
    m: EntityManager,
    groupId: string,
    offsets: ReadonlyArray<{ topic: string; partition: number; next: bigint }>,
  ): Promise<void> {
    if (offsets.length === 0) return;
    await m.query(
      `UPDATE consumer_offsets o SET next_offset = u.n, updated_at = now()
         FROM unnest($2::text[], $3::int[], $4::bigint[]) AS u(t, p, n)
        WHERE o.group_id = $1 AND o.topic = u.t AND o.partition = u.p`,
      [
        groupId,
        offsets.map((o) => o.topic),
        offsets.map((o) => o.partition),
        offsets.map((o) => o.next.toString()),
      ],
    );
  }

  /** Stored offsets for the given partitions (those never processed are absent). */
  async readOffsets(
    m: EntityManager,
    groupId: string,
    partitions: ReadonlyArray<{ topic: string; partition: number }>,
  ): Promise<Array<{ topic: string; partition: number; offset: string }>> {
    if (partitions.length === 0) return [];
    const rows: Array<{ topic: string; partition: number; next_offset: string }> = await m.query(
      `SELECT topic, partition, next_offset::text AS next_offset FROM consumer_offsets
        WHERE group_id = $1 AND (topic, partition) IN (SELECT * FROM unnest($2::text[], $3::int[]))`,
      [groupId, partitions.map((p) => p.topic), partitions.map((p) => p.partition)],
    );
    return rows.map((r) => ({ topic: r.topic, partition: r.partition, offset: r.next_offset }));
  }

  /** Locks the rows of `assetIds` in id order (no deadlocks between instances), creating missing ones. */
  async lockAssets(
    m: EntityManager,
    assetIds: readonly string[],
    modelVersion: string,
  ): Promise<LockedAssetRow[]> {
    const ids = [...new Set(assetIds)].sort();
    if (ids.length === 0) return [];
    // Missing rows inserted and all of them locked in one statement, in id order. Not the
    // state: readAllStates, after this, reads it (the lock makes it current).
    const rows: Array<{
      asset_id: string;
      seq: string;
      last_status: string;
    }> = await m.query(
      `INSERT INTO asset_state AS s (asset_id, state, seq, model_version)
       SELECT id, '{}'::jsonb, 0, $2 FROM unnest($1::text[]) AS id ORDER BY id
       ON CONFLICT (asset_id) DO UPDATE SET seq = s.seq
       RETURNING s.asset_id, s.seq::text AS seq, s.last_status`,
      [ids, modelVersion],
    );
    return rows.map((r) => ({
      assetId: r.asset_id,
      seq: Number(r.seq),
      lastStatus: r.last_status,
    }));
  }

  /**
   * Every stored state, unlocked: the committed view of assets other instances own. Only
   * the states `known` does not hold at their current version travel: the others come
   * from it. What was read is added to it.
   */
  async readAllStates(
    m: EntityManager,
    known: StoredStates = new StoredStates(),
  ): Promise<Map<string, Record<string, unknown>>> {
    const asked = known.snapshot();
    const ids: string[] = [];
    const seqs: string[] = [];
    const ats: string[] = [];
    for (const [id, { version }] of asked) {
      ids.push(id);
      seqs.push(version.seq);
      ats.push(version.at);
    }
    const rows: Array<{
      asset_id: string;
      seq: string;
      version_at: string;
      state: Record<string, unknown> | null;
    }> = await m.query(
      `SELECT s.asset_id, s.seq::text AS seq, ${S_VERSION_AT}::text AS version_at,
                CASE WHEN k.seq = s.seq AND k.at = ${S_VERSION_AT} THEN NULL ELSE s.state END AS state
           FROM asset_state s
           LEFT JOIN unnest($1::text[], $2::bigint[], $3::bigint[]) AS k(id, seq, at) ON k.id = s.asset_id`,
      [ids, seqs, ats],
    );
    const out = new Map<string, Record<string, unknown>>();
    for (const r of rows) {
      // NULL only where the row is at the version asked about.
      const state = r.state ?? asked.get(r.asset_id)?.state;
      if (state === undefined) throw new Error(`asset_state ${r.asset_id}: no state sent or known`);
      if (r.state !== null) known.remember(r.asset_id, { seq: r.seq, at: r.version_at }, r.state);
      out.set(r.asset_id, state);
    }
    return out;
  }

  /** Writes states (rows locked by `lockAssets`); returns each with the version its row is at now. */
  async saveAssets(m: EntityManager, updates: readonly AssetStateUpdate[]): Promise<SavedState[]> {
    const saved: SavedState[] = [];
    const states = new Map(updates.map((u) => [u.assetId, u.state as Record<string, unknown>]));
    for (const part of chunks(updates)) {
      const params: unknown[] = [];
      for (const u of part)
        params.push(u.assetId, JSON.stringify(u.state), u.seq, u.lastStatus, u.modelVersion);
      const rows: Array<{ asset_id: string; seq: string; version_at: string }> = await m.query(
        // In a WITH, so that the rows come back as a SELECT's (TypeORM gives an UPDATE's
        // RETURNING rows as a [rows, count] pair).
        `WITH saved AS (
           UPDATE asset_state AS t
              SET state = v.state, seq = v.seq, last_status = v.last_status, model_version = v.model_version,
                  updated_at = now()
             FROM (VALUES ${placeholders(part.length, 5, ['text', 'jsonb', 'bigint', 'text', 'text'])})
                  AS v(asset_id, state, seq, last_status, model_version)
            WHERE t.asset_id = v.asset_id
           RETURNING t.asset_id, t.seq::text AS seq, ${T_VERSION_AT}::text AS version_at)
         SELECT * FROM saved`,
        params,
      );
      for (const r of rows) {
        const state = states.get(r.asset_id);
        if (state !== undefined)
          saved.push({ assetId: r.asset_id, version: { seq: r.seq, at: r.version_at }, state });
      }
    }
    return saved;
  }

  async insertScores(m: EntityManager, rows: readonly ScoreRow[]): Promise<void> {
    for (const part of chunks(rows)) {
      const params: unknown[] = [];
      for (const r of part) {
        params.push(
          r.assetId,
          r.seq,
          r.asOf,
          r.score,
          r.pDisruption,
          r.expectedLossKbd,
          r.baselineKbd,
          r.status,
          JSON.stringify(r.drivers),
          r.detail === undefined ? null : JSON.stringify(r.detail),
          r.modelVersion,
        );
      }
      await m.query(
        `INSERT INTO score_history (asset_id, seq, as_of, score, p_disruption, expected_loss_kbd, baseline_kbd,
                                    status, drivers, detail, model_version)
         VALUES ${placeholders(part.length, 11)}`,
        params,
      );
    }
  }

  async insertAlerts(m: EntityManager, rows: readonly AlertRow[]): Promise<void> {
    for (const part of chunks(rows)) {
      const params: unknown[] = [];
      for (const r of part) {
        params.push(
          r.assetId,
          r.seq,
          r.asOf,
          r.previousStatus,
          r.status,
          r.score,
          r.expectedLossKbd,
          JSON.stringify(r.drivers),
          r.modelVersion,
        );
      }
      await m.query(
        `INSERT INTO alerts (asset_id, seq, as_of, previous_status, status, score, expected_loss_kbd, drivers,
                             model_version)
         VALUES ${placeholders(part.length, 9)}`,
        params,
      );
    }
  }

  /** Event-time clock: the latest impact time applied by this scorer group (epoch ms), or undefined. */
  async readWatermark(m: EntityManager, name: string): Promise<number | undefined> {
    const rows: Array<{ ms: string }> = await m.query(
      `SELECT (extract(epoch FROM watermark) * 1000)::bigint::text AS ms FROM scorer_clock WHERE name = $1`,
      [name],
    );
    return rows[0] ? Number(rows[0].ms) : undefined;
  }

  /** Moves the group's event-time watermark forward to `ms` (never back) and returns it, ms. */
  async advanceWatermark(m: EntityManager, name: string, ms: number): Promise<number> {
    const rows: Array<{ ms: string }> = await m.query(
      `INSERT INTO scorer_clock AS c (name, watermark) VALUES ($1, to_timestamp($2 / 1000.0))
       ON CONFLICT (name) DO UPDATE SET watermark = GREATEST(c.watermark, EXCLUDED.watermark)
       RETURNING (extract(epoch FROM c.watermark) * 1000)::bigint::text AS ms`,
      [name, ms],
    );
    return Number(rows[0]?.ms);
  }
}
