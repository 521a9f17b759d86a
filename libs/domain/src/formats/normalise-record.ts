import type { GeoEvent } from '../events/geo-event';
import { reject, type Rejection, type Result } from '../events/rejection';
import { normaliseAcledRecord } from './acled.adapter';
import { FieldReader, isJsonRecord } from './field-reader';
import { normaliseGdeltColumns, normaliseGdeltLine } from './gdelt.adapter';
import { normaliseNews } from './news.adapter';
import { exceedsBytes, resolveLimits, type NormaliseContext } from './normalise-context';
import { storableEvent } from './storable-text';
import { normaliseStructuredEvent } from './structured-event.adapter';

export const RECORD_KINDS = ['news', 'event', 'gdelt', 'acled'] as const;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * One already-parsed JSON value of any accepted kind, as a GeoEvent or a typed
 * rejection. Never throws: every malformed shape is a Rejection naming the field, and so
 * is an event holding text the event store cannot keep (storableEvent).
 */
export function normaliseRecord(input: unknown, ctx: NormaliseContext): Result<GeoEvent> {
  return storableEvent(normaliseValue(input, ctx));
}

function normaliseValue(input: unknown, ctx: NormaliseContext): Result<GeoEvent> {
  if (input === undefined || input === null) return reject('empty_input', 'no record (null)');
  if (!isJsonRecord(input))
    return reject('unknown_kind', `expected a JSON object with a "kind", got ${describe(input)}`);
  const kind = input['kind'];
  if (kind === undefined || kind === null)
    return reject('missing_field', `kind is required (one of: ${RECORD_KINDS.join(', ')})`, 'kind');
  if (typeof kind !== 'string')
    return reject('invalid_field', `kind must be a string, got ${describe(kind)}`, 'kind');
  const fields = new FieldReader(input);
  switch (kind) {
    case 'news':
      return normaliseNews(fields, ctx);
    case 'event':
      return normaliseStructuredEvent(fields, ctx);
    case 'gdelt': {
      const row = input['row'];
      if (row === undefined || row === null)
        return reject(
          'missing_field',
          'row is required (a tab-separated line or an array of 61 strings)',
          'row',
        );
      if (typeof row === 'string') {
        if (row.trim() === '') return reject('missing_field', 'row is empty', 'row');
        return normaliseGdeltLine(row, ctx);
      }
      if (!Array.isArray(row))
        return reject(
          'invalid_field',
          `row must be a string or an array of strings, got ${describe(row)}`,
          'row',
        );
      const cols: string[] = [];
      for (let i = 0; i < row.length; i++) {
        const cell: unknown = row[i];
        if (typeof cell !== 'string')
          return reject('invalid_field', `row[${i}] must be a string, got ${describe(cell)}`, `row[${i}]`);
        cols.push(cell);
      }
      return normaliseGdeltColumns(cols, ctx);
    }
    case 'acled': {
      const record = input['record'];
      if (record === undefined || record === null)
        return reject('missing_field', 'record is required (an object keyed by ACLED column)', 'record');
      if (!isJsonRecord(record))
        return reject('invalid_field', `record must be an object, got ${describe(record)}`, 'record');
      return normaliseAcledRecord(record, ctx, 'record');
    }
    default:
      return reject(
        'unknown_kind',
        `kind "${kind.slice(0, 40)}" is not one of: ${RECORD_KINDS.join(', ')}`,
        'kind',
      );
  }
}

/**
 * Bytes that are not valid UTF-8: a Kafka message (the ingestor) or a file line (the
 * backtest) refused before it is read, in the same words.
 */
export const NOT_UTF8: Rejection = Object.freeze({
  code: 'malformed_json',
  reason: 'message value is not valid UTF-8',
});

/** JSON.parse as a Result: the only place the formats call something that can throw. */
export function parseJson(text: string): Result<unknown> {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return reject('malformed_json', `not valid JSON: ${message.slice(0, 200)}`);
  }
}

/**
 * One Kafka message value: a JSON object of any kind, or a raw GDELT export line.
 * Limits: the message must be at most `maxMessageBytes` (1 MiB by default) of UTF-8.
 */
export function normaliseMessage(text: string, ctx: NormaliseContext): Result<GeoEvent> {
  const limits = resolveLimits(ctx);
  if (exceedsBytes(text, limits.maxMessageBytes)) {
    return reject('oversized', `message is over the limit of ${limits.maxMessageBytes} bytes`);
  }
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const trimmed = body.trim();
  if (trimmed === '') return reject('empty_input', 'message is empty');
  const first = trimmed.charCodeAt(0);
  if (first !== 123 && first !== 91 && body.includes('\t')) {
    let end = body.length;
    while (end > 0 && (body.charCodeAt(end - 1) === 10 || body.charCodeAt(end - 1) === 13)) end--;
    return storableEvent(normaliseGdeltLine(end === body.length ? body : body.slice(0, end), ctx));
  }
  const parsed = parseJson(trimmed);
  if (!parsed.ok) {
    return first === 123 || first === 91
      ? parsed
      : reject('malformed_json', 'message is neither JSON nor a GDELT export row (tab-separated)');
  }
  return normaliseRecord(parsed.value, ctx);
}
