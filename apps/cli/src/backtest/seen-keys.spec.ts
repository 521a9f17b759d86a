import { ContentHasher } from '@crescent/domain';
import { hashText, HashKeys, hex16Halves, IdTable, readHex16 } from './seen-keys';

describe('the keys a backtest has seen', () => {
  it('knows every id added, and no other, across many growths of the table, and gives each back', () => {
    const ids = new IdTable();
    for (let i = 0; i < 50_000; i++) expect(ids.add(`event:ev-${i}`)).toBe(i);
    expect(ids.size).toBe(50_000);
    for (let i = 0; i < 50_000; i += 997) expect(ids.indexOf(`event:ev-${i}`)).toBe(i);
    expect(ids.has('event:ev-50000')).toBe(false);
    expect(ids.has('news:ev-1')).toBe(false);
    expect(ids.has('event:ev-')).toBe(false);
    expect(ids.add('event:ev-7')).toBe(7);
    expect(ids.size).toBe(50_000);
    expect(ids.text(49_999)).toBe('event:ev-49999');
  });

  it('still gives every id back once sealed, and takes no more', () => {
    const ids = new IdTable();
    ids.add('event:a');
    ids.add('news:b');
    ids.seal();
    expect([ids.text(0), ids.text(1)]).toEqual(['event:a', 'news:b']);
    expect(() => ids.add('event:c')).toThrow('sealed');
  });

  it('tells apart ids whose 32-bit hashes collide', () => {
    // A known FNV-1a 32-bit collision: both words hash to 0x5e4daa9d.
    const ids = new IdTable();
    ids.add('costarring');
    expect(ids.has('liquid')).toBe(false);
    ids.add('liquid');
    expect([ids.indexOf('costarring'), ids.indexOf('liquid'), ids.size]).toEqual([0, 1, 2]);
  });

  it('keeps ids of any characters exactly, before and after one needs two bytes', () => {
    const ids = new IdTable();
    const names = [
      'news:ñandú',
      'event:',
      '',
      'gdelt:123',
      'news:Çavuşoğlu',
      'acled:\u{1F600}x',
      'news:\ud800',
      'news:é',
    ];
    for (const n of names) ids.add(n);
    expect(names.map((n) => ids.text(ids.indexOf(n)))).toEqual(names);
    expect(ids.has('news:ñandu')).toBe(false);
  });

  it('finds an id given as a range of a longer text with its hash, as a worker thread sends it', () => {
    const ids = new IdTable();
    const text = 'ev-1news-2ev-1ñandu';
    const range = (from: number, to: number): [string, number, number, number] => [
      text,
      from,
      to,
      hashText(text.slice(from, to)),
    ];
    expect(ids.addRange(...range(0, 4))).toBe(0);
    expect(ids.addRange(...range(4, 10))).toBe(1);
    expect(ids.indexOfRange(...range(10, 14))).toBe(0);
    expect(ids.addRange(...range(10, 14))).toBe(0);
    expect(ids.indexOfRange(...range(14, 19))).toBe(-1);
    expect(ids.addRange(...range(14, 19))).toBe(2);
    expect([ids.text(0), ids.text(1), ids.text(2)]).toEqual(['ev-1', 'news-2', 'ñandu']);
    expect(ids.indexOf('news-2')).toBe(1);
  });

  it('takes a content hash as its two halves, the same key as its text', () => {
    const keys = new HashKeys();
    const hash = new ContentHasher().add('item').digest();
    expect(readHex16(hash)).toBe(true);
    const [high, low] = hex16Halves();
    expect(keys.addHalves(high, low)).toBe(true);
    expect(keys.has(hash)).toBe(true);
    expect(keys.add(hash)).toBe(false);
    expect(keys.hasHalves(high, low + 1)).toBe(false);
  });

  it('knows every content hash added, as written by ContentHasher, and any other string too', () => {
    const keys = new HashKeys();
    const hashes = Array.from({ length: 20_000 }, (_, i) => new ContentHasher().add(`item ${i}`).digest());
    for (const h of hashes) expect(keys.add(h)).toBe(true);
    for (const h of hashes) expect(keys.has(h)).toBe(true);
    expect(keys.has(new ContentHasher().add('item 20000').digest())).toBe(false);
    expect(keys.add(hashes[5] ?? '')).toBe(false);
    // Not 16 lowercase hex digits: kept as a string, still exact.
    expect(keys.add('ABCDEF0123456789')).toBe(true);
    expect(keys.has('ABCDEF0123456789')).toBe(true);
    expect(keys.has('abcdef0123456789')).toBe(false);
    // Equal low halves, different high halves.
    expect(keys.add('0000000000000001')).toBe(true);
    expect(keys.has('1000000000000001')).toBe(false);
    expect(keys.add('')).toBe(true);
    expect(keys.has('')).toBe(true);
    expect(keys.size).toBe(20_003);
  });
});
