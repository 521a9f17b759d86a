import type { DataSource } from 'typeorm';
import { LIBYA_REGISTRY } from '@crescent/domain';
import {
  migrationStatus,
  revertLastMigration,
  runMigrations,
  syncAssetRegistry,
} from '@crescent/persistence';
import { createScratchDatabase, openTestDataSource } from '../support/database';

const TABLES = [
  'assets',
  'events',
  'impacts',
  'asset_state',
  'consumer_offsets',
  'score_history',
  'alerts',
  'scorer_clock',
];

async function tables(ds: DataSource): Promise<string[]> {
  const rows: Array<{ table_name: string }> = await ds.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
  );
  return rows.map((r) => r.table_name);
}

describe('database schema (PostgreSQL, migrations only)', () => {
  let scratch: { url: string; drop: () => Promise<void> };
  let ds: DataSource;

  beforeAll(async () => {
    scratch = await createScratchDatabase('migrations');
    ds = await openTestDataSource(scratch.url);
  });
  afterAll(async () => {
    await ds.destroy();
    await scratch.drop();
  });

  it('migrations create every table the pipeline needs, and their down removes them again', async () => {
    const applied = await runMigrations(ds);
    expect(applied.length).toBeGreaterThan(0);
    expect(await tables(ds)).toEqual(expect.arrayContaining(TABLES));
    expect((await migrationStatus(ds)).every((m) => m.applied)).toBe(true);

    for (let i = 0; i < applied.length; i++) await revertLastMigration(ds);
    const left = await tables(ds);
    expect(left.filter((t) => TABLES.includes(t))).toEqual([]);

    await runMigrations(ds);
    expect(await tables(ds)).toEqual(expect.arrayContaining(TABLES));
  });

  it('a second run applies nothing: the schema is only changed by new migrations', async () => {
    expect(await runMigrations(ds)).toEqual([]);
  });

  it('the entities declare what the migrations create: the schema builder finds nothing to change', async () => {
    // Migrations are the only source of the schema; this keeps the entities (which the
    // repositories and anyone reading the code go by) from drifting away from them.
    const pending = await ds.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('SQL users see the whole asset registry, and a re-sync changes nothing', async () => {
    await syncAssetRegistry(ds, LIBYA_REGISTRY.assets);
    await syncAssetRegistry(ds, LIBYA_REGISTRY.assets);
    const rows: Array<{ id: string; baseline_kbd: number }> = await ds.query(
      `SELECT id, baseline_kbd FROM assets ORDER BY id`,
    );
    expect(rows.map((r) => r.id)).toEqual(LIBYA_REGISTRY.assets.map((a) => a.id).sort());
    const esSider = rows.find((r) => r.id === 'es-sider');
    expect(esSider?.baseline_kbd).toBe(LIBYA_REGISTRY.get('es-sider')?.baselineKbd);
  });
});
