/**
 * The instant a scorer computes scores at (`SCORER_CLOCK`). Pure, so the rule is tested
 * on its own; the scorer reads the wall clock and the stored watermark and passes them in.
 *
 * - `event` (replays of history): the latest impact time seen by the group, its watermark.
 * - `wall` (live feeds): now, so risk fades in real time. An impact stamped a little ahead
 *   of this machine's clock (another producer's clock) moves it up to `WALL_CLOCK_SLACK_MS`
 *   ahead, so a fresh event counts at once; a time further ahead does not move it at all.
 *   One event dated in 2099 once set the group's watermark there, and every later score was
 *   computed in 2099, where present risk has decayed to nothing. An impact dated further
 *   ahead takes effect at its time, as the model says (the ingestor refuses one dated over a
 *   day after its message).
 */
export type ScorerClockMode = 'wall' | 'event';

export const WALL_CLOCK_SLACK_MS = 5 * 60_000;

export function scoringInstant(
  mode: ScorerClockMode,
  nowMs: number,
  watermarkMs: number,
  latestImpactMs: number,
): number {
  if (mode === 'event') return Math.max(watermarkMs, latestImpactMs);
  // Times beyond the slack are not a clock's skew, so they do not move this one at all.
  const limit = nowMs + WALL_CLOCK_SLACK_MS;
  let ms = nowMs;
  if (watermarkMs <= limit && watermarkMs > ms) ms = watermarkMs;
  if (latestImpactMs <= limit && latestImpactMs > ms) ms = latestImpactMs;
  return ms;
}

/**
 * The watermark a batch whose latest impact is at `latestImpactMs` stores (it only moves
 * forward): on the wall clock, a time beyond the slack is not stored (0 leaves it as it is).
 */
export function watermarkToStore(mode: ScorerClockMode, nowMs: number, latestImpactMs: number): number {
  return mode === 'wall' && latestImpactMs > nowMs + WALL_CLOCK_SLACK_MS ? 0 : latestImpactMs;
}
