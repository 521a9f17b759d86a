import { configMarkdownTable } from '@crescent/config';
import type { CliCommand, CliIo } from './command';

const USAGE = `usage: crescent config

Prints every environment variable Crescent's apps and local broker read, with its
default and meaning, as a Markdown table (the README's configuration section).`;

function run(_args: readonly string[], io: CliIo): Promise<number> {
  io.stdout.write(`${configMarkdownTable()}\n`);
  return Promise.resolve(0);
}

export const configCommand: CliCommand = {
  name: 'config',
  summary: 'print every configuration variable with its default and meaning',
  usage: USAGE,
  run,
};
