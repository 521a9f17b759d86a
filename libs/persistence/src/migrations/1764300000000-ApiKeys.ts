import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API keys of the risk officer's HTTP API (only a SHA-256 of each key is stored; the key
 * itself is shown once, when created), and the indexes the API's keyset-paginated reads use.
 */
export class ApiKeys1764300000000 implements MigrationInterface {
  name = 'ApiKeys1764300000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "api_keys" (
        "id" text PRIMARY KEY,
        "name" text NOT NULL,
        "role" text NOT NULL CONSTRAINT "ck_api_keys_role" CHECK ("role" IN ('viewer', 'admin')),
        "key_hash" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "revoked_at" timestamptz,
        "last_used_at" timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX "uq_api_keys_key_hash" ON "api_keys" ("key_hash")`);
    // GET /v1/events: newest first, ties broken by id.
    await q.query(`CREATE INDEX "ix_events_occurred_at_id" ON "events" ("occurred_at", "id")`);
    // GET /v1/alerts: newest first, ties broken by id.
    await q.query(`CREATE INDEX "ix_alerts_as_of_id" ON "alerts" ("as_of", "id")`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_alerts_as_of_id"`);
    await q.query(`DROP INDEX "ix_events_occurred_at_id"`);
    await q.query(`DROP TABLE "api_keys"`);
  }
}
