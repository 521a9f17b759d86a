import { DateTime, Duration } from 'luxon';
import { LIBYA_REGISTRY, NATIONAL_ASSET_ID } from '@crescent/domain';
import { ApiError } from './api-error';

/**
 * Query-parameter parsing for the controllers: each function returns the typed value or
 * throws `bad_parameter` naming the parameter. Absent (or empty) parameters are undefined.
 */

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

const present = (v: string | undefined): v is string => v !== undefined && v !== '';

/**
 * The one value of a parameter: a repeated query parameter arrives as an array, and a NUL
 * character is text no PostgreSQL column holds; both are the caller's mistake, not a 500.
 */
function single(name: string, raw: string | undefined): string | undefined {
  const value: unknown = raw;
  if (Array.isArray(value)) throw ApiError.badParameter(name, `${name} may be given only once`);
  if (typeof raw === 'string' && raw.includes('\u0000'))
    throw ApiError.badParameter(name, `${name} must not contain a NUL character`);
  return raw;
}

/** ISO-8601 years PostgreSQL's timestamptz and every client agree on. */
const MIN_YEAR = 1;
const MAX_YEAR = 9999;

/**
 * Numbers as written in decimal. `Number` also reads `0x10`, `1e2`, ` 10` and `0b1`, which
 * no client means as a page size or a score; they are refused like any other non-number.
 */
const DECIMAL = /^-?(\d+(\.\d+)?|\.\d+)$/;
const WHOLE = /^\d+$/;

export function parseLimit(given: string | undefined): number {
  const raw = single('limit', given);
  if (!present(raw)) return DEFAULT_PAGE_SIZE;
  const n = WHOLE.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE)
    throw ApiError.badParameter('limit', `limit must be an integer from 1 to ${MAX_PAGE_SIZE}`);
  return n;
}

/** UTC offsets in use, in minutes: from -12:00 (Baker Island) to +14:00 (Line Islands). */
const MIN_OFFSET_MINUTES = -12 * 60;
const MAX_OFFSET_MINUTES = 14 * 60;

/** A time's UTC offset, after the `T`: sign, hours and minutes, as luxon reads it (`+02:00`, `+0200`, `+02`). */
const OFFSET = /T[^+-]*([+-])(\d{2}):?(\d{2})?$/i;

/**
 * Why luxon's ISO reader would misread `raw`, if it would. It takes any two digits as an
 * offset's hours and minutes (`+99:00` moved the time 99 hours, `+05:75` six and a quarter), a
 * time without a date as today's by the server's clock (`10:00`), and lets a zone name in
 * brackets override the offset before it (`+02:00[America/New_York]` read as New York time).
 */
function misread(name: string, raw: string): string | undefined {
  if (!/^[+-]?\d{4}/.test(raw))
    return `${name} must be an ISO-8601 time with a date, e.g. 2020-01-18T00:00:00Z`;
  if (raw.includes('['))
    return `${name} must give its offset as Z or ±hh:mm, e.g. 2020-01-18T02:00:00+02:00, not a zone name`;
  const offset = OFFSET.exec(raw);
  if (!offset) return undefined;
  const [, sign, hours = '', minutes = '00'] = offset;
  const total = (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes));
  if (Number(minutes) > 59 || total < MIN_OFFSET_MINUTES || total > MAX_OFFSET_MINUTES)
    return `${name} has the UTC offset ${sign}${hours}:${minutes}, which no place uses: offsets run from -12:00 to +14:00`;
  return undefined;
}

/** An ISO-8601 instant (an offset or Z required is not enforced: no offset means UTC), as ISO UTC. */
export function parseInstant(name: string, given: string | undefined): string | undefined {
  const raw = single(name, given);
  if (!present(raw)) return undefined;
  const t = DateTime.fromISO(raw, { zone: 'utc' });
  if (!t.isValid)
    throw ApiError.badParameter(
      name,
      `${name} must be an ISO-8601 time, e.g. 2020-01-18T00:00:00Z` +
        // An unencoded + in a query string arrives as a space.
        (/T\S* \d{2}/i.test(raw) ? ' (send the + of an offset as %2B)' : ''),
    );
  const why = misread(name, raw);
  if (why !== undefined) throw ApiError.badParameter(name, why);
  if (t.toUTC().year < MIN_YEAR || t.toUTC().year > MAX_YEAR)
    throw ApiError.badParameter(name, `${name} must be in the years ${MIN_YEAR} to ${MAX_YEAR}`);
  return t.toUTC().toISO();
}

/** `from` and `to` (from inclusive, to exclusive); `from` must be before `to`. */
export function parseWindow(
  rawFrom: string | undefined,
  rawTo: string | undefined,
): { from?: string; to?: string } {
  const from = parseInstant('from', rawFrom);
  const to = parseInstant('to', rawTo);
  if (from !== undefined && to !== undefined && Date.parse(from) >= Date.parse(to))
    throw ApiError.badParameter('from', 'from must be before to');
  return { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
}

/** An ISO-8601 duration (`PT1H`, `P1D`) of at least one second, in seconds. */
export function parseStep(given: string | undefined): number | undefined {
  const raw = single('step', given);
  if (!present(raw)) return undefined;
  const d = Duration.fromISO(raw);
  const seconds = d.isValid ? d.as('seconds') : NaN;
  if (!Number.isFinite(seconds) || seconds < 1)
    throw ApiError.badParameter(
      'step',
      'step must be an ISO-8601 duration of at least one second, e.g. PT6H',
    );
  return seconds;
}

export function parseChoice<T extends string>(
  name: string,
  given: string | undefined,
  allowed: readonly T[],
): T | undefined {
  const raw = single(name, given);
  if (!present(raw)) return undefined;
  if (!(allowed as readonly string[]).includes(raw))
    throw ApiError.badParameter(name, `${name} must be one of ${allowed.join(', ')}`);
  return raw as T;
}

export function parseNumber(
  name: string,
  given: string | undefined,
  min: number,
  max: number,
): number | undefined {
  const raw = single(name, given);
  if (!present(raw)) return undefined;
  const n = DECIMAL.test(raw) ? Number(raw) : NaN;
  if (!Number.isFinite(n) || n < min || n > max)
    throw ApiError.badParameter(name, `${name} must be a number from ${min} to ${max}`);
  return n;
}

/**
 * An asset id as a filter (`asset=`): an asset of the registry, or with `orNational` the
 * national row (`LY`). An unknown one is a 400 naming the parameter, as an unknown `kind` or
 * `status` is, not an empty list that looks like "no events there".
 */
export function parseAssetFilter(
  name: string,
  given: string | undefined,
  { orNational = false }: { orNational?: boolean } = {},
): string | undefined {
  const raw = single(name, given);
  if (!present(raw)) return undefined;
  if (LIBYA_REGISTRY.get(raw) === undefined && !(orNational && raw === NATIONAL_ASSET_ID))
    throw ApiError.badParameter(
      name,
      `${name} must be an asset id (see /v1/assets)${orNational ? ` or ${NATIONAL_ASSET_ID}` : ''}`,
    );
  return raw;
}

/** A path parameter (an asset or event id): any text but a NUL. */
export function parsePathId(name: string, raw: string): string {
  return single(name, raw) ?? raw;
}

/** Opaque page cursors: base64url JSON of the last row's sort key. */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** Decodes a cursor made by `encodeCursor` with the given element types, or throws naming `cursor`. */
export function decodeCursor<const T extends ReadonlyArray<'string' | 'number'>>(
  raw: string | undefined,
  shape: T,
): { [K in keyof T]: T[K] extends 'number' ? number : string } | undefined {
  raw = single('cursor', raw);
  if (!present(raw)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  const fits = (v: unknown, i: number): boolean =>
    typeof v === shape[i] && (typeof v !== 'string' || !v.includes('\u0000'));
  if (!Array.isArray(value) || value.length !== shape.length || !value.every(fits))
    throw ApiError.badParameter('cursor', 'cursor is not one this endpoint returned');
  return value as { [K in keyof T]: T[K] extends 'number' ? number : string };
}

export interface Page<T> {
  readonly items: T[];
  /** Pass as `cursor` for the next page; null on the last page. */
  readonly nextCursor: string | null;
}

/** Builds a page from `limit + 1` fetched rows: the extra row only says there is more. */
export function toPage<T>(
  rows: T[],
  limit: number,
  keyOf: (last: T) => readonly (string | number)[],
): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null };
}
