import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { loadConfig, databaseSchema } from '@crescent/config';
import { createDataSource } from '@crescent/persistence';

/** The run's database (created and migrated by the global setup). */
export function testDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: the integration global setup did not run');
  return url;
}

export async function openTestDataSource(url = testDatabaseUrl()): Promise<DataSource> {
  return createDataSource(
    loadConfig(databaseSchema, { DATABASE_URL: url, DATABASE_POOL_SIZE: '4' }),
  ).initialize();
}

/** An extra empty database on the same server, for tests that need one to themselves. */
export async function createScratchDatabase(
  label: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const server = new URL(testDatabaseUrl());
  const name = `${server.pathname.slice(1)}_${label}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new Client({ connectionString: server.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(server.toString());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: server.toString() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}
