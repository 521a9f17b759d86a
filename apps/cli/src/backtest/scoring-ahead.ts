import {
  EventTimeScorer,
  replayInEventTime,
  type AssetRegistry,
  type ModelParams,
  type StepScores,
} from '@crescent/domain';
import type { ImpactStore } from './impact-store';

/** Work done per `stepAhead` call at most, ms: the intake must not wait long for its thread. */
const SLICE_MS = 4;

/** Where the replay stands once the intake is done: what `ScoringAhead.finish` hands over. */
export interface ReplayHandOver {
  /** The scorer, with every event up to the last step scored applied. */
  readonly scorer: EventTimeScorer;
  /** How many of the run's steps were scored (and passed to `onStep`) already. */
  readonly stepsDone: number;
  /** The events not applied yet, in application order (knownAt, then input order). */
  readonly rest: Uint32Array;
}

/**
 * Scores the backtest's steps while the intake is still reading, on the time the main
 * thread would otherwise spend waiting for its workers, with the very same functions and
 * in the very same order as a replay after the intake (`replayInEventTime`), so the output
 * is identical. A step is scored once the input read so far shows that no event still to
 * come can belong before it: the store's events arrive in input order, and a step is
 * scored only when the latest knownAt seen is more than twice the largest lateness seen so
 * far (how far an event's knownAt fell behind the latest before it), plus one step, past
 * it. If an event then arrives that belongs before a scored step all the same (input more
 * out of order than it had been), or the run's first step is not the one assumed, the
 * work ahead is dropped (`finish` returns undefined) and the replay starts over after the
 * intake, as it does without this.
 *
 * The first step is `from` when given, otherwise the step at or before the earliest
 * event, as the backtest sets it; steps end at `to` when given.
 */
export class ScoringAhead {
  private readonly scorer: EventTimeScorer;
  /** The intake's store, as it fills: every call must pass the same one. */
  private store: ImpactStore | undefined;
  /** Store events looked at so far (the store only grows). */
  private seen = 0;
  /** Events not applied yet, from `head` on, in application order (knownAt, then input order). */
  private pending: number[] = [];
  private head = 0;
  /** Events seen since `pending` was last put in order, in input order. */
  private incoming: number[] = [];
  private earliestMs = Number.POSITIVE_INFINITY;
  private latestMs = Number.NEGATIVE_INFINITY;
  private maxLatenessMs = 0;
  private firstStepMs: number | undefined;
  private stepsDone = 0;
  private lastStepMs = Number.NEGATIVE_INFINITY;
  /** Why the work ahead was dropped; undefined while it stands. */
  private dropped: string | undefined;

  constructor(
    registry: AssetRegistry,
    params: ModelParams,
    private readonly stepMs: number,
    private readonly fromMs: number | undefined,
    private readonly toMs: number | undefined,
    private readonly onStep: (step: StepScores) => void,
  ) {
    this.scorer = new EventTimeScorer(registry, params);
  }

  /** Steps scored ahead so far. */
  get scored(): number {
    return this.stepsDone;
  }

  /** Why the work ahead was dropped, if it was. */
  get droppedBecause(): string | undefined {
    return this.dropped;
  }

  /**
   * Scores the steps that are final already, for about SLICE_MS at most; false when there
   * is nothing to do until more input is read (or the work ahead was dropped).
   */
  stepAhead(store: ImpactStore): boolean {
    this.attach(store);
    const started = performance.now();
    let progressed = false;
    while (this.scoreNextStep(store)) {
      progressed = true;
      if (performance.now() - started >= SLICE_MS) break;
    }
    return progressed;
  }

  /**
   * After the intake, with the run's steps: where the replay stands, for it to go on from
   * there; undefined when it must start over (nothing scored ahead, or dropped).
   */
  finish(store: ImpactStore, stepsMs: Float64Array): ReplayHandOver | undefined {
    this.attach(store);
    this.observe(store);
    if (this.dropped !== undefined || this.stepsDone === 0) return undefined;
    // The steps scored must be the run's first ones (the same formula makes them, so equal).
    if (this.stepsDone > stepsMs.length || stepsMs[0] !== this.firstStepMs) {
      this.dropped = 'the first step moved';
      return undefined;
    }
    return { scorer: this.scorer, stepsDone: this.stepsDone, rest: Uint32Array.from(this.inOrder(store)) };
  }

  private attach(store: ImpactStore): void {
    if (this.store !== undefined && this.store !== store) throw new Error('ScoringAhead: another store');
    this.store = store;
  }

  /** Takes in the events the store gained since the last look. */
  private observe(store: ImpactStore): void {
    const end = store.events;
    for (let e = this.seen; e < end; e++) {
      const at = store.atMsOf(e);
      if (at <= this.lastStepMs) {
        this.dropped = `event ${e} (knownAt ${new Date(at).toISOString()}) arrived after its step was scored`;
        break;
      }
      if (at < this.latestMs) this.maxLatenessMs = Math.max(this.maxLatenessMs, this.latestMs - at);
      else this.latestMs = at;
      if (at < this.earliestMs) this.earliestMs = at;
      this.incoming.push(e);
    }
    this.seen = end;
  }

  /**
   * The pending events in application order, from index 0: the incoming ones sorted and
   * merged in (a merge, not a sort of all: most pending events are in order already).
   */
  private inOrder(store: ImpactStore): number[] {
    const incoming = this.incoming;
    if (incoming.length === 0 && this.head === 0) return this.pending;
    const order = (a: number, b: number): number => store.atMsOf(a) - store.atMsOf(b) || a - b;
    incoming.sort(order);
    const pending = this.pending;
    const merged: number[] = [];
    let i = this.head;
    let j = 0;
    while (i < pending.length && j < incoming.length) {
      const a = pending[i] ?? 0;
      const b = incoming[j] ?? 0;
      if (order(b, a) < 0) {
        merged.push(b);
        j++;
      } else {
        merged.push(a);
        i++;
      }
    }
    while (i < pending.length) merged.push(pending[i++] ?? 0);
    while (j < incoming.length) merged.push(incoming[j++] ?? 0);
    this.pending = merged;
    this.head = 0;
    this.incoming = [];
    return merged;
  }

  private scoreNextStep(store: ImpactStore): boolean {
    if (this.dropped !== undefined) return false;
    this.observe(store);
    if (this.dropped !== undefined || this.seen === 0) return false;
    const first = this.firstStepMs ?? this.fromMs ?? Math.floor(this.earliestMs / this.stepMs) * this.stepMs;
    const t = first + this.stepsDone * this.stepMs;
    if (this.toMs !== undefined && t > this.toMs) return false;
    if (!(t < this.latestMs - 2 * this.maxLatenessMs - this.stepMs)) return false;
    this.firstStepMs = first;

    // Only new events need sorting in: the pending ones already are in order.
    const pending = this.incoming.length > 0 ? this.inOrder(store) : this.pending;
    let end = this.head;
    while (end < pending.length && store.atMsOf(pending[end] ?? 0) <= t) end++;
    const batch = Uint32Array.from(pending.slice(this.head, end));
    this.head = end;
    for (const step of replayInEventTime(store.inOrder(batch), [t], this.scorer)) this.onStep(step);
    this.stepsDone++;
    this.lastStepMs = t;
    return true;
  }
}
