import { isMappingParamName, isModelParamName } from '@crescent/domain';

export type StepName = '1h' | '6h' | '1d';
export const STEP_MS: Readonly<Record<StepName, number>> = {
  '1h': 3_600_000,
  '6h': 21_600_000,
  '1d': 86_400_000,
};

/** Metrics a sweep can rank by, and whether larger is better. */
export const RANK_METRICS = {
  brierSkill: 'higher',
  brier: 'lower',
  rocAuc: 'higher',
  averagePrecision: 'higher',
  hits: 'higher',
  falseAlarms: 'lower',
  meanLeadHours: 'higher',
} as const;
export type RankMetric = keyof typeof RANK_METRICS;

export interface BacktestOptions {
  readonly inputs: readonly string[];
  readonly outcomes?: string;
  readonly from?: string;
  readonly to?: string;
  readonly step: StepName;
  /** --param overrides, model and mapping parameters together. */
  readonly params: Readonly<Record<string, number>>;
  /** --sweep name=v1,v2,...: the grid is the product of all lists. */
  readonly sweep: readonly { readonly name: string; readonly values: readonly number[] }[];
  readonly rankBy: RankMetric;
  readonly quiet: boolean;
  readonly out: string;
  /** Worker threads for reading the input (1: all on the main thread); default: the cores available. */
  readonly workers?: number;
}

export const BACKTEST_USAGE = `usage: crescent backtest --input FILE [--input FILE ...] --out DIR
       [--outcomes FILE] [--from ISO] [--to ISO] [--step 1h|6h|1d]
       [--param name=value ...] [--sweep name=v1,v2,... ...] [--rank-by METRIC] [--quiet]
       [--workers N]

Replays events (JSONL of any accepted kind, GDELT 2.0 export files, ACLED CSV; recognised
by content) through the scoring model in event time and scores the result against recorded
outages (default: data/outcomes/libya-shutins-2013-2020.csv).

  --input FILE       an event file; repeat for several (mixed kinds are fine)
  --outcomes FILE    CSV asset_id,start,end,lost_kbd,source (empty end = ongoing)
  --from, --to       first and last step, ISO-8601 (UTC); default: the span of the events
  --step             1h, 6h or 1d (default 1d)
  --param n=v        override a model or mapping parameter (see docs/model.md)
  --sweep n=a,b,c    run every combination of the listed values and rank them
  --rank-by METRIC   ${Object.keys(RANK_METRICS).join(', ')} (default brierSkill)
  --quiet            no progress bar
  --workers N        threads that read, classify and map the input (default: the cores
                     available; 1 = all on the main thread); the output is the same
  --out DIR          writes scores.csv, summary.json, report.html, rejections.jsonl (and sweep.csv)`;

/** A decimal number as people write it (`0.5`, `-2`, `1e3`); not hexadecimal, binary or blank, which `Number` also reads. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

function parseNumber(raw: string, what: string): number | string {
  const n = Number(raw);
  return DECIMAL.test(raw.trim()) && Number.isFinite(n) ? n : `${what}: "${raw}" is not a number`;
}

function checkParamName(name: string): string | undefined {
  return isModelParamName(name) || isMappingParamName(name)
    ? undefined
    : `unknown parameter "${name}" (see docs/model.md)`;
}

/** Parses the command line; returns the options or a message naming the bad argument. */
export function parseBacktestArgs(args: readonly string[]): BacktestOptions | string {
  const inputs: string[] = [];
  const params: Record<string, number> = {};
  const sweep: { name: string; values: number[] }[] = [];
  let outcomes: string | undefined;
  let from: string | undefined;
  let to: string | undefined;
  let step: StepName = '1d';
  let rankBy: RankMetric = 'brierSkill';
  let quiet = false;
  let out: string | undefined;
  let workers: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = (): string | undefined => inline ?? args[++i];
    switch (flag) {
      case '--input': {
        const v = value();
        if (v === undefined) return '--input needs a file';
        inputs.push(v);
        break;
      }
      case '--outcomes':
        outcomes = value();
        if (outcomes === undefined) return '--outcomes needs a file';
        break;
      case '--from':
        from = value();
        if (from === undefined) return '--from needs an ISO-8601 time';
        break;
      case '--to':
        to = value();
        if (to === undefined) return '--to needs an ISO-8601 time';
        break;
      case '--step': {
        const v = value();
        if (v !== '1h' && v !== '6h' && v !== '1d') return `--step must be 1h, 6h or 1d, got "${v ?? ''}"`;
        step = v;
        break;
      }
      case '--param': {
        const v = value();
        const eq = v?.indexOf('=') ?? -1;
        if (v === undefined || eq <= 0) return '--param needs name=value';
        const name = v.slice(0, eq);
        const bad = checkParamName(name);
        if (bad) return bad;
        const n = parseNumber(v.slice(eq + 1), `--param ${name}`);
        if (typeof n === 'string') return n;
        params[name] = n;
        break;
      }
      case '--sweep': {
        const v = value();
        const eq = v?.indexOf('=') ?? -1;
        if (v === undefined || eq <= 0) return '--sweep needs name=v1,v2,...';
        const name = v.slice(0, eq);
        const bad = checkParamName(name);
        if (bad) return bad;
        const values: number[] = [];
        for (const raw of v.slice(eq + 1).split(',')) {
          const n = parseNumber(raw, `--sweep ${name}`);
          if (typeof n === 'string') return n;
          values.push(n);
        }
        if (values.length === 0) return `--sweep ${name} lists no values`;
        sweep.push({ name, values });
        break;
      }
      case '--rank-by': {
        const v = value();
        if (v === undefined || !(v in RANK_METRICS))
          return `--rank-by must be one of ${Object.keys(RANK_METRICS).join(', ')}`;
        rankBy = v as RankMetric;
        break;
      }
      case '--quiet':
        quiet = true;
        break;
      case '--workers': {
        const v = value() ?? '';
        const n = Number(v);
        if (!/^[0-9]+$/.test(v) || n < 1 || n > 256)
          return `--workers must be a whole number from 1 to 256, got "${v}"`;
        workers = n;
        break;
      }
      case '--out':
        out = value();
        if (out === undefined) return '--out needs a directory';
        break;
      default:
        return `unknown argument "${arg}"`;
    }
  }
  if (inputs.length === 0) return 'at least one --input FILE is required';
  if (out === undefined) return '--out DIR is required';
  return {
    inputs,
    ...(outcomes === undefined ? {} : { outcomes }),
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
    step,
    params,
    sweep,
    rankBy,
    quiet,
    out,
    ...(workers === undefined ? {} : { workers }),
  };
}
