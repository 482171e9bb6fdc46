#!/usr/bin/env bash
# test.sh's closing line counts as meson does, each test once: a small meson
# project with a test that passes, one that fails printing a line like the
# summary's "Fail:", one that times out and one skipped must count as
# 1 passed, 2 failed, 1 skipped.
set -u
src=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/meson.build" <<'MESON'
project('count', 'c')
sh = find_program('sh')
test('good', sh, args: ['-c', 'true'])
test('bad', sh, args: ['-c', 'echo "Fail:               3"; echo "Timeout:            2"; exit 1'])
test('slow', sh, args: ['-c', 'sleep 30'], timeout: 1)
test('skipped', sh, args: ['-c', 'exit 77'])
MESON
meson setup "$tmp/build" "$tmp" >/dev/null 2>&1 || { echo "meson setup failed" >&2; exit 1; }
meson test -C "$tmp/build" --print-errorlogs >"$tmp/out" 2>&1
got=$(python3 "$src/tools/count-results.py" "$tmp/build/meson-logs/testlog.json")
if [ "$got" = "1 2 1" ]; then
	echo "1 passed, 0 failed"
else
	echo "count-results.py says '$got' (ok failed skipped), expected '1 2 1'" >&2
	echo "0 passed, 1 failed"
	exit 1
fi
