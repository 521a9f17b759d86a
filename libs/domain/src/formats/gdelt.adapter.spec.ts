import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LIBYA_REGISTRY } from '../assets/registry';
import type { GeoEvent } from '../events/geo-event';
import type { Result } from '../events/rejection';
import { GDELT } from './gdelt-columns';
import { normaliseGdeltColumns, splitGdeltLine } from './gdelt.adapter';
import { normaliseMessage, normaliseRecord } from './normalise-record';

const ctx = { registry: LIBYA_REGISTRY };
const lines = readFileSync(join(__dirname, '../../fixtures/gdelt/libya-2020-01.export.tsv'), 'utf8')
  .split('\n')
  .filter((l) => l !== '');
const line = (i: number): string => lines[i] ?? '';

function value(r: Result<GeoEvent>): GeoEvent {
  if (!r.ok) throw new Error(`rejected: ${r.rejection.code} ${r.rejection.reason}`);
  return r.value;
}

function withColumn(raw: string, index: number, text: string): string {
  const cols = splitGdeltLine(raw);
  cols[index] = text;
  return cols.join('\t');
}

describe('GDELT 2.0 export rows', () => {
  it('every fixture row has the 61 columns of the codebook', () => {
    for (const l of lines) expect(splitGdeltLine(l)).toHaveLength(61);
  });

  it('reads a full row: ids, dates in UTC, actors, location, CAMEO type and evidence', () => {
    const e = value(normaliseMessage(line(2), ctx));
    expect(e.id).toBe('gdelt:895020417');
    expect(e.kind).toBe('gdelt');
    expect(e.source).toBe('GDELT');
    expect(e.occurredAt.toISO()).toBe('2020-01-18T00:00:00.000Z');
    expect(e.knownAt.toISO()).toBe('2020-01-18T13:45:00.000Z');
    expect(e.type).toBe('port_blockade');
    expect(e.assets).toEqual(['ras-lanuf']);
    expect(e.actors).toEqual(['lna', 'noc']);
    expect(e.primaryActor).toBe('lna');
    expect(e.location).toEqual({
      name: 'Ras Lanuf, Surt, Libya',
      country: 'LY',
      lat: 30.5,
      lon: 18.5667,
      precision: 'town',
    });
    expect(e.evidence[0]?.rule).toBe('cameo/191');
    expect(e.raw.ref).toBe('https://news.example.org/2020/01/18/ras-lanuf-blockade');
    expect(e.confidence).toBeGreaterThan(0);
    expect(e.confidence).toBeLessThanOrEqual(0.6);
  });

  it('decides by CAMEO code, not by the Goldstein sign: one story, two codes, two types', () => {
    const rejection = value(normaliseMessage(line(0), ctx));
    const negotiation = value(normaliseMessage(line(1), ctx));
    expect(rejection.type).toBe('talks_failed');
    expect(negotiation.type).toBe('talks_progressing');
    // A reject code filed with a positive Goldstein value is still a rejection.
    const flipped = value(normaliseMessage(withColumn(line(0), GDELT.GoldsteinScale, '7.0'), ctx));
    expect(flipped.type).toBe('talks_failed');
  });

  it('a Libyan actor makes a row relevant even when the action is in Moscow', () => {
    const e = value(normaliseMessage(line(0), ctx));
    expect(e.location.country).toBe('RU');
    expect(e.primaryActor).toBe('lna');
    expect(e.actors).toEqual(['lna', 'russia']);
  });

  it('a row about France is accepted as irrelevant', () => {
    const e = value(normaliseMessage(line(4), ctx));
    expect(e.type).toBe('irrelevant');
    expect(e.assets).toEqual([]);
    expect(e.evidence[0]?.rule).toBe('relevance/not-libyan');
  });

  it('accepts the {kind:"gdelt"} wrapper with the row as a line or as an array of 61 strings', () => {
    const direct = value(normaliseMessage(line(3), ctx));
    const asLine = value(normaliseRecord({ kind: 'gdelt', row: line(3) }, ctx));
    const asArray = value(normaliseRecord({ kind: 'gdelt', row: splitGdeltLine(line(3)) }, ctx));
    expect(direct.type).toBe('ceasefire_violated');
    expect(asLine).toEqual(direct);
    expect(asArray).toEqual(direct);
  });

  it('hashes the row without GLOBALEVENTID and DATEADDED: the same report re-issued is a duplicate', () => {
    const original = value(normaliseMessage(line(2), ctx));
    const reissued = withColumn(
      withColumn(line(2), GDELT.GLOBALEVENTID, '999999999'),
      GDELT.DATEADDED,
      '20200118150000',
    );
    const again = value(normaliseMessage(reissued, ctx));
    expect(again.id).not.toBe(original.id);
    expect(again.raw.contentHash).toBe(original.raw.contentHash);
    const other = value(normaliseMessage(withColumn(line(2), GDELT.EventCode, '190'), ctx));
    expect(other.raw.contentHash).not.toBe(original.raw.contentHash);
  });

  it('reads a Windows line ending', () => {
    expect(value(normaliseMessage(`${line(2)}\r`, ctx)).id).toBe('gdelt:895020417');
  });

  it.each([
    [GDELT.GLOBALEVENTID, 'abc', 'invalid_field', 'GLOBALEVENTID'],
    [GDELT.GLOBALEVENTID, '', 'missing_field', 'GLOBALEVENTID'],
    [GDELT.SQLDATE, '20201345', 'invalid_date', 'SQLDATE'],
    [GDELT.DATEADDED, '2020011813', 'invalid_date', 'DATEADDED'],
    [GDELT.DATEADDED, '19700101000000', 'invalid_date', 'DATEADDED'],
    [GDELT.EventCode, '19x', 'invalid_field', 'EventCode'],
    [GDELT.QuadClass, '7', 'invalid_field', 'QuadClass'],
    [GDELT.GoldsteinScale, '-11', 'invalid_field', 'GoldsteinScale'],
    [GDELT.NumArticles, 'many', 'invalid_field', 'NumArticles'],
    [GDELT.ActionGeo_Lat, '95.2', 'invalid_coordinates', 'ActionGeo_Lat'],
    [GDELT.ActionGeo_Long, '-181', 'invalid_coordinates', 'ActionGeo_Long'],
    [GDELT.ActionGeo_Lat, 'NaN', 'invalid_coordinates', 'ActionGeo_Lat'],
    [GDELT.ActionGeo_Lat, '', 'invalid_coordinates', 'ActionGeo_Lat'],
  ])('refuses column %i = "%s" with %s naming %s', (index, text, code, field) => {
    const r = normaliseMessage(withColumn(line(2), index, text), ctx);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.rejection).toMatchObject({ code, field });
  });

  it('refuses a row without the 61 columns, saying how many it has', () => {
    const r = normaliseGdeltColumns(splitGdeltLine(line(2)).slice(0, 58), ctx);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.rejection.code).toBe('bad_column_count');
      expect(r.rejection.reason).toContain('58');
      expect(r.rejection.reason).toContain('GDELT 1.0');
    }
  });

  it('reads numbers only as plain decimals: hexadecimal and other forms are refused, naming the column', () => {
    const row = line(2);
    for (const [column, text] of [
      ['GoldsteinScale', '-5.0'],
      ['GoldsteinScale', '+3'],
      ['ActionGeo_Lat', '30.4'],
      ['ActionGeo_Long', '-0.5'],
    ] as const)
      expect(normaliseMessage(withColumn(row, GDELT[column], text), ctx).ok).toBe(true);
    for (const [column, code] of [
      ['GoldsteinScale', 'invalid_field'],
      ['ActionGeo_Lat', 'invalid_coordinates'],
      ['ActionGeo_Long', 'invalid_coordinates'],
    ] as const) {
      for (const text of ['0x5', '0x10', '0b1', '0o7', '1e1', '.5', '5.', 'Infinity', '5_0', '- 5']) {
        const r = normaliseMessage(withColumn(row, GDELT[column], text), ctx);
        expect({ column, text, r }).toMatchObject({
          column,
          text,
          r: { ok: false, rejection: { code, field: column } },
        });
      }
    }
  });
});
