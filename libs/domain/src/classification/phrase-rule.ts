import type { EventType } from '../events/event-type';
import type { AnalysedText } from './text-analysis';
import { phraseWords } from './text-tokens';

/**
 * What a slot may match besides words: a named asset of a kind, a Libyan place, or a
 * given actor. `asset` is any asset.
 */
export type SlotTag = 'terminal' | 'field' | 'conduit' | 'refinery' | 'asset' | 'place' | `actor:${string}`;

export interface SlotSpec {
  /** Alternatives separated by `|`; an alternative may be several words ("shut down"). */
  readonly words?: string;
  readonly tags?: readonly SlotTag[];
}

/**
 * One phrase pattern: slots in order, each within `gap` tokens of the one before, all
 * in one sentence. The rule id names the type and the wording, so evidence reads
 * `port_blockade/close-port`.
 */
export interface PhraseRuleSpec {
  readonly id: string;
  readonly type: EventType;
  /** Strength of the wording, ~1 for a plain statement of the event. */
  readonly weight: number;
  readonly slots: readonly SlotSpec[];
  /** Max tokens between consecutive slots (default 3). */
  readonly gap?: number;
  /** Words within 4 tokens before the match, in its sentence, that cancel it ("lifted" before "force majeure on"). */
  readonly unlessBefore?: string;
  /** Words within 2 tokens after the match that cancel it ("fighting parties"). */
  readonly unlessAfter?: string;
  /** `foreign`: only when the sentence names a foreign actor or foreign forces. */
  readonly requires?: 'foreign';
}

type Alternatives = readonly (readonly string[])[];

interface CompiledSlot {
  readonly byFirstWord: ReadonlyMap<string, Alternatives>;
  readonly tags: ReadonlySet<string>;
  /** `byFirstWord` indexed by word id (PhraseRuleSet's vocabulary), filled by the set. */
  byWordId: readonly (Alternatives | undefined)[];
}

export interface PhraseRule {
  readonly spec: PhraseRuleSpec;
  readonly slots: readonly CompiledSlot[];
  readonly gap: number;
  readonly unlessBefore: ReadonlySet<string>;
  readonly unlessAfter: ReadonlySet<string>;
}

export interface RuleMatch {
  readonly rule: PhraseRule;
  readonly sentence: number;
  /** Token range of the whole match, end exclusive. */
  readonly start: number;
  readonly end: number;
  /** Token ranges of each slot, for checking the words between them. */
  readonly slotStarts: readonly number[];
  readonly slotEnds: readonly number[];
}

export function wordSet(list: string): ReadonlySet<string> {
  return new Set(
    list
      .split('|')
      .map((w) => w.trim())
      .filter((w) => w !== ''),
  );
}

function compileSlot(spec: SlotSpec): CompiledSlot {
  const byFirstWord = new Map<string, (readonly string[])[]>();
  for (const alt of (spec.words ?? '').split('|')) {
    const words = phraseWords(alt);
    const first = words[0];
    if (first === undefined) continue;
    const list = byFirstWord.get(first) ?? [];
    list.push(words);
    // Longest alternative first, so "shut down" beats "shut".
    list.sort((a, b) => b.length - a.length);
    byFirstWord.set(first, list);
  }
  return { byFirstWord, tags: new Set(spec.tags ?? []), byWordId: [] };
}

export function compileRule(spec: PhraseRuleSpec): PhraseRule {
  return {
    spec,
    slots: spec.slots.map(compileSlot),
    gap: spec.gap ?? 3,
    unlessBefore: wordSet(spec.unlessBefore ?? ''),
    unlessAfter: wordSet(spec.unlessAfter ?? ''),
  };
}

/**
 * Length in tokens of `slot` matched at token `at`, or 0 when it does not match there.
 * `ids` are the tokens' word ids, -1 for a word no slot starts with.
 */
function slotLengthAt(
  slot: CompiledSlot,
  text: AnalysedText,
  ids: Int32Array,
  at: number,
  limit: number,
): number {
  const words = text.tokens.words;
  if (at >= words.length) return 0;
  let best = 0;
  const id = ids[at] ?? -1;
  const alts = id < 0 ? undefined : slot.byWordId[id];
  if (alts !== undefined) {
    for (const alt of alts) {
      if (at + alt.length > limit) continue;
      let same = true;
      for (let k = 1; k < alt.length; k++) {
        if (words[at + k] !== alt[k]) {
          same = false;
          break;
        }
      }
      if (same) {
        best = alt.length;
        break;
      }
    }
  }
  if (slot.tags.size > 0) {
    const mi = text.mentionAt[at] ?? -1;
    const mention = mi >= 0 ? text.mentions[mi] : undefined;
    if (mention !== undefined && mention.end <= limit) {
      const tags = mention.tags;
      for (let t = 0; t < tags.length; t++) {
        if (slot.tags.has(tags[t] ?? '')) {
          best = Math.max(best, mention.end - mention.start);
          break;
        }
      }
    }
  }
  return best;
}

/**
 * Rules indexed by what can start them (a word, or a mention tag), so a sentence is
 * scanned once and only plausible rules are tried at each token.
 */
export class PhraseRuleSet {
  /**
   * Every word a slot alternative starts with, numbered: a token is looked up once, and
   * the slots and the rule index are then read by number instead of hashing the token
   * again for every slot tried.
   */
  private readonly vocabulary = new Map<string, number>();
  /** Rules whose first slot starts with a word, by word id. */
  private readonly byWordId: (PhraseRule[] | undefined)[] = [];
  private ids = new Int32Array(256);
  private readonly byWord = new Map<string, PhraseRule[]>();
  private readonly byTag = new Map<string, PhraseRule[]>();
  /** Per list of mention tags: the rules its tags start, each once, in tag then rule order. */
  private readonly byTags = new WeakMap<readonly string[], readonly PhraseRule[]>();
  readonly rules: readonly PhraseRule[];

  constructor(specs: readonly PhraseRuleSpec[]) {
    this.rules = specs.map(compileRule);
    for (const rule of this.rules) {
      const first = rule.slots[0];
      if (first === undefined) continue;
      for (const word of first.byFirstWord.keys()) push(this.byWord, word, rule);
      for (const tag of first.tags) push(this.byTag, tag, rule);
    }
    for (const rule of this.rules)
      for (const slot of rule.slots)
        for (const word of slot.byFirstWord.keys())
          if (!this.vocabulary.has(word)) this.vocabulary.set(word, this.vocabulary.size);
    for (const [word, id] of this.vocabulary) this.byWordId[id] = this.byWord.get(word);
    for (const rule of this.rules)
      for (const slot of rule.slots) {
        const byId: (Alternatives | undefined)[] = [];
        for (const [word, alts] of slot.byFirstWord) byId[this.vocabulary.get(word) ?? -1] = alts;
        slot.byWordId = byId;
      }
  }

  /** The rules a mention's tags start, each once, in tag order (mentions share their tag lists). */
  private rulesForTags(tags: readonly string[]): readonly PhraseRule[] {
    let rules = this.byTags.get(tags);
    if (rules === undefined) {
      const list: PhraseRule[] = [];
      for (const tag of tags)
        for (const rule of this.byTag.get(tag) ?? []) if (!list.includes(rule)) list.push(rule);
      rules = list;
      this.byTags.set(tags, rules);
    }
    return rules;
  }

  /** Every match in the text, sentence by sentence, in text order. */
  matchAll(text: AnalysedText): RuleMatch[] {
    const out: RuleMatch[] = [];
    const { words, sentenceStarts } = text.tokens;
    if (this.ids.length < words.length) this.ids = new Int32Array(words.length * 2);
    const ids = this.ids;
    for (let i = 0; i < words.length; i++) ids[i] = this.vocabulary.get(words[i] ?? '') ?? -1;
    for (let s = 0; s + 1 < sentenceStarts.length; s++) {
      const from = sentenceStarts[s] ?? 0;
      const to = sentenceStarts[s + 1] ?? words.length;
      for (let i = from; i < to; i++) {
        const id = ids[i] ?? -1;
        const byWord = id < 0 ? undefined : this.byWordId[id];
        if (byWord !== undefined) for (const rule of byWord) tryRule(rule, text, ids, s, i, to, out);
        const mi = text.mentionAt[i] ?? -1;
        const mention = mi >= 0 ? text.mentions[mi] : undefined;
        if (mention !== undefined) {
          // A rule reachable by several tags (or also by the word) is tried once.
          for (const rule of this.rulesForTags(mention.tags)) {
            if (byWord?.includes(rule) !== true) tryRule(rule, text, ids, s, i, to, out);
          }
        }
      }
    }
    return out;
  }
}

function push(map: Map<string, PhraseRule[]>, key: string, rule: PhraseRule): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [rule]);
  else if (!list.includes(rule)) list.push(rule);
}

function tryRule(
  rule: PhraseRule,
  text: AnalysedText,
  ids: Int32Array,
  sentence: number,
  at: number,
  limit: number,
  out: RuleMatch[],
): void {
  const first = rule.slots[0];
  if (first === undefined) return;
  const firstLength = slotLengthAt(first, text, ids, at, limit);
  if (firstLength === 0) return;
  // Slot positions go to scratch first: most tries fail at a later slot, and the lists
  // of a match are only made once it has matched.
  const slotCount = rule.slots.length;
  if (slotScratch.length < 2 * slotCount) slotScratch = new Int32Array(4 * slotCount);
  const found = slotScratch;
  found[0] = at;
  found[1] = at + firstLength;
  let pos = at + firstLength;
  for (let k = 1; k < slotCount; k++) {
    const slot = rule.slots[k];
    if (slot === undefined) return;
    let start = -1;
    let length = 0;
    for (let j = pos; j <= pos + rule.gap && j < limit; j++) {
      length = slotLengthAt(slot, text, ids, j, limit);
      if (length > 0) {
        start = j;
        break;
      }
    }
    if (start < 0) return;
    found[2 * k] = start;
    found[2 * k + 1] = start + length;
    pos = start + length;
  }
  const slotStarts: number[] = [];
  const slotEnds: number[] = [];
  for (let k = 0; k < slotCount; k++) {
    slotStarts.push(found[2 * k] ?? 0);
    slotEnds.push(found[2 * k + 1] ?? 0);
  }
  out.push({ rule, sentence, start: at, end: pos, slotStarts, slotEnds });
}

/** Work space of tryRule: the start and end of each slot matched so far. */
let slotScratch = new Int32Array(16);
