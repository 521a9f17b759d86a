import {
  epochMillisUtc,
  parseCompactDate,
  parseCompactDateTime,
  parseDay,
  parseIsoInstant,
  parseUnixSeconds,
  utcDateTime,
} from './time-parsing';
import { DateTime } from 'luxon';

describe('time parsing (all UTC)', () => {
  it('computes epoch milliseconds without a Date object', () => {
    expect(epochMillisUtc(1970, 1, 1, 0, 0, 0)).toBe(0);
    expect(epochMillisUtc(2020, 1, 18, 13, 45, 0)).toBe(1579355100000);
    expect(epochMillisUtc(2000, 2, 29, 0, 0, 0)).toBe(951782400000);
  });

  it('makes the same UTC DateTimes as DateTime.fromMillis', () => {
    for (const ms of [0, 951782400000, 1579355100123, 4102444799999]) {
      const ours = utcDateTime(ms);
      const luxons = DateTime.fromMillis(ms, { zone: 'utc' });
      expect(ours.equals(luxons)).toBe(true);
      expect(ours.toISO()).toBe(luxons.toISO());
      expect(ours.toObject()).toEqual(luxons.toObject());
      expect([ours.zoneName, ours.offset, ours.locale, ours.isValid]).toEqual([
        luxons.zoneName,
        luxons.offset,
        luxons.locale,
        luxons.isValid,
      ]);
      expect(ours.plus({ days: 40 }).toFormat('cccc d LLLL yyyy HH:mm')).toBe(
        luxons.plus({ days: 40 }).toFormat('cccc d LLLL yyyy HH:mm'),
      );
    }
  });

  it('reads GDELT SQLDATE and DATEADDED', () => {
    const day = parseCompactDate('20200114', 'SQLDATE');
    expect(day.ok && day.value.toISO()).toBe('2020-01-14T00:00:00.000Z');
    const added = parseCompactDateTime('20200118134500', 'DATEADDED');
    expect(added.ok && added.value.toISO()).toBe('2020-01-18T13:45:00.000Z');
  });

  it.each([
    ['20200230', 'not a calendar date'],
    ['2020013', 'YYYYMMDD'],
    ['2020O114', 'YYYYMMDD'],
    ['19780101', 'plausible range'],
    ['21000101', 'plausible range'],
  ])('refuses SQLDATE %s (%s) naming the field', (raw, words) => {
    const r = parseCompactDate(raw, 'SQLDATE');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.rejection.code).toBe('invalid_date');
      expect(r.rejection.field).toBe('SQLDATE');
      expect(r.rejection.reason).toContain(words);
    }
  });

  it('refuses a DATEADDED with an impossible hour', () => {
    expect(parseCompactDateTime('20200118254500', 'DATEADDED').ok).toBe(false);
  });

  it('reads ACLED days in ISO and in the older "18 January 2020" form', () => {
    for (const raw of ['2020-01-18', '18 January 2020', '18-Jan-2020', '18 jan 2020']) {
      const r = parseDay(raw, 'event_date');
      expect(r.ok && r.value.toISODate()).toBe('2020-01-18');
    }
    expect(parseDay('18/01/2020', 'event_date').ok).toBe(false);
    expect(parseDay('31 February 2020', 'event_date').ok).toBe(false);
  });

  it('reads Unix seconds, and refuses milliseconds mistaken for seconds', () => {
    const r = parseUnixSeconds('1579651200', 'timestamp');
    expect(r.ok && r.value.toISO()).toBe('2020-01-22T00:00:00.000Z');
    expect(parseUnixSeconds(1579651200000, 'timestamp').ok).toBe(false);
    expect(parseUnixSeconds('soon', 'timestamp').ok).toBe(false);
    expect(parseUnixSeconds(1.5, 'timestamp').ok).toBe(false);
  });

  it('reads ISO instants, taking a string without an offset as UTC', () => {
    const withZone = parseIsoInstant('2020-01-14T09:30:00+03:00', 'publishedAt');
    expect(withZone.ok && withZone.value.toISO()).toBe('2020-01-14T06:30:00.000Z');
    const bare = parseIsoInstant('2020-01-14T09:30:00', 'publishedAt');
    expect(bare.ok && bare.value.toISO()).toBe('2020-01-14T09:30:00.000Z');
    expect(parseIsoInstant('Tuesday', 'publishedAt').ok).toBe(false);
    expect(parseIsoInstant('1850-01-01T00:00:00Z', 'publishedAt').ok).toBe(false);
  });
});
