import type { CliCommand } from './command';
import { backtestCommand } from './backtest.command';
import { classifyCommand } from './classify.command';
import { configCommand } from './config.command';
import { dbCommand } from './db.command';
import { kafkaCommand } from './kafka.command';
import { keysCommand } from './keys.command';
import { replayCommand } from './replay.command';
import { schemasCommand } from './schemas.command';
import { upCommand } from './up.command';

/** Every subcommand of `crescent`. Add a command by writing `<name>.command.ts` and listing it here. */
export const COMMANDS: readonly CliCommand[] = [
  upCommand,
  kafkaCommand,
  dbCommand,
  configCommand,
  schemasCommand,
  backtestCommand,
  replayCommand,
  classifyCommand,
  keysCommand,
];
