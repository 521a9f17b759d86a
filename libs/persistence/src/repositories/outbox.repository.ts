import type { EntityManager } from 'typeorm';

export interface OutboxScore {
  readonly id: string;
  readonly assetId: string;
  readonly seq: number;
  readonly asOf: string;
  readonly score: number;
  readonly pDisruption: number;
  readonly expectedLossKbd: number;
  readonly baselineKbd: number;
  readonly status: string;
  readonly drivers: unknown;
  readonly detail: Record<string, unknown> | null;
  readonly modelVersion: string;
}

export interface OutboxAlert {
  readonly id: string;
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

const AS_OF = `to_char(as_of AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * Score and alert rows committed but not yet on Kafka. Claimed with SKIP LOCKED so
 * several relays (instances) never publish the same row at the same time.
 */
export class OutboxRepository {
  async claimScores(m: EntityManager, limit: number): Promise<OutboxScore[]> {
    const rows: Array<Record<string, unknown>> = await m.query(
      `SELECT id::text AS id, asset_id, seq::text AS seq, ${AS_OF} AS as_of, score, p_disruption,
              expected_loss_kbd, baseline_kbd, status, drivers, detail, model_version
         FROM score_history WHERE published_at IS NULL
        ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    return rows.map((r) => ({
      id: String(r.id),
      assetId: String(r.asset_id),
      seq: Number(r.seq),
      asOf: String(r.as_of),
      score: Number(r.score),
      pDisruption: Number(r.p_disruption),
      expectedLossKbd: Number(r.expected_loss_kbd),
      baselineKbd: Number(r.baseline_kbd),
      status: String(r.status),
      drivers: r.drivers,
      detail: (r.detail as Record<string, unknown> | null) ?? null,
      modelVersion: String(r.model_version),
    }));
  }

  async claimAlerts(m: EntityManager, limit: number): Promise<OutboxAlert[]> {
    const rows: Array<Record<string, unknown>> = await m.query(
      `SELECT id::text AS id, asset_id, seq::text AS seq, ${AS_OF} AS as_of, previous_status, status, score,
              expected_loss_kbd, drivers, model_version
         FROM alerts WHERE published_at IS NULL
        ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    return rows.map((r) => ({
      id: String(r.id),
      assetId: String(r.asset_id),
      seq: Number(r.seq),
      asOf: String(r.as_of),
      previousStatus: String(r.previous_status),
      status: String(r.status),
      score: Number(r.score),
      expectedLossKbd: Number(r.expected_loss_kbd),
      drivers: r.drivers,
      modelVersion: String(r.model_version),
    }));
  }

  async markPublished(
    m: EntityManager,
    scoreIds: readonly string[],
    alertIds: readonly string[],
  ): Promise<void> {
    if (scoreIds.length > 0) {
      await m.query(`UPDATE score_history SET published_at = now() WHERE id = ANY($1::bigint[])`, [scoreIds]);
    }
    if (alertIds.length > 0) {
      await m.query(`UPDATE alerts SET published_at = now() WHERE id = ANY($1::bigint[])`, [alertIds]);
    }
  }
}
