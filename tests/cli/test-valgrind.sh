#!/usr/bin/env bash
# The command-line paths under valgrind's memcheck: check, list, lists,
# order, import-order and merge, on good and broken input. Any memory error
# or definite leak fails.
#
# Usage: test-valgrind.sh PATH/TO/aixingou   (AIX_SOURCE_ROOT, AIX_TEST_DATA set)
set -u

bin=$1
src=${AIX_SOURCE_ROOT:?}
data=${AIX_TEST_DATA:?}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME=$tmp/home XDG_DATA_HOME=$tmp/xdg
export LC_ALL=C.UTF-8
unset LANGUAGE

if ! command -v valgrind >/dev/null; then
	echo "valgrind is not installed (tools/setup.sh installs it)" >&2
	echo "0 passed, 1 failed"
	exit 1
fi

passed=0
failed=0
n=0

# vg EXPECTED-STATUS ARGS...: runs aixingou under memcheck.
vg() {
	local want=$1
	shift
	n=$((n + 1))
	valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
		--log-file="$tmp/vg-$n.log" "$bin" --db "$tmp/vg.db" "$@" >"$tmp/out-$n" 2>"$tmp/err-$n"
	local status=$?
	if [ "$status" -eq "$want" ] && [ ! -s "$tmp/vg-$n.log" ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL: aixingou $* (exit $status, expected $want)" >&2
		head -40 "$tmp/vg-$n.log" >&2
		head -5 "$tmp/err-$n" >&2
	fi
}

cli=$data/cli
vg 0 check --catalogue "$src/catalogue"
vg 1 check --catalogue "$data/bad/34-many-errors"
vg 1 check --catalogue "$data/bad/25-invalid-utf8"
vg 0 --catalogue "$src/catalogue" list --search zyfxc
vg 0 --catalogue "$src/catalogue" list --format csv --sort unit-price:desc --township 毛坝镇
vg 2 --catalogue "$cli" list --sort nonsense
vg 0 --catalogue "$cli" import-order "$data/csv/import-known.csv" --name 中秋
vg 1 --catalogue "$cli" import-order "$data/csv/import-mixed.csv" --name mixed
vg 0 --catalogue "$cli" lists
vg 0 --catalogue "$cli" order 中秋
vg 0 --catalogue "$cli" order 中秋 --format csv
vg 0 --catalogue "$cli" order 中秋 --encoding gb18030 --width 100 --out "$tmp/o.txt"
vg 1 --catalogue "$cli" order 中秋 --out "$tmp/o.txt"
vg 1 --catalogue "$cli" order no-such-list
vg 1 --catalogue "$cli" merge "$data/csv/merge-a.csv" "$data/csv/merge-b.csv" "$data/csv/merge-c.csv"
vg 0 --catalogue "$cli" merge "$data/csv/merge-a.csv" "$data/csv/merge-b.csv" --out "$tmp/m.csv"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
