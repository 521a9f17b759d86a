import {
  accessSync,
  constants as fsConstants,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  type WriteStream,
} from 'node:fs';
import { once } from 'node:events';
import { availableParallelism } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import {
  DEFAULT_MAPPING_PARAMS,
  DEFAULT_MODEL_PARAMS,
  EventTimeScorer,
  ForecastSeriesBuilder,
  LIBYA_REGISTRY,
  MODEL_VERSION,
  NATIONAL_ASSET_ID,
  evaluateForecasts,
  flowTopology,
  isoUtc,
  isMappingParamName,
  realisedOutageIntervals,
  replayInEventTime,
  resolveMappingParams,
  stepTimes,
  withModelParams,
  type AssetKind,
  type AssetRegistry,
  type Evaluation,
  type MappingParams,
  type ModelParams,
  type Outcome,
  type StepScores,
} from '@crescent/domain';
import { DateTime } from 'luxon';
import { STEP_MS, RANK_METRICS, type BacktestOptions, type RankMetric } from './backtest-options';
import { csvField } from './csv-record';
import { readEvents, remapEvents, type Intake, type IntakeOptions } from './event-intake';
import type { ImpactStore } from './impact-store';
import { parseMonthlyOutput, parseOutcomes, type FileRejection } from './outcomes-file';
import { ProgressBar } from './progress-bar';
import { renderReport } from './report-html';
import { ScoringAhead, type ReplayHandOver } from './scoring-ahead';

/**
 * The folder of the package this file belongs to (the nearest holding package.json), for
 * the bundled data files: the checkout, from TypeScript or built into dist/, or /app in the
 * image. A fixed number of `..` was right from TypeScript only; built, it pointed into dist/.
 */
function packageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return resolve(from, '../../../..');
  }
}
const REPO_ROOT = packageRoot(__dirname);
export const BUNDLED_OUTCOMES = join(REPO_ROOT, 'data/outcomes/libya-shutins-2013-2020.csv');
export const BUNDLED_NATIONAL_OUTPUT = join(REPO_ROOT, 'data/outcomes/libya-national-output-2019-2020.csv');

export const SCORES_HEADER = 'as_of,asset_id,score,p_disruption,expected_loss_kbd,status';
/** How far back a continuous alert still counts towards an outage's lead time, hours. */
const LEAD_WINDOW_HOURS = 30 * 24;
const MAX_SWEEP_RUNS = 1000;
/**
 * Only fields and export terminals are scored against recorded outages: the outcome record
 * is kept for them. Lines, valves and refineries get scores but no ground truth.
 */
const EVALUATED_KINDS: ReadonlySet<AssetKind> = new Set<AssetKind>(['field', 'terminal']);

export interface BacktestIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly cwd: string;
  /**
   * Filled with the seconds spent per phase (intake, sort, scoring, outputs), wall clock,
   * and the CPU seconds of each (`intakeCpu`, ...), for benchmarks.
   */
  readonly timings?: Record<string, number>;
  /** How the intake cuts its work (tests use small chunks and workers on small files). */
  readonly intakeTuning?: Pick<IntakeOptions, 'parallelMinBytes' | 'chunkBytes'>;
}

interface ParamSet {
  readonly model: ModelParams;
  /** Only the mapping parameters that differ from the defaults (undefined = defaults). */
  readonly mapping: Partial<MappingParams> | undefined;
}

/** Splits `name=value` overrides into a model and a mapping parameter set; a message when one is invalid. */
function resolveParams(overrides: Readonly<Record<string, number>>): ParamSet | string {
  const model: Record<string, number> = {};
  const mapping: Record<string, number> = {};
  for (const [k, v] of Object.entries(overrides)) {
    if (isMappingParamName(k)) mapping[k] = v;
    else model[k] = v;
  }
  const m = withModelParams(DEFAULT_MODEL_PARAMS, model);
  if (!m.ok) return m.rejection.reason;
  try {
    resolveMappingParams(mapping);
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  return {
    model: m.value,
    mapping: Object.keys(mapping).length > 0 ? mapping : undefined,
  };
}

function parseInstant(raw: string, what: string): number | string {
  const t = DateTime.fromISO(raw, { zone: 'utc' });
  return t.isValid ? t.toMillis() : `${what} "${raw}" is not an ISO-8601 time`;
}

async function write(stream: WriteStream, chunk: string): Promise<void> {
  if (stream.errored) throw stream.errored;
  if (!stream.write(chunk)) await once(stream, 'drain');
}

/**
 * A file of the output, opened for writing. A write that fails (a full disk) is kept by the
 * stream and thrown by the next `write` or `close`, instead of an unhandled 'error' event.
 */
function openOutput(path: string): WriteStream {
  return createWriteStream(path).on('error', () => undefined);
}

/** The files a run writes into --out: those of an earlier run go first, so none is left stale beside the new ones. */
const OUTPUT_FILES = ['scores.csv', 'summary.json', 'report.html', 'rejections.jsonl', 'sweep.csv'];

/** Makes `dir` a writable folder holding none of an earlier run's outputs; otherwise says why not. */
function prepareOutDir(dir: string, given: string): string | undefined {
  if (existsSync(dir) && !statSync(dir).isDirectory()) return `--out ${given} is a file, not a folder`;
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, fsConstants.W_OK);
    for (const name of OUTPUT_FILES) rmSync(join(dir, name), { force: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    return `cannot write to --out ${given} (${code})`;
  }
  return undefined;
}

/**
 * Why no step can be scored: no event gave the period, or the one end given lies beyond the
 * accepted events (the other end comes from them), or both ends were given the wrong way round.
 */
function periodProblem(
  options: Pick<BacktestOptions, 'from' | 'to'>,
  span: { fromMs: number; toMs: number } | undefined,
): string {
  if (span === undefined && (options.from === undefined || options.to === undefined))
    return 'no event was accepted, so the period is unknown: give --from and --to';
  if (options.to === undefined)
    return `--from ${options.from ?? ''} is after the last accepted event (${isoUtc(span?.toMs ?? 0)}): give --to as well`;
  if (options.from === undefined)
    return `--to ${options.to} is before the first accepted event (${isoUtc(span?.fromMs ?? 0)}): give --from as well`;
  return '--to is before --from';
}

async function close(stream: WriteStream): Promise<void> {
  stream.end();
  // An error already emitted (the stream's listener kept it) would never be followed by 'finish'.
  if (stream.errored) throw stream.errored;
  await once(stream, 'finish');
}

const f2 = (x: number): string => x.toFixed(2);
const f3 = (x: number): string => x.toFixed(3);
const f6 = (x: number): string => x.toFixed(6);

interface ReplayResult {
  readonly builder: ForecastSeriesBuilder;
  readonly evaluation: Evaluation;
}

/** Where scored steps go: rows of scores.csv (when there is one) and the series the evaluation reads. */
class StepOutput {
  readonly builder: ForecastSeriesBuilder;

  constructor(
    registry: AssetRegistry,
    expectedSteps: number,
    readonly csv: WriteStream | undefined,
  ) {
    this.builder = new ForecastSeriesBuilder(
      registry.assets.map((a) => a.id),
      expectedSteps,
    );
  }

  /** Records a step; false when the csv's buffer is full (wait for 'drain' where one can). */
  add(step: StepScores): boolean {
    this.builder.add(step);
    if (this.csv === undefined) return true;
    let rows = '';
    for (const s of step.assets)
      rows += `${step.asOf},${s.assetId},${f2(s.score)},${f6(s.pDisruption)},${f3(s.expectedLossKbd)},${s.status}\n`;
    const n = step.national;
    rows += `${step.asOf},${NATIONAL_ASSET_ID},${f2(n.score)},${f6(n.pDisruption)},${f3(n.expectedLossKbd)},${n.status}\n`;
    return this.csv.write(rows);
  }
}

/** scores.csv, opened with its header. */
async function openScoresCsv(outDir: string): Promise<WriteStream> {
  const csv = openOutput(join(outDir, 'scores.csv'));
  await write(csv, `${SCORES_HEADER}\n`);
  return csv;
}

/**
 * One pass of the model over the sorted impacts: scores every asset and the nation at
 * every step (to `output`), then evaluates against the outcomes. With `start`, the pass
 * goes on from where scoring during the intake left it (see ScoringAhead): `order` then
 * holds the events not applied yet, and the first `start.stepsDone` steps are in `output`.
 */
async function replay(
  store: ImpactStore,
  order: Uint32Array,
  stepsMs: Float64Array,
  params: ModelParams,
  registry: AssetRegistry,
  outcomes: readonly Outcome[],
  output: StepOutput,
  progress: ProgressBar,
  start?: ReplayHandOver,
): Promise<ReplayResult> {
  const scorer = start?.scorer ?? new EventTimeScorer(registry, params);
  let i = start?.stepsDone ?? 0;
  for (const step of replayInEventTime(store.inOrder(order), stepsMs.subarray(i), scorer)) {
    if (!output.add(step) && output.csv !== undefined) await once(output.csv, 'drain');
    progress.update('scoring', ++i, stepsMs.length);
  }
  const builder = output.builder;
  const forecasts = builder.forecasts();
  const scored = {
    stepsMs: forecasts.stepsMs,
    assets: forecasts.assets.filter((a) => EVALUATED_KINDS.has(registry.get(a.assetId)?.kind ?? 'pipeline')),
  };
  const evaluation = evaluateForecasts(scored, outcomes, flowTopology(registry), {
    horizonHours: params.horizonDays * 24,
    thresholds: [params['threshold.elevated'], params['threshold.high'], params['threshold.critical']],
    alertThreshold: params['threshold.high'],
    leadWindowHours: LEAD_WINDOW_HOURS,
    calibrationBins: 10,
  });
  return { builder, evaluation };
}

/** The single number a sweep ranks by; null when the run cannot say. */
export function rankValue(e: Evaluation, metric: RankMetric): number | null {
  const atAlert = e.thresholds.find((t) => t.threshold === e.alertThreshold);
  switch (metric) {
    case 'brierSkill':
      return e.brierSkill;
    case 'brier':
      return e.brier;
    case 'rocAuc':
      return e.rocAuc;
    case 'averagePrecision':
      return e.averagePrecision;
    case 'hits':
      return atAlert?.hits ?? null;
    case 'falseAlarms':
      return atAlert?.falseAlarms ?? null;
    case 'meanLeadHours': {
      const leads = e.outages.map((o) => o.leadTimeHours).filter((h): h is number => h !== null);
      return leads.length > 0 ? leads.reduce((a, b) => a + b, 0) / leads.length : null;
    }
  }
}

/** Every combination of the swept values, in the order given (last name varies fastest). */
export function sweepGrid(sweep: BacktestOptions['sweep']): Record<string, number>[] {
  let grid: Record<string, number>[] = [{}];
  for (const { name, values } of sweep) grid = grid.flatMap((g) => values.map((v) => ({ ...g, [name]: v })));
  return grid;
}

/** Month-by-month national figures: the model's mean expected loss and loss quantiles against realised output. */
function monthlyNational(
  stepsMs: Float64Array,
  builder: ForecastSeriesBuilder,
  baseline: number,
  monthly: ReturnType<typeof parseMonthlyOutput>,
) {
  const nat = builder.nationalSeries();
  const r1 = (x: number): number => Math.round(x * 10) / 10;
  const byMonth = new Map<
    string,
    { sum: number; p10: number; p50: number; p90: number; n: number; max: number }
  >();
  stepsMs.forEach((ms, i) => {
    const key = DateTime.fromMillis(ms, { zone: 'utc' }).toFormat('yyyy-MM');
    const v = nat.expectedLossKbd[i] ?? 0;
    const m = byMonth.get(key) ?? { sum: 0, p10: 0, p50: 0, p90: 0, n: 0, max: 0 };
    m.sum += v;
    m.p10 += nat.p10Kbd[i] ?? 0;
    m.p50 += nat.p50Kbd[i] ?? 0;
    m.p90 += nat.p90Kbd[i] ?? 0;
    m.n++;
    m.max = Math.max(m.max, v);
    byMonth.set(key, m);
  });
  return [...byMonth].map(([month, m]) => {
    const real = monthly.find(
      (r) => DateTime.fromMillis(r.monthStartMs, { zone: 'utc' }).toFormat('yyyy-MM') === month,
    );
    const mean = m.sum / m.n;
    return {
      month,
      meanExpectedLossKbd: r1(mean),
      meanLossShare: baseline > 0 ? Math.round((mean / baseline) * 1000) / 1000 : null,
      meanP10Kbd: r1(m.p10 / m.n),
      meanP50Kbd: r1(m.p50 / m.n),
      meanP90Kbd: r1(m.p90 / m.n),
      maxExpectedLossKbd: r1(m.max),
      modelOutputKbd: r1(baseline - mean),
      realisedOutputKbd: real?.outputKbd ?? null,
      realisedLossKbd: real === undefined ? null : r1(baseline - real.outputKbd),
    };
  });
}

/** `crescent backtest`: returns the exit code. */
export async function runBacktest(
  options: BacktestOptions,
  argv: readonly string[],
  io: BacktestIo,
): Promise<number> {
  const registry = LIBYA_REGISTRY;
  const abs = (p: string): string => (isAbsolute(p) ? p : resolve(io.cwd, p));
  const bar = ProgressBar.for(io.stderr, options.quiet);
  const fail = (message: string): number => {
    bar.done();
    io.stderr.write(`crescent backtest: ${message}\n`);
    return 2;
  };
  const base = resolveParams(options.params);
  if (typeof base === 'string') return fail(base);
  for (const file of options.inputs) {
    if (!existsSync(abs(file))) return fail(`input file not found: ${file}`);
    if (statSync(abs(file)).isDirectory()) return fail(`--input ${file} is a folder: give the files in it`);
  }
  const outcomesFile = options.outcomes === undefined ? BUNDLED_OUTCOMES : abs(options.outcomes);
  /** The outcomes file as the run names it (in messages and summary.json). */
  const outcomesName = options.outcomes ?? 'data/outcomes/libya-shutins-2013-2020.csv';
  if (!existsSync(outcomesFile)) return fail(`outcomes file not found: ${options.outcomes ?? outcomesFile}`);
  if (statSync(outcomesFile).isDirectory()) return fail(`--outcomes ${outcomesName} is a folder, not a file`);
  const grid = sweepGrid(options.sweep);
  if (grid.length > MAX_SWEEP_RUNS)
    return fail(`the sweep has ${grid.length} combinations; at most ${MAX_SWEEP_RUNS}`);
  // Every combination checked now, not after the whole input has been read.
  for (const combo of grid) {
    const set = resolveParams({ ...options.params, ...combo });
    if (typeof set === 'string') return fail(`sweep ${JSON.stringify(combo)}: ${set}`);
  }
  // The outcomes are the ground truth of the evaluation: a file that cannot be read as such
  // stops the run, rather than scoring against no outage at all.
  const parsedOutcomes = parseOutcomes(readFileSync(outcomesFile, 'utf8'), outcomesName, registry);
  const badHeader = parsedOutcomes.rejections.find((r) => r.code === 'bad_header');
  if (badHeader !== undefined) return fail(`--outcomes ${outcomesName}: ${badHeader.reason}`);
  const stepMs = STEP_MS[options.step];
  const givenFrom = options.from === undefined ? undefined : parseInstant(options.from, '--from');
  const givenTo = options.to === undefined ? undefined : parseInstant(options.to, '--to');
  if (typeof givenFrom === 'string') return fail(givenFrom);
  if (typeof givenTo === 'string') return fail(givenTo);
  if (givenFrom !== undefined && givenTo !== undefined && givenTo < givenFrom)
    return fail('--to is before --from');

  const outDir = abs(options.out);
  const outProblem = prepareOutDir(outDir, options.out);
  if (outProblem !== undefined) return fail(outProblem);
  const rejectionsOut = openOutput(join(outDir, 'rejections.jsonl'));
  const rejections: FileRejection[] = [];
  const byCode: Record<string, number> = {};
  let rejectedTotal = 0;
  const onRejection = (r: FileRejection): void => {
    rejectedTotal++;
    byCode[r.code] = (byCode[r.code] ?? 0) + 1;
    if (rejections.length < 200) rejections.push(r);
    rejectionsOut.write(`${JSON.stringify(r)}\n`);
  };

  parsedOutcomes.rejections.forEach(onRejection);
  const outcomes = parsedOutcomes.outcomes;
  const monthly = existsSync(BUNDLED_NATIONAL_OUTPUT)
    ? parseMonthlyOutput(readFileSync(BUNDLED_NATIONAL_OUTPUT, 'utf8'))
    : [];

  let clock = process.hrtime.bigint();
  let cpu = process.cpuUsage();
  const lap = (phase: string): void => {
    const now = process.hrtime.bigint();
    const used = process.cpuUsage(cpu);
    if (io.timings) {
      io.timings[phase] = (io.timings[phase] ?? 0) + Number(now - clock) / 1e9;
      io.timings[`${phase}Cpu`] = (io.timings[`${phase}Cpu`] ?? 0) + (used.user + used.system) / 1e6;
    }
    clock = now;
    cpu = process.cpuUsage();
  };
  const keepEvents = options.sweep.some((s) => isMappingParamName(s.name));

  // Without a sweep there is one pass, with the base parameters: its steps can be scored
  // while the intake still reads (ScoringAhead), with the same result.
  let output: StepOutput | undefined;
  let ahead: ScoringAhead | undefined;
  if (options.sweep.length === 0) {
    output = new StepOutput(registry, 0, await openScoresCsv(outDir));
    const out = output;
    ahead = new ScoringAhead(registry, base.model, stepMs, givenFrom, givenTo, (step) => out.add(step));
  }
  const intake: Intake = await readEvents(options.inputs.map(abs), {
    registry,
    ...(base.mapping === undefined ? {} : { mappingParams: base.mapping }),
    keepEvents,
    workers: options.workers ?? availableParallelism(),
    onRejection: (r) =>
      onRejection({ ...r, file: options.inputs[options.inputs.map(abs).indexOf(r.file)] ?? r.file }),
    onProgress: (done, total) => bar.update('reading', done, total),
    ...(ahead === undefined ? {} : { whileWaiting: (store: ImpactStore) => ahead.stepAhead(store) }),
    ...io.intakeTuning,
  });
  await close(rejectionsOut);

  const span = intake.store.span();
  const fromMs = givenFrom ?? (span === undefined ? undefined : Math.floor(span.fromMs / stepMs) * stepMs);
  const toMs = givenTo ?? (span === undefined ? undefined : Math.ceil(span.toMs / stepMs) * stepMs);
  if (fromMs === undefined || toMs === undefined || toMs < fromMs) {
    if (output?.csv !== undefined) {
      // No step, so no scores: scores.csv, opened for scoring during the intake, goes.
      await close(output.csv);
      rmSync(join(outDir, 'scores.csv'), { force: true });
    }
    return fail(periodProblem(options, span));
  }
  const stepsMs = stepTimes(fromMs, toMs, stepMs);
  const handOver = ahead?.finish(intake.store, stepsMs);
  if (io.timings && ahead !== undefined) {
    io.timings['stepsScoredDuringIntake'] = handOver?.stepsDone ?? 0;
    io.timings['stepsScoredAheadDropped'] = handOver === undefined ? ahead.scored : 0;
  }
  if (output !== undefined && handOver === undefined && output.builder.length > 0) {
    // The steps scored ahead do not stand (see ScoringAhead): the replay starts over.
    if (output.csv !== undefined) await close(output.csv);
    output = new StepOutput(registry, stepsMs.length, await openScoresCsv(outDir));
  }
  lap('intake');
  const order = handOver?.rest ?? intake.store.sortedOrder();
  lap('sort');

  // Sweep: every combination on the same accepted events, ranked; the best one is then written out in full.
  let chosen = options.params;
  let sweepResults: Record<string, number | string | null>[] | undefined;
  if (options.sweep.length > 0) {
    const direction = RANK_METRICS[options.rankBy];
    const results: {
      overrides: Record<string, number>;
      evaluation: Evaluation;
      value: number | null;
      index: number;
    }[] = [];
    for (const [index, combo] of grid.entries()) {
      const overrides = { ...options.params, ...combo };
      const set = resolveParams(overrides);
      if (typeof set === 'string') return fail(`sweep ${JSON.stringify(combo)}: ${set}`);
      const store = keepEvents ? remapEvents(intake.events, registry, set.mapping ?? {}) : intake.store;
      const run = await replay(
        store,
        keepEvents ? store.sortedOrder() : order,
        stepsMs,
        set.model,
        registry,
        outcomes,
        new StepOutput(registry, stepsMs.length, undefined),
        bar,
      );
      results.push({
        overrides,
        evaluation: run.evaluation,
        value: rankValue(run.evaluation, options.rankBy),
        index,
      });
      bar.update('sweep', index + 1, grid.length);
    }
    results.sort((a, b) => {
      if (a.value === null || b.value === null)
        return (a.value === null ? 1 : 0) - (b.value === null ? 1 : 0) || a.index - b.index;
      return (direction === 'higher' ? b.value - a.value : a.value - b.value) || a.index - b.index;
    });
    chosen = results[0]?.overrides ?? options.params;
    const names = options.sweep.map((s) => s.name);
    sweepResults = results.map((r, rank) => {
      const alert = r.evaluation.thresholds.find((t) => t.threshold === r.evaluation.alertThreshold);
      return {
        rank: rank + 1,
        ...Object.fromEntries(names.map((n) => [n, r.overrides[n] ?? null])),
        [options.rankBy]: r.value,
        brierSkill: r.evaluation.brierSkill,
        brier: r.evaluation.brier,
        rocAuc: r.evaluation.rocAuc,
        averagePrecision: r.evaluation.averagePrecision,
        hits: alert?.hits ?? null,
        misses: alert?.misses ?? null,
        falseAlarms: alert?.falseAlarms ?? null,
        meanLeadHours: rankValue(r.evaluation, 'meanLeadHours'),
      };
    });
    const columns = [
      'rank',
      ...names,
      ...new Set([
        options.rankBy,
        'brierSkill',
        'brier',
        'rocAuc',
        'averagePrecision',
        'hits',
        'misses',
        'falseAlarms',
        'meanLeadHours',
      ]),
    ];
    const lines = [columns.join(',')];
    for (const r of sweepResults)
      lines.push(
        columns.map((c) => csvField(r[c] === null || r[c] === undefined ? '' : String(r[c]))).join(','),
      );
    writeFileSync(join(outDir, 'sweep.csv'), `${lines.join('\n')}\n`);
  }

  const final = resolveParams(chosen);
  if (typeof final === 'string') return fail(final);
  const finalStore =
    final.mapping !== base.mapping && keepEvents
      ? remapEvents(intake.events, registry, final.mapping ?? {})
      : intake.store;
  const finalOrder = finalStore === intake.store ? order : finalStore.sortedOrder();
  const finalOutput = output ?? new StepOutput(registry, stepsMs.length, await openScoresCsv(outDir));
  const run = await replay(
    finalStore,
    finalOrder,
    stepsMs,
    final.model,
    registry,
    outcomes,
    finalOutput,
    bar,
    handOver,
  );
  if (finalOutput.csv !== undefined) await close(finalOutput.csv);
  bar.done();
  lap('scoring');

  const baseline = registry.nationalBaselineKbd();
  const mappingParams = resolveMappingParams(final.mapping);
  const summary = {
    modelVersion: MODEL_VERSION,
    command: ['npm run crescent --', 'backtest', ...argv].join(' '),
    inputs: options.inputs,
    outcomes: {
      file: outcomesName,
      recorded: outcomes.length,
      rejected: parsedOutcomes.rejections.length,
    },
    period: {
      from: DateTime.fromMillis(fromMs, { zone: 'utc' }).toISO(),
      // The last step, which is before --to when the step does not divide the period.
      to: DateTime.fromMillis(stepsMs[stepsMs.length - 1] ?? toMs, { zone: 'utc' }).toISO(),
      step: options.step,
      steps: stepsMs.length,
    },
    counts: intake.counts,
    rejections: { total: rejectedTotal, byCode },
    parameters: { model: final.model, mapping: { ...DEFAULT_MAPPING_PARAMS, ...mappingParams } },
    overrides: chosen,
    evaluation: run.evaluation,
    national: { baselineKbd: baseline, monthly: monthlyNational(stepsMs, run.builder, baseline, monthly) },
    ...(sweepResults === undefined
      ? {}
      : { sweep: { rankBy: options.rankBy, runs: sweepResults.length, results: sweepResults } }),
  };
  writeFileSync(join(outDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  writeFileSync(
    join(outDir, 'report.html'),
    renderReport({
      modelVersion: MODEL_VERSION,
      inputs: options.inputs,
      stepName: options.step,
      stepsMs,
      counts: intake.counts,
      national: run.builder.nationalSeries(),
      nationalBaselineKbd: baseline,
      forecasts: run.builder.forecasts(),
      realised: realisedOutageIntervals(
        outcomes,
        registry.assets.map((a) => a.id),
        flowTopology(registry),
      ),
      monthlyOutput: monthly,
      evaluation: run.evaluation,
      params: final.model,
      registry,
      rejections,
      rejectionsTotal: rejectedTotal,
    }),
  );

  lap('outputs');
  const e = run.evaluation;
  const outSince = (ev: Evaluation): string => {
    const n = ev.outages.filter((o) => o.alreadyOutSince !== null).length;
    return n === 0 ? '' : `; ${n} began while the asset was already out, not counted`;
  };
  const c = intake.counts;
  io.stdout.write(
    `events: ${c.read} read, ${c.accepted} accepted, ${c.rejected} rejected, ${c.duplicate} duplicate, ${c.irrelevant} irrelevant; ${c.impacts} impacts\n` +
      `steps: ${stepsMs.length} x ${registry.assets.length + 1} rows; model ${MODEL_VERSION}\n` +
      `evaluation: Brier ${e.brier.toFixed(4)}, skill ${e.brierSkill === null ? 'n/a' : e.brierSkill.toFixed(3)}, ROC-AUC ${e.rocAuc === null ? 'n/a' : e.rocAuc.toFixed(3)}, ` +
      `outages ${e.outages.length} (${e.outages.filter((o) => o.warned).length} warned at score >= ${e.alertThreshold}${outSince(e)})\n` +
      `${sweepResults === undefined ? '' : `sweep: ${sweepResults.length} runs ranked by ${options.rankBy}; best ${JSON.stringify(chosen)} (sweep.csv)\n`}` +
      `wrote ${join(options.out, 'scores.csv')}, summary.json, report.html, rejections.jsonl\n`,
  );
  return 0;
}
