import { cameoEntry, resolveCameoTarget, type CameoContext } from './cameo-taxonomy';

const none: CameoContext = { assetKinds: [], foreignActor: false };
const typeOf = (code: string, ctx: CameoContext = none) => {
  const found = cameoEntry(code);
  return found === undefined ? 'irrelevant' : resolveCameoTarget(found.entry.target, ctx);
};

describe('CAMEO codes onto the taxonomy', () => {
  it.each([
    ['0871', 'ceasefire_agreed'],
    ['087', 'ceasefire_agreed'],
    ['0874', 'ceasefire_agreed'],
    ['0872', 'restart'],
    ['046', 'talks_progressing'],
    ['057', 'talks_progressing'],
    ['036', 'talks_progressing'],
    ['1056', 'talks_progressing'],
    ['107', 'talks_progressing'],
    ['125', 'talks_failed'],
    ['127', 'talks_failed'],
    ['1246', 'talks_failed'],
    ['164', 'talks_failed'],
    ['138', 'talks_failed'],
    ['1384', 'talks_failed'],
    ['1381', 'facility_protest'],
    ['1312', 'sanctions'],
    ['1244', 'sanctions'],
    ['163', 'sanctions'],
    ['141', 'facility_protest'],
    ['1441', 'facility_protest'],
    ['172', 'institutional_crisis'],
    ['190', 'armed_clash'],
    ['193', 'armed_clash'],
    ['195', 'armed_clash'],
    ['183', 'armed_clash'],
    ['196', 'ceasefire_violated'],
    ['200', 'armed_clash'],
    ['010', 'irrelevant'],
    ['042', 'irrelevant'],
    ['173', 'irrelevant'],
  ])('%s -> %s', (code, type) => {
    expect(typeOf(code)).toBe(type);
  });

  it('violence at a named oil asset is an attack on it, elsewhere a clash', () => {
    expect(typeOf('194', { assetKinds: ['terminal'], foreignActor: false })).toBe('facility_attack');
    expect(typeOf('1711', { assetKinds: ['field'], foreignActor: false })).toBe('facility_attack');
    expect(typeOf('194')).toBe('armed_clash');
  });

  it('a blockade is an outage of the kind of asset it names, and siege warfare where it names none', () => {
    expect(typeOf('191', { assetKinds: ['terminal'], foreignActor: false })).toBe('port_blockade');
    expect(typeOf('191', { assetKinds: ['pumping_station'], foreignActor: false })).toBe('valve_closure');
    expect(typeOf('191', { assetKinds: ['field'], foreignActor: false })).toBe('field_shutdown');
    expect(typeOf('191')).toBe('armed_clash');
  });

  it('a show of force is a deployment when a foreign state makes it', () => {
    expect(typeOf('154', { assetKinds: [], foreignActor: true })).toBe('foreign_deployment');
    expect(typeOf('154')).toBe('armed_clash');
  });

  it('marks threats and appeals as verbal', () => {
    expect(cameoEntry('1381')?.entry.verbal).toBe(true);
    expect(cameoEntry('026')?.entry.verbal).toBe(true);
    expect(cameoEntry('196')?.entry.verbal).toBe(false);
  });

  it('looks codes up most specific first', () => {
    expect(cameoEntry('1246')?.code).toBe('1246');
    expect(cameoEntry('1245')?.code).toBe('124');
    expect(cameoEntry('1383')?.code).toBe('13');
  });
});
