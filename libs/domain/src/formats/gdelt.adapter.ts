import type { Asset, AssetRegistry } from '../assets/asset';
import { BASE_SEVERITY, clamp01, round3 } from '../classification/classification';
import { cameoEntry, resolveCameoTarget } from '../classification/cameo-taxonomy';
import { ACTORS, CAMEO_ACTOR_CODES, FIPS_TO_ISO2 } from '../classification/gazetteer';
import { actorForName, analyseText } from '../classification/text-analysis';
import type { EventType } from '../events/event-type';
import type { Evidence, GeoEvent, GeoLocation } from '../events/geo-event';
import { ok, reject, type Result } from '../events/rejection';
import { ContentHasher } from './content-hash';
import { checkCoordinates } from './field-reader';
import { GDELT, GDELT_COLUMN_COUNT, GDELT_GEO_PRECISION, type GdeltColumn } from './gdelt-columns';
import { resolveLimits, type NormaliseContext } from './normalise-context';
import { parseCompactDate, parseCompactDateTime } from './time-parsing';

const ACTOR_ROLE: ReadonlyMap<string, string> = new Map(ACTORS.map((a) => [a.id, a.role]));

/** Splits a raw export line into columns (a trailing carriage return is dropped). */
export function splitGdeltLine(line: string): string[] {
  const trimmed = line.endsWith('\r') ? line.slice(0, -1) : line;
  return trimmed.split('\t');
}

function col(cols: readonly string[], name: GdeltColumn): string {
  return cols[GDELT[name]] ?? '';
}

function isDigits(s: string, min: number, max: number): boolean {
  if (s.length < min || s.length > max) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** A whole number in a column; empty reads as `fallback`. */
function count(cols: readonly string[], name: GdeltColumn, fallback: number): Result<number> {
  const raw = col(cols, name).trim();
  if (raw === '') return ok(fallback);
  if (!isDigits(raw, 1, 12))
    return reject('invalid_field', `${name} "${raw.slice(0, 30)}" is not a whole number`, name);
  return ok(Number(raw));
}

const assetMemo = new WeakMap<AssetRegistry, Map<string, readonly Asset[]>>();
const ASSET_MEMO_LIMIT = 4096;

/**
 * Oil assets a GDELT place name names unambiguously ("Ras Lanuf, Surt, Libya"). A name
 * that is also a town ("Tobruk") is the town here: GDELT geocodes to settlements.
 * Memoised per registry, bounded, because a feed repeats the same few hundred places.
 */
function assetsInPlaceName(name: string, registry: AssetRegistry): readonly Asset[] {
  if (name === '') return [];
  let memo = assetMemo.get(registry);
  if (memo === undefined) {
    memo = new Map();
    assetMemo.set(registry, memo);
  }
  const cached = memo.get(name);
  if (cached !== undefined) return cached;
  const found: Asset[] = [];
  for (const m of analyseText(name, registry).mentions) {
    if (m.kind === 'asset' && m.town === undefined && !found.includes(m.asset)) found.push(m.asset);
  }
  if (memo.size >= ASSET_MEMO_LIMIT) memo.clear();
  memo.set(name, found);
  return found;
}

function actorOf(name: string, country: string, group: string): string | undefined {
  return actorForName(name) ?? CAMEO_ACTOR_CODES.get(group) ?? CAMEO_ACTOR_CODES.get(country);
}

/**
 * One GDELT 2.0 export row (61 columns) as a GeoEvent. The CAMEO code decides the type
 * (see cameo-taxonomy.ts); the row is Libyan when the action is located in Libya, an
 * actor is Libyan (country LBY or a Libyan faction), or the place names an oil asset.
 * Anything else, a row about France for instance, is accepted as `irrelevant`.
 *
 * Confidence reflects GDELT's noise: 0.3, +0.1 each for a lead-paragraph event, two or
 * more sources, five or more articles; x0.6 for verbal codes (threats, appeals).
 */
export function normaliseGdeltColumns(cols: readonly string[], ctx: NormaliseContext): Result<GeoEvent> {
  if (cols.length !== GDELT_COLUMN_COUNT) {
    const hint =
      cols.length === 57 || cols.length === 58 ? ' (GDELT 1.0 rows have 57-58; only 2.0 is accepted)' : '';
    return reject(
      'bad_column_count',
      `a GDELT 2.0 export row has ${GDELT_COLUMN_COUNT} tab-separated columns, this one has ${cols.length}${hint}`,
    );
  }
  const limits = resolveLimits(ctx);
  for (let i = 0; i < cols.length; i++) {
    if ((cols[i]?.length ?? 0) > limits.maxTextChars)
      return reject(
        'oversized',
        `column ${i} is over the limit of ${limits.maxTextChars} characters`,
        `column ${i}`,
      );
  }

  const globalId = col(cols, 'GLOBALEVENTID').trim();
  if (globalId === '') return reject('missing_field', 'GLOBALEVENTID is empty', 'GLOBALEVENTID');
  if (!isDigits(globalId, 1, 20))
    return reject(
      'invalid_field',
      `GLOBALEVENTID "${globalId.slice(0, 30)}" is not a number`,
      'GLOBALEVENTID',
    );
  const occurred = parseCompactDate(col(cols, 'SQLDATE').trim(), 'SQLDATE');
  if (!occurred.ok) return occurred;
  const known = parseCompactDateTime(col(cols, 'DATEADDED').trim(), 'DATEADDED');
  if (!known.ok) return known;

  const code = col(cols, 'EventCode').trim();
  if (code === '') return reject('missing_field', 'EventCode is empty', 'EventCode');
  if (!isDigits(code, 2, 4))
    return reject(
      'invalid_field',
      `EventCode "${code.slice(0, 30)}" is not a CAMEO code (2-4 digits)`,
      'EventCode',
    );
  const root = col(cols, 'EventRootCode').trim();
  if (root !== '' && !isDigits(root, 2, 2))
    return reject('invalid_field', `EventRootCode "${root.slice(0, 30)}" is not two digits`, 'EventRootCode');
  const quadRaw = col(cols, 'QuadClass').trim();
  if (quadRaw !== '' && !isDigits(quadRaw, 1, 1))
    return reject('invalid_field', `QuadClass "${quadRaw.slice(0, 30)}" is not 1-4`, 'QuadClass');
  const quad = quadRaw === '' ? 0 : Number(quadRaw);
  if (quadRaw !== '' && (quad < 1 || quad > 4))
    return reject('invalid_field', `QuadClass ${quad} is not 1-4`, 'QuadClass');
  const goldsteinRaw = col(cols, 'GoldsteinScale').trim();
  const goldstein = goldsteinRaw === '' ? 0 : Number(goldsteinRaw);
  if (!Number.isFinite(goldstein) || goldstein < -10 || goldstein > 10) {
    return reject(
      'invalid_field',
      `GoldsteinScale "${goldsteinRaw.slice(0, 30)}" is not a number in [-10, 10]`,
      'GoldsteinScale',
    );
  }
  const isRoot = count(cols, 'IsRootEvent', 0);
  if (!isRoot.ok) return isRoot;
  const sources = count(cols, 'NumSources', 1);
  if (!sources.ok) return sources;
  const articles = count(cols, 'NumArticles', 1);
  if (!articles.ok) return articles;
  const mentions = count(cols, 'NumMentions', 1);
  if (!mentions.ok) return mentions;
  const geoType = count(cols, 'ActionGeo_Type', 0);
  if (!geoType.ok) return geoType;
  if (geoType.value > 5)
    return reject('invalid_field', `ActionGeo_Type ${geoType.value} is not 0-5`, 'ActionGeo_Type');

  const location = gdeltLocation(cols, geoType.value);
  if (!location.ok) return location;

  const placeName = col(cols, 'ActionGeo_FullName').trim();
  const assets = assetsInPlaceName(placeName, ctx.registry);
  const actor1 = actorOf(
    col(cols, 'Actor1Name').trim(),
    col(cols, 'Actor1CountryCode').trim(),
    col(cols, 'Actor1KnownGroupCode').trim(),
  );
  const actor2 = actorOf(
    col(cols, 'Actor2Name').trim(),
    col(cols, 'Actor2CountryCode').trim(),
    col(cols, 'Actor2KnownGroupCode').trim(),
  );
  const actors: string[] = [];
  if (actor1 !== undefined) actors.push(actor1);
  if (actor2 !== undefined && actor2 !== actor1) actors.push(actor2);

  const libyan =
    col(cols, 'ActionGeo_CountryCode').trim() === 'LY' ||
    col(cols, 'Actor1CountryCode').trim() === 'LBY' ||
    col(cols, 'Actor2CountryCode').trim() === 'LBY' ||
    actors.some((a) => ACTOR_ROLE.get(a) === 'libyan') ||
    assets.length > 0;

  const found = cameoEntry(code);
  const foreignActor = actor1 !== undefined && ACTOR_ROLE.get(actor1) === 'foreign';
  let type: EventType = 'irrelevant';
  const evidence: Evidence[] = [];
  const describe = `${code} ${found?.entry.label ?? 'unmapped CAMEO code'}; Goldstein ${goldstein}; QuadClass ${quad}; ${col(cols, 'Actor1Name').trim() || '?'} -> ${col(cols, 'Actor2Name').trim() || '?'} at ${placeName || 'no place'}`;
  if (!libyan) {
    evidence.push({
      rule: 'relevance/not-libyan',
      text: `action in ${col(cols, 'ActionGeo_CountryCode').trim() || 'unknown country'}, no Libyan actor or asset`,
    });
  } else if (found === undefined) {
    evidence.push({ rule: 'cameo/unmapped', text: describe });
  } else {
    type = resolveCameoTarget(found.entry.target, { assetKinds: assets.map((a) => a.kind), foreignActor });
    evidence.push({ rule: `cameo/${found.code}`, text: describe });
  }

  const verbal = found?.entry.verbal === true;
  const coverage = 0.8 + 0.2 * Math.min(1, Math.log10(1 + articles.value) / 2);
  const severity = type === 'irrelevant' ? 0 : clamp01(BASE_SEVERITY[type] * coverage * (verbal ? 0.6 : 1));
  const confidence =
    type === 'irrelevant'
      ? libyan
        ? 0.6
        : 0.9
      : (0.3 +
          (isRoot.value === 1 ? 0.1 : 0) +
          (sources.value >= 2 ? 0.1 : 0) +
          (articles.value >= 5 ? 0.1 : 0)) *
        (verbal ? 0.6 : 1);

  // The substance of the row: everything but the two ids GDELT assigns on ingestion.
  const hash = new ContentHasher().add('GDELT').separator();
  for (let i = 1; i < GDELT_COLUMN_COUNT; i++) if (i !== GDELT.DATEADDED) hash.add(cols[i] ?? '').separator();

  const sourceUrl = col(cols, 'SOURCEURL').trim();
  const actor1Name = col(cols, 'Actor1Name').trim() || col(cols, 'Actor1Code').trim();
  const actor2Name = col(cols, 'Actor2Name').trim() || col(cols, 'Actor2Code').trim();
  const summary = `${actor1Name || 'An actor'}: ${found?.entry.label ?? `CAMEO ${code}`}${actor2Name === '' ? '' : ` (${actor2Name})`}${placeName === '' ? '' : `, ${placeName}`}`;
  const event: GeoEvent = {
    id: `gdelt:${globalId}`,
    source: 'GDELT',
    kind: 'gdelt',
    occurredAt: occurred.value,
    knownAt: known.value,
    type,
    actors,
    ...(actor1 === undefined ? {} : { primaryActor: actor1 }),
    location: location.value,
    assets: type === 'irrelevant' ? [] : assets.map((a) => a.id),
    severity: round3(severity),
    confidence: round3(confidence),
    summary,
    evidence,
    raw: { kind: 'gdelt', ref: sourceUrl === '' ? globalId : sourceUrl, contentHash: hash.digest() },
  };
  return ok(event);
}

type MutableLocation = { -readonly [K in keyof GeoLocation]: GeoLocation[K] };

function gdeltLocation(cols: readonly string[], geoType: number): Result<GeoLocation> {
  // Built field by field: this runs once per row of multi-million-row files.
  const latRaw = col(cols, 'ActionGeo_Lat').trim();
  const lonRaw = col(cols, 'ActionGeo_Long').trim();
  const name = col(cols, 'ActionGeo_FullName').trim();
  const country = FIPS_TO_ISO2.get(col(cols, 'ActionGeo_CountryCode').trim());
  const location: MutableLocation = { precision: 'unknown' };
  if (name !== '') location.name = name;
  if (country !== undefined) location.country = country;
  if (latRaw === '' && lonRaw === '') return ok(location);
  if (latRaw === '' || lonRaw === '') {
    const missing = latRaw === '' ? 'ActionGeo_Lat' : 'ActionGeo_Long';
    return reject('invalid_coordinates', `${missing} is empty while the other coordinate is given`, missing);
  }
  const coords = checkCoordinates(Number(latRaw), Number(lonRaw), 'ActionGeo_Lat', 'ActionGeo_Long');
  if (!coords.ok) return coords;
  location.lat = coords.value.lat;
  location.lon = coords.value.lon;
  location.precision = GDELT_GEO_PRECISION[geoType] ?? 'unknown';
  return ok(location);
}
