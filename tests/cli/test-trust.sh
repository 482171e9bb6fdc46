#!/usr/bin/env bash
# Trust (issue 11): database paths SQLite treats specially, import-order all
# or nothing with its limits and settings, values edited from outside, CSV
# input that never blocks, look-alike names, CSV injection.
#
# Usage: test-trust.sh PATH/TO/aixingou   (AIX_SOURCE_ROOT and AIX_TEST_DATA set)
set -u

bin=$(realpath "$1")
data=${AIX_TEST_DATA:?}
csv=$data/csv
cli=$data/cli
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME=$tmp/home XDG_DATA_HOME=$tmp/xdg
unset LANGUAGE LANG LC_MESSAGES
export LC_ALL=C.UTF-8

passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() {
	failed=$((failed + 1))
	echo "FAIL: $*" >&2
}

work=$tmp/work
mkdir -p "$work"
cp "$csv"/*.csv "$work"/
cd "$work" || exit 1
db=$tmp/test.db

# run ARGS...: runs aixingou on the test catalogue, leaving $out, $err, $status.
run() {
	timeout 60 "$bin" --db "$db" --catalogue "$cli" "$@" >"$tmp/out" 2>"$tmp/err"
	status=$?
	out=$(cat "$tmp/out")
	err=$(cat "$tmp/err")
}

expect_status() {
	if [ "$status" -eq "$1" ]; then pass; else fail "$2: exit $status, expected $1; stderr: $err"; fi
}

expect_match() { # TEXT REGEX WHAT
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then pass; else fail "$3: no line matches /$2/ in: $1"; fi
}

expect_no_match() { # TEXT REGEX WHAT
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then fail "$3: a line matches /$2/ in: $1"; else pass; fi
}

expect_true() { # WHAT COMMAND...
	local what=$1
	shift
	if "$@"; then pass; else fail "$what"; fi
}

# ---- 1. Database paths SQLite treats specially ------------------------------

for special in "" ":memory:"; do
	timeout 60 "$bin" --db "$special" --catalogue "$cli" import-order import-known.csv \
		--name 中秋 >"$tmp/out" 2>"$tmp/err"
	status=$?
	err=$(cat "$tmp/err")
	expect_true "--db '$special' was accepted (exit $status): $err" [ "$status" -ne 0 ]
	expect_match "$err" 'is no database file' "--db '$special' says why"
done
# A "file:" name is a file of that name in the folder, not a URI: the list is
# there the next time.
"$bin" --db "file:x.db?mode=memory" --catalogue "$cli" import-order import-known.csv \
	--name 中秋 >/dev/null 2>&1
lists=$("$bin" --db "file:x.db?mode=memory" --catalogue "$cli" lists 2>&1)
expect_match "$lists" '中秋' "a list in --db file:x.db?mode=memory is kept"
expect_true "--db file:... made no file of that name" [ -f "file:x.db?mode=memory" ]

# ---- 6. CSV input never blocks -----------------------------------------------

# A named pipe without a writer, a device and a folder are refused without
# being read: the command ends at once (the timeout is only a safety net).
mkfifo pipe.csv
mkdir folder.csv
for input in pipe.csv /dev/zero folder.csv; do
	run import-order "$input" --name fifo
	expect_status 1 "import-order $input"
	expect_match "$err" "not a CSV file" "import-order $input says why"
	run merge "$input"
	expect_status 1 "merge $input"
	expect_match "$err" "not a CSV file" "merge $input says why"
done

# ---- 9. CSV injection behind blanks -----------------------------------------

# Lines by hand whose names a spreadsheet would run as formulas behind a
# space (the reader trims it), U+200B, U+FEFF or U+3000: each is written with a leading apostrophe,
# and reading the order back gives the name as it was.
printf 'supplier,product,unit,unit_price,quantity\n' >inject.csv
printf '农户," =1+1",瓶,1.00,1\n' >>inject.csv
printf '农户,\xe2\x80\x8b=1+2,瓶,1.00,1\n' >>inject.csv
printf '农户,\xef\xbb\xbf@SUM(A1),瓶,1.00,1\n' >>inject.csv
printf '农户,\xe3\x80\x80-2+3,瓶,1.00,1\n' >>inject.csv
run import-order inject.csv --name inject
expect_status 0 "import of names that look like formulas"
run order inject --format csv
for cell in "'=1+1" $'\'\u200b=1+2' $'\'\ufeff@SUM(A1)' $'\'\u3000-2+3'; do
	expect_true "the CSV cell $cell is not guarded: $out" grep -qF ",$cell," "$tmp/out"
done
cp "$tmp/out" inject-out.csv
run import-order inject-out.csv --name inject2
run order inject2 --format csv
expect_true "an order read back changed its names" cmp -s "$tmp/out" inject-out.csv

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
