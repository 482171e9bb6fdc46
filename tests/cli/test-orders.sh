#!/usr/bin/env bash
# lists and order as a user runs them: a list made with import-order, its order
# as text (every line within the width, the total in figures and in capital
# figures, three signatures), a Chinese document under C.UTF-8 (English with
# --lang en), a draft without a number on standard output, the suppliers'
# contacts or blanks, in GB18030 with CRLF, as CSV, written to a file that is
# never overwritten without --force; order numbers: an unchanged list keeps
# its number, absolute paths in the history, eight writers at once get eight
# numbers all in the history.
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
# A header row names the columns.
head -n 1 "$tmp/out" | grep -Eq '^List +Purpose +Members +Lines +Total +Last edit$' && pass ||
	fail "lists has no header row: $(head -n 1 "$tmp/out")"

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
grep -q '示例数据' "$o" && pass || fail "the order of a sample catalogue does not say so"

# The order is a Chinese document whatever the interface's language (the
# tests run under C.UTF-8, English messages); English only with --lang en.
grep -q '采购订单' "$o" && grep -q '合计' "$o" && pass || fail "the order under C.UTF-8 is not Chinese: $(head -3 "$o")"
aix --lang en order 中秋慰问 >"$tmp/en.txt"
grep -q 'Purchase order' "$tmp/en.txt" && ! grep -q '采购订单' "$tmp/en.txt" && pass ||
	fail "--lang en does not write an English order"
# Printed to standard output, the order is a draft: no number, nothing
# recorded.
grep -q '采购订单（草稿）' "$o" && grep -q '订单号：草稿，未编号' "$o" && ! grep -q 'AXG-' "$o" && pass ||
	fail "the order on standard output is not marked as a draft: $(sed -n 2,4p "$o")"

# Each supplier's contact from the catalogue, blanks where it has none.
cp -r "$cli" "$tmp/cat-contact"
cat >>"$tmp/cat-contact/enterprises/01-cha.yaml" <<'YAML'
contact:
  person: 测试联系人
  phone: 0915-0000000
  address: 测试县城关镇测试路1号
YAML
"$bin" --db "$tmp/contact.db" --catalogue "$tmp/cat-contact" import-order "$data/csv/import-known.csv" --name 联系 >/dev/null 2>&1
"$bin" --db "$tmp/contact.db" --catalogue "$tmp/cat-contact" order 联系 >"$tmp/contact.txt" 2>"$tmp/err"
grep -q '联系人：测试联系人   电话：0915-0000000' "$tmp/contact.txt" && grep -q '地址：测试县城关镇测试路1号' "$tmp/contact.txt" &&
	pass || fail "the supplier's contact is not on the order: $(cat "$tmp/err")"
[ "$(grep -c '联系人：__________   电话：__________' "$tmp/contact.txt")" -eq 3 ] && pass ||
	fail "suppliers without a contact do not get blanks: $(grep 联系人 "$tmp/contact.txt")"

# GB18030 for old Windows computers: the same text, CRLF line ends.
aix order 中秋慰问 --encoding gb18030 >"$tmp/gb.txt"
iconv -f GB18030 -t UTF-8 "$tmp/gb.txt" >"$tmp/gb-utf8.txt" && pass || fail "GB18030 order does not convert back"
tr -d '\r' <"$tmp/gb-utf8.txt" | cmp -s - "$o" && pass || fail "the GB18030 order differs from the UTF-8 one"
lf=$(tr -cd '\n' <"$tmp/gb.txt" | wc -c)
crlf=$(grep -c $'\r$' "$tmp/gb.txt")
[ "$lf" -gt 10 ] && [ "$lf" -eq "$crlf" ] && pass || fail "the GB18030 order has $lf lines, $crlf end in CRLF"

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

# The history, read from the database as it is.
history() {
	python3 - "$tmp/o.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for number, files in db.execute("SELECT number, files FROM orders ORDER BY id"):
    print(number + "\t" + files.replace("\n", "|"))
PY
}
# The list is unchanged: written again, it keeps its number (one order,
# both files), also as CSV. The paths in the history are absolute.
today=$(date +%Y%m%d)
grep -q "订单号：AXG-$today-001" "$tmp/orders/first.txt" && pass || fail "the order written has no number: $(sed -n 4p "$tmp/orders/first.txt")"
(cd "$tmp/orders" && aix order 中秋慰问 --format csv --out first.csv) 2>"$tmp/err"
grep -q "order AXG-$today-001 (the list is unchanged" "$tmp/err" && pass || fail "an unchanged list did not keep its number: $(cat "$tmp/err")"
history >"$tmp/history"
[ "$(cat "$tmp/history")" = "AXG-$today-001	$tmp/orders/first.txt|$tmp/orders/first.csv" ] && pass ||
	fail "the history after writing one order three times: $(cat "$tmp/history")"
# Another list: the next number.
aix import-order "$data/csv/import-known.csv" --name 国庆慰问 >/dev/null 2>&1
aix order 国庆慰问 --out "$tmp/orders/second.txt" 2>"$tmp/err"
grep -q "订单号：AXG-$today-002" "$tmp/orders/second.txt" && pass || fail "the second order is not number 002: $(cat "$tmp/err")"

# Eight writers at once on one database: eight numbers, all in the history.
for i in 1 2 3 4 5 6 7 8; do
	aix import-order "$data/csv/import-known.csv" --name "并发$i" >/dev/null 2>&1
done
mkdir "$tmp/par"
pids=()
for i in 1 2 3 4 5 6 7 8; do
	AIXINGOU_BUSY_TIMEOUT_MS=60000 aix order "并发$i" --out "$tmp/par/$i.txt" 2>"$tmp/par-err-$i" &
	pids+=($!)
done
ok=0
for pid in "${pids[@]}"; do wait "$pid" && ok=$((ok + 1)); done
[ "$ok" -eq 8 ] && pass || fail "of 8 writers at once, $ok succeeded: $(cat "$tmp"/par-err-*)"
numbers=$(grep -ho 'AXG-[0-9]*-[0-9]*' "$tmp"/par/*.txt | sort -u | wc -l)
[ "$numbers" -eq 8 ] && pass || fail "8 orders written at once have $numbers different numbers"
history >"$tmp/history"
recorded=$(grep -c "$tmp/par/" "$tmp/history")
distinct=$(cut -f1 "$tmp/history" | sort -u | wc -l)
[ "$recorded" -eq 8 ] && [ "$distinct" -eq "$(wc -l <"$tmp/history")" ] && pass ||
	fail "8 orders written at once: $recorded in the history: $(cat "$tmp/history")"
for i in 1 2 3 4 5 6 7 8; do
	n=$(grep -o 'AXG-[0-9]*-[0-9]*' "$tmp/par/$i.txt")
	grep -q "^$n	$tmp/par/$i.txt\$" "$tmp/history" || fail "$tmp/par/$i.txt ($n) is not in the history under its number"
done

aix order no-such-list >/dev/null 2>"$tmp/err"
[ $? -eq 1 ] && grep -q 'no-such-list' "$tmp/err" && pass || fail "an unknown list: $(cat "$tmp/err")"
aix order >/dev/null 2>&1
[ $? -eq 2 ] && pass || fail "order without a name is a usage error"
aix order 中秋慰问 --width 20 >/dev/null 2>&1
[ $? -eq 2 ] && pass || fail "a width below 60 is a usage error"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
