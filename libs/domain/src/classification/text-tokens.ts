/**
 * Tokenised text for the phrase rules: lowercase word tokens with their character
 * offsets, sentence boundaries, and clause breaks (commas, colons, quotes, brackets).
 *
 * One pass over the characters, no regular expressions on the ASCII path, so a GDELT
 * actor name costs a few hundred nanoseconds and a long article stays linear.
 *
 * Normalisation: ASCII lowercased; common Latin diacritics folded ("Çavuşoğlu" ->
 * "cavusoglu"); possessive "'s" dropped ("Haftar's" -> "haftar"); "n't" read as a separate
 * "not" ("didn't" -> "did", "not"); hyphens and dashes split words ("cease-fire" ->
 * "cease", "fire"); a full stop between digits stays inside the number ("1.2").
 */
export interface TokenisedText {
  readonly text: string;
  readonly words: readonly string[];
  /** Character offset of each token's first character in `text`. */
  readonly starts: readonly number[];
  /** Character offset just past each token's last character. */
  readonly ends: readonly number[];
  /** Token index where each sentence starts, plus `words.length` as a final sentinel. */
  readonly sentenceStarts: readonly number[];
  /** Sentence index of each token. */
  readonly sentenceOf: readonly number[];
  /** True when a comma, colon, quote or bracket separates token i-1 from token i. */
  readonly clauseBreakBefore: readonly boolean[];
}

const FOLD: ReadonlyMap<number, string> = new Map(
  (
    [
      ['àáâãäåāăą', 'a'],
      ['çćĉċč', 'c'],
      ['ďđ', 'd'],
      ['èéêëēĕėęě', 'e'],
      ['ĝğġģ', 'g'],
      ['ĥħ', 'h'],
      ['ìíîïĩīĭįı', 'i'],
      ['ĵ', 'j'],
      ['ķ', 'k'],
      ['ĺļľŀł', 'l'],
      ['ñńņňŉ', 'n'],
      ['òóôõöøōŏő', 'o'],
      ['ŕŗř', 'r'],
      ['śŝşšș', 's'],
      ['ţťŧț', 't'],
      ['ùúûüũūŭůűų', 'u'],
      ['ŵ', 'w'],
      ['ýÿŷ', 'y'],
      ['źżž', 'z'],
      ['ß', 'ss'],
      ['æ', 'ae'],
      ['œ', 'oe'],
    ] as const
  ).flatMap(([chars, to]) =>
    [...chars].flatMap((ch) => [
      [ch.charCodeAt(0), to] as const,
      [ch.toUpperCase().charCodeAt(0), to] as const,
    ]),
  ),
);

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** Single letters and titles after which a full stop does not end a sentence. */
const ABBREVIATIONS: ReadonlySet<string> = new Set([
  'gen',
  'lt',
  'col',
  'maj',
  'mr',
  'mrs',
  'ms',
  'dr',
  'st',
  'no',
  'vs',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'inc',
  'co',
  'corp',
  'sr',
  'jr',
  'prof',
  'sen',
  'rep',
  'gov',
]);

/** No abbreviation is longer: a longer word before a full stop is not looked up. */
const ABBREVIATION_MAX_LENGTH = Math.max(...[...ABBREVIATIONS].map((a) => a.length));

const enum CharClass {
  Other,
  Word,
  Apostrophe,
  Sentence,
  Clause,
  Newline,
  Period,
}

function classifySlow(c: number): CharClass {
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57)) return CharClass.Word;
  if (c < 128) {
    switch (c) {
      case 39:
      case 96:
        return CharClass.Apostrophe;
      case 46:
        return CharClass.Period;
      case 33:
      case 63:
      case 59:
        return CharClass.Sentence;
      case 10:
      case 13:
        return CharClass.Newline;
      case 44:
      case 58:
      case 34:
      case 40:
      case 41:
      case 91:
      case 93:
        return CharClass.Clause;
      default:
        return CharClass.Other;
    }
  }
  if (c === 0x2019 || c === 0x2018 || c === 0x02bc || c === 0x02bf || c === 0x02be)
    return CharClass.Apostrophe;
  if (c === 0x201c || c === 0x201d || c === 0x00ab || c === 0x00bb) return CharClass.Clause;
  if (c === 0x2026) return CharClass.Sentence;
  if (c === 0x2028 || c === 0x2029) return CharClass.Newline;
  if (FOLD.has(c)) return CharClass.Word;
  return LETTER_OR_DIGIT.test(String.fromCharCode(c)) ? CharClass.Word : CharClass.Other;
}

/** Classes of the ASCII characters, looked up by code: the common case costs one load. */
const ASCII_CLASS: Uint8Array = (() => {
  const table = new Uint8Array(128);
  for (let c = 0; c < 128; c++) table[c] = classifySlow(c);
  return table;
})();

function classify(c: number): CharClass {
  return c < 128 ? (ASCII_CLASS[c] ?? CharClass.Other) : classifySlow(c);
}

function isWordChar(text: string, i: number): boolean {
  return i >= 0 && i < text.length && classify(text.charCodeAt(i)) === CharClass.Word;
}

export function tokenise(text: string): TokenisedText {
  const words: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const sentenceStarts: number[] = [0];
  const sentenceOf: number[] = [];
  const clauseBreakBefore: boolean[] = [];

  let sentence = 0;
  let pendingClause = false;
  // A word is sliced from the text and lowercased in one go while it is plain ASCII;
  // `built` takes over, character by character, only once folding or dropping is needed.
  let built: string | null = null;
  let wordStart = -1;
  // Whether the plain-ASCII word so far has a capital: if not, the slice needs no lowercasing.
  let upper = false;

  const emit = (w: string, start: number, end: number): void => {
    words.push(w);
    starts.push(start);
    ends.push(end);
    sentenceOf.push(sentence);
    clauseBreakBefore.push(pendingClause);
    pendingClause = false;
  };
  const current = (end: number): string =>
    built ?? (upper ? text.slice(wordStart, end).toLowerCase() : text.slice(wordStart, end));
  const flush = (end: number): void => {
    if (wordStart >= 0) emit(current(end), wordStart, end);
    built = null;
    wordStart = -1;
  };
  const endSentence = (): void => {
    if (sentenceStarts[sentenceStarts.length - 1] !== words.length) {
      sentenceStarts.push(words.length);
      sentence++;
    }
    pendingClause = false;
  };

  const length = text.length;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    const cls = classify(c);
    switch (cls) {
      case CharClass.Word: {
        if (wordStart < 0) {
          wordStart = i;
          upper = false;
        }
        if (c < 128 && built === null) {
          // The common case: a run of plain ASCII letters and digits, read in one loop.
          let j = i;
          for (; j < length; j++) {
            const d = text.charCodeAt(j);
            if (d >= 128 || ASCII_CLASS[d] !== CharClass.Word) break;
            if (d >= 65 && d <= 90) upper = true;
          }
          i = j - 1;
        } else if (c >= 128) {
          built ??= text.slice(wordStart, i).toLowerCase();
          built += FOLD.get(c) ?? String.fromCharCode(c).toLowerCase();
        } else if (built !== null) {
          built += c >= 65 && c <= 90 ? String.fromCharCode(c + 32) : text[i];
        }
        break;
      }
      case CharClass.Apostrophe: {
        const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
        const afterNext = isWordChar(text, i + 2);
        if (wordStart >= 0 && (next === 115 || next === 83) && !afterNext) {
          // Possessive: "Haftar's" -> "haftar".
          flush(i);
          i++;
        } else if (
          wordStart >= 0 &&
          (next === 116 || next === 84) &&
          !afterNext &&
          current(i).endsWith('n')
        ) {
          // "didn't" -> "did" + "not".
          const stem = current(i).slice(0, -1);
          if (stem !== '') emit(stem, wordStart, i - 1);
          built = null;
          wordStart = -1;
          emit('not', i - 1, i + 2);
          i++;
        } else if (wordStart >= 0 && isWordChar(text, i + 1)) {
          // Inner apostrophe (transliterations such as "Ma'itiq"): dropped, the word continues.
          built = current(i);
        } else {
          flush(i);
        }
        break;
      }
      case CharClass.Period: {
        const prevDigit = i > 0 && text.charCodeAt(i - 1) >= 48 && text.charCodeAt(i - 1) <= 57;
        const nextDigit = i + 1 < text.length && text.charCodeAt(i + 1) >= 48 && text.charCodeAt(i + 1) <= 57;
        if (wordStart >= 0 && prevDigit && nextDigit) {
          if (built !== null) built += '.';
          break;
        }
        // flush(i), with the word made once: it is also the abbreviation looked up below.
        const before = wordStart >= 0 ? current(i) : '';
        if (wordStart >= 0) emit(before, wordStart, i);
        built = null;
        wordStart = -1;
        const nextChar = i + 1 < text.length ? text.charCodeAt(i + 1) : 32;
        if (isWordChar(text, i + 1)) break; // "U.S", "e.g": not a boundary
        // An initial ("U.S.", "J. Smith") is one capital letter; "kb/d." ends a sentence.
        const prev = text.charCodeAt(i - 1);
        const initial = before.length === 1 && prev >= 65 && prev <= 90;
        const abbreviation =
          initial || (before.length <= ABBREVIATION_MAX_LENGTH && ABBREVIATIONS.has(before));
        if (!abbreviation || nextChar === 10 || nextChar === 13) endSentence();
        break;
      }
      case CharClass.Sentence:
      case CharClass.Newline:
        flush(i);
        endSentence();
        break;
      case CharClass.Clause:
        flush(i);
        pendingClause = true;
        break;
      case CharClass.Other:
        flush(i);
        break;
    }
  }
  flush(text.length);
  if (sentenceStarts[sentenceStarts.length - 1] !== words.length) sentenceStarts.push(words.length);
  return { text, words, starts, ends, sentenceStarts, sentenceOf, clauseBreakBefore };
}

/**
 * `text.replace(/\s+/g, ' ').trim()`: every run of whitespace as one space, none at the
 * ends. Most texts already are so (plain ASCII, single spaces), and for them the regular
 * expression, run on every headline, summary and evidence sentence, is skipped.
 */
export function collapseWhitespace(text: string): string {
  // A space at the start, or after another space, needs the full treatment, as does any
  // control or non-ASCII character (it may be whitespace).
  let afterSpace = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32) {
      if (afterSpace) return text.replace(/\s+/g, ' ').trim();
      afterSpace = true;
    } else if (c > 32 && c < 127) afterSpace = false;
    else return text.replace(/\s+/g, ' ').trim();
  }
  return afterSpace && text.length > 0 ? text.replace(/\s+/g, ' ').trim() : text;
}

/** The words of a name or phrase, tokenised exactly as text is, for building lookup tables. */
export function phraseWords(phrase: string): readonly string[] {
  return tokenise(phrase).words;
}

const isHighSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/**
 * `text.slice(from, to)`, but never half of a character outside the Basic Multilingual
 * Plane (an emoji, say): an end that falls inside a surrogate pair moves before it, and a
 * start inside one moves after it. A lone half would make the event unstorable
 * (storableEvent), so a valid text cut at a fixed length was refused.
 */
export function sliceWhole(text: string, from: number, to: number): string {
  let start = from;
  let end = Math.min(to, text.length);
  if (start > 0 && isLowSurrogate(text.charCodeAt(start)) && isHighSurrogate(text.charCodeAt(start - 1)))
    start++;
  if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1)) && isLowSurrogate(text.charCodeAt(end)))
    end--;
  return start >= end ? '' : text.slice(start, end);
}

/** `s` with its whitespace collapsed, cut to at most `n` characters with "..." when longer. */
export function clip(s: string, n: number): string {
  const t = collapseWhitespace(s);
  return t.length > n ? `${sliceWhole(t, 0, n - 3)}...` : t;
}
