import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { LIBYA_REGISTRY } from '@crescent/domain';

const run = promisify(execFile);
const root = resolve(__dirname, '..', '..');

describe('embedded PGlite database (DATABASE_URL unset)', () => {
  it('takes the same migrations and registry, and concurrent transactions in one process neither interleave nor leak a rollback', async () => {
    const { stdout } = await run(
      process.execPath,
      ['scripts/run-ts.cjs', 'test/persistence/scripts/pglite-concurrency.ts'],
      {
        cwd: root,
        env: { ...process.env, DATABASE_URL: '' },
      },
    );
    const result = JSON.parse(stdout) as { applied: string[]; assets: number; counter: number };
    expect(result.applied.length).toBeGreaterThan(0);
    expect(result.assets).toBe(LIBYA_REGISTRY.assets.length);
    // Three read-modify-write transactions in parallel, one rolled back: exactly 3.
    expect(result.counter).toBe(3);
  });
});
