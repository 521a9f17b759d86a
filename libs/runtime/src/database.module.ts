import {
  type DynamicModule,
  Global,
  Inject,
  Logger,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DatabaseConfig } from '@crescent/config';
import { createDataSource, describeDatabase, migrationStatus } from '@crescent/persistence';
import { InFlightWork } from './in-flight-work';
import { ReadinessService } from './readiness.service';
import { RuntimeModule } from './runtime.module';

const DATABASE_CONFIG = Symbol('DATABASE_CONFIG');

/** How long the database waits for requests and handlers still running when the app stops, ms. */
const DRAIN_TIMEOUT_MS = 5_000;

/**
 * Provides the TypeORM `DataSource`. It is closed in `onApplicationShutdown`, the last
 * shutdown phase, so Kafka consumers (stopped in `beforeApplicationShutdown`) can still
 * commit their final batch, and once the requests and handlers still running have ended (see
 * `InFlightWork`; at most DRAIN_TIMEOUT_MS).
 */
@Global()
@Module({})
export class DatabaseModule implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Database');

  constructor(
    private readonly dataSource: DataSource,
    private readonly readiness: ReadinessService,
    private readonly inFlight: InFlightWork,
    @Inject(DATABASE_CONFIG) private readonly config: DatabaseConfig,
  ) {}

  static forRoot(config: DatabaseConfig): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [RuntimeModule],
      providers: [
        { provide: DATABASE_CONFIG, useValue: config },
        { provide: DataSource, useFactory: () => createDataSource(config).initialize() },
      ],
      exports: [DataSource],
    };
  }

  /** Set once every migration was found applied: they are never taken back while the app runs. */
  private migrated = false;

  onModuleInit(): void {
    this.logger.log(`connected to ${describeDatabase(this.config)}`);
    this.readiness.register({
      name: 'database',
      check: async () => {
        await this.dataSource.query('SELECT 1');
        if (this.migrated) return { ok: true };
        // The apps never migrate: a database that answers but lacks the schema is not ready
        // (every request would fail, a bad API key with a 500 instead of a 401).
        const pending = (await migrationStatus(this.dataSource)).filter((m) => !m.applied);
        if (pending.length > 0)
          return {
            ok: false,
            detail: `${pending.length} migration(s) not applied, first ${pending[0]?.name ?? ''}: run \`npm run crescent -- db migrate\``,
          };
        this.migrated = true;
        return { ok: true };
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.inFlight.count > 0) {
      this.logger.log(`waiting for ${this.inFlight.count} request(s) or handler(s) still running`);
      if (!(await this.inFlight.drained(DRAIN_TIMEOUT_MS)))
        this.logger.warn(
          `${this.inFlight.count} request(s) or handler(s) still running after ${DRAIN_TIMEOUT_MS} ms`,
        );
    }
    this.logger.log('closing the database connection');
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
