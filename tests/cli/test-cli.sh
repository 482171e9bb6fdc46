#!/usr/bin/env bash
# The commands as a user runs them: check and list on the shipped catalogue and
# on small test catalogues, their output (golden files for the small one), exit
# statuses, languages and where the database goes.
#
# Usage: test-cli.sh PATH/TO/aixingou   (AIX_SOURCE_ROOT and AIX_TEST_DATA set)
# Regenerate the golden files after a reviewed change with AIX_UPDATE_GOLDEN=1.
set -u

bin=$1
src=${AIX_SOURCE_ROOT:?}
data=${AIX_TEST_DATA:?}
golden=$src/tests/cli/golden
shipped=$src/catalogue
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

# run ARGS...: runs aixingou, leaving $out, $err and $status.
run() {
	"$bin" "$@" >"$tmp/out" 2>"$tmp/err"
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

expect_golden() { # FILE NAME
	if [ -n "${AIX_UPDATE_GOLDEN:-}" ]; then
		cp "$1" "$golden/$2"
	fi
	if cmp -s "$1" "$golden/$2"; then
		pass
	else
		fail "output differs from golden $2:"
		diff -u "$golden/$2" "$1" | head -30 >&2
	fi
}

# tsv_column N: column N (1-based) of the TSV rows in $tmp/out, header dropped.
tsv_column() { tail -n +2 "$tmp/out" | cut -f "$1"; }
rows() { tail -n +2 "$tmp/out" | grep -c . ; }

db=$tmp/test.db
cli=$data/cli

# --- check -------------------------------------------------------------------
run check --catalogue "$shipped"
expect_status 0 "check of the shipped catalogue"
expect_match "$out" ': 36 enterprises, 185 products, [0-9]+ services$' "check summary"

run check --catalogue "$cli"
expect_status 0 "check of the test catalogue"
expect_match "$out" ': 3 enterprises, 6 products, 1 services$' "check summary of the test catalogue"

# A broken catalogue: every mistake, each with its place, and exit 1.
for dir in "$data"/bad/*/; do
	dir=${dir%/}
	[ -f "$dir/expected" ] || continue
	run check --catalogue "$dir"
	expect_status 1 "check of $(basename "$dir")"
	# The loader test compares the lines exactly; here the command must print
	# each of them with the folder as given.
	while IFS= read -r line; do
		case "$err" in
		*"$dir/$line"* | *"$dir: $line"* | *"$line"*) pass ;;
		*) fail "check $(basename "$dir"): missing error line: $line" ;;
		esac
	done <"$dir/expected"
	expect_match "$err" "[0-9]+ errors?$" "error count of $(basename "$dir")"
done

# --- usage errors exit 2 -------------------------------------------------------
for args in "frobnicate" "check extra-word" "check --no-such-option" "list --sort bogus" \
	"list --sort price:sideways" "list --format xml" "list --min-price 1.234" \
	"list --max-price abc" "list --edition x" "list --kind factory" "list --platform taobao" \
	"list --catalogue"; do
	# shellcheck disable=SC2086
	run --db "$db" --catalogue "$cli" $args
	expect_status 2 "aixingou $args"
	expect_match "$err" "--help" "aixingou $args points to --help"
done
run --db "$db" --catalogue "$cli" list --category no-such
expect_status 2 "unknown category"
run --db "$db" --catalogue "$cli" list --township 不存在镇
expect_status 2 "unknown township"
run --db "$db" --catalogue "$cli" list --category tea --category no-such
expect_status 2 "an unknown category among several"

# --category and --township again: any of them, as many rows as each alone.
for opt in "--category tea --category konjac" "--township 毛坝镇 --township 城关镇"; do
	set -- $opt
	n1=$("$bin" --db "$db" --catalogue "$shipped" list "$1" "$2" --format tsv | tail -n +2 | wc -l)
	n2=$("$bin" --db "$db" --catalogue "$shipped" list "$3" "$4" --format tsv | tail -n +2 | wc -l)
	both=$("$bin" --db "$db" --catalogue "$shipped" list "$@" --format tsv | tail -n +2 | wc -l)
	[ "$n1" -gt 0 ] && [ "$n2" -gt 0 ] && [ "$both" -eq $((n1 + n2)) ] && pass ||
		fail "list $opt: $both rows, $n1 + $n2 apart"
done
set --

# With no list, lists names the keys that make one.
run --db "$tmp/empty.db" --catalogue "$cli" lists
expect_status 0 "lists with no list"
expect_match "$out" 'F7, or n in the saved lists' "lists with no list names F7 and n"

run --version
expect_status 0 "--version"
expect_match "$out" '^aixingou [0-9]+\.[0-9]+\.[0-9]+$' "--version"
run list --help
expect_status 0 "list --help"
expect_match "$out" '--search TEXT' "list --help shows the options"
# --help: every command's summary starts in one column, two spaces at least
# after the name (import-order, the longest, too).
for lang in en zh_CN; do
	"$bin" --lang "$lang" --help | grep -E '^  [a-z]' >"$tmp/commands"
	[ "$(wc -l <"$tmp/commands")" -ge 7 ] && pass || fail "--help ($lang) lists $(wc -l <"$tmp/commands") commands"
	cols=$(awk '{print index($0, $2)}' "$tmp/commands" | sort -u)
	[ "$(echo "$cols" | wc -l)" -eq 1 ] && pass || fail "--help ($lang): the summaries start in columns $(echo $cols)"
	grep -Evq '^  [a-z-]+  ' "$tmp/commands" && fail "--help ($lang): a name with one space after it: $(cat "$tmp/commands")" || pass
done

# --- list of the small catalogue: golden files ---------------------------------
run --db "$db" --catalogue "$cli" list --format tsv
expect_status 0 "list --format tsv"
expect_golden "$tmp/out" list.tsv
run --db "$db" --catalogue "$cli" list --format csv
expect_golden "$tmp/out" list.csv
run --db "$db" --catalogue "$cli" list
expect_golden "$tmp/out" list-table.txt
run --db "$db" --catalogue "$cli" list --services --format tsv
expect_golden "$tmp/out" list-services.tsv
run --db "$db" --catalogue "$cli" --lang zh_CN list --sort unit-price:desc
expect_golden "$tmp/out" list-table-zh.txt

# Every line of a table has the columns at the same display cells.
run --db "$db" --catalogue "$shipped" list
python3 - "$tmp/out" <<'PY' && pass || fail "table columns of the shipped catalogue are not aligned"
import sys, unicodedata
def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
# title, sample notice, header, rows..., count
rows = lines[3:-1]
# The price column is right-aligned: its last digit ends at the same cell.
ends = set()
for r in rows:
    i = r.find("¥")
    j = i
    while j < len(r) and r[j] not in " ":
        j += 1
    ends.add(width(r[:j]))
if len(ends) != 1:
    print("price column ends at cells", sorted(ends), file=sys.stderr)
    sys.exit(1)
PY

# --- search on the shipped catalogue -------------------------------------------
for q in zyfxc ZYFXC cuifeng 紫陽 紫阳 ｚｙｆｘｃ; do
	run --db "$db" --catalogue "$shipped" list --search "$q" --format tsv
	expect_status 0 "list --search $q"
	n=$(rows)
	[ "$n" -gt 0 ] && pass || fail "list --search $q found nothing"
done
run --db "$db" --catalogue "$shipped" list --search cuifeng --format tsv
bad=$(tsv_column 2 | grep -v 翠峰)
[ -z "$bad" ] && pass || fail "--search cuifeng found products without 翠峰: $bad"
# The initials find exactly what the words themselves find.
run --db "$db" --catalogue "$shipped" list --search zyfxc --format tsv
initials=$out
run --db "$db" --catalogue "$shipped" list --search 紫阳富硒茶 --format tsv
[ "$initials" = "$out" ] && pass || fail "zyfxc and 紫阳富硒茶 find different products"
run --db "$db" --catalogue "$shipped" list --search 紫陽 --format tsv
trad=$(cat "$tmp/out")
run --db "$db" --catalogue "$shipped" list --search 紫阳 --format tsv
[ "$trad" = "$out" ] && pass || fail "紫陽 and 紫阳 find different products"
run --db "$db" --catalogue "$shipped" list --search "zzzzqqq" --format tsv
[ "$(rows)" -eq 0 ] && pass || fail "a search for nonsense found products"

# --- filters and sorting on the shipped catalogue -------------------------------
run --db "$db" --catalogue "$shipped" list --format tsv
all=$(rows)
[ "$all" -eq 185 ] && pass || fail "list shows $all products, expected 185"
expect_match "$(head -n 1 "$tmp/out")" \
	'^id	name	enterprise	category	township	spec	unit	price	price_per_500g	certified_832$' \
	"TSV header"
bad=$(tail -n +2 "$tmp/out" | awk -F '\t' 'NF != 10 || $8 !~ /^[0-9]+\.[0-9][0-9]$/ ||
	($9 != "" && $9 !~ /^[0-9]+\.[0-9][0-9]$/) || ($10 != "0" && $10 != "1")')
[ -z "$bad" ] && pass || fail "malformed TSV rows: $bad"

run --db "$db" --catalogue "$shipped" list --township 毛坝镇 --format tsv
n=$(rows)
others=$(tsv_column 5 | grep -vx 毛坝镇)
[ "$n" -gt 0 ] && [ -z "$others" ] && pass || fail "--township 毛坝镇: $n rows, others: $others"
run --db "$db" --catalogue "$shipped" list --township 610924112 --format tsv
[ "$(rows)" -eq "$n" ] && pass || fail "--township by code differs from by name"

run --db "$db" --catalogue "$shipped" list --category tea --format tsv
n=$(rows)
others=$(tsv_column 4 | sort -u | wc -l)
[ "$n" -gt 10 ] && [ "$others" -eq 1 ] && pass || fail "--category tea: $n rows in $others categories"

# --category by name as by id; a wrong one lists the valid choices.
run --db "$db" --catalogue "$shipped" list --category 茶叶 --format tsv
[ "$(rows)" -eq "$n" ] && pass || fail "--category 茶叶 differs from --category tea"
run --db "$db" --catalogue "$shipped" list --category 茶
expect_status 2 "category by a name that is not one"
expect_match "$err" "tea \(茶叶\).*condiments \(调味酱菜\)" "unknown category lists the choices"

# A township code may be quoted, as region.code is.
cp -r "$shipped" "$tmp/quoted"
sed -i 's/^  - code: \(6109241[0-9][0-9]\)$/  - code: "\1"/' "$tmp/quoted/catalogue.yaml"
grep -q '^  - code: "610924100"$' "$tmp/quoted/catalogue.yaml" && pass || fail "sed quoted no code"
run --db "$tmp/quoted.db" --catalogue "$tmp/quoted" list --township 610924112 --format tsv
expect_status 0 "quoted township codes"
[ "$(rows)" -gt 0 ] && pass || fail "quoted township codes: --township by code finds nothing"

# Polyphones: any standard reading finds a hanzi (调 tiao/diao, 糁 san/shen).
for q in twjc njdc nongjiadouchi yumishen zlctlh njftw; do
	run --db "$db" --catalogue "$shipped" list --search "$q" --format tsv
	[ "$(rows)" -gt 0 ] && pass || fail "--search $q finds nothing"
done
# Traditional forms as OpenCC folds them.
for q in 翠峯 竹筍乾 煙燻; do
	run --db "$db" --catalogue "$shipped" list --search "$q" --format tsv
	[ "$(rows)" -gt 0 ] && pass || fail "--search $q finds nothing"
done
# Relevance: with no sort chosen, the names that match come first (every
# enterprise is 紫阳县..., every tea is tagged 紫阳富硒茶).
for q in 紫陽:紫阳 zyfxc:紫阳富硒茶; do
	run --db "$db" --catalogue "$shipped" list --search "${q%%:*}" --format tsv
	late=$(tsv_column 2 | awk -v w="${q#*:}" 'index($0, w) { if (other) print; next } { other = 1 }')
	first=$(tsv_column 2 | head -1)
	[ -z "$late" ] && case $first in *"${q#*:}"*) true ;; *) false ;; esac && pass ||
		fail "--search ${q%%:*}: a name with ${q#*:} after one without: $late"
done
# Sort by name: punctuation counts for nothing, ü after u (绿 lü < 萝 luo).
run --db "$db" --catalogue "$shipped" list --sort name --format tsv
bai=$(tsv_column 2 | grep -n '^“百元爱心购”' | head -1 | cut -d: -f1)
cha=$(tsv_column 2 | grep -n '^茶' | head -1 | cut -d: -f1)
[ -n "$bai" ] && [ -n "$cha" ] && [ "$bai" -lt "$cha" ] && pass ||
	fail "--sort name: “百元爱心购”… at row $bai, the first 茶 at $cha"

run --db "$db" --catalogue "$shipped" list --min-price 50 --max-price 120 --format tsv
bad=$(tsv_column 8 | awk '$1 < 50 || $1 > 120')
[ "$(rows)" -gt 0 ] && [ -z "$bad" ] && pass || fail "price range: $bad"

run --db "$db" --catalogue "$shipped" list --sort price --format tsv
tsv_column 8 | sort -n -c 2>/dev/null && pass || fail "--sort price is not ascending"
run --db "$db" --catalogue "$shipped" list --sort price:desc --format tsv
tsv_column 8 | sort -n -r -c 2>/dev/null && pass || fail "--sort price:desc is not descending"
run --db "$db" --catalogue "$shipped" list --sort unit-price --format tsv
# Ascending by price per 500 g, the products without a weight at the end.
tsv_column 9 | awk 'BEGIN { prev = -1; blank = 0 }
	$1 == "" { blank = 1; next }
	blank || $1 + 0 < prev { exit 1 }
	{ prev = $1 + 0 }' && pass || fail "--sort unit-price order"

for f in "--kind hardship" "--kind tourism" "--edition 2" "--platform shaanxi-union" "--certified"; do
	# shellcheck disable=SC2086
	run --db "$db" --catalogue "$shipped" list $f --format tsv
	expect_status 0 "list $f"
done
run --db "$db" --catalogue "$shipped" list --platform shaanxi-union --format tsv
[ "$(rows)" -gt 0 ] && [ "$(rows)" -lt 185 ] && pass || fail "--platform shaanxi-union: $(rows) rows"
# The table of services says 服务, not products.
run --db "$db" --catalogue "$shipped" --lang zh_CN list --services
expect_match "$out" '^服务  ' "list --services: the first column is 服务"
expect_match "$out" '^共 [0-9]+ 项服务$' "list --services counts 服务"
run --db "$db" --catalogue "$shipped" list --services --format tsv
[ "$(rows)" -ge 2 ] && pass || fail "--services lists $(rows) services"

# --- languages ---------------------------------------------------------------
run --lang zh_CN check --catalogue "$shipped"
expect_match "$out" '36 家企业' "check in Chinese with --lang zh_CN"
# libyaml's own words are in Chinese too, inside the translated message.
run --lang zh_CN check --catalogue "$data/bad/01-syntax-indent"
expect_match "$err" "01-tea.yaml:31:4: 错误：YAML 语法错误：没有找到应有的列表标记 '-'（读取列表时，第 16 行）" \
	"a YAML syntax error in Chinese, libyaml's words included"
LANG=zh_CN.UTF-8 LC_ALL= "$bin" check --catalogue "$shipped" >"$tmp/out" 2>&1
expect_match "$(cat "$tmp/out")" '36 家企业' "check in Chinese from LANG=zh_CN.UTF-8 without that locale"
run --lang zh_CN list --sort nonsense
expect_match "$err" '无法按' "usage error in Chinese"
run --lang en check --catalogue "$shipped"
expect_match "$out" '36 enterprises' "check in English with --lang en"

# --- the database ------------------------------------------------------------
run --catalogue "$cli" list --format tsv
expect_status 0 "list with the default database"
[ -f "$XDG_DATA_HOME/aixingou/aixingou.db" ] && pass || fail "no database under XDG_DATA_HOME"
run --db "$tmp/other/nested/x.db" --catalogue "$cli" list --format tsv
[ -f "$tmp/other/nested/x.db" ] && pass || fail "--db did not create its folders and file"

# A catalogue broken after a good import: the last good import is still listed.
cp -r "$cli" "$tmp/cat"
run --db "$tmp/keep.db" --catalogue "$tmp/cat" list --format tsv
good=$out
sed -i 's/price: 168$/price: 168.001/' "$tmp/cat/enterprises/01-cha.yaml"
run --db "$tmp/keep.db" --catalogue "$tmp/cat" list --format tsv
expect_status 0 "list with a broken catalogue after a good import"
[ "$out" = "$good" ] && pass || fail "the last good import changed"
expect_match "$err" '01-cha.yaml:[0-9]+:[0-9]+: error: ' "the broken catalogue's error is shown"
run --db "$tmp/fresh.db" --catalogue "$tmp/cat" list
expect_status 1 "list with a broken catalogue and no earlier import"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
