import { ApiError } from './api-error';
import {
  decodeCursor,
  encodeCursor,
  parseAssetFilter,
  parseChoice,
  parseLimit,
  parseNumber,
  parsePathId,
  parseStep,
  parseWindow,
  toPage,
} from './params';

function parameterOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (err) {
    if (err instanceof ApiError && err.code === 'bad_parameter') return err.parameter;
    throw err;
  }
  return undefined;
}

describe('query parameters', () => {
  it('reads ISO-8601 times as UTC and refuses an empty or reversed window, naming from', () => {
    expect(parseWindow('2020-01-18T02:00:00+02:00', undefined)).toEqual({ from: '2020-01-18T00:00:00.000Z' });
    expect(parseWindow('2020-01-18', '2020-01-19')).toEqual({
      from: '2020-01-18T00:00:00.000Z',
      to: '2020-01-19T00:00:00.000Z',
    });
    expect(parameterOf(() => parseWindow('2020-01-19', '2020-01-19'))).toBe('from');
    expect(parameterOf(() => parseWindow(undefined, '19 Jan 2020'))).toBe('to');
  });

  it('refuses a time luxon would misread, naming it: an impossible UTC offset, no date, a zone name (found by security review)', () => {
    for (const bad of [
      '2020-01-01T00:00:00+99:00',
      '2020-01-01T00:00:00+24:00',
      '2020-01-01T00:00:00+05:75',
      '2020-01-01T00:00:00+0575',
      '2020-01-01T00:00:00+99',
      '2020-01-01T00:00:00+14:01',
      '2020-01-01T00:00:00-12:30',
      '20200101T0000-13',
      '10:00',
      '10',
      '2020-01-18T10:00:00+02:00[America/New_York]',
    ]) {
      expect([bad, parameterOf(() => parseWindow(bad, undefined))]).toEqual([bad, 'from']);
      expect([bad, parameterOf(() => parseWindow(undefined, bad))]).toEqual([bad, 'to']);
    }
    // The offsets in use, from -12:00 to +14:00, in each form luxon reads right.
    expect(parseWindow('2020-01-01T00:00:00+14:00', '2020-01-01T00:00:00-12:00')).toEqual({
      from: '2019-12-31T10:00:00.000Z',
      to: '2020-01-01T12:00:00.000Z',
    });
    expect(parseWindow('2020-01-01T05:45:00+0545', undefined)).toEqual({ from: '2020-01-01T00:00:00.000Z' });
    expect(parseWindow('2020-01-01T00:00-03', undefined)).toEqual({ from: '2020-01-01T03:00:00.000Z' });
    expect(parseWindow('2020-01-01T00:00:00-00:00', '2020-01-02T00:00:00z')).toEqual({
      from: '2020-01-01T00:00:00.000Z',
      to: '2020-01-02T00:00:00.000Z',
    });
  });

  it('reads a step as an ISO-8601 duration of at least a second', () => {
    expect(parseStep('PT6H')).toBe(21_600);
    expect(parseStep('P1D')).toBe(86_400);
    expect(parameterOf(() => parseStep('6h'))).toBe('step');
    expect(parameterOf(() => parseStep('PT0S'))).toBe('step');
  });

  it('bounds the page size', () => {
    expect(parseLimit(undefined)).toBe(50);
    expect(parseLimit('500')).toBe(500);
    for (const bad of ['0', '501', '2.5', 'all']) expect(parameterOf(() => parseLimit(bad))).toBe('limit');
  });

  it('reads numbers as plain decimals: hexadecimal, exponents and padding are refused (found by exploratory QA)', () => {
    for (const bad of ['0x10', '1e2', ' 10', '10 ', '0b1', '+5'])
      expect([bad, parameterOf(() => parseLimit(bad))]).toEqual([bad, 'limit']);
    expect(parseLimit('10')).toBe(10);
    for (const bad of ['0x20', '3e1', ' 5', 'Infinity'])
      expect([bad, parameterOf(() => parseNumber('minScore', bad, 0, 100))]).toEqual([bad, 'minScore']);
    expect(parseNumber('minScore', '35.5', 0, 100)).toBe(35.5);
    expect(parseNumber('minScore', '.5', 0, 100)).toBe(0.5);
  });

  it('an asset filter names a known asset, or it is a 400 naming the parameter', () => {
    expect(parseAssetFilter('asset', 'es-sider')).toBe('es-sider');
    expect(parseAssetFilter('asset', undefined)).toBeUndefined();
    expect(parameterOf(() => parseAssetFilter('asset', 'bogus'))).toBe('asset');
    // The national row only where it counts (alerts).
    expect(parameterOf(() => parseAssetFilter('asset', 'LY'))).toBe('asset');
    expect(parseAssetFilter('asset', 'LY', { orNational: true })).toBe('LY');
  });

  it('a cursor round-trips, and one of another shape or tampered with is refused naming cursor', () => {
    const cursor = encodeCursor(['2020-01-18T00:00:00.000Z', 3]);
    expect(decodeCursor(cursor, ['string', 'number'])).toEqual(['2020-01-18T00:00:00.000Z', 3]);
    expect(parameterOf(() => decodeCursor(cursor, ['string']))).toBe('cursor');
    expect(parameterOf(() => decodeCursor(cursor, ['string', 'string']))).toBe('cursor');
    expect(parameterOf(() => decodeCursor('not base64 json', ['string']))).toBe('cursor');
  });

  it('a page has a next cursor only when a row beyond it was fetched', () => {
    expect(toPage([1, 2, 3], 2, (n) => [n])).toEqual({ items: [1, 2], nextCursor: encodeCursor([2]) });
    expect(toPage([1, 2], 2, (n) => [n])).toEqual({ items: [1, 2], nextCursor: null });
  });

  it('what PostgreSQL would refuse is a 400 naming the parameter, never a 500 (found by the api fuzz)', () => {
    // A NUL character in a path id, a text filter or a cursor's string.
    expect(parameterOf(() => parsePathId('id', 'a\u0000b'))).toBe('id');
    expect(parameterOf(() => parseAssetFilter('asset', '\u0000'))).toBe('asset');
    expect(parameterOf(() => decodeCursor(encodeCursor(['x\u0000', 1]), ['string', 'number']))).toBe(
      'cursor',
    );
    // Years timestamptz cannot hold, though JavaScript dates can.
    expect(parameterOf(() => parseWindow(undefined, '-271821-04-20T00:00:00Z'))).toBe('to');
    expect(parameterOf(() => parseWindow('+275760-09-13T00:00:00Z', undefined))).toBe('from');
    expect(parseWindow('0001-01-01', '9999-12-31T23:59:59Z')).toEqual({
      from: '0001-01-01T00:00:00.000Z',
      to: '9999-12-31T23:59:59.000Z',
    });
    // A repeated query parameter arrives as an array.
    const twice = ['1', '2'] as unknown as string;
    expect(parameterOf(() => parseLimit(twice))).toBe('limit');
    expect(parameterOf(() => parseChoice('type', twice, ['armed_clash']))).toBe('type');
    expect(parseChoice('type', 'armed_clash', ['armed_clash'])).toBe('armed_clash');
    expect(parsePathId('id', 'es-sider')).toBe('es-sider');
  });
});
