import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  SCHEMA_HEADER,
  TOPICS,
  type AlertMessage,
  type DriverMessage,
  type NationalRiskMessage,
  type RiskScoreMessage,
} from '@crescent/contracts';
import { DEFAULT_MODEL_PARAMS, LIBYA_REGISTRY, NATIONAL_ASSET_ID, type RiskStatus } from '@crescent/domain';
import type { IdempotentPublisher, OutgoingRecord } from '@crescent/kafka';
import { OutboxRepository, type OutboxAlert, type OutboxScore } from '@crescent/persistence';
import { MetricsService } from '@crescent/runtime';
import { SCORER_PUBLISHER } from './scorer.tokens';

const CLAIM = 500;

function record(topic: string, key: string, value: unknown): OutgoingRecord {
  return { topic, message: { key, value: JSON.stringify(value), headers: { [SCHEMA_HEADER]: topic } } };
}

function scoreMessage(r: OutboxScore): OutgoingRecord {
  const drivers = r.drivers as DriverMessage[];
  const status = r.status as RiskStatus;
  if (r.assetId === NATIONAL_ASSET_ID) {
    const d = r.detail ?? {};
    const value: NationalRiskMessage = {
      schema: TOPICS.nationalRisk,
      assetId: NATIONAL_ASSET_ID,
      seq: r.seq,
      asOf: r.asOf,
      score: r.score,
      probability: r.pDisruption,
      status,
      expectedLossKbd: r.expectedLossKbd,
      baselineKbd: r.baselineKbd,
      lossShare: Number(d.lossShare ?? 0),
      p10Kbd: Number(d.p10Kbd ?? 0),
      p50Kbd: Number(d.p50Kbd ?? 0),
      p90Kbd: Number(d.p90Kbd ?? 0),
      disruptedKbd: Number(d.disruptedKbd ?? 0),
      drivers,
      modelVersion: r.modelVersion,
    };
    return record(TOPICS.nationalRisk, NATIONAL_ASSET_ID, value);
  }
  const asset = LIBYA_REGISTRY.get(r.assetId);
  const value: RiskScoreMessage = {
    schema: TOPICS.riskScores,
    assetId: r.assetId,
    assetName: asset?.name ?? r.assetId,
    assetKind: asset?.kind ?? 'field',
    seq: r.seq,
    asOf: r.asOf,
    score: r.score,
    probability: r.pDisruption,
    horizonDays: DEFAULT_MODEL_PARAMS.horizonDays,
    expectedLossKbd: r.expectedLossKbd,
    baselineKbd: r.baselineKbd,
    status,
    drivers,
    modelVersion: r.modelVersion,
  };
  return record(TOPICS.riskScores, r.assetId, value);
}

function alertMessage(a: OutboxAlert): OutgoingRecord {
  const value: AlertMessage = {
    schema: TOPICS.alerts,
    assetId: a.assetId,
    assetName: a.assetId === NATIONAL_ASSET_ID ? 'Libya' : (LIBYA_REGISTRY.get(a.assetId)?.name ?? a.assetId),
    seq: a.seq,
    asOf: a.asOf,
    previousStatus: a.previousStatus as RiskStatus,
    status: a.status as RiskStatus,
    score: a.score,
    expectedLossKbd: a.expectedLossKbd,
    drivers: a.drivers as DriverMessage[],
    modelVersion: a.modelVersion,
  };
  return record(TOPICS.alerts, a.assetId, value);
}

/**
 * Puts committed score, national and alert rows on Kafka, then marks them published,
 * in one database transaction per chunk. A crash between the send and the mark means
 * those rows are sent again later: at least once, and the per-asset `seq` lets a
 * consumer drop what it has already seen. Nothing committed is ever left unsent.
 */
@Injectable()
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly outbox = new OutboxRepository();
  private running: Promise<void> | undefined;
  private again = false;
  /** The running pass has not yet sent its claim: whatever is committed now, it will see. */
  private beforeClaim = false;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(SCORER_PUBLISHER) private readonly publisher: IdempotentPublisher,
    private readonly metrics: MetricsService,
  ) {}

  /**
   * Drains the outbox. A call during a pass that has not yet claimed rides on that pass (the
   * claim will see what the caller committed: the batches of one group transaction all call
   * this right after its commit); one during a later stage of a pass gets one more pass.
   */
  async flush(): Promise<void> {
    if (this.running) {
      if (!this.beforeClaim) this.again = true;
      return this.running;
    }
    this.running = this.drain().finally(() => {
      this.running = undefined;
      this.beforeClaim = false;
    });
    return this.running;
  }

  private async drain(): Promise<void> {
    do {
      this.again = false;
      while (await this.publishChunk()) {
        // keep going while full chunks come back
      }
    } while (this.again);
  }

  private async publishChunk(): Promise<boolean> {
    this.beforeClaim = true;
    return this.dataSource.transaction(async (m) => {
      this.beforeClaim = false;
      const scores = await this.outbox.claimScores(m, CLAIM);
      const alerts = await this.outbox.claimAlerts(m, CLAIM);
      if (scores.length === 0 && alerts.length === 0) return false;
      const records = [...scores.map(scoreMessage), ...alerts.map(alertMessage)];
      await this.publisher.publish(records);
      await this.outbox.markPublished(
        m,
        scores.map((s) => s.id),
        alerts.map((a) => a.id),
      );
      for (const r of records) this.metrics.published.inc({ topic: r.topic });
      this.logger.debug?.(`published ${scores.length} scores and ${alerts.length} alerts`);
      return scores.length === CLAIM || alerts.length === CLAIM;
    });
  }
}
