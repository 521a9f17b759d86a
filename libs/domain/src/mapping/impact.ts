import type { DateTime } from 'luxon';
import type { EventType } from '../events/event-type';

/** How an event reached an asset. */
export type ImpactChannel = 'direct' | 'proximity' | 'pipeline' | 'faction' | 'national';

/**
 * `start`: the event reports this asset is shut (outage begins).
 * `end`: the event reports it restarted. Absent: a risk, not an outage.
 */
export type OutageSignal = 'start' | 'end';

export interface Impact {
  readonly eventId: string;
  readonly assetId: string;
  readonly eventType: EventType;
  readonly channel: ImpactChannel;
  /**
   * Signed contribution to the asset's hazard before decay, in events-per-week
   * equivalents: > 0 escalation, < 0 de-escalation. See docs/model.md.
   */
  readonly intensity: number;
  /** When the impact takes effect (the event's knownAt). */
  readonly at: DateTime;
  readonly outage?: OutageSignal;
  /**
   * For the pipeline channel: the asset the event hit, through which this one is
   * affected (a field shut because its terminal `via` closed). A restart at `via`
   * ends the outages it caused.
   */
  readonly via?: string;
  /** One sentence for a person: why this asset, through which channel. */
  readonly explanation: string;
}
