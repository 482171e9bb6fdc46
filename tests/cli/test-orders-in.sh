#!/usr/bin/env bash
# Order CSVs coming back in: import-order makes a list of an order CSV (checked
# through 'aixingou order NAME --format csv'), merge sums many unions' orders.
# Exact output is compared with expected files in tests/data/csv/expected,
# written by hand from the input files.
#
# Usage: test-orders-in.sh PATH/TO/aixingou   (AIX_SOURCE_ROOT and AIX_TEST_DATA set)
set -u

bin=$(realpath "$1") # the test works in another folder
data=${AIX_TEST_DATA:?}
csv=$data/csv
expected=$csv/expected
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

# The files are used by their bare names, as a clerk types them: the messages
# name them so.
work=$tmp/work
mkdir -p "$work"
cp "$csv"/*.csv "$work"/
cd "$work" || exit 1
db=$tmp/test.db

# run ARGS...: runs aixingou on the test catalogue, leaving $out, $err, $status.
run() {
	"$bin" --db "$db" --catalogue "$cli" "$@" >"$tmp/out" 2>"$tmp/err"
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

expect_true() { # WHAT COMMAND...
	local what=$1
	shift
	if "$@"; then pass; else fail "$what"; fi
}

expect_false() { # WHAT COMMAND...
	local what=$1
	shift
	if "$@"; then fail "$what"; else pass; fi
}

expect_same() { # FILE EXPECTED-FILE WHAT
	if cmp -s "$1" "$2"; then
		pass
	else
		fail "$3: differs from $(basename "$2"):"
		diff -u "$2" "$1" | head -30 >&2
	fi
}

# order_csv NAME: the list's order as CSV, in $tmp/order.csv.
order_csv() {
	"$bin" --db "$db" --catalogue "$cli" order "$1" --format csv >"$tmp/order.csv" 2>"$tmp/order.err"
}

# --- usage -------------------------------------------------------------------
for args in "import-order" "import-order a.csv b.csv" "import-order --name" \
	"import-order --bogus import-known.csv" "merge" "merge --out" "merge --bogus merge-a.csv"; do
	# shellcheck disable=SC2086
	run $args
	expect_status 2 "aixingou $args"
	expect_match "$err" "--help" "aixingou $args points to --help"
done
run import-order --name "" import-known.csv
expect_status 2 "import-order with an empty --name"
run import-order --help
expect_status 0 "import-order --help"
expect_match "$out" "--name NAME" "import-order --help shows its options"
expect_match "$out" "exit status is 1" "import-order --help says what happens to bad rows"
run merge --help
expect_status 0 "merge --help"
expect_match "$out" "--out FILE" "merge --help shows its options"

# --- import-order: an order as aixingou writes it --------------------------------
run import-order import-known.csv
expect_status 0 "import-order of an order CSV"
expect_true "import-order summary: $out" [ "$out" = 'imported 5 lines into list "import-known"' ]
expect_true "import-order of a clean order said: $err" [ -z "$err" ]
# Written again as CSV, the list is the file it came from, byte for byte, with
# the columns of its settings after them.
order_csv import-known
expect_same "$tmp/order.csv" "$expected/import-known.csv" "the order of the imported list"

# The name is taken: nothing is added to the existing list.
run import-order import-known.csv
expect_status 1 "import-order over an existing list"
expect_match "$err" 'a list named "import-known" already exists.*--name' "existing list named"
order_csv import-known
expect_same "$tmp/order.csv" "$expected/import-known.csv" "the existing list after a refused import"

run import-order import-known.csv --name 2019年中秋
expect_status 0 "import-order --name"
expect_match "$out" '^imported 5 lines into list "2019年中秋"$' "import-order --name summary"
order_csv 2019年中秋
expect_same "$tmp/order.csv" "$expected/import-known.csv" "the order of the list imported with --name"

# The same order re-saved by Excel on a Chinese Windows: GB18030, no BOM.
tail -c +4 import-known.csv | iconv -f UTF-8 -t GB18030 >gbk.csv
expect_false "iconv did not convert" cmp -s gbk.csv import-known.csv
run import-order gbk.csv
expect_status 0 "import-order of a GB18030 file"
order_csv gbk
expect_same "$tmp/order.csv" "$expected/import-known.csv" "the order of the list imported from GB18030"

# --- import-order: another union's file with mistakes ----------------------------
run import-order import-mixed.csv
expect_status 1 "import-order of a file with bad rows"
expect_true "import-order summary with bad rows: $out" \
	[ "$out" = 'imported 5 lines into list "import-mixed"' ]
expect_same "$tmp/err" "$expected/import-mixed.err" "import-order messages"
order_csv import-mixed
expect_same "$tmp/order.csv" "$expected/import-mixed.csv" "the list made of the good rows"

# Nothing importable: no list.
printf 'product_id,quantity\r\nno-such,1\r\nmoyu-fen,x\r\n' >nothing.csv
run import-order nothing.csv
expect_status 1 "import-order with no good row"
expect_match "$err" '^nothing.csv:2: error: unknown product id "no-such"$' "unknown id with its line"
expect_match "$err" '^nothing.csv:3: error: quantity "x"' "bad quantity with its line"
expect_match "$err" 'no list was created' "no list from nothing"
expect_false "a list was made of a file without good rows" order_csv nothing

# Text from the file never reaches the terminal raw.
printf 'product_id,quantity\nx\033[31m,1\n' >escape.csv
run import-order escape.csv
expect_status 1 "import-order of an unknown id with an escape"
expect_match "$err" 'unknown product id "x\^\[\[31m"' "the escape is shown as ^["
case "$err" in *$'\033'*) fail "a raw escape reached stderr" ;; *) pass ;; esac

run import-order no-such-file.csv
expect_status 1 "import-order of a missing file"
expect_match "$err" 'cannot open no-such-file.csv' "missing file named"
printf 'product,price\n茶,1\n' >noheader.csv
run import-order noheader.csv
expect_status 1 "import-order of a file without a quantity column"
expect_match "$err" 'noheader.csv:1: the header row needs a "quantity" column' "header error"

# --- merge ---------------------------------------------------------------------
run merge merge-a.csv merge-b.csv merge-c.csv
expect_status 1 "merge with a broken row"
expect_same "$tmp/out" "$expected/merge.csv" "merged CSV"
expect_same "$tmp/err" "$expected/merge.err" "merge messages"

run merge merge-a.csv merge-b.csv
expect_status 0 "merge of good files"
expect_match "$err" '^total: 6 rows, ¥7,222.00$' "total of two files"

# A merged order merged alone is itself.
cp "$expected/merge.csv" merged-before.csv
run merge merged-before.csv
expect_status 0 "merge of a merged order"
expect_same "$tmp/out" "$expected/merge.csv" "merge of a merged order"

# --out writes the same file, atomically; an existing file needs --force.
run merge merge-a.csv merge-b.csv merge-c.csv --out merged.csv
expect_status 1 "merge --out with a broken row"
expect_same merged.csv "$expected/merge.csv" "merge --out file"
expect_true "merge --out printed the CSV too" [ -z "$out" ]
echo "old" >merged.csv
run merge merge-a.csv --out merged.csv
expect_status 1 "merge --out over an existing file"
expect_match "$err" 'merged.csv already exists; use --force' "merge refuses to overwrite"
expect_true "merge --out overwrote an existing file" [ "$(cat merged.csv)" = old ]
run merge merge-a.csv merge-b.csv merge-c.csv --out merged.csv --force
expect_same merged.csv "$expected/merge.csv" "merge --out --force"
leftovers=$(find . -name '.aixingou-*')
expect_true "temporary files left: $leftovers" [ -z "$leftovers" ]

# A file that cannot be read: the others are still merged.
run merge no-such-file.csv merge-a.csv
expect_status 1 "merge with a missing file"
expect_match "$err" 'cannot open no-such-file.csv' "missing file in merge"
expect_match "$err" '^total: 4 rows, ¥3,064.00$' "the readable file is merged"
run merge no-such-file.csv
expect_status 1 "merge of nothing readable"
expect_true "merge of nothing wrote: $out" [ -z "$out" ]

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
