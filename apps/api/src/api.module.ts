import { type DynamicModule, Module } from '@nestjs/common';
import { DatabaseModule, RuntimeModule, loggingModule } from '@crescent/runtime';
import type { ApiConfig } from '@crescent/config';

@Module({})
export class ApiModule {
  static forRoot(config: ApiConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [loggingModule(config, 'api'), RuntimeModule, DatabaseModule.forRoot(config)],
    };
  }
}
