import { Global, Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { MetricsController, MetricsService } from './metrics';
import { ReadinessService } from './readiness.service';

/** Health and metrics endpoints, the readiness registry and the metrics every app shares. */
@Global()
@Module({
  controllers: [HealthController, MetricsController],
  providers: [ReadinessService, MetricsService],
  exports: [ReadinessService, MetricsService],
})
export class RuntimeModule {}
