import { PGliteDriver } from 'typeorm-pglite';
import type { PGliteOptions } from '@electric-sql/pglite';

type ConnectCallback = (err: unknown, client: unknown, release: (err?: unknown) => void) => void;
interface PoolLike {
  connect(callback: ConnectCallback): Promise<void>;
}

/**
 * PGlite is one connection. typeorm-pglite hands that same connection to every query
 * runner at once, so two transactions in one process (a consumer batch and the scorer's
 * refresh, say) would interleave their statements inside each other's BEGIN/COMMIT. This
 * makes the embedded database behave like a pool of one: a query runner holds the
 * connection from connect() until release(), and the next one waits. The lock is per
 * process, because the PGlite instance is too.
 */
let tail: Promise<void> = Promise.resolve();

function acquire(): Promise<() => void> {
  let release!: () => void;
  const held = new Promise<void>((res) => (release = res));
  const ready = tail.then(() => release);
  tail = tail.then(() => held);
  return ready;
}

export function serializedPGliteDriver(options: PGliteOptions): unknown {
  const base = new PGliteDriver(options).driver;
  const BasePool = base.Pool as unknown as new () => PoolLike;
  class SerializedPool extends BasePool {
    override async connect(callback: ConnectCallback): Promise<void> {
      const unlock = await acquire();
      let released = false;
      await super.connect((err, client) => {
        callback(err, client, () => {
          if (released) return;
          released = true;
          unlock();
        });
        if (err) unlock();
      });
    }
  }
  return Object.assign(class {}, { Pool: SerializedPool });
}
