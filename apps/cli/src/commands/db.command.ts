import { databaseSchema, loadConfig } from '@crescent/config';
import { LIBYA_REGISTRY } from '@crescent/domain';
import {
  createDataSource,
  describeDatabase,
  migrationStatus,
  revertLastMigration,
  runMigrations,
  syncAssetRegistry,
} from '@crescent/persistence';
import type { CliCommand, CliIo } from './command';

const USAGE = `usage: crescent db <migrate|revert|status>

  migrate   apply pending migrations, then sync the asset registry into the "assets" table
  revert    undo the most recent migration (its down)
  status    list migrations and whether each is applied (JSON)

DATABASE_URL selects the PostgreSQL server; unset, the embedded PGlite database in PGLITE_DATA_DIR.`;

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const [sub] = args;
  if ((sub !== 'migrate' && sub !== 'revert' && sub !== 'status') || args.length > 1) {
    io.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const config = loadConfig(databaseSchema, io.env);
  const ds = await createDataSource(config).initialize();
  try {
    switch (sub) {
      case 'migrate': {
        const applied = await runMigrations(ds);
        const assets = await syncAssetRegistry(ds, LIBYA_REGISTRY.assets);
        io.stdout.write(
          `${JSON.stringify({ database: describeDatabase(config), applied, registryAssets: assets })}\n`,
        );
        return 0;
      }
      case 'revert': {
        // Named before it goes: the last one applied, in the order they apply.
        const last = (await migrationStatus(ds)).filter((m) => m.applied).pop();
        if (last === undefined) {
          io.stderr.write('crescent db: no migration is applied: nothing to revert\n');
          return 1;
        }
        await revertLastMigration(ds);
        io.stdout.write(`${JSON.stringify({ database: describeDatabase(config), reverted: last.name })}\n`);
        return 0;
      }
      case 'status':
        io.stdout.write(
          `${JSON.stringify({ database: describeDatabase(config), migrations: await migrationStatus(ds) }, null, 2)}\n`,
        );
        return 0;
    }
  } finally {
    await ds.destroy();
  }
}

export const dbCommand: CliCommand = {
  name: 'db',
  summary: 'apply or revert database migrations, show their status',
  usage: USAGE,
  run,
};
