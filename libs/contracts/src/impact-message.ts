import { DateTime } from 'luxon';
import { utcDateTime, type GeoEvent, type Impact } from '@crescent/domain';
import type { AssetImpact, AssetImpactsMessage } from './messages';
import { TOPICS } from './topics';

/** An impact with the event it came from, as the ingestor publishes it. */
export interface ImpactOfEvent {
  readonly impact: Impact;
  readonly event: Pick<GeoEvent, 'source' | 'kind' | 'summary'>;
}

/**
 * The most JSON one `oil.asset-impacts` message carries. The broker refuses a record batch
 * over its `max.message.bytes` (1 MiB by default), and the publishers cut requests at
 * 512 KiB; an asset's impacts from a large batch are split into messages of this size.
 */
export const MAX_IMPACTS_MESSAGE_BYTES = 256 * 1024;

/** One impact as an entry of its asset's message. */
export function toAssetImpact({ impact, event }: ImpactOfEvent): AssetImpact {
  return {
    eventId: impact.eventId,
    eventType: impact.eventType,
    channel: impact.channel,
    intensity: impact.intensity,
    at: impact.at.toUTC().toISO() ?? '',
    ...(impact.outage ? { outage: impact.outage } : {}),
    ...(impact.via ? { via: impact.via } : {}),
    explanation: impact.explanation,
    event: { source: event.source, kind: event.kind, summary: event.summary },
  };
}

/**
 * `JSON.stringify(toAssetImpact(item))`, the same text, made from parts. One event's impacts
 * come one after another and share its id, instant and `event` part, which are made once
 * for them all. Building each entry as an object and stringifying it was the ingestor's
 * largest cost of its own: 1.1-1.3 CPU s for the 302,024 impacts of 20,000 bench events.
 */
class EntryWriter {
  private event: ImpactOfEvent['event'] | undefined;
  private eventJson = '';
  private eventId: string | undefined;
  private eventIdJson = '';
  private atMs = Number.NaN;
  private atJson = '';

  entry({ impact, event }: ImpactOfEvent): string {
    if (event !== this.event) {
      this.event = event;
      this.eventJson = JSON.stringify({ source: event.source, kind: event.kind, summary: event.summary });
    }
    if (impact.eventId !== this.eventId) {
      this.eventId = impact.eventId;
      this.eventIdJson = JSON.stringify(impact.eventId);
    }
    const atMs = impact.at.toMillis();
    if (atMs !== this.atMs) {
      this.atMs = atMs;
      this.atJson = JSON.stringify(impact.at.toUTC().toISO() ?? '');
    }
    let json =
      `{"eventId":${this.eventIdJson},"eventType":${JSON.stringify(impact.eventType)}` +
      `,"channel":${JSON.stringify(impact.channel)},"intensity":${JSON.stringify(impact.intensity)}` +
      `,"at":${this.atJson}`;
    if (impact.outage) json += `,"outage":${JSON.stringify(impact.outage)}`;
    if (impact.via) json += `,"via":${JSON.stringify(impact.via)}`;
    return `${json},"explanation":${JSON.stringify(impact.explanation)},"event":${this.eventJson}}`;
  }
}

/**
 * The `oil.asset-impacts` messages for `items` (a batch's impacts, in order): one per asset,
 * in the order each asset first appears, its impacts in their order; an asset whose impacts
 * exceed `maxBytes` of JSON gets several messages, in order. Values are JSON texts that
 * `assetImpactsMessageSchema` accepts.
 */
export function impactsMessages(
  items: readonly ImpactOfEvent[],
  maxBytes = MAX_IMPACTS_MESSAGE_BYTES,
): Array<{ assetId: string; value: string }> {
  const open = new Map<string, { entries: string[]; bytes: number }>();
  const out: Array<{ assetId: string; entries: string[] }> = [];
  const writer = new EntryWriter();
  for (const item of items) {
    const assetId = item.impact.assetId;
    const json = writer.entry(item);
    const bytes = Buffer.byteLength(json) + 1;
    let current = open.get(assetId);
    if (current && current.bytes + bytes > maxBytes) current = undefined;
    if (!current) {
      current = { entries: [], bytes: 96 + assetId.length };
      open.set(assetId, current);
      out.push({ assetId, entries: current.entries });
    }
    current.entries.push(json);
    current.bytes += bytes;
  }
  return out.map(({ assetId, entries }) => ({
    assetId,
    value: `{"schema":"${TOPICS.assetImpacts}","assetId":${JSON.stringify(assetId)},"impacts":[${entries.join(',')}]}`,
  }));
}

/**
 * The instant of a validated ISO timestamp (always with Z or an offset) in UTC. `Date.parse`
 * reads every such string to the same millisecond as luxon's `fromISO` and costs a tenth of
 * it; that parse was 5.8 % of the scorer's CPU profile under `npm run bench`. Anything it cannot read
 * goes to luxon. The DateTime is the domain's `utcDateTime`: what `DateTime.fromMillis` gives,
 * without building a Locale per call (in the scorer's profile under a 20,000-event bench,
 * making these instants took 1.6 CPU s of 26 with fromMillis, 1.1 s with it).
 */
function utcInstant(iso: string): DateTime {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? DateTime.fromISO(iso, { zone: 'utc' }) : utcDateTime(ms);
}

/** The domain impacts a (validated) `oil.asset-impacts` message carries, in order. */
export function fromImpactsMessage(msg: AssetImpactsMessage): Impact[] {
  return msg.impacts.map((i) => ({
    eventId: i.eventId,
    assetId: msg.assetId,
    eventType: i.eventType,
    channel: i.channel,
    intensity: i.intensity,
    at: utcInstant(i.at),
    ...(i.outage ? { outage: i.outage } : {}),
    ...(i.via ? { via: i.via } : {}),
    explanation: i.explanation,
  }));
}
