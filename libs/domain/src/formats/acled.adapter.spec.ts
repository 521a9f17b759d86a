import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LIBYA_REGISTRY } from '../assets/registry';
import type { GeoEvent } from '../events/geo-event';
import { createLineDecoder } from './line-decoder';
import { normaliseRecord } from './normalise-record';

const ctx = { registry: LIBYA_REGISTRY };
const csv = readFileSync(join(__dirname, '../../fixtures/acled/libya-2020-01.csv'), 'utf8');

function decodeCsv(text: string) {
  const decoder = createLineDecoder(ctx);
  return [...text.split('\n').flatMap((l) => decoder.push(l)), ...decoder.end()];
}

const events = new Map<string, GeoEvent>(
  decodeCsv(csv).map((item) => {
    if (!item.result.ok) throw new Error(`line ${item.line}: ${item.result.rejection.reason}`);
    return [item.result.value.id, item.result.value];
  }),
);
const ev = (id: string): GeoEvent => {
  const e = events.get(id);
  if (e === undefined) throw new Error(`no event ${id}`);
  return e;
};

/** The first data row of the fixture as an object keyed by column, for the JSON wrapper. */
function firstRecord(): Record<string, string> {
  const [headerLine = '', rowLine = ''] = csv.split('\n');
  const header = headerLine.split(',');
  // Row 1 has quoted notes with commas; rebuild it from the decoded CSV via a simple split of the quoted part.
  const quoteAt = rowLine.indexOf('"');
  const before = rowLine.slice(0, quoteAt).split(',');
  const closing = rowLine.lastIndexOf('"');
  const notes = rowLine.slice(quoteAt + 1, closing).replace(/""/g, '"');
  const after = rowLine.slice(closing + 2).split(',');
  const cells = [...before.slice(0, -1), notes, ...after];
  return Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']));
}

describe('ACLED rows', () => {
  it('decodes every row of a CSV with the full header, quoted commas, quotes and a line break in notes', () => {
    expect([...events.keys()]).toEqual([
      'acled:LBY7101',
      'acled:LBY7102',
      'acled:LBY7103',
      'acled:LBY7104',
      'acled:TUN2201',
    ]);
    expect(ev('acled:LBY7103').summary).toContain('"violated the ceasefire" twice');
  });

  it('takes event_date as occurredAt and the timestamp (Unix seconds) as knownAt, both UTC', () => {
    const e = ev('acled:LBY7101');
    expect(e.occurredAt.toISO()).toBe('2020-01-17T00:00:00.000Z');
    expect(e.knownAt.toISO()).toBe('2020-01-22T00:00:00.000Z');
    expect(e.source).toBe('ACLED');
    expect(e.raw.ref).toBe('LBY7101');
  });

  it('maps geo_precision 1/2/3 to facility/town/region and keeps the coordinates', () => {
    expect(ev('acled:LBY7101').location).toEqual({
      name: 'Zueitina',
      lat: 30.852,
      lon: 20.119,
      precision: 'facility',
      country: 'LY',
    });
    expect(ev('acled:LBY7103').location.precision).toBe('town');
  });

  it('a protest inside a terminal is a facility protest at that terminal', () => {
    const e = ev('acled:LBY7101');
    expect(e.type).toBe('facility_protest');
    expect(e.assets).toEqual(['zueitina']);
    expect(e.actors).toContain('tribes');
    expect(e.evidence[0]?.rule).toBe('acled/Protests/Peaceful protest');
  });

  it('notes that report terminals shut and force majeure decide over a vague "change to group/activity"', () => {
    const e = ev('acled:LBY7102');
    expect(e.type).toBe('force_majeure_declared');
    expect(e.evidence.at(-1)?.rule).toBe('acled/Strategic developments/Change to group/activity');
    expect([...e.assets].sort()).toEqual(['brega', 'es-sider', 'ras-lanuf']);
    expect(e.primaryActor).toBe('lna');
    expect(e.actors).toEqual(expect.arrayContaining(['lna', 'pfg', 'noc']));
  });

  it('a battle whose notes say the truce was violated is a ceasefire violation, heavier for its deaths', () => {
    const e = ev('acled:LBY7103');
    expect(e.type).toBe('ceasefire_violated');
    expect(e.actors).toEqual(['lna', 'gna']);
    expect(e.severity).toBeGreaterThan(0.65);
  });

  it('shelling away from oil assets is an armed clash', () => {
    expect(ev('acled:LBY7104').type).toBe('armed_clash');
    expect(ev('acled:LBY7104').assets).toEqual([]);
  });

  it('a row outside Libya is accepted as irrelevant', () => {
    const e = ev('acled:TUN2201');
    expect(e.type).toBe('irrelevant');
    expect(e.location.country).toBeUndefined();
  });

  it('accepts {kind:"acled", record} and gives the same event as the CSV row', () => {
    const r = normaliseRecord({ kind: 'acled', record: firstRecord() }, ctx);
    expect(r.ok && r.value).toEqual(ev('acled:LBY7101'));
  });

  it('accepts numbers where the API sends numbers', () => {
    const record = {
      ...firstRecord(),
      latitude: 30.852,
      longitude: 20.119,
      geo_precision: 1,
      fatalities: 0,
      timestamp: 1579651200,
    };
    const r = normaliseRecord({ kind: 'acled', record }, ctx);
    expect(r.ok && r.value.location.lat).toBe(30.852);
  });

  it('hashes without event_id_cnty and timestamp: a re-keyed, re-stamped row is a duplicate', () => {
    const base = firstRecord();
    const a = normaliseRecord({ kind: 'acled', record: base }, ctx);
    const b = normaliseRecord(
      { kind: 'acled', record: { ...base, event_id_cnty: 'LBY9999', timestamp: '1580000000' } },
      ctx,
    );
    const c = normaliseRecord({ kind: 'acled', record: { ...base, fatalities: '2' } }, ctx);
    expect(a.ok && b.ok && c.ok).toBe(true);
    if (a.ok && b.ok && c.ok) {
      expect(b.value.raw.contentHash).toBe(a.value.raw.contentHash);
      expect(c.value.raw.contentHash).not.toBe(a.value.raw.contentHash);
    }
  });

  it.each([
    ['event_type', 'Skirmishes', 'invalid_field'],
    ['latitude', '123', 'invalid_coordinates'],
    ['longitude', 'east', 'invalid_coordinates'],
    ['geo_precision', '4', 'invalid_field'],
    ['fatalities', '-1', 'invalid_field'],
    ['event_date', '2020-13-01', 'invalid_date'],
    ['timestamp', '1579651200000', 'invalid_date'],
    ['actor1', '', 'missing_field'],
  ])('refuses record.%s = "%s" with %s', (column, text, code) => {
    const r = normaliseRecord({ kind: 'acled', record: { ...firstRecord(), [column]: text } }, ctx);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.rejection).toMatchObject({ code, field: `record.${column}` });
  });

  it('an unknown event_type is refused with the list of valid ones', () => {
    const r = normaliseRecord({ kind: 'acled', record: { ...firstRecord(), event_type: 'Skirmishes' } }, ctx);
    expect(!r.ok && r.rejection.reason).toContain('Battles, Explosions/Remote violence');
  });

  it('a CSV whose header lacks required columns is refused, and so are its rows', () => {
    const items = decodeCsv('event_id_cnty,event_date,event_type\nLBY1,2020-01-18,Battles\n');
    expect(items.map((i) => (i.result.ok ? 'ok' : i.result.rejection.code))).toEqual([
      'bad_header',
      'bad_header',
    ]);
    const first = items[0]?.result;
    expect(first !== undefined && !first.ok && first.rejection.reason).toContain('sub_event_type');
  });

  it('a row with the wrong number of fields is refused with both counts', () => {
    const [header = ''] = csv.split('\n');
    const items = decodeCsv(`${header}\nLBY1,2020-01-18,Battles\n`);
    expect(items).toHaveLength(1);
    const first = items[0]?.result;
    expect(first !== undefined && !first.ok && first.rejection).toMatchObject({ code: 'bad_column_count' });
  });

  it('reads numbers only as plain decimals: hexadecimal and other forms are refused, naming the field', () => {
    const record = firstRecord();
    const read = (field: string, text: string) =>
      normaliseRecord({ kind: 'acled', record: { ...record, [field]: text } }, ctx);
    for (const [field, text] of [
      ['latitude', '30.85'],
      ['longitude', '+20.119'],
      ['fatalities', '3'],
      ['geo_precision', '2'],
      ['timestamp', '1579996800'],
    ] as const)
      expect(read(field, text).ok).toBe(true);
    for (const [field, code] of [
      ['latitude', 'invalid_coordinates'],
      ['longitude', 'invalid_coordinates'],
      ['fatalities', 'invalid_field'],
      ['geo_precision', 'invalid_field'],
      ['timestamp', 'invalid_date'],
    ] as const) {
      const ok = {
        latitude: '30',
        longitude: '20',
        fatalities: '1',
        geo_precision: '1',
        timestamp: '1579996800',
      };
      for (const text of [
        `0x${Number(ok[field]).toString(16)}`,
        '0b1',
        '0o1',
        `${ok[field]}e0`,
        '.5',
        'Infinity',
      ]) {
        expect({ field, text, r: read(field, text) }).toMatchObject({
          field,
          text,
          r: { ok: false, rejection: { code, field: `record.${field}` } },
        });
      }
    }
  });

  it('clips long notes without cutting a character outside the Basic Multilingual Plane in two', () => {
    const refused: number[] = [];
    for (let at = 225; at < 245; at++) {
      const notes = `${'x'.repeat(at)}\u{1F6E2}${' guards closed the Es Sider terminal.'.repeat(8)}`;
      const r = normaliseRecord({ kind: 'acled', record: { ...firstRecord(), notes } }, ctx);
      if (!r.ok) refused.push(at);
    }
    expect(refused).toEqual([]);
  });
});
