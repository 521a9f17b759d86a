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
  const id = fields.string('id', limits.maxShortChars);
  if (!id.ok) return id;
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

  const c = classifyNews({ headline: headline.value, body: body.value }, ctx.registry);
  const contentHash = new ContentHasher()
    .add(source.value.trim())
    .separator()
    .addNormalised(headline.value)
    .separator()
    .addNormalised(body.value)
    .digest();
  const event: { -readonly [K in keyof GeoEvent]: GeoEvent[K] } = {
    id: `news:${id.value}`,
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
    summary: collapseWhitespace(headline.value),
    evidence: c.evidence,
    raw: { kind: 'news', ref: url.value ?? id.value, contentHash },
  };
  if (c.primaryActor !== undefined) event.primaryActor = c.primaryActor;
  return ok(event);
}
