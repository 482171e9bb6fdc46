#!/usr/bin/env bash
# Sets everything up on a fresh Debian 12 machine and runs every test: once
# in the normal build (with valgrind on the command-line paths), once more in
# a build with AddressSanitizer and UndefinedBehaviorSanitizer.
set -euo pipefail
cd "$(dirname "$0")"
. tools/setup.sh
aix_ensure_packages
aix_ensure_build build
# gcc's warnings under the sanitizers include false alarms (e.g. "null format
# string" for vsnprintf(NULL, 0, ...)); the normal build holds the zero-warning
# line.
aix_ensure_build build-sanitize -Db_sanitize=address,undefined -Db_lundef=false

status=0
ok=0
fail=0
skip=0
for dir in build build-sanitize; do
	echo "== tests in $dir"
	set +e
	meson test -C "$dir" --print-errorlogs --num-processes 2 | tee "$dir/meson-test.out"
	test_status=${PIPESTATUS[0]}
	set -e
	[ "$test_status" -eq 0 ] || status=1
	ok=$((ok + $(awk '/^Ok:/ {print $2}' "$dir/meson-test.out")))
	fail=$((fail + $(awk '/^(Fail|Unexpected Pass|Timeout):/ {n += $NF} END {print n + 0}' "$dir/meson-test.out")))
	skip=$((skip + $(awk '/^Skipped:/ {print $2}' "$dir/meson-test.out")))
done
echo "$ok passed, $fail failed, $skip skipped"
exit $status
