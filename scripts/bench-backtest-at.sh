#!/usr/bin/env bash
# Measures earlier commits the way bench:backtest measures the working tree, for the
# optimisation log in docs/performance.md:
#   scripts/bench-backtest-at.sh FILE COMMIT [COMMIT ...]
# FILE is an events file made by `npm run bench:backtest -- --keep` (the generator is
# deterministic). Each commit is exported to a temporary directory (git archive, no
# checkout), and one process there times read + JSON.parse with readline, then the
# backtest, exactly as the benchmark does. Prints one JSON line per commit.
set -euo pipefail
file=$(realpath "$1")
shift
root=$(cd "$(dirname "$0")/.." && pwd)
for commit in "$@"; do
  dir=$(mktemp -d)
  git -C "$root" archive "$commit" | tar -x -C "$dir"
  ln -s "$root/node_modules" "$dir/node_modules"
  cp "$root/scripts/bench-backtest-once.ts" "$dir/scripts/"
  result=$(cd "$dir" && node scripts/run-ts.cjs scripts/bench-backtest-once.ts "$file" | tail -n 1)
  echo "{\"commit\":\"$(git -C "$root" rev-parse --short "$commit")\",\"result\":$result}"
  rm -rf "$dir"
done
