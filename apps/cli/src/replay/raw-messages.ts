import {
  CsvRecordAssembler,
  isAcledHeader,
  LIBYA_REGISTRY,
  looksLikeGdelt,
  normaliseMessage,
  parseCsvRecord,
  startsJson,
  type NormaliseContext,
} from '@crescent/domain';

/** One message for `geo.events.raw.v1`, and when the world learnt of it (for paced replays). */
export interface RawMessage {
  /** Where it came from in the file, 1-based. */
  readonly line: number;
  /** The text to send; a line whose bytes are not UTF-8 goes as those bytes (see pushBytes). */
  readonly value: string | Buffer;
  /** Epoch ms of the event's knownAt; absent when the item will be refused (it is sent anyway). */
  readonly knownAtMs?: number;
}

const ctx: NormaliseContext = { registry: LIBYA_REGISTRY };

/**
 * Turns the lines of an event file into raw-topic messages, in file order. JSON lines and
 * GDELT rows are sent as they are; ACLED CSV rows become `{kind:"acled", record}` objects
 * (the raw topic takes JSON or GDELT lines, not CSV). Items the ingestor will refuse are
 * still sent, so the replay exercises the dead-letter path exactly as live input would.
 */
export class RawMessageReader {
  private header: string[] | undefined;
  private readonly csv = new CsvRecordAssembler();
  private lineNo = 0;

  push(line: string): RawMessage[] {
    this.lineNo++;
    if (this.csv.pending) return this.csvRow(line);
    const trimmed = line.trim();
    if (trimmed === '') return [];
    // The backtest's rules (createLineDecoder), so a file replayed live is read as the
    // backtest reads it: a JSON line or a GDELT row does not end an ACLED section, a tab
    // in an ACLED note does not make a GDELT row, and header names are trimmed, lowercased.
    if (startsJson(trimmed)) return [this.message(this.lineNo, trimmed)];
    if (line.includes('\t') && (this.header === undefined || looksLikeGdelt(line)))
      return [this.message(this.lineNo, line)];
    if (isAcledHeader(line)) {
      const parsed = parseCsvRecord(trimmed);
      this.header = parsed.ok ? parsed.value.map((name) => name.trim().toLowerCase()) : undefined;
      return [];
    }
    if (this.header) return this.csvRow(line);
    return [this.message(this.lineNo, line)];
  }

  /**
   * A line whose bytes are not UTF-8 (`text` decoded with replacement characters). It goes
   * as its own bytes, so the ingestor refuses it as the backtest refuses the line ("message
   * value is not valid UTF-8") and dead-letters the bytes unchanged; sent as its decoded
   * text, it would be accepted live. A line inside an ACLED record spanning several lines
   * goes on as text: the record is sent as one JSON message.
   */
  pushBytes(text: string, bytes: Buffer): RawMessage[] {
    if (this.csv.pending) return this.push(text);
    this.lineNo++;
    return [{ line: this.lineNo, value: bytes }];
  }

  private csvRow(line: string): RawMessage[] {
    const record = this.csv.push(line, this.lineNo);
    if (record === undefined) return [];
    const parsed = parseCsvRecord(record);
    const header = this.header ?? [];
    if (!parsed.ok) return [this.message(this.csv.startLine, record)];
    const fields: Record<string, string> = {};
    header.forEach((name, i) => (fields[name] = parsed.value[i] ?? ''));
    return [this.message(this.csv.startLine, JSON.stringify({ kind: 'acled', record: fields }))];
  }

  private message(line: number, value: string): RawMessage {
    const result = normaliseMessage(value, ctx);
    return result.ok ? { line, value, knownAtMs: result.value.knownAt.toMillis() } : { line, value };
  }
}
