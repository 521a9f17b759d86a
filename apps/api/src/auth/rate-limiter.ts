/** One request's take from its key's bucket. */
export interface RateLimitTake {
  readonly allowed: boolean;
  /** The bucket's size: requests per minute, and how many a full bucket allows at once. */
  readonly limit: number;
  /** Whole requests left in the bucket after this one. */
  readonly remaining: number;
  /** Seconds until the bucket is full again (all of `limit` available). */
  readonly resetSeconds: number;
  /** When refused: seconds until one request can succeed; 0 when allowed. */
  readonly retryAfterSeconds: number;
}

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

  /** Takes one token for `key` if it has one; a refused take spends nothing. */
  take(key: string): RateLimitTake {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, at: now };
    const tokens = Math.min(this.perMinute, bucket.tokens + (now - bucket.at) * this.refillPerMs);
    const allowed = tokens >= 1;
    const left = allowed ? tokens - 1 : tokens;
    this.buckets.set(key, { tokens: left, at: now });
    return {
      allowed,
      limit: this.perMinute,
      remaining: Math.floor(left),
      resetSeconds: this.secondsToRefill(this.perMinute - left),
      retryAfterSeconds: allowed ? 0 : this.secondsToRefill(1 - left),
    };
  }

  private secondsToRefill(tokens: number): number {
    return Math.ceil(tokens / this.refillPerMs / 1000);
  }
}

/**
 * The headers that tell a client where its key stands (the IETF RateLimit header fields, in
 * the lower case the api already sent `ratelimit-remaining` in): on every response of a
 * limited route, 429s included, which also carry `Retry-After`.
 */
export function rateLimitHeaders(taken: RateLimitTake): Record<string, string> {
  return {
    'ratelimit-limit': String(taken.limit),
    'ratelimit-remaining': String(taken.remaining),
    'ratelimit-reset': String(taken.resetSeconds),
  };
}
