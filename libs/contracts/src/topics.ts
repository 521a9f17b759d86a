/**
 * Every Kafka topic Crescent reads or writes. The suffix is the contract version: a
 * breaking change to a message gets a new topic, never an edit of the old one.
 */
export const TOPICS = {
  /** Input: JSON of any accepted kind (news, event, gdelt, acled) or a raw GDELT line. */
  rawEvents: 'geo.events.raw.v1',
  /** Input messages refused by the ingestor, original bytes as the value, reason in headers. */
  deadLetter: 'geo.events.dlq.v1',
  /**
   * The impacts of one ingested batch on one asset, one message per asset; key = asset id.
   * (v1 was one message per impact: 14 messages per event on average, most of the pipeline's
   * Kafka cost; docs/performance.md.)
   */
  assetImpacts: 'oil.asset-impacts.v2',
  /** Per-asset risk scores; key = asset id. */
  riskScores: 'oil.risk.scores.v1',
  /** The national aggregate (`LY`); key = "LY". */
  nationalRisk: 'oil.risk.national.v1',
  /** Status crossings; key = asset id (or "LY"). */
  alerts: 'oil.risk.alerts.v1',
} as const;

export type TopicName = (typeof TOPICS)[keyof typeof TOPICS];

/** Header names on dead-lettered messages. Values are UTF-8 strings. */
export const DLQ_HEADERS = {
  reason: 'crescent-dlq-reason',
  code: 'crescent-dlq-code',
  sourceTopic: 'crescent-source-topic',
  sourcePartition: 'crescent-source-partition',
  sourceOffset: 'crescent-source-offset',
  failedAt: 'crescent-dlq-failed-at',
} as const;

/** Header every Crescent-produced message carries: the schema id of its value. */
export const SCHEMA_HEADER = 'crescent-schema';
