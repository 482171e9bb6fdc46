#!/bin/sh
# Writes the hostile test files into OUT: text that tries to steer a terminal
# (escape sequences, OSC 2 title and OSC 52 clipboard writes, a terminal
# reset, cursor moves), bidi controls, C0 and C1 controls, DEL, the line and
# paragraph separators, and invalid UTF-8. The bytes are written here with
# printf rather than committed, so that no editor, diff or terminal that shows
# this repository is steered by them.
#
#   OUT/catalogue/   a valid catalogue (the minimal test catalogue) with one
#                    more enterprise in a file whose NAME holds escapes; its
#                    description holds the tabs and line breaks the loader
#                    allows, its names spreadsheet formulas
#   OUT/bad/         the same with two broken files: control characters
#                    written as YAML escapes in every kind of field, raw
#                    bytes, and invalid UTF-8 (the loader must reject them
#                    and quote them harmlessly)
#   OUT/hostile.csv  an order CSV with hostile text in every column
#   OUT/ESC[31mlist.csv  the same CSV under a name that holds escapes
#   OUT/formulas.csv an order CSV of lines added by hand whose text starts
#                    with = + - @ (spreadsheet formulas), some already
#                    guarded with an apostrophe, and one plain apostrophe
#   OUT/sql.txt      SQL that puts hostile text straight into a database
#                    (what a damaged or foreign database could hold), to be
#                    run after importing hostile.csv as the list "hostile"
#
# Usage: make-hostile.sh SOURCE_ROOT OUT
set -eu

src=$1
out=$2
minimal=$src/tests/data/good/minimal

# The pieces of hostile text, as printf formats.
sgr='\033[31m'                   # colour red
title='\033]2;PWNED\007'         # sets the window title
clip='\033]52;c;SGVsbG8=\007'    # writes "Hello" to the clipboard
reset='\033c'                    # resets the terminal
moves='\033[2J\033[H\033[1A'     # clears, homes, moves up
c1='\302\2332J'                  # U+009B, the one-character CSI, then 2J
bidi='\342\200\256'              # U+202E right-to-left override
isolate='\342\201\246x\342\201\251' # U+2066 ... U+2069
seps='\342\200\250\342\200\251'  # U+2028 U+2029
c0='\007\010\177'                # BEL, backspace, DEL

mkdir -p "$out"
rm -rf "$out/catalogue" "$out/bad"
cp -R "$minimal" "$out/catalogue"

# The file name holds escapes (it is printed in the loader's messages).
evil_name=$(printf "04-$sgr$title$bidi.yaml")
{
	printf 'id: hostile-co\n'
	printf 'name: 紫阳县示例恶意文本有限公司\n'
	printf 'short_name: "=HYPERLINK(1)"\n'
	printf 'kinds: [farm]\n'
	printf 'township: 城关镇\n'
	printf 'description: "第一行\\t制表\\n第二行\\t=SUM(A1)\\n"\n'
	printf 'products:\n'
	printf '  - id: hostile-tea\n'
	printf '    name: "+恶意茶"\n'
	printf '    category: tea\n'
	printf '    spec: "-250克"\n'
	printf '    unit: "@盒"\n'
	printf '    price: 12.50\n'
	printf '    description: "说明\\t一\\n说明二"\n'
} >"$out/catalogue/enterprises/$evil_name"

cp -R "$out/catalogue" "$out/bad"
# YAML escapes make every control character from plain ASCII.
bad_name=$(printf "05-$title$clip$bidi.yaml")
{
	printf 'id: hostile-bad\n'
	printf 'name: "\\e[31m红\\e]2;PWNED\\a"\n'
	printf 'short_name: "\\u202E短"\n'
	printf 'kinds: [farm]\n'
	printf 'township: "\\ec"\n'
	printf 'description: "\\e]52;c;SGVsbG8=\\a"\n'
	printf '"\\e[2J": 1\n'
	printf 'products:\n'
	printf '  - id: hostile-bad-1\n'
	printf '    name: "\\x9b2J"\n'
	printf '    category: "\\u2066tea\\u2069"\n'
	printf '    spec: "\\u2028"\n'
	printf '    unit: "\\x7f"\n'
	printf '    price: "\\e[1A"\n'
} >"$out/bad/enterprises/$bad_name"
# Raw bytes: ESC inside a plain scalar, and a byte that is not UTF-8.
{
	printf 'id: hostile-raw\n'
	printf "name: raw$sgr\n"
	printf 'short_name: \377\376\n'
} >"$out/bad/enterprises/06-raw.yaml"

# Hostile text in every column: the ids and numbers too, whose messages quote
# them. The first row is a line by hand that can be imported (its quantity and
# price are fine), the others are refused with a message.
header='supplier_id,supplier,product_id,product,spec,unit,unit_price,quantity,amount\r\n'
{
	printf "$header"
	printf ",\"$sgr供应商$title $bidi\",,\"$clip产品$reset$c1$c0\",\"$moves$isolate规格$seps\",\"$c1件\",12.50,2,25.00\r\n"
	printf "$sgr,乙,\"$title$bidi\",丙,,盒,1.00,1,1.00\r\n"
	printf ",乙,,丁,,盒,\"$clip\",1,\r\n"
	printf ",乙,,戊,,盒,1.00,\"$moves$bidi\",\r\n"
	printf ",乙,,己,,盒,1.00,1,\"$c1$isolate\"\r\n"
} >"$out/hostile.csv"
cp "$out/hostile.csv" "$out/$(printf "$sgr")list.csv"

{
	printf "$header"
	printf ',"=HYPERLINK(""http://example.com"",""x"")",,=1+1,+2,-3,12.50,2,25.00\r\n'
	printf ",@SUM(A1),,'=already,-,'@,1.00,1,1.00\r\n"
	printf ",'quoted,,'plain,,盒,1.00,1,1.00\r\n"
} >"$out/formulas.csv"

# SQL for sqlite3: hostile text in every text the browser shows, as a
# database written by another program (or damaged) could hold it. The
# catalogue's hash is left alone, so the store keeps these rows.
h=$(printf "$sgr$title$clip$reset$moves$c1$bidi$isolate$seps$c0" | sed "s/'/''/g")
{
	printf "UPDATE items SET name = 'H1%s茶' || name, spec = 'S%s', unit = 'U%s',\n" "$h" "$h" "$h"
	printf "  description = 'D%s' || char(10) || 'second%s';\n" "$h" "$h"
	printf "UPDATE enterprises SET name = 'E%s' || name, short_name = 'e%s',\n" "$h" "$h"
	printf "  description = 'ED%s', contact_person = 'P%s';\n" "$h" "$h"
	printf "UPDATE categories SET name = 'C%s' || name;\n" "$h"
	printf "UPDATE townships SET name = 'T%s' || name;\n" "$h"
	printf "UPDATE purchase_lines SET supplier = 'L%s' || supplier, name = 'N%s' || name,\n" "$h" "$h"
	printf "  spec = 'LS%s', unit = 'LU%s';\n" "$h" "$h"
	printf "UPDATE purchase_lists SET union_name = 'UN%s', purpose = 'PU%s', handler = 'HA%s';\n" "$h" "$h" "$h"
	# A second list (empty, edited before the first) whose name is hostile,
	# and an order in the history with hostile file names.
	printf "INSERT INTO purchase_lists (name, union_name, handler, purpose, headcount, pack,\n"
	printf "  per_member_budget, yearly_gift_cap_per_member, poverty_share_min_percent,\n"
	printf "  contract_threshold, created_at, updated_at, edit_order, history_pos)\n"
	printf "  SELECT 'LN%s', union_name, handler, purpose, headcount, pack, per_member_budget,\n" "$h"
	printf "  yearly_gift_cap_per_member, poverty_share_min_percent, contract_threshold,\n"
	printf "  created_at, 'UA%s', edit_order - 1, history_pos FROM purchase_lists\n" "$h"
	printf "  WHERE name = 'hostile';\n"
	printf "INSERT INTO orders (list_id, list_name, number, written_at, files, total)\n"
	printf "  SELECT id, 'ON%s', 'AXG-%s', 'WA%s',\n" "$h" "$h" "$h"
	printf "  'F%s' || char(10) || 'F2%s', 2500 FROM purchase_lists WHERE name = 'hostile';\n" "$h" "$h"
	# Invalid UTF-8 too: a lone continuation byte and a truncated hanzi.
	printf "UPDATE items SET name = name || CAST(X'80E7BA' AS TEXT) WHERE position = 1;\n"
} >"$out/sql.txt"
