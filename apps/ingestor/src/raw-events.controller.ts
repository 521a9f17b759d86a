import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { TOPICS } from '@crescent/contracts';
import type { KafkaBatch } from '@crescent/kafka';
import { IngestService } from './ingest.service';

/** Transport adapter: a batch of raw events goes to the ingest use case. */
@Controller()
export class RawEventsController {
  constructor(private readonly ingest: IngestService) {}

  @EventPattern(TOPICS.rawEvents)
  async onBatch(@Payload() batch: KafkaBatch): Promise<void> {
    await this.ingest.ingest(batch);
  }
}
