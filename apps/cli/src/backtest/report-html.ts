import type {
  AssetRegistry,
  Evaluation,
  ForecastSeries,
  Interval,
  ModelParams,
  NationalSeries,
} from '@crescent/domain';
import { DateTime } from 'luxon';
import type { IntakeCounts } from './event-intake';
import type { MonthlyOutput, FileRejection } from './outcomes-file';

export interface ReportData {
  readonly modelVersion: string;
  readonly inputs: readonly string[];
  readonly stepName: string;
  readonly stepsMs: Float64Array;
  readonly counts: IntakeCounts;
  readonly national: NationalSeries;
  readonly nationalBaselineKbd: number;
  readonly forecasts: ForecastSeries;
  readonly realised: ReadonlyMap<string, readonly Interval[]>;
  readonly monthlyOutput: readonly MonthlyOutput[];
  readonly evaluation: Evaluation;
  readonly params: ModelParams;
  readonly registry: AssetRegistry;
  readonly rejections: readonly FileRejection[];
  readonly rejectionsTotal: number;
}

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const day = (ms: number): string => DateTime.fromMillis(ms, { zone: 'utc' }).toISODate() ?? '';
const fmt = (x: number | null, digits = 3): string =>
  x === null || !Number.isFinite(x) ? '–' : x.toFixed(digits);
const r1 = (x: number): string => (Math.round(x * 10) / 10).toString();

const KIND_ORDER = ['terminal', 'field', 'pumping_station', 'valve', 'pipeline', 'refinery'];

/** Month starts inside [from, to], for axis ticks. */
function monthTicks(fromMs: number, toMs: number): number[] {
  const out: number[] = [];
  let t = DateTime.fromMillis(fromMs, { zone: 'utc' }).startOf('month');
  if (t.toMillis() < fromMs) t = t.plus({ months: 1 });
  while (t.toMillis() <= toMs && out.length < 400) {
    out.push(t.toMillis());
    t = t.plus({ months: 1 });
  }
  const every = Math.ceil(out.length / 14);
  return out.filter((_, i) => i % every === 0);
}

function nationalChart(d: ReportData): string {
  const W = 960;
  const H = 320;
  const L = 56;
  const R = 16;
  const T = 16;
  const B = 36;
  const steps = d.stepsMs;
  const n = steps.length;
  if (n === 0) return '<p>No steps.</p>';
  const x0 = steps[0] ?? 0;
  const x1 = Math.max(x0 + 1, steps[n - 1] ?? 0);
  const months = d.monthlyOutput.filter((m) => m.monthEndMs > x0 && m.monthStartMs < x1);
  const yMax = Math.max(d.nationalBaselineKbd, ...months.map((m) => m.outputKbd)) * 1.08 || 1;
  const X = (ms: number): number => L + ((ms - x0) / (x1 - x0)) * (W - L - R);
  const Y = (kbd: number): number => T + (1 - kbd / yMax) * (H - T - B);
  const base = d.nationalBaselineKbd;
  const line = (f: (i: number) => number): string => {
    let p = '';
    for (let i = 0; i < n; i++) p += `${i === 0 ? 'M' : 'L'}${r1(X(steps[i] ?? 0))},${r1(Y(f(i)))}`;
    return p;
  };
  let band = '';
  for (let i = 0; i < n; i++)
    band += `${i === 0 ? 'M' : 'L'}${r1(X(steps[i] ?? 0))},${r1(Y(base - (d.national.p10Kbd[i] ?? 0)))}`;
  for (let i = n - 1; i >= 0; i--)
    band += `L${r1(X(steps[i] ?? 0))},${r1(Y(base - (d.national.p90Kbd[i] ?? 0)))}`;
  const parts: string[] = [];
  parts.push(
    `<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="National output: model against realised">`,
  );
  for (let k = 0; k <= 5; k++) {
    const v = (yMax / 5) * k;
    parts.push(
      `<line x1="${L}" x2="${W - R}" y1="${r1(Y(v))}" y2="${r1(Y(v))}" stroke="#e5e5e5"/><text x="${L - 6}" y="${r1(Y(v) + 4)}" text-anchor="end" font-size="11">${Math.round(v)}</text>`,
    );
  }
  for (const m of monthTicks(x0, x1)) {
    parts.push(
      `<line x1="${r1(X(m))}" x2="${r1(X(m))}" y1="${T}" y2="${H - B}" stroke="#f0f0f0"/><text x="${r1(X(m))}" y="${H - B + 14}" text-anchor="middle" font-size="11">${DateTime.fromMillis(m, { zone: 'utc' }).toFormat('LLL yy')}</text>`,
    );
  }
  parts.push(`<path d="${band}Z" fill="#9ecae1" fill-opacity="0.45" stroke="none"/>`);
  parts.push(
    `<line x1="${L}" x2="${W - R}" y1="${r1(Y(base))}" y2="${r1(Y(base))}" stroke="#777" stroke-dasharray="4 3"/>`,
  );
  parts.push(
    `<path d="${line((i) => base - (d.national.expectedLossKbd[i] ?? 0))}" fill="none" stroke="#08519c" stroke-width="1.6"/>`,
  );
  for (const m of months) {
    const a = X(Math.max(m.monthStartMs, x0));
    const b = X(Math.min(m.monthEndMs, x1));
    parts.push(
      `<line x1="${r1(a)}" x2="${r1(b)}" y1="${r1(Y(m.outputKbd))}" y2="${r1(Y(m.outputKbd))}" stroke="#111" stroke-width="2.5"><title>${esc(DateTime.fromMillis(m.monthStartMs, { zone: 'utc' }).toFormat('yyyy-MM'))}: ${m.outputKbd} kb/d (${esc(m.series)})</title></line>`,
    );
  }
  parts.push(
    `<text x="${L + 8}" y="${T + 12}" font-size="12" fill="#08519c">model: baseline − expected loss (band: P10–P90)</text>`,
  );
  parts.push(
    `<text x="${L + 8}" y="${T + 28}" font-size="12" fill="#111">realised monthly national output</text>`,
  );
  parts.push(
    `<text x="${W - R}" y="${r1(Y(base) - 4)}" font-size="11" text-anchor="end" fill="#555">national baseline ${Math.round(base)} kb/d</text>`,
  );
  parts.push(
    `<text x="14" y="${T + (H - T - B) / 2}" font-size="11" transform="rotate(-90 14 ${T + (H - T - B) / 2})" text-anchor="middle">kb/d</text>`,
  );
  parts.push('</svg>');
  return parts.join('\n');
}

const STATUS_COLOURS = {
  normal: '#eef3f7',
  elevated: '#fee08b',
  high: '#fc8d59',
  critical: '#d73027',
  disrupted: '#4b0055',
} as const;

function heatMap(d: ReportData): string {
  const steps = d.stepsMs;
  const n = steps.length;
  const byId = new Map(d.forecasts.assets.map((a) => [a.assetId, a]));
  const assets = [...d.registry.assets]
    .filter((a) => byId.has(a.id))
    .sort(
      (a, b) =>
        KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
  const cols = Math.min(n, 366);
  const per = n / Math.max(1, cols);
  const rowH = 12;
  const L = 200;
  const cellW = Math.max(1, Math.min(6, 760 / Math.max(1, cols)));
  const W = L + cols * cellW + 10;
  const T = 8;
  const H = T + assets.length * rowH + 30;
  const x0 = steps[0] ?? 0;
  const x1 = Math.max(x0 + 1, steps[n - 1] ?? 0);
  const X = (ms: number): number => L + ((ms - x0) / (x1 - x0)) * cols * cellW;
  const parts: string[] = [
    `<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="Scores per asset over time">`,
  ];
  const p = d.params;
  assets.forEach((asset, row) => {
    const f = byId.get(asset.id);
    if (f === undefined) return;
    const y = T + row * rowH;
    parts.push(
      `<text x="${L - 6}" y="${y + rowH - 3}" font-size="10" text-anchor="end">${esc(asset.id)} <tspan fill="#888">${esc(asset.kind.replace('_', ' '))}</tspan></text>`,
    );
    let runStart = 0;
    let runColour = '';
    const flush = (end: number): void => {
      if (end > runStart && runColour !== STATUS_COLOURS.normal) {
        parts.push(
          `<rect x="${r1(L + runStart * cellW)}" y="${y}" width="${r1((end - runStart) * cellW)}" height="${rowH - 2}" fill="${runColour}"/>`,
        );
      }
    };
    for (let c = 0; c < cols; c++) {
      const from = Math.floor(c * per);
      const to = Math.max(from + 1, Math.floor((c + 1) * per));
      let maxP = 0;
      let disrupted = false;
      for (let i = from; i < to && i < n; i++) {
        maxP = Math.max(maxP, f.p[i] ?? 0);
        disrupted = disrupted || (f.disrupted[i] ?? 0) > 0;
      }
      const score = 100 * maxP;
      const colour = disrupted
        ? STATUS_COLOURS.disrupted
        : score >= p['threshold.critical']
          ? STATUS_COLOURS.critical
          : score >= p['threshold.high']
            ? STATUS_COLOURS.high
            : score >= p['threshold.elevated']
              ? STATUS_COLOURS.elevated
              : STATUS_COLOURS.normal;
      if (colour !== runColour) {
        flush(c);
        runStart = c;
        runColour = colour;
      }
    }
    flush(cols);
    parts.push(
      `<rect x="${L}" y="${y}" width="${cols * cellW}" height="${rowH - 2}" fill="none" stroke="#ddd" stroke-width="0.5"/>`,
    );
    for (const iv of d.realised.get(asset.id) ?? []) {
      const a = Math.max(x0, iv.startMs);
      const b = Math.min(x1, iv.endMs);
      if (b <= a) continue;
      parts.push(
        `<rect x="${r1(X(a))}" y="${y + rowH - 4}" width="${r1(Math.max(1, X(b) - X(a)))}" height="2" fill="#000"><title>recorded outage ${day(iv.startMs)} – ${Number.isFinite(iv.endMs) ? day(iv.endMs) : 'ongoing'}</title></rect>`,
      );
    }
  });
  const yAxis = T + assets.length * rowH + 14;
  for (const m of monthTicks(x0, x1))
    parts.push(
      `<text x="${r1(X(m))}" y="${yAxis}" font-size="10" text-anchor="middle">${DateTime.fromMillis(m, { zone: 'utc' }).toFormat('LLL yy')}</text>`,
    );
  parts.push('</svg>');
  const legend = Object.entries(STATUS_COLOURS)
    .map(([k, c]) => `<span class="sw" style="background:${c}"></span>${k}`)
    .join(' ');
  return `${parts.join('\n')}<p class="legend">${legend} <span class="sw" style="background:#000;height:3px"></span>recorded outage (black bar under the row)</p>`;
}

function evaluationTables(e: Evaluation): string {
  const head = `<table><tr><th>samples</th><th>positives</th><th>base rate</th><th>Brier</th><th>Brier (base rate)</th><th>Brier skill</th><th>ROC-AUC</th><th>average precision</th></tr>
<tr><td>${e.samples}</td><td>${e.positives}</td><td>${fmt(e.baseRate, 4)}</td><td>${fmt(e.brier, 4)}</td><td>${fmt(e.brierReference, 4)}</td><td>${fmt(e.brierSkill, 3)}</td><td>${fmt(e.rocAuc, 3)}</td><td>${fmt(e.averagePrecision, 3)}</td></tr></table>`;
  const thr = `<table><tr><th>threshold (score)</th><th>hits</th><th>misses</th><th>false alarms</th><th>alert episodes</th><th>POD (steps)</th><th>POFD (steps)</th><th>precision (steps)</th></tr>
${e.thresholds.map((t) => `<tr><td>${t.threshold}</td><td>${t.hits}</td><td>${t.misses}</td><td>${t.falseAlarms}</td><td>${t.alertEpisodes}</td><td>${fmt(t.probabilityOfDetection)}</td><td>${fmt(t.probabilityOfFalseDetection)}</td><td>${fmt(t.precision)}</td></tr>`).join('\n')}</table>`;
  const out = `<table><tr><th>asset</th><th>start</th><th>end</th><th>lost kb/d</th><th>warned (≥ ${e.alertThreshold})</th><th>first alert</th><th>lead time (h)</th><th>model disrupted at</th><th>detection lag (h)</th></tr>
${e.outages.map((o) => `<tr><td>${esc(o.assetId)}</td><td>${esc(o.start.slice(0, 10))}</td><td>${esc(o.end?.slice(0, 10) ?? 'ongoing')}</td><td>${o.lostKbd}</td><td>${o.alreadyOutSince !== null ? `already out since ${esc(o.alreadyOutSince.slice(0, 10))}` : o.warned ? 'yes' : 'no'}</td><td>${esc(o.firstAlert?.slice(0, 16) ?? '–')}</td><td>${fmt(o.leadTimeHours, 0)}</td><td>${esc(o.detectedAt?.slice(0, 16) ?? '–')}</td><td>${fmt(o.detectionLagHours, 0)}</td></tr>`).join('\n')}</table>`;
  const cal = `<table><tr><th>forecast p</th><th>count</th><th>mean forecast</th><th>observed rate</th></tr>
${e.calibration.map((b) => `<tr><td>${b.from.toFixed(1)}–${b.to.toFixed(1)}</td><td>${b.count}</td><td>${fmt(b.meanForecast)}</td><td>${fmt(b.observedRate)}</td></tr>`).join('\n')}</table>`;
  const stale = `<p>An alert is a scored step with a score at or above the threshold. ${e.staleDisruptedSteps} scored steps at which the model still said <code>disrupted</code> after the recorded restart (it had not yet learnt of it) are not alerts: they say "still out", not "will go out", and are left out of this table and of the warnings below; the scores above keep them, at p = 1.</p>`;
  return `<h3>Scores</h3>${head}<h3>Per threshold</h3>${thr}${stale}<h3>Recorded outages in the period</h3>${out}<p>${e.outagesOutsidePeriod} recorded outages start outside the period and are not scored.</p><h3>Calibration</h3>${cal}`;
}

/** One self-contained page: inline CSS and SVG, no scripts, no external resources. */
export function renderReport(d: ReportData): string {
  const steps = d.stepsMs;
  const from = steps.length > 0 ? day(steps[0] ?? 0) : '';
  const to = steps.length > 0 ? day(steps[steps.length - 1] ?? 0) : '';
  const c = d.counts;
  const rej = d.rejections.slice(0, 50);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Crescent backtest ${esc(from)} – ${esc(to)}</title>
<style>
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:24px;color:#222;max-width:1200px}
table{border-collapse:collapse;margin:8px 0 16px;font-size:13px}td,th{border:1px solid #ddd;padding:3px 8px;text-align:right}th{background:#f5f5f5}
td:first-child,th:first-child{text-align:left}.sw{display:inline-block;width:12px;height:10px;margin:0 4px 0 10px;vertical-align:middle}.legend{font-size:12px}
code{background:#f5f5f5;padding:1px 4px}
</style></head><body>
<h1>Crescent backtest</h1>
<p>Model <code>${esc(d.modelVersion)}</code>; steps of ${esc(d.stepName)} from ${esc(from)} to ${esc(to)} (${steps.length} steps); horizon ${d.params.horizonDays} days.</p>
<p>Inputs: ${d.inputs.map((i) => `<code>${esc(i)}</code>`).join(', ')}</p>
<table><tr><th>read</th><th>accepted</th><th>rejected</th><th>duplicate</th><th>irrelevant</th><th>impacts</th></tr>
<tr><td>${c.read}</td><td>${c.accepted}</td><td>${c.rejected}</td><td>${c.duplicate}</td><td>${c.irrelevant}</td><td>${c.impacts}</td></tr></table>
<h2>National output: model against realised</h2>
${nationalChart(d)}
<h2>Scores per asset</h2>
${heatMap(d)}
<h2>Evaluation against recorded outages</h2>
<p>A forecast at a step is right when an outage of that asset starts within the horizon after it; steps where the asset is already out are not scored. A recorded terminal or valve closure counts as an outage of the fields behind it.</p>
${evaluationTables(d.evaluation)}
<h2>Rejected input</h2>
<p>${d.rejectionsTotal} rejected records (all listed in <code>rejections.jsonl</code>)${d.rejectionsTotal > rej.length ? `; the first ${rej.length}` : ''}:</p>
${rej.length > 0 ? `<table><tr><th>file</th><th>line</th><th>code</th><th>reason</th></tr>${rej.map((r) => `<tr><td>${esc(r.file)}</td><td>${r.line}</td><td>${esc(r.code)}</td><td style="text-align:left">${esc(r.reason)}</td></tr>`).join('\n')}</table>` : ''}
</body></html>
`;
}
