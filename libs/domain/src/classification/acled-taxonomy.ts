import type { EventType } from '../events/event-type';

/** ACLED's six event types (codebook, 2019 onwards). Anything else is refused. */
export const ACLED_EVENT_TYPES = [
  'Battles',
  'Explosions/Remote violence',
  'Violence against civilians',
  'Protests',
  'Riots',
  'Strategic developments',
] as const;

export type AcledEventType = (typeof ACLED_EVENT_TYPES)[number];

export function isAcledEventType(value: string): value is AcledEventType {
  return (ACLED_EVENT_TYPES as readonly string[]).includes(value);
}

export interface AcledContext {
  /** The row names an oil asset (in its location or notes). */
  readonly atFacility: boolean;
  /** An actor is a foreign state or its forces. */
  readonly foreignActor: boolean;
}

/**
 * ACLED event and sub-event types mapped to Crescent's taxonomy. Violence at a named
 * oil asset is `facility_attack`; elsewhere it is `armed_clash`. Protests and riots
 * matter for supply only at a facility; elsewhere they are `irrelevant`. Strategic
 * developments are "not systematically coded" (ACLED), so most are decided by the
 * notes (see acled.adapter.ts): the table only knows agreements, looting at
 * facilities and foreign bases.
 */
export function acledType(eventType: AcledEventType, subEventType: string, ctx: AcledContext): EventType {
  switch (eventType) {
    case 'Battles':
    case 'Explosions/Remote violence':
      return ctx.atFacility ? 'facility_attack' : 'armed_clash';
    case 'Violence against civilians':
      if (subEventType === 'Sexual violence') return 'irrelevant';
      return ctx.atFacility ? 'facility_attack' : 'armed_clash';
    case 'Protests':
    case 'Riots':
      return ctx.atFacility ? 'facility_protest' : 'irrelevant';
    case 'Strategic developments':
      switch (subEventType) {
        case 'Agreement':
          return 'talks_progressing';
        case 'Looting/property destruction':
          return ctx.atFacility ? 'facility_attack' : 'irrelevant';
        case 'Headquarters or base established':
          return ctx.foreignActor ? 'foreign_deployment' : 'irrelevant';
        default:
          return 'irrelevant';
      }
  }
}
