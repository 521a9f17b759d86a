import { DateTime } from 'luxon';
import type { Impact } from '@crescent/domain';
import { fromImpactsMessage, impactsMessages, toAssetImpact, type ImpactOfEvent } from './impact-message';
import { assetImpactsMessageSchema } from './messages';
import { TOPICS } from './topics';

const impact = (over: Partial<Impact> = {}): Impact => ({
  eventId: 'event:fm-1',
  assetId: 'sarir',
  eventType: 'force_majeure_declared',
  channel: 'pipeline',
  intensity: 0.81,
  at: DateTime.fromISO('2020-01-18T12:00:00Z', { zone: 'utc' }),
  outage: 'start',
  via: 'hariga',
  explanation: 'Sarir ships through Hariga, which closed.',
  ...over,
});
const event = { source: 'NOC', kind: 'event' as const, summary: 'force majeure at Hariga' };
const read = (value: string) => fromImpactsMessage(assetImpactsMessageSchema.parse(JSON.parse(value)));
const comparable = (i: Impact) => ({ ...i, at: i.at.toISO() });

describe('asset impacts messages', () => {
  it('impacts survive the trip through their topic unchanged, and the message validates', () => {
    const items: ImpactOfEvent[] = [
      { impact: impact(), event },
      { impact: impact({ eventId: 'event:x', channel: 'direct', outage: undefined, via: undefined }), event },
    ];
    const [msg, ...rest] = impactsMessages(items);
    expect(rest).toEqual([]);
    expect(msg?.assetId).toBe('sarir');
    expect(JSON.parse(msg?.value ?? '')).toMatchObject({ schema: TOPICS.assetImpacts, assetId: 'sarir' });
    expect(read(msg?.value ?? '').map(comparable)).toEqual(items.map((i) => comparable(i.impact)));
  });

  it('one message per asset, in first-seen order, each asset keeping its impacts in order', () => {
    const items = ['sarir', 'es-sider', 'sarir', 'hariga', 'es-sider'].map((assetId, k) => ({
      impact: impact({ assetId, eventId: `event:${k}` }),
      event,
    }));
    const messages = impactsMessages(items);
    expect(messages.map((m) => m.assetId)).toEqual(['sarir', 'es-sider', 'hariga']);
    expect(messages.map((m) => read(m.value).map((i) => i.eventId))).toEqual([
      ['event:0', 'event:2'],
      ['event:1', 'event:4'],
      ['event:3'],
    ]);
  });

  it("splits an asset's impacts into messages under the byte limit, in order", () => {
    const items = Array.from({ length: 50 }, (_, k) => ({
      impact: impact({ eventId: `event:${k}` }),
      event,
    }));
    const messages = impactsMessages(items, 2_000);
    expect(messages.length).toBeGreaterThan(5);
    for (const m of messages) expect(Buffer.byteLength(m.value)).toBeLessThanOrEqual(2_000);
    expect(messages.flatMap((m) => read(m.value).map((i) => i.eventId))).toEqual(
      items.map((i) => i.impact.eventId),
    );
  });

  it('reads the impact time as luxon would, whatever offset and precision the timestamp has', () => {
    const [msg] = impactsMessages([{ impact: impact(), event }]);
    const base = JSON.parse(msg?.value ?? '') as { impacts: Array<Record<string, unknown>> };
    for (const at of [
      '2020-01-18T12:00:00Z',
      '2020-01-18T12:00:00.123Z',
      '2020-01-18T12:00:00.123456789Z',
      '2020-01-18T14:00:00+02:00',
      '2020-01-18T06:30:00.5-05:30',
    ]) {
      const wire = assetImpactsMessageSchema.parse({ ...base, impacts: [{ ...base.impacts[0], at }] });
      const back = fromImpactsMessage(wire)[0]?.at;
      expect(back?.toMillis()).toBe(DateTime.fromISO(at, { zone: 'utc' }).toMillis());
      expect(back?.zoneName).toBe('UTC');
    }
  });

  it('writes each impact as JSON.stringify(toAssetImpact(…)) would, when events, ids and instants repeat or change', () => {
    const other = {
      source: 'Reuters "wire"',
      kind: 'news' as const,
      summary: 'Ras Lanuf \u2014 guards\n"walk out"\\',
    };
    const at = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' });
    const items: ImpactOfEvent[] = [
      { impact: impact(), event },
      { impact: impact({ assetId: 'es-sider', channel: 'direct', via: undefined }), event },
      // The same event object again but another id and instant; then equal content, new objects.
      { impact: impact({ eventId: 'event:fm-2', at: at('2020-01-19T00:00:00Z') }), event },
      {
        impact: impact({ eventId: 'event:fm-2', at: at('2020-01-19T00:00:00Z'), outage: undefined }),
        event: { ...event },
      },
      {
        impact: impact({
          eventId: 'news:r-1 "q"',
          eventType: 'facility_protest',
          channel: 'proximity',
          intensity: -0.1234567890123,
          at: DateTime.fromISO('2020-01-19T03:00:00.5+02:00', { setZone: true }),
          outage: undefined,
          via: undefined,
          explanation: 'Guards at \u201cRas Lanuf\u201d\t22 km away.',
        }),
        event: other,
      },
      {
        impact: impact({
          eventId: 'news:r-1 "q"',
          intensity: 1e-7,
          outage: 'end',
          at: at('2020-01-19T01:00:00Z'),
        }),
        event: other,
      },
      { impact: impact({ intensity: 12 }), event },
    ];
    const expected = new Map<string, string[]>();
    for (const item of items) {
      const list = expected.get(item.impact.assetId) ?? [];
      list.push(JSON.stringify(toAssetImpact(item)));
      expected.set(item.impact.assetId, list);
    }
    const messages = impactsMessages(items);
    expect(messages.map((m) => m.assetId)).toEqual([...expected.keys()]);
    for (const m of messages) {
      expect(m.value).toBe(
        `{"schema":"${TOPICS.assetImpacts}","assetId":${JSON.stringify(m.assetId)},"impacts":[${(expected.get(m.assetId) ?? []).join(',')}]}`,
      );
    }
  });

  it('a message without impacts is refused', () => {
    expect(
      assetImpactsMessageSchema.safeParse({ schema: TOPICS.assetImpacts, assetId: 'sarir', impacts: [] })
        .success,
    ).toBe(false);
  });
});
