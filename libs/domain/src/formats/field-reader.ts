import { ok, reject, type Result } from '../events/rejection';

/** A parsed JSON object: the only shape the record adapters accept at their top level. */
export type JsonRecord = Readonly<Record<string, unknown>>;

export function isJsonRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An optional sign, digits and an optional fraction: numbers as GDELT and ACLED write them. */
const DECIMAL = /^[+-]?[0-9]+(?:\.[0-9]+)?$/;

/**
 * The number that `text` (spaces around it aside) writes as a plain decimal (`-5.0`,
 * `32.8872`), or NaN. `Number()` also reads `0x10`, `0b1`, `1e3`, `.5` and `Infinity`,
 * which no feed writes: such a value is a broken field, refused rather than read.
 */
export function decimalNumber(text: string): number {
  const t = text.trim();
  return DECIMAL.test(t) ? Number(t) : Number.NaN;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * Typed reads of one record's fields. Each returns a Result whose rejection names the
 * field (with the record's path prefix, e.g. `location.lat`), so a feed owner can fix
 * the producer from the dead-letter reason alone.
 */
export class FieldReader {
  constructor(
    private readonly record: JsonRecord,
    private readonly path = '',
  ) {}

  name(field: string): string {
    return this.path === '' ? field : `${this.path}.${field}`;
  }

  has(field: string): boolean {
    const v = this.record[field];
    return v !== undefined && v !== null;
  }

  raw(field: string): unknown {
    return this.record[field];
  }

  /** A non-empty string of at most `maxChars` code units. */
  string(field: string, maxChars: number): Result<string> {
    const v = this.record[field];
    if (typeof v === 'string' && v.length <= maxChars && v.trim() !== '') return ok(v);
    // The field's name with its path is put together only for a rejection.
    const name = this.name(field);
    if (v === undefined || v === null) return reject('missing_field', `${name} is required`, name);
    if (typeof v !== 'string')
      return reject('invalid_field', `${name} must be a string, got ${describe(v)}`, name);
    if (v.trim() === '') return reject('missing_field', `${name} is empty`, name);
    return reject('oversized', `${name} is ${v.length} characters, over the limit of ${maxChars}`, name);
  }

  optionalString(field: string, maxChars: number): Result<string | undefined> {
    const v = this.record[field];
    if (v === undefined || v === null) return ok(undefined);
    if (typeof v === 'string' && v.trim() === '') return ok(undefined);
    return this.string(field, maxChars);
  }

  /**
   * A finite number; numeric strings are accepted because CSV and some JSON feeds quote
   * numbers, as plain decimals only (decimalNumber).
   */
  optionalNumber(field: string): Result<number | undefined> {
    const v = this.record[field];
    if (v === undefined || v === null) return ok(undefined);
    if (typeof v === 'number' && Number.isFinite(v)) return ok(v);
    const name = this.name(field);
    if (typeof v === 'string' && v.trim() === '') return ok(undefined);
    const n = typeof v === 'number' ? v : typeof v === 'string' ? decimalNumber(v) : Number.NaN;
    if (typeof v !== 'number' && typeof v !== 'string') {
      return reject('invalid_field', `${name} must be a number, got ${describe(v)}`, name);
    }
    if (!Number.isFinite(n))
      return reject(
        'invalid_field',
        `${name} must be a ${typeof v === 'string' ? 'decimal' : 'finite'} number, got "${String(v).slice(0, 40)}"`,
        name,
      );
    return ok(n);
  }

  number(field: string): Result<number> {
    const r = this.optionalNumber(field);
    if (!r.ok) return r;
    if (r.value === undefined) {
      const name = this.name(field);
      return reject('missing_field', `${name} is required`, name);
    }
    return ok(r.value);
  }

  /** A list of non-empty strings. */
  optionalStringList(
    field: string,
    maxEntries: number,
    maxChars: number,
  ): Result<readonly string[] | undefined> {
    const name = this.name(field);
    const v = this.record[field];
    if (v === undefined || v === null) return ok(undefined);
    if (!Array.isArray(v))
      return reject('invalid_field', `${name} must be an array of strings, got ${describe(v)}`, name);
    if (v.length > maxEntries)
      return reject('oversized', `${name} has ${v.length} entries, over the limit of ${maxEntries}`, name);
    const out: string[] = [];
    for (let i = 0; i < v.length; i++) {
      const item: unknown = v[i];
      if (typeof item === 'string' && item.length <= maxChars && item.trim() !== '') {
        out.push(item);
        continue;
      }
      const itemName = `${name}[${i}]`;
      if (typeof item !== 'string')
        return reject('invalid_field', `${itemName} must be a string, got ${describe(item)}`, itemName);
      if (item.trim() === '') return reject('invalid_field', `${itemName} is empty`, itemName);
      return reject('oversized', `${itemName} is over the limit of ${maxChars} characters`, itemName);
    }
    return ok(out);
  }

  /** A nested object, read with its own path prefix. */
  optionalObject(field: string): Result<FieldReader | undefined> {
    const name = this.name(field);
    const v = this.record[field];
    if (v === undefined || v === null) return ok(undefined);
    if (!isJsonRecord(v))
      return reject('invalid_field', `${name} must be an object, got ${describe(v)}`, name);
    return ok(new FieldReader(v, name));
  }
}

/** Latitude and longitude in WGS84 degrees, or a rejection naming the bad one. */
export function checkCoordinates(
  lat: number,
  lon: number,
  latField: string,
  lonField: string,
): Result<{ lat: number; lon: number }> {
  if (!Number.isFinite(lat) || lat < -90 || lat > 90) {
    return reject('invalid_coordinates', `${latField} ${String(lat)} is outside [-90, 90]`, latField);
  }
  if (!Number.isFinite(lon) || lon < -180 || lon > 180) {
    return reject('invalid_coordinates', `${lonField} ${String(lon)} is outside [-180, 180]`, lonField);
  }
  return ok({ lat, lon });
}
