import type { DataSource, EntityManager } from 'typeorm';
import {
  runMigrations,
  ScorerStateRepository,
  StoredStates,
  type AssetStateUpdate,
} from '@crescent/persistence';
import { createScratchDatabase, openTestDataSource } from '../support/database';

const VERSION = 'test-model';

/** A state the size of a busy asset's: 60 contributions. */
function stateFor(assetId: string, mark: number): Record<string, unknown> {
  return {
    assetId,
    contributions: Array.from({ length: 60 }, (_, i) => ({
      eventId: `event:${assetId}-${mark}-${i}`,
      eventType: 'armed_clash',
      channel: 'proximity',
      intensity: 0.1 + i / 1000 + mark,
      atMs: 1_579_000_000_000 + i * 60_000,
      halfLifeHours: 72,
    })),
    outages: [],
    updatedAtMs: 1_579_000_000_000 + mark,
    impactCount: 60 + mark,
  };
}

/** `m` for `readAllStates` (which only queries), calling `seen` with the rows of every query before they are used. */
function watching(
  m: EntityManager,
  seen: (rows: ReadonlyArray<{ state?: unknown }>) => Promise<void> | void,
): EntityManager {
  const query = async (sql: string, params?: unknown[]): Promise<unknown> => {
    const rows = await m.query<Array<{ state?: unknown }>>(sql, params);
    await seen(rows);
    return rows;
  };
  return { query } as unknown as EntityManager;
}

describe('scorer states read by version (PostgreSQL)', () => {
  let scratch: { url: string; drop: () => Promise<void> };
  let ds: DataSource;
  const repo = new ScorerStateRepository();

  /** Writes states as the scorer does (lock, then save) in one transaction; returns what it wrote. */
  async function write(states: Record<string, Record<string, unknown>>): Promise<{
    updates: AssetStateUpdate[];
    saved: Awaited<ReturnType<ScorerStateRepository['saveAssets']>>;
  }> {
    return ds.transaction(async (m: EntityManager) => {
      const locked = await repo.lockAssets(m, Object.keys(states), VERSION);
      const updates = locked.map((row) => ({
        assetId: row.assetId,
        state: states[row.assetId],
        seq: row.seq + 1,
        lastStatus: 'normal',
        modelVersion: VERSION,
      }));
      return { updates, saved: await repo.saveAssets(m, updates) };
    });
  }

  /** What `readAllStates` returns, and how many states PostgreSQL actually sent. */
  async function read(known: StoredStates): Promise<{ states: Map<string, unknown>; sent: number }> {
    return ds.transaction(async (m: EntityManager) => {
      let sent = 0;
      const counting = watching(m, (rows) => {
        sent += rows.filter((r) => r.state !== null && r.state !== undefined).length;
      });
      return { states: await repo.readAllStates(counting, known), sent };
    });
  }

  beforeAll(async () => {
    scratch = await createScratchDatabase('stored_states');
    ds = await openTestDataSource(scratch.url);
    await runMigrations(ds);
  });
  afterAll(async () => {
    await ds.destroy();
    await scratch.drop();
  });

  it('sends only the states whose row changed since this process last read or wrote them', async () => {
    const first = await write({
      brega: stateFor('brega', 1),
      sarir: stateFor('sarir', 1),
      waha: stateFor('waha', 1),
    });
    const known = new StoredStates();

    // Nothing known yet: all three travel, and are remembered.
    const cold = await read(known);
    expect(cold.sent).toBe(3);
    expect(cold.states.get('sarir')).toEqual(stateFor('sarir', 1));

    // Unchanged: none travels, and the answer is the same.
    const warm = await read(known);
    expect(warm.sent).toBe(0);
    expect(warm.states).toEqual(cold.states);

    // Another writer changes one row: that one travels, with its new content.
    await write({ sarir: stateFor('sarir', 2) });
    const after = await read(known);
    expect(after.sent).toBe(1);
    expect(after.states.get('sarir')).toEqual(stateFor('sarir', 2));
    expect(after.states.get('brega')).toEqual(stateFor('brega', 1));

    // What a committed transaction wrote itself need not be read back.
    const mine = await write({ waha: stateFor('waha', 3) });
    known.rememberSaved(mine.saved);
    const own = await read(known);
    expect(own.sent).toBe(0);
    expect(own.states.get('waha')).toEqual(stateFor('waha', 3));
    expect(first.saved.map((s) => s.assetId).sort()).toEqual(['brega', 'sarir', 'waha']);
  });

  it('a row deleted and made again at the same seq is read again, not taken from memory', async () => {
    await write({ zawiya: stateFor('zawiya', 1) });
    const known = new StoredStates();
    await read(known);
    const seqBefore: Array<{ seq: string }> = await ds.query(
      `SELECT seq::text AS seq FROM asset_state WHERE asset_id = 'zawiya'`,
    );

    await ds.query(`DELETE FROM asset_state WHERE asset_id = 'zawiya'`);
    await write({ zawiya: stateFor('zawiya', 7) });
    const seqAfter: Array<{ seq: string }> = await ds.query(
      `SELECT seq::text AS seq FROM asset_state WHERE asset_id = 'zawiya'`,
    );
    expect(seqAfter[0]?.seq).toBe(seqBefore[0]?.seq);

    const again = await read(known);
    expect(again.states.get('zawiya')).toEqual(stateFor('zawiya', 7));
  });

  it('a transaction that commits while a read is out does not spoil that read', async () => {
    await write({ hariga: stateFor('hariga', 1) });
    const known = new StoredStates();
    await read(known);
    const states = await ds.transaction(async (m: EntityManager) => {
      const racing = watching(m, async () => {
        // Before the read's rows are used, another transaction of this process commits
        // a newer state for the same asset and remembers it.
        const theirs = await write({ hariga: stateFor('hariga', 2) });
        known.rememberSaved(theirs.saved);
      });
      return repo.readAllStates(racing, known);
    });
    // The read answers for the version it saw; the next one sees the newer one, from memory.
    expect(states.get('hariga')).toEqual(stateFor('hariga', 1));
    const next = await read(known);
    expect(next.sent).toBe(0);
    expect(next.states.get('hariga')).toEqual(stateFor('hariga', 2));
  });

  it('a write that was rolled back is not remembered', async () => {
    await write({ mellitah: stateFor('mellitah', 1) });
    const known = new StoredStates();
    await read(known);
    await expect(
      ds.transaction(async (m: EntityManager) => {
        const [row] = await repo.lockAssets(m, ['mellitah'], VERSION);
        const updates = [
          {
            assetId: 'mellitah',
            state: stateFor('mellitah', 9),
            seq: (row?.seq ?? 0) + 1,
            lastStatus: 'normal',
            modelVersion: VERSION,
          },
        ];
        await repo.saveAssets(m, updates);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    const after = await read(known);
    expect(after.sent).toBe(0);
    expect(after.states.get('mellitah')).toEqual(stateFor('mellitah', 1));
  });
});
