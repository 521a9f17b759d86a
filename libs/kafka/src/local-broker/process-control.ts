import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Whether a process exists and has not exited. A zombie (exited, not yet reaped by its
 * parent) counts as gone: it holds no ports and will never answer.
 */
export async function isProcessAlive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  const stat = await readProcFile(pid, 'stat');
  // /proc/<pid>/stat: "pid (comm) S ..."; comm may contain spaces, so read after the last ')'.
  const state = stat?.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state !== 'Z';
}

/**
 * The command line of a process, or null where /proc is not available (then callers fall
 * back to trusting the pid file).
 */
export async function processCommandLine(pid: number): Promise<readonly string[] | null> {
  const raw = await readProcFile(pid, 'cmdline');
  return raw === null ? null : raw.split('\0').filter((part) => part !== '');
}

async function readProcFile(pid: number, name: string): Promise<string | null> {
  try {
    return await readFile(`/proc/${pid}/${name}`, 'utf8');
  } catch {
    return null;
  }
}

/** Polls until the process is gone; true if it went within the deadline. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!(await isProcessAlive(pid))) return true;
    await sleep(100);
  }
  return !(await isProcessAlive(pid));
}

export function sendSignal(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch (error) {
    // Already gone between our check and the signal: nothing to stop.
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}
