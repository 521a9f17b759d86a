import { Controller, Get, Header, Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The process's Prometheus metrics. One registry per app; the names are the
 * contract with dashboards and alert rules, so they only ever get added to.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  /** Messages consumed, by topic and what became of them (accepted, irrelevant, duplicate, rejected, applied, skipped). */
  readonly messages = new Counter({
    name: 'crescent_messages_total',
    help: 'Messages consumed, by topic and outcome',
    labelNames: ['topic', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly consumerLag = new Gauge({
    name: 'crescent_consumer_lag_messages',
    help: 'Messages between the last consumed offset and the partition end, per partition',
    labelNames: ['topic', 'partition'] as const,
    registers: [this.registry],
  });

  readonly batchFailures = new Counter({
    name: 'crescent_batch_failures_total',
    help: 'Batches that failed and were retried (database or broker unavailable)',
    labelNames: ['topic'] as const,
    registers: [this.registry],
  });

  readonly batchSeconds = new Histogram({
    name: 'crescent_batch_duration_seconds',
    help: 'Time to process one batch, including its database transaction',
    labelNames: ['topic'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly published = new Counter({
    name: 'crescent_published_total',
    help: 'Messages published, by topic',
    labelNames: ['topic'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'crescent_process_' });
  }
}

@Controller()
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
