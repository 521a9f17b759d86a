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
