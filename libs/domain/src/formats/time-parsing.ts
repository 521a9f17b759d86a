import { DateTime, FixedOffsetZone } from 'luxon';
import { ok, reject, type Result } from '../events/rejection';
import { decimalNumber } from './field-reader';

/**
 * Every time an event carries is UTC. Inputs outside [1979-01-01, 2100-01-01) are
 * refused as implausible: GDELT's back-file starts in 1979, and a year past 2100 is a
 * typo or a unit mistake (milliseconds read as seconds), not a report.
 */
export const EARLIEST_PLAUSIBLE_MS = epochMillisUtc(1979, 1, 1, 0, 0, 0);
export const LATEST_PLAUSIBLE_MS = epochMillisUtc(2100, 1, 1, 0, 0, 0);

/** Milliseconds since the Unix epoch for a proleptic-Gregorian UTC date-time (month 1-12). */
export function epochMillisUtc(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): number {
  // Days from civil (H. Hinnant's algorithm): exact integer arithmetic, no Date object.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  const days = era * 146097 + doe - 719468;
  return ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function plausible(ms: number, field: string, raw: string): Result<DateTime> {
  if (ms < EARLIEST_PLAUSIBLE_MS || ms >= LATEST_PLAUSIBLE_MS) {
    return reject('invalid_date', `${field} "${clip(raw)}" is outside the plausible range 1979-2099`, field);
  }
  return ok(utcDateTime(ms));
}

/** What luxon's DateTime constructor takes (it is private in the type declarations). */
type DateTimeConfig = { ts: number; zone: FixedOffsetZone; loc: unknown; o: number };
const DateTimeFromConfig = DateTime as unknown as new (config: DateTimeConfig) => DateTime;
const UTC_ZONE = FixedOffsetZone.utcInstance;
/** The Locale `DateTime.fromMillis(ms, { zone: 'utc' })` would give (luxon's defaults). */
const DEFAULT_LOCALE: unknown = (DateTime.fromMillis(0, { zone: 'utc' }) as unknown as { loc: unknown }).loc;

/**
 * `DateTime.fromMillis(ms, { zone: 'utc' })`, made the way luxon itself makes one from
 * another (its `clone`): with a Locale shared, not built anew. fromMillis builds a Locale
 * (parsing its tag, six small cache objects) for every call, over a tenth of all that
 * intake allocates for a million events; the Locale holds only the defaults and is never
 * changed, so sharing it gives equal DateTimes (time-parsing.spec compares them).
 */
export function utcDateTime(ms: number): DateTime {
  return new DateTimeFromConfig({ ts: ms, zone: UTC_ZONE, loc: DEFAULT_LOCALE, o: 0 });
}

function clip(raw: string): string {
  return raw.length > 40 ? `${raw.slice(0, 40)}...` : raw;
}

function digitsAt(text: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

function fromParts(
  field: string,
  raw: string,
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
): Result<DateTime> {
  if (
    year < 0 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59 ||
    second < 0 ||
    second > 59
  ) {
    return reject('invalid_date', `${field} "${clip(raw)}" is not a calendar date`, field);
  }
  return plausible(epochMillisUtc(year, month, day, hour, minute, second), field, raw);
}

/**
 * Recent answers for compact dates. GDELT files repeat one DATEADDED per 15-minute file
 * and a few dozen SQLDATEs, so most rows skip parsing and the DateTime allocation.
 * Results are immutable, so sharing them is safe; the memo is bounded (cleared when
 * full) so memory stays constant over any file.
 */
type Memo = Map<string, Map<string, Result<DateTime>>>;
const dateMemo: Memo = new Map();
const dateTimeMemo: Memo = new Map();
const COMPACT_MEMO_LIMIT = 512;

function memo(table: Memo, field: string, raw: string, parse: () => Result<DateTime>): Result<DateTime> {
  let byRaw = table.get(field);
  if (byRaw === undefined) {
    byRaw = new Map();
    table.set(field, byRaw);
  }
  const hit = byRaw.get(raw);
  if (hit !== undefined) return hit;
  const result = parse();
  if (byRaw.size >= COMPACT_MEMO_LIMIT) byRaw.clear();
  byRaw.set(raw, result);
  return result;
}

/** `YYYYMMDD` (GDELT SQLDATE), midnight UTC. */
export function parseCompactDate(raw: string, field: string): Result<DateTime> {
  return memo(dateMemo, field, raw, () => parseCompactDateUncached(raw, field));
}

function parseCompactDateUncached(raw: string, field: string): Result<DateTime> {
  if (raw.length !== 8) return reject('invalid_date', `${field} "${clip(raw)}" is not YYYYMMDD`, field);
  const y = digitsAt(raw, 0, 4);
  const m = digitsAt(raw, 4, 2);
  const d = digitsAt(raw, 6, 2);
  if (y < 0 || m < 0 || d < 0)
    return reject('invalid_date', `${field} "${clip(raw)}" is not YYYYMMDD`, field);
  return fromParts(field, raw, y, m, d);
}

/** `YYYYMMDDHHMMSS` in UTC (GDELT DATEADDED). */
export function parseCompactDateTime(raw: string, field: string): Result<DateTime> {
  return memo(dateTimeMemo, field, raw, () => parseCompactDateTimeUncached(raw, field));
}

function parseCompactDateTimeUncached(raw: string, field: string): Result<DateTime> {
  if (raw.length !== 14)
    return reject('invalid_date', `${field} "${clip(raw)}" is not YYYYMMDDHHMMSS`, field);
  const parts = [
    digitsAt(raw, 0, 4),
    digitsAt(raw, 4, 2),
    digitsAt(raw, 6, 2),
    digitsAt(raw, 8, 2),
    digitsAt(raw, 10, 2),
    digitsAt(raw, 12, 2),
  ];
  if (parts.some((p) => p < 0))
    return reject('invalid_date', `${field} "${clip(raw)}" is not YYYYMMDDHHMMSS`, field);
  const [y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0] = parts;
  return fromParts(field, raw, y, mo, d, h, mi, s);
}

/** Unix seconds (ACLED `timestamp`), as a number or a string of digits. */
export function parseUnixSeconds(raw: number | string, field: string): Result<DateTime> {
  const text = typeof raw === 'number' ? String(raw) : raw.trim();
  const seconds = typeof raw === 'number' ? raw : decimalNumber(text);
  if (!Number.isFinite(seconds) || !Number.isInteger(seconds)) {
    return reject('invalid_date', `${field} "${clip(text)}" is not whole Unix seconds`, field);
  }
  return plausible(seconds * 1000, field, text);
}

const MONTHS: ReadonlyMap<string, number> = new Map(
  [
    'january',
    'february',
    'march',
    'april',
    'may',
    'june',
    'july',
    'august',
    'september',
    'october',
    'november',
    'december',
  ].flatMap((name, i) => [
    [name, i + 1],
    [name.slice(0, 3), i + 1],
  ]),
);

/**
 * A calendar day as ACLED writes it: ISO `2020-01-18`, or the older export's
 * `18 January 2020` / `18-Jan-2020`. Midnight UTC.
 */
export function parseDay(raw: string, field: string): Result<DateTime> {
  const text = raw.trim();
  if (text.length === 10 && text.charCodeAt(4) === 45 && text.charCodeAt(7) === 45) {
    const y = digitsAt(text, 0, 4);
    const m = digitsAt(text, 5, 2);
    const d = digitsAt(text, 8, 2);
    if (y >= 0 && m >= 0 && d >= 0) return fromParts(field, raw, y, m, d);
  }
  const words = text.split(/[\s-]+/);
  if (words.length === 3) {
    const [ds = '', ms = '', ys = ''] = words;
    const month = MONTHS.get(ms.toLowerCase());
    const d = ds.length <= 2 ? digitsAt(ds, 0, ds.length) : -1;
    const y = ys.length === 4 ? digitsAt(ys, 0, 4) : -1;
    if (month !== undefined && d > 0 && y >= 0) return fromParts(field, raw, y, month, d);
  }
  return reject(
    'invalid_date',
    `${field} "${clip(raw)}" is not a date (expected YYYY-MM-DD or "18 January 2020")`,
    field,
  );
}

/**
 * An ISO-8601 instant. A string without an offset is read as UTC, because every feed
 * Crescent takes documents UTC and guessing a local zone would make replays differ.
 */
export function parseIsoInstant(raw: string, field: string): Result<DateTime> {
  const text = raw.trim();
  if (text.length < 4 || text.length > 40)
    return reject('invalid_date', `${field} "${clip(raw)}" is not an ISO-8601 date`, field);
  const fast = fastIso(text);
  if (fast !== undefined) {
    if (fast < 0) return reject('invalid_date', `${field} "${clip(raw)}" is not a calendar date`, field);
    return plausible(fast, field, raw);
  }
  const parsed = DateTime.fromISO(text, { zone: 'utc' });
  if (!parsed.isValid)
    return reject('invalid_date', `${field} "${clip(raw)}" is not an ISO-8601 date`, field);
  return plausible(parsed.toMillis(), field, raw);
}

/**
 * The ISO forms feeds actually send, parsed without luxon's general parser (which costs
 * microseconds per call): `YYYY-MM-DD`, optionally `THH:MM`, `:SS`, `.fff`, and `Z` or
 * `±HH:MM`. Returns epoch milliseconds, -1 for an impossible calendar value, or
 * undefined for any other shape (left to luxon).
 */
function fastIso(t: string): number | undefined {
  if (t.length < 10 || t.charCodeAt(4) !== 45 || t.charCodeAt(7) !== 45) return undefined;
  const y = digitsAt(t, 0, 4);
  const mo = digitsAt(t, 5, 2);
  const d = digitsAt(t, 8, 2);
  if (y < 0 || mo < 0 || d < 0) return undefined;
  let h = 0;
  let mi = 0;
  let sec = 0;
  let ms = 0;
  let i = 10;
  if (i < t.length) {
    const sep = t.charCodeAt(i);
    if (sep !== 84 && sep !== 116 && sep !== 32) return undefined;
    h = digitsAt(t, i + 1, 2);
    if (t.charCodeAt(i + 3) !== 58) return undefined;
    mi = digitsAt(t, i + 4, 2);
    if (h < 0 || mi < 0) return undefined;
    i += 6;
    if (t.charCodeAt(i) === 58) {
      sec = digitsAt(t, i + 1, 2);
      if (sec < 0) return undefined;
      i += 3;
      if (t.charCodeAt(i) === 46) {
        let j = i + 1;
        let scale = 100;
        while (j < t.length && t.charCodeAt(j) >= 48 && t.charCodeAt(j) <= 57) {
          ms += (t.charCodeAt(j) - 48) * scale;
          scale /= 10;
          j++;
        }
        if (j === i + 1) return undefined;
        ms = Math.floor(ms);
        i = j;
      }
    }
  }
  let offsetMinutes = 0;
  if (i < t.length) {
    const z = t.charCodeAt(i);
    if ((z === 90 || z === 122) && i + 1 === t.length) {
      offsetMinutes = 0;
    } else if ((z === 43 || z === 45) && i + 6 === t.length && t.charCodeAt(i + 3) === 58) {
      const oh = digitsAt(t, i + 1, 2);
      const om = digitsAt(t, i + 4, 2);
      if (oh < 0 || om < 0 || oh > 23 || om > 59) return undefined;
      offsetMinutes = (z === 43 ? 1 : -1) * (oh * 60 + om);
    } else return undefined;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || sec > 59) return -1;
  return epochMillisUtc(y, mo, d, h, mi, sec) + ms - offsetMinutes * 60_000;
}
