import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { DatabaseModule, RuntimeModule, loggingModule } from '@crescent/runtime';
import type { ApiConfig } from '@crescent/config';
import { ApiKeyGuard, RATE_LIMITER } from './auth/api-key.guard';
import { RateLimiter } from './auth/rate-limiter';
import { DashboardController } from './dashboard/dashboard.controller';
import { ProblemFilter } from './http/problem.filter';
import { READ_CACHE_OPTIONS, ReadCache } from './http/read-cache';
import { RouteTable } from './http/route-table';
import { AlertsController } from './risk/alerts.controller';
import { AssetsController } from './risk/assets.controller';
import { EventsController } from './risk/events.controller';
import { KeysController } from './risk/keys.controller';
import { NationalController } from './risk/national.controller';
import { RiskQueryService } from './risk/risk-query.service';
import { RiskStreamService, STREAM_POLL_MS } from './risk/risk-stream.service';
import { ScoresController } from './risk/scores.controller';
import { StreamController } from './risk/stream.controller';

@Module({})
export class ApiModule {
  static forRoot(config: ApiConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [loggingModule(config, 'api'), RuntimeModule, DatabaseModule.forRoot(config)],
      controllers: [
        AssetsController,
        ScoresController,
        NationalController,
        EventsController,
        AlertsController,
        KeysController,
        StreamController,
        DashboardController,
      ],
      providers: [
        RiskQueryService,
        RiskStreamService,
        { provide: STREAM_POLL_MS, useValue: config.API_STREAM_POLL_MS },
        ApiKeyGuard,
        ReadCache,
        RouteTable,
        {
          provide: READ_CACHE_OPTIONS,
          useValue: { databaseUrl: config.DATABASE_URL, maxEntries: config.API_CACHE_ENTRIES },
        },
        { provide: RATE_LIMITER, useValue: new RateLimiter(config.API_RATE_LIMIT_PER_MINUTE) },
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
    };
  }
}
