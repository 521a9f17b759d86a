import type { Asset, AssetRegistry } from '../assets/asset';
import { EVENT_SIGN, type EventType } from '../events/event-type';
import type { Evidence, GeoLocation } from '../events/geo-event';
import {
  BASE_SEVERITY,
  FACILITY_TYPES,
  THREATENED_TYPE,
  clamp01,
  round3,
  type Classification,
} from './classification';
import { NEWS_RULES } from './news-rules';
import { PhraseRuleSet, wordSet, type RuleMatch } from './phrase-rule';
import { actorsIn, analyseTokens, type AnalysedText, type Mention } from './text-analysis';
import { clip, collapseWhitespace, sliceWhole, tokenise } from './text-tokens';

/*
 * The news extractor. Deterministic and explainable: every decision is a phrase rule
 * that matched (see news-rules.ts) plus the words around it, and the evidence says which.
 *
 * Around each match, in the same sentence and clause (a comma or "but", "and", "since"...
 * ends the look-back), and in the words between its slots:
 *  - negation ("not", "denied", "without", "failed to") drops the match: "denied that the
 *    port was closed" is not a closure; it is kept as evidence marked "negated";
 *  - threat, intent, appeal, condition or future ("threatened to", "could", "will",
 *    "called for", "if") turns it into the weaker type of THREATENED_TYPE at half weight:
 *    "threatened to close the ports" is facility_protest, never port_blockade;
 *  - hedges ("reportedly", "claimed", "appeared") and background tense ("had", "previously")
 *    keep the type but weaken the match (x0.75, x0.5).
 * Headline matches count 2.5x and the first body sentence 1.5x: news puts the event first.
 * A type's score is its best sentence plus half the next, a quarter the one after...
 * The story must name something Libyan (place, asset, Libyan actor, "Libya") or it is
 * `irrelevant`, as is a story whose best score is under MIN_SCORE.
 */

const RULES = new PhraseRuleSet(NEWS_RULES);
/** A number per rule id, for keying a (rule, sentence, mode) triple by a number instead of a string. */
const RULE_ID_NUMBER: ReadonlyMap<string, number> = new Map(
  [...new Set(NEWS_RULES.map((r) => r.id))].map((id, i) => [id, i]),
);
const MODE_NUMBER: Readonly<Record<Mode, number>> = { fact: 0, threat: 1, negated: 2 };

const HEADLINE_WEIGHT = 2.5;
const LEAD_WEIGHT = 1.5;
const THREAT_FACTOR = 0.5;
const HEDGE_FACTOR = 0.75;
const BACKGROUND_FACTOR = 0.5;
const MIN_SCORE = 0.45;
const LOOKBACK = 8;

const NEGATION = wordSet(
  'not|no|never|neither|nor|denied|denies|deny|denying|dismissed|refuted|refutes|false|untrue|without|nobody|none',
);
const NEGATION_PAIRS = wordSet(
  'failed to|fails to|fail to|unable to|rejected reports|rejected claims|dismissed reports|rather than|instead of|prevented from|no longer',
);
const THREAT = wordSet(
  'threatened|threatens|threaten|threatening|threat|threats|warned|warns|warn|warning|vowed|vows|vow|pledged|pledges|pledge|' +
    'could|may|might|would|will|shall|plans|planned|planning|plan|intends|intend|intended|intention|considering|considers|consider|' +
    'demanded|demands|demand|demanding|urged|urges|urge|urging|ultimatum|if|unless|possible|possibly|potential|risk|risks|fear|fears|' +
    'feared|expected|expects|expect|likely|prepared|preparing|ready|hope|hopes|hoped|proposed|proposes|propose|mulls|mulling|weighs',
);
const THREAT_PAIRS = wordSet(
  'calls for|called for|call for|calling for|set to|about to|going to|want to|wants to|wanted to|aims to|aim to|seeks to|seek to|sought to',
);
const HEDGE = wordSet(
  'reportedly|reported|claimed|claims|claim|claiming|alleged|allegedly|unconfirmed|rumours|rumors|rumoured|rumored|purportedly|apparently|appeared|appears|appear|seemed|seems',
);
const BACKGROUND = wordSet('had|previously|formerly|once|earlier');
const BACKGROUND_PAIRS = wordSet(
  'last year|last month|in 2019|in 2018|in 2017|in 2016|in 2015|in 2014|in 2013|in 2011',
);
const SCOPE_STOP = wordSet(
  'but|however|although|though|while|whereas|because|since|after|before|when|until|and|or|which|who|as|whose|where',
);
/**
 * Every word a two-word cue starts with: a pair ("failed to") is only put together and
 * looked up after one of these, not after every word read (most are none).
 */
const PAIR_FIRST_WORDS: ReadonlySet<string> = new Set(
  [...NEGATION_PAIRS, ...THREAT_PAIRS, ...BACKGROUND_PAIRS].map((pair) => pair.split(' ')[0] ?? ''),
);
const FOREIGN_WORDS = wordSet(
  'foreign|mercenary|mercenaries|syrian|sudanese|chadian|russian|turkish|emirati|egyptian',
);
/** Words that may sit in a list of facilities: "at Brega, Ras Lanuf and the Es Sider terminal". */
const LIST_GLUE = wordSet(
  'and|or|the|at|on|in|of|from|to|its|their|oil|crude|export|exports|port|ports|terminal|terminals|field|fields|oilfield|oilfields|' +
    'facility|facilities|pipeline|pipelines|valve|valves|station|pumping|both|including|as|well|eastern|western|southern|central|' +
    'major|key|main|five|four|three|two|plus|hub|complex|refinery|marsa|also',
);

/** Priority among equal scores: outages and specific facility events before general ones. */
const TYPE_PRIORITY: readonly EventType[] = [
  'force_majeure_declared',
  'valve_closure',
  'port_blockade',
  'field_shutdown',
  'restart',
  'facility_attack',
  'facility_protest',
  'ceasefire_violated',
  'talks_failed',
  'ceasefire_agreed',
  'talks_progressing',
  'armed_clash',
  'foreign_deployment',
  'institutional_crisis',
  'sanctions',
  'irrelevant',
];

type Mode = 'fact' | 'threat' | 'negated';

interface ScoredMatch {
  readonly match: RuleMatch;
  readonly mode: Mode;
  readonly hedged: boolean;
  readonly background: boolean;
  /** The type this match counts for (the threatened type for a threat). */
  readonly type: EventType;
  readonly score: number;
}

export interface NewsText {
  readonly headline?: string;
  readonly body: string;
}

export interface ClassifyOptions {
  /**
   * The text is known to be about Libya though it may not say so (an ACLED note on a
   * row coded to Libya), so it needs no Libyan name to be relevant.
   */
  readonly libyan?: boolean;
}

/** Classifies free text: a news item (headline and body), an ACLED note, a summary. */
export function classifyNews(
  news: NewsText,
  registry: AssetRegistry,
  options: ClassifyOptions = {},
): Classification {
  const headline = news.headline?.trim() ?? '';
  // A body that only repeats the headline (plain text of one line) is read once.
  const text =
    headline === '' ? news.body : news.body.trim() === headline ? headline : joinLines(headline, news.body);
  const analysed = analyseTokens(tokenise(text), registry);
  const analysis = options.libyan === true && !analysed.libyan ? { ...analysed, libyan: true } : analysed;
  const headlineSentences = countSentencesBefore(analysis, headline === '' ? 0 : headline.length);
  const scored = scoreMatches(analysis, headlineSentences);
  return decide(analysis, scored, headline === '' ? sliceWhole(text, 0, 200) : headline);
}

/**
 * `${a}\n${b}` as one flat string: a concatenation is kept as a pair of pointers, and
 * every character the tokeniser reads from it goes through that indirection; `join`
 * copies the characters once.
 */
function joinLines(a: string, b: string): string {
  return [a, b].join('\n');
}

function countSentencesBefore(analysis: AnalysedText, chars: number): number {
  const { sentenceStarts, starts } = analysis.tokens;
  let n = 0;
  for (let s = 0; s + 1 < sentenceStarts.length; s++) {
    const first = sentenceStarts[s] ?? 0;
    if ((starts[first] ?? Number.MAX_SAFE_INTEGER) < chars) n = s + 1;
  }
  return n;
}

function scoreMatches(analysis: AnalysedText, headlineSentences: number): ScoredMatch[] {
  const { words, sentenceStarts } = analysis.tokens;
  const out: ScoredMatch[] = [];
  const seen = new Map<number, number>();
  for (const match of RULES.matchAll(analysis)) {
    const rule = match.rule;
    const sentStart = sentenceStarts[match.sentence] ?? 0;
    const sentEnd = sentenceStarts[match.sentence + 1] ?? words.length;
    if (anyIn(words, Math.max(sentStart, match.start - 4), match.start, rule.unlessBefore)) continue;
    if (anyIn(words, match.end, Math.min(sentEnd, match.end + 2), rule.unlessAfter)) continue;
    if (rule.spec.requires === 'foreign' && !sentenceIsForeign(analysis, sentStart, sentEnd)) continue;

    const cues = readCues(analysis, match, sentStart);
    const mode: Mode = cues.negated ? 'negated' : cues.threat ? 'threat' : 'fact';
    const position =
      match.sentence < headlineSentences
        ? HEADLINE_WEIGHT
        : match.sentence === headlineSentences
          ? LEAD_WEIGHT
          : 1;
    const type = mode === 'threat' ? THREATENED_TYPE[rule.spec.type] : rule.spec.type;
    let score = mode === 'negated' ? 0 : rule.spec.weight * position;
    if (mode === 'threat') score *= THREAT_FACTOR;
    if (cues.hedged) score *= HEDGE_FACTOR;
    if (cues.background) score *= BACKGROUND_FACTOR;
    // One rule can match a sentence twice (from a word and from the name it is part of): keep the stronger.
    const key =
      (match.sentence * RULE_ID_NUMBER.size + (RULE_ID_NUMBER.get(rule.spec.id) ?? 0)) * 3 +
      MODE_NUMBER[mode];
    const candidate: ScoredMatch = {
      match,
      mode,
      hedged: cues.hedged,
      background: cues.background,
      type,
      score,
    };
    const previous = seen.get(key);
    if (previous === undefined) {
      seen.set(key, out.length);
      out.push(candidate);
    } else if ((out[previous]?.score ?? 0) < score) out[previous] = candidate;
  }
  return out;
}

function anyIn(words: readonly string[], from: number, to: number, set: ReadonlySet<string>): boolean {
  if (set.size === 0) return false;
  for (let k = from; k < to; k++) if (set.has(words[k] ?? '')) return true;
  return false;
}

function sentenceIsForeign(analysis: AnalysedText, from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    if (FOREIGN_WORDS.has(analysis.tokens.words[k] ?? '')) return true;
    const mi = analysis.mentionAt[k] ?? -1;
    const m = mi >= 0 ? analysis.mentions[mi] : undefined;
    if (m?.kind === 'actor' && m.actor.role === 'foreign') return true;
  }
  return false;
}

interface Cues {
  negated: boolean;
  threat: boolean;
  hedged: boolean;
  background: boolean;
}

function readCue(words: readonly string[], k: number, cues: Cues): void {
  const w = words[k] ?? '';
  // '' stands for "no such pair": every pair has a space, so '' is in none of the pair sets.
  const pair = PAIR_FIRST_WORDS.has(w) ? `${w} ${words[k + 1] ?? ''}` : '';
  if (NEGATION.has(w) || NEGATION_PAIRS.has(pair)) cues.negated = true;
  else if (THREAT.has(w) || THREAT_PAIRS.has(pair)) cues.threat = true;
  else if (HEDGE.has(w)) cues.hedged = true;
  else if (BACKGROUND.has(w) || BACKGROUND_PAIRS.has(pair)) cues.background = true;
}

/** Cue words in the clause before the match and between its slots. */
function readCues(analysis: AnalysedText, match: RuleMatch, sentStart: number): Cues {
  const { words, clauseBreakBefore } = analysis.tokens;
  const cues: Cues = { negated: false, threat: false, hedged: false, background: false };
  for (let k = match.start - 1; k >= Math.max(sentStart, match.start - LOOKBACK); k--) {
    if (clauseBreakBefore[k + 1] === true) break;
    if (SCOPE_STOP.has(words[k] ?? '')) break;
    readCue(words, k, cues);
  }
  for (let s = 1; s < match.slotStarts.length; s++) {
    for (let k = match.slotEnds[s - 1] ?? 0; k < (match.slotStarts[s] ?? 0); k++) readCue(words, k, cues);
  }
  return cues;
}

function decide(
  analysis: AnalysedText,
  scored: readonly ScoredMatch[],
  fallbackSummary: string,
): Classification {
  const actors = actorsIn(analysis);
  // No wording matched (most stories): no type to rank, nothing opposing.
  const totals = scored.length === 0 ? NO_TOTALS : typeTotals(scored);
  let best: EventType = 'irrelevant';
  let bestScore = 0;
  // With no totals every type scores 0: nothing to rank.
  if (totals.size > 0)
    for (const type of TYPE_PRIORITY) {
      const s = totals.get(type) ?? 0;
      if (s > bestScore) {
        best = type;
        bestScore = s;
      }
    }
  // Confidence drops when the text also reads the other way (a restart and a closure);
  // agreeing readings (force majeure and a port closure) do not compete.
  let opposing = 0;
  for (const [type, s] of totals)
    if (EVENT_SIGN[type] !== EVENT_SIGN[best] && type !== best) opposing = Math.max(opposing, s);

  if (!analysis.libyan || bestScore < MIN_SCORE) {
    const why: Evidence = !analysis.libyan
      ? { rule: 'relevance/not-libyan', text: 'names no Libyan place, asset or Libyan actor' }
      : { rule: 'relevance/no-event-wording', text: clip(fallbackSummary, 200) };
    return {
      type: 'irrelevant',
      confidence: round3(!analysis.libyan ? 0.9 : 0.6),
      severity: 0,
      evidence: [why, ...sideEvidence(analysis, scored, undefined)],
      actors,
      assets: [],
      location: analysis.libyan ? libyaLocation(analysis) : { precision: 'unknown' },
    };
  }

  const winners = byScoreDescending(scored.filter((m) => m.type === best && m.mode !== 'negated'));
  // Evidence: the strongest match in each deciding sentence, strongest sentence first.
  const shown = new Set<number>();
  const perSentence = winners.filter((m) =>
    shown.has(m.match.sentence) ? false : (shown.add(m.match.sentence), true),
  );
  const threatOnly = winners.every((m) => m.mode === 'threat');
  const assets = assetsFor(analysis, winners, best);
  let confidence = (1 - Math.exp(-bestScore)) * (bestScore / (bestScore + opposing));
  // A threat is never better than a coin toss that it happens.
  if (threatOnly) confidence = Math.min(0.5, confidence * 0.6);
  const severity = clamp01(
    BASE_SEVERITY[best] * (threatOnly ? 0.6 : 1) + 0.05 * Math.min(3, Math.max(0, assets.length - 1)),
  );
  const evidence = [
    ...perSentence.slice(0, 5).map((m) => evidenceOf(analysis, m)),
    ...sideEvidence(analysis, scored, best),
  ];
  let primaryActor: string | undefined;
  for (const m of winners) {
    primaryActor = subjectOf(analysis, m.match);
    if (primaryActor !== undefined) break;
  }
  const result: { -readonly [K in keyof Classification]: Classification[K] } = {
    type: best,
    confidence: round3(clamp01(confidence)),
    severity: round3(severity),
    evidence,
    actors,
    assets: assets.map((a) => a.id),
    location: locationFor(analysis, winners, assets, best),
  };
  if (primaryActor !== undefined) result.primaryActor = primaryActor;
  return result;
}

const NO_TOTALS: ReadonlyMap<EventType, number> = new Map();

/** Lists up to this long are sorted here by insertion: `Array.prototype.sort` allocates work space on every call. */
const INSERTION_SORT_MAX = 16;

/** `list.sort((a, b) => b.score - a.score)`, in place and as stable: equal scores keep their order. */
function byScoreDescending(list: ScoredMatch[]): ScoredMatch[] {
  if (list.length > INSERTION_SORT_MAX) return list.sort((a, b) => b.score - a.score);
  for (let i = 1; i < list.length; i++) {
    const m = list[i] as ScoredMatch;
    let j = i;
    for (; j > 0 && (list[j - 1] as ScoredMatch).score < m.score; j--) list[j] = list[j - 1] as ScoredMatch;
    list[j] = m;
  }
  return list;
}

/** Work space of typeTotals: one type's best score per sentence. */
let sentenceScores = new Float64Array(64);

function typeTotals(scored: readonly ScoredMatch[]): Map<EventType, number> {
  // Best score per (type, sentence), then best sentence + half the next + a quarter...
  const perSentence = new Map<EventType, Map<number, number>>();
  for (const m of scored) {
    if (m.mode === 'negated') continue;
    const bySentence = perSentence.get(m.type) ?? new Map<number, number>();
    bySentence.set(m.match.sentence, Math.max(bySentence.get(m.match.sentence) ?? 0, m.score));
    perSentence.set(m.type, bySentence);
  }
  const totals = new Map<EventType, number>();
  for (const [type, bySentence] of perSentence) {
    // Largest first, as `[...bySentence.values()].sort((a, b) => b - a)` would put them,
    // without the copy: equal scores are interchangeable in the sum (even 0 and -0, added to
    // a total that starts at +0), so the order among them does not matter.
    const n = bySentence.size;
    if (sentenceScores.length < n) sentenceScores = new Float64Array(2 * n);
    const sorted = sentenceScores;
    let k = 0;
    for (const s of bySentence.values()) sorted[k++] = s;
    if (n > INSERTION_SORT_MAX) sorted.subarray(0, n).sort().reverse();
    else
      for (let i = 1; i < n; i++) {
        const s = sorted[i] ?? 0;
        let j = i;
        for (; j > 0 && (sorted[j - 1] ?? 0) < s; j--) sorted[j] = sorted[j - 1] ?? 0;
        sorted[j] = s;
      }
    let total = 0;
    let factor = 1;
    for (let i = 0; i < n; i++) {
      total += (sorted[i] ?? 0) * factor;
      factor *= 0.5;
    }
    totals.set(type, total);
  }
  return totals;
}

/** Matches that did not decide but explain: negated and threatened wordings, up to three. */
function sideEvidence(
  analysis: AnalysedText,
  scored: readonly ScoredMatch[],
  winner: EventType | undefined,
): Evidence[] {
  const out: Evidence[] = [];
  for (const m of scored) {
    if (out.length === 3) break;
    if (m.mode === 'negated' || (m.mode === 'threat' && m.type !== winner)) out.push(evidenceOf(analysis, m));
  }
  return out;
}

function evidenceOf(analysis: AnalysedText, m: ScoredMatch): Evidence {
  const notes: string[] = [];
  if (m.mode === 'negated') notes.push('negated');
  if (m.mode === 'threat') notes.push(`threat, read as ${m.type}`);
  if (m.hedged) notes.push('hedged');
  if (m.background) notes.push('background');
  const rule = notes.length === 0 ? m.match.rule.spec.id : `${m.match.rule.spec.id} (${notes.join(', ')})`;
  return { rule, text: sentenceText(analysis, m.match) };
}

/** The sentence around a match, clipped to about 240 characters centred on it. */
function sentenceText(analysis: AnalysedText, match: RuleMatch): string {
  const { text, starts, ends, sentenceStarts } = analysis.tokens;
  const first = sentenceStarts[match.sentence] ?? 0;
  const last = (sentenceStarts[match.sentence + 1] ?? 1) - 1;
  let from = starts[first] ?? 0;
  let to = ends[last] ?? text.length;
  const mFrom = starts[match.start] ?? from;
  const mTo = ends[match.end - 1] ?? to;
  if (to - from > 240) {
    from = Math.max(from, mFrom - 100);
    to = Math.min(to, Math.max(mTo + 100, from + 240));
  }
  return collapseWhitespace(sliceWhole(text, from, to));
}

function mentionIsFacility(m: Mention, type: EventType): boolean {
  return m.kind === 'asset' && (m.town === undefined || FACILITY_TYPES.has(type));
}

/**
 * Assets an event names: those inside a deciding match, and those listed right after or
 * before it ("force majeure at Brega, Ras Lanuf and Es Sider"); failing that, those in
 * the deciding sentences.
 */
function assetsFor(analysis: AnalysedText, winners: readonly ScoredMatch[], type: EventType): Asset[] {
  const found: Asset[] = [];
  const add = (m: Mention | undefined): void => {
    if (m?.kind === 'asset' && mentionIsFacility(m, type) && !found.includes(m.asset)) found.push(m.asset);
  };
  const { words, sentenceStarts } = analysis.tokens;
  const endingAt = new Map<number, Mention>();
  for (const m of analysis.mentions) endingAt.set(m.end - 1, m);
  const mentionAt = (k: number): Mention | undefined => {
    const mi = analysis.mentionAt[k] ?? -1;
    return mi >= 0 ? analysis.mentions[mi] : undefined;
  };
  for (const { match } of winners) {
    const sentStart = sentenceStarts[match.sentence] ?? 0;
    const sentEnd = sentenceStarts[match.sentence + 1] ?? words.length;
    for (let k = match.start; k < match.end; k++) add(mentionAt(k));
    let k = match.end;
    while (k < sentEnd) {
      const m = mentionAt(k);
      if (m !== undefined && mentionIsFacility(m, type)) {
        add(m);
        k = m.end;
      } else if (LIST_GLUE.has(words[k] ?? '')) k++;
      else break;
    }
    k = match.start - 1;
    while (k >= sentStart) {
      const m = endingAt.get(k);
      if (m !== undefined && mentionIsFacility(m, type)) {
        add(m);
        k = m.start - 1;
      } else if (LIST_GLUE.has(words[k] ?? '')) k--;
      else break;
    }
  }
  if (found.length > 0) return found;
  const sentences = new Set(winners.map((w) => w.match.sentence));
  for (const m of analysis.mentions) if (sentences.has(analysis.tokens.sentenceOf[m.start] ?? -1)) add(m);
  return found;
}

/**
 * Who acted: the actor named by "by" right after the match (passive), else the nearest
 * actor before it in its sentence (the subject: "Haftar left Moscow"), else an actor the
 * phrase opens with, else the first after.
 */
function subjectOf(analysis: AnalysedText, match: RuleMatch): string | undefined {
  const { words, sentenceStarts } = analysis.tokens;
  const sentStart = sentenceStarts[match.sentence] ?? 0;
  const sentEnd = sentenceStarts[match.sentence + 1] ?? words.length;
  const actorAt = (k: number): string | undefined => {
    const mi = analysis.mentionAt[k] ?? -1;
    const m = mi >= 0 ? analysis.mentions[mi] : undefined;
    return m?.kind === 'actor' ? m.actor.id : undefined;
  };
  if (words[match.end] === 'by') {
    for (let k = match.end + 1; k < Math.min(sentEnd, match.end + 4); k++) {
      const id = actorAt(k);
      if (id !== undefined) return id;
    }
  }
  let before: string | undefined;
  for (const m of analysis.mentions) {
    if (m.start >= match.start) break;
    if (m.kind === 'actor' && m.start >= sentStart) before = m.actor.id;
  }
  if (before !== undefined) return before;
  // The phrase may open with its actor ("Wagner mercenaries enter Sharara").
  const opening = actorAt(match.start);
  if (opening !== undefined) return opening;
  for (let k = match.end; k < sentEnd; k++) {
    const id = actorAt(k);
    if (id !== undefined) return id;
  }
  return undefined;
}

export function assetPoint(asset: Asset): { lat: number; lon: number } {
  const g = asset.geometry;
  const lonLat =
    g.type === 'Point' ? g.coordinates : (g.coordinates[Math.floor(g.coordinates.length / 2)] ?? [0, 0]);
  return { lon: lonLat[0], lat: lonLat[1] };
}

function locationFor(
  analysis: AnalysedText,
  winners: readonly ScoredMatch[],
  assets: readonly Asset[],
  type: EventType,
): GeoLocation {
  if (assets.length === 1 && assets[0] !== undefined) {
    const a = assets[0];
    const point = assetPoint(a);
    return { name: a.name, lat: point.lat, lon: point.lon, precision: 'facility', country: 'LY' };
  }
  if (assets.length > 1) {
    const points = assets.map(assetPoint);
    const lat = points.reduce((s, p) => s + p.lat, 0) / points.length;
    const lon = points.reduce((s, p) => s + p.lon, 0) / points.length;
    return {
      name: assets.map((a) => a.name).join(', '),
      lat: round3(lat),
      lon: round3(lon),
      precision: 'region',
      country: 'LY',
    };
  }
  const sentences = new Set(winners.map((w) => w.match.sentence));
  for (const m of analysis.mentions) {
    if (!sentences.has(analysis.tokens.sentenceOf[m.start] ?? -1)) continue;
    const place =
      m.kind === 'place' ? m.place : m.kind === 'asset' && !mentionIsFacility(m, type) ? m.town : undefined;
    if (place !== undefined && place.precision !== 'country') {
      return { name: place.name, lat: place.lat, lon: place.lon, precision: place.precision, country: 'LY' };
    }
  }
  return libyaLocation(analysis);
}

function libyaLocation(analysis: AnalysedText): GeoLocation {
  return analysis.libyan
    ? { name: 'Libya', lat: 27, lon: 17, precision: 'country', country: 'LY' }
    : { precision: 'unknown' };
}
