#!/usr/bin/env bash
# lists and order as a user runs them: a list made with import-order, its order
# as text (every line within the width, the total in figures and in capital
# figures, three signatures), in GB18030, as CSV, written to a file that is
# never overwritten without --force, and the history in `lists`.
#
# Usage: test-orders.sh PATH/TO/aixingou   (AIX_SOURCE_ROOT and AIX_TEST_DATA set)
set -u

bin=$1
data=${AIX_TEST_DATA:?}
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

aix() { "$bin" --db "$tmp/o.db" --catalogue "$cli" "$@"; }

# The widest line of a file, in terminal cells (a hanzi is two).
widest() {
	python3 - "$1" <<'PY'
import sys, unicodedata
w = 0
for line in open(sys.argv[1], encoding="utf-8").read().replace("\f", "\n").splitlines():
    w = max(w, sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line))
print(w)
PY
}

aix import-order "$data/csv/import-known.csv" --name 中秋慰问 >"$tmp/out" 2>"$tmp/err"
[ $? -eq 0 ] && pass || fail "import-order: $(cat "$tmp/err")"

# The list in `lists`, with its total: 3×168 + 1064 + 2×59.90 + 2×580 from the
# catalogue, and 6×45 by hand = 3,117.80.
aix lists >"$tmp/out" 2>&1
grep -q '中秋慰问.*5 lines.*¥3,117.80' "$tmp/out" && pass || fail "lists: $(cat "$tmp/out")"

for width in 60 80 120; do
	aix order 中秋慰问 --width "$width" >"$tmp/order-$width.txt" 2>"$tmp/err"
	[ $? -eq 0 ] && pass || fail "order --width $width: $(cat "$tmp/err")"
	w=$(widest "$tmp/order-$width.txt")
	[ "$w" -le "$width" ] && pass || fail "order --width $width has a line of $w cells"
done
o=$tmp/order-80.txt
grep -q '¥3,117.80' "$o" && pass || fail "the text order lacks the total ¥3,117.80"
grep -q '人民币叁仟壹佰壹拾柒元捌角' "$o" && pass || fail "the text order lacks the total in capital figures"
for who in 经办人 审核人 工会主席; do
	LANGUAGE=zh_CN aix --lang zh_CN order 中秋慰问 | grep -q "$who" && pass ||
		fail "the Chinese order has no signature line for $who"
done
grep -qi 'sample' "$o" && pass || fail "the order of a sample catalogue does not say so"

# GB18030: the same text, another encoding.
aix order 中秋慰问 --encoding gb18030 >"$tmp/gb.txt"
iconv -f GB18030 -t UTF-8 "$tmp/gb.txt" >"$tmp/gb-utf8.txt" && pass || fail "GB18030 order does not convert back"
# The order number of a printed order counts up only when a file is written.
cmp -s "$tmp/gb-utf8.txt" "$o" && pass || fail "the GB18030 order differs from the UTF-8 one"

# CSV: byte-order mark and the exact header.
aix order 中秋慰问 --format csv >"$tmp/o.csv"
head -c 3 "$tmp/o.csv" | od -An -tx1 | grep -q 'ef bb bf' && pass || fail "the CSV order has no byte-order mark"
head -n 1 "$tmp/o.csv" | tr -d '\r\357\273\277' | grep -qx 'supplier_id,supplier,product_id,product,spec,unit,unit_price,quantity,amount,union,purpose,headcount,per_member' &&
	pass || fail "the CSV header: $(head -n 1 "$tmp/o.csv")"
aix order 中秋慰问 --format csv --encoding gb18030 >/dev/null 2>&1
[ $? -eq 2 ] && pass || fail "CSV in GB18030 is a usage error"

# Writing to a file: never over an existing one without --force.
aix order 中秋慰问 --out "$tmp/orders/first.txt" 2>"$tmp/err"
[ $? -ne 0 ] && pass || fail "writing into a missing folder succeeded"
mkdir -p "$tmp/orders"
aix order 中秋慰问 --out "$tmp/orders/first.txt" 2>"$tmp/err"
[ $? -eq 0 ] && [ -s "$tmp/orders/first.txt" ] && pass || fail "order --out: $(cat "$tmp/err")"
cp "$tmp/orders/first.txt" "$tmp/keep.txt"
aix order 中秋慰问 --width 60 --out "$tmp/orders/first.txt" 2>"$tmp/err"
[ $? -eq 1 ] && pass || fail "order --out over an existing file did not fail"
cmp -s "$tmp/orders/first.txt" "$tmp/keep.txt" && pass || fail "the existing order file was changed"
aix order 中秋慰问 --width 60 --force --out "$tmp/orders/first.txt" 2>"$tmp/err"
[ $? -eq 0 ] && ! cmp -s "$tmp/orders/first.txt" "$tmp/keep.txt" && pass || fail "--force did not replace the file"
leftover=$(find "$tmp/orders" -type f ! -name first.txt)
[ -z "$leftover" ] && pass || fail "temporary files left: $leftover"
# Two orders written: two numbers in the history, the second ending in -002.
grep -q -- '-002' "$tmp/orders/first.txt" && pass || fail "the second order written today is not number 002"

aix order no-such-list >/dev/null 2>"$tmp/err"
[ $? -eq 1 ] && grep -q 'no-such-list' "$tmp/err" && pass || fail "an unknown list: $(cat "$tmp/err")"
aix order >/dev/null 2>&1
[ $? -eq 2 ] && pass || fail "order without a name is a usage error"
aix order 中秋慰问 --width 20 >/dev/null 2>&1
[ $? -eq 2 ] && pass || fail "a width below 60 is a usage error"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
