#!/usr/bin/env bash
# The Chinese translation is complete: every message the sources mark for
# translation has a non-fuzzy zh_CN translation, and every source file that
# marks messages is listed in po/POTFILES (otherwise its messages would
# silently stay English).
set -u
src=$1
cd "$src" || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

missing=$(grep -rlE '\b(N_|P_|C_|_)\(' --include='*.c' src | sort | comm -23 - <(sort po/POTFILES))
if [ -n "$missing" ]; then
	echo "files with translatable messages missing from po/POTFILES:" >&2
	echo "$missing" >&2
	failed=$((failed + 1))
else
	passed=$((passed + 1))
fi

xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=P_:1,2 --keyword=C_:1c,2 \
	--add-comments=TRANSLATORS: -f po/POTFILES -o "$tmp/aixingou.pot" || exit 1
if msgcmp po/zh_CN.po "$tmp/aixingou.pot" 2>"$tmp/msgcmp"; then
	passed=$((passed + 1))
else
	echo "po/zh_CN.po lacks translations (update it with: msgmerge -U po/zh_CN.po $tmp/aixingou.pot):" >&2
	head -40 "$tmp/msgcmp" >&2
	failed=$((failed + 1))
fi

stats=$(msgfmt --check --statistics -o /dev/null po/zh_CN.po 2>&1)
case "$stats" in
*untranslated* | *fuzzy* | *error*)
	echo "po/zh_CN.po: $stats" >&2
	failed=$((failed + 1))
	;;
*) passed=$((passed + 1)) ;;
esac

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
