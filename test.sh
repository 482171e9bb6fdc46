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
	# A log of an earlier run must not be counted as this one.
	rm -f "$dir/meson-logs/testlog.json"
	set +e
	meson test -C "$dir" --print-errorlogs --num-processes 2 | tee "$dir/meson-test.out"
	test_status=${PIPESTATUS[0]}
	set -e
	[ "$test_status" -eq 0 ] || status=1
	# One result per test, from meson's own log: the summary's lines can be
	# matched by a failing test's output that --print-errorlogs shows, and
	# its Fail: and Timeout: are separate counts (a timeout is one failure).
	read -r o f s < <(python3 tools/count-results.py "$dir/meson-logs/testlog.json") || true
	ok=$((ok + ${o:-0}))
	fail=$((fail + ${f:-0}))
	skip=$((skip + ${s:-0}))
done
echo "$ok passed, $fail failed, $skip skipped"
exit $status
