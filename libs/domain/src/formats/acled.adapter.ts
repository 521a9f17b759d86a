import type { Asset } from '../assets/asset';
import { acledType, ACLED_EVENT_TYPES, isAcledEventType } from '../classification/acled-taxonomy';
import {
  BASE_SEVERITY,
  FACILITY_TYPES,
  clamp01,
  round3,
  type Classification,
} from '../classification/classification';
import { ACTORS, insideLibya } from '../classification/gazetteer';
import { classifyNews } from '../classification/news-classifier';
import { actorForName, analyseText } from '../classification/text-analysis';
import { clip } from '../classification/text-tokens';
import { OUTAGE_TYPES, type EventType } from '../events/event-type';
import type { Evidence, GeoEvent, GeoLocation, LocationPrecision } from '../events/geo-event';
import { ok, reject, type Result } from '../events/rejection';
import { ContentHasher } from './content-hash';
import { checkCoordinates, FieldReader, type JsonRecord } from './field-reader';
import { resolveLimits, type NormaliseContext } from './normalise-context';
import { parseDay, parseUnixSeconds } from './time-parsing';

/** Columns an ACLED CSV header must have. Values of `actor2` and `notes` may be empty. */
export const ACLED_REQUIRED_COLUMNS = [
  'event_id_cnty',
  'event_date',
  'event_type',
  'sub_event_type',
  'actor1',
  'actor2',
  'latitude',
  'longitude',
  'geo_precision',
  'notes',
  'fatalities',
  'timestamp',
] as const;

/** ACLED's ids and bookkeeping: not part of what happened, so not part of the content hash. */
const NOT_SUBSTANCE: ReadonlySet<string> = new Set([
  'event_id_cnty',
  'timestamp',
  'event_id_no_cnty',
  'data_id',
]);
const GEO_PRECISION: readonly LocationPrecision[] = ['unknown', 'facility', 'town', 'region'];
const FOREIGN_ACTORS: ReadonlySet<string> = new Set(
  ACTORS.filter((a) => a.role === 'foreign').map((a) => a.id),
);

/**
 * How specific a type is about supply, for choosing between ACLED's table and the notes:
 * the notes decide when they say something more specific than the event type
 * ("Protests" whose note says the protesters shut the terminal is a port blockade).
 */
function specificity(type: EventType): number {
  if (OUTAGE_TYPES.has(type) || type === 'restart') return 3;
  if (type === 'facility_protest' || type === 'armed_clash' || type === 'talks_progressing') return 1;
  return type === 'irrelevant' ? 0 : 2;
}

/**
 * One ACLED event (a CSV row keyed by its header, or the `record` of `{kind:"acled"}`).
 * occurredAt = event_date (midnight UTC); knownAt = timestamp (Unix seconds of ACLED's
 * last insert or update: when the row became knowable). geo_precision 1/2/3 becomes
 * facility/town/region. Rows outside Libya are `irrelevant`.
 *
 * Confidence: 0.8 when the event type decides (ACLED is reviewed by people), the notes'
 * own confidence (at least 0.5) when the notes decide. Severity: the type's base plus up
 * to 0.25 for fatalities (half of it at 3-4 deaths).
 */
export function normaliseAcledRecord(record: JsonRecord, ctx: NormaliseContext, path = ''): Result<GeoEvent> {
  const limits = resolveLimits(ctx);
  const fields = new FieldReader(record, path);
  const id = fields.string('event_id_cnty', limits.maxShortChars);
  if (!id.ok) return id;
  const dayRaw = fields.string('event_date', limits.maxShortChars);
  if (!dayRaw.ok) return dayRaw;
  const occurred = parseDay(dayRaw.value, fields.name('event_date'));
  if (!occurred.ok) return occurred;
  const stamp = fields.raw('timestamp');
  if (stamp === undefined || stamp === null || stamp === '')
    return reject('missing_field', `${fields.name('timestamp')} is required`, fields.name('timestamp'));
  if (typeof stamp !== 'number' && typeof stamp !== 'string') {
    return reject(
      'invalid_field',
      `${fields.name('timestamp')} must be Unix seconds`,
      fields.name('timestamp'),
    );
  }
  const known = parseUnixSeconds(stamp, fields.name('timestamp'));
  if (!known.ok) return known;

  const eventTypeRaw = fields.string('event_type', limits.maxShortChars);
  if (!eventTypeRaw.ok) return eventTypeRaw;
  const eventType = eventTypeRaw.value.trim();
  if (!isAcledEventType(eventType)) {
    return reject(
      'invalid_field',
      `event_type "${eventType.slice(0, 60)}" is not one of: ${ACLED_EVENT_TYPES.join(', ')}`,
      fields.name('event_type'),
    );
  }
  const subType = fields.string('sub_event_type', limits.maxShortChars);
  if (!subType.ok) return subType;
  const actor1 = fields.string('actor1', limits.maxShortChars);
  if (!actor1.ok) return actor1;
  const others: string[] = [];
  for (const f of ['assoc_actor_1', 'actor2', 'assoc_actor_2']) {
    const v = fields.optionalString(f, limits.maxTextChars);
    if (!v.ok) return v;
    if (v.value !== undefined) others.push(...v.value.split(';'));
  }

  const lat = fields.optionalNumber('latitude');
  if (!lat.ok) return reject('invalid_coordinates', lat.rejection.reason, lat.rejection.field);
  if (lat.value === undefined)
    return reject('missing_field', `${fields.name('latitude')} is required`, fields.name('latitude'));
  const lon = fields.optionalNumber('longitude');
  if (!lon.ok) return reject('invalid_coordinates', lon.rejection.reason, lon.rejection.field);
  if (lon.value === undefined)
    return reject('missing_field', `${fields.name('longitude')} is required`, fields.name('longitude'));
  const coords = checkCoordinates(lat.value, lon.value, fields.name('latitude'), fields.name('longitude'));
  if (!coords.ok) return coords;
  const geoPrecision = fields.number('geo_precision');
  if (!geoPrecision.ok) return geoPrecision;
  if (![1, 2, 3].includes(geoPrecision.value)) {
    return reject(
      'invalid_field',
      `${fields.name('geo_precision')} ${geoPrecision.value} is not 1, 2 or 3`,
      fields.name('geo_precision'),
    );
  }
  const fatalities = fields.number('fatalities');
  if (!fatalities.ok) return fatalities;
  if (!Number.isInteger(fatalities.value) || fatalities.value < 0) {
    return reject(
      'invalid_field',
      `${fields.name('fatalities')} ${fatalities.value} is not a count`,
      fields.name('fatalities'),
    );
  }
  const notes = fields.optionalString('notes', limits.maxTextChars);
  if (!notes.ok) return notes;
  const place = fields.optionalString('location', limits.maxShortChars);
  if (!place.ok) return place;
  const country = fields.optionalString('country', limits.maxShortChars);
  if (!country.ok) return country;

  const libyan =
    country.value === undefined
      ? insideLibya(coords.value.lat, coords.value.lon)
      : country.value.trim().toLowerCase() === 'libya';
  const placeAssets: Asset[] = [];
  if (place.value !== undefined) {
    for (const m of analyseText(place.value, ctx.registry).mentions)
      if (m.kind === 'asset' && m.town === undefined) placeAssets.push(m.asset);
  }
  const fromNotes: Classification | undefined =
    notes.value === undefined ? undefined : classifyNews({ body: notes.value }, ctx.registry, { libyan });
  const actorIds: string[] = [];
  for (const name of [actor1.value, ...others]) {
    const a = actorForName(name.trim());
    if (a !== undefined && !actorIds.includes(a)) actorIds.push(a);
  }
  for (const a of fromNotes?.actors ?? []) if (!actorIds.includes(a)) actorIds.push(a);

  const atFacility = placeAssets.length > 0 || (fromNotes?.assets.length ?? 0) > 0;
  const foreignActor = actorIds.some((a) => FOREIGN_ACTORS.has(a));
  const tableType = libyan
    ? acledType(eventType, subType.value.trim(), { atFacility, foreignActor })
    : 'irrelevant';
  const notesType = libyan ? (fromNotes?.type ?? 'irrelevant') : 'irrelevant';
  const notesDecide = specificity(notesType) > specificity(tableType);
  const type = notesDecide ? notesType : tableType;

  const tableEvidence: Evidence = libyan
    ? {
        rule: `acled/${eventType}/${subType.value.trim()}`,
        text: clip(notes.value ?? `${eventType}: ${subType.value}`, 240),
      }
    : { rule: 'relevance/not-libyan', text: `${country.value ?? 'coordinates'} outside Libya` };
  const notesEvidence = fromNotes === undefined || fromNotes.type === 'irrelevant' ? [] : fromNotes.evidence;
  const evidence = notesDecide
    ? [...notesEvidence, tableEvidence]
    : [tableEvidence, ...notesEvidence.slice(0, 2)];

  const assets: string[] = [];
  if (type !== 'irrelevant') {
    for (const a of placeAssets) if (!assets.includes(a.id)) assets.push(a.id);
    if (FACILITY_TYPES.has(type))
      for (const a of fromNotes?.assets ?? []) if (!assets.includes(a)) assets.push(a);
  }
  const primaryActor = actorForName(actor1.value.trim()) ?? fromNotes?.primaryActor;
  const severity =
    type === 'irrelevant'
      ? 0
      : clamp01(
          Math.max(BASE_SEVERITY[type], notesDecide ? (fromNotes?.severity ?? 0) : 0) +
            0.25 * (1 - Math.exp(-fatalities.value / 5)),
        );
  const confidence =
    type === 'irrelevant'
      ? 0.8
      : notesDecide
        ? Math.min(0.9, Math.max(0.5, fromNotes?.confidence ?? 0))
        : 0.8;

  const hash = new ContentHasher().add('ACLED').separator();
  for (const key of Object.keys(record).sort()) {
    if (NOT_SUBSTANCE.has(key)) continue;
    const v = record[key];
    hash
      .add(key)
      .separator()
      .add(typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '')
      .separator();
  }

  const name = place.value?.trim();
  const location: { -readonly [K in keyof GeoLocation]: GeoLocation[K] } = {
    lat: coords.value.lat,
    lon: coords.value.lon,
    precision: GEO_PRECISION[geoPrecision.value] ?? 'unknown',
  };
  if (name !== undefined) location.name = name;
  if (libyan) location.country = 'LY';
  const event: { -readonly [K in keyof GeoEvent]: GeoEvent[K] } = {
    id: `acled:${id.value.trim()}`,
    source: 'ACLED',
    kind: 'acled',
    occurredAt: occurred.value,
    knownAt: known.value,
    type,
    actors: actorIds,
    location,
    assets,
    severity: round3(severity),
    confidence: round3(confidence),
    summary: clip(
      notes.value ?? `${eventType}: ${subType.value}${name === undefined ? '' : ` in ${name}`}`,
      280,
    ),
    evidence,
    raw: { kind: 'acled', ref: id.value.trim(), contentHash: hash.digest() },
  };
  if (primaryActor !== undefined) event.primaryActor = primaryActor;
  return ok(event);
}
