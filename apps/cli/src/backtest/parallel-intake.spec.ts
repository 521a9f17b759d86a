import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import v8 from 'node:v8';
import { LIBYA_REGISTRY } from '@crescent/domain';
import { readEvents, type Intake } from './event-intake';
import type { FileRejection } from './outcomes-file';

// The parallel intake must give exactly what the sequential one gives: the same counts,
// the same rejections in the same order with the same line numbers, and the same impacts
// in the same order. Small chunks put chunk boundaries everywhere: inside the ACLED part
// (a quoted field over two lines), right after a BOM, around CRLF and blank lines.
const ROOT = resolve(__dirname, '../../../..');
const fixture = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

function mixedFile(): string {
  const history = fixture('data/history/libya-2020.jsonl').trimEnd().split('\n');
  const news = fixture('libs/domain/fixtures/news/january-2020.jsonl').trimEnd().split('\n');
  const structured = fixture('libs/domain/fixtures/structured/events.jsonl').trimEnd().split('\n');
  const gdelt = fixture('libs/domain/fixtures/gdelt/libya-2020-01.export.tsv').trimEnd().split('\n');
  const acled = fixture('libs/domain/fixtures/acled/libya-2020-01.csv').trimEnd().split('\n');
  const [acledHeader = '', ...acledRows] = acled;
  const lines = [
    ...history.slice(0, 20),
    '',
    '{"kind":"event","id":"bad",',
    ...news,
    'not a record of any kind',
    '{"kind":"news","id":"not-utf8","headline":"Libya oil @FF@"}', // a byte that is not UTF-8
    ...(history[3] === undefined ? [] : [history[3]]), // a duplicate by id
    ...gdelt,
    '   ',
    ...structured,
    ...history.slice(20),
    acledHeader,
    ...acledRows,
    // A quoted note over two lines: one record, which a chunk boundary may cut.
    (acledRows[0] ?? '').replace('LBY7101', 'LBY7199').replace('"On 17 January 2020', '"On 17 January\n2020'),
    // The same, with a byte that is not UTF-8 on its second line: refused as a whole.
    (acledRows[0] ?? '')
      .replace('LBY7101', 'LBY7198')
      .replace('"On 17 January 2020', '"On 17 January\n@FF@2020'),
    ...news.map((l) => l.replace(/"id":"/, '"id":"again-')), // same content, other ids
    'a line after the ACLED rows',
  ];
  // A BOM first, CRLF on some lines and an unclosed quote at the very end.
  return `\ufeff${lines.map((l, i) => (i % 7 === 3 ? `${l}\r\n` : `${l}\n`)).join('')}"unclosed,quote`;
}

interface Seen {
  readonly counts: Intake['counts'];
  readonly rejections: FileRejection[];
  readonly impacts: string[];
}

async function intake(files: readonly string[], workers: number, chunkBytes?: number): Promise<Seen> {
  const rejections: FileRejection[] = [];
  const result = await readEvents(files, {
    registry: LIBYA_REGISTRY,
    keepEvents: false,
    onRejection: (r) => rejections.push(r),
    workers,
    parallelMinBytes: 0,
    ...(chunkBytes === undefined ? {} : { chunkBytes }),
  });
  const impacts: string[] = [];
  for (const i of result.store.inOrder(result.store.sortedOrder()))
    impacts.push(
      [i.eventId, i.eventType, i.atMs, i.assetId, i.channel, i.intensity, i.outage, i.via].join('|'),
    );
  return { counts: result.counts, rejections, impacts };
}

describe('parallel backtest intake', () => {
  const dir = mkdtempSync(join(tmpdir(), 'crescent-parallel-intake-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const first = join(dir, 'mixed.txt');
  const second = join(dir, 'history.jsonl');
  writeFileSync(first, Buffer.from(mixedFile()).toString('latin1').replaceAll('@FF@', '\xff'), 'latin1');
  // The second file repeats events of the first (duplicates across files) and starts with a BOM.
  writeFileSync(second, `\ufeff${fixture('data/history/libya-2020.jsonl')}`);

  let sequential: Seen;
  beforeAll(async () => {
    sequential = await intake([first, second], 1);
  });

  it('reads every kind of line in the mixed file', () => {
    const codes = new Set(sequential.rejections.map((r) => r.code));
    expect(sequential.counts.accepted).toBeGreaterThan(50);
    expect(sequential.counts.duplicate).toBeGreaterThan(40);
    expect(sequential.counts.impacts).toBeGreaterThan(1000);
    for (const code of ['malformed_json', 'unknown_kind', 'invalid_field']) expect(codes).toContain(code);
    const notUtf8 = sequential.rejections.filter((r) => r.reason === 'message value is not valid UTF-8');
    expect(notUtf8).toHaveLength(2);
    // The ACLED row with a quoted field over two lines is one accepted event.
    expect(sequential.impacts.some((i) => i.includes('LBY7199'))).toBe(true);
  });

  it.each([64, 333, 1024, 1 << 20])(
    'gives the sequential result with chunks of %i bytes on two workers',
    async (chunkBytes) => {
      expect(await intake([first, second], 2, chunkBytes)).toEqual(sequential);
    },
    60_000,
  );

  it('gives the sequential result on three workers', async () => {
    expect(await intake([first, second], 3, 200)).toEqual(sequential);
  }, 60_000);

  it('scavenges on one thread only while its workers run, and puts that back when it fails', async () => {
    const setFlags = jest.spyOn(v8, 'setFlagsFromString');
    try {
      await intake([first], 2, 4096);
      // A folder opens, then cannot be read: the intake fails with its workers running.
      await expect(intake([first, dir], 2, 4096)).rejects.toThrow(/EISDIR/);
      expect(setFlags.mock.calls.map(([flags]) => flags)).toEqual([
        '--no-parallel-scavenge',
        '--parallel-scavenge',
        '--no-parallel-scavenge',
        '--parallel-scavenge',
      ]);
    } finally {
      setFlags.mockRestore();
    }
  }, 60_000);
});
