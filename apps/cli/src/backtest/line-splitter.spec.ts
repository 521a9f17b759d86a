import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { seededRandom } from '../../../../test/support/seeded-random';
import { StringDecoder } from 'node:string_decoder';
import { LineSplitter, Utf8Chunks } from './line-splitter';

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
});
