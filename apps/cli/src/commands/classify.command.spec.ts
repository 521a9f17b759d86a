import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { createLineDecoder, LIBYA_REGISTRY, type DecodedItem } from '@crescent/domain';
import { Utf8LineSplitter } from '../backtest/line-splitter';
import type { CliIo } from './command';
import { classifyCommand } from './classify.command';

const FIXTURES = join(__dirname, '../../../../libs/domain/fixtures');

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function run(args: readonly string[], stdin: string | Buffer = ''): Promise<Run> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const io: CliIo = { stdout, stderr, stdin: Readable.from([Buffer.from(stdin)]), env: {}, cwd: FIXTURES };
  const code = await classifyCommand.run(args, io);
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}

interface ClassifyOutput {
  type: string;
  evidence: { rule: string; text: string }[];
  event: {
    id: string;
    type: string;
    actors: string[];
    primaryActor?: string;
    assets: string[];
    knownAt: string;
  };
  impacts: { assetId: string; intensity: number; channel: string }[];
}

describe('crescent classify', () => {
  it('classifies the seed story file as failed talks, with evidence and national impacts', async () => {
    const r = await run(['--input', 'news/haftar-leaves-moscow.json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as ClassifyOutput;
    expect(out.type).toBe('talks_failed');
    expect(out.event.primaryActor).toBe('lna');
    expect(out.evidence[0]?.rule).toBe('talks_failed/left-without-signing');
    expect(out.impacts.length).toBeGreaterThan(0);
    for (const i of out.impacts) {
      expect(typeof i.assetId).toBe('string');
      expect(Number.isFinite(i.intensity)).toBe(true);
    }
  });

  it('the seed story raises LNA-held assets (Oil Crescent terminals, Sirte-basin fields, Sharara, El Feel) above GNA-held and offshore ones', async () => {
    const r = await run(['--input', 'news/haftar-leaves-moscow.json']);
    const out = JSON.parse(r.stdout) as ClassifyOutput;
    expect(out.event.actors).toEqual(expect.arrayContaining(['lna', 'gna', 'russia', 'turkey']));
    const total = new Map<string, number>();
    for (const i of out.impacts) total.set(i.assetId, (total.get(i.assetId) ?? 0) + i.intensity);
    const lnaHeld = [
      'es-sider',
      'ras-lanuf',
      'brega',
      'zueitina',
      'hariga',
      'sarir',
      'messla',
      'waha',
      'sharara',
      'el-feel',
    ];
    const gnaOrOffshore = ['bouri', 'al-jurf', 'mellitah', 'zawiya'];
    const lowestLna = Math.min(...lnaHeld.map((id) => total.get(id) ?? 0));
    const highestOther = Math.max(...gnaOrOffshore.map((id) => total.get(id) ?? 0));
    expect(lowestLna).toBeGreaterThan(highestOther);
  });

  it('prints the impacts of a force majeure on the five terminals it names', async () => {
    const line = readFileSync(join(FIXTURES, 'news/january-2020.jsonl'), 'utf8').split('\n')[1] ?? '';
    const r = await run([], line);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as ClassifyOutput;
    expect(out.type).toBe('force_majeure_declared');
    const direct = out.impacts.filter((i) => i.channel === 'direct').map((i) => i.assetId);
    expect(direct).toEqual(expect.arrayContaining(['brega', 'ras-lanuf', 'hariga', 'zueitina', 'es-sider']));
  });

  it('reads plain text from stdin as a news item stamped with --at', async () => {
    const r = await run(
      ['--at', '2020-01-19T10:00:00Z'],
      'Hamada valve closed\nGuards loyal to Haftar closed the Hamada valve on Sunday.\n',
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as ClassifyOutput;
    expect(out.type).toBe('valve_closure');
    expect(out.event.knownAt).toBe('2020-01-19T10:00:00.000Z');
    expect(out.event.id).toMatch(/^news:stdin-/);
    expect(out.event.assets).toContain('hamada-pumping-station');
  });

  it('classifies a raw GDELT line and an ACLED header with one row', async () => {
    const gdelt = readFileSync(join(FIXTURES, 'gdelt/libya-2020-01.export.tsv'), 'utf8').split('\n')[2] ?? '';
    const g = await run([], gdelt);
    expect(g.code).toBe(0);
    expect((JSON.parse(g.stdout) as ClassifyOutput).event.id).toBe('gdelt:895020417');

    const [header, row] = readFileSync(join(FIXTURES, 'acled/libya-2020-01.csv'), 'utf8').split('\n');
    const a = await run([], `${header ?? ''}\n${row ?? ''}\n`);
    expect(a.code).toBe(0);
    expect((JSON.parse(a.stdout) as ClassifyOutput).event.id).toBe('acled:LBY7101');

    // An upper-case header (older ACLED files, spreadsheet exports), as the backtest reads it.
    const upper = await run([], `${(header ?? '').toUpperCase()}\n${row ?? ''}\n`);
    expect({ code: upper.code, stderr: upper.stderr }).toEqual({ code: 0, stderr: '' });
    expect((JSON.parse(upper.stdout) as ClassifyOutput).event.id).toBe('acled:LBY7101');
  });

  it('refuses a file of several GDELT rows or JSON lines as more than one item (exit 2), not as a news headline', async () => {
    const file = readFileSync(join(FIXTURES, 'gdelt/libya-2020-01.export.tsv'), 'utf8');
    const g = await run([], file);
    expect(g.code).toBe(2);
    expect(g.stderr).toContain('classify takes one item');
    expect(g.stdout).toBe('');
    const jsonl = readFileSync(join(FIXTURES, 'news/january-2020.jsonl'), 'utf8');
    const j = await run([], jsonl);
    expect(j.code).toBe(2);
    expect(j.stderr).toContain('JSON lines');
  });

  it('keeps a GDELT row whose last column (SOURCEURL) is empty: only line breaks are trimmed', async () => {
    const row = readFileSync(join(FIXTURES, 'gdelt/libya-2020-01.export.tsv'), 'utf8').split('\n')[2] ?? '';
    const noUrl = `${row.split('\t').slice(0, -1).join('\t')}\t`;
    const r = await run([], `${noUrl}\n`);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect((JSON.parse(r.stdout) as ClassifyOutput).event.id).toBe('gdelt:895020417');
  });

  it('prints the rejection and exits 1 for an item it refuses', async () => {
    const r = await run(
      [],
      '{"kind":"news","id":"x","publishedAt":"yesterday","source":"s","headline":"h","body":"b"}',
    );
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { rejected: { code: string; reason: string; field?: string } };
    expect(out.rejected.code).toBe('invalid_date');
    expect(out.rejected.field).toBe('publishedAt');
    expect(r.stderr).toContain('invalid_date');
  });

  it('refuses empty input and malformed JSON with exit 1', async () => {
    expect((await run([], '   \n')).code).toBe(1);
    const bad = await run([], '{"kind":"news",');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('malformed_json');
  });

  it('refuses what the backtest refuses as a line, with the same code and reason: bytes not UTF-8, JSON null, a JSON array', async () => {
    /** The backtest's reading of a file of these bytes: its line splitter, then its decoder. */
    const backtest = (bytes: Buffer): DecodedItem[] => {
      const decoder = createLineDecoder({ registry: LIBYA_REGISTRY });
      const items: DecodedItem[] = [];
      const splitter = new Utf8LineSplitter();
      const line = (text: string, notUtf8?: boolean): void => void items.push(...decoder.push(text, notUtf8));
      splitter.push(bytes, line);
      splitter.end(line);
      return [...items, ...decoder.end()];
    };
    const inputs = [
      Buffer.from('Guards shut Zawiya port \xff\xfe', 'latin1'),
      Buffer.concat([
        Buffer.from('{"kind":"news","id":"n","headline":"'),
        Buffer.from([0xc3, 0x28]),
        Buffer.from('"}'),
      ]),
      Buffer.from('null'),
      Buffer.from(' null \n'),
      Buffer.from('[]'),
      Buffer.from('[{"kind":"news","id":"n-1"}]'),
    ];
    for (const bytes of inputs) {
      const [item, ...more] = backtest(bytes);
      expect({ more, ok: item?.result.ok }).toEqual({ more: [], ok: false });
      const expected = item !== undefined && !item.result.ok ? item.result.rejection : undefined;
      const r = await run(['--at', '2020-01-19T10:00:00Z'], bytes);
      expect({
        input: bytes.toString('latin1'),
        code: r.code,
        stdout: JSON.parse(r.stdout) as unknown,
      }).toEqual({
        input: bytes.toString('latin1'),
        code: 1,
        stdout: { rejected: expected },
      });
    }
  });

  it('still reads a headline that only starts with "[" as plain text', async () => {
    const r = await run(['--at', '2020-01-19T10:00:00Z'], '[Reuters] Guards shut Zawiya port\n');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as ClassifyOutput).type).toBe('port_blockade');
  });

  it('exits 2 on a usage error or an unreadable file', async () => {
    expect((await run(['--bogus'])).code).toBe(2);
    expect((await run(['--input'])).code).toBe(2);
    expect((await run(['--input', 'no/such/file.json'])).code).toBe(2);
  });
});
