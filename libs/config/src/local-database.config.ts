import { z } from 'zod';
import { type EnvSource, loadConfig } from './load-config';
import { databaseSchema, envNumber } from './schemas';

/**
 * The embedded database `crescent up` (npm start) serves when DATABASE_URL is unset: one
 * PGlite instance in PGLITE_DATA_DIR, shared with the apps over the PostgreSQL protocol.
 */
export const localDatabaseConfigSchema = z.object({
  PGLITE_DATA_DIR: databaseSchema.shape.PGLITE_DATA_DIR,
  PGLITE_PORT: envNumber({ min: 0, max: 65535 })
    .default(54320)
    .describe(
      'Port on 127.0.0.1 where npm start serves the embedded PGlite database to the apps (PostgreSQL protocol) when DATABASE_URL is unset; 0 = any free port.',
    ),
});

export type LocalDatabaseConfig = z.infer<typeof localDatabaseConfigSchema>;

export function loadLocalDatabaseConfig(env: EnvSource = process.env): LocalDatabaseConfig {
  return loadConfig(localDatabaseConfigSchema, env);
}
