import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';

/**
 * Bytes read at a time. A chunk's text is cut into lines that point into it; at 1 MiB
 * the text lands in V8's large-object space and cutting it costs five times as much
 * (2.7 s against 0.5 s to decode and cut the million-line benchmark file).
 */
export const READ_CHUNK_BYTES = 1 << 16;

/**
 * One line of text. `notUtf8`: its bytes are not valid UTF-8 (the text has replacement
 * characters for them), then `bytes` are the line's own bytes (without its line break);
 * both undefined when they are valid.
 */
export type LineHandler = (text: string, notUtf8?: boolean, bytes?: Buffer) => void;

/**
 * Calls `line` for every line of a UTF-8 file, in order, as readline would give them,
 * telling the lines whose bytes are not UTF-8 (see Utf8LineSplitter), and `progress`
 * with the bytes read after each chunk.
 */
export async function forEachLine(
  path: string,
  line: LineHandler,
  progress?: (bytesRead: number) => void,
): Promise<number> {
  const lines = new Utf8LineSplitter();
  const stream = createReadStream(path, { highWaterMark: READ_CHUNK_BYTES });
  for await (const chunk of stream) {
    lines.push(chunk as Buffer, line);
    progress?.(stream.bytesRead);
  }
  lines.end(line);
  return stream.bytesRead;
}

/**
 * The lines of a UTF-8 byte stream arriving in chunks, as Utf8Chunks and LineSplitter
 * make them, each told whether its bytes are valid UTF-8: the live ingestor refuses a
 * message that is not, and the backtest must refuse the same line.
 *
 * Checked by whole lines, so a character cut by a chunk's end is no error: a chunk's
 * bytes up to its last line break, after the unfinished line before them. Nearly every
 * such block is valid, and is checked in one `isUtf8` call (5 ms for the first 50 MB of
 * the benchmark file, which take 2.5 s to decode and map); only a block that is not has
 * its lines checked one by one. Line breaks (`\n`, `\r`)
 * are single bytes that never occur inside a character, so the lines of the bytes are
 * the lines of the text.
 */
export class Utf8LineSplitter {
  private readonly splitter = new LineSplitter();
  private readonly text = new Utf8Chunks();
  /** The bytes of the unfinished line: after the last line break so far. */
  private held: Buffer[] = [];
  /** The bytes so far end with `\r`: a `\n` next ends that line break, not a line. */
  private sawReturn = false;

  /** Hands every line completed by `bytes` to `line`, in order. */
  push(bytes: Uint8Array, line: LineHandler): void {
    if (bytes.length === 0) return;
    const chunk = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
    const text = this.text.decode(chunk);
    const lastNl = chunk.lastIndexOf(10);
    // A `\r` after the last `\n` (only there: a file without `\r` is not scanned for it).
    const lastCr = chunk.subarray(lastNl + 1).lastIndexOf(13);
    const cut = lastCr >= 0 ? lastNl + 2 + lastCr : lastNl + 1;
    if (cut === 0) {
      this.held.push(chunk);
      this.splitter.push(text, line);
      return;
    }
    const held = this.held;
    this.held = cut < chunk.length ? [chunk.subarray(cut)] : [];
    const startedWithNl = this.sawReturn && held.length === 0 && chunk[0] === 10;
    this.sawReturn = chunk[cut - 1] === 13;
    let valid: boolean;
    if (held.length === 0) valid = isUtf8(chunk.subarray(0, cut));
    else {
      // The unfinished line is checked with its end, up to this chunk's first line break
      // (a character may be cut between them), then the rest of the block in one go.
      let end = chunk.indexOf(10);
      if (end < 0) end = cut - 1;
      const cr = chunk.subarray(0, end).indexOf(13);
      if (cr >= 0) end = cr;
      valid =
        isUtf8(Buffer.concat([...held, chunk.subarray(0, end + 1)])) && isUtf8(chunk.subarray(end + 1, cut));
    }
    if (valid) {
      this.splitter.push(text, line);
      return;
    }
    const bad = badLines(Buffer.concat([...held, chunk.subarray(0, cut)]), startedWithNl);
    let k = 0;
    this.splitter.push(text, (t) => {
      const bytes = bad[k++];
      if (bytes === undefined) line(t);
      else line(t, true, bytes);
    });
  }

  /** Hands over the last line, if it did not end with a line break and is not empty. */
  end(line: LineHandler): void {
    const tail = this.text.end();
    if (tail !== '') this.splitter.push(tail, line);
    const held = Buffer.concat(this.held);
    this.held = [];
    this.splitter.end(held.length === 0 || isUtf8(held) ? line : (t) => line(t, true, held));
  }
}

/**
 * For a block of whole lines (it ends with a line break), the bytes of each line it ends
 * that is not UTF-8 (undefined for one that is), in order, as LineSplitter cuts them:
 * `\r\n` is one break, and a `\n` first in the block ends the break of a `\r` that ended
 * the block before (`skipNl`).
 */
function badLines(block: Buffer, skipNl: boolean): Array<Buffer | undefined> {
  const bad: Array<Buffer | undefined> = [];
  let start = skipNl ? 1 : 0;
  for (let i = start; i < block.length; i++) {
    const b = block[i];
    if (b !== 10 && b !== 13) continue;
    const bytes = block.subarray(start, i);
    bad.push(isUtf8(bytes) ? undefined : bytes);
    if (b === 13 && block[i + 1] === 10) i++;
    start = i + 1;
  }
  return bad;
}

/**
 * Cuts text arriving in chunks into lines, exactly as `readline` does with
 * `crlfDelay: Infinity`: a line ends at `\n`, `\r\n` or a lone `\r` (also when the `\r`
 * ends one chunk and the `\n` starts the next), and a last line without an ending still
 * counts when it is not empty. Lines are handed over synchronously, chunk by chunk: the
 * backtest reads a million lines, and readline's event and promise per line cost about as
 * much as decoding the line.
 */
export class LineSplitter {
  /** The unfinished line from the chunks so far. */
  private rest = '';
  /** The text so far ended with `\r`: a `\n` starting the next chunk belongs to it. */
  private sawReturn = false;

  /** Hands every line completed by `chunk` to `line`, in order. */
  push(chunk: string, line: LineHandler): void {
    let text = chunk;
    if (this.sawReturn) {
      if (text.charCodeAt(0) === 10) text = text.slice(1);
      this.sawReturn = false;
    }
    let nl = text.indexOf('\n');
    let cr = text.indexOf('\r');
    if (nl < 0 && cr < 0) {
      this.rest += text;
      return;
    }
    // The unfinished line is put in front of the first line only, not of the whole chunk:
    // cutting lines from `rest + text` would first copy the chunk's 64 KiB into one flat
    // string. (`rest` holds no line break: each was cut where it was found.)
    let head = this.rest;
    this.rest = '';
    this.sawReturn = text.charCodeAt(text.length - 1) === 13;
    let start = 0;
    for (;;) {
      let end: number;
      let next: number;
      if (cr >= 0 && (nl < 0 || cr < nl)) {
        // A lone `\r`, or the `\r` of `\r\n`.
        end = cr;
        next = text.charCodeAt(cr + 1) === 10 ? cr + 2 : cr + 1;
      } else if (nl >= 0) {
        end = nl;
        next = nl + 1;
      } else break;
      if (head === '') line(text.slice(start, end));
      else {
        line(head + text.slice(start, end));
        head = '';
      }
      start = next;
      if (nl >= 0 && nl < start) nl = text.indexOf('\n', start);
      if (cr >= 0 && cr < start) cr = text.indexOf('\r', start);
    }
    this.rest = text.slice(start);
  }

  /** Hands over the last line, if it did not end with a line break and is not empty. */
  end(line: LineHandler): void {
    if (this.rest !== '') line(this.rest);
    this.rest = '';
  }
}

/**
 * Text of a UTF-8 byte stream, chunk by chunk, as a `utf8` read stream gives it (a BOM
 * kept, malformed bytes replaced the same way, a character split across chunks joined),
 * through the WHATWG decoder: on a million-line file it decodes in about a third of the
 * time of the stream's own decoder.
 */
export class Utf8Chunks {
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });

  /** The text of `bytes`, holding back the start of a character the next chunk completes. */
  decode(bytes: Uint8Array): string {
    return this.decoder.decode(bytes, { stream: true });
  }

  /** Whatever was held back at the end of the input (a replacement character for a cut one). */
  end(): string {
    return this.decoder.decode();
  }
}
