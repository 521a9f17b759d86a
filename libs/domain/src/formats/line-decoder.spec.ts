import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LIBYA_REGISTRY } from '../assets/registry';
import { createLineDecoder, type DecodedItem } from './line-decoder';
import { normaliseMessage } from './normalise-record';

const ctx = { registry: LIBYA_REGISTRY };
const fixture = (path: string): string => readFileSync(join(__dirname, '../../fixtures', path), 'utf8');

function decode(text: string): DecodedItem[] {
  const d = createLineDecoder(ctx);
  return [...text.split('\n').flatMap((l) => d.push(l)), ...d.end()];
}

const summary = (items: readonly DecodedItem[]) =>
  items.map((i) => `${i.line}:${i.result.ok ? i.result.value.id : `!${i.result.rejection.code}`}`);

describe('the line decoder', () => {
  it('reads a GDELT export file row by row', () => {
    expect(summary(decode(fixture('gdelt/libya-2020-01.export.tsv')))).toEqual([
      '1:gdelt:894311201',
      '2:gdelt:894311202',
      '3:gdelt:895020417',
      '4:gdelt:894877310',
      '5:gdelt:894900001',
    ]);
  });

  it('reads an ACLED CSV, reporting a multi-line record at the line it starts on', () => {
    expect(summary(decode(fixture('acled/libya-2020-01.csv')))).toEqual([
      '2:acled:LBY7101',
      '3:acled:LBY7102',
      '4:acled:LBY7103',
      '6:acled:LBY7104',
      '7:acled:TUN2201',
    ]);
  });

  it('reads JSONL of mixed kinds and mixed files, rejecting bad lines in place', () => {
    const text = [
      fixture('news/january-2020.jsonl').split('\n')[1],
      '',
      fixture('structured/events.jsonl').split('\n')[0],
      JSON.stringify({ kind: 'gdelt', row: fixture('gdelt/libya-2020-01.export.tsv').split('\n')[3] }),
      '{"kind":"news",',
      'just some words',
      fixture('gdelt/libya-2020-01.export.tsv').split('\n')[0],
      ...fixture('acled/libya-2020-01.csv').split('\n').slice(0, 2),
      '{"kind":"acled"}',
    ].join('\n');
    expect(summary(decode(text))).toEqual([
      '1:news:jan20-force-majeure',
      '3:event:analyst-2020-01-18-es-sider',
      '4:gdelt:894877310',
      '5:!malformed_json',
      '6:!unknown_kind',
      '7:gdelt:894311201',
      '9:acled:LBY7101',
      '10:!missing_field',
    ]);
  });

  it('yields nothing for blank lines and strips a byte-order mark and carriage returns', () => {
    const line = fixture('news/january-2020.jsonl').split('\n')[0] ?? '';
    expect(summary(decode(`\ufeff${line}\r\n\r\n   \n`))).toEqual(['1:news:jan20-threat-ports']);
  });

  it('a quoted field left open at the end of input is rejected, not dropped', () => {
    const [header = ''] = fixture('acled/libya-2020-01.csv').split('\n');
    const items = decode(`${header}\nLBY1,"never closed\nstill going`);
    expect(summary(items)).toEqual(['2:!invalid_field']);
  });

  it('an unclosed quote cannot swallow more than the record limit', () => {
    const [header = ''] = fixture('acled/libya-2020-01.csv').split('\n');
    const d = createLineDecoder({ registry: LIBYA_REGISTRY, limits: { maxMessageBytes: 1000 } });
    const out: DecodedItem[] = [...d.push(header), ...d.push('LBY1,"open')];
    for (let i = 0; i < 100; i++) out.push(...d.push('x'.repeat(50)));
    expect(summary(out)[0]).toBe('2:!oversized');
  });

  it('counts the record limit in UTF-8 bytes, as documented, not in characters', () => {
    // 2-byte characters: 30 lines of 20 make 600 characters but 1,230 bytes.
    const [header = ''] = fixture('acled/libya-2020-01.csv').split('\n');
    const d = createLineDecoder({ registry: LIBYA_REGISTRY, limits: { maxMessageBytes: 1000 } });
    const out: DecodedItem[] = [...d.push(header), ...d.push('LBY1,"open')];
    for (let i = 0; i < 30; i++) out.push(...d.push('\u0644'.repeat(20)));
    expect(summary(out)[0]).toBe('2:!oversized');
  });

  it('inside an ACLED section, a row whose note holds a tab is still an ACLED row', () => {
    const [header = '', row = ''] = fixture('acled/libya-2020-01.csv').split('\n');
    const gdeltRow = fixture('gdelt/libya-2020-01.export.tsv').split('\n')[0] ?? '';
    const items = decode([header, row.replace('entered the', 'entered\tthe'), gdeltRow].join('\n'));
    expect(summary(items)).toEqual(['2:acled:LBY7101', '3:gdelt:894311201']);
  });

  it('keeps state per decoder: a header in one file does not leak into another', () => {
    const [header = '', row = ''] = fixture('acled/libya-2020-01.csv').split('\n');
    const first = createLineDecoder(ctx);
    first.push(header);
    const second = createLineDecoder(ctx);
    expect(summary(second.push(row))).toEqual(['1:!unknown_kind']);
  });

  it('reads an upper-case ACLED header as the same header', () => {
    const [header = '', row = ''] = fixture('acled/libya-2020-01.csv').split('\n');
    expect(summary(decode([header.toUpperCase(), row].join('\n')))).toEqual(['2:acled:LBY7101']);
  });

  it('names the missing columns of an old upper-case header instead of calling its rows unknown', () => {
    const old =
      'GWNO,EVENT_ID_CNTY,EVENT_DATE,EVENT_TYPE,ACTOR1,ACTOR2,LATITUDE,LONGITUDE,GEO_PRECISION,NOTES,FATALITIES';
    const items = decode(
      `${old}\n620,LBY1,17 January 2016,Battle-No change of territory,A,B,32.1,20.1,1,x,0`,
    );
    expect(summary(items)).toEqual(['1:!bad_header', '2:!bad_header']);
    const first = items[0]?.result;
    expect(first !== undefined && !first.ok && first.rejection.reason).toContain('sub_event_type, timestamp');
  });

  it('refuses a line whose bytes are not UTF-8 as the ingestor refuses such a message, and a whole ACLED record holding one', () => {
    const news = fixture('news/january-2020.jsonl').split('\n')[0] ?? '';
    const gdelt = fixture('gdelt/libya-2020-01.export.tsv').split('\n')[0] ?? '';
    const [header = '', row = ''] = fixture('acled/libya-2020-01.csv').split('\n');
    const d = createLineDecoder(ctx);
    const lines: [string, boolean][] = [
      [news.replace('Libya', 'Libya\ufffd'), true],
      [gdelt, true],
      ['words \ufffd', true],
      [header, false],
      [row, false],
      // A quoted note over three lines, the second not UTF-8: one record, refused.
      ...row
        .replace('LBY7101', 'LBY7199')
        .replace('"On 17 January 2020', '"On 17\nJanuary\ufffd\n2020')
        .split('\n')
        .map((l, i): [string, boolean] => [l, i === 1]),
      [row.replace('LBY7101', 'LBY7198'), true],
      [header.toUpperCase(), true],
      [row.replace('LBY7101', 'LBY7197'), false],
    ];
    const items = lines.flatMap(([line, notUtf8]) => d.push(line, notUtf8));
    expect(summary(items)).toEqual([
      '1:!malformed_json',
      '2:!malformed_json',
      '3:!malformed_json',
      '5:acled:LBY7101',
      '6:!malformed_json',
      '9:!malformed_json',
      '10:!malformed_json',
      '11:!bad_header',
    ]);
    for (const item of items.filter((i) => !i.result.ok && i.result.rejection.code === 'malformed_json'))
      expect(item.result).toEqual({
        ok: false,
        rejection: { code: 'malformed_json', reason: 'message value is not valid UTF-8' },
      });
  });

  it('decides JSON null and arrays as the ingestor decides them as messages, in an ACLED section too', () => {
    const [header = ''] = fixture('acled/libya-2020-01.csv').split('\n');
    const lines = ['null', '  null ', '[]', '[{"kind":"news"}]', '[1,', '[Reuters] Libya oil'];
    for (const acled of [false, true]) {
      for (const line of lines) {
        const d = createLineDecoder(ctx);
        if (acled) d.push(header);
        const live = normaliseMessage(line, ctx);
        expect({ acled, line, result: d.push(line)[0]?.result }).toEqual({ acled, line, result: live });
      }
    }
    const live = (line: string) => {
      const r = normaliseMessage(line, ctx);
      return r.ok ? 'accepted' : r.rejection.code;
    };
    expect(lines.map(live)).toEqual([
      'empty_input',
      'empty_input',
      'unknown_kind',
      'unknown_kind',
      'malformed_json',
      'malformed_json',
    ]);
  });

  it('trims spaces around an id of every kind, as a message (ingestor) and as a file line (backtest)', () => {
    const firstRecord = (path: string) =>
      JSON.parse(fixture(path).split('\n')[0] ?? '') as Readonly<Record<string, unknown>>;
    const news = firstRecord('news/january-2020.jsonl');
    const event = firstRecord('structured/events.jsonl');
    const gdelt = fixture('gdelt/libya-2020-01.export.tsv').split('\n')[0] ?? '';
    const [header = '', row = ''] = fixture('acled/libya-2020-01.csv').split('\n');
    const padded = (id: unknown): string => ` ${String(id)}\t `;
    const cases: [string, string][] = [
      [JSON.stringify({ ...news, id: padded(news.id) }), `news:${String(news.id)}`],
      [JSON.stringify({ ...event, id: padded(event.id) }), `event:${String(event.id)}`],
      [gdelt.replace(/^[0-9]+/, (id) => ` ${id} `), 'gdelt:894311201'],
    ];
    for (const [line, id] of cases) {
      const live = normaliseMessage(line, ctx);
      const file = decode(line)[0]?.result;
      expect({ line, live: live.ok && [live.value.id, live.value.raw.ref] }).toEqual({
        line,
        live: [id, expect.not.stringMatching(/^\s|\s$/) as unknown],
      });
      expect(file).toEqual(live);
    }
    expect(summary(decode([header, row.replace('LBY7101', ' LBY7101 ')].join('\n')))).toEqual([
      '2:acled:LBY7101',
    ]);
  });
});
