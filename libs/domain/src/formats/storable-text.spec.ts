import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { LIBYA_REGISTRY } from '../assets/registry';
import type { GeoEvent } from '../events/geo-event';
import { ok } from '../events/rejection';
import { mapEventToImpacts } from '../mapping/map-event';
import { createLineDecoder } from './line-decoder';
import { normaliseMessage, normaliseRecord } from './normalise-record';
import { findUnstorableText, storableEvent } from './storable-text';

const ctx = { registry: LIBYA_REGISTRY };

/** A relevant news item with `escape` (JSON escape text) at the end of its headline. */
const news = (escape: string, headline = 'Libya oil port of Es Sider shut'): string =>
  JSON.stringify({
    kind: 'news',
    id: 'n1',
    publishedAt: '2020-01-18T13:45:00Z',
    source: 'Reuters',
    headline: `${headline} @@`,
    body: 'x',
  }).replace('@@', escape);

describe('text the event store cannot keep', () => {
  it('finds NUL and lone surrogates anywhere in objects and arrays, and names the path', () => {
    expect(findUnstorableText({ a: 'fine', b: ['ok', { c: 'x\u0000y' }] })).toBe('b[1].c');
    expect(findUnstorableText({ s: 'x\ud800' })).toBe('s');
    expect(findUnstorableText({ s: '\udc00x' })).toBe('s');
    expect(findUnstorableText([{ a: [['ok', 'x\u0000']] }])).toBe('[0].a[0][1]');
    expect(findUnstorableText('\u0000')).toBe('(value)');
    expect(findUnstorableText(['\ud83d\udee2 oil, é, \u202e, \\u0000'])).toBeUndefined();
    expect(findUnstorableText({ at: DateTime.utc(2020, 1, 18), n: 1, b: true, z: null })).toBeUndefined();
  });

  it('is refused by every entry point of the formats, as invalid_field naming the field', () => {
    for (const escape of ['\\u0000', '\\ud800', '\\udc00']) {
      for (const headline of ['Libya oil port of Es Sider shut', 'Weather in Oslo']) {
        const line = news(escape, headline);
        const decoder = createLineDecoder(ctx);
        const results = [
          normaliseMessage(line, ctx),
          normaliseRecord(JSON.parse(line), ctx),
          ...decoder.push(line).map((i) => i.result),
        ];
        for (const r of results) {
          expect(r.ok).toBe(false);
          if (r.ok) continue;
          expect(r.rejection.code).toBe('invalid_field');
          expect(r.rejection.field).toMatch(/^event\./);
          expect(r.rejection.reason).toMatch(
            /^event\.\S+ holds a NUL character or a lone UTF-16 surrogate, which the event store cannot keep$/,
          );
        }
      }
    }
    // A GDELT row (raw, as a line of a file) with a NUL in a column.
    const row = Array.from({ length: 61 }, () => '');
    Object.assign(row, { 0: '1', 1: '20200118', 26: '190', 28: '19', 51: 'Es Sider\u0000, Libya' });
    Object.assign(row, { 53: 'LY', 59: '20200118120000', 60: 'http://x' });
    const gdelt = row.join('\t');
    expect(normaliseMessage(gdelt, ctx)).toMatchObject({ ok: false, rejection: { code: 'invalid_field' } });
    expect(createLineDecoder(ctx).push(gdelt)[0]?.result).toMatchObject({
      ok: false,
      rejection: { code: 'invalid_field' },
    });
    // A well-formed surrogate pair (an emoji) is text like any other.
    expect(normaliseMessage(news('\\ud83d\\udee2'), ctx).ok).toBe(true);
  });

  it('reads every string of events of every kind', () => {
    const fixture = (p: string): string[] =>
      readFileSync(join(__dirname, '../../fixtures', p), 'utf8').split('\n');
    const events: GeoEvent[] = [];
    for (const p of [
      'news/january-2020.jsonl',
      'structured/events.jsonl',
      'gdelt/libya-2020-01.export.tsv',
      'acled/libya-2020-01.csv',
    ]) {
      const decoder = createLineDecoder(ctx);
      for (const item of [...fixture(p).flatMap((l) => decoder.push(l)), ...decoder.end()])
        if (item.result.ok) events.push(item.result.value);
    }
    /** `value` with NUL after the string at `path` (keys and indexes), and every such path. */
    const poisoned = (value: unknown, path: readonly (string | number)[]): unknown => {
      if (path.length === 0) return `${String(value)}\u0000`;
      const [step, ...rest] = path;
      if (Array.isArray(value))
        return (value as unknown[]).map((v, i) => (i === step ? poisoned(v, rest) : v));
      const record = value as Record<string, unknown>;
      return { ...record, [step as string]: poisoned(record[step as string], rest) };
    };
    const paths = (value: unknown, path: (string | number)[] = []): (string | number)[][] => {
      if (typeof value === 'string') return [path];
      if (value === null || typeof value !== 'object' || DateTime.isDateTime(value)) return [];
      return Object.entries(value).flatMap(([k, v]) =>
        paths(v, [...path, Array.isArray(value) ? Number(k) : k]),
      );
    };
    const shapes = new Set<string>();
    for (const event of events) {
      for (const path of paths(event)) {
        const field = `event.${path.map(String).join('.')}`;
        shapes.add(field.replace(/\.\d+/g, '[]'));
        const r = storableEvent(ok(poisoned(event, path) as GeoEvent));
        expect({ field, ok: r.ok }).toEqual({ field, ok: false });
      }
    }
    expect(new Set(events.map((e) => e.kind))).toEqual(new Set(['news', 'event', 'gdelt', 'acled']));
    for (const field of ['primaryActor', 'actors[]', 'assets[]', 'location.name', 'location.country'])
      expect(shapes).toContain(`event.${field}`);
  });

  it('needs no check of the impacts: they are made of the event’s strings and the registry’s', () => {
    expect(findUnstorableText(LIBYA_REGISTRY.assets)).toBeUndefined();
    const event = normaliseMessage(news('\\ud83d\\udee2'), ctx);
    if (!event.ok) throw new Error(event.rejection.reason);
    expect(mapEventToImpacts(event.value, LIBYA_REGISTRY).length).toBeGreaterThan(0);
  });
});
