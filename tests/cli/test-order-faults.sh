#!/usr/bin/env bash
# Faults while `order --out` writes: --force only over a plain file (a FIFO,
# a folder and a socket are refused and left as they are); SIGTERM and SIGINT
# leave no temporary file; SIGKILL before or after the rename, and 60 SIGKILLs
# at random moments, leave no order file that the history does not know once
# the next start has settled what the killed writer left.
#
# Usage: test-order-faults.sh PATH/TO/aixingou   (AIX_TEST_DATA set)
set -u
set -m # job control: a background job does not ignore SIGINT

bin=$1
data=${AIX_TEST_DATA:?}
cli=$data/cli
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME=$tmp/home XDG_DATA_HOME=$tmp/xdg
unset LANGUAGE LANG LC_MESSAGES AIXINGOU_TEST_STOP
export LC_ALL=C.UTF-8

passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() {
	failed=$((failed + 1))
	echo "FAIL: $*" >&2
}

aix() { "$bin" --db "$tmp/o.db" --catalogue "$cli" "$@"; }
# The same in the background, so that $! is the program itself.
aixbg() { exec "$bin" --db "$tmp/o.db" --catalogue "$cli" "$@"; }

# Rows of a query on the database, one per line.
query() {
	python3 - "$tmp/o.db" "$1" <<'PY'
import sqlite3, sys
for row in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]):
    print("\t".join(str(v).replace("\n", "|") for v in row))
PY
}

# Waits (polling, up to 60 s) until process $1 is stopped (SIGSTOP).
wait_stopped() {
	for _ in $(seq 600); do
		state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)
		[ "$state" = T ] && return 0
		[ -z "$state" ] && return 1
		sleep 0.1
	done
	return 1
}

aix import-order "$data/csv/import-known.csv" --name 中秋 >/dev/null 2>&1 || fail "import-order"
aix import-order "$data/csv/import-known.csv" --name 国庆 >/dev/null 2>&1 || fail "import-order"
mkdir -p "$tmp/out"

# ---- --force replaces only a plain file ----
mkfifo "$tmp/out/fifo"
mkdir "$tmp/out/folder"
python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$tmp/out/socket"
for what in fifo:p:'named pipe' folder:d:folder socket:S:socket; do
	name=${what%%:*}
	rest=${what#*:}
	kind=${rest%%:*}
	reason=${rest#*:}
	timeout 30 "$bin" --db "$tmp/o.db" --catalogue "$cli" order 中秋 --out "$tmp/out/$name" --force 2>"$tmp/err"
	rc=$?
	[ "$rc" -eq 1 ] && grep -q "it is a $reason; only a plain file is ever replaced" "$tmp/err" && pass ||
		fail "--force over a $reason: status $rc: $(cat "$tmp/err")"
	[ -$kind "$tmp/out/$name" ] && pass || fail "--force replaced the $reason $name"
done
[ -z "$(query "SELECT number FROM orders")" ] && pass || fail "a refused order is in the history: $(query "SELECT number, files FROM orders")"
hidden=$(find "$tmp/out" -name '.aixingou-*')
[ -z "$hidden" ] && pass || fail "temporary files after refusals: $hidden"

# ---- SIGTERM and SIGINT with the temporary file complete, before the rename ----
for sig in TERM INT; do
	AIXINGOU_TEST_STOP=before-rename aixbg order 中秋 --out "$tmp/out/sig-$sig.txt" 2>/dev/null &
	pid=$!
	if wait_stopped "$pid"; then
		[ -n "$(find "$tmp/out" -name '.aixingou-*')" ] && pass || fail "no temporary file while stopped before the rename"
		kill -s "$sig" "$pid"
		kill -s CONT "$pid"
		# With job control, wait also returns when the job stops or goes on.
		wait "$pid" 2>/dev/null
		rc=$?
		while [ "$rc" -eq $((128 + $(kill -l STOP))) ]; do
			wait "$pid" 2>/dev/null
			rc=$?
		done
		[ "$rc" -eq $((128 + $(kill -l "$sig"))) ] && pass || fail "SIG$sig: exit status $rc"
		hidden=$(find "$tmp/out" -name '.aixingou-*')
		[ -z "$hidden" ] && pass || fail "SIG$sig left a temporary file: $hidden"
		[ ! -e "$tmp/out/sig-$sig.txt" ] && pass || fail "SIG$sig before the rename left the order file"
	else
		fail "the writer did not stop before the rename"
		kill -s KILL "$pid" 2>/dev/null
		wait "$pid"
	fi
done
# The next start settles the numbers those two reserved: no order.
aix lists >/dev/null 2>&1
[ -z "$(query "SELECT number FROM orders")$(query "SELECT path FROM order_files_pending")" ] && pass ||
	fail "orders left by signalled writers: $(query "SELECT number, files FROM orders")"

# ---- SIGKILL before the rename: the temporary file stays until the next start ----
AIXINGOU_TEST_STOP=before-rename aixbg order 中秋 --out "$tmp/out/kill-before.txt" 2>/dev/null &
pid=$!
if wait_stopped "$pid"; then
	kill -s KILL "$pid"
	wait "$pid" 2>/dev/null
	[ -n "$(query "SELECT path FROM order_files_pending")" ] && pass || fail "the intended path is not recorded before the rename"
	aix lists >/dev/null 2>&1
	hidden=$(find "$tmp/out" -name '.aixingou-*')
	[ -z "$hidden" ] && pass || fail "the next start left the killed writer's temporary file: $hidden"
	[ -z "$(query "SELECT number FROM orders")" ] && pass || fail "an order never written is in the history"
else
	fail "the writer did not stop before the rename"
	kill -s KILL "$pid" 2>/dev/null
fi

# ---- SIGKILL after the rename, before the history says so ----
AIXINGOU_TEST_STOP=after-write aixbg order 中秋 --out "$tmp/out/kill-after.txt" 2>/dev/null &
pid=$!
if wait_stopped "$pid"; then
	kill -s KILL "$pid"
	wait "$pid" 2>/dev/null
	[ -s "$tmp/out/kill-after.txt" ] && pass || fail "the order file is not in place after the rename"
	aix lists >/dev/null 2>&1
	number=$(grep -o 'AXG-[0-9]*-[0-9]*' "$tmp/out/kill-after.txt")
	[ "$(query "SELECT number, files FROM orders")" = "$number	$tmp/out/kill-after.txt" ] && pass ||
		fail "the file written before the kill is not in the history: $(query "SELECT number, files FROM orders")"
else
	fail "the writer did not stop after the rename"
	kill -s KILL "$pid" 2>/dev/null
fi

# ---- 60 SIGKILLs at random moments ----
seed=${AIX_KILL_SEED:-$(date +%s)}
echo "kill loop seed: $seed (AIX_KILL_SEED=$seed repeats it)"
RANDOM=$seed
mkdir "$tmp/loop"
for i in $(seq 60); do
	list=中秋
	[ $((i % 2)) -eq 0 ] && list=国庆
	aixbg order "$list" --out "$tmp/loop/$i.txt" >/dev/null 2>&1 &
	pid=$!
	sleep "0.0$((RANDOM % 90 + 10))"
	kill -s KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
done
aix lists >/dev/null 2>&1
query "SELECT files FROM orders" | tr '|' '\n' >"$tmp/known"
unknown=0
for f in "$tmp"/loop/*.txt; do
	[ -e "$f" ] || continue
	grep -qxF "$f" "$tmp/known" || {
		unknown=$((unknown + 1))
		echo "not in the history: $f" >&2
	}
done
[ "$unknown" -eq 0 ] && pass || fail "$unknown order files the history does not know (seed $seed)"
missing=0
while read -r f; do
	case $f in "$tmp/loop/"*) [ -e "$f" ] || missing=$((missing + 1)) ;; esac
done <"$tmp/known"
[ "$missing" -eq 0 ] && pass || fail "$missing files in the history are not there (seed $seed)"
hidden=$(find "$tmp/loop" -name '.aixingou-*')
[ -z "$hidden" ] && pass || fail "temporary files after the kills and a start (seed $seed): $hidden"
[ -z "$(query "SELECT path FROM order_files_pending")" ] && pass || fail "pending files after a start (seed $seed)"
written=$(find "$tmp/loop" -name '*.txt' | wc -l)
echo "kill loop: $written of 60 orders were in place when killed or finished"

# ---- merge --out cleans up on a signal too ----
mkdir -p "$tmp/merge"
aix order 中秋 --format csv --out "$tmp/merge/a.csv" >/dev/null 2>&1
AIXINGOU_TEST_STOP=before-rename aixbg merge "$tmp/merge/a.csv" --out "$tmp/merge/all.csv" 2>/dev/null &
pid=$!
if wait_stopped "$pid"; then
	[ -n "$(find "$tmp/merge" -name '.aixingou-*')" ] && pass || fail "merge: no temporary file while stopped before the rename"
	kill -s TERM "$pid"
	kill -s CONT "$pid"
	wait "$pid" 2>/dev/null
	rc=$?
	while [ "$rc" -eq $((128 + $(kill -l STOP))) ]; do
		wait "$pid" 2>/dev/null
		rc=$?
	done
	[ "$rc" -eq $((128 + $(kill -l TERM))) ] && pass || fail "merge, SIGTERM: exit status $rc"
	hidden=$(find "$tmp/merge" -name '.aixingou-*')
	[ -z "$hidden" ] && pass || fail "merge: SIGTERM left a temporary file: $hidden"
	[ ! -e "$tmp/merge/all.csv" ] && pass || fail "merge: SIGTERM before the rename left the file"
else
	fail "merge did not stop before the rename"
	kill -s KILL "$pid" 2>/dev/null
	wait "$pid"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
