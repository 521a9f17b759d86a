import { EVENT_TYPES, type EventType } from '../events/event-type';
import { reject, ok, type Result } from '../events/rejection';

/**
 * Version of the risk model. Bump it whenever a formula, a default parameter or a
 * threshold changes, so every score says which model produced it. docs/model.md
 * describes exactly this version.
 */
export const MODEL_VERSION = 'crescent-risk-1.0.0';

type HalfLifeKey = `halfLifeHours.${EventType}`;

/**
 * Half-life of an impact's contribution to the hazard, hours, per event type.
 * Verbal and diplomatic signals fade within days; material acts at an asset last
 * weeks. An outage itself never decays: it lasts until a restart signal.
 */
const HALF_LIFE_HOURS: Readonly<Record<EventType, number>> = {
  facility_attack: 336,
  armed_clash: 168,
  port_blockade: 336,
  field_shutdown: 336,
  valve_closure: 336,
  force_majeure_declared: 336,
  restart: 168,
  facility_protest: 168,
  ceasefire_agreed: 336,
  ceasefire_violated: 168,
  talks_failed: 168,
  talks_progressing: 120,
  foreign_deployment: 336,
  institutional_crisis: 240,
  sanctions: 336,
  irrelevant: 1,
};

const halfLifeDefaults = Object.fromEntries(
  EVENT_TYPES.map((t) => [`halfLifeHours.${t}`, HALF_LIFE_HOURS[t]]),
) as Record<HalfLifeKey, number>;

/**
 * Every tunable number of the model, flat and named, so a backtest can override any
 * of them with `--param name=value` and sweep a grid. Units in MODEL_PARAM_DOCS.
 */
export const DEFAULT_MODEL_PARAMS = {
  horizonDays: 7,
  baselineHazardPerWeek: 0.005,
  intensityScale: 1,
  routeRiskWeight: 1,
  pruneEpsilonPerWeek: 0.0005,
  maxContributions: 64,
  'threshold.elevated': 15,
  'threshold.high': 35,
  'threshold.critical': 65,
  nationalDisruptionShare: 0.2,
  nationalBinKbd: 5,
  driverCount: 5,
  ...halfLifeDefaults,
} satisfies Record<string, number>;

export type ModelParamName = keyof typeof DEFAULT_MODEL_PARAMS;
export type ModelParams = { readonly [K in ModelParamName]: number };

export interface ParamDoc {
  readonly unit: string;
  readonly description: string;
  /** Inclusive bounds a value must respect. */
  readonly min: number;
  readonly max: number;
  /** A count: only whole numbers are accepted. */
  readonly integer?: boolean;
}

const halfLifeDocs = Object.fromEntries(
  EVENT_TYPES.map((t) => [
    `halfLifeHours.${t}`,
    { unit: 'h', description: `Half-life of a ${t} impact's hazard contribution.`, min: 0.01, max: 100_000 },
  ]),
) as Record<HalfLifeKey, ParamDoc>;

/** Unit, meaning and bounds of every parameter; docs/model.md is written from this. */
export const MODEL_PARAM_DOCS: Readonly<Record<ModelParamName, ParamDoc>> = {
  horizonDays: {
    unit: 'd',
    description: 'Forecast horizon: p is the probability of a disruption starting within it.',
    min: 0.01,
    max: 365,
  },
  baselineHazardPerWeek: {
    unit: '1/week',
    description: 'Hazard of every asset with no events at all (background rate of shut-ins).',
    min: 0,
    max: 10,
  },
  intensityScale: {
    unit: 'dimensionless',
    description: 'Multiplies every impact intensity (events/week) before it enters the hazard.',
    min: 0,
    max: 100,
  },
  routeRiskWeight: {
    unit: 'dimensionless 0..1',
    description:
      'Share of a route asset’s (terminal, valve, pipeline) non-outage risk carried onto the fields behind it.',
    min: 0,
    max: 1,
  },
  pruneEpsilonPerWeek: {
    unit: '1/week',
    description: 'A contribution whose decayed magnitude falls below this is dropped from the state.',
    min: 0,
    max: 1,
  },
  maxContributions: {
    unit: 'count',
    description:
      'Cap on stored contributions per asset: past it, decayed ones (< pruneEpsilonPerWeek) go, then the smallest until half the cap remains.',
    min: 1,
    max: 10_000,
    integer: true,
  },
  'threshold.elevated': {
    unit: 'score 0..100',
    description: 'Lowest score with status elevated.',
    min: 0,
    max: 100,
  },
  'threshold.high': { unit: 'score 0..100', description: 'Lowest score with status high.', min: 0, max: 100 },
  'threshold.critical': {
    unit: 'score 0..100',
    description: 'Lowest score with status critical.',
    min: 0,
    max: 100,
  },
  nationalDisruptionShare: {
    unit: 'share of national baseline',
    description:
      'National p = probability that the national loss reaches this share of the national baseline.',
    min: 0.001,
    max: 1,
  },
  nationalBinKbd: {
    unit: 'kb/d',
    description: 'Bin width of the discretised national loss distribution (P10/P50/P90).',
    min: 0.1,
    max: 100,
  },
  driverCount: {
    unit: 'count',
    description: 'How many top drivers a score lists.',
    min: 0,
    max: 100,
    integer: true,
  },
  ...halfLifeDocs,
};

export function isModelParamName(name: string): name is ModelParamName {
  return Object.prototype.hasOwnProperty.call(DEFAULT_MODEL_PARAMS, name);
}

/** The defaults with some values replaced; refuses unknown names and out-of-range values. */
export function withModelParams(
  base: ModelParams,
  overrides: Readonly<Record<string, number>>,
): Result<ModelParams> {
  const next: Record<string, number> = { ...base };
  for (const [name, value] of Object.entries(overrides)) {
    if (!isModelParamName(name)) return reject('invalid_field', `unknown model parameter "${name}"`, name);
    const doc = MODEL_PARAM_DOCS[name];
    if (!Number.isFinite(value) || value < doc.min || value > doc.max) {
      return reject(
        'invalid_field',
        `${name}=${value} is outside ${doc.min}..${doc.max} (${doc.unit})`,
        name,
      );
    }
    if (doc.integer === true && !Number.isInteger(value))
      return reject('invalid_field', `${name}=${value} is a count: give a whole number`, name);
    next[name] = value;
  }
  const params = next as ModelParams;
  if (!(
    params['threshold.elevated'] <= params['threshold.high'] &&
    params['threshold.high'] <= params['threshold.critical']
  )) {
    return reject('invalid_field', 'thresholds must satisfy elevated <= high <= critical', 'threshold.high');
  }
  return ok(params);
}

const halfLifeCache = new WeakMap<ModelParams, ReadonlyMap<EventType, number>>();
/** The table last used: a backtest asks ten million times with the same parameters. */
let lastParams: ModelParams | undefined;
let lastTable: ReadonlyMap<EventType, number> | undefined;

/** Half-life in hours of an event type under these parameters (looked up once per parameter set). */
export function halfLifeHours(params: ModelParams, type: EventType): number {
  let table = params === lastParams ? lastTable : halfLifeCache.get(params);
  if (table === undefined) {
    table = new Map(EVENT_TYPES.map((t) => [t, params[`halfLifeHours.${t}`]]));
    halfLifeCache.set(params, table);
  }
  lastParams = params;
  lastTable = table;
  return table.get(type) ?? params[`halfLifeHours.${type}`];
}
