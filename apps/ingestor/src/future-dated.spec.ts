import { decide, FUTURE_TOLERANCE_MS } from './ingest.service';

const ATTACK = {
  kind: 'event',
  id: 'attack-1',
  occurredAt: '2026-12-01T00:00:00Z',
  type: 'facility_attack',
  location: { name: 'Mellitah' },
  assets: ['mellitah'],
  actors: ['isis'],
  severity: 1,
  summary: 'Gunmen attack the Mellitah complex',
};
const PRODUCED = Date.parse('2026-12-01T00:30:00Z');
const value = (event: object): Buffer => Buffer.from(JSON.stringify(event));

/*
 * One event dated in 2099 once moved the live scorer's clock to 2099: every score after it
 * was computed there, and present risk decayed to nothing. An event cannot be known before
 * its message was produced; a day of slack allows for a feed's clock or time zone.
 */
describe('events dated after their message was produced', () => {
  it('are refused as invalid_date, naming the field and both instants', () => {
    const d = decide('7', value({ ...ATTACK, occurredAt: '2099-06-01T00:00:00Z' }), PRODUCED);
    expect(d.outcome).toBe('rejected');
    expect(d.rejection).toMatchObject({ code: 'invalid_date', field: 'knownAt' });
    expect(d.rejection?.reason).toContain('2099-06-01T00:00:00.000Z');
    expect(d.rejection?.reason).toContain('2026-12-01T00:30:00.000Z');
  });

  it('a reported time (knownAt) over a day ahead is refused too, though it occurred in the past', () => {
    const d = decide('8', value({ ...ATTACK, reportedAt: '2026-12-02T06:00:00Z' }), PRODUCED);
    expect(d.outcome).toBe('rejected');
    expect(d.rejection).toMatchObject({ code: 'invalid_date', field: 'knownAt' });
  });

  it('are accepted up to a day ahead (a clock or time zone off by hours), and when in the past', () => {
    const ahead = new Date(PRODUCED + FUTURE_TOLERANCE_MS).toISOString();
    expect(decide('9', value({ ...ATTACK, occurredAt: ahead }), PRODUCED).outcome).toBe('accepted');
    expect(decide('10', value({ ...ATTACK, occurredAt: '2020-01-18T12:00:00Z' }), PRODUCED).outcome).toBe(
      'accepted',
    );
  });

  it('are judged against the message, not the clock: the same message decides the same at any time', () => {
    const old = Date.parse('2020-01-18T12:00:00Z');
    const replayed = decide('11', value({ ...ATTACK, occurredAt: '2020-01-19T00:00:00Z' }), old);
    expect(replayed.outcome).toBe('accepted');
    const early = decide('12', value({ ...ATTACK, occurredAt: '2020-01-20T00:00:00Z' }), old);
    expect(early.outcome).toBe('rejected');
    // Without a produce time (tools that decide a bare value) nothing is judged.
    expect(decide('13', value({ ...ATTACK, occurredAt: '2099-06-01T00:00:00Z' })).outcome).toBe('accepted');
  });
});
