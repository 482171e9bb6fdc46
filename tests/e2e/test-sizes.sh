#!/usr/bin/env bash
# The browser and the purchase list screen at 120x40, 80x24 and 60x14: a
# wider window never cuts names more, a narrow one keeps names apart (紫阳毛尖
# ·翠芽 and 紫阳毛尖·翠峰 not both 紫阳毛尖·翠~), a list longer than its
# screen says how many lines are below, the row under the list says what it
# shows, and a line's note without room for its column is a mark. Each
# screen is captured into the test's log. Polls the screen; no fixed sleeps.
#
# Usage: test-sizes.sh PATH/TO/aixingou   (AIX_SOURCE_ROOT set)
set -u

bin=$1
src=${AIX_SOURCE_ROOT:?}
shipped=$src/catalogue
tmp=$(mktemp -d)
. "$(dirname "$0")/lib.sh"

db=$tmp/sizes.db
# A list of a line by hand (first, so that it shows at 60x14) and the first
# 23 products of the catalogue, 10 of each: 24 lines.
{
	echo "supplier,product_id,product,unit,unit_price,quantity"
	echo "城关镇本地农户,,土蜂蜜,瓶,45.00,6"
	"$bin" --db "$tmp/ids.db" --catalogue "$shipped" list --format tsv 2>/dev/null |
		tail -n +2 | head -n 23 | awk -F'\t' '{ print "," $1 ",,,,10" }'
} >"$tmp/big.csv"
n=$(grep -c '^,[a-z]' "$tmp/big.csv")
[ "$n" -eq 23 ] && pass || fail "the CSV has 23 of the catalogue's products ($n)"
"$bin" --db "$db" --catalogue "$shipped" --lang en import-order "$tmp/big.csv" --name Big \
	>"$tmp/import.out" 2>&1
grep -q 'imported 24 lines' "$tmp/import.out" && pass || {
	cat "$tmp/import.out" >&2
	fail "import-order makes the list of 24 lines"
}

# at W H: the browser in a new W x H window, its first screen shown.
at() {
	new_server "$1" "$2" "'$bin' --db '$db' --catalogue '$shipped' --lang en; echo EXITED:\$?; sleep 60"
	wait_for '185/185 shown' "the browser starts at $1x$2"
}
# capture WHAT: the screen into the log.
capture() {
	echo "--- $1:"
	screen
}

# The width of the name column of the browser: the cells from the start of
# the "Product" title to the start of the "Enterprise" title.
name_cells() { screen | sed -n 3p | sed 's/Enterprise.*//' | sed 's/^ *Product//' | wc -c; }

# --- 120x40 ---------------------------------------------------------------------
at 120 40
capture "browse 120x40"
wait_for '紫阳毛尖·翠芽试饮装 ' "120x40: 紫阳毛尖·翠芽试饮装 whole (cut at 72 list columns before)"
w120=$(name_cells)
keys F7
wait_for 'Purchase list .Big.' "the list at 120x40"
capture "list 120x40"
keys Down
wait_for 'Supplier: 紫阳县科宏茶业有限公司' "120x40: the row under the list is labelled"
wait_for '125克×2罐礼盒 ' "120x40: a spec of 13 cells whole"
wait_for '紫阳毛尖·翠芽试饮装 ' "120x40: names whole"
wait_for 'by hand' "120x40: the note column"
keys F10
wait_for 'EXITED:0' "quits"

# --- 80x24 ----------------------------------------------------------------------
at 80 24
capture "browse 80x24"
wait_for '紫阳毛尖·翠芽试饮装 ' "80x24: 紫阳毛尖·翠芽试饮装 whole"
w80=$(name_cells)
[ "$w120" -ge "$w80" ] && pass || fail "the name column at 120x40 ($w120) is narrower than at 80x24 ($w80)"
keys F7
wait_for 'Purchase list .Big.' "the list at 80x24"
capture "list 80x24"
wait_for '↓ [0-9]+ more lines' "80x24: the list says there is more below"
keys Down
wait_for 'Supplier: 紫阳县科宏茶业有限公司' "80x24: the row under the list is labelled"
keys End
wait_for '↑ [0-9]+ lines above' "80x24: at the end it says there are lines above"
wait_gone 'more line' "80x24: nothing more below the last line"
keys F10
wait_for 'EXITED:0' "quits"

# --- 60x14 ----------------------------------------------------------------------
at 60 14
capture "browse 60x14"
wait_for '紫阳毛尖·翠芽 ' "60x14: 紫阳毛尖·翠芽 whole"
wait_for '紫阳毛尖·翠峰 ' "60x14: 紫阳毛尖·翠峰 whole"
n=$(screen | grep -c '紫阳毛尖·翠~')
[ "$n" -eq 0 ] && pass || fail "60x14: $n names collapse into 紫阳毛尖·翠~"
keys F7
wait_for 'Purchase list .Big.' "the list at 60x14"
capture "list 60x14"
wait_for '↓ [0-9]+ more lines' "60x14: the list says there is more below"
wait_for '^\* 土蜂蜜' "60x14: the note column gives way to a mark before the name"
wait_for 'Added by hand' "60x14: the row under the list says what the mark means"
keys Down Down Down
wait_for '紫阳毛尖·翠芽试饮装' "60x14: names whole in the list"
n=$(screen | grep -c '紫阳毛尖·~')
[ "$n" -eq 0 ] && pass || fail "60x14: $n names of the list cut to 紫阳毛尖·~"
wait_for 'Supplier: 紫阳县科宏茶业有限公司' "60x14: the row under the list is labelled"
keys F10
wait_for 'EXITED:0' "quits"

finish
