import type { Asset, AssetRegistry } from '../assets/asset';
import { ACTORS, LIBYAN_PLACES, type ActorEntry, type PlaceEntry } from './gazetteer';
import { PhraseTrie } from './phrase-trie';
import { pipelinesNamedByEnds, type AssetSpan } from './pipeline-ends';
import { phraseWords, tokenise, type TokenisedText } from './text-tokens';

interface MentionSpan {
  /** Token range, end exclusive. */
  readonly start: number;
  readonly end: number;
  /** What phrase rules may match it as (see SlotTag): `actor:lna`, `terminal`, `place`... */
  readonly tags: readonly string[];
}

export type Mention =
  | (MentionSpan & { readonly kind: 'actor'; readonly actor: ActorEntry })
  | (MentionSpan & { readonly kind: 'place'; readonly place: PlaceEntry })
  | (MentionSpan & {
      readonly kind: 'asset';
      readonly asset: Asset;
      /**
       * Set when the words are also a town ("Tobruk", "Jalu"): the mention counts as the
       * facility only where the sentence is about oil facilities.
       */
      readonly town?: PlaceEntry;
    });

const PLACE_TAGS: readonly string[] = ['place'];
const actorTags = new Map<string, readonly string[]>(ACTORS.map((a) => [a.id, [`actor:${a.id}`]]));

/** Tag lists by asset kind, shared by every mention (the rule matcher caches by list). */
const ASSET_TAGS = new Map<string, readonly string[]>();

function assetTags(asset: Asset, town: boolean): readonly string[] {
  const kind = asset.kind;
  const own = kind === 'pipeline' || kind === 'pumping_station' || kind === 'valve' ? 'conduit' : kind;
  const key = town ? `${own} town` : own;
  let tags = ASSET_TAGS.get(key);
  if (tags === undefined) {
    tags = town ? [own, 'asset', 'place'] : [own, 'asset'];
    ASSET_TAGS.set(key, tags);
  }
  return tags;
}

export interface AnalysedText {
  readonly tokens: TokenisedText;
  /** In text order; they never overlap. `start`/`end` are token indexes, end exclusive. */
  readonly mentions: readonly Mention[];
  /** For each token, the index in `mentions` of the mention starting there, or -1. */
  readonly mentionAt: readonly number[];
  /** The text names Libya, a Libyan place, a Libyan asset or a Libyan actor. */
  readonly libyan: boolean;
}

type NamedEntry =
  | { readonly kind: 'actor'; readonly actor: ActorEntry }
  | { readonly kind: 'place'; readonly place: PlaceEntry };

const NAMES: PhraseTrie<NamedEntry> = (() => {
  const trie = new PhraseTrie<NamedEntry>();
  for (const actor of ACTORS)
    for (const alias of [actor.name, ...actor.aliases])
      trie.add(phraseWords(alias), { kind: 'actor', actor });
  for (const place of LIBYAN_PLACES)
    for (const alias of [place.name, ...place.aliases])
      trie.add(phraseWords(alias), { kind: 'place', place });
  return trie;
})();

/**
 * Aliases too common as ordinary words to mark a facility on their own: "Gaza" is the
 * strip far more often than the Bouri storage vessel.
 */
const AMBIGUOUS_ASSET_ALIASES: ReadonlySet<string> = new Set([
  'gaza',
  'the',
  'oil',
  'port',
  'field',
  'terminal',
]);

const assetTries = new WeakMap<AssetRegistry, PhraseTrie<Asset>>();
const nameStarts = new WeakMap<AssetRegistry, ReadonlySet<string>>();

/**
 * Every word an asset, actor or place name starts with: most words start none, and one
 * look-up here spares the two tries.
 */
function nameStartWords(registry: AssetRegistry): ReadonlySet<string> {
  let words = nameStarts.get(registry);
  if (words === undefined) {
    words = new Set([...assetTrie(registry).firstWords(), ...NAMES.firstWords()]);
    nameStarts.set(registry, words);
  }
  return words;
}

/** The registry's names and aliases as a word trie; built once per registry object. */
export function assetTrie(registry: AssetRegistry): PhraseTrie<Asset> {
  const cached = assetTries.get(registry);
  if (cached !== undefined) return cached;
  const trie = new PhraseTrie<Asset>();
  for (const asset of registry.assets) {
    for (const alias of [asset.name, asset.id.replace(/-/g, ' '), ...asset.aliases]) {
      const words = phraseWords(alias);
      if (words.length === 0 || (words.length === 1 && AMBIGUOUS_ASSET_ALIASES.has(words[0] ?? ''))) continue;
      trie.add(words, asset);
    }
  }
  assetTries.set(registry, trie);
  return trie;
}

/**
 * Finds every actor, place and asset named in `text`, longest name first. Where an asset
 * and a town share a name, the mention is the asset with the town kept alongside.
 */
export function analyseText(text: string, registry: AssetRegistry): AnalysedText {
  return analyseTokens(tokenise(text), registry);
}

export function analyseTokens(tokens: TokenisedText, registry: AssetRegistry): AnalysedText {
  const assets = assetTrie(registry);
  const starts = nameStartWords(registry);
  const words = tokens.words;
  const mentions: Mention[] = [];
  const mentionAt: number[] = new Array<number>(words.length).fill(-1);
  let libyan = false;
  let i = 0;
  while (i < words.length) {
    if (!starts.has(words[i] ?? '')) {
      i++;
      continue;
    }
    // Names never run across a sentence end.
    const limit = tokens.sentenceStarts[(tokens.sentenceOf[i] ?? 0) + 1] ?? words.length;
    const asset = assets.longestAt(words, i, limit);
    const named = NAMES.longestAt(words, i, limit);
    let mention: Mention | undefined;
    if (asset !== undefined && (named === undefined || asset.length >= named.length)) {
      const town =
        named !== undefined && named.length === asset.length && named.value.kind === 'place'
          ? named.value.place
          : undefined;
      const end = i + asset.length;
      mention =
        town === undefined
          ? { kind: 'asset', asset: asset.value, start: i, end, tags: assetTags(asset.value, false) }
          : { kind: 'asset', asset: asset.value, town, start: i, end, tags: assetTags(asset.value, true) };
    } else if (named !== undefined) {
      const end = i + named.length;
      mention =
        named.value.kind === 'actor'
          ? {
              kind: 'actor',
              actor: named.value.actor,
              start: i,
              end,
              tags: actorTags.get(named.value.actor.id) ?? [],
            }
          : { kind: 'place', place: named.value.place, start: i, end, tags: PLACE_TAGS };
    }
    if (mention === undefined) {
      i++;
      continue;
    }
    if (mention.kind === 'asset' || mention.kind === 'place' || mention.actor.role === 'libyan')
      libyan = true;
    mentionAt[i] = mentions.length;
    mentions.push(mention);
    i = mention.end;
  }
  if (mentions.length < 2 || !(words.includes('pipeline') || words.includes('pipelines')))
    return { tokens, mentions, mentionAt, libyan };
  return { tokens, ...withPipelinesNamedByEnds(tokens, mentions, registry), libyan };
}

/** A name spelt out as a whole ("Es Sider"), not just its start, as the asset it names. */
function assetNamed(registry: AssetRegistry): (words: readonly string[]) => Asset | undefined {
  const trie = assetTrie(registry);
  return (words) => {
    const m = trie.longestAt(words, 0);
    return m !== undefined && m.length === words.length ? m.value : undefined;
  };
}

/**
 * `mentions` with each pipeline named by its ends ("the pipeline from Sharara to Zawiya")
 * as one mention of that pipeline in place of the mentions of its ends, which would
 * otherwise read as the field and the terminal themselves. A phrase that would cut a
 * mention in two is left alone.
 */
function withPipelinesNamedByEnds(
  tokens: TokenisedText,
  mentions: readonly Mention[],
  registry: AssetRegistry,
): { mentions: Mention[]; mentionAt: number[] } {
  const spans: AssetSpan[] = [];
  for (const m of mentions)
    if (m.kind === 'asset') spans.push({ start: m.start, end: m.end, asset: m.asset });
  const pipelines = pipelinesNamedByEnds(tokens, spans, registry, assetNamed(registry));
  const cuts = (at: number): boolean => mentions.some((m) => m.start < at && at < m.end);
  const out: Mention[] = [];
  let next = 0;
  for (const p of pipelines) {
    if (cuts(p.start) || cuts(p.end)) continue;
    while ((mentions[next]?.start ?? Infinity) < p.start) out.push(mentions[next++] as Mention);
    while ((mentions[next]?.start ?? Infinity) < p.end) next++;
    out.push({
      kind: 'asset',
      asset: p.pipeline,
      start: p.start,
      end: p.end,
      tags: assetTags(p.pipeline, false),
    });
  }
  while (next < mentions.length) out.push(mentions[next++] as Mention);
  const mentionAt = new Array<number>(tokens.words.length).fill(-1);
  out.forEach((m, k) => (mentionAt[m.start] = k));
  return { mentions: out, mentionAt };
}

/** Distinct actor ids named in `text`, in order of first mention. */
export function actorsIn(analysis: AnalysedText): string[] {
  const out: string[] = [];
  for (const m of analysis.mentions)
    if (m.kind === 'actor' && !out.includes(m.actor.id)) out.push(m.actor.id);
  return out;
}

const actorNameCache = new Map<string, string | undefined>();
const ACTOR_NAME_CACHE_LIMIT = 4096;

/**
 * The actor a short name denotes (a GDELT Actor1Name, an ACLED actor1), or undefined.
 * Memoised, because feeds repeat the same few hundred names millions of times; the
 * memo is bounded and cleared when full, so memory stays constant.
 */
export function actorForName(name: string): string | undefined {
  if (name === '') return undefined;
  if (actorNameCache.has(name)) return actorNameCache.get(name);
  const tokens = tokenise(name);
  let id: string | undefined;
  for (let i = 0; i < tokens.words.length && id === undefined; i++) {
    const m = NAMES.longestAt(tokens.words, i);
    if (m !== undefined && m.value.kind === 'actor') id = m.value.actor.id;
  }
  if (actorNameCache.size >= ACTOR_NAME_CACHE_LIMIT) actorNameCache.clear();
  actorNameCache.set(name, id);
  return id;
}

const placeNameCache = new Map<string, PlaceEntry | null>();

/** The Libyan place a short name denotes, or undefined. Memoised like `actorForName`. */
export function placeForName(name: string): PlaceEntry | undefined {
  const hit = placeNameCache.get(name);
  if (hit !== undefined) return hit ?? undefined;
  const tokens = tokenise(name);
  let place: PlaceEntry | undefined;
  for (let i = 0; i < tokens.words.length && place === undefined; i++) {
    const m = NAMES.longestAt(tokens.words, i);
    if (m !== undefined && m.value.kind === 'place') place = m.value.place;
  }
  if (placeNameCache.size >= ACTOR_NAME_CACHE_LIMIT) placeNameCache.clear();
  placeNameCache.set(name, place ?? null);
  return place;
}
