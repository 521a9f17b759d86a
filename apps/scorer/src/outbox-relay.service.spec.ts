import type { DataSource, EntityManager } from 'typeorm';
import type { IdempotentPublisher } from '@crescent/kafka';
import { MetricsService } from '@crescent/runtime';
import { OutboxRelay } from './outbox-relay.service';

/** A DataSource whose transactions count themselves and whose claims wait for `release`. */
function fakeDatabase() {
  let transactions = 0;
  const claims: Array<() => void> = [];
  const manager = {
    query: (sql: string) =>
      sql.includes('FOR UPDATE SKIP LOCKED')
        ? new Promise<unknown[]>((r) => claims.push(() => r([])))
        : Promise.resolve([]),
  } as unknown as EntityManager;
  const dataSource = {
    transaction: async <T>(work: (m: EntityManager) => Promise<T>): Promise<T> => {
      transactions += 1;
      await Promise.resolve();
      return work(manager);
    },
  } as unknown as DataSource;
  const tick = () => new Promise((r) => setImmediate(r));
  /** Answers every claim sent so far, until no pass is left waiting. */
  const releaseAll = async () => {
    for (let i = 0; i < 20; i++) {
      await tick();
      while (claims.length > 0) claims.shift()?.();
    }
  };
  return {
    dataSource,
    transactions: () => transactions,
    claimsWaiting: () => claims.length,
    tick,
    releaseAll,
  };
}

const publisher = { publish: () => Promise.resolve() } as unknown as IdempotentPublisher;

describe('OutboxRelay.flush', () => {
  it('calls made before the running pass has claimed ride on that pass', async () => {
    const db = fakeDatabase();
    const relay = new OutboxRelay(db.dataSource, publisher, new MetricsService());
    const calls = [relay.flush(), relay.flush(), relay.flush()];
    await db.releaseAll();
    await Promise.all(calls);
    expect(db.transactions()).toBe(1);
  });

  it('a call made after the claim was sent gets one more pass, which sees its rows', async () => {
    const db = fakeDatabase();
    const relay = new OutboxRelay(db.dataSource, publisher, new MetricsService());
    const first = relay.flush();
    while (db.claimsWaiting() === 0) await db.tick();
    const second = relay.flush();
    const third = relay.flush();
    await db.releaseAll();
    await Promise.all([first, second, third]);
    expect(db.transactions()).toBe(2);
  });
});
