import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LIBYA_REGISTRY } from '../assets/registry';
import { isEventType } from '../events/event-type';
import type { GeoEvent } from '../events/geo-event';
import { REJECTION_CODES, type Result } from '../events/rejection';
import { createLineDecoder } from './line-decoder';
import { normaliseMessage, normaliseRecord } from './normalise-record';
import { seededRandom } from '../../../../test/support/seeded-random';

/*
 * Property tests: whatever arrives, the formats answer with an event or a typed
 * rejection, and never throw. Inputs come from a seeded PRNG so a failure replays.
 */

const ctx = { registry: LIBYA_REGISTRY };
const FIXTURES = join(__dirname, '../../fixtures');
const text = (p: string): string => readFileSync(join(FIXTURES, p), 'utf8');

const CODES: ReadonlySet<string> = new Set(REJECTION_CODES);

/** The result is well-formed: a rejection with a known code and a reason, or an event that keeps the invariants. */
function assertWellFormed(r: Result<GeoEvent>): void {
  if (!r.ok) {
    expect(CODES.has(r.rejection.code)).toBe(true);
    expect(typeof r.rejection.reason).toBe('string');
    return;
  }
  const e = r.value;
  expect(isEventType(e.type)).toBe(true);
  expect(e.id.startsWith(`${e.kind}:`)).toBe(true);
  expect(e.occurredAt.isValid && e.knownAt.isValid).toBe(true);
  expect(e.severity >= 0 && e.severity <= 1).toBe(true);
  expect(e.confidence >= 0 && e.confidence <= 1).toBe(true);
  if (e.location.lat !== undefined) expect(Math.abs(e.location.lat) <= 90).toBe(true);
  if (e.location.lon !== undefined) expect(Math.abs(e.location.lon) <= 180).toBe(true);
  expect(e.raw.contentHash).toMatch(/^[0-9a-f]{16}$/);
}

function safely<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    throw new Error(`threw instead of rejecting: ${err instanceof Error ? err.message : String(err)}`);
  }
}

const ALPHABET = [
  '{',
  '}',
  '[',
  ']',
  '"',
  ',',
  ':',
  '\t',
  '\n',
  '\r',
  '\\',
  ' ',
  'a',
  'Z',
  '0',
  '9',
  '-',
  '.',
  'é',
  '\u0000',
  '\ud800',
  '\ufeff',
  'kind',
  'news',
  'gdelt',
  'acled',
  'event',
];

function randomText(next: () => number, maxLength: number): string {
  const n = Math.floor(next() * maxLength);
  let s = '';
  for (let i = 0; i < n; i++) {
    s +=
      next() < 0.7
        ? (ALPHABET[Math.floor(next() * ALPHABET.length)] ?? '')
        : String.fromCharCode(Math.floor(next() * 0x10000));
  }
  return s;
}

const newsFixture = JSON.parse(text('news/haftar-leaves-moscow.json')) as Record<string, unknown>;
const eventFixture = JSON.parse(text('structured/events.jsonl').split('\n')[0] ?? '') as Record<
  string,
  unknown
>;
const gdeltLines = text('gdelt/libya-2020-01.export.tsv')
  .split('\n')
  .filter((l) => l !== '');
const acledLines = text('acled/libya-2020-01.csv').split('\n');
const acledRecord: Record<string, unknown> = {
  event_id_cnty: 'LBY7104',
  event_date: '2020-01-21',
  event_type: 'Explosions/Remote violence',
  sub_event_type: 'Shelling/artillery/missile attack',
  actor1: 'Military Forces of Libya (2014-) Libyan National Army',
  actor2: '',
  latitude: '32.8817',
  longitude: '13.35',
  geo_precision: '2',
  notes: 'Grad rockets landed in Tajoura, east of Tripoli.',
  fatalities: '0',
  timestamp: '1579996800',
  country: 'Libya',
  location: 'Tajoura',
};
const messages = [
  JSON.stringify(newsFixture),
  JSON.stringify(eventFixture),
  JSON.stringify({ kind: 'gdelt', row: gdeltLines[2] }),
  JSON.stringify({ kind: 'acled', record: acledRecord }),
  gdeltLines[2] ?? '',
];

const deep = (depth: number): unknown => {
  let v: unknown = 'core';
  for (let i = 0; i < depth; i++) v = { nested: v };
  return v;
};

const BAD_VALUES: readonly unknown[] = [
  null,
  undefined,
  0,
  -1,
  1e308,
  Number.NaN,
  true,
  [],
  ['x'],
  {},
  '',
  ' ',
  '\u0000',
  'NaN',
  '9'.repeat(400),
  'x'.repeat(300_000),
  deep(2000),
];

describe('formats never throw (property tests, seeded)', () => {
  it('random text as a Kafka message: 3,000 cases', () => {
    const next = seededRandom(20200114);
    for (let i = 0; i < 3000; i++)
      assertWellFormed(safely(() => normaliseMessage(randomText(next, 200), ctx)));
  });

  it('every valid message truncated at random points: 2,000 cases', () => {
    const next = seededRandom(18);
    for (let i = 0; i < 2000; i++) {
      const m = messages[i % messages.length] ?? '';
      assertWellFormed(safely(() => normaliseMessage(m.slice(0, Math.floor(next() * m.length)), ctx)));
    }
  });

  it('valid messages with random characters flipped: 3,000 cases', () => {
    const next = seededRandom(19);
    for (let i = 0; i < 3000; i++) {
      const m = messages[i % messages.length] ?? '';
      const at = Math.floor(next() * m.length);
      const flipped =
        m.slice(0, at) + (ALPHABET[Math.floor(next() * ALPHABET.length)] ?? '') + m.slice(at + 1);
      assertWellFormed(safely(() => normaliseMessage(flipped, ctx)));
    }
  });

  it('every field of every kind replaced by every wrong type', () => {
    const records: Record<string, unknown>[] = [
      newsFixture,
      eventFixture,
      { kind: 'gdelt', row: gdeltLines[2] },
      { kind: 'gdelt', row: (gdeltLines[2] ?? '').split('\t') },
      { kind: 'acled', record: acledRecord },
    ];
    let cases = 0;
    for (const record of records) {
      for (const field of Object.keys(record)) {
        for (const bad of BAD_VALUES) {
          assertWellFormed(safely(() => normaliseRecord({ ...record, [field]: bad }, ctx)));
          cases++;
        }
      }
    }
    for (const field of Object.keys(acledRecord)) {
      for (const bad of BAD_VALUES) {
        assertWellFormed(
          safely(() => normaliseRecord({ kind: 'acled', record: { ...acledRecord, [field]: bad } }, ctx)),
        );
        cases++;
      }
    }
    const cols = (gdeltLines[2] ?? '').split('\t');
    for (let c = 0; c < cols.length; c++) {
      for (const bad of BAD_VALUES) {
        const row = [...cols];
        row[c] = typeof bad === 'string' ? bad : String(bad);
        assertWellFormed(safely(() => normaliseRecord({ kind: 'gdelt', row }, ctx)));
        cases++;
      }
    }
    expect(cases).toBeGreaterThan(1500);
  });

  it('deep nesting and huge strings', () => {
    assertWellFormed(safely(() => normaliseMessage(`${'['.repeat(100_000)}${']'.repeat(100_000)}`, ctx)));
    assertWellFormed(safely(() => normaliseMessage(`${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`, ctx)));
    assertWellFormed(safely(() => normaliseRecord({ ...newsFixture, body: deep(10_000) }, ctx)));
    assertWellFormed(safely(() => normaliseMessage('x'.repeat(3 * 1024 * 1024), ctx)));
    assertWellFormed(
      safely(() => normaliseRecord({ ...newsFixture, headline: 'Es Sider closed '.repeat(10_000) }, ctx)),
    );
  });

  it('the line decoder over random lines and fixture fragments: 5,000 lines', () => {
    const next = seededRandom(7);
    const pool = [...gdeltLines, ...acledLines, ...messages, '"', '"a,b', 'x"', ''];
    const d = createLineDecoder(ctx);
    let lastLine = 0;
    for (let i = 0; i < 5000; i++) {
      const line = next() < 0.5 ? (pool[Math.floor(next() * pool.length)] ?? '') : randomText(next, 120);
      for (const item of safely(() => d.push(line))) {
        expect(item.line).toBeGreaterThan(0);
        expect(item.line).toBeLessThanOrEqual(i + 1);
        expect(item.line).toBeGreaterThanOrEqual(lastLine);
        lastLine = item.line;
        assertWellFormed(item.result);
      }
    }
    for (const item of safely(() => d.end())) assertWellFormed(item.result);
  });
});
