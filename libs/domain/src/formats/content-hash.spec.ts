import { ContentHasher, hashFields } from './content-hash';

describe('ContentHasher (FNV-1a 64)', () => {
  it('matches the published FNV-1a 64 test vectors for ASCII', () => {
    expect(new ContentHasher().digest()).toBe('cbf29ce484222325');
    expect(new ContentHasher().add('a').digest()).toBe('af63dc4c8601ec8c');
    expect(new ContentHasher().add('foobar').digest()).toBe('85944171f73967e8');
  });

  it('is the same whether text is fed whole or in pieces', () => {
    expect(new ContentHasher().add('Haftar ').add('left Moscow').digest()).toBe(
      new ContentHasher().add('Haftar left Moscow').digest(),
    );
  });

  it('ignores case and spacing in normalised text, so a re-published copy hashes alike', () => {
    const a = new ContentHasher().addNormalised('  Haftar   left\nMoscow ').digest();
    const b = new ContentHasher().addNormalised('haftar left moscow').digest();
    expect(a).toBe(b);
    expect(new ContentHasher().addNormalised('haftar left moscow!').digest()).not.toBe(b);
  });

  it('separates fields, so moving text across a field boundary changes the hash', () => {
    expect(hashFields(['ab', 'c'])).not.toBe(hashFields(['a', 'bc']));
  });

  it('always gives 16 hex digits', () => {
    for (const s of ['', 'x', 'é', '\u{1f600}', 'a'.repeat(10_000)])
      expect(new ContentHasher().add(s).digest()).toMatch(/^[0-9a-f]{16}$/);
  });
});
