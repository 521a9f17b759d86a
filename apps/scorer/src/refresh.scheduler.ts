import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import { OutboxRelay } from './outbox-relay.service';
import { ScoringService } from './scoring.service';
import { SCORER_CONFIG } from './scorer.tokens';
import type { ScorerConfig } from '@crescent/config';

/**
 * Re-publishes every asset's decayed score on a schedule, and drains any outbox rows a
 * previous process committed but did not get to publish (after a crash).
 */
@Injectable()
export class RefreshScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(RefreshScheduler.name);
  private timer?: NodeJS.Timeout;
  private tick?: Promise<void>;

  constructor(
    private readonly scoring: ScoringService,
    private readonly relay: OutboxRelay,
    @Inject(SCORER_CONFIG) private readonly config: ScorerConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.relay.flush();
    const every = this.config.SCORE_REFRESH_INTERVAL_MS;
    if (every > 0) {
      this.timer = setInterval(() => {
        if (this.tick) return;
        this.tick = this.scoring
          .refreshAll()
          .then(() => undefined)
          .catch((err: unknown) => this.logger.warn(`refresh failed, will retry: ${(err as Error).message}`))
          .finally(() => {
            this.tick = undefined;
          });
      }, every);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.tick;
  }
}
