import { classifyNews } from '../classification/news-classifier';
import { collapseWhitespace } from '../classification/text-tokens';
import type { GeoEvent } from '../events/geo-event';
import { ok, type Result } from '../events/rejection';
import { ContentHasher } from './content-hash';
import type { FieldReader } from './field-reader';
import { resolveLimits, type NormaliseContext } from './normalise-context';
import { parseIsoInstant } from './time-parsing';

/**
 * `{kind:"news", id, publishedAt, source, headline, body, url?}`: free text, classified
 * by the phrase rules. A news item says when it was published, not when the event
 * happened, so both times are `publishedAt`.
 */
export function normaliseNews(fields: FieldReader, ctx: NormaliseContext): Result<GeoEvent> {
  const limits = resolveLimits(ctx);
  const idRaw = fields.string('id', limits.maxShortChars);
  if (!idRaw.ok) return idRaw;
  // Trimmed, as GDELT's and ACLED's ids are: " n-1 " is the same item as "n-1".
  const id = idRaw.value.trim();
  const published = fields.string('publishedAt', limits.maxShortChars);
  if (!published.ok) return published;
  const source = fields.string('source', limits.maxShortChars);
  if (!source.ok) return source;
  const headline = fields.string('headline', limits.maxTextChars);
  if (!headline.ok) return headline;
  const body = fields.string('body', limits.maxBodyChars);
  if (!body.ok) return body;
  const url = fields.optionalString('url', limits.maxTextChars);
  if (!url.ok) return url;
  const at = parseIsoInstant(published.value, fields.name('publishedAt'));
  if (!at.ok) return at;

  const headlineText = decodeHtmlEntities(headline.value);
  const c = classifyNews({ headline: headlineText, body: decodeHtmlEntities(body.value) }, ctx.registry);
  const contentHash = new ContentHasher()
    .add(source.value.trim())
    .separator()
    .addNormalised(headline.value)
    .separator()
    .addNormalised(body.value)
    .digest();
  const event: { -readonly [K in keyof GeoEvent]: GeoEvent[K] } = {
    id: `news:${id}`,
    source: source.value.trim(),
    kind: 'news',
    occurredAt: at.value,
    knownAt: at.value,
    type: c.type,
    actors: c.actors,
    location: c.location,
    assets: c.assets,
    severity: c.severity,
    confidence: c.confidence,
    summary: collapseWhitespace(headlineText),
    evidence: c.evidence,
    raw: { kind: 'news', ref: url.value ?? id, contentHash },
  };
  if (c.primaryActor !== undefined) event.primaryActor = c.primaryActor;
  return ok(event);
}

const NAMED_ENTITIES: ReadonlyMap<string, string> = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
  ['nbsp', ' '],
  ['rsquo', '\u2019'],
  ['lsquo', '\u2018'],
  ['rdquo', '\u201d'],
  ['ldquo', '\u201c'],
  ['ndash', '\u2013'],
  ['mdash', '\u2014'],
]);

/**
 * HTML character references as feeds scraped from RSS or web pages leave them in text
 * ("Brega &amp; Ras Lanuf", "Ras&nbsp;Lanuf"): decoded before classification, or a name
 * or a list of names is not recognised. Numeric references are decoded when they name a
 * character (not NUL or a surrogate); anything else is left as it is.
 */
export function decodeHtmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,6});/g, (whole, ref: string) => {
    if (ref.charCodeAt(0) !== 35) return NAMED_ENTITIES.get(ref.toLowerCase()) ?? whole;
    const hex = ref.charCodeAt(1) === 120 || ref.charCodeAt(1) === 88;
    const code = Number.parseInt(ref.slice(hex ? 2 : 1), hex ? 16 : 10);
    if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return whole;
    return code === 0xa0 ? ' ' : String.fromCodePoint(code);
  });
}
