import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first schema: events and their impacts (ingestor), the asset registry (synced
 * from the domain data), the scorer's per-asset state with the Kafka offsets it covers,
 * score history and alerts (both also the outbox of messages
 * to publish), the scorer's event-time clock. Times are timestamptz (UTC); volumes kb/d.
 */
export class InitialSchema1764288000000 implements MigrationInterface {
  name = 'InitialSchema1764288000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "assets" (
        "id" text PRIMARY KEY,
        "name" text NOT NULL,
        "kind" text NOT NULL,
        "aliases" jsonb NOT NULL,
        "basin" text NOT NULL,
        "operator" text NOT NULL,
        "partners" jsonb NOT NULL,
        "capacity_kbd" double precision NOT NULL,
        "baseline_kbd" double precision NOT NULL,
        "geometry" jsonb NOT NULL,
        "precision" text NOT NULL,
        "routes" jsonb NOT NULL,
        "control" jsonb NOT NULL,
        "sources" jsonb NOT NULL,
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE "events" (
        "id" text PRIMARY KEY,
        "source" text NOT NULL,
        "kind" text NOT NULL,
        "occurred_at" timestamptz NOT NULL,
        "known_at" timestamptz NOT NULL,
        "type" text NOT NULL,
        "actors" jsonb NOT NULL,
        "primary_actor" text,
        "location" jsonb NOT NULL,
        "assets" jsonb NOT NULL,
        "severity" double precision NOT NULL,
        "confidence" double precision NOT NULL,
        "summary" text NOT NULL,
        "evidence" jsonb NOT NULL,
        "raw_ref" text NOT NULL,
        "content_hash" text NOT NULL,
        "origin_topic" text,
        "origin_partition" integer,
        "origin_offset" bigint,
        "ingested_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX "uq_events_source_content" ON "events" ("source", "content_hash")`);
    await q.query(`CREATE INDEX "ix_events_known_at" ON "events" ("known_at")`);
    await q.query(`CREATE INDEX "ix_events_type_known_at" ON "events" ("type", "known_at")`);
    await q.query(`
      CREATE TABLE "impacts" (
        "id" bigserial PRIMARY KEY,
        "event_id" text NOT NULL REFERENCES "events" ("id") ON DELETE CASCADE,
        "asset_id" text NOT NULL,
        "event_type" text NOT NULL,
        "channel" text NOT NULL,
        "intensity" double precision NOT NULL,
        "at" timestamptz NOT NULL,
        "outage" text,
        "via" text,
        "explanation" text NOT NULL
      )`);
    await q.query(
      `CREATE UNIQUE INDEX "uq_impacts_event_asset_channel" ON "impacts" ("event_id", "asset_id", "channel")`,
    );
    await q.query(`CREATE INDEX "ix_impacts_asset_at" ON "impacts" ("asset_id", "at")`);
    await q.query(`
      CREATE TABLE "asset_state" (
        "asset_id" text PRIMARY KEY,
        "state" jsonb NOT NULL,
        "seq" bigint NOT NULL DEFAULT 0,
        "last_status" text NOT NULL DEFAULT 'normal',
        "model_version" text NOT NULL,
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE "consumer_offsets" (
        "group_id" text NOT NULL,
        "topic" text NOT NULL,
        "partition" integer NOT NULL,
        "next_offset" bigint NOT NULL,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "pk_consumer_offsets" PRIMARY KEY ("group_id", "topic", "partition")
      )`);
    await q.query(`
      CREATE TABLE "score_history" (
        "id" bigserial PRIMARY KEY,
        "asset_id" text NOT NULL,
        "seq" bigint NOT NULL,
        "as_of" timestamptz NOT NULL,
        "score" double precision NOT NULL,
        "p_disruption" double precision NOT NULL,
        "expected_loss_kbd" double precision NOT NULL,
        "baseline_kbd" double precision NOT NULL,
        "status" text NOT NULL,
        "drivers" jsonb NOT NULL,
        "detail" jsonb,
        "model_version" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "published_at" timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX "uq_score_history_asset_seq" ON "score_history" ("asset_id", "seq")`);
    await q.query(`CREATE INDEX "ix_score_history_asset_as_of" ON "score_history" ("asset_id", "as_of")`);
    // The outbox: rows committed but not yet on Kafka. Small, because the relay drains it.
    await q.query(
      `CREATE INDEX "ix_score_history_unpublished" ON "score_history" ("id") WHERE "published_at" IS NULL`,
    );
    await q.query(`
      CREATE TABLE "alerts" (
        "id" bigserial PRIMARY KEY,
        "asset_id" text NOT NULL,
        "seq" bigint NOT NULL,
        "as_of" timestamptz NOT NULL,
        "previous_status" text NOT NULL,
        "status" text NOT NULL,
        "score" double precision NOT NULL,
        "expected_loss_kbd" double precision NOT NULL,
        "drivers" jsonb NOT NULL,
        "model_version" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "published_at" timestamptz
      )`);
    await q.query(`CREATE INDEX "ix_alerts_as_of" ON "alerts" ("as_of")`);
    await q.query(`CREATE INDEX "ix_alerts_unpublished" ON "alerts" ("id") WHERE "published_at" IS NULL`);
    // Event-time clock of the scorer: the latest impact time it has applied.
    await q.query(`
      CREATE TABLE "scorer_clock" (
        "name" text PRIMARY KEY,
        "watermark" timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX "ix_alerts_asset_as_of" ON "alerts" ("asset_id", "as_of")`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "scorer_clock"`);
    await q.query(`DROP TABLE "alerts"`);
    await q.query(`DROP TABLE "score_history"`);
    await q.query(`DROP TABLE "consumer_offsets"`);
    await q.query(`DROP TABLE "asset_state"`);
    await q.query(`DROP TABLE "impacts"`);
    await q.query(`DROP TABLE "events"`);
    await q.query(`DROP TABLE "assets"`);
  }
}
