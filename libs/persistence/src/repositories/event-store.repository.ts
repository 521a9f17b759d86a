import type { EntityManager } from 'typeorm';
import type { GeoEvent, Impact } from '@crescent/domain';
import { chunks, placeholders } from './sql';

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

/** Events and impacts as the ingestor stores them. Multi-row statements: one round trip per 500 rows. */
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
    for (const part of chunks(events)) {
      const params: unknown[] = [];
      for (const { event: e, origin } of part) {
        params.push(
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
        );
      }
      const rows: unknown = await m.query(
        `INSERT INTO events (id, source, kind, occurred_at, known_at, type, actors, primary_actor, location, assets,
                             severity, confidence, summary, evidence, raw_ref, content_hash,
                             origin_topic, origin_partition, origin_offset)
         VALUES ${placeholders(part.length, 19)}
         ON CONFLICT DO NOTHING
         RETURNING id`,
        params,
      );
      for (const r of rows as Array<{ id: string }>) inserted.add(r.id);
    }
    return inserted;
  }

  /** Inserts impacts; rows already there (same event, asset, channel) are left as they are. */
  async insertImpacts(m: EntityManager, impacts: readonly Impact[]): Promise<void> {
    for (const part of chunks(impacts)) {
      const params: unknown[] = [];
      for (const i of part) {
        params.push(
          i.eventId,
          i.assetId,
          i.eventType,
          i.channel,
          i.intensity,
          i.at.toISO(),
          i.outage ?? null,
          i.via ?? null,
          i.explanation,
        );
      }
      await m.query(
        `INSERT INTO impacts (event_id, asset_id, event_type, channel, intensity, at, outage, via, explanation)
         VALUES ${placeholders(part.length, 9)}
         ON CONFLICT DO NOTHING`,
        params,
      );
    }
  }
}
