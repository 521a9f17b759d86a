import { createReadStream } from 'node:fs';

/**
 * Bytes read at a time. A chunk's text is cut into lines that point into it; at 1 MiB
 * the text lands in V8's large-object space and cutting it costs five times as much
 * (2.7 s against 0.5 s to decode and cut the million-line benchmark file).
 */
export const READ_CHUNK_BYTES = 1 << 16;

/**
 * Calls `line` for every line of a UTF-8 file, in order, as readline would give them
 * (see LineSplitter and Utf8Chunks), and `progress` with the bytes read after each chunk.
 */
export async function forEachLine(
  path: string,
  line: (text: string) => void,
  progress?: (bytesRead: number) => void,
): Promise<number> {
  const splitter = new LineSplitter();
  const text = new Utf8Chunks();
  const stream = createReadStream(path, { highWaterMark: READ_CHUNK_BYTES });
  for await (const chunk of stream) {
    splitter.push(text.decode(chunk as Buffer), line);
    progress?.(stream.bytesRead);
  }
  const tail = text.end();
  if (tail !== '') splitter.push(tail, line);
  splitter.end(line);
  return stream.bytesRead;
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
  push(chunk: string, line: (text: string) => void): void {
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
  end(line: (text: string) => void): void {
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
