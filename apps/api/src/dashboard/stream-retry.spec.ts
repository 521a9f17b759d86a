import {
  RETRY_BASE_MS,
  RETRY_CAP_MS,
  STABLE_MS,
  type StreamNext,
  type StreamOutcome,
  afterStream,
  retryAfterMs,
} from './static/stream-retry';
import { seededRandom } from '../../../../test/support/seeded-random';

/** The wait of a retry; fails the test when the answer was to stop. */
function delayOf(next: StreamNext): number {
  if ('stop' in next) throw new Error(`expected a retry, got stop: ${next.stop}`);
  return next.delayMs;
}

/** The waits of `count` network errors in a row, with the jitter drawn by `random`. */
function waits(count: number, random: () => number, outcome: StreamOutcome = {}): number[] {
  const out: number[] = [];
  let failures = 0;
  for (let i = 0; i < count; i += 1) {
    const next = afterStream(outcome, failures, random());
    if ('stop' in next) throw new Error(`stopped after ${i} failures`);
    out.push(next.delayMs);
    failures = next.failures;
  }
  return out;
}

describe('reconnecting the dashboard to /v1/stream', () => {
  it.each([
    [401, 'unauthorized'],
    [403, 'forbidden'],
  ])('a %i stops the retries, however many failures came before', (status, stop) => {
    for (const failures of [0, 1, 7, 50])
      for (const random of [0, 0.5, 0.999])
        expect(afterStream({ status, retryAfter: '1' }, failures, random)).toEqual({ stop });
  });

  it('network errors in a row wait 2 s, doubling to 60 s, each wait in the upper half of its step', () => {
    const steps = [2, 4, 8, 16, 32, 60, 60, 60].map((s) => s * 1000);
    expect(waits(8, () => 0.999_999)).toEqual(steps);
    expect(waits(8, () => 0)).toEqual(steps.map((s) => s / 2));
  });

  it('any jitter keeps every wait between half its step and the cap', () => {
    const random = seededRandom(20200118);
    for (let run = 0; run < 200; run += 1) {
      waits(12, random).forEach((delay, failures) => {
        const step = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** failures);
        expect(delay).toBeGreaterThanOrEqual(step / 2);
        expect(delay).toBeLessThanOrEqual(step);
      });
    }
  });

  it('at most 14 attempts in five minutes of failures (retrying every 2 s would be 150)', () => {
    const shortest = waits(40, () => 0);
    let elapsed = 0;
    let attempts = 1;
    for (const delay of shortest) {
      elapsed += delay;
      if (elapsed > 5 * 60_000) break;
      attempts += 1;
    }
    expect(attempts).toBeLessThanOrEqual(14);
  });

  it("a 429 waits at least the api's Retry-After, which is capped at 60 s", () => {
    expect(delayOf(afterStream({ status: 429, retryAfter: '60' }, 0, 0))).toBe(60_000);
    expect(delayOf(afterStream({ status: 429, retryAfter: '3' }, 0, 0.999_999))).toBe(3000);
    expect(delayOf(afterStream({ status: 429, retryAfter: '86400' }, 0, 0))).toBe(RETRY_CAP_MS);
    // No usable Retry-After: the back-off alone.
    expect(delayOf(afterStream({ status: 429, retryAfter: null }, 0, 0))).toBe(1000);
    expect(delayOf(afterStream({ status: 429, retryAfter: 'Wed, 21 Oct 2015 07:28:00 GMT' }, 0, 0))).toBe(
      1000,
    );
  });

  it('a stream that stayed open starts the count again; one that ended at once does not', () => {
    expect(afterStream({ openMs: STABLE_MS }, 7, 0.999_999)).toEqual({
      failures: 1,
      delayMs: RETRY_BASE_MS,
    });
    expect(afterStream({ openMs: 5_000 }, 3, 0.999_999)).toEqual({ failures: 4, delayMs: 16_000 });
  });

  it('reads Retry-After as delta-seconds only', () => {
    expect(retryAfterMs('60')).toBe(60_000);
    expect(retryAfterMs(' 0 ')).toBe(0);
    expect(retryAfterMs('1.5')).toBeUndefined();
    expect(retryAfterMs('-1')).toBeUndefined();
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:00 GMT')).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
    expect(retryAfterMs(undefined)).toBeUndefined();
  });
});
