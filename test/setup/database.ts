import { Client } from 'pg';
// Relative imports: jest loads global setup outside its module system (no @crescent/* aliases).
import { databaseSchema, loadConfig } from '../../libs/config/src';
import { LIBYA_REGISTRY } from '../../libs/domain/src/assets/registry';
import { createDataSource, runMigrations, syncAssetRegistry } from '../../libs/persistence/src';

/** The server tests run against; each run gets a fresh database on it. */
const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const STATE_KEY = 'CRESCENT_TEST_DATABASE';

function withDatabase(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Creates `crescent_test_<time>_<pid>` on the server at DATABASE_URL (default: the
 * local server), applies migrations, syncs the registry, and points DATABASE_URL
 * at it for the test workers.
 */
export async function setupDatabase(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL ?? DEFAULT_SERVER_URL;
  const name = `crescent_test_${Date.now()}_${process.pid}`;
  const admin = new Client({ connectionString: serverUrl });
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(
      `Integration tests need PostgreSQL at ${new URL(serverUrl).host} (DATABASE_URL): ${(err as Error).message}`,
    );
  }
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(serverUrl, name);
  const ds = await createDataSource(loadConfig(databaseSchema, { DATABASE_URL: url })).initialize();
  try {
    await runMigrations(ds);
    await syncAssetRegistry(ds, LIBYA_REGISTRY.assets);
  } finally {
    await ds.destroy();
  }
  process.env.CRESCENT_TEST_SERVER_URL = serverUrl;
  process.env[STATE_KEY] = name;
  process.env.DATABASE_URL = url;
}

/** Drops the run's database unless KEEP_TEST_DATABASE=1 (to inspect it after a failure). */
export async function teardownDatabase(): Promise<void> {
  const name = process.env[STATE_KEY];
  const serverUrl = process.env.CRESCENT_TEST_SERVER_URL;
  if (!name || !serverUrl || process.env.KEEP_TEST_DATABASE === '1') return;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
