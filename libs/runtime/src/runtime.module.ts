import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { HealthController } from './health.controller';
import { InFlightInterceptor, InFlightWork } from './in-flight-work';
import { MetricsController, MetricsService } from './metrics';
import { ReadinessService } from './readiness.service';

/**
 * Health and metrics endpoints, the readiness registry, the metrics every app shares, and
 * the count of handlers in flight (for the database to wait on when the app stops).
 */
@Global()
@Module({
  controllers: [HealthController, MetricsController],
  providers: [
    ReadinessService,
    MetricsService,
    InFlightWork,
    { provide: APP_INTERCEPTOR, useClass: InFlightInterceptor },
  ],
  exports: [ReadinessService, MetricsService, InFlightWork],
})
export class RuntimeModule {}
