import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { TOPICS } from '@crescent/contracts';
import type { KafkaBatch } from '@crescent/kafka';
import { ScoringService } from './scoring.service';

/** Transport adapter: a batch of impacts (one partition, keyed by asset) goes to the scoring use case. */
@Controller()
export class ImpactsController {
  constructor(private readonly scoring: ScoringService) {}

  @EventPattern(TOPICS.assetImpacts)
  async onBatch(@Payload() batch: KafkaBatch): Promise<void> {
    await this.scoring.applyBatch(batch);
  }
}
