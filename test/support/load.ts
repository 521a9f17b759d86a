/** Deterministic structured events for load and fault tests: same seed, same events. */
import { seededRandom } from './seeded-random';

const ASSETS = [
  'es-sider',
  'ras-lanuf',
  'brega',
  'zueitina',
  'hariga',
  'sharara',
  'el-feel',
  'sarir',
  'messla',
  'waha',
  'bouri',
  'mellitah',
  'zawiya',
  'amal',
  'nafoora',
];
const TYPES = [
  'facility_attack',
  'facility_protest',
  'armed_clash',
  'force_majeure_declared',
  'restart',
  'port_blockade',
];

/** `count` structured events about named facilities, one hour apart from 2020-01-01, as raw-topic JSON. */
export function facilityEvents(count: number, seed: number, idPrefix: string): string[] {
  const random = seededRandom(seed);
  const start = Date.UTC(2020, 0, 1);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const asset = ASSETS[Math.floor(random() * ASSETS.length)]!;
    const type = TYPES[Math.floor(random() * TYPES.length)]!;
    out.push(
      JSON.stringify({
        kind: 'event',
        id: `${idPrefix}-${i}`,
        occurredAt: new Date(start + i * 3_600_000).toISOString(),
        type,
        location: { name: asset },
        assets: [asset],
        severity: Math.round((0.3 + 0.7 * random()) * 100) / 100,
        summary: `${type.replace(/_/g, ' ')} at ${asset} (load ${i})`,
      }),
    );
  }
  return out;
}
