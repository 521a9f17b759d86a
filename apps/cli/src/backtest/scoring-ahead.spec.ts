import {
  createLineDecoder,
  DEFAULT_MODEL_PARAMS,
  EventTimeScorer,
  ImpactColumns,
  LIBYA_REGISTRY,
  mapEventToColumns,
  replayInEventTime,
  resolveMappingParams,
  stepTimes,
  type GeoEvent,
  type StepScores,
} from '@crescent/domain';
import { ImpactStore } from './impact-store';
import { ScoringAhead } from './scoring-ahead';
import { IdTable } from './seen-keys';

// Scoring ahead must give exactly what a replay after the whole intake gives, or give up
// (and leave the replay to start over): never a different result.
const DAY = 86_400_000;
const T0 = Date.UTC(2020, 0, 1);
const ASSETS = ['es-sider', 'ras-lanuf', 'sharara', 'el-feel', 'zawiya', 'brega'];
const TYPES = ['armed_clash', 'port_blockade', 'force_majeure_declared', 'restart', 'facility_protest'];

/** `n` events over `days` days in file order, every `lateEvery`-th reported `lateDays` late. */
function eventLines(n: number, days: number, lateEvery: number, lateDays: number): string[] {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const late = lateEvery > 0 && i % lateEvery === lateEvery - 1 ? lateDays * DAY : 0;
    const at = new Date(T0 + Math.floor((i / n) * days * DAY) - late).toISOString();
    const national = i % 11 === 5;
    const asset = ASSETS[(i * 7) % ASSETS.length] ?? 'es-sider';
    lines.push(
      JSON.stringify({
        kind: 'event',
        id: `ev-${i}`,
        occurredAt: at,
        reportedAt: at,
        type: national ? 'talks_failed' : (TYPES[(i * 3) % TYPES.length] ?? 'armed_clash'),
        location: national ? { name: 'Tripoli', lat: 32.887, lon: 13.191 } : { name: asset },
        ...(national ? { actors: ['lna', 'gna'] } : { assets: [asset], actors: ['pfg'] }),
        severity: ((i * 37) % 100) / 100,
      }),
    );
  }
  return lines;
}

function decode(lines: readonly string[]): GeoEvent[] {
  const decoder = createLineDecoder({ registry: LIBYA_REGISTRY });
  const events: GeoEvent[] = [];
  for (const item of [...lines.flatMap((l) => decoder.push(l)), ...decoder.end()])
    if (item.result.ok) events.push(item.result.value);
  return events;
}

const STEP = DAY / 4;
const params = DEFAULT_MODEL_PARAMS;

/** The reference: every event in the store first, then one replay over all steps. */
function replayAfter(store: ImpactStore, stepsMs: Float64Array): string[] {
  const scorer = new EventTimeScorer(LIBYA_REGISTRY, params);
  return [...replayInEventTime(store.inOrder(store.sortedOrder()), stepsMs, scorer)].map((s) =>
    JSON.stringify(s),
  );
}

interface AheadRun {
  readonly store: ImpactStore;
  readonly stepsMs: Float64Array;
  readonly ahead: ScoringAhead;
  /** Steps scored during the intake, then (when the work stands) the rest. */
  readonly steps: string[];
  readonly handedOver: boolean;
}

/** Fills a store event by event, as the intake does, letting `ahead` work after every `every` events. */
function fill(events: readonly GeoEvent[], every: number, ahead: ScoringAhead): ImpactStore {
  const ids = new IdTable();
  const store = new ImpactStore(LIBYA_REGISTRY, ids);
  const columns = new ImpactColumns(LIBYA_REGISTRY);
  const mapping = resolveMappingParams(undefined);
  events.forEach((event, i) => {
    if (mapEventToColumns(event, LIBYA_REGISTRY, mapping, columns) > 0)
      store.add(ids.add(event.id), event.knownAt.toMillis(), event.type, columns);
    if (i % every === every - 1) while (ahead.stepAhead(store));
  });
  return store;
}

/** `fill`, then the replay finished from where ScoringAhead left it, as run-backtest does. */
function runAhead(events: readonly GeoEvent[], every: number, from?: number, to?: number): AheadRun {
  const steps: string[] = [];
  const ahead = new ScoringAhead(LIBYA_REGISTRY, params, STEP, from, to, (s: StepScores) =>
    steps.push(JSON.stringify(s)),
  );
  const store = fill(events, every, ahead);
  const span = store.span();
  const fromMs = from ?? Math.floor((span?.fromMs ?? 0) / STEP) * STEP;
  const toMs = to ?? Math.ceil((span?.toMs ?? 0) / STEP) * STEP;
  const stepsMs = stepTimes(fromMs, toMs, STEP);
  const handOver = ahead.finish(store, stepsMs);
  if (handOver !== undefined)
    for (const s of replayInEventTime(
      store.inOrder(handOver.rest),
      stepsMs.subarray(handOver.stepsDone),
      handOver.scorer,
    ))
      steps.push(JSON.stringify(s));
  return { store, stepsMs, ahead, steps, handedOver: handOver !== undefined };
}

describe('ScoringAhead', () => {
  it('scores most steps during the intake and ends exactly as a replay after it (events up to 2 days late)', () => {
    const run = runAhead(decode(eventLines(1500, 40, 13, 2)), 25);
    expect(run.handedOver).toBe(true);
    expect(run.ahead.scored).toBeGreaterThan(run.stepsMs.length / 2);
    expect(run.steps).toEqual(replayAfter(run.store, run.stepsMs));
  });

  it('does the same on input in time order', () => {
    const run = runAhead(decode(eventLines(800, 30, 0, 0)), 10);
    expect(run.handedOver).toBe(true);
    expect(run.ahead.scored).toBeGreaterThan(run.stepsMs.length * 0.9);
    expect(run.steps).toEqual(replayAfter(run.store, run.stepsMs));
  });

  it('keeps to the given --from and --to: events before the first step count at it, none after the last', () => {
    const from = T0 + 5 * DAY;
    const to = T0 + 20 * DAY;
    const run = runAhead(decode(eventLines(1500, 40, 13, 2)), 25, from, to);
    expect(run.handedOver).toBe(true);
    expect(run.stepsMs[0]).toBe(from);
    expect(run.ahead.scored).toBe(run.stepsMs.length);
    expect(run.steps).toEqual(replayAfter(run.store, run.stepsMs));
  });

  it('gives up when an event arrives after its step was scored, and leaves the replay to start over', () => {
    const lines = eventLines(1500, 40, 0, 0);
    // Known on day 3, read last: far later than anything before it had been.
    const late = lines[100]
      ?.replace('"id":"ev-100"', '"id":"ev-late"')
      .replace(/"severity":[0-9.]+/, '"severity":0.99');
    const run = runAhead(decode([...lines, late ?? '']), 25);
    expect(run.ahead.droppedBecause).toMatch(/arrived after its step was scored/);
    expect(run.handedOver).toBe(false);
  });

  it('gives up when the run does not start at the step it assumed', () => {
    const ahead = new ScoringAhead(LIBYA_REGISTRY, params, STEP, undefined, undefined, () => undefined);
    const store = fill(decode(eventLines(600, 20, 0, 0)), 1, ahead);
    expect(ahead.scored).toBeGreaterThan(0);
    expect(ahead.finish(store, stepTimes(T0 - STEP, T0 + 20 * DAY, STEP))).toBeUndefined();
  });

  it('hands over nothing when it scored nothing (the replay then runs as before)', () => {
    const run = runAhead(decode(eventLines(300, 10, 0, 0)), 1_000_000);
    expect(run.ahead.scored).toBe(0);
    expect(run.handedOver).toBe(false);
  });
});
