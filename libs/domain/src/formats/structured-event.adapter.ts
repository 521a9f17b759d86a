import { assetPoint } from '../classification/news-classifier';
import { BASE_SEVERITY } from '../classification/classification';
import type { Asset, AssetRegistry } from '../assets/asset';
import { actorForName, placeForName } from '../classification/text-analysis';
import { collapseWhitespace } from '../classification/text-tokens';
import { ACTORS } from '../classification/gazetteer';
import { EVENT_TYPES, isEventType } from '../events/event-type';
import type { GeoEvent, GeoLocation, LocationPrecision } from '../events/geo-event';
import { ok, reject, type Result } from '../events/rejection';
import { ContentHasher } from './content-hash';
import { checkCoordinates, type FieldReader } from './field-reader';
import { resolveLimits, type NormaliseContext } from './normalise-context';
import { parseIsoInstant } from './time-parsing';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const PRECISIONS: readonly LocationPrecision[] = [
  'exact',
  'facility',
  'town',
  'region',
  'country',
  'unknown',
];
const ACTOR_IDS: ReadonlySet<string> = new Set(ACTORS.map((a) => a.id));

/**
 * `{kind:"event", id, occurredAt, reportedAt?, type, location:{name?, lat?, lon?, precision?},
 * assets?, actors?, primaryActor?, severity?, confidence?, summary?, source?}`: an event an
 * analyst or another system has already classified. The type is taken as given (an
 * unknown one is refused with the list of valid ones); assets must be registry ids or
 * aliases; actors are gazetteer ids or names, and an unknown actor is kept as given,
 * lowercased, so a new faction can be reported before the gazetteer knows it.
 * knownAt = reportedAt ?? occurredAt.
 */
export function normaliseStructuredEvent(fields: FieldReader, ctx: NormaliseContext): Result<GeoEvent> {
  const limits = resolveLimits(ctx);
  const idRaw = fields.string('id', limits.maxShortChars);
  if (!idRaw.ok) return idRaw;
  // Trimmed, as GDELT's and ACLED's ids are: " e-1 " is the same event as "e-1".
  const id = idRaw.value.trim();
  const occurredRaw = fields.string('occurredAt', limits.maxShortChars);
  if (!occurredRaw.ok) return occurredRaw;
  const occurred = parseIsoInstant(occurredRaw.value, fields.name('occurredAt'));
  if (!occurred.ok) return occurred;
  const reportedRaw = fields.optionalString('reportedAt', limits.maxShortChars);
  if (!reportedRaw.ok) return reportedRaw;
  let knownAt = occurred.value;
  if (reportedRaw.value !== undefined) {
    const reported = parseIsoInstant(reportedRaw.value, fields.name('reportedAt'));
    if (!reported.ok) return reported;
    knownAt = reported.value;
  }

  const typeRaw = fields.string('type', limits.maxShortChars);
  if (!typeRaw.ok) return typeRaw;
  if (!isEventType(typeRaw.value)) {
    return reject(
      'invalid_field',
      `type "${typeRaw.value.slice(0, 60)}" is not one of: ${EVENT_TYPES.join(', ')}`,
      fields.name('type'),
    );
  }
  const type = typeRaw.value;

  const locationFields = fields.optionalObject('location');
  if (!locationFields.ok) return locationFields;
  if (locationFields.value === undefined)
    return reject('missing_field', `${fields.name('location')} is required`, fields.name('location'));
  const location = readLocation(locationFields.value, ctx);
  if (!location.ok) return location;

  const assetNames = fields.optionalStringList('assets', limits.maxListEntries, limits.maxShortChars);
  if (!assetNames.ok) return assetNames;
  const assets: string[] = [];
  const names = assetNames.value ?? [];
  for (let i = 0; i < names.length; i++) {
    const name = names[i] ?? '';
    const asset = ctx.registry.get(name) ?? assetNamed(name, ctx);
    if (asset === undefined) {
      const field = `${fields.name('assets')}[${i}]`;
      return reject(
        'invalid_field',
        `${field} "${name.slice(0, 60)}" is not an asset id or alias in the registry`,
        field,
      );
    }
    if (!assets.includes(asset.id)) assets.push(asset.id);
  }
  // A location that is itself an asset names it, when the input lists none.
  const locationAsset = location.value.name === undefined ? undefined : assetNamed(location.value.name, ctx);
  if (assetNames.value === undefined && locationAsset !== undefined) assets.push(locationAsset.id);

  const actorNames = fields.optionalStringList('actors', limits.maxListEntries, limits.maxShortChars);
  if (!actorNames.ok) return actorNames;
  const actors: string[] = [];
  for (const name of actorNames.value ?? []) {
    const actor = normaliseActor(name);
    if (!actors.includes(actor)) actors.push(actor);
  }
  const primaryRaw = fields.optionalString('primaryActor', limits.maxShortChars);
  if (!primaryRaw.ok) return primaryRaw;
  const primaryActor = primaryRaw.value === undefined ? actors[0] : normaliseActor(primaryRaw.value);
  if (primaryActor !== undefined && !actors.includes(primaryActor)) actors.unshift(primaryActor);

  const severity = unitInterval(fields, 'severity', BASE_SEVERITY[type]);
  if (!severity.ok) return severity;
  const confidence = unitInterval(fields, 'confidence', 1);
  if (!confidence.ok) return confidence;
  const summaryRaw = fields.optionalString('summary', limits.maxTextChars);
  if (!summaryRaw.ok) return summaryRaw;
  const sourceRaw = fields.optionalString('source', limits.maxShortChars);
  if (!sourceRaw.ok) return sourceRaw;
  const source = sourceRaw.value?.trim() ?? 'crescent-analyst';
  const summary =
    (summaryRaw.value === undefined ? undefined : collapseWhitespace(summaryRaw.value)) ??
    `${type.replace(/_/g, ' ')}${location.value.name === undefined ? '' : ` at ${location.value.name}`}`;

  const hash = new ContentHasher()
    .add(source)
    .separator()
    .add(type)
    .separator()
    .add(String(occurred.value.toMillis()))
    .separator();
  hash
    .addNormalised(location.value.name ?? '')
    .separator()
    .add(coordinatesText(location.value.lat, location.value.lon))
    .separator();
  hash
    .add(sortedList(assets))
    .separator()
    .add(sortedList(actors))
    .separator()
    .addNormalised(summaryRaw.value ?? '');

  const event: Mutable<GeoEvent> = {
    id: `event:${id}`,
    source,
    kind: 'event',
    occurredAt: occurred.value,
    knownAt,
    type,
    actors,
    location: location.value,
    assets,
    severity: severity.value,
    confidence: confidence.value,
    summary,
    evidence: [{ rule: 'structured/type-given', text: summary }],
    raw: { kind: 'event', ref: id, contentHash: hash.digest() },
  };
  if (primaryActor !== undefined) event.primaryActor = primaryActor;
  return ok(event);
}

/** `[...list].sort().join(',')`, without the copy for the usual one entry. */
function sortedList(list: readonly string[]): string {
  if (list.length === 0) return '';
  if (list.length === 1) return list[0] ?? '';
  return [...list].sort().join(',');
}

const coordinateTexts = new Map<number | undefined, Map<number | undefined, string>>();
const COORDINATE_MEMO_LIMIT = 4096;

/**
 * `${lat ?? ''},${lon ?? ''}` for the content hash, memoised (bounded): structured feeds
 * place most events at a few dozen named sites, and printing a double is not cheap.
 */
function coordinatesText(lat: number | undefined, lon: number | undefined): string {
  let byLon = coordinateTexts.get(lat);
  const known = byLon?.get(lon);
  if (known !== undefined) return known;
  const text = `${lat ?? ''},${lon ?? ''}`;
  if (byLon === undefined) {
    if (coordinateTexts.size >= COORDINATE_MEMO_LIMIT) coordinateTexts.clear();
    byLon = new Map();
    coordinateTexts.set(lat, byLon);
  }
  if (byLon.size < COORDINATE_MEMO_LIMIT) byLon.set(lon, text);
  return text;
}

const assetNames = new WeakMap<AssetRegistry, Map<string, Asset | null>>();
const ASSET_NAME_MEMO_LIMIT = 4096;

/**
 * `registry.findByAlias`, memoised per registry and bounded: structured feeds repeat a
 * few dozen location and asset names, and alias normalisation costs microseconds.
 */
function assetNamed(name: string, ctx: NormaliseContext): Asset | undefined {
  let memo = assetNames.get(ctx.registry);
  if (memo === undefined) {
    memo = new Map();
    assetNames.set(ctx.registry, memo);
  }
  const hit = memo.get(name);
  if (hit !== undefined) return hit ?? undefined;
  const asset = ctx.registry.findByAlias(name);
  if (memo.size >= ASSET_NAME_MEMO_LIMIT) memo.clear();
  memo.set(name, asset ?? null);
  return asset;
}

function normaliseActor(name: string): string {
  const trimmed = name.trim();
  const lower = trimmed.toLowerCase();
  if (ACTOR_IDS.has(lower)) return lower;
  return actorForName(trimmed) ?? lower.replace(/\s+/g, '-');
}

function unitInterval(fields: FieldReader, field: string, fallback: number): Result<number> {
  const r = fields.optionalNumber(field);
  if (!r.ok) return r;
  if (r.value === undefined) return ok(fallback);
  if (r.value < 0 || r.value > 1)
    return reject('invalid_field', `${fields.name(field)} ${r.value} is outside [0, 1]`, fields.name(field));
  return ok(r.value);
}

function readLocation(fields: FieldReader, ctx: NormaliseContext): Result<GeoLocation> {
  const limits = resolveLimits(ctx);
  const name = fields.optionalString('name', limits.maxShortChars);
  if (!name.ok) return name;
  const lat = fields.optionalNumber('lat');
  if (!lat.ok) return reject('invalid_coordinates', lat.rejection.reason, lat.rejection.field);
  const lon = fields.optionalNumber('lon');
  if (!lon.ok) return reject('invalid_coordinates', lon.rejection.reason, lon.rejection.field);
  const precisionRaw = fields.optionalString('precision', limits.maxShortChars);
  if (!precisionRaw.ok) return precisionRaw;
  let precision: LocationPrecision | undefined;
  if (precisionRaw.value !== undefined) {
    const p = PRECISIONS.find((x) => x === precisionRaw.value);
    if (p === undefined) {
      return reject(
        'invalid_field',
        `${fields.name('precision')} "${precisionRaw.value.slice(0, 40)}" is not one of: ${PRECISIONS.join(', ')}`,
        fields.name('precision'),
      );
    }
    precision = p;
  }
  if ((lat.value === undefined) !== (lon.value === undefined)) {
    const missing = lat.value === undefined ? 'lat' : 'lon';
    return reject(
      'missing_field',
      `${fields.name(missing)} is required when the other coordinate is given`,
      fields.name(missing),
    );
  }
  const named = name.value?.trim();
  // Built field by field, without spreads: structured feeds run to millions of lines.
  const location: Mutable<GeoLocation> = { precision: precision ?? 'unknown' };
  if (named !== undefined) location.name = named;
  if (lat.value !== undefined && lon.value !== undefined) {
    const coords = checkCoordinates(lat.value, lon.value, fields.name('lat'), fields.name('lon'));
    if (!coords.ok) return coords;
    location.lat = coords.value.lat;
    location.lon = coords.value.lon;
    location.precision = precision ?? 'exact';
    return ok(location);
  }
  if (named === undefined) return ok(location);
  const asset = assetNamed(named, ctx);
  const place = asset === undefined ? placeForName(named) : undefined;
  if (asset !== undefined) {
    const point = assetPoint(asset);
    location.lat = point.lat;
    location.lon = point.lon;
    location.precision = precision ?? 'facility';
    location.country = 'LY';
  } else if (place !== undefined) {
    location.lat = place.lat;
    location.lon = place.lon;
    location.precision = precision ?? place.precision;
    location.country = 'LY';
  }
  return ok(location);
}
