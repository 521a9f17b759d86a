import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { LIBYA_REGISTRY, MODEL_VERSION } from '@crescent/domain';
import { backtestCommand } from '../../apps/cli/src/commands/backtest.command';
import type { CliIo } from '../../apps/cli/src/commands/command';

// The bundled 2020 blockade history through the real `crescent backtest` command code,
// on the real bundled files: the acceptance checks of the scoring issue.
const ROOT = resolve(__dirname, '../..');
const HISTORY = 'data/history/libya-2020.jsonl';
const ARGS = ['--input', HISTORY, '--from', '2020-01-01', '--to', '2020-11-30', '--step', '6h', '--quiet'];

interface Row {
  readonly asOf: string;
  readonly assetId: string;
  readonly score: number;
  readonly p: number;
  readonly lossKbd: number;
  readonly status: string;
}

async function runBacktest(out: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out1 = '';
  let err1 = '';
  stdout.on('data', (c: Buffer) => (out1 += c.toString()));
  stderr.on('data', (c: Buffer) => (err1 += c.toString()));
  const io: CliIo = { stdout, stderr, stdin: new PassThrough(), env: {}, cwd: ROOT };
  const code = await backtestCommand.run([...ARGS, '--out', out], io);
  return { code, stdout: out1, stderr: err1 };
}

function parse(csv: string): Row[] {
  return csv
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [asOf = '', assetId = '', score = '', p = '', loss = '', status = ''] = line.split(',');
      return { asOf, assetId, score: Number(score), p: Number(p), lossKbd: Number(loss), status };
    });
}

describe('backtest of the bundled 2020 Libyan blockade history', () => {
  const dirs: string[] = [];
  let rows: Row[];
  let csv: string;
  let summary: {
    modelVersion: string;
    counts: Record<string, number>;
    parameters: { model: Record<string, number>; mapping: Record<string, number> };
    evaluation: { outages: { assetId: string; warned: boolean }[] };
  };
  const at = (iso: string, assetId: string): Row => {
    const row = rows.find((r) => r.asOf === iso && r.assetId === assetId);
    if (row === undefined) throw new Error(`no row for ${assetId} at ${iso}`);
    return row;
  };

  beforeAll(async () => {
    const out = mkdtempSync(join(tmpdir(), 'crescent-bt-'));
    dirs.push(out);
    const result = await runBacktest(out);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    csv = readFileSync(join(out, 'scores.csv'), 'utf8');
    rows = parse(csv);
    summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as typeof summary;
  });

  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('writes scores.csv with the agreed header and one row per asset (and LY) per step', () => {
    expect(csv.split('\n', 1)[0]).toBe('as_of,asset_id,score,p_disruption,expected_loss_kbd,status');
    const steps = 334 * 4 + 1; // 1 Jan to 30 Nov 2020 every 6 h, both ends included
    expect(rows).toHaveLength(steps * (LIBYA_REGISTRY.assets.length + 1));
    expect(rows[0]!.asOf).toBe('2020-01-01T00:00:00Z');
  });

  it('raises the national score after the Moscow walk-out, before any closure', () => {
    const early = rows.filter((r) => r.assetId === 'LY' && r.asOf >= '2020-01-01' && r.asOf < '2020-01-06');
    const earlyMean = early.reduce((s, r) => s + r.score, 0) / early.length;
    const jan16 = at('2020-01-16T00:00:00Z', 'LY').score;
    expect(jan16).toBeGreaterThan(2 * earlyMean);
    expect(jan16 - earlyMean).toBeGreaterThan(20);
  });

  it('scores the five eastern terminals above the offshore fields on 16 January', () => {
    const offshore = Math.max(
      at('2020-01-16T00:00:00Z', 'bouri').score,
      at('2020-01-16T00:00:00Z', 'al-jurf').score,
    );
    for (const terminal of ['es-sider', 'ras-lanuf', 'brega', 'zueitina', 'hariga']) {
      expect(at('2020-01-16T00:00:00Z', terminal).score).toBeGreaterThan(offshore);
    }
  });

  it('on 20 January has the eastern terminals, Sharara and El Feel disrupted, the offshore fields not', () => {
    for (const id of ['es-sider', 'ras-lanuf', 'brega', 'zueitina', 'hariga', 'sharara', 'el-feel']) {
      expect({ id, status: at('2020-01-20T00:00:00Z', id).status }).toEqual({ id, status: 'disrupted' });
    }
    for (const id of ['bouri', 'al-jurf'])
      expect(at('2020-01-20T00:00:00Z', id).status).not.toBe('disrupted');
  });

  it('puts the national expected loss on 20 January between 700 and 1,300 kb/d', () => {
    const loss = at('2020-01-20T00:00:00Z', 'LY').lossKbd;
    expect(loss).toBeGreaterThanOrEqual(700);
    expect(loss).toBeLessThanOrEqual(1300);
  });

  it('keeps Es Sider disrupted in mid-February: an outage lasts until a restart, however long', () => {
    expect(at('2020-02-15T00:00:00Z', 'es-sider')).toMatchObject({ status: 'disrupted', p: 1 });
  });

  it('brings the national expected loss under 300 kb/d by mid-November, after the restarts', () => {
    expect(at('2020-11-15T00:00:00Z', 'LY').lossKbd).toBeLessThan(300);
  });

  it('counts each event once and reports the model version and every parameter', () => {
    // The same-id copy is a duplicate; the same-content copy is irrelevant news, which (as
    // live) is counted irrelevant, not duplicate.
    expect(summary.counts).toMatchObject({ rejected: 0, duplicate: 1, irrelevant: 3 });
    expect(summary.counts.read).toBe(
      summary.counts.accepted! + summary.counts.rejected! + summary.counts.duplicate!,
    );
    expect(summary.modelVersion).toBe(MODEL_VERSION);
    expect(summary.parameters.model.horizonDays).toBe(7);
    expect(Object.keys(summary.parameters.mapping).length).toBeGreaterThan(10);
  });

  it('warns of the January closures at the alert threshold before they start', () => {
    const january = summary.evaluation.outages.filter((o) =>
      ['es-sider', 'ras-lanuf', 'brega', 'zueitina', 'hariga'].includes(o.assetId),
    );
    expect(january.length).toBeGreaterThanOrEqual(5);
  });

  it('gives a byte-identical scores.csv when run twice on the same input', async () => {
    const out = mkdtempSync(join(tmpdir(), 'crescent-bt-'));
    dirs.push(out);
    expect((await runBacktest(out)).code).toBe(0);
    expect(readFileSync(join(out, 'scores.csv'), 'utf8') === csv).toBe(true);
  });
});
