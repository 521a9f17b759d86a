import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LIBYA_REGISTRY } from '@crescent/domain';
import { readEvents, remapEvents } from './event-intake';
import type { FileRejection } from './outcomes-file';

const news = (id: string, headline: string, body: string): string =>
  JSON.stringify({
    kind: 'news',
    id,
    publishedAt: '2020-01-18T13:45:00Z',
    source: 'Reuters',
    headline,
    body,
  });

// The live ingestor stores only events that reach an asset, so only those can make a
// later message a duplicate. The backtest replays history "through the same code": it
// must decide the same.
const lines = [
  news('n1', 'Weather in Tripoli is mild', 'Sunny skies over Tripoli today.'),
  news(
    'n1',
    'Haftar forces shut Libya oil port of Ras Lanuf',
    'Forces loyal to Khalifa Haftar shut down the Ras Lanuf oil export terminal.',
  ),
  news('n2', 'Weather in Benghazi is mild', 'Sunny skies over Benghazi today.'),
  news('n2', 'Weather in Benghazi is mild', 'Sunny skies over Benghazi today.'),
  news(
    'n3',
    'Haftar forces shut Libya oil port of Ras Lanuf',
    'Forces loyal to Khalifa Haftar shut down the Ras Lanuf oil export terminal.',
  ),
];

describe('backtest intake de-duplication', () => {
  const dir = mkdtempSync(join(tmpdir(), 'crescent-event-intake-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'news.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  const read = (workers: number, keepEvents = false) =>
    readEvents([file], {
      registry: LIBYA_REGISTRY,
      keepEvents,
      onRejection: () => undefined,
      workers,
      parallelMinBytes: 0,
    });

  it('takes a relevant event under the id of an earlier irrelevant one, and never calls an irrelevant one a duplicate', async () => {
    const { counts, store } = await read(1);
    expect(counts).toMatchObject({ read: 5, accepted: 4, irrelevant: 3, duplicate: 1, rejected: 0 });
    expect(counts.impacts).toBeGreaterThan(0);
    const ids = new Set<string>();
    for (const i of store.inOrder(store.sortedOrder())) ids.add(i.eventId);
    expect(ids).toEqual(new Set(['news:n1']));
  });

  it('decides the same on worker threads and when re-mapping kept events', async () => {
    const sequential = await read(1, true);
    expect((await read(2)).counts).toEqual(sequential.counts);
    const remapped = remapEvents(sequential.events, LIBYA_REGISTRY, {});
    expect(remapped.length).toBe(sequential.store.length);
  }, 30_000);
});

describe('backtest intake of an upper-case ACLED header', () => {
  const dir = mkdtempSync(join(tmpdir(), 'crescent-event-intake-acled-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const csv = readFileSync(
    resolve(__dirname, '../../../../libs/domain/fixtures/acled/libya-2020-01.csv'),
    'utf8',
  );
  const [header = '', ...rows] = csv.split('\n');
  const file = join(dir, 'acled.csv');
  writeFileSync(file, [header.toUpperCase(), ...rows].join('\n'));
  const read = (workers: number) =>
    readEvents([file], {
      registry: LIBYA_REGISTRY,
      keepEvents: false,
      onRejection: () => undefined,
      workers,
      parallelMinBytes: 0,
      chunkBytes: 200,
    });

  it('reads its rows, on one thread and on workers alike', async () => {
    const sequential = await read(1);
    expect(sequential.counts).toMatchObject({ read: 5, rejected: 0 });
    expect((await read(2)).counts).toEqual(sequential.counts);
  }, 30_000);
});

/** What the intake decides for a file of `bytes`, on one thread or on workers. */
async function rejectionsOf(bytes: Buffer, workers: number): Promise<FileRejection[]> {
  const dir = mkdtempSync(join(tmpdir(), 'crescent-event-intake-live-'));
  try {
    const file = join(dir, 'events.jsonl');
    writeFileSync(file, bytes);
    const rejections: FileRejection[] = [];
    await readEvents([file], {
      registry: LIBYA_REGISTRY,
      keepEvents: false,
      onRejection: (r) => rejections.push(r),
      workers,
      parallelMinBytes: 0,
      chunkBytes: 64,
    });
    return rejections.map((r) => ({ ...r, file: 'events.jsonl' }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('backtest intake of lines the live ingestor refuses', () => {
  const valid = news(
    'ok',
    'Haftar forces shut Libya oil port of Ras Lanuf',
    'Forces loyal to Khalifa Haftar shut down the Ras Lanuf oil export terminal.',
  );

  it.each([1, 2])(
    'refuses text the event store cannot keep, as live does (%i workers)',
    async (workers) => {
      const lines = [
        valid,
        news('n1', 'Libya oil @@', 'x').replace('@@', '\\u0000'),
        news('n2', 'Weather in Tripoli @@', 'x').replace('@@', '\\ud800'),
      ];
      const rejections = await rejectionsOf(Buffer.from(`${lines.join('\n')}\n`), workers);
      expect(rejections.map((r) => [r.line, r.code])).toEqual([
        [2, 'invalid_field'],
        [3, 'invalid_field'],
      ]);
      expect(rejections[0]?.reason).toMatch(/^event\.\S+ holds a NUL character or a lone UTF-16 surrogate/);
    },
    30_000,
  );

  it.each([1, 2])(
    'refuses a line whose bytes are not UTF-8, as live does (%i workers)',
    async (workers) => {
      const bytes = Buffer.concat([
        Buffer.from(`${valid}\n`),
        Buffer.from(`${news('n1', 'Libya oil @@', 'x')}\n`.replace('@@', '\xff'), 'latin1'),
        Buffer.from(`${news('n2', 'Libya oil \ufffd', 'x')}\r\n`), // a real U+FFFD is UTF-8
        Buffer.concat([
          Buffer.from('{"kind":"news","id":"n3"'),
          Buffer.from([0xc0, 0xaf]),
          Buffer.from('}\n'),
        ]),
        Buffer.concat([Buffer.from(news('n4', 'Libya oil', 'x').slice(0, -2)), Buffer.from([0xe2, 0x82])]),
      ]);
      const rejections = await rejectionsOf(bytes, workers);
      const notUtf8 = { code: 'malformed_json', reason: 'message value is not valid UTF-8' };
      expect(rejections).toEqual([
        { file: 'events.jsonl', line: 2, ...notUtf8 },
        { file: 'events.jsonl', line: 4, ...notUtf8 },
        { file: 'events.jsonl', line: 5, ...notUtf8 },
      ]);
    },
    30_000,
  );
});
