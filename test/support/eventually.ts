import { setTimeout as sleep } from 'node:timers/promises';

export interface EventuallyOptions {
  /** Default 20 s: a consumer group's first join on a busy 2-core machine takes seconds. */
  readonly timeoutMs?: number;
  readonly intervalMs?: number;
}

/**
 * Retries `assertion` until it stops throwing, and returns what it returned. Effects in Kafka
 * arrive asynchronously, so tests poll for them instead of sleeping and asserting (STYLE §10).
 * On timeout the error carries the last failure, which for a jest `expect` states what was
 * last seen.
 */
export async function eventually<T>(
  assertion: () => T | Promise<T>,
  options: EventuallyOptions = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const intervalMs = options.intervalMs ?? 100;
  const deadline = Date.now() + timeoutMs;
  let attempts = 0;
  for (;;) {
    attempts += 1;
    try {
      return await assertion();
    } catch (failure) {
      if (Date.now() + intervalMs > deadline) {
        const last = failure instanceof Error ? failure.message : String(failure);
        const error = new Error(
          `still failing after ${timeoutMs} ms (${attempts} attempts); last failure:\n${last}`,
        );
        error.cause = failure;
        throw error;
      }
    }
    await sleep(intervalMs);
  }
}
