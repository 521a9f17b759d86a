/**
 * A token bucket per API key: `perMinute` tokens, refilled continuously. In memory, so the
 * limit is per api instance; with N instances behind a balancer a key gets up to N times it.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly refillPerMs: number;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    this.refillPerMs = perMinute / 60_000;
  }

  /** Takes one token for `key`; returns 0 if allowed, else the seconds until one is available. */
  take(key: string): { allowed: boolean; remaining: number; retryAfterSeconds: number } {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, at: now };
    const tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.at) * this.refillPerMs);
    if (tokens >= 1) {
      this.buckets.set(key, { tokens: tokens - 1, at: now });
      return { allowed: true, remaining: Math.floor(tokens - 1), retryAfterSeconds: 0 };
    }
    this.buckets.set(key, { tokens, at: now });
    return {
      allowed: false,
      remaining: 0,
      retryAfterSeconds: Math.ceil((1 - tokens) / this.refillPerMs / 1000),
    };
  }
}
