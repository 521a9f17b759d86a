import { PassThrough } from 'node:stream';
import { dbCommand } from '../../apps/cli/src/commands/db.command';
import type { CliIo } from '../../apps/cli/src/commands/command';
import { createScratchDatabase } from '../support/database';

/* `crescent db revert` said {"reverted":true} even with nothing applied, and never named what it undid. */
describe('crescent db revert (PostgreSQL)', () => {
  it('names each migration it undoes, newest first, and says when there is nothing left to revert', async () => {
    const scratch = await createScratchDatabase('db_command');
    const db = async (...args: string[]): Promise<{ code: number; out: string; err: string }> => {
      const stdout = new PassThrough();
      const stderr = new PassThrough();
      let out = '';
      let err = '';
      stdout.on('data', (c: Buffer) => (out += c.toString()));
      stderr.on('data', (c: Buffer) => (err += c.toString()));
      const io: CliIo = {
        stdout,
        stderr,
        stdin: new PassThrough(),
        env: { DATABASE_URL: scratch.url },
        cwd: process.cwd(),
      };
      return { code: await dbCommand.run(args, io), out, err };
    };
    try {
      const migrated = await db('migrate');
      expect(migrated.code).toBe(0);
      const applied = (JSON.parse(migrated.out) as { applied: string[] }).applied;
      expect(applied.length).toBeGreaterThan(1);
      const reverted: string[] = [];
      for (let i = 0; i < applied.length; i++) {
        const r = await db('revert');
        expect(r.code).toBe(0);
        reverted.push((JSON.parse(r.out) as { reverted: string }).reverted);
      }
      expect(reverted).toEqual([...applied].reverse());
      const none = await db('revert');
      expect(none).toEqual({
        code: 1,
        out: '',
        err: 'crescent db: no migration is applied: nothing to revert\n',
      });
      expect((await db('migrate', 'now')).code).toBe(2);
    } finally {
      await scratch.drop();
    }
  });
});
