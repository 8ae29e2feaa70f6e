#!/usr/bin/env bash
# Runs every test of the solution on a fresh Debian 12 machine and prints one plain summary line,
# "N passed, N failed". Exit status: 0 only when tests ran and none failed.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/prerequisites.sh || { echo "error: installing prerequisites failed" >&2; exit 1; }

log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet test TinyUNet.Worker.sln -c Release "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# One "Failed: N, Passed: N, Skipped: N, Total: N" line per test assembly.
read -r passed failed < <(grep -E 'Failed: +[0-9]+, Passed: +[0-9]+' "$log" \
  | sed -E 's/.*Failed: +([0-9]+), Passed: +([0-9]+).*/\2 \1/' \
  | awk '{p += $1; f += $2; n++} END {if (n) print p, f; else print "none none"}')

if [[ "$passed" == "none" ]]; then
  echo "0 passed, 0 failed"
  echo "error: no test summary found (build failed?)" >&2
  exit 1
fi
echo "$passed passed, $failed failed"
if [[ "$failed" != "0" || $status -ne 0 ]]; then exit 1; fi
