import { ContentHasher } from '@crescent/domain';
import { HashKeys, StringKeys } from './seen-keys';

describe('the keys a backtest has seen', () => {
  it('knows every id added, and no other, across many growths of the table', () => {
    const keys = new StringKeys();
    for (let i = 0; i < 50_000; i++) expect(keys.add(`event:ev-${i}`)).toBe(true);
    expect(keys.size).toBe(50_000);
    for (let i = 0; i < 50_000; i += 997) expect(keys.has(`event:ev-${i}`)).toBe(true);
    expect(keys.has('event:ev-50000')).toBe(false);
    expect(keys.has('news:ev-1')).toBe(false);
    expect(keys.add('event:ev-7')).toBe(false);
    expect(keys.size).toBe(50_000);
  });

  it('tells apart ids whose 32-bit hashes collide', () => {
    // A known FNV-1a 32-bit collision: both words hash to 0x5e4daa9d.
    const keys = new StringKeys();
    const a = 'costarring';
    const b = 'liquid';
    keys.add(a);
    expect(keys.has(b)).toBe(false);
    keys.add(b);
    expect([keys.has(a), keys.has(b), keys.size]).toEqual([true, true, 2]);
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
