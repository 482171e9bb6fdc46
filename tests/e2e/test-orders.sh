#!/usr/bin/env bash
# Order numbers and the history in the browser: the preview shows a
# provisional number; when the command line takes that number meanwhile,
# writing takes the next one in the transaction that records the order, and
# the file and the preview show that one. The interface is English under
# C.UTF-8, the order a Chinese document. In the order history, Enter reopens
# the order as it was written and p prints it again (to a stub lp on PATH
# that keeps what it was given). Polls the screen; no fixed sleeps.
#
# Usage: test-orders.sh PATH/TO/aixingou   (AIX_SOURCE_ROOT set)
set -u

bin=$1
src=${AIX_SOURCE_ROOT:?}
cat=$src/tests/data/cli
tmp=$(mktemp -d)
. "$(dirname "$0")/lib.sh"
mkdir -p "$tmp/bin"
cat >"$tmp/bin/lp" <<EOF2
#!/bin/sh
cp "\$1" "$tmp/printed.txt"
EOF2
chmod +x "$tmp/bin/lp"

aix() { "$bin" --db "$tmp/o.db" --catalogue "$cat" "$@"; }
aix import-order "$src/tests/data/csv/import-known.csv" --name 中秋 >/dev/null 2>&1 || fail "import-order"

new_server 80 24 "env PATH='$tmp/bin:$PATH' '$bin' --db '$tmp/o.db' --catalogue '$cat'; echo EXITED:\$?; sleep 60"
wait_for '[0-9]+/[0-9]+ shown' "the browser starts"
keys L
wait_for 'Saved purchase lists|中秋' "L shows the lists"
keys Enter
wait_for 'Purchase list .中秋.' "Enter opens the list"
keys F9
wait_for 'Order AXG-[0-9]+-001 \(provisional number\)' "the preview's number is provisional"
wait_for '采购订单' "the order is a Chinese document under C.UTF-8"

# The command line takes number 001 meanwhile.
aix import-order "$src/tests/data/csv/import-known.csv" --name 国庆 >/dev/null 2>&1
aix order 国庆 --out "$tmp/cli.txt" 2>/dev/null
grep -q '订单号：AXG-[0-9]*-001' "$tmp/cli.txt" && pass || fail "the command line did not take 001"

keys Enter
wait_for 'Write order AXG-[0-9]+-001' "Enter asks where to write"
keys Enter
wait_for 'Order AXG-[0-9]+-002 written' "writing takes the next free number"
wait_for '订单号：AXG-[0-9]+-002' "the preview shows the number written"
txt=$(ls "$HOME"/aixingou-orders/AXG-*-002.txt 2>/dev/null | head -n 1)
[ -s "$txt" ] && grep -q '订单号：AXG-[0-9]*-002' "$txt" && pass || fail "the file is AXG-…-002.txt with its number: $(ls "$HOME"/aixingou-orders)"
[ -z "$(ls "$HOME"/aixingou-orders/AXG-*-001* 2>/dev/null)" ] && pass || fail "a file under the number the command line took"
python3 - "$tmp/o.db" >"$tmp/history" <<'PY'
import sqlite3, sys
for row in sqlite3.connect(sys.argv[1]).execute("SELECT number, list_name FROM orders ORDER BY number"):
    print("\t".join(row))
PY
[ "$(cut -f2 "$tmp/history" | tr '\n' ' ')" = "国庆 中秋 " ] && [ "$(cut -f1 "$tmp/history" | sort -u | wc -l)" -eq 2 ] && pass ||
	fail "the history: $(cat "$tmp/history")"

# The history: Enter reopens the order as written, p prints it again.
keys Escape L
wait_for '国庆' "the lists"
keys h
if ! poll -F 'Orders written from “中秋”'; then
	keys h Down h
fi
wait_fixed 'Orders written from “中秋”' "h shows the list's orders"
wait_for 'AXG-[0-9]+-002' "the order is in the history"
keys Enter
wait_for 'Order AXG-[0-9]+-002 as written' "Enter reopens the order"
wait_for '订单号：AXG-[0-9]+-002' "the stored text is shown"
keys p
wait_for 'sent to the printer' "p prints the order again"
for _ in $(seq 1 200); do [ -s "$tmp/printed.txt" ] && break; sleep 0.05; done
cmp -s "$tmp/printed.txt" "$txt" && pass || fail "lp was not given the order as written"
rm -f "$tmp/printed.txt"
keys Escape
wait_fixed 'Orders written from “中秋”' "Esc goes back to the history"
keys p
for _ in $(seq 1 200); do [ -s "$tmp/printed.txt" ] && break; sleep 0.05; done
cmp -s "$tmp/printed.txt" "$txt" && pass || fail "p in the history did not print the order as written"
keys F10
wait_for 'EXITED:0' "F10 quits"
finish
