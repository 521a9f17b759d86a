import { ApiKeyRepository } from '@crescent/persistence';
import { prepareDatabase, RUN_KEY_PREFIX } from '../../apps/cli/src/commands/up.command';
import { createScratchDatabase, openTestDataSource } from '../support/database';

/*
 * `npm start` prints an admin key "for this run". Every start used to add one more live
 * admin key, and none was ever revoked (four from four runs, the first still accepted).
 */
describe('npm start issues one admin key per run (PostgreSQL)', () => {
  it("revokes earlier runs' keys, and only those, when it issues the next", async () => {
    const scratch = await createScratchDatabase('run_keys');
    try {
      const first = await prepareDatabase(scratch.url);
      expect(first.revoked).toBe(0);
      const ds = await openTestDataSource(scratch.url);
      try {
        const keys = new ApiKeyRepository();
        const lasting = await keys.create(ds.manager, 'desk feed', 'admin');
        const viewer = await keys.create(ds.manager, `${RUN_KEY_PREFIX}named so, but a viewer`, 'viewer');
        const second = await prepareDatabase(scratch.url);
        expect(second.revoked).toBe(1);
        expect(await keys.authenticate(ds.manager, first.key)).toBeUndefined();
        expect(await keys.authenticate(ds.manager, second.key)).toMatchObject({ role: 'admin' });
        expect(await keys.authenticate(ds.manager, lasting.key)).toMatchObject({ name: 'desk feed' });
        expect(await keys.authenticate(ds.manager, viewer.key)).toMatchObject({ role: 'viewer' });
      } finally {
        await ds.destroy();
      }
    } finally {
      await scratch.drop();
    }
  });
});
