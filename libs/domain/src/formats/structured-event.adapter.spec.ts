import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LIBYA_REGISTRY } from '../assets/registry';
import { EVENT_TYPES } from '../events/event-type';
import type { GeoEvent } from '../events/geo-event';
import { normaliseRecord } from './normalise-record';

const ctx = { registry: LIBYA_REGISTRY };
const [blockade, truce] = readFileSync(join(__dirname, '../../fixtures/structured/events.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l !== '')
  .map((l) => JSON.parse(l) as Record<string, unknown>);

function value(input: unknown): GeoEvent {
  const r = normaliseRecord(input, ctx);
  if (!r.ok) throw new Error(`rejected: ${r.rejection.reason}`);
  return r.value;
}

describe('structured events', () => {
  it('takes the type as given and knownAt from reportedAt', () => {
    const e = value(blockade);
    expect(e.id).toBe('event:analyst-2020-01-18-es-sider');
    expect(e.type).toBe('port_blockade');
    expect(e.occurredAt.toISO()).toBe('2020-01-18T06:00:00.000Z');
    expect(e.knownAt.toISO()).toBe('2020-01-18T09:15:00.000Z');
    expect(e.severity).toBe(0.9);
    expect(e.confidence).toBe(1);
    expect(e.source).toBe('crescent-analyst');
  });

  it('resolves asset aliases to ids and actor names to gazetteer ids', () => {
    const e = value(blockade);
    expect(e.assets).toEqual(['es-sider', 'ras-lanuf']);
    expect(e.actors).toEqual(['lna', 'pfg']);
    expect(e.primaryActor).toBe('lna');
    expect(e.location).toMatchObject({ name: 'Es Sider', precision: 'facility', country: 'LY' });
  });

  it('without reportedAt, knownAt is occurredAt; given coordinates are exact', () => {
    const e = value(truce);
    expect(e.knownAt.toISO()).toBe(e.occurredAt.toISO());
    expect(e.location).toEqual({ name: 'Tripoli', lat: 32.89, lon: 13.19, precision: 'exact' });
    expect(e.severity).toBeGreaterThan(0);
  });

  it('a location that is an asset names it when no assets are listed', () => {
    const e = value({
      kind: 'event',
      id: 'x',
      occurredAt: '2020-01-19',
      type: 'valve_closure',
      location: { name: 'Hamada valve' },
    });
    expect(e.assets).toEqual(['hamada-pumping-station']);
  });

  it('keeps an actor the gazetteer does not know, as a slug', () => {
    expect(value({ ...truce, actors: ['Zawiya Martyrs Brigade'] }).actors).toEqual([
      'zawiya-martyrs-brigade',
    ]);
  });

  it('an unknown type is refused with the list of valid ones', () => {
    const r = normaliseRecord({ ...blockade, type: 'port_closed' }, ctx);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.rejection).toMatchObject({ code: 'invalid_field', field: 'type' });
      for (const t of EVENT_TYPES) expect(r.rejection.reason).toContain(t);
    }
  });

  it.each([
    [{ assets: ['Atlantis terminal'] }, 'invalid_field', 'assets[0]'],
    [{ assets: 'es-sider' }, 'invalid_field', 'assets'],
    [{ actors: [3] }, 'invalid_field', 'actors[0]'],
    [{ severity: 1.5 }, 'invalid_field', 'severity'],
    [{ confidence: 'high' }, 'invalid_field', 'confidence'],
    [{ location: { lat: 30.6 } }, 'missing_field', 'location.lon'],
    [{ location: { lat: 91, lon: 18 } }, 'invalid_coordinates', 'location.lat'],
    [{ location: { lat: 30, lon: 'east' } }, 'invalid_coordinates', 'location.lon'],
    [{ location: { name: 'Es Sider', precision: 'street' } }, 'invalid_field', 'location.precision'],
    [{ location: 'Es Sider' }, 'invalid_field', 'location'],
    [{ location: undefined }, 'missing_field', 'location'],
    [{ reportedAt: 'later' }, 'invalid_date', 'reportedAt'],
    [{ occurredAt: '2101-01-01T00:00:00Z' }, 'invalid_date', 'occurredAt'],
  ])('refuses %j with %s naming %s', (change, code, field) => {
    const r = normaliseRecord({ ...blockade, ...change }, ctx);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.rejection).toMatchObject({ code, field });
  });
});
