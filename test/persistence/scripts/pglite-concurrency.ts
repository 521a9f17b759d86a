// Run by pglite.test.ts in a plain Node process: PGlite loads its WebAssembly with a
// dynamic import that Jest's VM sandbox does not allow.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, databaseSchema } from '@crescent/config';
import { LIBYA_REGISTRY } from '@crescent/domain';
import { createDataSource, runMigrations, syncAssetRegistry } from '@crescent/persistence';

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'crescent-pglite-'));
  const ds = await createDataSource(loadConfig(databaseSchema, { PGLITE_DATA_DIR: dir })).initialize();
  try {
    const applied = await runMigrations(ds);
    await syncAssetRegistry(ds, LIBYA_REGISTRY.assets);
    const assets: Array<{ n: string }> = await ds.query('SELECT count(*)::text AS n FROM assets');
    await ds.query('CREATE TABLE counter (n integer NOT NULL)');
    await ds.query('INSERT INTO counter VALUES (0)');
    const bump = (): Promise<void> =>
      ds.transaction(async (m) => {
        const rows: Array<{ n: number }> = await m.query('SELECT n FROM counter');
        await new Promise((r) => setTimeout(r, 5));
        await m.query('UPDATE counter SET n = $1', [(rows[0]?.n ?? 0) + 1]);
      });
    const failing = ds.transaction(async (m) => {
      await m.query('UPDATE counter SET n = n + 1000');
      throw new Error('rolled back');
    });
    await Promise.all([bump(), bump(), failing.catch(() => undefined), bump()]);
    const rows: Array<{ n: number }> = await ds.query('SELECT n FROM counter');
    process.stdout.write(JSON.stringify({ applied, assets: Number(assets[0]?.n), counter: rows[0]?.n }));
  } finally {
    await ds.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
