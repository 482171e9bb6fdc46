#!/usr/bin/env bash
# Runs ./test.sh N times in a row (default 5) while two busy loops keep both
# cores of the machine loaded, and stops at the first run that fails. A test
# that passes only on an idle machine is a broken test; this is the check.
#
#   tools/busy-test.sh [N]
#
# Each run's output goes to build/busy-test-K.log; the last line of each is
# printed here.
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
loops=()
stop_loops() { [ ${#loops[@]} -eq 0 ] || kill "${loops[@]}" 2>/dev/null; }
trap stop_loops EXIT
for _ in 1 2; do
	(while :; do :; done) &
	loops+=($!)
done
mkdir -p build
for k in $(seq 1 "$runs"); do
	start=$(date +%s)
	if ./test.sh >"build/busy-test-$k.log" 2>&1; then
		verdict=passed
	else
		verdict=FAILED
	fi
	echo "run $k of $runs: $verdict in $(($(date +%s) - start)) s: $(tail -n 1 "build/busy-test-$k.log")"
	[ "$verdict" = passed ] || exit 1
done
echo "all $runs runs passed with both cores busy"
