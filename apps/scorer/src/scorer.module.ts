import { type DynamicModule, Module } from '@nestjs/common';
import { DatabaseModule, RuntimeModule, loggingModule } from '@crescent/runtime';
import type { ScorerConfig } from './scorer.config';

@Module({})
export class ScorerModule {
  static forRoot(config: ScorerConfig): DynamicModule {
    return {
      module: ScorerModule,
      imports: [loggingModule(config, 'scorer'), RuntimeModule, DatabaseModule.forRoot(config)],
    };
  }
}
