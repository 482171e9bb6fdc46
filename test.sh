#!/usr/bin/env bash
# Sets everything up on a fresh Debian 12 machine and runs every test.
set -euo pipefail
cd "$(dirname "$0")"
. tools/setup.sh
aix_ensure_packages
aix_ensure_build build

status=0

set +e
meson test -C build --print-errorlogs --num-processes 2 | tee build/meson-test.out
test_status=${PIPESTATUS[0]}
set -e
[ "$test_status" -eq 0 ] || status=1

ok=$(awk '/^Ok:/ {print $2}' build/meson-test.out)
fail=$(awk '/^(Fail|Unexpected Pass|Timeout):/ {n += $NF} END {print n + 0}' build/meson-test.out)
skip=$(awk '/^Skipped:/ {print $2}' build/meson-test.out)
echo "${ok:-0} passed, ${fail:-0} failed, ${skip:-0} skipped"
exit $status
