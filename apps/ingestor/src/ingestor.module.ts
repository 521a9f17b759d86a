import { type DynamicModule, Module } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { TransactionalPublisher } from '@crescent/kafka';
import { DatabaseModule, RuntimeModule, loggingModule } from '@crescent/runtime';
import { INGEST_PUBLISHER, IngestService } from './ingest.service';
import { ingestorTransactionalId, type IngestorConfig } from '@crescent/config';
import { RawEventsController } from './raw-events.controller';

@Module({})
export class IngestorModule {
  static forRoot(config: IngestorConfig, kafka: Kafka): DynamicModule {
    return {
      module: IngestorModule,
      imports: [loggingModule(config, 'ingestor'), RuntimeModule, DatabaseModule.forRoot(config)],
      controllers: [RawEventsController],
      providers: [
        IngestService,
        {
          provide: INGEST_PUBLISHER,
          useFactory: async () => {
            const publisher = new TransactionalPublisher(
              kafka,
              ingestorTransactionalId(config),
              config.KAFKA_TOPIC_PREFIX,
            );
            await publisher.connect();
            return publisher;
          },
        },
      ],
    };
  }
}
