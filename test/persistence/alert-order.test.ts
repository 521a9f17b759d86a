import type { DataSource } from 'typeorm';
import {
  RiskReadRepository,
  runMigrations,
  ScorerStateRepository,
  type AlertRow,
} from '@crescent/persistence';
import { createScratchDatabase, openTestDataSource } from '../support/database';

/*
 * Alert ids are bigints that the API hands out as text. One scorer batch writes several
 * alerts at the same as_of, so the id settles the order; sorted as text ("17" before "9"),
 * paging through /v1/alerts skipped and repeated rows and the live stream resent alerts.
 * 26 alerts cross the one-to-two-digit boundary, 13 of them at one instant.
 */
describe('alerts in order across pages and in the stream (PostgreSQL)', () => {
  let scratch: { url: string; drop: () => Promise<void> };
  let ds: DataSource;
  const reads = new RiskReadRepository();

  beforeAll(async () => {
    scratch = await createScratchDatabase('alert_order');
    ds = await openTestDataSource(scratch.url);
    await runMigrations(ds);
    const alert = (i: number, asOf: string): AlertRow => ({
      assetId: 'es-sider',
      seq: i + 1,
      asOf,
      previousStatus: 'normal',
      status: i % 2 === 0 ? 'high' : 'normal',
      score: 40,
      expectedLossKbd: 100,
      drivers: [],
      modelVersion: 'test-model',
    });
    const rows = Array.from({ length: 26 }, (_, i) =>
      alert(
        i,
        i < 13
          ? '2020-01-18T12:00:00.000Z'
          : `2020-01-${String(19 + (i % 3)).padStart(2, '0')}T00:00:00.000Z`,
      ),
    );
    await ds.transaction((m) => new ScorerStateRepository().insertAlerts(m, rows));
  });

  afterAll(async () => {
    await ds?.destroy();
    await scratch?.drop();
  });

  const newestFirst = (a: { asOf: string; id: string }, b: { asOf: string; id: string }): number =>
    Date.parse(b.asOf) - Date.parse(a.asOf) || Number(b.id) - Number(a.id);

  it.each([1, 7, 10, 50])(
    'pages of %i hold every alert once, newest first, ties by id as a number',
    async (limit) => {
      const seen: Array<{ asOf: string; id: string }> = [];
      let before: { asOf: string; id: string } | undefined;
      for (let page = 0; page < 100; page++) {
        const rows = await reads.listAlerts(ds.manager, { limit, ...(before ? { before } : {}) });
        seen.push(...rows.map((r) => ({ asOf: r.asOf, id: r.id })));
        if (rows.length < limit) break;
        const last = rows[rows.length - 1]!;
        before = { asOf: last.asOf, id: last.id };
      }
      expect(seen.map((r) => Number(r.id)).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 26 }, (_, i) => i + 1),
      );
      expect(seen).toEqual([...seen].sort(newestFirst));
    },
  );

  it('the stream reads alerts after a row id in id order, so its cursor never goes back', async () => {
    const first = await reads.alertsAfter(ds.manager, '0', 500);
    expect(first.map((a) => Number(a.id))).toEqual(Array.from({ length: 26 }, (_, i) => i + 1));
    const rest = await reads.alertsAfter(ds.manager, '9', 500);
    expect(rest.map((a) => Number(a.id))).toEqual(Array.from({ length: 17 }, (_, i) => i + 10));
  });
});
