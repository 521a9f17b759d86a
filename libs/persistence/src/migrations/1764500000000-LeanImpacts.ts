import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Impacts keyed by what identifies them: (event, asset, channel) becomes the primary key,
 * the surrogate `id` and the `(asset_id, at)` index go. Nothing read either: the API finds
 * impacts by event (and asset), which the key serves. The ingestor writes ~14 impact rows
 * per event, so everything checked per row is paid 14 times per event.
 *
 * The foreign key to `events` goes too: its check locks the event row once per impact row.
 * Impacts are written only by the ingestor, in the transaction that writes their event, and
 * events are never deleted, so it guarded nothing those writes do not already ensure.
 * Inserting 140,000 impact rows (`INSERT … SELECT`, local PostgreSQL): 1.86 s with the old
 * table, 1.40 s without the id and index, 0.74 s without the key as well (docs/performance.md).
 */
export class LeanImpacts1764500000000 implements MigrationInterface {
  name = 'LeanImpacts1764500000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "impacts" DROP CONSTRAINT "impacts_event_id_fkey"`);
    await q.query(`DROP INDEX "ix_impacts_asset_at"`);
    await q.query(`ALTER TABLE "impacts" DROP CONSTRAINT "impacts_pkey"`);
    await q.query(`ALTER TABLE "impacts" DROP COLUMN "id"`);
    await q.query(
      `ALTER TABLE "impacts" ADD CONSTRAINT "pk_impacts" PRIMARY KEY USING INDEX "uq_impacts_event_asset_channel"`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "impacts" DROP CONSTRAINT "pk_impacts"`);
    await q.query(
      `CREATE UNIQUE INDEX "uq_impacts_event_asset_channel" ON "impacts" ("event_id", "asset_id", "channel")`,
    );
    await q.query(`ALTER TABLE "impacts" ADD COLUMN "id" bigserial PRIMARY KEY`);
    await q.query(`CREATE INDEX "ix_impacts_asset_at" ON "impacts" ("asset_id", "at")`);
    await q.query(
      `ALTER TABLE "impacts" ADD CONSTRAINT "impacts_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "events" ("id") ON DELETE CASCADE`,
    );
  }
}
