import type { EntityManager } from 'typeorm';

/**
 * The read side of the risk officer's API: parameterised SQL only, every multi-row read
 * keyset-paginated on a stable, unique order (the `after` key is the last row of the
 * previous page). Times are ISO-8601 UTC strings; volumes kb/d.
 */

export interface AssetView {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  readonly basin: string;
  readonly operator: string;
  readonly partners: unknown;
  readonly capacityKbd: number;
  readonly baselineKbd: number;
  readonly geometry: unknown;
  readonly precision: string;
  readonly routes: unknown;
  readonly control: unknown;
  readonly aliases: unknown;
  /** Status of the latest score; `normal` before the first. */
  readonly status: string;
  readonly score: number | null;
  readonly scoredAt: string | null;
}

export interface ScoreView {
  readonly assetId: string;
  readonly assetName: string | null;
  readonly kind: string | null;
  readonly seq: number;
  readonly asOf: string;
  readonly score: number;
  readonly probability: number;
  readonly expectedLossKbd: number;
  readonly baselineKbd: number;
  readonly status: string;
  readonly drivers: unknown;
  readonly detail: Record<string, unknown> | null;
  readonly modelVersion: string;
}

export interface ImpactView {
  readonly assetId: string;
  readonly channel: string;
  readonly intensity: number;
  readonly at: string;
  readonly outage: string | null;
  readonly via: string | null;
  readonly explanation: string;
}

export interface EventView {
  readonly id: string;
  readonly source: string;
  readonly kind: string;
  readonly type: string;
  readonly occurredAt: string;
  readonly knownAt: string;
  readonly actors: unknown;
  readonly primaryActor: string | null;
  readonly location: unknown;
  readonly assets: unknown;
  readonly severity: number;
  readonly confidence: number;
  readonly summary: string;
  readonly evidence: unknown;
  readonly impacts: ImpactView[];
}

export interface AlertView {
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

/** Time window, `from` inclusive, `to` exclusive; either may be open. */
export interface TimeWindow {
  readonly from?: string;
  readonly to?: string;
}

export interface ScoreFilter {
  readonly kind?: string;
  readonly status?: string;
  readonly minScore?: number;
  readonly afterAssetId?: string;
  readonly limit: number;
}

export interface HistoryQuery extends TimeWindow {
  /** Bucket length, seconds: the last score of each bucket (buckets start at `from`, or the Unix epoch). */
  readonly stepSeconds?: number;
  readonly after?: { readonly asOf: string; readonly seq: number };
  readonly limit: number;
}

export interface EventQuery extends TimeWindow {
  readonly type?: string;
  readonly assetId?: string;
  /** Newest first: the page continues with events before this one. */
  readonly before?: { readonly occurredAt: string; readonly id: string };
  readonly limit: number;
}

export interface AlertQuery extends TimeWindow {
  readonly assetId?: string;
  readonly status?: string;
  readonly before?: { readonly asOf: string; readonly id: string };
  readonly limit: number;
}

const iso = (d: Date): string => d.toISOString();
const isoOrNull = (d: Date | null): string | null => (d ? d.toISOString() : null);

interface ScoreDbRow {
  asset_id: string;
  asset_name: string | null;
  kind: string | null;
  seq: string;
  as_of: Date;
  score: number;
  p_disruption: number;
  expected_loss_kbd: number;
  baseline_kbd: number;
  status: string;
  drivers: unknown;
  detail: Record<string, unknown> | null;
  model_version: string;
}

function toScore(r: ScoreDbRow): ScoreView {
  return {
    assetId: r.asset_id,
    assetName: r.asset_name,
    kind: r.kind,
    seq: Number(r.seq),
    asOf: iso(r.as_of),
    score: r.score,
    probability: r.p_disruption,
    expectedLossKbd: r.expected_loss_kbd,
    baselineKbd: r.baseline_kbd,
    status: r.status,
    drivers: r.drivers,
    detail: r.detail,
    modelVersion: r.model_version,
  };
}

const SCORE_COLUMNS = `s.asset_id, a.name AS asset_name, a.kind, s.seq::text AS seq, s.as_of, s.score, s.p_disruption,
  s.expected_loss_kbd, s.baseline_kbd, s.status, s.drivers, s.detail, s.model_version`;

interface AssetDbRow {
  id: string;
  name: string;
  kind: string;
  basin: string;
  operator: string;
  partners: unknown;
  capacity_kbd: number;
  baseline_kbd: number;
  geometry: unknown;
  precision: string;
  routes: unknown;
  control: unknown;
  aliases: unknown;
  status: string | null;
  score: number | null;
  scored_at: Date | null;
}

function toAsset(r: AssetDbRow): AssetView {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    basin: r.basin,
    operator: r.operator,
    partners: r.partners,
    capacityKbd: r.capacity_kbd,
    baselineKbd: r.baseline_kbd,
    geometry: r.geometry,
    precision: r.precision,
    routes: r.routes,
    control: r.control,
    aliases: r.aliases,
    status: r.status ?? 'normal',
    score: r.score,
    scoredAt: isoOrNull(r.scored_at),
  };
}

/** One asset's history rows in [from, to) after a cursor; $1–$5 of scoreHistory's parameters. */
const HISTORY_WINDOW = `h.asset_id = $1
      AND ($2::timestamptz IS NULL OR h.as_of >= $2)
      AND ($3::timestamptz IS NULL OR h.as_of < $3)
      AND ($4::timestamptz IS NULL OR (h.as_of, h.seq) > ($4::timestamptz, $5::bigint))`;

export class RiskReadRepository {
  /** Registry assets by id, each with its latest score's status (uq_score_history_asset_seq). */
  async listAssets(m: EntityManager, afterId: string | undefined, limit: number): Promise<AssetView[]> {
    const rows: AssetDbRow[] = await m.query(
      `SELECT a.*, l.status, l.score, l.as_of AS scored_at
         FROM assets a
         LEFT JOIN LATERAL (SELECT status, score, as_of FROM score_history h
                             WHERE h.asset_id = a.id ORDER BY seq DESC LIMIT 1) l ON true
        WHERE ($1::text IS NULL OR a.id > $1)
        ORDER BY a.id
        LIMIT $2`,
      [afterId ?? null, limit],
    );
    return rows.map(toAsset);
  }

  async findAsset(m: EntityManager, id: string): Promise<AssetView | undefined> {
    const rows: AssetDbRow[] = await m.query(
      `SELECT a.*, l.status, l.score, l.as_of AS scored_at
         FROM assets a
         LEFT JOIN LATERAL (SELECT status, score, as_of FROM score_history h
                             WHERE h.asset_id = a.id ORDER BY seq DESC LIMIT 1) l ON true
        WHERE a.id = $1`,
      [id],
    );
    return rows[0] ? toAsset(rows[0]) : undefined;
  }

  /** The latest score of each registry asset (the national row excluded), by asset id. */
  async latestScores(m: EntityManager, f: ScoreFilter): Promise<ScoreView[]> {
    const rows: ScoreDbRow[] = await m.query(
      `SELECT ${SCORE_COLUMNS}
         FROM assets a
         JOIN LATERAL (SELECT * FROM score_history h WHERE h.asset_id = a.id ORDER BY seq DESC LIMIT 1) s ON true
        WHERE ($1::text IS NULL OR a.kind = $1)
          AND ($2::text IS NULL OR s.status = $2)
          AND ($3::float8 IS NULL OR s.score >= $3)
          AND ($4::text IS NULL OR a.id > $4)
        ORDER BY a.id
        LIMIT $5`,
      [f.kind ?? null, f.status ?? null, f.minScore ?? null, f.afterAssetId ?? null, f.limit],
    );
    return rows.map(toScore);
  }

  /**
   * One asset's (or `LY`'s) scores in a window, oldest first (ix_score_history_asset_as_of).
   * With a step, the last score of each step. The cursor is the last row sent; with a step
   * that row is the last of its bucket, so every later row is in a later bucket.
   */
  async scoreHistory(m: EntityManager, assetId: string, q: HistoryQuery): Promise<ScoreView[]> {
    const params = [
      assetId,
      q.from ?? null,
      q.to ?? null,
      q.after?.asOf ?? null,
      q.after?.seq ?? null,
      q.limit,
    ];
    const rows: ScoreDbRow[] =
      q.stepSeconds === undefined
        ? await m.query(
            `SELECT ${SCORE_COLUMNS}
               FROM score_history s LEFT JOIN assets a ON a.id = s.asset_id
              WHERE s.id IN (SELECT h.id FROM score_history h WHERE ${HISTORY_WINDOW} ORDER BY h.as_of, h.seq LIMIT $6)
              ORDER BY s.as_of, s.seq`,
            params,
          )
        : await m.query(
            `WITH picked AS (
               SELECT DISTINCT ON (bucket) *
                 FROM (SELECT h.*,
                              floor(extract(epoch FROM h.as_of - COALESCE($2::timestamptz, 'epoch'::timestamptz))
                                    / $7::float8)::bigint AS bucket
                         FROM score_history h WHERE ${HISTORY_WINDOW}) b
                ORDER BY bucket, as_of DESC, seq DESC)
             SELECT ${SCORE_COLUMNS}
               FROM picked s LEFT JOIN assets a ON a.id = s.asset_id
              ORDER BY s.as_of, s.seq
              LIMIT $6`,
            [...params, q.stepSeconds],
          );
    return rows.map(toScore);
  }

  async latestScore(m: EntityManager, assetId: string): Promise<ScoreView | undefined> {
    const rows: ScoreDbRow[] = await m.query(
      `SELECT ${SCORE_COLUMNS}
         FROM score_history s LEFT JOIN assets a ON a.id = s.asset_id
        WHERE s.asset_id = $1 ORDER BY s.seq DESC LIMIT 1`,
      [assetId],
    );
    return rows[0] ? toScore(rows[0]) : undefined;
  }

  /** Events newest first (occurred_at, then id), each with its impacts (ix_events_occurred_at_id). */
  async listEvents(m: EntityManager, q: EventQuery): Promise<EventView[]> {
    const rows: EventDbRow[] = await m.query(
      `SELECT ${EVENT_COLUMNS} FROM events e
        WHERE ($1::timestamptz IS NULL OR e.occurred_at >= $1)
          AND ($2::timestamptz IS NULL OR e.occurred_at < $2)
          AND ($3::text IS NULL OR e.type = $3)
          AND ($4::text IS NULL OR e.assets @> jsonb_build_array($4::text)
               OR EXISTS (SELECT 1 FROM impacts i WHERE i.event_id = e.id AND i.asset_id = $4))
          AND ($5::timestamptz IS NULL OR (e.occurred_at, e.id) < ($5::timestamptz, $6::text))
        ORDER BY e.occurred_at DESC, e.id DESC
        LIMIT $7`,
      [
        q.from ?? null,
        q.to ?? null,
        q.type ?? null,
        q.assetId ?? null,
        q.before?.occurredAt ?? null,
        q.before?.id ?? null,
        q.limit,
      ],
    );
    return this.withImpacts(m, rows);
  }

  async findEvent(m: EntityManager, id: string): Promise<EventView | undefined> {
    const rows: EventDbRow[] = await m.query(`SELECT ${EVENT_COLUMNS} FROM events e WHERE e.id = $1`, [id]);
    return (await this.withImpacts(m, rows))[0];
  }

  /** Alerts newest first (as_of, then id; ix_alerts_as_of_id). */
  async listAlerts(m: EntityManager, q: AlertQuery): Promise<AlertView[]> {
    const rows: AlertDbRow[] = await m.query(
      `SELECT ${ALERT_COLUMNS}
         FROM alerts
        WHERE ($1::timestamptz IS NULL OR as_of >= $1)
          AND ($2::timestamptz IS NULL OR as_of < $2)
          AND ($3::text IS NULL OR asset_id = $3)
          AND ($4::text IS NULL OR status = $4)
          AND ($5::timestamptz IS NULL OR (as_of, id) < ($5::timestamptz, $6::bigint))
        ORDER BY alerts.as_of DESC, alerts.id DESC
        LIMIT $7`,
      [
        q.from ?? null,
        q.to ?? null,
        q.assetId ?? null,
        q.status ?? null,
        q.before?.asOf ?? null,
        q.before?.id ?? null,
        q.limit,
      ],
    );
    return rows.map(toAlert);
  }

  async changeHead(m: EntityManager): Promise<{ scoreId: string; alertId: string }> {
    const rows: Array<{ score_id: string; alert_id: string }> = await m.query(
      `SELECT (SELECT COALESCE(max(id), 0) FROM score_history)::text AS score_id,
              (SELECT COALESCE(max(id), 0) FROM alerts)::text AS alert_id`,
    );
    return { scoreId: rows[0]?.score_id ?? '0', alertId: rows[0]?.alert_id ?? '0' };
  }

  /** Score rows (assets and `LY`) inserted after row id `afterId`, in id order (the primary key). */
  async scoresAfter(
    m: EntityManager,
    afterId: string,
    limit: number,
  ): Promise<Array<{ id: string; score: ScoreView }>> {
    const rows: Array<ScoreDbRow & { id: string }> = await m.query(
      `SELECT s.id::text AS id, ${SCORE_COLUMNS}
         FROM score_history s LEFT JOIN assets a ON a.id = s.asset_id
        WHERE s.id > $1::bigint ORDER BY s.id LIMIT $2`,
      [afterId, limit],
    );
    return rows.map((r) => ({ id: r.id, score: toScore(r) }));
  }

  /** Alerts inserted after row id `afterId`, in id order. */
  async alertsAfter(m: EntityManager, afterId: string, limit: number): Promise<AlertView[]> {
    const rows: AlertDbRow[] = await m.query(
      `SELECT ${ALERT_COLUMNS} FROM alerts WHERE id > $1::bigint ORDER BY alerts.id LIMIT $2`,
      [afterId, limit],
    );
    return rows.map(toAlert);
  }

  private async withImpacts(m: EntityManager, rows: readonly EventDbRow[]): Promise<EventView[]> {
    if (rows.length === 0) return [];
    const impacts: Array<{
      event_id: string;
      asset_id: string;
      channel: string;
      intensity: number;
      at: Date;
      outage: string | null;
      via: string | null;
      explanation: string;
    }> = await m.query(
      `SELECT event_id, asset_id, channel, intensity, at, outage, via, explanation
         FROM impacts WHERE event_id = ANY($1::text[]) ORDER BY event_id, asset_id, channel`,
      [rows.map((r) => r.id)],
    );
    const byEvent = new Map<string, ImpactView[]>();
    for (const i of impacts) {
      const list = byEvent.get(i.event_id) ?? [];
      list.push({
        assetId: i.asset_id,
        channel: i.channel,
        intensity: i.intensity,
        at: iso(i.at),
        outage: i.outage,
        via: i.via,
        explanation: i.explanation,
      });
      byEvent.set(i.event_id, list);
    }
    return rows.map((r) => ({
      id: r.id,
      source: r.source,
      kind: r.kind,
      type: r.type,
      occurredAt: iso(r.occurred_at),
      knownAt: iso(r.known_at),
      actors: r.actors,
      primaryActor: r.primary_actor,
      location: r.location,
      assets: r.assets,
      severity: r.severity,
      confidence: r.confidence,
      summary: r.summary,
      evidence: r.evidence,
      impacts: byEvent.get(r.id) ?? [],
    }));
  }
}

interface EventDbRow {
  id: string;
  source: string;
  kind: string;
  type: string;
  occurred_at: Date;
  known_at: Date;
  actors: unknown;
  primary_actor: string | null;
  location: unknown;
  assets: unknown;
  severity: number;
  confidence: number;
  summary: string;
  evidence: unknown;
}

const EVENT_COLUMNS = `e.id, e.source, e.kind, e.type, e.occurred_at, e.known_at, e.actors, e.primary_actor, e.location,
  e.assets, e.severity, e.confidence, e.summary, e.evidence`;

interface AlertDbRow {
  id: string;
  asset_id: string;
  seq: string;
  as_of: Date;
  previous_status: string;
  status: string;
  score: number;
  expected_loss_kbd: number;
  drivers: unknown;
  model_version: string;
}

/**
 * The select list gives `id` as text: an ORDER BY must name the table's column
 * (`alerts.id`), or it sorts the text ("17" before "9") and paging skips and repeats rows.
 */
const ALERT_COLUMNS = `id::text AS id, asset_id, seq::text AS seq, as_of, previous_status, status, score,
  expected_loss_kbd, drivers, model_version`;

function toAlert(r: AlertDbRow): AlertView {
  return {
    id: r.id,
    assetId: r.asset_id,
    seq: Number(r.seq),
    asOf: iso(r.as_of),
    previousStatus: r.previous_status,
    status: r.status,
    score: r.score,
    expectedLossKbd: r.expected_loss_kbd,
    drivers: r.drivers,
    modelVersion: r.model_version,
  };
}
