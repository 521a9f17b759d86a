import type { DataSource } from 'typeorm';

export interface MigrationStatus {
  readonly name: string;
  readonly applied: boolean;
}

/** Applies pending migrations; returns the names applied now. */
export async function runMigrations(ds: DataSource): Promise<string[]> {
  const applied = await ds.runMigrations({ transaction: 'each' });
  return applied.map((m) => m.name);
}

/** Reverts the most recent migration (its `down`). */
export async function revertLastMigration(ds: DataSource): Promise<void> {
  await ds.undoLastMigration({ transaction: 'each' });
}

export async function migrationStatus(ds: DataSource): Promise<MigrationStatus[]> {
  const probe: Array<{ exists: boolean }> = await ds.query(
    `SELECT to_regclass('public.migrations') IS NOT NULL AS "exists"`,
  );
  const exists = probe[0]?.exists === true;
  const done = new Set<string>();
  if (exists) {
    const rows: Array<{ name: string }> = await ds.query('SELECT name FROM "migrations"');
    for (const r of rows) done.add(r.name);
  }
  return ds.migrations.map((m) => {
    const name = m.name ?? m.constructor.name;
    return { name, applied: done.has(name) };
  });
}
