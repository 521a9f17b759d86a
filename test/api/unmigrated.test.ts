import { runMigrations } from '@crescent/persistence';
import { startApp } from '../support/apps';
import { createScratchDatabase, openTestDataSource } from '../support/database';
import { eventually } from '../support/eventually';

/*
 * The apps never migrate their database (npm start and the compose file's migrate service
 * do). An api started on an empty database said it was ready, then answered every /v1
 * request, a bad key's included, with a 500.
 */
describe('an api on a database without its schema', () => {
  it('is not ready, says to migrate, and becomes ready once migrated', async () => {
    const db = await createScratchDatabase('unmigrated');
    const api = await startApp('api', { DATABASE_URL: db.url }, 'unmigrated-api');
    try {
      const ready = await eventually(async () => {
        const res = await fetch(api.url('/health/ready'));
        return {
          status: res.status,
          body: (await res.json()) as { checks: Record<string, { detail?: string }> },
        };
      });
      expect(ready.status).toBe(503);
      expect(ready.body.checks['database']?.detail).toMatch(/migration\(s\) not applied.*db migrate/);

      const ds = await openTestDataSource(db.url);
      try {
        await runMigrations(ds);
      } finally {
        await ds.destroy();
      }
      await api.ready();
      const bad = await fetch(api.url('/v1/scores'), { headers: { 'x-api-key': 'crk_not-a-key' } });
      expect(bad.status).toBe(401);
    } finally {
      await api.stop();
      await db.drop();
    }
  });
});
