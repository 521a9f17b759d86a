import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { IHeaders } from 'kafkajs';
import { DLQ_HEADERS, impactsMessages, SCHEMA_HEADER, TOPICS, type ImpactOfEvent } from '@crescent/contracts';
import {
  LIBYA_REGISTRY,
  mapEventToImpacts,
  normaliseMessage,
  NOT_UTF8,
  type GeoEvent,
  type Impact,
  type Rejection,
} from '@crescent/domain';
import { TransactionalPublisher, type KafkaBatch, type OutgoingRecord } from '@crescent/kafka';
import { EventStoreRepository, type EventOrigin } from '@crescent/persistence';
import { MetricsService } from '@crescent/runtime';

export const INGEST_PUBLISHER = Symbol('INGEST_PUBLISHER');

export type Outcome = 'accepted' | 'irrelevant' | 'duplicate' | 'rejected';

export interface Decision {
  readonly offset: string;
  readonly value: Buffer | null;
  readonly outcome: Outcome;
  readonly event?: GeoEvent;
  readonly impacts?: readonly Impact[];
  readonly rejection?: Rejection;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * How far after its Kafka message was produced an event may say it became known. A feed's
 * clock or time zone may be off by hours; a day or more ahead is a wrong date, and an impact
 * dated in the future would take effect only then: refused, with its reason, instead.
 */
export const FUTURE_TOLERANCE_MS = 24 * 3_600_000;

/** An event dated more than FUTURE_TOLERANCE_MS after `producedAtMs`: why it is refused. */
function futureDated(event: GeoEvent, producedAtMs: number): Rejection | undefined {
  const atMs = Math.max(event.knownAt.toMillis(), event.occurredAt.toMillis());
  if (!(atMs > producedAtMs + FUTURE_TOLERANCE_MS)) return undefined;
  const field = event.knownAt.toMillis() >= event.occurredAt.toMillis() ? 'knownAt' : 'occurredAt';
  const at = (ms: number): string => new Date(ms).toISOString();
  return {
    code: 'invalid_date',
    reason:
      `${field} ${at(atMs)} is more than a day after the message was produced (${at(producedAtMs)}): ` +
      'an event cannot be known before it is reported',
    field,
  };
}

/**
 * Parses, validates and classifies one raw message through the domain. Never throws.
 * Exported for the fuzz tests, which push thousands of hostile values through it.
 * `producedAtMs` is the message's Kafka timestamp: an event dated over a day after it is
 * refused (see FUTURE_TOLERANCE_MS). It comes with the message, so consuming a batch again
 * decides the same.
 */
export function decide(offset: string, value: Buffer | null, producedAtMs?: number): Decision {
  if (value === null || value.length === 0) {
    return {
      offset,
      value,
      outcome: 'rejected',
      rejection: { code: 'empty_input', reason: 'empty message value' },
    };
  }
  let text: string;
  try {
    text = utf8.decode(value);
  } catch {
    return { offset, value, outcome: 'rejected', rejection: NOT_UTF8 };
  }
  const result = normaliseMessage(text, { registry: LIBYA_REGISTRY });
  if (!result.ok) return { offset, value, outcome: 'rejected', rejection: result.rejection };
  const event = result.value;
  if (producedAtMs !== undefined && Number.isFinite(producedAtMs)) {
    const rejection = futureDated(event, producedAtMs);
    if (rejection !== undefined) return { offset, value, outcome: 'rejected', rejection };
  }
  if (event.type === 'irrelevant') return { offset, value, outcome: 'irrelevant', event };
  const impacts = mapEventToImpacts(event, LIBYA_REGISTRY);
  if (impacts.length === 0) return { offset, value, outcome: 'irrelevant', event };
  // Text the database cannot keep (NUL, a lone surrogate), which would fail its batch
  // forever, is refused by normaliseMessage already, for the backtest too (storableEvent).
  return { offset, value, outcome: 'accepted', event, impacts };
}

/**
 * The ingestor's use case: one batch of one raw-topic partition in, impacts and
 * dead letters out.
 *
 * Exactly once in effect, by a Kafka transaction: impacts, dead letters and the
 * consumer offset are committed together with `sendOffsets`, so they become visible
 * all at once or not at all. Events and impacts are written to PostgreSQL first, in
 * their own transaction, idempotently (ON CONFLICT DO NOTHING). If the process dies
 * between the two commits, the batch is consumed again; its events are found in the
 * database with this very message as their origin, so they are recognised as our own
 * unfinished work and published again, not dropped as duplicates. Why not offsets in
 * the database: the ingestor's output is Kafka messages, and only a Kafka transaction
 * makes "published" and "consumed" one atomic fact.
 */
@Injectable()
export class IngestService {
  private readonly logger = new Logger(IngestService.name);
  private readonly events = new EventStoreRepository();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(INGEST_PUBLISHER) private readonly publisher: TransactionalPublisher,
    private readonly metrics: MetricsService,
  ) {}

  async ingest(batch: KafkaBatch): Promise<void> {
    const end = this.metrics.batchSeconds.startTimer({ topic: batch.topic });
    const decisions = batch.messages.map((m) => decide(m.offset, m.value, Number(m.timestamp)));
    const origin = (offset: string): EventOrigin => ({
      topic: batch.topic,
      partition: batch.partition,
      offset,
    });

    const final = await this.dataSource.transaction(async (m) => {
      const candidates = decisions.filter((d) => d.outcome === 'accepted');
      const existing = await this.events.findExisting(
        m,
        candidates.map((d) => d.event as GeoEvent),
      );
      const seenIds = new Map<string, EventOrigin | undefined>();
      const seenContent = new Map<string, EventOrigin | undefined>();
      for (const e of existing) {
        seenIds.set(e.id, e.origin);
        seenContent.set(`${e.source}\u0000${e.contentHash}`, e.origin);
      }
      const sameOrigin = (a: EventOrigin | undefined, b: EventOrigin): boolean =>
        a !== undefined && a.topic === b.topic && a.partition === b.partition && a.offset === b.offset;

      const kept: Decision[] = [];
      const toStore: Array<{ event: GeoEvent; origin: EventOrigin }> = [];
      for (const d of decisions) {
        if (d.outcome !== 'accepted' || !d.event) {
          kept.push(d);
          continue;
        }
        const here = origin(d.offset);
        const contentKey = `${d.event.source}\u0000${d.event.raw.contentHash}`;
        const byId = seenIds.has(d.event.id) ? seenIds.get(d.event.id) : null;
        const byContent = seenContent.has(contentKey) ? seenContent.get(contentKey) : null;
        const known = byId !== null ? byId : byContent;
        if ((byId !== null || byContent !== null) && !sameOrigin(known ?? undefined, here)) {
          kept.push({ ...d, outcome: 'duplicate' });
          continue;
        }
        const ownRetry = known !== null;
        seenIds.set(d.event.id, here);
        seenContent.set(contentKey, here);
        if (!ownRetry) toStore.push({ event: d.event, origin: here });
        kept.push(d);
      }
      // A concurrent instance may have stored the same event since findExisting: only
      // what this transaction really inserted (or stored in an earlier try) goes out.
      // In id order, so two batches inserting the same ids at once wait rather than deadlock.
      toStore.sort((a, b) => (a.event.id < b.event.id ? -1 : a.event.id > b.event.id ? 1 : 0));
      const inserted = await this.events.insertEvents(m, toStore);
      const stored = new Set(toStore.map((s) => s.event.id));
      const out = kept.map((d) =>
        d.outcome === 'accepted' && d.event && stored.has(d.event.id) && !inserted.has(d.event.id)
          ? { ...d, outcome: 'duplicate' as const }
          : d,
      );
      await this.events.insertImpacts(
        m,
        out.flatMap((d) =>
          d.outcome === 'accepted' && d.event && inserted.has(d.event.id) ? (d.impacts ?? []) : [],
        ),
      );
      return out;
    });

    const records: OutgoingRecord[] = [];
    const impacts: ImpactOfEvent[] = [];
    for (const d of final) {
      if (d.outcome === 'accepted' && d.event && d.impacts) {
        for (const impact of d.impacts) impacts.push({ impact, event: d.event });
      } else if (d.outcome === 'rejected' && d.rejection) {
        records.push({
          topic: TOPICS.deadLetter,
          message: { value: d.value, headers: this.dlqHeaders(batch, d) },
        });
      }
    }
    // One message per asset for the whole batch: each asset's impacts in event order.
    for (const { assetId, value } of impactsMessages(impacts)) {
      records.push({
        topic: TOPICS.assetImpacts,
        message: { key: assetId, value, headers: { [SCHEMA_HEADER]: TOPICS.assetImpacts } },
      });
    }
    const last = batch.messages[batch.messages.length - 1];
    if (!last) return;
    await this.publisher.publishWithOffsets(records, {
      groupId: batch.groupId,
      topic: batch.topic,
      partition: batch.partition,
      nextOffset: (BigInt(last.offset) + 1n).toString(),
    });
    const counts: Record<Outcome, number> = { accepted: 0, irrelevant: 0, duplicate: 0, rejected: 0 };
    for (const d of final) counts[d.outcome] += 1;
    for (const [outcome, n] of Object.entries(counts)) {
      if (n > 0) this.metrics.messages.inc({ topic: batch.topic, outcome }, n);
    }
    this.logger.debug(
      `${batch.topic}/${batch.partition} up to ${last.offset}: ${JSON.stringify(counts)}, ${impacts.length} impacts in ${records.length} messages`,
    );
    const impactMessages = records.filter((r) => r.topic === TOPICS.assetImpacts).length;
    this.metrics.published.inc({ topic: TOPICS.assetImpacts }, impactMessages);
    if (records.length > impactMessages)
      this.metrics.published.inc({ topic: TOPICS.deadLetter }, records.length - impactMessages);
    end();
  }

  private dlqHeaders(batch: KafkaBatch, d: Decision): IHeaders {
    const rejection = d.rejection as Rejection;
    this.logger.warn(
      `dead-lettered ${batch.topic}/${batch.partition}@${d.offset}: ${rejection.code}: ${rejection.reason}`,
    );
    return {
      [DLQ_HEADERS.reason]: rejection.reason,
      [DLQ_HEADERS.code]: rejection.code,
      [DLQ_HEADERS.sourceTopic]: batch.topic,
      [DLQ_HEADERS.sourcePartition]: String(batch.partition),
      [DLQ_HEADERS.sourceOffset]: d.offset,
    };
  }
}
