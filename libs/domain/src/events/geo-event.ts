import type { DateTime } from 'luxon';
import type { EventType } from './event-type';

/** The input formats Crescent accepts. */
export type EventKind = 'news' | 'event' | 'gdelt' | 'acled';

/**
 * How precisely a location is known. `facility` and `exact` are points; `town` is a
 * settlement centroid; `region` and `country` are centroids of large areas, so the
 * mapper spreads their effect thinly over everything nearby.
 */
export type LocationPrecision = 'exact' | 'facility' | 'town' | 'region' | 'country' | 'unknown';

export interface GeoLocation {
  readonly name?: string;
  /** WGS84 degrees. */
  readonly lat?: number;
  readonly lon?: number;
  readonly precision: LocationPrecision;
  /** ISO 3166-1 alpha-2 where known ("LY" for Libya). */
  readonly country?: string;
}

/** Why the classifier chose what it chose: the rule and the text it matched. */
export interface Evidence {
  readonly rule: string;
  readonly text: string;
}

/** Where the event came from, for people and for deduplication. */
export interface RawReference {
  readonly kind: EventKind;
  /** A pointer back to the input: a URL, a GDELT GLOBALEVENTID, an ACLED event_id_cnty. */
  readonly ref: string;
  /**
   * Hash of the source plus the event's substance (not its id), so the same
   * content re-sent under another id is recognised as a duplicate. Hex, stable across runs.
   */
  readonly contentHash: string;
}

/** One normalised geopolitical event, whatever format it arrived in. */
export interface GeoEvent {
  /** Globally unique: `<kind>:<source id>`, e.g. `gdelt:896372541`. */
  readonly id: string;
  /** Publisher or feed: "Reuters", "GDELT", "ACLED", "crescent-analyst". */
  readonly source: string;
  readonly kind: EventKind;
  /** When it happened (UTC). */
  readonly occurredAt: DateTime;
  /** When the world learnt of it (UTC); scoring and backtests apply the event at this time. */
  readonly knownAt: DateTime;
  readonly type: EventType;
  /** Normalised actor ids from the gazetteer ("lna", "gna", "russia", "turkey", "noc", ...). */
  readonly actors: readonly string[];
  /**
   * The actor that acted, when the source says (GDELT Actor1, ACLED actor1, the subject
   * of the matched news phrase): for `talks_failed` the side that walked out.
   */
  readonly primaryActor?: string;
  readonly location: GeoLocation;
  /** Asset ids the event names explicitly (direct channel). */
  readonly assets: readonly string[];
  /** 0..1: how big the event is (fatalities, volume, wording). */
  readonly severity: number;
  /** 0..1: how sure the classification is. */
  readonly confidence: number;
  readonly summary: string;
  readonly evidence: readonly Evidence[];
  readonly raw: RawReference;
}
