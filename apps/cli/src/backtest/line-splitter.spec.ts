import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { seededRandom } from '../../../../test/support/seeded-random';
import { LineSplitter } from './line-splitter';

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
});
