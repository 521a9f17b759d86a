import type { Asset, AssetRegistry } from '../assets/asset';
import { phraseWords, type TokenisedText } from './text-tokens';

/*
 * A pipeline named by its two ends: "the pipeline from Sharara to Zawiya", "the pipeline
 * between X and Y", "pipelines linking El Feel to the Mellitah terminal", "the X-Y
 * pipeline", "the X to Y pipeline". The words are the pipeline, not its ends: without this,
 * "Pipeline from Sharara to Zawiya shut" read "Zawiya shut" as a port closure.
 *
 * A pipeline has two sides: its sources, the assets whose routes enter it (fields) and
 * those its registry names start from ("Sharara-Zawiya pipeline", alias "Hamada-Zawiya
 * pipeline": sharara, hamada), and its outlets, its routes and the last asset such a name
 * joins (zawiya). Chokepoints sit on a line, not at an end. A phrase is read as a pipeline
 * when exactly one pipeline has one of its two names as a source and the other as an
 * outlet, in either order ("from Zawiya to Sharara" is the same line); otherwise (two
 * outlets, as "Zawiya" and "the Zawiya refinery", or a line the registry does not model)
 * the names stay as they are.
 */

/** An asset named in the text; token range, end exclusive. */
export interface AssetSpan {
  readonly start: number;
  readonly end: number;
  readonly asset: Asset;
}

export interface PipelineSpan {
  readonly start: number;
  readonly end: number;
  readonly pipeline: Asset;
}

/** Resolves a tokenised name to the asset it names as a whole, or undefined. */
export type AssetNameResolver = (words: readonly string[]) => Asset | undefined;

const PIPELINE_WORDS: ReadonlySet<string> = new Set(['pipeline', 'pipelines']);
/** Words before "pipeline" that belong to the phrase: "the crude pipeline from...". */
const PIPELINE_QUALIFIERS: ReadonlySet<string> = new Set(['oil', 'crude']);
/** Words between "pipeline" and its first end: "pipeline (that runs) from", "linking". */
const CONNECTORS: ReadonlySet<string> = new Set([
  'from',
  'between',
  'linking',
  'links',
  'linked',
  'connecting',
  'connects',
  'connected',
  'joining',
  'joins',
  'joined',
  'running',
  'runs',
  'that',
  'which',
]);
const MAX_CONNECTORS = 3;
/** Words between the two ends. A hyphen or dash ("Sharara-Zawiya") leaves none. */
const SEPARATORS: ReadonlySet<string> = new Set(['to', 'and', 'with']);
/** A word after an end that only says what it is: "the Sharara field to the Zawiya refinery". */
const END_KIND_WORDS: ReadonlySet<string> = new Set([
  'field',
  'oilfield',
  'terminal',
  'port',
  'refinery',
  'complex',
  'hub',
]);
/** "line" as in the registry's "Sharara-Zawiya line". */
const NAME_SUFFIX = /\s+(?:oil\s+)?(?:pipeline|line)$/i;

/** The assets at a pipeline's ends, by asset id: where its crude comes from, where it goes. */
interface Ends {
  readonly sources: Set<string>;
  readonly outlets: Set<string>;
}

type PipelineEnds = ReadonlyMap<string, Ends>;

const endsByRegistry = new WeakMap<AssetRegistry, PipelineEnds>();

/** Per pipeline id, its sources and outlets (see above). Built once per registry object. */
export function pipelineEnds(registry: AssetRegistry, resolve: AssetNameResolver): PipelineEnds {
  const cached = endsByRegistry.get(registry);
  if (cached !== undefined) return cached;
  const ends = new Map<string, Ends>();
  for (const pipeline of registry.assets) {
    if (pipeline.kind !== 'pipeline') continue;
    const own: Ends = {
      sources: new Set(),
      outlets: new Set([...pipeline.routes.primary, ...pipeline.routes.alternate]),
    };
    for (const name of [pipeline.name, ...pipeline.aliases]) {
      if (!NAME_SUFFIX.test(name)) continue;
      const parts = name.replace(NAME_SUFFIX, '').split(/[-\u2010-\u2015]/);
      parts.forEach((part, k) => {
        const asset = resolve(phraseWords(part));
        if (asset === undefined || asset.id === pipeline.id) return;
        (k > 0 && k === parts.length - 1 ? own.outlets : own.sources).add(asset.id);
      });
    }
    ends.set(pipeline.id, own);
  }
  for (const asset of registry.assets)
    if (asset.kind !== 'pipeline')
      for (const next of [...asset.routes.primary, ...asset.routes.alternate])
        ends.get(next)?.sources.add(asset.id);
  endsByRegistry.set(registry, ends);
  return ends;
}

const hasEnd = (own: Ends | undefined, id: string): boolean =>
  own !== undefined && (own.sources.has(id) || own.outlets.has(id));

const joins = (own: Ends, a: string, b: string): boolean =>
  (own.sources.has(a) && own.outlets.has(b)) || (own.sources.has(b) && own.outlets.has(a));

/** The one pipeline running between the two assets, either way round; undefined for none or several. */
function pipelineJoining(a: Asset, b: Asset, ends: PipelineEnds, registry: AssetRegistry): Asset | undefined {
  let found: string | undefined;
  for (const [id, own] of ends) {
    if (!joins(own, a.id, b.id)) continue;
    if (found !== undefined) return undefined;
    found = id;
  }
  return found === undefined ? undefined : registry.get(found);
}

/**
 * Pipelines named by their ends in `tokens`, in text order, never overlapping. `spans`
 * are the assets named in the text, in text order. A phrase stays inside one clause.
 */
export function pipelinesNamedByEnds(
  tokens: TokenisedText,
  spans: readonly AssetSpan[],
  registry: AssetRegistry,
  resolve: AssetNameResolver,
): PipelineSpan[] {
  const { words } = tokens;
  const startingAt = new Map<number, AssetSpan>();
  const endingAt = new Map<number, AssetSpan>();
  for (const s of spans) {
    startingAt.set(s.start, s);
    endingAt.set(s.end, s);
  }
  const ends = pipelineEnds(registry, resolve);
  const oneClause = (from: number, to: number): boolean => {
    const sentence = tokens.sentenceOf[from];
    for (let k = from + 1; k < to; k++)
      if (tokens.clauseBreakBefore[k] === true || tokens.sentenceOf[k] !== sentence) return false;
    return true;
  };
  /** An end read forwards from `at`: "[the] NAME [field]". */
  const endAt = (at: number): { asset: Asset; next: number } | undefined => {
    const span = startingAt.get(words[at] === 'the' ? at + 1 : at);
    if (span === undefined) return undefined;
    return { asset: span.asset, next: END_KIND_WORDS.has(words[span.end] ?? '') ? span.end + 1 : span.end };
  };
  /** The pipeline "FIRST [to] SECOND" names, where SECOND ends the phrase. */
  const namedBefore = (second: AssetSpan): { first: AssetSpan; pipeline: Asset } | undefined => {
    const first = endingAt.get(words[second.start - 1] === 'to' ? second.start - 1 : second.start);
    if (first === undefined) return undefined;
    const pipeline =
      second.asset.kind === 'pipeline'
        ? hasEnd(ends.get(second.asset.id), first.asset.id)
          ? second.asset
          : undefined
        : pipelineJoining(first.asset, second.asset, ends, registry);
    return pipeline === undefined ? undefined : { first, pipeline };
  };

  const out: PipelineSpan[] = [];
  let consumed = 0;
  for (let i = 0; i < words.length; i++) {
    if (!PIPELINE_WORDS.has(words[i] ?? '')) continue;
    // "NAME [to] NAME [oil] pipeline"; or "NAME NAME-AND-PIPELINE" ("Zawiya-Sharara
    // pipeline", where "Sharara pipeline" is itself a name of the line).
    const own = endingAt.get(i + 1);
    const second =
      own?.asset.kind === 'pipeline'
        ? own
        : endingAt.get(PIPELINE_QUALIFIERS.has(words[i - 1] ?? '') ? i - 1 : i);
    const before = second === undefined ? undefined : namedBefore(second);
    if (before !== undefined && before.first.start >= consumed && oneClause(before.first.start, i + 1)) {
      out.push({ start: before.first.start, end: i + 1, pipeline: before.pipeline });
      consumed = i + 1;
      continue;
    }
    // "[oil] pipeline CONNECTOR... [the] NAME [kind] SEPARATOR [the] NAME [kind]"
    let k = i + 1;
    while (k - i - 1 < MAX_CONNECTORS && CONNECTORS.has(words[k] ?? '')) k++;
    if (k === i + 1) continue;
    const a = endAt(k);
    if (a === undefined || !SEPARATORS.has(words[a.next] ?? '')) continue;
    const b = endAt(a.next + 1);
    if (b === undefined) continue;
    const pipeline = pipelineJoining(a.asset, b.asset, ends, registry);
    const start = PIPELINE_QUALIFIERS.has(words[i - 1] ?? '') && i - 1 >= consumed ? i - 1 : i;
    if (pipeline === undefined || start < consumed || !oneClause(start, b.next)) continue;
    out.push({ start, end: b.next, pipeline });
    consumed = b.next;
    i = b.next - 1;
  }
  return out;
}
