import type { Asset, AssetRegistry } from '../assets/asset';
import { BASE_SEVERITY, clamp01, round3 } from '../classification/classification';
import { cameoEntry, resolveCameoTarget } from '../classification/cameo-taxonomy';
import { ACTORS, CAMEO_ACTOR_CODES, FIPS_TO_ISO2 } from '../classification/gazetteer';
import { actorForName, analyseText } from '../classification/text-analysis';
import type { EventType } from '../events/event-type';
import type { Evidence, GeoEvent, GeoLocation } from '../events/geo-event';
import { ok, reject, type Result } from '../events/rejection';
import { ContentHasher } from './content-hash';
import { checkCoordinates, decimalNumber } from './field-reader';
import { GDELT, GDELT_COLUMN_COUNT, GDELT_GEO_PRECISION, type GdeltColumn } from './gdelt-columns';
import { resolveLimits, type NormaliseContext } from './normalise-context';
import { parseCompactDate, parseCompactDateTime } from './time-parsing';

const ACTOR_ROLE: ReadonlyMap<string, string> = new Map(ACTORS.map((a) => [a.id, a.role]));

/** Splits a raw export line into columns (a trailing carriage return is dropped). */
export function splitGdeltLine(line: string): string[] {
  const trimmed = line.endsWith('\r') ? line.slice(0, -1) : line;
  return trimmed.split('\t');
}

/**
 * One export row's columns. From a raw line, columns are sliced on demand from tab
 * offsets found in one scan: a row is read for about 25 of its 61 columns, so the other
 * 36 strings are never made.
 */
export class GdeltRow {
  private constructor(
    /** Number of columns. */
    readonly count: number,
    private readonly line: string,
    /** Start offset of each column in `line`, and one past the end of the last. */
    private readonly starts: Int32Array,
    private readonly cols: readonly string[] | undefined,
  ) {}

  static fromLine(raw: string): GdeltRow {
    const end = raw.charCodeAt(raw.length - 1) === 13 ? raw.length - 1 : raw.length;
    const starts = new Int32Array(GDELT_COLUMN_COUNT + 1);
    let count = 1;
    let at = raw.indexOf('\t');
    while (at >= 0 && at < end) {
      if (count <= GDELT_COLUMN_COUNT) starts[count] = at + 1;
      count++;
      at = raw.indexOf('\t', at + 1);
    }
    if (count <= GDELT_COLUMN_COUNT) starts[count] = end + 1;
    else starts[GDELT_COLUMN_COUNT] = end + 1;
    return new GdeltRow(count, raw, starts, undefined);
  }

  static fromColumns(cols: readonly string[]): GdeltRow {
    return new GdeltRow(cols.length, '', new Int32Array(0), cols);
  }

  /** Column `i`, untrimmed; '' past the end. */
  get(i: number): string {
    if (this.cols !== undefined) return this.cols[i] ?? '';
    if (i >= this.count || i >= GDELT_COLUMN_COUNT) return '';
    return this.line.slice(this.starts[i] ?? 0, (this.starts[i + 1] ?? 1) - 1);
  }

  /** Length of column `i` without slicing it. */
  length(i: number): number {
    if (this.cols !== undefined) return this.cols[i]?.length ?? 0;
    return (this.starts[i + 1] ?? 1) - 1 - (this.starts[i] ?? 0);
  }

  /**
   * The substance of the row: every column but GLOBALEVENTID and DATEADDED, which GDELT
   * assigns on ingestion, hashed as the tab-joined text "col1\t...\tcol58\tcol60". From a
   * line that text is two slices of it; from an array it is fed column by column, with
   * the same result. Only for rows of exactly 61 columns.
   */
  contentHash(): string {
    const hash = new ContentHasher().add('GDELT').separator();
    if (this.cols === undefined) {
      const s = this.starts;
      hash.add(this.line, s[1] ?? 0, s[GDELT.DATEADDED] ?? 0);
      return hash.add(this.line, s[GDELT.SOURCEURL] ?? 0, (s[GDELT_COLUMN_COUNT] ?? 1) - 1).digest();
    }
    for (let i = 1; i < GDELT.DATEADDED; i++) hash.add(this.cols[i] ?? '').add('\t');
    return hash.add(this.cols[GDELT.SOURCEURL] ?? '').digest();
  }
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
function count(row: GdeltRow, name: GdeltColumn, fallback: number): Result<number> {
  const raw = row.get(GDELT[name]).trim();
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
export function normaliseGdeltLine(line: string, ctx: NormaliseContext): Result<GeoEvent> {
  return normaliseGdeltRow(GdeltRow.fromLine(line), ctx);
}

export function normaliseGdeltColumns(cols: readonly string[], ctx: NormaliseContext): Result<GeoEvent> {
  return normaliseGdeltRow(GdeltRow.fromColumns(cols), ctx);
}

function normaliseGdeltRow(row: GdeltRow, ctx: NormaliseContext): Result<GeoEvent> {
  if (row.count !== GDELT_COLUMN_COUNT) {
    const hint =
      row.count === 57 || row.count === 58 ? ' (GDELT 1.0 rows have 57-58; only 2.0 is accepted)' : '';
    return reject(
      'bad_column_count',
      `a GDELT 2.0 export row has ${GDELT_COLUMN_COUNT} tab-separated columns, this one has ${row.count}${hint}`,
    );
  }
  const limits = resolveLimits(ctx);
  for (let i = 0; i < GDELT_COLUMN_COUNT; i++) {
    if (row.length(i) > limits.maxTextChars)
      return reject(
        'oversized',
        `column ${i} is over the limit of ${limits.maxTextChars} characters`,
        `column ${i}`,
      );
  }

  const globalId = row.get(GDELT.GLOBALEVENTID).trim();
  if (globalId === '') return reject('missing_field', 'GLOBALEVENTID is empty', 'GLOBALEVENTID');
  if (!isDigits(globalId, 1, 20))
    return reject(
      'invalid_field',
      `GLOBALEVENTID "${globalId.slice(0, 30)}" is not a number`,
      'GLOBALEVENTID',
    );
  const occurred = parseCompactDate(row.get(GDELT.SQLDATE).trim(), 'SQLDATE');
  if (!occurred.ok) return occurred;
  const known = parseCompactDateTime(row.get(GDELT.DATEADDED).trim(), 'DATEADDED');
  if (!known.ok) return known;

  const code = row.get(GDELT.EventCode).trim();
  if (code === '') return reject('missing_field', 'EventCode is empty', 'EventCode');
  if (!isDigits(code, 2, 4))
    return reject(
      'invalid_field',
      `EventCode "${code.slice(0, 30)}" is not a CAMEO code (2-4 digits)`,
      'EventCode',
    );
  const root = row.get(GDELT.EventRootCode).trim();
  if (root !== '' && !isDigits(root, 2, 2))
    return reject('invalid_field', `EventRootCode "${root.slice(0, 30)}" is not two digits`, 'EventRootCode');
  const quadRaw = row.get(GDELT.QuadClass).trim();
  if (quadRaw !== '' && !isDigits(quadRaw, 1, 1))
    return reject('invalid_field', `QuadClass "${quadRaw.slice(0, 30)}" is not 1-4`, 'QuadClass');
  const quad = quadRaw === '' ? 0 : Number(quadRaw);
  if (quadRaw !== '' && (quad < 1 || quad > 4))
    return reject('invalid_field', `QuadClass ${quad} is not 1-4`, 'QuadClass');
  const goldsteinRaw = row.get(GDELT.GoldsteinScale).trim();
  const goldstein = goldsteinRaw === '' ? 0 : decimalNumber(goldsteinRaw);
  if (!Number.isFinite(goldstein) || goldstein < -10 || goldstein > 10) {
    return reject(
      'invalid_field',
      `GoldsteinScale "${goldsteinRaw.slice(0, 30)}" is not a decimal number in [-10, 10]`,
      'GoldsteinScale',
    );
  }
  const isRoot = count(row, 'IsRootEvent', 0);
  if (!isRoot.ok) return isRoot;
  const sources = count(row, 'NumSources', 1);
  if (!sources.ok) return sources;
  const articles = count(row, 'NumArticles', 1);
  if (!articles.ok) return articles;
  const mentions = count(row, 'NumMentions', 1);
  if (!mentions.ok) return mentions;
  const geoType = count(row, 'ActionGeo_Type', 0);
  if (!geoType.ok) return geoType;
  if (geoType.value > 5)
    return reject('invalid_field', `ActionGeo_Type ${geoType.value} is not 0-5`, 'ActionGeo_Type');

  const location = gdeltLocation(row, geoType.value);
  if (!location.ok) return location;

  const placeName = row.get(GDELT.ActionGeo_FullName).trim();
  const assets = assetsInPlaceName(placeName, ctx.registry);
  const actor1 = actorOf(
    row.get(GDELT.Actor1Name).trim(),
    row.get(GDELT.Actor1CountryCode).trim(),
    row.get(GDELT.Actor1KnownGroupCode).trim(),
  );
  const actor2 = actorOf(
    row.get(GDELT.Actor2Name).trim(),
    row.get(GDELT.Actor2CountryCode).trim(),
    row.get(GDELT.Actor2KnownGroupCode).trim(),
  );
  const actors: string[] = [];
  if (actor1 !== undefined) actors.push(actor1);
  if (actor2 !== undefined && actor2 !== actor1) actors.push(actor2);

  const libyan =
    row.get(GDELT.ActionGeo_CountryCode).trim() === 'LY' ||
    row.get(GDELT.Actor1CountryCode).trim() === 'LBY' ||
    row.get(GDELT.Actor2CountryCode).trim() === 'LBY' ||
    actors.some((a) => ACTOR_ROLE.get(a) === 'libyan') ||
    assets.length > 0;

  const found = cameoEntry(code);
  const foreignActor = actor1 !== undefined && ACTOR_ROLE.get(actor1) === 'foreign';
  let type: EventType = 'irrelevant';
  const evidence: Evidence[] = [];
  const describe = `${code} ${found?.entry.label ?? 'unmapped CAMEO code'}; Goldstein ${goldstein}; QuadClass ${quad}; ${row.get(GDELT.Actor1Name).trim() || '?'} -> ${row.get(GDELT.Actor2Name).trim() || '?'} at ${placeName || 'no place'}`;
  if (!libyan) {
    evidence.push({
      rule: 'relevance/not-libyan',
      text: `action in ${row.get(GDELT.ActionGeo_CountryCode).trim() || 'unknown country'}, no Libyan actor or asset`,
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

  const contentHash = row.contentHash();

  const sourceUrl = row.get(GDELT.SOURCEURL).trim();
  const actor1Name = row.get(GDELT.Actor1Name).trim() || row.get(GDELT.Actor1Code).trim();
  const actor2Name = row.get(GDELT.Actor2Name).trim() || row.get(GDELT.Actor2Code).trim();
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
    raw: { kind: 'gdelt', ref: sourceUrl === '' ? globalId : sourceUrl, contentHash },
  };
  return ok(event);
}

type MutableLocation = { -readonly [K in keyof GeoLocation]: GeoLocation[K] };

function gdeltLocation(row: GdeltRow, geoType: number): Result<GeoLocation> {
  // Built field by field: this runs once per row of multi-million-row files.
  const latRaw = row.get(GDELT.ActionGeo_Lat).trim();
  const lonRaw = row.get(GDELT.ActionGeo_Long).trim();
  const name = row.get(GDELT.ActionGeo_FullName).trim();
  const country = FIPS_TO_ISO2.get(row.get(GDELT.ActionGeo_CountryCode).trim());
  const location: MutableLocation = { precision: 'unknown' };
  if (name !== '') location.name = name;
  if (country !== undefined) location.country = country;
  if (latRaw === '' && lonRaw === '') return ok(location);
  if (latRaw === '' || lonRaw === '') {
    const missing = latRaw === '' ? 'ActionGeo_Lat' : 'ActionGeo_Long';
    return reject('invalid_coordinates', `${missing} is empty while the other coordinate is given`, missing);
  }
  const notDecimal = (name: string, raw: string) =>
    reject('invalid_coordinates', `${name} "${raw.slice(0, 30)}" is not a decimal number`, name);
  const lat = decimalNumber(latRaw);
  if (Number.isNaN(lat)) return notDecimal('ActionGeo_Lat', latRaw);
  const lon = decimalNumber(lonRaw);
  if (Number.isNaN(lon)) return notDecimal('ActionGeo_Long', lonRaw);
  const coords = checkCoordinates(lat, lon, 'ActionGeo_Lat', 'ActionGeo_Long');
  if (!coords.ok) return coords;
  location.lat = coords.value.lat;
  location.lon = coords.value.lon;
  location.precision = GDELT_GEO_PRECISION[geoType] ?? 'unknown';
  return ok(location);
}
