import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normaliseMessage, LIBYA_REGISTRY } from '@crescent/domain';
import { RawMessageReader } from './raw-messages';

const FIXTURES = join(__dirname, '../../../../libs/domain/fixtures');
const read = (p: string): string[] => readFileSync(join(FIXTURES, p), 'utf8').split('\n');

function all(lines: readonly string[]) {
  const reader = new RawMessageReader();
  return lines.flatMap((l) => reader.push(l)).map((m) => ({ ...m, value: text(m.value) }));
}
const text = (value: string | Buffer): string => (typeof value === 'string' ? value : value.toString('utf8'));

describe('replay: event files to raw-topic messages', () => {
  it('JSON lines go out as they are, with their knownAt for pacing; blank lines are skipped', () => {
    const lines = read('news/january-2020.jsonl');
    const out = all([...lines, '', '   ']);
    expect(out.map((m) => m.value)).toEqual(lines.filter((l) => l.trim() !== '').map((l) => l.trim()));
    expect(out.every((m) => typeof m.knownAtMs === 'number')).toBe(true);
  });

  it('ACLED CSV rows become {kind:"acled", record} messages the ingestor accepts', () => {
    const out = all(read('acled/libya-2020-01.csv'));
    expect(out.length).toBeGreaterThan(0);
    for (const m of out) {
      expect(JSON.parse(m.value)).toMatchObject({ kind: 'acled', record: expect.any(Object) });
      expect(normaliseMessage(m.value, { registry: LIBYA_REGISTRY }).ok).toBe(true);
    }
  });

  it('GDELT export rows go out as they are', () => {
    const lines = read('gdelt/libya-2020-01.export.tsv').filter((l) => l.trim() !== '');
    expect(all(lines).map((m) => m.value)).toEqual(lines);
  });

  it('a line the ingestor will refuse is still sent (it must reach the dead-letter topic), without a knownAt', () => {
    const out = all(['{"kind":"news","id":']);
    expect(out).toHaveLength(1);
    expect(out[0]?.knownAtMs).toBeUndefined();
  });
});

describe('replay reads a mixed file as the backtest does', () => {
  const [header = '', row = ''] = read('acled/libya-2020-01.csv');
  const event = read('structured/events.jsonl')[0] ?? '';
  const accepted = (lines: readonly string[]) =>
    all(lines).map((m) => {
      const r = normaliseMessage(m.value, { registry: LIBYA_REGISTRY });
      return r.ok ? r.value.id : `!${r.rejection.code}`;
    });

  it('a JSON line between ACLED rows does not end the ACLED section', () => {
    const second = row.replace('LBY7101', 'LBY7199');
    expect(accepted([header, row, event, second])).toEqual([
      'acled:LBY7101',
      'event:analyst-2020-01-18-es-sider',
      'acled:LBY7199',
    ]);
  });

  it('an ACLED row whose note holds a tab is an ACLED row, not a GDELT row', () => {
    expect(accepted([header, row.replace('entered the', 'entered\tthe')])).toEqual(['acled:LBY7101']);
  });

  it('header names are read trimmed, as the backtest reads them', () => {
    expect(accepted([header.split(',').join(', '), row])).toEqual(['acled:LBY7101']);
  });

  it('a line whose bytes are not UTF-8 goes as those bytes, which the ingestor refuses as the backtest does', () => {
    const reader = new RawMessageReader();
    const bad = Buffer.concat([
      Buffer.from('{"kind":"news","id":"n1","headline":"Libya '),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"}'),
    ]);
    const out = [...reader.push('{"kind":"news","id":"n0"}'), ...reader.pushBytes(bad.toString('utf8'), bad)];
    expect(out.map((m) => m.line)).toEqual([1, 2]);
    expect(Buffer.isBuffer(out[1]?.value) && out[1].value.equals(bad)).toBe(true);
    expect(isUtf8(out[1]?.value as Buffer)).toBe(false);
  });
});
