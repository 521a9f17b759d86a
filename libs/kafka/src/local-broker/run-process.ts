import { spawn } from 'node:child_process';

export interface ProcessOutcome {
  /** null when the process was ended by a signal. */
  readonly exitCode: number | null;
  /** stdout and stderr interleaved as they arrived. */
  readonly output: string;
}

/**
 * Runs a short-lived tool to completion. Resolves `null` when the executable is not on PATH
 * (ENOENT), so callers can say what to install instead of surfacing a raw spawn error.
 */
export function runProcess(
  command: string,
  args: readonly string[],
  options: { readonly cwd?: string } = {},
): Promise<ProcessOutcome | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') resolve(null);
      else reject(error);
    });
    child.once('close', (exitCode) => {
      resolve({ exitCode, output: Buffer.concat(chunks).toString('utf8') });
    });
  });
}

/** The last `count` non-empty lines, for error messages that quote a tool's or broker's output. */
export function lastLines(text: string, count: number): string {
  // Debian's Maven prints colour resets even in batch mode; they are noise in a message.
  // eslint-disable-next-line no-control-regex
  const plain = text.replace(/\u001b\[[0-9;]*m/g, '');
  const lines = plain.split('\n').filter((line) => line.trim() !== '');
  return lines.slice(-count).join('\n');
}
