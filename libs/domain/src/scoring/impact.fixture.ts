import { DateTime } from 'luxon';
import type { EventType } from '../events/event-type';
import type { Impact, ImpactChannel, OutageSignal } from '../mapping/impact';

/** Builds an Impact for specs: only what the scorer reads, with readable defaults. */
export function impactFixture(fields: {
  eventId: string;
  assetId: string;
  at: string;
  eventType?: EventType;
  intensity?: number;
  channel?: ImpactChannel;
  outage?: OutageSignal;
  via?: string;
}): Impact {
  const base = {
    eventId: fields.eventId,
    assetId: fields.assetId,
    eventType: fields.eventType ?? 'armed_clash',
    channel: fields.channel ?? 'direct',
    intensity: fields.intensity ?? 1,
    at: DateTime.fromISO(fields.at, { zone: 'utc' }),
    explanation: 'spec',
  };
  return {
    ...base,
    ...(fields.outage !== undefined ? { outage: fields.outage } : {}),
    ...(fields.via !== undefined ? { via: fields.via } : {}),
  };
}
