// Whether and when the dashboard asks for /v1/stream again after an attempt ends. Pure: no DOM,
// no clock, no randomness of its own. The page loads this file (/dashboard/stream-retry.js, as
// `CrescentStreamRetry`) and the unit tier requires the same file (stream-retry.spec.ts).
'use strict';

(function (exports) {
  /** The wait after a first failure, ms; it doubles with each failure in a row, up to RETRY_CAP_MS. */
  const RETRY_BASE_MS = 2000;
  const RETRY_CAP_MS = 60000;
  /** A stream that stayed open this long (ms) was a working connection: the count starts again. */
  const STABLE_MS = 30000;

  /**
   * A Retry-After header in ms, when it is delta-seconds (what the api sends); an HTTP-date or
   * anything else is ignored, and the back-off alone decides.
   */
  function retryAfterMs(header) {
    return typeof header === 'string' && /^\s*\d+\s*$/.test(header) ? Number(header) * 1000 : undefined;
  }

  /**
   * What to do once an attempt at /v1/stream has ended.
   *
   * `outcome.status`: the status of an answer other than 200 (absent after a network error or a
   * stream that ended); `outcome.retryAfter`: that answer's Retry-After header; `outcome.openMs`:
   * how long a stream the api accepted stayed open. `failures`: attempts that failed in a row
   * before this one. `random`: a number in [0, 1), for the jitter.
   *
   * 401 (an unknown or revoked key) and 403 (a role that may not read it) will not change by
   * asking again: `{ stop: 'unauthorized' | 'forbidden' }`. Anything else (429, a network error,
   * a 5xx, the api restarting, a stream that ended) is retried: `{ failures, delayMs }`, the wait
   * doubling from RETRY_BASE_MS to RETRY_CAP_MS with each failure in a row, each wait drawn from
   * the upper half of its step so that dashboards cut off together (an api restart) do not come
   * back together, and never shorter than the api's Retry-After (itself capped at RETRY_CAP_MS:
   * a wrong header must not hold the page off for hours).
   */
  function afterStream(outcome, failures, random) {
    if (outcome.status === 401) return { stop: 'unauthorized' };
    if (outcome.status === 403) return { stop: 'forbidden' };
    const inRow = outcome.openMs !== undefined && outcome.openMs >= STABLE_MS ? 0 : failures;
    const step = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** inRow);
    let delayMs = step * (0.5 + 0.5 * random);
    const asked = retryAfterMs(outcome.retryAfter);
    if (asked !== undefined) delayMs = Math.max(delayMs, Math.min(asked, RETRY_CAP_MS));
    return { failures: inRow + 1, delayMs: Math.round(delayMs) };
  }

  exports.RETRY_BASE_MS = RETRY_BASE_MS;
  exports.RETRY_CAP_MS = RETRY_CAP_MS;
  exports.STABLE_MS = STABLE_MS;
  exports.retryAfterMs = retryAfterMs;
  exports.afterStream = afterStream;
})(typeof module === 'object' && module.exports ? module.exports : (globalThis.CrescentStreamRetry = {}));
