import { scoringInstant, WALL_CLOCK_SLACK_MS, watermarkToStore } from './scoring-clock';

const NOW = Date.parse('2026-12-01T00:30:00Z');
const FUTURE = Date.parse('2099-06-01T00:00:00Z');

describe('the instant scores are computed at', () => {
  it('on the wall clock: now, even after an impact dated in 2099 (which once froze live scores there)', () => {
    expect(scoringInstant('wall', NOW, 0, FUTURE)).toBe(NOW);
    // A watermark stored in 2099 by an earlier version is read back harmlessly.
    expect(scoringInstant('wall', NOW, FUTURE, NOW - 1000)).toBe(NOW);
  });

  it('on the wall clock: a little ahead for an impact from a producer whose clock runs ahead, never more than the slack', () => {
    expect(scoringInstant('wall', NOW, 0, NOW + 30_000)).toBe(NOW + 30_000);
    expect(scoringInstant('wall', NOW, 0, NOW + WALL_CLOCK_SLACK_MS)).toBe(NOW + WALL_CLOCK_SLACK_MS);
    expect(scoringInstant('wall', NOW, 0, NOW + WALL_CLOCK_SLACK_MS + 1)).toBe(NOW);
    expect(scoringInstant('wall', NOW, NOW - 60_000, NOW - 5_000)).toBe(NOW);
  });

  it('on the event clock (replays): the latest impact time the group has seen, however far', () => {
    expect(
      scoringInstant('event', NOW, Date.parse('2020-01-18T00:00:00Z'), Date.parse('2020-01-17T00:00:00Z')),
    ).toBe(Date.parse('2020-01-18T00:00:00Z'));
    expect(scoringInstant('event', NOW, 0, FUTURE)).toBe(FUTURE);
  });

  it('on the wall clock a time beyond the slack is not stored as the watermark (0: left as it is); on the event clock it is', () => {
    expect(watermarkToStore('wall', NOW, FUTURE)).toBe(0);
    expect(watermarkToStore('wall', NOW, NOW + 60_000)).toBe(NOW + 60_000);
    expect(watermarkToStore('wall', NOW, NOW - 1)).toBe(NOW - 1);
    expect(watermarkToStore('event', NOW, FUTURE)).toBe(FUTURE);
  });
});
