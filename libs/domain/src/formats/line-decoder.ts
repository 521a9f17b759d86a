import type { GeoEvent } from '../events/geo-event';
import { reject, type Rejection, type Result } from '../events/rejection';
import { ACLED_REQUIRED_COLUMNS, normaliseAcledRecord } from './acled.adapter';
import { CsvRecordAssembler, parseCsvRecord } from './csv-record.parser';
import { normaliseGdeltLine } from './gdelt.adapter';
import {
  exceedsBytes,
  resolveLimits,
  type NormaliseContext,
  type NormaliseLimits,
} from './normalise-context';
import { normaliseRecord, NOT_UTF8, parseJson } from './normalise-record';
import { storableEvent } from './storable-text';

/** One input item decoded from a file: the 1-based line it started on, and what it became. */
export interface DecodedItem {
  readonly line: number;
  readonly result: Result<GeoEvent>;
}

/**
 * An incremental decoder for event files. Feed it lines (without their newline) in
 * order with `push`, then call `end` once. Each call returns the items completed by
 * it, usually zero or one. Memory is constant: it holds one pending CSV record at most.
 * `notUtf8`: the line's bytes are not valid UTF-8 (`line` is their decoding with
 * replacement characters). The line, or the ACLED record it is part of, is refused as
 * the ingestor refuses such a message (NOT_UTF8); the rest of the file reads as usual.
 */
export interface LineDecoder {
  push(line: string, notUtf8?: boolean): readonly DecodedItem[];
  end(): readonly DecodedItem[];
}

const NOTHING: readonly DecodedItem[] = Object.freeze([]);
const NOT_UTF8_RESULT: Result<GeoEvent> = Object.freeze({ ok: false, rejection: NOT_UTF8 });

/**
 * Inside an ACLED section a tab may sit in a note, so a tab alone does not make a GDELT
 * row there: it takes the 56+ tabs of a GDELT export line (2.0 has 60, 1.0 56-57).
 */
export function looksLikeGdelt(line: string): boolean {
  let tabs = 0;
  for (let at = line.indexOf('\t'); at >= 0 && tabs < 56; at = line.indexOf('\t', at + 1)) tabs++;
  return tabs >= 56;
}

/**
 * A line read as one JSON value, from its first character that is not a space or tab
 * (`first`): an object or an array, or `null`. As a Kafka message each of these is JSON
 * to the ingestor too (normaliseMessage), so a file line of them is decided as live
 * decides it: an array is `unknown_kind`, `null` is `empty_input`, broken JSON is
 * `malformed_json`, and never an ACLED row of an ACLED section.
 */
export function startsJson(line: string, first = 0): boolean {
  const c = line.charCodeAt(first);
  return c === 123 || c === 91 || (c === 110 && line.trim() === 'null');
}

/**
 * A line naming `event_id_cnty` starts an ACLED section, in lower case or in capitals
 * (`EVENT_ID_CNTY`, the spelling of older ACLED files and of some spreadsheet exports);
 * the header's names are then read lower-cased.
 */
export function isAcledHeader(line: string): boolean {
  return line.includes('event_id_cnty') || line.includes('EVENT_ID_CNTY');
}

/**
 * Recognises content line by line, so one file may mix formats:
 *  - a line starting with `{` is one JSON record of any kind (JSONL); so is a line
 *    starting with `[`, or `null`, refused as the ingestor refuses them (startsJson);
 *  - a line with a tab is a GDELT 2.0 export row (inside an ACLED section, only a line
 *    with a GDELT row's 56+ tabs: a note may hold a tab);
 *  - a line naming `event_id_cnty` is an ACLED CSV header, and the lines after it are
 *    rows of that header (a quoted field may span lines) until another header;
 *  - a blank line carries nothing and yields nothing.
 * Anything else is rejected with its line number; nothing is dropped silently.
 */
export function createLineDecoder(ctx: NormaliseContext): LineDecoder {
  const limits: NormaliseLimits = resolveLimits(ctx);
  const csv = new CsvRecordAssembler();
  let header: readonly string[] | undefined;
  let headerRejected = false;
  /** A line of the pending CSV record is not valid UTF-8. */
  let csvNotUtf8 = false;
  let lineNo = 0;

  const one = (line: number, result: Result<GeoEvent>): readonly DecodedItem[] => [{ line, result }];

  /** The pending CSV record taken away: NOT_UTF8 if a line of it was not UTF-8, else `rejection`. */
  const dropRecord = (rejection: Rejection): Result<GeoEvent> => {
    const notUtf8 = csvNotUtf8;
    csvNotUtf8 = false;
    csv.take();
    return { ok: false, rejection: notUtf8 ? NOT_UTF8 : rejection };
  };

  const acledRow = (record: string, line: number): readonly DecodedItem[] => {
    if (csvNotUtf8) {
      csvNotUtf8 = false;
      return one(line, NOT_UTF8_RESULT);
    }
    if (header === undefined)
      return one(line, reject('bad_header', 'ACLED row without a valid header before it'));
    const cells = parseCsvRecord(record);
    if (!cells.ok) return one(line, cells);
    if (cells.value.length !== header.length) {
      return one(
        line,
        reject(
          'bad_column_count',
          `ACLED row has ${cells.value.length} fields, its header has ${header.length}`,
        ),
      );
    }
    const row: Record<string, string> = {};
    for (let i = 0; i < header.length; i++) row[header[i] ?? ''] = cells.value[i] ?? '';
    return one(line, storableEvent(normaliseAcledRecord(row, ctx)));
  };

  const acledHeader = (text: string, line: number, notUtf8: boolean): readonly DecodedItem[] => {
    header = undefined;
    headerRejected = true;
    if (notUtf8) return one(line, NOT_UTF8_RESULT);
    const cells = parseCsvRecord(text);
    if (!cells.ok)
      return one(line, reject('bad_header', `ACLED header is not valid CSV: ${cells.rejection.reason}`));
    const names = cells.value.map((c) => c.trim().toLowerCase());
    const missing = ACLED_REQUIRED_COLUMNS.filter((c) => !names.includes(c));
    if (missing.length > 0)
      return one(line, reject('bad_header', `ACLED header lacks required columns: ${missing.join(', ')}`));
    header = names;
    headerRejected = false;
    return NOTHING;
  };

  return {
    push(raw: string, notUtf8 = false): readonly DecodedItem[] {
      lineNo++;
      let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (lineNo === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);

      if (csv.pending) {
        if (notUtf8) csvNotUtf8 = true;
        const record = csv.push(line, lineNo);
        if (record !== undefined) return acledRow(record, csv.startLine);
        if (csv.pendingBytes > limits.maxMessageBytes) {
          const start = csv.startLine;
          return one(
            start,
            dropRecord({
              code: 'oversized',
              reason: `ACLED record is over the limit of ${limits.maxMessageBytes} bytes (an unclosed quote?)`,
            }),
          );
        }
        return NOTHING;
      }

      let first = 0;
      while (first < line.length && (line.charCodeAt(first) === 32 || line.charCodeAt(first) === 9)) first++;
      if (first === line.length) return NOTHING;
      // A line that is not UTF-8 is still told apart by its kind: an ACLED row may open a
      // record of several lines, refused as a whole, and a header ends the one before.
      if (!notUtf8 && exceedsBytes(line, limits.maxMessageBytes)) {
        return one(lineNo, reject('oversized', `line is over the limit of ${limits.maxMessageBytes} bytes`));
      }
      if (startsJson(line, first)) {
        if (notUtf8) return one(lineNo, NOT_UTF8_RESULT);
        const parsed = parseJson(line);
        return one(lineNo, parsed.ok ? normaliseRecord(parsed.value, ctx) : parsed);
      }
      if (line.includes('\t') && (header === undefined || looksLikeGdelt(line))) {
        return one(lineNo, notUtf8 ? NOT_UTF8_RESULT : storableEvent(normaliseGdeltLine(line, ctx)));
      }
      if (isAcledHeader(line)) return acledHeader(line, lineNo, notUtf8);
      if (header !== undefined || headerRejected) {
        if (notUtf8) csvNotUtf8 = true;
        const record = csv.push(line, lineNo);
        return record === undefined ? NOTHING : acledRow(record, lineNo);
      }
      if (notUtf8) return one(lineNo, NOT_UTF8_RESULT);
      return one(
        lineNo,
        reject(
          'unknown_kind',
          'line is not JSON, a GDELT export row, or an ACLED CSV row (no ACLED header seen)',
        ),
      );
    },

    end(): readonly DecodedItem[] {
      if (!csv.pending) return NOTHING;
      const start = csv.startLine;
      return one(
        start,
        dropRecord({
          code: 'invalid_field',
          reason: 'malformed CSV: a quoted field is never closed before the end of input',
          field: 'csv',
        }),
      );
    },
  };
}
