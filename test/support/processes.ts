import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { freePort } from './apps';
import { eventually } from './eventually';

/** PIDs of processes whose environment carries `marker` (a run's unique state dir, say). */
export function processesWith(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'latin1').includes(marker)) pids.push(Number(entry));
    } catch {
      // gone, or not ours to read
    }
  }
  return pids;
}

/** Whether something accepts TCP connections on 127.0.0.1:`port`. */
export function portOpen(port: number): Promise<boolean> {
  return new Promise((res) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      res(true);
    });
    socket.once('error', () => res(false));
  });
}

/**
 * A port for `npm start`'s HTTP_PORT: free, with the next two free as well (the ingestor and
 * the scorer take HTTP_PORT + 1 and + 2), and none of `avoid`.
 */
export async function threeFreePorts(avoid: readonly number[] = []): Promise<number> {
  for (;;) {
    const base = await freePort();
    if (base >= 65000 || [0, 1, 2].some((k) => avoid.includes(base + k))) continue;
    if (!(await portOpen(base + 1)) && !(await portOpen(base + 2))) return base;
  }
}

/** Test clean-up: SIGKILL to a detached child's process group if the test left it running. */
export function killGroupIfRunning(child: ChildProcess | undefined): void {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/**
 * Ctrl-C to a detached child's process group, as a terminal sends it; waits for it to exit,
 * then expects no process carrying `marker` left (within 30 s) and none of `ports` open.
 */
export async function interruptAndExpectGone(
  child: ChildProcess,
  marker: string,
  ports: readonly number[],
): Promise<void> {
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  process.kill(-(child.pid as number), 'SIGINT');
  await exited;
  await eventually(() => expect(processesWith(marker)).toEqual([]), { timeoutMs: 30_000, intervalMs: 250 });
  for (const port of ports) expect(await portOpen(port)).toBe(false);
}
