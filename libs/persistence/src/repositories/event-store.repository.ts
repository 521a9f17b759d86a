import type { EntityManager } from 'typeorm';
import type { GeoEvent, Impact } from '@crescent/domain';
import { chunks } from './sql';

/**
 * Rows per statement. The rows go as one `jsonb` parameter, an array of row arrays, which
 * PostgreSQL parses in C; the same columns as `text[]` parameters made pg escape every value
 * into an array literal in JavaScript (`escapeElement`, 2.3 % of the ingestor's CPU profile
 * under `npm run bench`). 302,024 impacts in statements of 5,000, on PostgreSQL: client CPU
 * 0.87–1.00 s as arrays, 0.45–0.57 s as JSON, server CPU the same (docs/performance.md).
 */
const ROWS_PER_JSON_STATEMENT = 5000;

/** Where an accepted event came from on the raw topic. */
export interface EventOrigin {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

export interface StoredEventKey {
  readonly id: string;
  readonly source: string;
  readonly contentHash: string;
  readonly origin?: EventOrigin;
}

/** Events and impacts as the ingestor stores them: one `INSERT … SELECT FROM jsonb_array_elements($1)` per 5,000 rows. */
export class EventStoreRepository {
  /** Stored events that share an id, or a (source, content hash), with any of `events`. */
  async findExisting(m: EntityManager, events: readonly GeoEvent[]): Promise<StoredEventKey[]> {
    if (events.length === 0) return [];
    const rows: Array<{
      id: string;
      source: string;
      content_hash: string;
      origin_topic: string | null;
      origin_partition: number | null;
      origin_offset: string | null;
    }> = await m.query(
      `SELECT id, source, content_hash, origin_topic, origin_partition, origin_offset::text AS origin_offset
         FROM events
        WHERE id = ANY($1::text[])
           OR (source, content_hash) IN (SELECT * FROM unnest($2::text[], $3::text[]))`,
      [events.map((e) => e.id), events.map((e) => e.source), events.map((e) => e.raw.contentHash)],
    );
    return rows.map((r) => ({
      id: r.id,
      source: r.source,
      contentHash: r.content_hash,
      origin:
        r.origin_topic !== null && r.origin_partition !== null && r.origin_offset !== null
          ? { topic: r.origin_topic, partition: r.origin_partition, offset: r.origin_offset }
          : undefined,
    }));
  }

  /**
   * Inserts events (with their origin); returns the ids actually inserted. An event that
   * another transaction stored first (same id, or same source and content) is not: the
   * unique indexes make a concurrent instance wait for that commit, then skip the row.
   */
  async insertEvents(
    m: EntityManager,
    events: ReadonlyArray<{ event: GeoEvent; origin: EventOrigin }>,
  ): Promise<Set<string>> {
    const inserted = new Set<string>();
    for (const part of chunks(events, ROWS_PER_JSON_STATEMENT)) {
      const values = part.map(({ event: e, origin }) => [
        e.id,
        e.source,
        e.kind,
        e.occurredAt.toISO(),
        e.knownAt.toISO(),
        e.type,
        e.actors,
        e.primaryActor ?? null,
        e.location,
        e.assets,
        e.severity,
        e.confidence,
        e.summary,
        e.evidence,
        e.raw.ref,
        e.raw.contentHash,
        origin.topic,
        origin.partition,
        origin.offset,
      ]);
      const rows: unknown = await m.query(
        `INSERT INTO events (id, source, kind, occurred_at, known_at, type, actors, primary_actor, location, assets,
                             severity, confidence, summary, evidence, raw_ref, content_hash,
                             origin_topic, origin_partition, origin_offset)
         SELECT r->>0, r->>1, r->>2, (r->>3)::timestamptz, (r->>4)::timestamptz, r->>5, r->6, r->>7, r->8, r->9,
                (r->>10)::float8, (r->>11)::float8, r->>12, r->13, r->>14, r->>15, r->>16, (r->>17)::int,
                (r->>18)::bigint
           FROM jsonb_array_elements($1::jsonb) AS r
         ON CONFLICT DO NOTHING
         RETURNING id`,
        [JSON.stringify(values)],
      );
      for (const r of rows as Array<{ id: string }>) inserted.add(r.id);
    }
    return inserted;
  }

  /** Inserts impacts; rows already there (same event, asset, channel) are left as they are. */
  async insertImpacts(m: EntityManager, impacts: readonly Impact[]): Promise<void> {
    for (const part of chunks(impacts, ROWS_PER_JSON_STATEMENT)) {
      const values = part.map((i) => [
        i.eventId,
        i.assetId,
        i.eventType,
        i.channel,
        i.intensity,
        i.at.toISO(),
        i.outage ?? null,
        i.via ?? null,
        i.explanation,
      ]);
      await m.query(
        `INSERT INTO impacts (event_id, asset_id, event_type, channel, intensity, at, outage, via, explanation)
         SELECT r->>0, r->>1, r->>2, r->>3, (r->>4)::float8, (r->>5)::timestamptz, r->>6, r->>7, r->>8
           FROM jsonb_array_elements($1::jsonb) AS r
         ON CONFLICT DO NOTHING`,
        [JSON.stringify(values)],
      );
    }
  }
}
