import { type DynamicModule, Module } from '@nestjs/common';
import { DatabaseModule, RuntimeModule, loggingModule } from '@crescent/runtime';
import type { IngestorConfig } from './ingestor.config';

@Module({})
export class IngestorModule {
  static forRoot(config: IngestorConfig): DynamicModule {
    return {
      module: IngestorModule,
      imports: [loggingModule(config, 'ingestor'), RuntimeModule, DatabaseModule.forRoot(config)],
    };
  }
}
