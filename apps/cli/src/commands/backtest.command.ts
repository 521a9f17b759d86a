import { BACKTEST_USAGE, parseBacktestArgs } from '../backtest/backtest-options';
import { runBacktest } from '../backtest/run-backtest';
import type { CliCommand, CliIo } from './command';

/** `crescent backtest`: replays event files through the scoring model and scores it against recorded outages. */
export const backtestCommand: CliCommand = {
  name: 'backtest',
  summary: 'replay event files through the model in event time and evaluate it',
  usage: BACKTEST_USAGE,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const options = parseBacktestArgs(args);
    if (typeof options === 'string') {
      io.stderr.write(`crescent backtest: ${options}\n\n${BACKTEST_USAGE}\n`);
      return 2;
    }
    return runBacktest(options, args, io);
  },
};
