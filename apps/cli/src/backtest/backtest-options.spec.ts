import { parseBacktestArgs } from './backtest-options';
import { sweepGrid } from './run-backtest';

describe('crescent backtest arguments', () => {
  it('reads repeated inputs, the period, the step and parameter overrides', () => {
    const o = parseBacktestArgs([
      '--input',
      'a.jsonl',
      '--input',
      'b.csv',
      '--from',
      '2020-01-01',
      '--to=2020-02-01',
      '--step',
      '6h',
      '--param',
      'horizonDays=3',
      '--param',
      'nationalWeight=0.1',
      '--out',
      'dir',
    ]);
    expect(o).toMatchObject({
      inputs: ['a.jsonl', 'b.csv'],
      from: '2020-01-01',
      to: '2020-02-01',
      step: '6h',
      params: { horizonDays: 3, nationalWeight: 0.1 },
      out: 'dir',
      quiet: false,
    });
  });

  it('reads numbers as decimals only, and --param=name=value like the other options', () => {
    for (const bad of ['0x10', '', ' ', '0b1', '1,5', 'Infinity'])
      expect(parseBacktestArgs(['--input', 'a', '--out', 'd', '--param', `intensityScale=${bad}`])).toContain(
        'is not a number',
      );
    for (const [raw, n] of [
      ['2', 2],
      ['0.5', 0.5],
      ['.5', 0.5],
      ['1e1', 10],
      ['-0.25', -0.25],
    ] as const)
      expect(
        parseBacktestArgs(['--input', 'a', '--out', 'd', '--param', `intensityScale=${raw}`]),
      ).toMatchObject({
        params: { intensityScale: n },
      });
    expect(parseBacktestArgs(['--input', 'a', '--out', 'd', '--param=intensityScale=1.5'])).toMatchObject({
      params: { intensityScale: 1.5 },
    });
    expect(parseBacktestArgs(['--input', 'a', '--out', 'd', '--sweep=horizonDays=3,7'])).toMatchObject({
      sweep: [{ name: 'horizonDays', values: [3, 7] }],
    });
  });

  it('takes a worker count from 1 up, and none by default', () => {
    expect(parseBacktestArgs(['--input', 'a', '--out', 'd', '--workers', '3'])).toMatchObject({ workers: 3 });
    expect(parseBacktestArgs(['--input', 'a', '--out', 'd'])).not.toHaveProperty('workers');
    for (const bad of ['0', '1.5', 'two', '-2'])
      expect(parseBacktestArgs(['--input', 'a', '--out', 'd', '--workers', bad])).toContain('--workers');
  });

  it('names the unknown parameter instead of ignoring it', () => {
    expect(parseBacktestArgs(['--input', 'a', '--out', 'd', '--param', 'halfLife=3'])).toContain('halfLife');
  });

  it('refuses a step it does not support and a missing --out', () => {
    expect(parseBacktestArgs(['--input', 'a', '--out', 'd', '--step', '2h'])).toContain('--step');
    expect(parseBacktestArgs(['--input', 'a'])).toContain('--out');
  });

  it('expands sweeps into the full grid, last name varying fastest', () => {
    const o = parseBacktestArgs([
      '--input',
      'a',
      '--out',
      'd',
      '--sweep',
      'intensityScale=0.5,1',
      '--sweep',
      'horizonDays=3,7',
      '--rank-by',
      'rocAuc',
    ]);
    if (typeof o === 'string') throw new Error(o);
    expect(o.rankBy).toBe('rocAuc');
    expect(sweepGrid(o.sweep)).toEqual([
      { intensityScale: 0.5, horizonDays: 3 },
      { intensityScale: 0.5, horizonDays: 7 },
      { intensityScale: 1, horizonDays: 3 },
      { intensityScale: 1, horizonDays: 7 },
    ]);
  });
});
