import { DateTime } from 'luxon';
import type { Impact } from '@crescent/domain';
import { fromImpactMessage, toImpactMessage } from './impact-message';
import { assetImpactMessageSchema } from './messages';

describe('asset impact messages', () => {
  it('an impact survives the trip through its topic unchanged, and the message validates', () => {
    const impact: Impact = {
      eventId: 'event:fm-1',
      assetId: 'sarir',
      eventType: 'force_majeure_declared',
      channel: 'pipeline',
      intensity: 0.81,
      at: DateTime.fromISO('2020-01-18T12:00:00Z', { zone: 'utc' }),
      outage: 'start',
      via: 'hariga',
      explanation: 'Sarir ships through Hariga, which closed.',
    };
    const msg = toImpactMessage(impact, { source: 'NOC', kind: 'event', summary: 'force majeure at Hariga' });
    const wire = assetImpactMessageSchema.parse(JSON.parse(JSON.stringify(msg)));
    const back = fromImpactMessage(wire);
    expect({ ...back, at: back.at.toISO() }).toEqual({ ...impact, at: impact.at.toISO() });
  });

  it('reads the impact time as luxon would, whatever offset and precision the timestamp has', () => {
    const base = toImpactMessage(
      {
        eventId: 'event:x',
        assetId: 'sarir',
        eventType: 'facility_attack',
        channel: 'direct',
        intensity: 0.5,
        at: DateTime.fromISO('2020-01-18T12:00:00Z', { zone: 'utc' }),
        explanation: 'x',
      },
      { source: 'NOC', kind: 'event', summary: 'x' },
    );
    for (const at of [
      '2020-01-18T12:00:00Z',
      '2020-01-18T12:00:00.123Z',
      '2020-01-18T12:00:00.123456789Z',
      '2020-01-18T14:00:00+02:00',
      '2020-01-18T06:30:00.5-05:30',
    ]) {
      const wire = assetImpactMessageSchema.parse({ ...base, at });
      const back = fromImpactMessage(wire).at;
      expect(back.toMillis()).toBe(DateTime.fromISO(at, { zone: 'utc' }).toMillis());
      expect(back.zoneName).toBe('UTC');
    }
  });
});
