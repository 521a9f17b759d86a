import { LIBYA_REGISTRY } from '../assets/registry';
import { scoreDependents } from './score-dependents';

describe('scoreDependents', () => {
  it('a closed export terminal changes the scores of the fields that ship through it', () => {
    const dependents = scoreDependents(LIBYA_REGISTRY, 'es-sider');
    expect(dependents).toContain('es-sider');
    for (const field of LIBYA_REGISTRY.upstreamOf('es-sider')) {
      if (LIBYA_REGISTRY.get(field)?.kind === 'field') expect(dependents).toContain(field);
    }
  });

  it('an offshore field affects no onshore asset', () => {
    expect(scoreDependents(LIBYA_REGISTRY, 'bouri')).toEqual(['bouri']);
  });

  it('every asset depends at least on itself, and an unknown id on nothing else', () => {
    for (const a of LIBYA_REGISTRY.assets) expect(scoreDependents(LIBYA_REGISTRY, a.id)).toContain(a.id);
    expect(scoreDependents(LIBYA_REGISTRY, 'atlantis')).toEqual(['atlantis']);
  });
});
