// Types of stream-retry.js (plain browser JavaScript, served as is), for its unit spec.

export declare const RETRY_BASE_MS: number;
export declare const RETRY_CAP_MS: number;
export declare const STABLE_MS: number;

/** How an attempt at /v1/stream ended. */
export interface StreamOutcome {
  /** The status of an answer other than 200; absent after a network error or a stream that ended. */
  readonly status?: number;
  /** That answer's Retry-After header. */
  readonly retryAfter?: string | null;
  /** How long a stream the api accepted stayed open, ms. */
  readonly openMs?: number;
}

export type StreamNext =
  { readonly stop: 'unauthorized' | 'forbidden' } | { readonly failures: number; readonly delayMs: number };

export declare function retryAfterMs(header: string | null | undefined): number | undefined;

export declare function afterStream(outcome: StreamOutcome, failures: number, random: number): StreamNext;
