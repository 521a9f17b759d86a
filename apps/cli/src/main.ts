import 'reflect-metadata';
import { Logger, type LoggerService } from '@nestjs/common';
import { COMMANDS } from './commands';
import type { CliIo } from './commands/command';
import { failureMessage } from './failure-message';

function help(io: CliIo): void {
  io.stdout.write('usage: crescent <command> [options]\n\ncommands:\n');
  for (const c of COMMANDS) io.stdout.write(`  ${c.name.padEnd(12)} ${c.summary}\n`);
  io.stdout.write("\n`crescent <command> --help` shows a command's options.\n");
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    help(io);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`crescent: unknown command "${name}"\n`);
    help(io);
    return 2;
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(`${command.usage}\n`);
    return 0;
  }
  return command.run(args, io);
}

/**
 * Library logs (kafkajs, through Nest's Logger) go to stderr: a command's stdout is its
 * result, often JSON that another program reads.
 */
const stderrLogger: LoggerService = {
  log: () => undefined,
  warn: (message: unknown, context?: string) =>
    process.stderr.write(`warn ${context ?? ''}: ${String(message)}\n`),
  error: (message: unknown, context?: string) =>
    process.stderr.write(`error ${context ?? ''}: ${String(message)}\n`),
};

if (require.main === module) {
  Logger.overrideLogger(stderrLogger);
  const io: CliIo = {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`crescent: ${failureMessage(err, process.env)}\n`);
      process.exitCode = 1;
    },
  );
}
