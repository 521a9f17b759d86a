import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LIBYA_REGISTRY } from '../assets/registry';
import type { GeoEvent } from '../events/geo-event';
import { REJECTION_CODES, type RejectionCode, type Result } from '../events/rejection';
import { createLineDecoder } from './line-decoder';
import { DEFAULT_NORMALISE_LIMITS } from './normalise-context';
import { normaliseMessage, normaliseRecord } from './normalise-record';

const ctx = { registry: LIBYA_REGISTRY };
const gdeltLine =
  readFileSync(join(__dirname, '../../fixtures/gdelt/libya-2020-01.export.tsv'), 'utf8').split('\n')[2] ?? '';
const acledHeader =
  readFileSync(join(__dirname, '../../fixtures/acled/libya-2020-01.csv'), 'utf8').split('\n')[0] ?? '';
const news = {
  kind: 'news',
  id: 'n1',
  publishedAt: '2020-01-18T12:00:00Z',
  source: 'Wire',
  headline: 'Ports closed',
  body: 'Ports closed in Libya.',
};

function decodeAll(lines: readonly string[]): Result<GeoEvent>[] {
  const d = createLineDecoder(ctx);
  return [...lines.flatMap((l) => d.push(l)), ...d.end()].map((i) => i.result);
}

/** At least one input per rejection code, through the API a producer would use. */
const CASES: readonly (readonly [RejectionCode, string, () => Result<GeoEvent>])[] = [
  ['malformed_json', 'truncated JSON', () => normaliseMessage('{"kind":"news","id":', ctx)],
  [
    'malformed_json',
    'text that is neither JSON nor a GDELT row',
    () => normaliseMessage('Haftar left Moscow', ctx),
  ],
  ['unknown_kind', 'a kind Crescent does not take', () => normaliseRecord({ ...news, kind: 'tweet' }, ctx)],
  ['unknown_kind', 'a JSON array instead of an object', () => normaliseMessage('[1,2,3]', ctx)],
  [
    'unknown_kind',
    'a file line of no known format',
    () => decodeAll(['Haftar left Moscow'])[0] ?? normaliseRecord(null, ctx),
  ],
  ['missing_field', 'no kind', () => normaliseRecord({ id: 'x' }, ctx)],
  ['missing_field', 'news without a body', () => normaliseRecord({ ...news, body: undefined }, ctx)],
  ['invalid_field', 'a headline that is a number', () => normaliseRecord({ ...news, headline: 42 }, ctx)],
  [
    'invalid_coordinates',
    'latitude 91',
    () =>
      normaliseRecord(
        {
          kind: 'event',
          id: 'e',
          occurredAt: '2020-01-18',
          type: 'armed_clash',
          location: { lat: 91, lon: 13 },
        },
        ctx,
      ),
  ],
  [
    'invalid_coordinates',
    'longitude NaN',
    () =>
      normaliseRecord(
        {
          kind: 'event',
          id: 'e',
          occurredAt: '2020-01-18',
          type: 'armed_clash',
          location: { lat: 31, lon: 'NaN' },
        },
        ctx,
      ),
  ],
  [
    'invalid_date',
    'an unparseable date',
    () => normaliseRecord({ ...news, publishedAt: 'last Tuesday' }, ctx),
  ],
  [
    'invalid_date',
    'a date before 1979',
    () => normaliseRecord({ ...news, publishedAt: '1975-06-01T00:00:00Z' }, ctx),
  ],
  [
    'invalid_date',
    'a date after 2100',
    () => normaliseRecord({ ...news, publishedAt: '2150-06-01T00:00:00Z' }, ctx),
  ],
  [
    'oversized',
    'a message over 1 MiB',
    () =>
      normaliseMessage(
        JSON.stringify({ ...news, body: 'x'.repeat(DEFAULT_NORMALISE_LIMITS.maxMessageBytes) }),
        ctx,
      ),
  ],
  [
    'oversized',
    'a body over 200,000 characters',
    () => normaliseRecord({ ...news, body: 'oil '.repeat(50_001) }, ctx),
  ],
  [
    'oversized',
    'a file line over 1 MiB',
    () => decodeAll([`{"kind":"news","body":"${'é'.repeat(600_000)}"}`])[0] ?? normaliseRecord(null, ctx),
  ],
  [
    'bad_column_count',
    'a GDELT row with 60 columns',
    () => normaliseMessage(gdeltLine.split('\t').slice(0, 60).join('\t'), ctx),
  ],
  [
    'bad_column_count',
    'an ACLED row shorter than its header',
    () => decodeAll([acledHeader, 'LBY1,2020-01-18'])[0] ?? normaliseRecord(null, ctx),
  ],
  [
    'bad_header',
    'an ACLED header without timestamp',
    () => decodeAll([acledHeader.replace(',timestamp', '')])[0] ?? normaliseRecord(null, ctx),
  ],
  [
    'bad_header',
    'an ACLED row after a rejected header',
    () => decodeAll(['event_id_cnty,notes', 'LBY1,x'])[1] ?? normaliseRecord(null, ctx),
  ],
  ['empty_input', 'an empty message', () => normaliseMessage('', ctx)],
  ['empty_input', 'a message of whitespace', () => normaliseMessage(' \n\t ', ctx)],
  ['empty_input', 'a null record', () => normaliseRecord(null, ctx)],
];

describe('every rejection reason', () => {
  it.each(CASES.map(([code, what, run]) => [code, what, run] as const))('%s: %s', (code, _what, run) => {
    const r = run();
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.rejection.code).toBe(code);
      expect(r.rejection.reason.length).toBeGreaterThan(5);
    }
  });

  it('has a case for each code there is', () => {
    expect(new Set(CASES.map(([code]) => code))).toEqual(new Set(REJECTION_CODES));
  });

  it('limits can be set per context', () => {
    const small = { registry: LIBYA_REGISTRY, limits: { maxBodyChars: 10 } };
    const r = normaliseRecord({ ...news, body: 'Ports closed in Libya today.' }, small);
    expect(!r.ok && r.rejection).toMatchObject({ code: 'oversized', field: 'body' });
  });
});
