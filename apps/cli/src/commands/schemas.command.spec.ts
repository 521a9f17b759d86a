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
