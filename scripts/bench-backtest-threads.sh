#!/usr/bin/env bash
# CPU seconds of every thread of one backtest run, for docs/performance.md:
#   scripts/bench-backtest-threads.sh FILE [WORKERS]
# Runs scripts/bench-backtest-once.ts (read + JSON.parse, then the backtest) on FILE (made
# by `npm run bench:backtest -- --keep`) and samples /proc/PID/task/*/stat every 0.2 s;
# prints each thread's largest utime + stime seen (threads under 0.05 s left out), largest
# first, then the run's JSON line. The main thread, the intake workers and V8's platform
# threads (parallel and concurrent GC) are told apart by their CPU, not by name: the
# workers' threads end with the intake, so their last 0.2 s may be missed.
set -euo pipefail
file=$(realpath "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
out=$(mktemp)
samples=$(mktemp)
cd "$root"
node scripts/run-ts.cjs scripts/bench-backtest-once.ts "$file" ${2:+"$2"} >"$out" &
pid=$!
while kill -0 "$pid" 2>/dev/null; do
  for stat in /proc/"$pid"/task/*/stat; do
    awk '{ print FILENAME, $14 + $15 }' "$stat" 2>/dev/null || true
  done >>"$samples"
  sleep 0.2
done
wait "$pid"
ticks=$(getconf CLK_TCK)
awk -v t="$ticks" '{ if ($2 + 0 > m[$1]) m[$1] = $2 + 0 } END { for (k in m) if (m[k] / t >= 0.05) printf "%.2f\n", m[k] / t }' "$samples" |
  sort -n -r | tr '\n' ' ' | sed 's/^/thread CPU seconds: /'
echo
tail -n 1 "$out"
rm -f "$out" "$samples"
