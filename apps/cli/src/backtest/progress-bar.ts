/**
 * A one-line progress bar on a terminal's stderr. Silent when stderr is not a TTY (CI,
 * pipes, files) or when the user asked for quiet, so logs never fill with bars.
 */
export class ProgressBar {
  private lastDraw = 0;
  private drawn = false;
  private readonly startedAt = Date.now();

  constructor(
    private readonly stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number },
    private readonly enabled: boolean,
  ) {}

  static for(stream: NodeJS.WritableStream, quiet: boolean): ProgressBar {
    const tty = (stream as { isTTY?: boolean }).isTTY === true;
    return new ProgressBar(stream, tty && !quiet);
  }

  /** Redraws at most ten times a second. */
  update(phase: string, done: number, total: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.lastDraw < 100 && done < total) return;
    this.lastDraw = now;
    const share = total > 0 ? Math.min(1, done / total) : 0;
    const width = 30;
    const filled = Math.round(share * width);
    const elapsed = (now - this.startedAt) / 1000;
    const line = `\r${phase.padEnd(10)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}%  ${elapsed.toFixed(1)}s`;
    this.stream.write(line);
    this.drawn = true;
  }

  /** Clears the line so the next output starts clean. */
  done(): void {
    if (!this.enabled || !this.drawn) return;
    this.stream.write('\r\x1b[2K');
    this.drawn = false;
  }
}
