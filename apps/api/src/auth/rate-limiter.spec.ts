import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  it('allows a key its budget per minute, then refuses it until tokens refill, without touching other keys', () => {
    let now = 0;
    const limiter = new RateLimiter(3, () => now);
    expect([1, 2, 3].map(() => limiter.take('a').allowed)).toEqual([true, true, true]);
    const refused = limiter.take('a');
    expect(refused).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 20 });
    expect(limiter.take('b').allowed).toBe(true);
    now = 20_000;
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
  });
});
