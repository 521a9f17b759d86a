import { RateLimiter, rateLimitHeaders } from './rate-limiter';

describe('RateLimiter', () => {
  it('allows a key its budget per minute, then refuses it until tokens refill, without touching other keys', () => {
    let now = 0;
    const limiter = new RateLimiter(3, () => now);
    expect([1, 2, 3].map(() => limiter.take('a').allowed)).toEqual([true, true, true]);
    const refused = limiter.take('a');
    expect(refused).toEqual({
      allowed: false,
      limit: 3,
      remaining: 0,
      resetSeconds: 60,
      retryAfterSeconds: 20,
    });
    expect(limiter.take('b').allowed).toBe(true);
    now = 20_000;
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
  });

  it('says how many requests are left and in how many seconds the bucket is full again', () => {
    let now = 0;
    const limiter = new RateLimiter(60, () => now);
    expect(limiter.take('a')).toEqual({
      allowed: true,
      limit: 60,
      remaining: 59,
      resetSeconds: 1,
      retryAfterSeconds: 0,
    });
    for (let i = 0; i < 9; i++) limiter.take('a');
    now = 500;
    // 50 tokens, half a second refilled, one taken: 49.5 left, 10.5 short of full at one a second.
    expect(rateLimitHeaders(limiter.take('a'))).toEqual({
      'ratelimit-limit': '60',
      'ratelimit-remaining': '49',
      'ratelimit-reset': '11',
    });
  });
});
