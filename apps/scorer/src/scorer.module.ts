import { type DynamicModule, Module } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { IdempotentPublisher } from '@crescent/kafka';
import { DatabaseModule, RuntimeModule, loggingModule } from '@crescent/runtime';
import { ImpactsController } from './impacts.controller';
import { OutboxRelay } from './outbox-relay.service';
import { RefreshScheduler } from './refresh.scheduler';
import { ScoringService } from './scoring.service';
import type { ScorerConfig } from '@crescent/config';
import { SCORER_CONFIG, SCORER_PUBLISHER } from './scorer.tokens';

@Module({})
export class ScorerModule {
  static forRoot(config: ScorerConfig, kafka: Kafka): DynamicModule {
    return {
      module: ScorerModule,
      imports: [loggingModule(config, 'scorer'), RuntimeModule, DatabaseModule.forRoot(config)],
      controllers: [ImpactsController],
      providers: [
        ScoringService,
        OutboxRelay,
        RefreshScheduler,
        { provide: SCORER_CONFIG, useValue: config },
        {
          provide: SCORER_PUBLISHER,
          useFactory: async () => {
            const publisher = new IdempotentPublisher(kafka, config.KAFKA_TOPIC_PREFIX);
            await publisher.connect();
            return publisher;
          },
        },
      ],
    };
  }
}
