import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { backtestCommand } from '../../apps/cli/src/commands/backtest.command';
import type { CliIo } from '../../apps/cli/src/commands/command';

// How `crescent backtest` treats its input: out-of-order lines are applied in knownAt
// order and never early, bad lines are listed with reasons and not fatal, and a
// duplicate (same id, or same content under another id) counts once.
const fm = (id: string, reportedAt: string, asset: string): string =>
  JSON.stringify({
    kind: 'event',
    id,
    occurredAt: reportedAt,
    reportedAt,
    type: 'force_majeure_declared',
    location: { name: asset },
    assets: [asset],
    actors: ['noc'],
    severity: 1,
  });
const restart = (id: string, reportedAt: string, asset: string): string =>
  JSON.stringify({
    kind: 'event',
    id,
    occurredAt: reportedAt,
    reportedAt,
    type: 'restart',
    location: { name: asset },
    assets: [asset],
    actors: ['noc'],
    severity: 0.8,
  });

describe('backtest input handling', () => {
  const dir = mkdtempSync(join(tmpdir(), 'crescent-intake-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function run(
    lines: readonly string[],
    extra: readonly string[] = [],
  ): Promise<{ code: number; stderr: string; out: string }> {
    const input = join(dir, `in-${Math.random().toString(36).slice(2)}.jsonl`);
    writeFileSync(input, `${lines.join('\n')}\n`);
    const out = join(dir, `out-${Math.random().toString(36).slice(2)}`);
    const stderr = new PassThrough();
    let err = '';
    stderr.on('data', (c: Buffer) => (err += c.toString()));
    const io: CliIo = { stdout: new PassThrough(), stderr, stdin: new PassThrough(), env: {}, cwd: dir };
    const code = await backtestCommand.run(
      [
        '--input',
        input,
        '--from',
        '2020-01-18T00:00:00Z',
        '--to',
        '2020-01-19T00:00:00Z',
        '--step',
        '1h',
        '--quiet',
        '--out',
        out,
        ...extra,
      ],
      io,
    );
    return { code, stderr: err, out };
  }

  const statusAt = (out: string, asOf: string, assetId: string): string => {
    const row = readFileSync(join(out, 'scores.csv'), 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${asOf},${assetId},`));
    return row?.split(',')[5] ?? 'missing';
  };

  it('applies out-of-order lines in knownAt order and never before they were known', async () => {
    // The restart is written first but known later than the closure.
    const r = await run([
      restart('up', '2020-01-18T20:00:00Z', 'es-sider'),
      fm('fm', '2020-01-18T10:30:00Z', 'es-sider'),
    ]);
    expect(r.code).toBe(0);
    expect(statusAt(r.out, '2020-01-18T10:00:00Z', 'es-sider')).not.toBe('disrupted');
    expect(statusAt(r.out, '2020-01-18T11:00:00Z', 'es-sider')).toBe('disrupted');
    expect(statusAt(r.out, '2020-01-18T19:00:00Z', 'es-sider')).toBe('disrupted');
    expect(statusAt(r.out, '2020-01-18T20:00:00Z', 'es-sider')).not.toBe('disrupted');
  });

  it('lists rejected lines with their reasons, counts duplicates once, and carries on', async () => {
    const same = fm('fm', '2020-01-18T10:00:00Z', 'brega');
    const r = await run([
      '{"kind":"event",',
      same,
      same,
      same.replace('"id":"fm"', '"id":"fm-again"'),
      '{"kind":"telegram","id":"x"}',
    ]);
    expect(r.code).toBe(0);
    const summary = JSON.parse(readFileSync(join(r.out, 'summary.json'), 'utf8')) as {
      counts: Record<string, number>;
    };
    expect(summary.counts).toMatchObject({ read: 5, accepted: 1, rejected: 2, duplicate: 2 });
    const rejections = readFileSync(join(r.out, 'rejections.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { line: number; code: string; reason: string });
    expect(rejections.map((x) => [x.line, x.code])).toEqual([
      [1, 'malformed_json'],
      [5, 'unknown_kind'],
    ]);
    expect(rejections.every((x) => x.reason.length > 0)).toBe(true);
    expect(statusAt(r.out, '2020-01-18T12:00:00Z', 'brega')).toBe('disrupted');
  });

  it('refuses an unknown --param by name before reading anything', async () => {
    const r = await run([fm('fm', '2020-01-18T10:00:00Z', 'brega')], ['--param', 'notAParam=1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('notAParam');
  });

  it('refuses --to before --from before reading anything', async () => {
    const r = await run([fm('fm', '2020-01-18T10:00:00Z', 'brega')], ['--from', '2020-01-20T00:00:00Z']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--to is before --from');
    expect(existsSync(r.out)).toBe(false);
  });

  /** A file of one accepted event (a force majeure at Brega), for runs about arguments, not data. */
  function oneEventFile(): string {
    const input = join(dir, 'one.jsonl');
    writeFileSync(input, `${fm('fm', '2020-01-18T10:00:00Z', 'brega')}\n`);
    return input;
  }

  /** `crescent backtest` with exactly these arguments (no --from/--to added). */
  async function runArgs(args: readonly string[]): Promise<{ code: number; stderr: string }> {
    const stderr = new PassThrough();
    let err = '';
    stderr.on('data', (c: Buffer) => (err += c.toString()));
    const io: CliIo = { stdout: new PassThrough(), stderr, stdin: new PassThrough(), env: {}, cwd: dir };
    const code = await backtestCommand.run(['--quiet', ...args], io);
    return { code, stderr: err };
  }

  it('refuses an --out that is a file, or under one, with a message and exit 2 (no stack trace, no crash)', async () => {
    const input = oneEventFile();
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    const onFile = await runArgs(['--input', input, '--out', file]);
    expect(onFile).toEqual({ code: 2, stderr: `crescent backtest: --out ${file} is a file, not a folder\n` });
    const under = await runArgs(['--input', input, '--out', join(file, 'sub')]);
    expect(under.code).toBe(2);
    expect(under.stderr).toMatch(/^crescent backtest: cannot write to --out .*a-file\/sub \(ENOTDIR\)\n$/);
  });

  it('refuses a folder given as --input, and an outcomes file without its header, before writing anything', async () => {
    const out = join(dir, 'never-written');
    const folder = await runArgs(['--input', dir, '--out', out]);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain('is a folder');
    const input = oneEventFile();
    const outcomes = join(dir, 'outcomes-other-header.csv');
    writeFileSync(outcomes, 'asset,from,to,kbd,source\nes-sider,2020-01-18,,300,x\n');
    const header = await runArgs(['--input', input, '--outcomes', outcomes, '--out', out]);
    expect(header.code).toBe(2);
    expect(header.stderr).toContain('expected header "asset_id,start,end,lost_kbd,source"');
    expect(existsSync(out)).toBe(false);
  });

  it('gives the period in summary.json as its first and last step, even when the step does not divide it', async () => {
    const input = oneEventFile();
    const out = join(dir, 'uneven-period');
    const r = await runArgs([
      '--input',
      input,
      '--from',
      '2020-01-01T00:00+02:00',
      '--to',
      '2020-01-03',
      '--step',
      '6h',
      '--out',
      out,
    ]);
    expect(r.code).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { period: unknown };
    expect(summary.period).toEqual({
      from: '2019-12-31T22:00:00.000Z',
      to: '2020-01-02T22:00:00.000Z',
      step: '6h',
      steps: 9,
    });
    const lastRow = readFileSync(join(out, 'scores.csv'), 'utf8').trim().split('\n').pop() ?? '';
    expect(lastRow.startsWith('2020-01-02T22:00:00Z,')).toBe(true);
  });

  it('checks every sweep combination before reading the input, so nothing is written', async () => {
    const out = join(dir, 'sweep-never-written');
    const again = await runArgs(['--input', oneEventFile(), '--sweep', 'threshold.high=35,10', '--out', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('thresholds must satisfy');
    expect(existsSync(out)).toBe(false);
  });

  it('says which end of the period is wrong when only one is given, and leaves no earlier run’s outputs behind', async () => {
    const input = oneEventFile();
    const out = join(dir, 'reused-out');
    const first = await runArgs(['--input', input, '--sweep', 'horizonDays=3,7', '--out', out]);
    expect(first.code).toBe(0);
    expect(existsSync(join(out, 'sweep.csv'))).toBe(true);
    const late = await runArgs(['--input', input, '--from', '2021-06-01', '--out', out]);
    expect(late.code).toBe(2);
    expect(late.stderr).toContain(
      '--from 2021-06-01 is after the last accepted event (2020-01-18T10:00:00Z)',
    );
    // Nothing of the first run is left to be mistaken for this one's.
    for (const name of ['scores.csv', 'summary.json', 'report.html', 'sweep.csv'])
      expect([name, existsSync(join(out, name))]).toEqual([name, false]);
    const early = await runArgs(['--input', input, '--to', '2019-06-01', '--out', out]);
    expect(early.stderr).toContain('--to 2019-06-01 is before the first accepted event');
  });

  it('without --from and --to, stops when no event was accepted, leaving no scores.csv', async () => {
    const input = join(dir, 'all-bad.jsonl');
    writeFileSync(input, 'not json\n{"kind":"event"}\n');
    const out = join(dir, 'all-bad-out');
    const stderr = new PassThrough();
    let err = '';
    stderr.on('data', (c: Buffer) => (err += c.toString()));
    const io: CliIo = { stdout: new PassThrough(), stderr, stdin: new PassThrough(), env: {}, cwd: dir };
    const code = await backtestCommand.run(['--input', input, '--quiet', '--out', out], io);
    expect(code).toBe(2);
    expect(err).toContain('no event was accepted');
    expect(existsSync(join(out, 'rejections.jsonl'))).toBe(true);
    expect(existsSync(join(out, 'scores.csv'))).toBe(false);
  });
});
