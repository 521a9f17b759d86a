import type { CliCommand } from './command';
import { backtestCommand } from './backtest.command';
import { classifyCommand } from './classify.command';
import { kafkaCommand } from './kafka.command';

/** Every subcommand of `crescent`. Add a command by writing `<name>.command.ts` and listing it here. */
export const COMMANDS: readonly CliCommand[] = [kafkaCommand, backtestCommand, classifyCommand];
