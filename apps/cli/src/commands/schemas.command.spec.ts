import { PassThrough } from 'node:stream';
import { resolve } from 'node:path';
import { schemaFiles, schemasCommand } from './schemas.command';

function io() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let err = '';
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  return {
    io: { stdout, stderr, stdin: new PassThrough(), env: {}, cwd: resolve(__dirname, '../../../..') },
    err: () => err,
  };
}

describe('crescent schemas', () => {
  it('the JSON Schemas committed in docs/schemas are exactly what the contracts generate', async () => {
    const { io: cli, err } = io();
    const code = await schemasCommand.run(['--check'], cli);
    expect(err()).toBe('');
    expect(code).toBe(0);
  });

  it('refuses an unknown option or an --out without a folder, writing nothing (a mistyped --chek used to overwrite)', async () => {
    for (const args of [['--chek'], ['extra'], ['--out']]) {
      const { io: cli, err } = io();
      const written: string[] = [];
      cli.stdout.on('data', (c: Buffer) => written.push(c.toString()));
      expect([args, await schemasCommand.run(args, cli)]).toEqual([args, 2]);
      expect(err()).toContain('usage: crescent schemas');
      expect(written).toEqual([]);
    }
  });

  it('there is one schema per produced topic, each naming its topic as a constant', () => {
    const files = schemaFiles();
    expect([...files.keys()].sort()).toEqual([
      'oil.asset-impacts.v2.schema.json',
      'oil.risk.alerts.v1.schema.json',
      'oil.risk.national.v1.schema.json',
      'oil.risk.scores.v1.schema.json',
    ]);
    for (const [name, content] of files)
      expect(content).toContain(`"const": "${name.replace('.schema.json', '')}"`);
  });
});
