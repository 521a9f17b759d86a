import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { seededRandom } from '../../../../test/support/seeded-random';
import { StringDecoder } from 'node:string_decoder';
import { isUtf8 } from 'node:buffer';
import { LineSplitter, Utf8Chunks, Utf8LineSplitter } from './line-splitter';

async function readlineLines(chunks: readonly string[]): Promise<string[]> {
  const lines: string[] = [];
  const input = Readable.from(chunks, { objectMode: false });
  for await (const line of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) lines.push(line);
  return lines;
}

function splitterLines(chunks: readonly string[]): string[] {
  const lines: string[] = [];
  const splitter = new LineSplitter();
  for (const chunk of chunks) splitter.push(chunk, (line) => lines.push(line));
  splitter.end((line) => lines.push(line));
  return lines;
}

describe('the backtest’s line splitter', () => {
  it('cuts lines exactly as readline does, whatever the line endings and however the text is chunked', async () => {
    const random = seededRandom(1579305600);
    const pieces = ['a', 'bc', '{"x":1}', '\n', '\r', '\r\n', '\n\n', '\r\r', ' ', '\t', 'é'];
    for (let k = 0; k < 400; k++) {
      let text = '';
      const length = Math.floor(random() * 30);
      for (let i = 0; i < length; i++) text += pieces[Math.floor(random() * pieces.length)] ?? '';
      const chunks: string[] = [];
      for (let at = 0; at < text.length;) {
        const size = 1 + Math.floor(random() * 6);
        chunks.push(text.slice(at, at + size));
        at += size;
      }
      expect({ text, lines: splitterLines(chunks) }).toEqual({ text, lines: await readlineLines(chunks) });
    }
  });

  it('keeps a last line without a line break, and none after a final one', () => {
    expect(splitterLines(['one\ntwo'])).toEqual(['one', 'two']);
    expect(splitterLines(['one\n'])).toEqual(['one']);
    expect(splitterLines(['one\r', '\ntwo\r\n', '\r\nthree'])).toEqual(['one', 'two', '', 'three']);
  });

  it('decodes UTF-8 exactly as a utf8 read stream does, however the bytes are split, malformed ones included', () => {
    const random = seededRandom(20200919);
    const pieces = [
      Buffer.from('a\n'),
      Buffer.from('é'),
      Buffer.from('中'),
      Buffer.from('😀'),
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from([0xff]),
      Buffer.from([0xc0]),
      Buffer.from([0xe2, 0x82]),
      Buffer.from([0xf0, 0x9f]),
      Buffer.from([0x80]),
      Buffer.from([0xed, 0xa0, 0x80]),
    ];
    for (let k = 0; k < 2000; k++) {
      const parts: Buffer[] = [];
      const count = Math.floor(random() * 10);
      for (let i = 0; i < count; i++)
        parts.push(pieces[Math.floor(random() * pieces.length)] ?? Buffer.alloc(0));
      const bytes = Buffer.concat(parts);
      const chunks: Buffer[] = [];
      for (let at = 0; at < bytes.length;) {
        const size = 1 + Math.floor(random() * 4);
        chunks.push(bytes.subarray(at, at + size));
        at += size;
      }
      const stream = new StringDecoder('utf8');
      const ours = new Utf8Chunks();
      let expected = '';
      let actual = '';
      for (const chunk of chunks) {
        expected += stream.write(chunk);
        actual += ours.decode(chunk);
      }
      expected += stream.end();
      actual += ours.end();
      expect({ bytes: bytes.toString('hex'), text: actual }).toEqual({
        bytes: bytes.toString('hex'),
        text: expected,
      });
    }
  });

  it('tells the lines whose bytes are not UTF-8, with their bytes, however the bytes are split, with the lines and text of a utf8 read stream', () => {
    const random = seededRandom(20200120);
    const pieces = [
      Buffer.from('{"a":1}'),
      Buffer.from('\n'),
      Buffer.from('\r'),
      Buffer.from('\r\n'),
      Buffer.from('é'),
      Buffer.from('😀'),
      Buffer.from('\ufffd'), // a real replacement character is valid UTF-8
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from([0xff]),
      Buffer.from([0xc0, 0xaf]),
      Buffer.from([0xe2, 0x82]),
      Buffer.from([0xf0, 0x9f]),
      Buffer.from([0x80]),
      Buffer.from([0xed, 0xa0, 0x80]),
    ];
    let badSeen = 0;
    for (let k = 0; k < 3000; k++) {
      const parts: Buffer[] = [];
      const count = Math.floor(random() * 14);
      for (let i = 0; i < count; i++)
        parts.push(pieces[Math.floor(random() * pieces.length)] ?? Buffer.alloc(0));
      const bytes = Buffer.concat(parts);
      // Expected: the lines of the whole input at once, each checked on its own bytes.
      const expected: [string, boolean, string | undefined][] = [];
      let start = 0;
      for (let i = 0; i <= bytes.length; i++) {
        const b = bytes[i];
        if (i < bytes.length && b !== 10 && b !== 13) continue;
        const line = bytes.subarray(start, i);
        if (i < bytes.length || line.length > 0) {
          const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(line);
          expected.push([text, !isUtf8(line), isUtf8(line) ? undefined : line.toString('hex')]);
        }
        if (b === 13 && bytes[i + 1] === 10) i++;
        start = i + 1;
      }
      const actual: [string, boolean, string | undefined][] = [];
      const lines = new Utf8LineSplitter();
      const handler = (text: string, notUtf8?: boolean, lineBytes?: Buffer): void => {
        actual.push([text, notUtf8 === true, lineBytes?.toString('hex')]);
      };
      for (let at = 0; at < bytes.length;) {
        const size = 1 + Math.floor(random() * (k % 2 === 0 ? 6 : 40));
        lines.push(bytes.subarray(at, at + size), handler);
        at += size;
      }
      lines.end(handler);
      badSeen += expected.filter(([, bad]) => bad).length;
      expect({ bytes: bytes.toString('hex'), lines: actual }).toEqual({
        bytes: bytes.toString('hex'),
        lines: expected,
      });
    }
    expect(badSeen).toBeGreaterThan(500);
  });
});
