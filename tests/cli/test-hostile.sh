#!/usr/bin/env bash
# Hostile text on the command line: escape sequences, bidi controls, C0 and C1
# controls and invalid UTF-8 in a catalogue, in order CSVs, in file names and
# in the database come out of check, list (to a terminal and to a pipe; table,
# TSV, CSV), lists, order (text and CSV, printed and written) and
# import-order/merge as visible placeholders ("^[", "<U+202E>", "<0xFF>"),
# never as the raw characters. Also the spreadsheet-formula guard of the CSVs
# written: "=1+1" goes out as "'=1+1" and comes back in as "=1+1".
#
# Usage: test-hostile.sh PATH/TO/aixingou   (AIX_SOURCE_ROOT set)
set -u

bin=$(realpath "$1")
src=${AIX_SOURCE_ROOT:?}
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

h=$tmp/h
sh "$src/tests/data/hostile/make-hostile.sh" "$src" "$h" || {
	echo "cannot make the hostile files" >&2
	exit 1
}
cat=$h/catalogue
db=$tmp/a.db
cd "$h" || exit 1

# harmless FILE WHAT: FILE is valid UTF-8 and holds no character that a
# terminal acts on or that reorders text: no C0 control but tab, line feed,
# carriage return and form feed; no DEL; no C1 control (U+0080-009F: a raw
# 0x9B byte is invalid UTF-8, caught too); no bidi control; no line or
# paragraph separator.
check_bytes() {
	perl -CSD -e '
		use Encode qw(decode FB_CROAK);
		local $/;
		open my $f, "<:raw", $ARGV[0] or die "cannot read $ARGV[0]\n";
		my $bytes = <$f>;
		my $text = eval { decode("UTF-8", $bytes, FB_CROAK) };
		if (!defined $text) { print "invalid UTF-8\n"; exit 1; }
		if ($text =~ /([\x00-\x08\x0B\x0E-\x1F\x7F-\x9F\x{061C}\x{200E}\x{200F}\x{2028}-\x{202E}\x{2066}-\x{2069}])/) {
			printf "the character U+%04X at offset %d\n", ord($1), $-[0];
			exit 1;
		}' "$1"
}
harmless() {
	local why
	if why=$(check_bytes "$1"); then pass; else fail "$2: $why"; fi
}

# has FILE TEXT WHAT: FILE holds TEXT (fixed string).
has() {
	if grep -qF -- "$2" "$1"; then pass; else
		fail "$3: no '$2' in:"
		head -c 2000 "$1" >&2
		echo >&2
	fi
}
hasnt() {
	if grep -qF -- "$2" "$1"; then fail "$3: '$2' is there"; else pass; fi
}

expect_status() { # STATUS EXPECTED WHAT
	if [ "$1" -eq "$2" ]; then pass; else fail "$3: exit $1, expected $2"; fi
}

# run ARGS...: aixingou on the hostile catalogue; stdout in $tmp/out, stderr
# in $tmp/err, the exit status in $status.
run() {
	"$bin" --db "$db" --catalogue "$cat" "$@" >"$tmp/out" 2>"$tmp/err"
	status=$?
}
both_harmless() {
	harmless "$tmp/out" "$1 (stdout)"
	harmless "$tmp/err" "$1 (stderr)"
}

ESC=$'\033'

# The fixture is hostile: the checks below would see its raw bytes.
if LC_ALL=C grep -q "$ESC" "$h/hostile.csv" && LC_ALL=C grep -q $'\xe2\x80\xae' "$h/hostile.csv"; then
	pass
else
	fail "the hostile CSV holds no escape or U+202E"
fi
if check_bytes "$h/hostile.csv" >/dev/null; then
	fail "the byte check finds nothing wrong in the hostile CSV"
else
	pass
fi

# --- check: file names and messages that quote the input -------------------------
run check
expect_status $status 0 "check of the catalogue with a hostile file name"
both_harmless "check of a valid catalogue"

"$bin" check --catalogue "$h/bad" >"$tmp/out" 2>"$tmp/err"
expect_status $? 1 "check of the hostile broken catalogue"
both_harmless "check of a broken catalogue"
has "$tmp/err" '05-^[]2;PWNED^G^[]52;c;SGVsbG8=^G<U+202E>.yaml:2:7: error: name contains the control character U+001B' \
	"the file name is shown with placeholders"
has "$tmp/err" 'unknown key "^[[2J"' "a hostile key is quoted with placeholders"
has "$tmp/err" 'found the quoted text "^[[1A"' "a hostile price is quoted with placeholders"
has "$tmp/err" 'contains the control character U+009B' "a C1 control is named"
has "$tmp/err" 'contains the control character U+2066' "a bidi isolate is named"
has "$tmp/err" '06-raw.yaml:3:13: error: invalid UTF-8 (byte 0xFF)' "invalid UTF-8 is named"

# A catalogue folder whose name holds an OSC 2 and a byte that is not UTF-8.
odd=$tmp/$'\033]2;T\007\377'
cp -R "$h/bad" "$odd"
"$bin" check --catalogue "$odd" >"$tmp/out" 2>"$tmp/err"
expect_status $? 1 "check of a folder with a hostile name"
both_harmless "check of a folder with a hostile name"
has "$tmp/err" '^[]2;T^G<0xFF>: 11 errors' "the folder name in the summary"
"$bin" check --catalogue "$odd/none" >"$tmp/out" 2>"$tmp/err"
expect_status $? 1 "check of a missing folder with a hostile name"
both_harmless "check of a missing folder with a hostile name"
has "$tmp/err" '^[]2;T^G<0xFF>/none' "the missing folder is named"

# --- import-order and merge ----------------------------------------------------------
run import-order hostile.csv
expect_status $status 1 "import-order of the hostile CSV (4 bad rows)"
both_harmless "import-order of the hostile CSV"
has "$tmp/out" 'imported 1 line into list "hostile"' "the good row is imported"
has "$tmp/err" 'hostile.csv:3: error: unknown product id "^[]2;PWNED^G<U+202E>"' "a hostile product id is quoted"
has "$tmp/err" 'unit_price "^[]52;c;SGVsbG8=^G" is not an amount' "a hostile price is quoted"
has "$tmp/err" 'quantity "^[[2J^[[H^[[1A<U+202E>" is not a whole number' "a hostile quantity is quoted"
has "$tmp/err" 'amount "<U+009B>2J<U+2066>x<U+2069>" is not an amount' "a hostile amount is quoted"

# The line by hand keeps what came as visible placeholders; line breaks and
# separators became spaces.
run order hostile
both_harmless "the text order of the imported list"
# (the order is a Chinese document under C.UTF-8 too)
has "$tmp/out" '供货企业：^[[31m供应商^[]2;PWNED^G <U+202E>' "the supplier with placeholders"
has "$tmp/out" '^[]52;c;SGVsbG8=^G' "the product with placeholders"

run import-order "${ESC}[31mlist.csv"
expect_status $status 1 "import-order of a file whose name holds an escape"
both_harmless "import-order of a file whose name holds an escape"
has "$tmp/err" 'the list name holds control characters' "the file name cannot name a list"
run import-order "${ESC}[31mlist.csv" --name from-escaped-file
both_harmless "import-order --name of a file whose name holds an escape"
has "$tmp/err" '^[[31mlist.csv:3: error: unknown product id' "messages name the file with placeholders"

run merge hostile.csv "${ESC}[31mlist.csv" formulas.csv
expect_status $status 1 "merge of the hostile CSVs"
both_harmless "merge of the hostile CSVs"
has "$tmp/out" '^[[31m供应商^[]2;PWNED^G <U+202E>' "the merged CSV shows the supplier with placeholders"
has "$tmp/err" '^[[31m供应商^[]2;PWNED^G <U+202E>: 1 row, ¥50.00' "the merge summary shows the supplier with placeholders"

# --- the spreadsheet-formula guard, both ways ------------------------------------
run import-order formulas.csv
expect_status $status 0 "import-order of formulas.csv"
run order formulas --format csv
harmless "$tmp/out" "the CSV order of formulas"
cp "$tmp/out" "$tmp/formulas-out.csv"
has "$tmp/out" ",\"'=HYPERLINK(\"\"http://example.com\"\",\"\"x\"\")\",,'=1+1,'+2,'-3," "formulas are written with an apostrophe"
has "$tmp/out" ",'@SUM(A1),,'=already,'-,'@," "one apostrophe, also where the file had one"
has "$tmp/out" ",'quoted,,'plain,," "a text that starts with an apostrophe and is no formula is left alone"
run order formulas
has "$tmp/out" ' =1+1 ' "the text order shows the formula text as it is"
run import-order "$tmp/formulas-out.csv" --name formulas-again
expect_status $status 0 "import-order of the guarded CSV"
run order formulas-again --format csv
if cmp -s "$tmp/out" "$tmp/formulas-out.csv"; then pass; else
	fail "the guarded CSV does not come back the same:"
	diff "$tmp/formulas-out.csv" "$tmp/out" >&2
fi
run list --format csv
has "$tmp/out" ",'+恶意茶," "list --format csv guards a name"
has "$tmp/out" ",'-250克,'@盒," "list --format csv guards spec and unit"
run list --format tsv
has "$tmp/out" $'\t+恶意茶\t' "list --format tsv leaves the text as it is"

# --- a database that holds raw hostile text -------------------------------------
# What a damaged database, or one written by another program, could hold.
if command -v sqlite3 >/dev/null; then
	sqlite3 "$db" <"$h/sql.txt"
elif command -v python3 >/dev/null; then
	python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.executescript(open(sys.argv[2], encoding="utf-8", errors="surrogateescape").read()); c.commit()' "$db" "$h/sql.txt"
else
	echo "neither sqlite3 nor python3: the database part is skipped" >&2
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit
fi
raw=$(sqlite3 "$db" 'SELECT count(*) FROM items WHERE instr(name, char(27)) > 0' 2>/dev/null || echo 1)
[ "$raw" -gt 0 ] && pass || fail "the database holds no raw escape after the SQL"

run list
expect_status $status 0 "list of the hostile database"
both_harmless "list (table) to a pipe"
has "$tmp/out" 'H1^[[31m^[]2;PWNED^G' "list shows the name with placeholders"
for fmt in tsv csv; do
	run list --format $fmt
	both_harmless "list --format $fmt"
	has "$tmp/out" '^[[31m^[]2;PWNED^G^[]52;c;SGVsbG8=^G^[c^[[2J^[[H^[[1A<U+009B>2J<U+202E><U+2066>x<U+2069><U+2028><U+2029>^G^H^?' \
		"list --format $fmt shows every control as a placeholder"
	has "$tmp/out" '<0x80><0xE7><0xBA>' "list --format $fmt shows invalid UTF-8 bytes"
done

# To a terminal: the table fits its width, still no raw byte.
if command -v script >/dev/null; then
	script -qec "stty cols 60; '$bin' --db '$db' --catalogue '$cat' list" /dev/null >"$tmp/out" 2>"$tmp/err"
	both_harmless "list to a terminal"
	has "$tmp/out" 'H1^[[31m' "list to a terminal shows placeholders"
	has "$tmp/out" 'Enterpr~' "list to a 60-column terminal narrows the table"
else
	echo "no script(1): list to a terminal is not tried" >&2
fi

run lists
expect_status $status 0 "lists of the hostile database"
both_harmless "lists"
has "$tmp/out" 'LN^[[31m' "a hostile list name is shown with placeholders"
has "$tmp/out" 'UA^[[31m' "a hostile date is shown with placeholders"

run order hostile
both_harmless "the text order"
has "$tmp/out" 'N^[[31m^[]2;PWNED^G' "the text order shows placeholders"
run order hostile --format csv
both_harmless "the CSV order"
has "$tmp/out" 'LS^[[31m^[]2;PWNED^G^[]52;c;SGVsbG8=^G^[c^[[2J^[[H^[[1A<U+009B>2J<U+202E>' "the CSV order shows placeholders"
run order hostile --out order.txt
expect_status $status 0 "order --out of the hostile list"
both_harmless "order --out (messages)"
harmless order.txt "the text order file"
run order hostile --format csv --out order.csv
harmless order.csv "the CSV order file"
run order hostile --encoding gb18030 --out order-gb.txt
expect_status $status 0 "order --encoding gb18030 --out"
iconv -f GB18030 -t UTF-8 order-gb.txt >"$tmp/gb-utf8.txt" && pass || fail "the GB18030 order is not GB18030"
harmless "$tmp/gb-utf8.txt" "the GB18030 text order"
has "$tmp/gb-utf8.txt" 'UN^[[31m' "the GB18030 order shows placeholders"
run order "LN${ESC}[31m"
expect_status $status 1 "order of a list name that is not there"
both_harmless "order of a hostile missing list name"
run order hostile --out "bad${ESC}]2;T${ESC}\\/x.txt"
expect_status $status 1 "order --out into a missing folder with a hostile name"
both_harmless "order --out into a hostile missing folder"
has "$tmp/err" 'bad^[]2;T^[\' "the folder is named with placeholders"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
