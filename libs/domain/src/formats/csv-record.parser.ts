import { ok, reject, type Result } from '../events/rejection';
import { utf8Length } from './normalise-context';

/**
 * RFC 4180 records, as ACLED exports them: comma-separated, fields optionally quoted,
 * `""` for a quote inside a quoted field, and quoted fields that may hold commas and
 * line breaks. A record is complete when its count of quote characters is even, which
 * `CsvRecordAssembler` tracks line by line without rescanning.
 */
export function parseCsvRecord(record: string): Result<string[]> {
  const fields: string[] = [];
  let i = 0;
  const n = record.length;
  for (;;) {
    if (i < n && record.charCodeAt(i) === 34) {
      // Quoted field.
      let value = '';
      let from = ++i;
      for (;;) {
        const q = record.indexOf('"', i);
        if (q < 0) return reject('invalid_field', 'malformed CSV: a quoted field is never closed', 'csv');
        if (record.charCodeAt(q + 1) === 34) {
          value += record.slice(from, q + 1);
          i = q + 2;
          from = i;
          continue;
        }
        value += record.slice(from, q);
        i = q + 1;
        break;
      }
      fields.push(value);
      if (i === n) return ok(fields);
      if (record.charCodeAt(i) !== 44)
        return reject('invalid_field', `malformed CSV: text after a closing quote at character ${i}`, 'csv');
      i++;
    } else {
      const comma = record.indexOf(',', i);
      if (comma < 0) {
        fields.push(record.slice(i));
        return ok(fields);
      }
      fields.push(record.slice(i, comma));
      i = comma + 1;
    }
  }
}

function countQuotes(line: string): number {
  let count = 0;
  let at = line.indexOf('"');
  while (at >= 0) {
    count++;
    at = line.indexOf('"', at + 1);
  }
  return count;
}

/** Joins physical lines into CSV records, holding at most one record in memory. */
export class CsvRecordAssembler {
  private parts: string[] = [];
  private quotes = 0;
  /** UTF-8 bytes of the pending record (counted only once a record spans lines). */
  private bytes = 0;
  /** 1-based line number where the pending record started. */
  startLine = 0;

  get pending(): boolean {
    return this.parts.length > 0;
  }

  /** UTF-8 bytes of the pending record, its line breaks included. */
  get pendingBytes(): number {
    return this.bytes;
  }

  /** Adds a line; returns the completed record, or undefined while a quoted field is open. */
  push(line: string, lineNumber: number): string | undefined {
    if (this.parts.length === 0) this.startLine = lineNumber;
    this.parts.push(line);
    this.quotes += countQuotes(line);
    if (this.quotes % 2 === 0) return this.take();
    // Still open: counted in bytes from here, for the record limit (nearly every record is
    // one line and never gets here).
    this.bytes += utf8Length(line) + 1;
    return undefined;
  }

  /** Whatever is pending (an unterminated record at end of input), and resets. */
  take(): string {
    const record = this.parts.length === 1 ? (this.parts[0] ?? '') : this.parts.join('\n');
    this.parts = [];
    this.quotes = 0;
    this.bytes = 0;
    return record;
  }
}
