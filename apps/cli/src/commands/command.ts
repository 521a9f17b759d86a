/**
 * One CLI subcommand: `npm run crescent -- <name> [args...]`. Commands return the
 * process exit code; they print results on stdout and diagnostics on stderr.
 */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly stdin: NodeJS.ReadableStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

export interface CliCommand {
  readonly name: string;
  /** One line for `crescent help`. */
  readonly summary: string;
  readonly usage: string;
  run(args: readonly string[], io: CliIo): Promise<number>;
}
