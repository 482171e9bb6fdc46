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
	expect_true "--db '$special' was accepted or not as a wrong command line (exit $status): $err" \
		[ "$status" -eq 2 ]
	expect_match "$err" 'is no database file' "--db '$special' says why"
done
# A "file:" name is a file of that name in the folder, not a URI: the list is
# there the next time.
"$bin" --db "file:x.db?mode=memory" --catalogue "$cli" import-order import-known.csv \
	--name 中秋 >/dev/null 2>&1
lists=$("$bin" --db "file:x.db?mode=memory" --catalogue "$cli" lists 2>&1)
expect_match "$lists" '中秋' "a list in --db file:x.db?mode=memory is kept"
expect_true "--db file:... made no file of that name" [ -f "file:x.db?mode=memory" ]

# ---- 2. import-order is all or nothing ---------------------------------------

# A big order (every row a line of its own) imported while being killed at a
# random moment, again and again for a few seconds: each time the list is
# there whole or not at all, and the next import under that name works.
rows=20000
{
	printf 'supplier,product,unit,unit_price,quantity\n'
	for ((i = 1; i <= rows; i++)); do printf '农户,产品%d,个,1.00,1\n' "$i"; done
} >big.csv
seed=${AIX_KILL_SEED:-$$}
RANDOM=$seed
echo "kill loop: seed $seed (AIX_KILL_SEED=$seed repeats it)"
kills=0 whole=0 none=0
end=$((SECONDS + 4))
while [ "$SECONDS" -lt "$end" ]; do
	"$bin" --db "$tmp/kill.db" --catalogue "$cli" import-order big.csv --name big \
		>/dev/null 2>&1 &
	pid=$!
	# A random moment within the first 1.5 s of the import.
	sleep "0.$(printf '%03d' $((RANDOM % 1000)))"
	sleep "0.$((RANDOM % 5))"
	kill -KILL "$pid" 2>/dev/null && kills=$((kills + 1))
	wait "$pid" 2>/dev/null
	listed=$("$bin" --db "$tmp/kill.db" --catalogue "$cli" lists 2>&1)
	if printf '%s\n' "$listed" | grep -q 'big'; then
		if printf '%s\n' "$listed" | grep -Eq "big.* $rows "; then
			whole=$((whole + 1))
		else
			fail "kill loop (seed $seed): a half-imported list: $listed"
			break
		fi
		"$bin" --db "$tmp/kill.db" --catalogue "$cli" order big --format csv >"$tmp/big.csv" 2>/dev/null
		n=$(($(wc -l <"$tmp/big.csv") - 1))
		expect_true "kill loop (seed $seed): the list has $n lines, not $rows" [ "$n" -eq "$rows" ]
		rm -f "$tmp/kill.db" "$tmp/kill.db-wal" "$tmp/kill.db-shm"
	else
		none=$((none + 1))
	fi
done
echo "kill loop: $kills kills; the list was whole $whole times, absent $none times"
pass

# ---- 3. import-order keeps the list's settings ---------------------------------

printf 'product_id,quantity\ncha-cuifeng-250,60\nmoyu-fen,90\n' >pack.csv
run import-order pack.csv --name pack --union 城关镇总工会 --purpose mid-autumn --headcount 30 \
	--per-member
expect_status 0 "import-order with the settings as options"
run order pack --format csv
cp "$tmp/out" pack-order.csv
expect_match "$out" '^cha,.*,168.00,60,10080.00,城关镇总工会,mid-autumn,30,1' \
	"the order CSV says the settings (60 = 2 per member × 30)"
run lists
expect_match "$out" 'pack' "the pack is listed"
# Imported back without options: the same list, the same order.
run import-order pack-order.csv --name pack2
expect_status 0 "import-order of an order CSV with its settings"
run order pack2 --format csv
expect_true "the list imported back differs: $out" cmp -s "$tmp/out" pack-order.csv
# A quantity that is no whole number per member is refused with its line.
printf 'product_id,quantity\ncha-cuifeng-250,61\n' >uneven.csv
run import-order uneven.csv --name uneven --headcount 30 --per-member
expect_status 1 "import-order of an uneven per-member quantity"
expect_match "$err" '^uneven.csv:2: error: quantity 61 is no whole number per member' \
	"the uneven row is named"
# Imported back for another headcount: the file's 60 were for its 30 members,
# 2 each; the new list keeps 2 each for its 40 (80 in its order).
run import-order pack-order.csv --name pack40 --headcount 40
expect_status 0 "import-order of an order CSV with another --headcount: $err"
run order pack40 --format csv
expect_match "$out" '^cha,.*,168.00,80,13440.00,城关镇总工会,mid-autumn,40,1' \
	"2 per member of the file's 30 members are 2 per member of the new 40"
run import-order pack.csv --name bad-headcount --headcount 0
expect_status 2 "--headcount 0"

# ---- 4. Quantities and amounts within the browser's limits -------------------

printf 'product_id,quantity\ncha-cuifeng-250,1000000000\nmoyu-fen,1\n' >huge.csv
run import-order huge.csv --name huge
expect_status 1 "import-order of a quantity of 1,000,000,000"
expect_match "$err" '^huge.csv:2: error: the quantity of .* would be 1000000000, more than 10000000' \
	"the huge row is named"
printf 'product_id,quantity\ncha-cuifeng-250,6000000\ncha-cuifeng-250,6000000\n' >sum.csv
run import-order sum.csv --name sum
expect_status 1 "import-order of rows that add up past the limit"
expect_match "$err" '^sum.csv:3: error: the quantity of .* would be 12000000' "the second row is named"
# Lines by hand whose total cannot be ordered: the row that passes is refused.
{
	printf 'product,unit,unit_price,quantity\n'
	for i in 1 2 3 4; do printf '大宗%d,批,300000000000.00,1\n' "$i"; done
} >total.csv
run import-order total.csv --name total
expect_status 1 "import-order of a total too large"
expect_match "$err" "^total.csv:5: error: with this row the list's total would be too large" \
	"the row that passes the total is named"
run lists
expect_no_match "$out" '\?' "lists shows an amount that cannot be computed"
for list in huge sum total; do
	run order "$list"
	expect_status 0 "order $list after the refused rows"
done

# ---- 5. Values edited from outside -------------------------------------------

# sql DB STATEMENT: a change made by hand, as with the sqlite3 shell.
sql() { python3 -c 'import sqlite3, sys; db = sqlite3.connect(sys.argv[1]); db.execute(sys.argv[2]); db.commit()' "$@"; }
run import-order import-known.csv --name edited
expect_status 0 "import-order of the list to edit by hand"
for change in "quantity = -5" "unit_price = -10000" "quantity = 2000000000"; do
	sql "$db" "UPDATE purchase_lines SET $change WHERE list_id = (SELECT id FROM purchase_lists WHERE name = 'edited') AND position = 2"
	run order edited
	expect_status 1 "order of a list with $change"
	expect_match "$err" 'list "edited" in the database is damaged: line 2 \(".*"\) has quantity' \
		"the damage of $change is named"
	expect_no_match "$out" '-[0-9]' "an order printed with $change"
	run lists
	expect_match "$out" 'edited.*\?' "lists has no total for a list with $change"
	sql "$db" "UPDATE purchase_lines SET quantity = 1, unit_price = 106400 WHERE list_id = (SELECT id FROM purchase_lists WHERE name = 'edited') AND position = 2"
done
sql "$db" "UPDATE purchase_lists SET headcount = -3 WHERE name = 'edited'"
run order edited
expect_status 1 "order of a list with a negative headcount"
expect_match "$err" 'list "edited" in the database is damaged: its headcount' "a bad headcount is named"

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

# ---- 7. Catalogue files ----------------------------------------------------------

# A link in enterprises/ to a file outside the catalogue folder (a private
# key, say) is refused unread: nothing of the file is quoted.
cat=$tmp/cat
cp -r "$cli" "$cat"
printf -- '-----BEGIN OPENSSH PRIVATE KEY-----\nSECRETSECRETSECRET\n' >"$tmp/id_key"
ln -s "$tmp/id_key" "$cat/enterprises/99-key.yaml"
timeout 60 "$bin" --db "$tmp/cat.db" --catalogue "$cat" check >"$tmp/out" 2>"$tmp/err"
status=$?
err=$(cat "$tmp/err")
expect_status 1 "check with a link out of the folder"
expect_match "$err" '99-key.yaml: error: a link to a file outside the catalogue folder' \
	"the link out is named"
expect_no_match "$err" 'BEGIN|SECRET' "check quoted the file the link points to"
rm "$cat/enterprises/99-key.yaml"
# The same file copied into the folder: a file that is one text is not quoted.
cp "$tmp/id_key" "$cat/enterprises/99-key.yaml"
timeout 60 "$bin" --db "$tmp/cat.db" --catalogue "$cat" check >"$tmp/out" 2>"$tmp/err"
err=$(cat "$tmp/err")
expect_match "$err" '99-key.yaml:1:1: error: the file is one text of [0-9]+ bytes, not a mapping' \
	"a file of one text is named"
expect_no_match "$err" 'BEGIN|SECRET' "check quoted a file that is not YAML"
rm "$cat/enterprises/99-key.yaml"
# A link that stays inside the folder is fine.
mkdir "$cat/shared"
mv "$cat/enterprises/02-moyu.yaml" "$cat/shared/"
ln -s ../shared/02-moyu.yaml "$cat/enterprises/02-moyu.yaml"
timeout 60 "$bin" --db "$tmp/cat.db" --catalogue "$cat" check >"$tmp/out" 2>"$tmp/err"
status=$?
err=$(cat "$tmp/err")
expect_status 0 "check with a link within the folder"
# An enterprise file named in capitals is read, not skipped.
mv "$cat/enterprises/03-lvyou.yaml" "$cat/enterprises/03-LVYOU.YML"
timeout 60 "$bin" --db "$tmp/cat.db" --catalogue "$cat" list --services >"$tmp/out" 2>"$tmp/err"
expect_match "$(cat "$tmp/out")" '劳模疗休养两日游' "the services of 03-LVYOU.YML are listed"
# Numbers with a leading zero (010 is 8 to YAML 1.1 tools) are refused at
# their line and column.
sed -i 's/^\(    price: \)168$/\10168/' "$cat/enterprises/01-cha.yaml"
timeout 60 "$bin" --db "$tmp/cat.db" --catalogue "$cat" check >"$tmp/out" 2>"$tmp/err"
status=$?
err=$(cat "$tmp/err")
expect_status 1 "check with price: 0168"
expect_match "$err" '01-cha.yaml:[0-9]+:[0-9]+: error: price 0168 starts with a zero' \
	"the leading zero is named with its line and column"

# ---- 8. Look-alike list names ----------------------------------------------------

run import-order import-known.csv --name 中秋礼品
expect_status 0 "import-order --name 中秋礼品"
for alike in $'中秋礼品\u200b' $'\ufeff中秋礼品' $'中\u00ad秋礼品' $'中秋礼品\u2061' \
	$'中秋礼品\U000E0001\U000E0041' ' 中秋礼品 ' $'\u3000中秋礼品\u3000' $'中秋礼品\u00a0'; do
	run import-order import-known.csv --name "$alike"
	expect_status 1 "a look-alike of 中秋礼品 ($(printf '%s' "$alike" | od -An -tx1 | tr -d ' \n'))"
	expect_match "$err" 'a list named "中秋礼品" already exists' "the look-alike is named as the list"
done
run lists
expect_true "lists shows more than one 中秋礼品: $out" [ "$(printf '%s\n' "$out" | grep -c 中秋礼品)" -eq 1 ]
# The look-alike finds the list.
run order $'中秋礼品\u200b' --format csv
expect_status 0 "order of a look-alike name"
for blank in $'\u3000' ' ' $'\u3000 \u200b'; do
	run import-order import-known.csv --name "$blank"
	expect_status 2 "a name of spaces only"
	expect_match "$err" 'the list name is empty' "a name of spaces is refused"
done
# The same rule for the union and the purpose.
run import-order import-known.csv --name 工会 --union $'\u3000城关镇总工会\u200b ' \
	--purpose $' mid-autumn\ufeff'
run order 工会 --format csv
expect_match "$out" ',城关镇总工会,mid-autumn,1,0' "the union and purpose are normalised"

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
