import { ApiError } from './api-error';
import { decodeCursor, encodeCursor, parseLimit, parseStep, parseWindow, toPage } from './params';

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
});
