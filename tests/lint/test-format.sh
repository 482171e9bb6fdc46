#!/usr/bin/env bash
# The C sources stay formatted with the checked-in .clang-format (the
# generated Unicode tables excepted).
set -u
cd "$1" || exit 1
files=$(git ls-files '*.c' '*.h' 2>/dev/null | grep -v '^src/core/unihan-data.c$')
[ -n "$files" ] || files=$(find src tests bench -name '*.c' -o -name '*.h' 2>/dev/null | grep -v unihan-data.c)
passed=0
failed=0
for f in $files; do
	if clang-format --dry-run --Werror "$f" 2>/dev/null; then
		passed=$((passed + 1))
	else
		echo "$f is not clang-formatted: run clang-format -i $f" >&2
		failed=$((failed + 1))
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
