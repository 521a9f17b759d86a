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
import { createDataSource, describeDatabase } from '@crescent/persistence';
import { ReadinessService } from './readiness.service';
import { RuntimeModule } from './runtime.module';

const DATABASE_CONFIG = Symbol('DATABASE_CONFIG');

/**
 * Provides the TypeORM `DataSource`. It is closed in `onApplicationShutdown`, the last
 * shutdown phase, so Kafka consumers (stopped in `beforeApplicationShutdown`) can still
 * commit their final batch.
 */
@Global()
@Module({})
export class DatabaseModule implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Database');

  constructor(
    private readonly dataSource: DataSource,
    private readonly readiness: ReadinessService,
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

  onModuleInit(): void {
    this.logger.log(`connected to ${describeDatabase(this.config)}`);
    this.readiness.register({
      name: 'database',
      check: async () => {
        await this.dataSource.query('SELECT 1');
        return { ok: true };
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.logger.log('closing the database connection');
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
