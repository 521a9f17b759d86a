import { EVENT_TYPES } from '../events/event-type';
import {
  DEFAULT_MAPPING_PARAMS,
  MAPPING_PARAM_NAMES,
  isMappingParamName,
  resolveMappingParams,
} from './mapping-params';

describe('mapping parameters', () => {
  it('are one flat record of finite, non-negative numbers a backtest can sweep by name', () => {
    for (const name of MAPPING_PARAM_NAMES) {
      const value = DEFAULT_MAPPING_PARAMS[name];
      expect({ name, ok: typeof value === 'number' && Number.isFinite(value) && value >= 0 }).toEqual({
        name,
        ok: true,
      });
      expect(isMappingParamName(name)).toBe(true);
    }
  });

  it('have a type weight and a kernel radius for every event type', () => {
    for (const type of EVENT_TYPES) {
      expect(isMappingParamName(`typeWeight.${type}`)).toBe(true);
      expect(isMappingParamName(`radiusKm.${type}`)).toBe(true);
    }
  });

  it('give irrelevant events no weight', () => {
    expect(DEFAULT_MAPPING_PARAMS['typeWeight.irrelevant']).toBe(0);
  });

  it('overlay overrides on the defaults without changing the defaults', () => {
    const p = resolveMappingParams({ nationalWeight: 0.5, 'radiusKm.armed_clash': 120 });
    expect(p.nationalWeight).toBe(0.5);
    expect(p['radiusKm.armed_clash']).toBe(120);
    expect(p.directWeight).toBe(DEFAULT_MAPPING_PARAMS.directWeight);
    expect(DEFAULT_MAPPING_PARAMS.nationalWeight).not.toBe(0.5);
  });

  it('refuse a value that would flip a sign, break a kernel or exceed a fraction, naming the parameter', () => {
    expect(() => resolveMappingParams({ factionWeight: -0.1 })).toThrow(/factionWeight/);
    expect(() => resolveMappingParams({ proximityWeight: Number.NaN })).toThrow(/proximityWeight/);
    expect(() => resolveMappingParams({ 'radiusKm.facility_attack': 0 })).toThrow(/radiusKm.facility_attack/);
    expect(() => resolveMappingParams({ factionAllyShare: 1.5 })).toThrow(/factionAllyShare/);
    expect(() => resolveMappingParams({ outageMinConfidence: 2 })).toThrow(/outageMinConfidence/);
  });
});
