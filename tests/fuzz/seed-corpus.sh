#!/usr/bin/env bash
# Writes the seed inputs of the fuzz corpus from the test data and a few
# hand-made texts. Run once from anywhere; it only adds or replaces files
# named seed-*, so the inputs libFuzzer found stay. See README.md.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
data=$here/../data
corpus=$here/corpus
mkdir -p "$corpus"/{loader,money,text,csv}

# ---- loader: catalogue.yaml, then each enterprise file after a line
# "--8<-- NAME". A catalogue folder as one input: at most three enterprise
# files, the first three or (with "last") the last three in name order; files
# of more than 64 KiB are left out, as libFuzzer's -max_len would cut them.
catalogue_input() {
	local dir=$1 out=$2 which=${3:-first} f
	{
		[ -f "$dir/catalogue.yaml" ] && cat "$dir/catalogue.yaml"
		if [ -d "$dir/enterprises" ]; then
			find "$dir/enterprises" -maxdepth 1 -type f \( -name '*.yaml' -o -name '*.yml' \) \
				! -name '.*' -print0 | LC_ALL=C sort -z |
				if [ "$which" = last ]; then tail -z -n 3; else head -z -n 3; fi |
				while IFS= read -r -d '' f; do
					printf '\n--8<-- %s\n' "$(basename "$f")"
					cat "$f"
				done
		fi
	} >"$out"
}
for dir in "$data"/good/* "$data"/cli "$data"/bad/*; do
	[ -d "$dir" ] || continue
	[ -z "$(find "$dir" -type f -size +64k)" ] || continue
	catalogue_input "$dir" "$corpus/loader/seed-$(basename "$dir")"
done
: >"$corpus/loader/seed-empty"
# The hostile catalogues: escapes in texts and in file names.
hostile=$(mktemp -d)
trap 'rm -rf "$hostile"' EXIT
if [ -x "$data/hostile/make-hostile.sh" ]; then
	"$data/hostile/make-hostile.sh" "$here/../.." "$hostile" >/dev/null
	catalogue_input "$hostile/catalogue" "$corpus/loader/seed-hostile" last
	catalogue_input "$hostile/bad" "$corpus/loader/seed-hostile-bad" last
fi

# ---- money: one text each, as typed or as found in files.
i=0
while IFS= read -r line; do
	printf '%s' "$line" >"$corpus/money/seed-$(printf '%02d' $i)"
	i=$((i + 1))
done <<'TEXTS'
168
168.5
168.50
0
0.00
0.01
1064.00
999999999999.99
1000000000000
1000000000000.00
99999999999999999999999999
100010.53
10000000101
1,5
-3.50
 168
168 
1.
.5
1.234
00012.30
１６８
1e3
¥168
0x10
TEXTS
: >"$corpus/money/seed-empty"
# Two int64 for the formatters and the arithmetic: the extremes.
printf '\x00\x00\x00\x00\x00\x00\x00\x80\xff\xff\xff\xff\xff\xff\xff\x7f' \
	>"$corpus/money/seed-int64-min-max"
printf '\xff\x3f\x7a\x10\xf3\x5a\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00' \
	>"$corpus/money/seed-money-max-1"
printf '\xf4\x01\x00\x00\x00\x00\x00\x00\x07\x00\x00\x00\x00\x00\x00\x00' \
	>"$corpus/money/seed-500-7"

# ---- text: up to four texts separated by NUL bytes.
t=$corpus/text
printf '紫阳富硒茶·翠峰' >"$t/seed-hanzi"
printf '紫陽縣 毛壩鎮\0ＡＢＣ１２３　全角\0富硒SE茶' >"$t/seed-fold"
printf 'red \x1b[31mALERT\x1b[0m \x1b]0;title\x07 \x9b2J' >"$t/seed-escapes"
printf 'price \xe2\x80\xae0.861\xe2\x80\xac \xe2\x81\xa6x\xe2\x81\xa9 \xd8\x9c' >"$t/seed-bidi"
printf 'bad \xff\xfe \xc0\xaf \xed\xa0\x80 \xf4\x90\x80\x80 \xe4\xb8' >"$t/seed-invalid-utf8"
printf 'line\nbreak\ttab\r\x7f\xe2\x80\xa8sep' >"$t/seed-controls"
printf 'e\xcc\x81 \xe3\x82\xab\xe3\x82\x99 \xf0\x9f\x8d\xb5 \xe2\x80\x8b' >"$t/seed-combining"
printf '翠峰\0cuifeng\0zyfxc\0紫阳 茶' >"$t/seed-query"
printf '\x1f\x1e\x1fZi\x1eYang\x1f\x1ezy' >"$t/seed-separators"
for f in "$data"/cli/enterprises/*.yaml; do
	grep -E '^\s*(- )?name:' "$f" | sed -E 's/^\s*(- )?name:\s*//' | head -3 | tr '\n' '\0' \
		>"$t/seed-names-$(basename "$f" .yaml)"
done

# ---- csv: the order CSVs of the tests, and the same in other dresses.
c=$corpus/csv
for f in "$data"/csv/*.csv "$data"/csv/expected/*.csv; do
	cp "$f" "$c/seed-$(basename "$(dirname "$f")")-$(basename "$f")"
done
iconv -f UTF-8 -t GB18030 "$data/csv/import-mixed.csv" >"$c/seed-gb18030.csv"
{ printf '\xef\xbb\xbf'; sed 's/$/\r/' "$data/csv/merge-a.csv"; } >"$c/seed-bom-crlf.csv"
printf 'product,quantity,unit_price,amount\r\n"a ""quoted""\nname",2,1.50,3.00\r\n"open,1\r\n' \
	>"$c/seed-quotes.csv"
printf 'product_id,quantity\nx,0\ny,1000000001\nz,1\0\n"w"x,1\n,,\n' >"$c/seed-bad-rows.csv"
printf 'product_id,quantity,product_id\nx,1,y\n' >"$c/seed-duplicate-column.csv"
printf 'supplier,quantity\n' >"$c/seed-no-product-column.csv"
: >"$c/seed-empty.csv"
for f in "$hostile"/*.csv; do
	[ -f "$f" ] || continue
	# The name may hold escapes: the seed's name must not.
	cp "$f" "$c/seed-hostile-$(basename "$f" | tr -c 'a-zA-Z0-9.\n-' '_')"
done
