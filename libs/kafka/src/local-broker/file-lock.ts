import { mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { LocalBrokerError } from './local-broker.error';
import { isProcessAlive } from './process-control';

/**
 * Runs `work` while holding an exclusive lock file. Several developers and test runs share one
 * working tree, so two of them may start the same broker, or fetch the same jars, at once.
 *
 * The lock holds the owner's pid; a lock whose owner has died is removed. Two processes that
 * find the same dead lock at the same instant could both take it; the window is a few
 * microseconds and the cost is one redundant start that then fails on the port, so it is accepted.
 */
export async function withFileLock<T>(
  lockPath: string,
  what: string,
  timeoutMs: number,
  work: () => Promise<T>,
): Promise<T> {
  await mkdir(dirname(lockPath), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  let holder: number | null = null;
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    holder = await readLockHolder(lockPath);
    const abandoned =
      holder === null
        ? await isOlderThan(lockPath, 5_000) // created by a process that died before writing its pid
        : holder !== process.pid && !(await isProcessAlive(holder));
    if (abandoned) {
      await unlink(lockPath).catch(() => undefined);
      continue;
    }
    if (Date.now() > deadline) {
      throw new LocalBrokerError(
        'lock-timeout',
        `gave up after ${timeoutMs} ms waiting for ${what}: ${lockPath} is held by process ${holder ?? 'unknown'}`,
      );
    }
    await sleep(200 + Math.floor(Math.random() * 100));
  }
  try {
    return await work();
  } finally {
    await unlink(lockPath).catch(() => undefined);
  }
}

async function readLockHolder(lockPath: string): Promise<number | null> {
  try {
    const pid = Number.parseInt(await readFile(lockPath, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

async function isOlderThan(path: string, ageMs: number): Promise<boolean> {
  try {
    return Date.now() - (await stat(path)).mtimeMs > ageMs;
  } catch {
    return false;
  }
}
