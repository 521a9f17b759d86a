import { LIBYA_REGISTRY } from '../assets/registry';
import { normaliseRecord } from './normalise-record';

const ctx = { registry: LIBYA_REGISTRY };
const item = {
  kind: 'news',
  id: 'a-1',
  publishedAt: '2020-01-18T14:00:00Z',
  source: 'Wire',
  headline: 'NOC declares force majeure at Zueitina',
  body: 'The National Oil Corporation declared force majeure at the Zueitina terminal on Saturday.',
  url: 'https://news.example.org/a-1',
};

describe('news items', () => {
  it('becomes news:<id>, known when published, pointing back at its URL', () => {
    const r = normaliseRecord(item, ctx);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.id).toBe('news:a-1');
    expect(r.value.kind).toBe('news');
    expect(r.value.source).toBe('Wire');
    expect(r.value.knownAt.toISO()).toBe('2020-01-18T14:00:00.000Z');
    expect(r.value.occurredAt.toISO()).toBe('2020-01-18T14:00:00.000Z');
    expect(r.value.summary).toBe(item.headline);
    expect(r.value.raw).toMatchObject({ kind: 'news', ref: item.url });
    expect(r.value.raw.contentHash).toMatch(/^[0-9a-f]{16}$/);
  });

  it('the same story re-sent under another id, re-spaced and re-cased, hashes the same', () => {
    const a = normaliseRecord(item, ctx);
    const b = normaliseRecord(
      {
        ...item,
        id: 'a-2',
        headline: `  ${item.headline.toUpperCase()} `,
        body: item.body.replace(/ /g, '  \n'),
      },
      ctx,
    );
    expect(a.ok && b.ok && a.value.raw.contentHash === b.value.raw.contentHash).toBe(true);
  });

  it('the same words from another source, or with another body, are different content', () => {
    const a = normaliseRecord(item, ctx);
    const other = normaliseRecord({ ...item, source: 'Other wire' }, ctx);
    const edited = normaliseRecord({ ...item, body: `${item.body} Exports stopped.` }, ctx);
    expect(a.ok && other.ok && a.value.raw.contentHash !== other.value.raw.contentHash).toBe(true);
    expect(a.ok && edited.ok && a.value.raw.contentHash !== edited.value.raw.contentHash).toBe(true);
  });

  it.each([
    ['id', 7, 'invalid_field'],
    ['publishedAt', undefined, 'missing_field'],
    ['publishedAt', '14/01/2020', 'invalid_date'],
    ['source', '', 'missing_field'],
    ['headline', ['a'], 'invalid_field'],
    ['body', null, 'missing_field'],
    ['url', 12, 'invalid_field'],
  ])('refuses %s = %j with %s naming the field', (field, v, code) => {
    const r = normaliseRecord({ ...item, [field]: v }, ctx);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.rejection).toMatchObject({ code, field });
  });

  it('reads text with HTML character references as the text they stand for', () => {
    const r = normaliseRecord(
      {
        ...item,
        headline: 'Haftar&#8217;s forces shut Libya&apos;s oil ports of Brega &amp; Ras&nbsp;Lanuf',
        body: 'Forces loyal to Khalifa Haftar shut down the export terminals of Brega &amp; Ras&nbsp;Lanuf.',
      },
      ctx,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.type).toBe('port_blockade');
    expect(r.value.assets).toEqual(['brega', 'ras-lanuf']);
    expect(r.value.summary).toBe("Haftar\u2019s forces shut Libya's oil ports of Brega & Ras Lanuf");
  });

  it('never cuts a character outside the Basic Multilingual Plane in two, wherever it falls in a long text', () => {
    // Evidence sentences are clipped to about 240 characters around a match; half of an
    // emoji left at a cut would be a lone surrogate, which the event store cannot keep.
    const filler = 'Residents described long queues at petrol stations across the eastern region today, ';
    const refused: number[] = [];
    for (let at = 0; at < 360; at++) {
      const plain = `${filler.repeat(3)}as forces loyal to Khalifa Haftar shut down the Ras Lanuf oil export terminal, ${filler.repeat(2)}`;
      const body = `${plain.slice(0, at)}\u{1F6E2}${plain.slice(at)}`;
      const r = normaliseRecord({ ...item, id: `emoji-${at}`, body }, ctx);
      if (!r.ok) refused.push(at);
    }
    expect(refused).toEqual([]);
  });
});
