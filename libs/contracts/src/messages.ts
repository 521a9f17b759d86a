import { z } from 'zod';
import { ASSET_KINDS, EVENT_TYPES, RISK_STATUSES } from '@crescent/domain';
import { TOPICS } from './topics';

/**
 * Message schemas, one per topic. Producers build messages through these types and
 * consumers validate with them; the JSON Schemas in docs/schemas/ are generated from
 * here (`crescent schemas`), never written by hand.
 */

const isoUtc = z.iso.datetime({ offset: true }).describe('ISO-8601 timestamp, UTC');
const kbd = z.number().nonnegative();
const channel = z.enum(['direct', 'proximity', 'pipeline', 'faction', 'national']);
const status = z.enum(RISK_STATUSES);

export const driverSchema = z
  .object({
    eventId: z.string().describe('Id of the event behind this share of the score'),
    eventType: z.enum(EVENT_TYPES),
    assetId: z.string().describe('The asset the event hit: this one, or a terminal or valve on its route'),
    channel,
    share: z
      .number()
      .min(0)
      .max(1)
      .describe(
        "This event's share, 0..1, of what drives the score: of the positive per-event hazard contributions (de-escalating events are not drivers), or, for a disrupted asset, of the outage records in force",
      ),
  })
  .meta({ id: 'Driver' });

/** One impact inside an `oil.asset-impacts` message; the asset is the message's. */
export const assetImpactSchema = z
  .object({
    eventId: z.string(),
    eventType: z.enum(EVENT_TYPES),
    channel,
    intensity: z
      .number()
      .describe('Signed hazard contribution before decay, events per week; < 0 de-escalation'),
    at: isoUtc.describe('When the impact takes effect: the event knownAt'),
    outage: z
      .enum(['start', 'end'])
      .optional()
      .describe('The event reports this asset shut (start) or restarted (end)'),
    via: z.string().optional().describe('For the pipeline channel: the asset the event hit'),
    explanation: z.string(),
    event: z.object({
      source: z.string(),
      kind: z.enum(['news', 'event', 'gdelt', 'acled']),
      summary: z.string(),
    }),
  })
  .meta({ id: 'AssetImpact' });

export const assetImpactsMessageSchema = z
  .object({
    schema: z.literal(TOPICS.assetImpacts),
    assetId: z.string(),
    impacts: z
      .array(assetImpactSchema)
      .min(1)
      .describe('In the order the ingestor found them (event by event); each one applies to assetId'),
  })
  .meta({
    id: 'AssetImpacts',
    description: `Value of ${TOPICS.assetImpacts}; key = assetId. The impacts one ingested batch of events has on one asset.`,
  });

export const riskScoreMessageSchema = z
  .object({
    schema: z.literal(TOPICS.riskScores),
    assetId: z.string(),
    assetName: z.string(),
    assetKind: z.enum(ASSET_KINDS),
    seq: z
      .number()
      .int()
      .positive()
      .describe('Per-asset sequence number: a message with a seq already seen is a replay, not news'),
    asOf: isoUtc,
    score: z.number().min(0).max(100).describe('0..100 = 100 x probability'),
    probability: z.number().min(0).max(1).describe('Probability of a disruption within the horizon'),
    horizonDays: z.number().positive(),
    expectedLossKbd: kbd.describe('Expected barrels at risk, kb/d'),
    baselineKbd: kbd.describe('2019-20 baseline output or throughput, kb/d'),
    status,
    drivers: z.array(driverSchema),
    modelVersion: z.string(),
  })
  .meta({ id: 'RiskScore', description: `Value of ${TOPICS.riskScores}; key = assetId` });

export const nationalRiskMessageSchema = z
  .object({
    schema: z.literal(TOPICS.nationalRisk),
    assetId: z.literal('LY'),
    seq: z.number().int().positive(),
    asOf: isoUtc,
    score: z.number().min(0).max(100),
    probability: z.number().min(0).max(1),
    status,
    expectedLossKbd: kbd,
    baselineKbd: kbd.describe('Sum of field baselines, kb/d'),
    lossShare: z.number().min(0).max(1).describe('expectedLossKbd / baselineKbd'),
    p10Kbd: kbd,
    p50Kbd: kbd,
    p90Kbd: kbd,
    disruptedKbd: kbd.describe('Baseline of the fields currently disrupted, kb/d'),
    drivers: z.array(driverSchema),
    modelVersion: z.string(),
  })
  .meta({ id: 'NationalRisk', description: `Value of ${TOPICS.nationalRisk}; key = "LY"` });

export const alertMessageSchema = z
  .object({
    schema: z.literal(TOPICS.alerts),
    assetId: z.string(),
    assetName: z.string(),
    seq: z.number().int().positive().describe('The seq of the score that crossed'),
    asOf: isoUtc,
    previousStatus: status,
    status,
    score: z.number().min(0).max(100),
    expectedLossKbd: kbd,
    drivers: z.array(driverSchema),
    modelVersion: z.string(),
  })
  .meta({ id: 'Alert', description: `Value of ${TOPICS.alerts}; key = assetId` });

export type DriverMessage = z.infer<typeof driverSchema>;
export type AssetImpact = z.infer<typeof assetImpactSchema>;
export type AssetImpactsMessage = z.infer<typeof assetImpactsMessageSchema>;
export type RiskScoreMessage = z.infer<typeof riskScoreMessageSchema>;
export type NationalRiskMessage = z.infer<typeof nationalRiskMessageSchema>;
export type AlertMessage = z.infer<typeof alertMessageSchema>;

/** Schema of each topic Crescent produces with a JSON value. */
export const MESSAGE_SCHEMAS = {
  [TOPICS.assetImpacts]: assetImpactsMessageSchema,
  [TOPICS.riskScores]: riskScoreMessageSchema,
  [TOPICS.nationalRisk]: nationalRiskMessageSchema,
  [TOPICS.alerts]: alertMessageSchema,
} as const;
