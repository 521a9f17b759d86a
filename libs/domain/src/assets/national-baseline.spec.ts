import { LIBYA_REGISTRY } from './registry';

const fields = LIBYA_REGISTRY.assets.filter((a) => a.kind === 'field');
const sum = (ids: readonly string[]): number =>
  ids.reduce((total, id) => total + (LIBYA_REGISTRY.get(id)?.baselineKbd ?? 0), 0);
const fieldsBehind = (terminals: readonly string[]): string[] => [
  ...new Set(
    terminals.flatMap((t) =>
      LIBYA_REGISTRY.upstreamOf(t).filter((id) => LIBYA_REGISTRY.get(id)?.kind === 'field'),
    ),
  ),
];

describe('national baseline (2019, kb/d)', () => {
  it('field baselines add up to a national total inside 1,100-1,250 kb/d', () => {
    const total = fields.reduce((s, f) => s + f.baselineKbd, 0);
    expect(total).toBeGreaterThanOrEqual(1100);
    expect(total).toBeLessThanOrEqual(1250);
    expect(LIBYA_REGISTRY.nationalBaselineKbd()).toBe(total);
  });

  it('the fields behind the five eastern ports make ~700-800 kb/d, as the NOC said when it declared force majeure', () => {
    const behind = sum(fieldsBehind(['es-sider', 'ras-lanuf', 'brega', 'zueitina', 'hariga']));
    expect(behind).toBeGreaterThanOrEqual(700);
    expect(behind).toBeLessThanOrEqual(800);
  });

  it('Sharara and El Feel together make ~370-400 kb/d', () => {
    const west = sum(['sharara', 'el-feel']);
    expect(west).toBeGreaterThanOrEqual(360);
    expect(west).toBeLessThanOrEqual(400);
  });

  it('what is left with the five ports and the Hamada corridor shut is ~70-100 kb/d, mostly offshore', () => {
    const shut = new Set([
      ...fieldsBehind(['es-sider', 'ras-lanuf', 'brega', 'zueitina', 'hariga']),
      ...LIBYA_REGISTRY.upstreamOf('hamada-pumping-station'),
    ]);
    const left = fields.filter((f) => !shut.has(f.id));
    const residual = left.reduce((s, f) => s + f.baselineKbd, 0);
    expect(residual).toBeGreaterThanOrEqual(70);
    expect(residual).toBeLessThanOrEqual(100);
    expect(sum(['bouri', 'al-jurf'])).toBeGreaterThan(residual / 2);
  });

  it('every lumped or estimated field says so in its notes', () => {
    for (const f of fields.filter((a) => a.id.endsWith('-other'))) expect(f.notes ?? '').toMatch(/estimate/i);
  });
});
