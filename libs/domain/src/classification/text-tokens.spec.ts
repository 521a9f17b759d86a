import { seededRandom } from '../../../../test/support/seeded-random';
import { collapseWhitespace, tokenise } from './text-tokens';

describe('tokenise', () => {
  it('lowercases, folds diacritics, drops possessives and splits hyphens', () => {
    expect(tokenise("Haftar's cease-fire with Çavuşoğlu's Türkiye").words).toEqual([
      'haftar',
      'cease',
      'fire',
      'with',
      'cavusoglu',
      'turkiye',
    ]);
  });

  it('reads curly apostrophes and "n\'t" as "not"', () => {
    expect(tokenise('Libya’s NOC didn’t close it').words).toEqual([
      'libya',
      'noc',
      'did',
      'not',
      'close',
      'it',
    ]);
  });

  it('ends sentences at full stops, newlines and semicolons, not inside numbers or abbreviations', () => {
    const t = tokenise('Output fell to 1.2 mb/d. Gen. Haftar left.\nU.S. officials; NOC said');
    const sentences = t.sentenceStarts
      .slice(0, -1)
      .map((s, i) => t.words.slice(s, t.sentenceStarts[i + 1]).join(' '));
    expect(sentences).toEqual(['output fell to 1.2 mb d', 'gen haftar left', 'u s officials', 'noc said']);
  });

  it('marks clause breaks at commas and quotes, and keeps character offsets', () => {
    const text = 'The NOC, he said, "closed" it';
    const t = tokenise(text);
    expect(t.words).toEqual(['the', 'noc', 'he', 'said', 'closed', 'it']);
    expect(t.clauseBreakBefore).toEqual([false, false, true, false, true, true]);
    expect(text.slice(t.starts[4], t.ends[4])).toBe('closed');
  });

  it('keeps non-Latin letters as words', () => {
    expect(tokenise('ليبيا oil').words).toEqual(['ليبيا', 'oil']);
  });

  it('collapses whitespace exactly as replace(/\\s+/g, " ").trim() does, whatever the characters', () => {
    const random = seededRandom(20200118);
    const pieces = [
      'a',
      'Z',
      '.',
      ' ',
      '  ',
      '\t',
      '\n',
      '\r',
      '\u00a0',
      '\u2028',
      '\ufeff',
      'é',
      '~',
      '\u0001',
    ];
    for (let k = 0; k < 5000; k++) {
      let text = '';
      const length = Math.floor(random() * 12);
      for (let i = 0; i < length; i++) text += pieces[Math.floor(random() * pieces.length)] ?? '';
      expect({ text, out: collapseWhitespace(text) }).toEqual({
        text,
        out: text.replace(/\s+/g, ' ').trim(),
      });
    }
  });
});
