import type { EntityManager } from 'typeorm';
import type { GeoEvent, Impact } from '@crescent/domain';
import { chunks } from './sql';

/**
 * Rows per statement when columns go as arrays (`unnest`): 19 or 9 parameters whatever the row
 * count, so PostgreSQL plans one small statement instead of a VALUES list of thousands of
 * parameters, and a large batch is a few round trips instead of one per 500 rows.
 */
const ROWS_PER_ARRAY_STATEMENT = 5000;

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

/** Events and impacts as the ingestor stores them: one `INSERT … SELECT FROM unnest(arrays)` per 5,000 rows. */
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
    for (const part of chunks(events, ROWS_PER_ARRAY_STATEMENT)) {
      const cols: unknown[][] = Array.from({ length: 19 }, () => new Array<unknown>(part.length));
      part.forEach(({ event: e, origin }, i) => {
        const row = [
          e.id,
          e.source,
          e.kind,
          e.occurredAt.toISO(),
          e.knownAt.toISO(),
          e.type,
          JSON.stringify(e.actors),
          e.primaryActor ?? null,
          JSON.stringify(e.location),
          JSON.stringify(e.assets),
          e.severity,
          e.confidence,
          e.summary,
          JSON.stringify(e.evidence),
          e.raw.ref,
          e.raw.contentHash,
          origin.topic,
          origin.partition,
          origin.offset,
        ];
        for (let c = 0; c < row.length; c++) (cols[c] as unknown[])[i] = row[c];
      });
      const rows: unknown = await m.query(
        `INSERT INTO events (id, source, kind, occurred_at, known_at, type, actors, primary_actor, location, assets,
                             severity, confidence, summary, evidence, raw_ref, content_hash,
                             origin_topic, origin_partition, origin_offset)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::text[],
                              $7::jsonb[], $8::text[], $9::jsonb[], $10::jsonb[], $11::float8[], $12::float8[],
                              $13::text[], $14::jsonb[], $15::text[], $16::text[], $17::text[], $18::int[],
                              $19::bigint[])
         ON CONFLICT DO NOTHING
         RETURNING id`,
        cols,
      );
      for (const r of rows as Array<{ id: string }>) inserted.add(r.id);
    }
    return inserted;
  }

  /** Inserts impacts; rows already there (same event, asset, channel) are left as they are. */
  async insertImpacts(m: EntityManager, impacts: readonly Impact[]): Promise<void> {
    for (const part of chunks(impacts, ROWS_PER_ARRAY_STATEMENT)) {
      const n = part.length;
      const eventId = new Array<string>(n);
      const assetId = new Array<string>(n);
      const eventType = new Array<string>(n);
      const channel = new Array<string>(n);
      const intensity = new Array<number>(n);
      const at = new Array<string | null>(n);
      const outage = new Array<string | null>(n);
      const via = new Array<string | null>(n);
      const explanation = new Array<string>(n);
      for (let k = 0; k < n; k++) {
        const i = part[k] as Impact;
        eventId[k] = i.eventId;
        assetId[k] = i.assetId;
        eventType[k] = i.eventType;
        channel[k] = i.channel;
        intensity[k] = i.intensity;
        at[k] = i.at.toISO();
        outage[k] = i.outage ?? null;
        via[k] = i.via ?? null;
        explanation[k] = i.explanation;
      }
      await m.query(
        `INSERT INTO impacts (event_id, asset_id, event_type, channel, intensity, at, outage, via, explanation)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::timestamptz[],
                              $7::text[], $8::text[], $9::text[])
         ON CONFLICT DO NOTHING`,
        [eventId, assetId, eventType, channel, intensity, at, outage, via, explanation],
      );
    }
  }
}
