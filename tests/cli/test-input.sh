#!/usr/bin/env bash
# Hostile catalogue input: each case is a catalogue folder made here on the fly
# (the big ones are never checked in) and checked with `aixingou check` under
# a time limit and, in a normal build, a memory limit. Each must end with exit
# status 1 (not a crash, not a timeout), the expected message with its file and,
# where one applies, its line and column, and in bounded time. The bounds are
# the ones the README states under "Limits".
#
# Usage: test-input.sh PATH/TO/aixingou   (AIX_SOURCE_ROOT and AIX_TEST_DATA set)
set -u

bin=$1
data=${AIX_TEST_DATA:?}
good=$data/good/minimal
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Readable by the unprivileged user of the permission cases.
chmod 755 "$tmp"
export HOME=$tmp/home XDG_DATA_HOME=$tmp/xdg
unset LANGUAGE LANG LC_MESSAGES
export LC_ALL=C.UTF-8

# Seconds one check may take. The figures measured are far below (see the
# README); the margin is for a loaded machine and the sanitizer build.
time_limit=30
# Virtual memory for one check, in KiB. AddressSanitizer reserves terabytes of
# address space, so a sanitized program runs without this limit.
mem_limit=$((512 * 1024))
if [ -n "${ASAN_OPTIONS:-}${UBSAN_OPTIONS:-}" ] || nm "$bin" 2>/dev/null | grep -q '__asan_init\|__ubsan_handle'; then
	mem_limit=unlimited
fi

passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() {
	failed=$((failed + 1))
	echo "FAIL: $*" >&2
}

# check_case NAME [PREFIX...]: runs `aixingou check` on $tmp/NAME (through the
# PREFIX command, e.g. setpriv) with the limits, leaving $status, $err, $out
# and $elapsed (milliseconds).
check_case() {
	local name=$1
	shift
	local start end
	start=$(date +%s%N)
	(
		ulimit -v "$mem_limit" 2>/dev/null
		exec timeout "$time_limit" "$@" "$bin" check --catalogue "$tmp/$name"
	) >"$tmp/out" 2>"$tmp/err"
	status=$?
	end=$(date +%s%N)
	elapsed=$(((end - start) / 1000000))
	out=$(cat "$tmp/out")
	err=$(cat "$tmp/err")
	echo "$name: exit $status, ${elapsed} ms"
}

# expect NAME STATUS REGEX...: the last check ended with STATUS in bounded
# time, and its standard error has a line matching each REGEX.
expect() {
	local name=$1 want=$2
	shift 2
	case $status in
	124) fail "$name: timed out after ${time_limit}s" ;;
	134 | 139 | 13[0-9] | 1[4-9][0-9]) fail "$name: crashed (exit $status): $(head -c 2000 "$tmp/err")" ;;
	"$want") pass ;;
	*) fail "$name: exit $status, expected $want: $(head -c 2000 "$tmp/err")" ;;
	esac
	if [ "$elapsed" -lt $((time_limit * 1000)) ]; then pass; else fail "$name: took ${elapsed} ms"; fi
	local re
	for re in "$@"; do
		if printf '%s\n' "$err" | grep -Eq -- "$re"; then
			pass
		else
			fail "$name: no line matches /$re/ in: $(printf '%s\n' "$err" | head -c 2000)"
		fi
	done
}

# new_case NAME: a copy of the small valid catalogue without its enterprises,
# as $tmp/NAME; sets $ent to its enterprises folder.
new_case() {
	mkdir -p "$tmp/$1/enterprises"
	cp "$good/catalogue.yaml" "$tmp/$1/"
	ent=$tmp/$1/enterprises
}

# enterprise ID: the start of a valid enterprise file, 9 lines, ending in a
# mapping key at column 1 of line 10 so that a case can add one.
enterprise() {
	printf 'id: %s\nname: Enterprise %s\ntownship: 610924100\nproducts:\n' "$1" "$1"
	printf '  - id: %s-p\n    name: Product\n    category: tea\n    unit: box\n    price: 12.50\n' "$1"
}

# --- An alias bomb ("billion laughs") ---------------------------------------
new_case alias-bomb
{
	enterprise bomb
	printf 'lol0: &a0 "lol"\n'
	for i in 1 2 3 4 5 6 7 8 9; do
		printf 'lol%d: &a%d [' $i $i
		for _ in 1 2 3 4 5 6 7 8 9; do printf '*a%d, ' $((i - 1)); done
		printf '*a%d]\n' $((i - 1))
	done
} >"$ent/x.yaml"
check_case alias-bomb
expect alias-bomb 1 'enterprises/x\.yaml:10:7: error: anchors and aliases are not allowed$'

# --- Nesting 100,000 deep -----------------------------------------------------
# Flow lists, flow mappings and block lists; the first one too deep is named.
deep=100000
new_case deep-flow
{
	printf 'id: x\nname: '
	head -c $deep /dev/zero | tr '\0' '['
	echo
} >"$ent/x.yaml"
check_case deep-flow
expect deep-flow 1 'enterprises/x\.yaml:2:70: error: lists and mappings are nested more than 64 levels deep$'

new_case deep-flow-closed
{
	head -c $deep /dev/zero | tr '\0' '['
	head -c $deep /dev/zero | tr '\0' ']'
	echo
} >"$ent/x.yaml"
check_case deep-flow-closed
expect deep-flow-closed 1 'enterprises/x\.yaml:1:65: error: lists and mappings are nested more than 64 levels deep$'

new_case deep-flow-map
{
	for _ in $(seq 1000); do printf '{a: {a: {a: {a: {a: {a: {a: {a: {a: {a: '; done
	echo
} >"$ent/x.yaml"
check_case deep-flow-map
expect deep-flow-map 1 'enterprises/x\.yaml:1:257: error: lists and mappings are nested more than 64 levels deep$'

new_case deep-block
{
	head -c $deep /dev/zero | sed 's/\x0/- /g'
	echo x
} >"$ent/x.yaml"
check_case deep-block
expect deep-block 1 'enterprises/x\.yaml:1:129: error: lists and mappings are nested more than 64 levels deep$'

new_case deep-block-map
awk 'BEGIN { for (i = 0; i < 3000; i++) printf "%*sk:\n", i, "" }' >"$ent/x.yaml"
check_case deep-block-map
expect deep-block-map 1 'enterprises/x\.yaml:65:65: error: lists and mappings are nested more than 64 levels deep$'

# --- Big files ----------------------------------------------------------------
# 50 MB: refused by its size before a byte is read.
new_case big-50mb
{
	enterprise big
	printf '# '
	head -c 50000000 /dev/zero | tr '\0' x
	echo
} >"$ent/x.yaml"
check_case big-50mb
expect big-50mb 1 'enterprises/x\.yaml: error: the file is larger than 16 MiB; a catalogue file should be far smaller$'

# Just under 16 MiB of valid products: more YAML values than the catalogue may
# hold (each takes memory in the tree); refused where the limit is passed.
new_case big-values
{
	enterprise big
	awk 'BEGIN { for (i = 0; i < 110000; i++)
		printf "  - id: p%d\n    name: Product %d\n    category: tea\n    unit: box\n    price: 12.50\n", i, i }'
} >"$ent/x.yaml"
check_case big-values
expect big-values 1 \
	'enterprises/x\.yaml:[0-9]+:5: error: this file holds more than 1000000 YAML values \(keys, texts, numbers, lists and mappings\); split the enterprise into smaller files or shorten it$' \
	': 1 error$'

# The same number of values in a flow list, two bytes each: the densest tree.
new_case dense-values
{
	enterprise dense
	printf 'tags: ['
	head -c 1100000 /dev/zero | sed 's/\x0/1,/g'
	echo '1]'
} >"$ent/x.yaml"
check_case dense-values
expect dense-values 1 'enterprises/x\.yaml:10:[0-9]+: error: this file holds more than 1000000 YAML values'

# Twenty files of 13 MiB each: each is allowed, together (260 MiB) they are not.
new_case big-total
for i in $(seq -w 1 20); do
	{
		enterprise "e$i"
		printf '# '
		head -c $((13 << 20)) /dev/zero | tr '\0' x
		echo
	} >"$ent/$i.yaml"
done
check_case big-total
expect big-total 1 \
	"enterprises/20\.yaml: error: the catalogue's files together are larger than 256 MiB; stopped reading here$" \
	': 1 error$'
rm -rf "${tmp:?}/big-total" "${tmp:?}/big-50mb"

# --- Long values ----------------------------------------------------------------
new_case scalar-1mb
{
	enterprise long
	printf 'description: "'
	head -c $((1 << 20)) /dev/zero | tr '\0' x
	printf '"\n'
} >"$ent/x.yaml"
check_case scalar-1mb
expect scalar-1mb 1 'enterprises/x\.yaml:10:14: error: this value is longer than 64 KiB \(1048576 bytes\); a catalogue value should be far shorter$'

new_case scalar-1mb-block
{
	enterprise long
	printf 'description: |\n'
	for _ in $(seq 1000); do
		printf '  '
		head -c 1000 /dev/zero | tr '\0' x
		echo
	done
} >"$ent/x.yaml"
check_case scalar-1mb-block
expect scalar-1mb-block 1 'enterprises/x\.yaml:10:14: error: this value is longer than 64 KiB \(1001000 bytes\)'

new_case scalar-1mb-key
{
	enterprise long
	head -c $((1 << 20)) /dev/zero | tr '\0' k
	printf ': 1\n'
} >"$ent/x.yaml"
check_case scalar-1mb-key
expect scalar-1mb-key 1 'enterprises/x\.yaml:10:[0-9]+: error: YAML syntax error: '

# 64 KiB is allowed; one byte more is not.
new_case scalar-64k
{
	enterprise long
	printf 'description: '
	head -c $((64 << 10)) /dev/zero | tr '\0' x
	echo
} >"$ent/x.yaml"
check_case scalar-64k
expect scalar-64k 0
new_case scalar-64k1
{
	enterprise long
	printf 'description: '
	head -c $(((64 << 10) + 1)) /dev/zero | tr '\0' x
	echo
} >"$ent/x.yaml"
check_case scalar-64k1
expect scalar-64k1 1 'enterprises/x\.yaml:10:14: error: this value is longer than 64 KiB \(65537 bytes\)'

# --- NUL bytes, overlong UTF-8, surrogates --------------------------------------
# bad_text NAME BYTES: an enterprise whose description is "a" BYTES "b",
# double-quoted, at line 10 column 14 (BYTES at column 16).
bad_text() {
	new_case "$1"
	{
		enterprise text
		printf 'description: "a%bb"\n' "$2"
	} >"$ent/x.yaml"
	check_case "$1"
}
bad_text nul-escape '\\0'
expect nul-escape 1 'enterprises/x\.yaml:10:14: error: description contains the control character U\+0000; remove it$'
bad_text nul-raw '\0'
expect nul-raw 1 'enterprises/x\.yaml:10:16: error: YAML syntax error: control characters are not allowed \(U\+0000\)$'
bad_text overlong-2 '\300\200'
expect overlong-2 1 'enterprises/x\.yaml:10:16: error: invalid UTF-8 \(byte 0xC0\); the file must be saved as UTF-8$'
bad_text overlong-3 '\340\200\257'
expect overlong-3 1 'enterprises/x\.yaml:10:16: error: invalid UTF-8 \(byte 0xE0\)'
bad_text surrogate-raw '\355\240\200'
expect surrogate-raw 1 'enterprises/x\.yaml:10:16: error: invalid UTF-8 \(byte 0xED\); the file must be saved as UTF-8$'
bad_text surrogate-escape '\\uD800'
expect surrogate-escape 1 'enterprises/x\.yaml:10:18: error: YAML syntax error: found invalid Unicode character escape code'
bad_text surrogate-pair '\\uD83D\\uDE00'
expect surrogate-pair 1 'enterprises/x\.yaml:10:18: error: YAML syntax error: found invalid Unicode character escape code'
bad_text c1-escape '\\x85'
expect c1-escape 1 'enterprises/x\.yaml:10:14: error: description contains the control character U\+0085; remove it$'

# --- Files that are not files ---------------------------------------------------
new_case folder-named-yaml
mkdir "$ent/x.yaml"
check_case folder-named-yaml
expect folder-named-yaml 1 'enterprises/x\.yaml: error: this is a folder, not a file'

# A named pipe with no writer: opening it must not wait.
new_case fifo
mkfifo "$ent/x.yaml"
check_case fifo
expect fifo 1 'enterprises/x\.yaml: error: not a regular file \(a pipe, device or socket\)'

new_case device
ln -s /dev/zero "$ent/x.yaml"
ln -s /dev/tty "$ent/y.yaml"
check_case device
expect device 1 'enterprises/x\.yaml: error: not a regular file' 'enterprises/y\.yaml: error: '

new_case symlink-loop
ln -s b.yaml "$ent/a.yaml"
ln -s a.yaml "$ent/b.yaml"
check_case symlink-loop
expect symlink-loop 1 'enterprises/a\.yaml: error: cannot open the file: Too many levels of symbolic links$' \
	'enterprises/b\.yaml: error: cannot open the file: Too many levels of symbolic links$'

new_case folder-loop
rmdir "$ent"
ln -s enterprises "$ent"
check_case folder-loop
expect folder-loop 1 'folder-loop/enterprises: error: cannot open the enterprises folder: Too many levels of symbolic links$'

new_case catalogue-loop
rm "$tmp/catalogue-loop/catalogue.yaml"
ln -s catalogue.yaml "$tmp/catalogue-loop/catalogue.yaml"
enterprise ok >"$ent/ok.yaml"
check_case catalogue-loop
expect catalogue-loop 1 'catalogue-loop/catalogue\.yaml: error: cannot open the file: Too many levels of symbolic links$'

# Unreadable: root reads everything, so as root the program runs as nobody.
as_user=()
if [ "$(id -u)" -eq 0 ]; then
	if command -v setpriv >/dev/null; then
		as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	else
		as_user=(skip)
	fi
fi
if [ "${as_user[0]:-}" = skip ]; then
	echo "unreadable: skipped (root without setpriv)"
else
	new_case unreadable
	enterprise ok >"$ent/x.yaml"
	chmod 000 "$ent/x.yaml"
	check_case unreadable "${as_user[@]}"
	expect unreadable 1 'enterprises/x\.yaml: error: cannot open the file: Permission denied$'

	new_case unreadable-folder
	chmod 000 "$ent"
	check_case unreadable-folder "${as_user[@]}"
	expect unreadable-folder 1 'unreadable-folder/enterprises: error: cannot open the enterprises folder: Permission denied$'
	chmod 755 "$ent"
fi

# --- The catalogue folder itself ------------------------------------------------
printf 'schema: 1\n' >"$tmp/folder-is-file"
check_case folder-is-file
expect folder-is-file 1 'folder-is-file: error: not a folder; a catalogue folder holds catalogue\.yaml and an enterprises folder$' \
	': 1 error$'

check_case no-such-folder
expect no-such-folder 1 'no-such-folder: error: no such folder; a catalogue folder holds catalogue\.yaml and an enterprises folder$'

mkdir "$tmp/empty-folder"
check_case empty-folder
expect empty-folder 1 'empty-folder/catalogue\.yaml: error: file not found; a catalogue folder holds catalogue\.yaml and an enterprises folder$' \
	'empty-folder/enterprises: error: cannot open the enterprises folder: No such file or directory$'

new_case enterprises-is-file
rmdir "$ent"
printf 'id: x\n' >"$ent"
check_case enterprises-is-file
expect enterprises-is-file 1 'enterprises-is-file/enterprises: error: cannot open the enterprises folder: Not a directory$'

# --- Thousands of files ---------------------------------------------------------
# many_files NAME COUNT KIND: COUNT enterprise files, valid or broken.
many_files() {
	new_case "$1"
	(
		cd "$ent" || exit 1
		if [ "$3" = valid ]; then
			awk -v n="$2" 'BEGIN { for (i = 0; i < n; i++) {
				f = sprintf("%05d.yaml", i)
				printf "id: e%d\nname: Enterprise %d\ntownship: 610924100\nproducts:\n", i, i >f
				printf "  - id: p%d\n    name: Product\n    category: tea\n    unit: box\n    price: 1\n", i >f
				close(f) } }'
		else
			awk -v n="$2" 'BEGIN { for (i = 0; i < n; i++) {
				f = sprintf("%05d.yaml", i); printf "id: [\n" >f; close(f) } }'
		fi
	)
	check_case "$1"
}
many_files many-valid 5000 valid
expect many-valid 0
expect_out() {
	if printf '%s\n' "$out" | grep -Eq -- "$1"; then pass; else fail "$2: no line matches /$1/ in: $out"; fi
}
expect_out ': 5000 enterprises, 5000 products, 0 services$' "many-valid summary"

# Broken files: the first 100 errors (the cap), then the loader stops.
many_files many-broken 5000 broken
expect many-broken 1 'enterprises/00000\.yaml:2:1: error: YAML syntax error: ' \
	'enterprises/00099\.yaml:2:1: error: YAML syntax error: ' \
	': 100 errors or more; checking stopped at the first 100: correct them and check again$'
if [ "$(printf '%s\n' "$err" | grep -c ': error: ')" -eq 100 ]; then pass; else fail "many-broken: not 100 error lines"; fi

many_files too-many 10001 valid
expect too-many 1 'too-many/enterprises: error: more than 10000 enterprise files; a catalogue may have at most 10000$' \
	': 1 error$'

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
