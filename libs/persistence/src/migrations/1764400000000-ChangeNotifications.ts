import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The channel every change notification is sent on; the payload is the table's name. */
export const CHANGES_CHANNEL = 'crescent_changes';

/** Tables the API's reads come from: any write to them makes its cached responses stale. */
const READ_TABLES = ['assets', 'score_history', 'alerts', 'events', 'impacts'];

/**
 * What lets the api cache without serving stale answers, whoever writes (scorer, ingestor,
 * CLI, psql):
 * - a PostgreSQL notification (`NOTIFY crescent_changes, '<table>'`) at the commit of every
 *   statement that changes what the API reads (statement-level triggers: one per table per
 *   transaction, as PostgreSQL folds duplicates; none for a rolled-back one), to drop cached
 *   responses;
 * - `api_keys_version`, one row counting changes to who a key is (hash, role, revocation)
 *   or its removal, updated in the same transaction, so a revocation is visible to the
 *   first read that starts after its commit (a notification arrives a few ms later, too
 *   late for "revoked means refused at once"). The minute-by-minute `last_used_at` update
 *   moves neither.
 */
export class ChangeNotifications1764400000000 implements MigrationInterface {
  name = 'ChangeNotifications1764400000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION "crescent_notify_change"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('${CHANGES_CHANNEL}', TG_TABLE_NAME);
        RETURN NULL;
      END $$`);
    for (const table of READ_TABLES)
      await q.query(
        `CREATE TRIGGER "trg_${table}_changes" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "${table}"
           FOR EACH STATEMENT EXECUTE FUNCTION "crescent_notify_change"()`,
      );
    await q.query(`
      CREATE TABLE "api_keys_version" (
        "id" boolean PRIMARY KEY DEFAULT true CONSTRAINT "ck_api_keys_version_one_row" CHECK ("id"),
        "version" bigint NOT NULL
      )`);
    await q.query(`INSERT INTO "api_keys_version" ("id", "version") VALUES (true, 0)`);
    await q.query(`
      CREATE FUNCTION "crescent_count_key_change"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE "api_keys_version" SET "version" = "version" + 1;
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER "trg_api_keys_changes" AFTER UPDATE OF "key_hash", "role", "revoked_at" OR DELETE OR TRUNCATE
         ON "api_keys" FOR EACH STATEMENT EXECUTE FUNCTION "crescent_count_key_change"()`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER "trg_api_keys_changes" ON "api_keys"`);
    await q.query(`DROP FUNCTION "crescent_count_key_change"()`);
    await q.query(`DROP TABLE "api_keys_version"`);
    for (const table of [...READ_TABLES].reverse())
      await q.query(`DROP TRIGGER "trg_${table}_changes" ON "${table}"`);
    await q.query(`DROP FUNCTION "crescent_notify_change"()`);
  }
}
