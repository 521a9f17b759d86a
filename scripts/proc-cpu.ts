import { readFileSync } from 'node:fs';

/**
 * User + system CPU seconds a process has used so far, from Linux's /proc/PID/stat (clock
 * ticks of 10 ms); NaN when the process is gone. For the benchmark scripts.
 */
export function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}
