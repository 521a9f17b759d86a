import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '@crescent/config';
import { AlertEntity } from './entities/alert.entity';
import { ApiKeyEntity } from './entities/api-key.entity';
import { AssetStateEntity } from './entities/asset-state.entity';
import { AssetEntity } from './entities/asset.entity';
import { ConsumerOffsetEntity } from './entities/consumer-offset.entity';
import { EventEntity } from './entities/event.entity';
import { ImpactEntity } from './entities/impact.entity';
import { ScoreHistoryEntity } from './entities/score-history.entity';
import { ScorerClockEntity } from './entities/scorer-clock.entity';
import { InitialSchema1764288000000 } from './migrations/1764288000000-InitialSchema';
import { ApiKeys1764300000000 } from './migrations/1764300000000-ApiKeys';
import { ChangeNotifications1764400000000 } from './migrations/1764400000000-ChangeNotifications';
import { LeanImpacts1764500000000 } from './migrations/1764500000000-LeanImpacts';
import { serializedPGliteDriver } from './pglite-driver';

export const ENTITIES = [
  AssetEntity,
  EventEntity,
  ImpactEntity,
  AssetStateEntity,
  ConsumerOffsetEntity,
  ScoreHistoryEntity,
  AlertEntity,
  ScorerClockEntity,
  ApiKeyEntity,
];

/** In order. A new migration is `<epoch>-<Name>.ts` in ./migrations, listed here. */
export const MIGRATIONS = [
  InitialSchema1764288000000,
  ApiKeys1764300000000,
  ChangeNotifications1764400000000,
  LeanImpacts1764500000000,
];

/**
 * The one place a database connection is described. `DATABASE_URL` selects a
 * PostgreSQL server; unset, an embedded PGlite database in `PGLITE_DATA_DIR`
 * serves (one process at a time, its transactions serialised; local runs). The schema
 * comes from migrations only.
 */
export function dataSourceOptions(config: DatabaseConfig): DataSourceOptions {
  const common = {
    type: 'postgres' as const,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'each' as const,
    logging: ['error' as const],
  };
  if (config.DATABASE_URL !== undefined) {
    return { ...common, url: config.DATABASE_URL, extra: { max: config.DATABASE_POOL_SIZE } };
  }
  const dataDir = resolve(config.PGLITE_DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  return { ...common, driver: serializedPGliteDriver({ dataDir }) };
}

export function createDataSource(config: DatabaseConfig): DataSource {
  return new DataSource(dataSourceOptions(config));
}

/** Which database serves, for logs and health output (never includes a password). */
export function describeDatabase(config: DatabaseConfig): string {
  if (config.DATABASE_URL === undefined) return `pglite:${resolve(config.PGLITE_DATA_DIR)}`;
  const url = new URL(config.DATABASE_URL);
  return `postgres://${url.hostname}:${url.port || '5432'}${url.pathname}`;
}
