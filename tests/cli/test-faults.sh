#!/usr/bin/env bash
# Storage faults as a user meets them, through the program: a damaged
# database at start (garbage, cut short, a page overwritten, another
# program's) is moved aside with a message and the lists recovered; a newer
# aixingou's database is left alone; a missing or read-only data folder, a
# full disk and a database held by another program each give a clear message,
# exit 1 without crashing and lose nothing; two programs importing at once
# both succeed; an order written into a missing, read-only or full folder
# leaves no file behind and keeps the list.
#
# As root the script runs itself again in a mount namespace of its own
# (unshare), where it mounts a small tmpfs (the full disk) and read-only bind
# mounts; they vanish with it. Without that it falls back to what works:
# permissions (not as root), chattr +i, and the file size limit (ulimit -f).
# What cannot be done here is reported as skipped, with the reason.
# AIX_FAULTS_NO_MOUNT=1 makes a root run take the fallbacks too.
#
# Usage: test-faults.sh PATH/TO/aixingou   (AIX_TEST_DATA set)
set -u

bin=$1
data=${AIX_TEST_DATA:?}

if [ "$(id -u)" = 0 ] && [ -z "${AIX_FAULTS_NS:-}" ] && [ -z "${AIX_FAULTS_NO_MOUNT:-}" ] &&
	unshare --mount --propagation private true 2>/dev/null; then
	AIX_FAULTS_NS=1 exec unshare --mount --propagation private "$0" "$@"
fi

cli=$data/cli
csv=$data/csv/import-known.csv
tmp=$(mktemp -d)
immutable=()
cleanup() {
	for d in "${immutable[@]}"; do chattr -R -i "$d" 2>/dev/null; done
	if [ -n "${AIX_FAULTS_NS:-}" ]; then
		grep -o " $tmp[^ ]*" /proc/self/mounts | sort -r | while read -r m; do umount "$m"; done
	fi
	chmod -R u+w "$tmp" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
export HOME=$tmp/home XDG_DATA_HOME=$tmp/xdg AIXINGOU_BUSY_TIMEOUT_MS=500
unset LANGUAGE LANG LC_MESSAGES
export LC_ALL=C.UTF-8

passed=0
failed=0
skipped=0
pass() { passed=$((passed + 1)); }
fail() {
	failed=$((failed + 1))
	echo "FAIL: $*" >&2
}
skip() {
	skipped=$((skipped + 1))
	echo "skipped $1: $2"
}

# run ARGS...: the program with the test catalogue; $status, $tmp/out, $tmp/err.
run() {
	"$bin" --catalogue "$cli" "$@" >"$tmp/out" 2>"$tmp/err"
	status=$?
}

# expect STATUS WHAT: the last run ended with STATUS (never a signal).
expect() {
	if [ "$status" -eq "$1" ]; then
		pass
	else
		fail "$2: exit status $status, expected $1; stderr: $(cat "$tmp/err")"
	fi
}

# said TEXT WHAT: the last run's stderr contains TEXT.
said() {
	if grep -qF -- "$1" "$tmp/err"; then
		pass
	else
		fail "$2: stderr lacks '$1': $(cat "$tmp/err")"
	fi
}

# shows TEXT WHAT: the last run's stdout contains TEXT.
shows() {
	if grep -qF -- "$1" "$tmp/out"; then
		pass
	else
		fail "$2: stdout lacks '$1': $(cat "$tmp/out")"
	fi
}

# none_left DIR PATTERN WHAT: no file in DIR matches the glob PATTERN.
none_left() {
	local found
	found=$(find "$1" -mindepth 1 -maxdepth 1 -name "$2" 2>/dev/null)
	[ -z "$found" ] && pass || fail "$3: left $found"
}

sql() { python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' "$@"; }

can_mount=no
if [ -n "${AIX_FAULTS_NS:-}" ] && mkdir -p "$tmp/probe" && mount -t tmpfs -o size=64k tmpfs "$tmp/probe" 2>/dev/null; then
	umount "$tmp/probe"
	can_mount=yes
fi
echo "mounting: $can_mount; user id $(id -u)"

# make_read_only DIR: as read-only as this machine lets us make it; echoes how.
make_read_only() {
	if [ "$can_mount" = yes ] && mount --bind "$1" "$1" && mount -o remount,bind,ro "$1"; then
		echo "a read-only bind mount"
	elif [ "$(id -u)" != 0 ] && chmod -R a-w "$1"; then
		echo "permissions (chmod -R a-w)"
	elif chattr -R +i "$1" 2>/dev/null; then
		immutable+=("$1")
		echo "chattr -R +i"
	fi
}

undo_read_only() {
	if grep -qF " $1 " /proc/self/mounts; then
		umount "$1"
	fi
	chattr -R -i "$1" 2>/dev/null
	chmod -R u+w "$1"
}

# ---- A healthy database with two lists --------------------------------------

base=$tmp/base.db
run --db "$base" import-order "$csv" --name 中秋慰问
expect 0 "import-order into a new database"
run --db "$base" import-order "$csv" --name 春节慰问
expect 0 "a second list"

# ---- Damaged databases at start ------------------------------------------------

# A page of the catalogue's table overwritten: moved aside, both lists back.
mkdir -p "$tmp/dmg"
cp "$base" "$tmp/dmg/a.db"
python3 - "$tmp/dmg/a.db" <<'PY'
import sqlite3, sys
path = sys.argv[1]
db = sqlite3.connect(path)
page = db.execute("PRAGMA page_size").fetchone()[0]
root = db.execute("SELECT rootpage FROM sqlite_schema WHERE name = 'items'").fetchone()[0]
db.close()
with open(path, "r+b") as f:
    f.seek((root - 1) * page)
    f.write(bytes((0xA5 ^ (i * 7)) & 0xFF for i in range(page)))
PY
# The start checks the lists only: the damage shows when the catalogue is
# read, and the next start checks the whole file.
run --db "$tmp/dmg/a.db" list
expect 1 "list on a damaged catalogue"
said "is damaged: quit aixingou and start it again" "damaged page found while working"
[ -e "$tmp/dmg/a.db-damaged" ] || fail "damaged page: no mark left for the next start"
run --db "$tmp/dmg/a.db" lists
expect 0 "lists on a damaged database"
said "is damaged" "damaged page"
said "it was moved to $tmp/dmg/a.db.corrupt-" "damaged page: the new name"
said "kept, not deleted" "damaged page"
said "recovered from it: 2 purchase lists with 10 lines" "damaged page: what came back"
shows 中秋慰问 "damaged page: the list is still there"
shows 春节慰问 "damaged page: the other list is still there"
[ ! -e "$tmp/dmg/a.db-damaged" ] || fail "damaged page: the mark outlived the repair"
aside=$(find "$tmp/dmg" -name 'a.db.corrupt-*' ! -name '*-wal' ! -name '*-shm')
[ -f "$aside" ] && pass || fail "no file moved aside in $tmp/dmg"
[ "$(sql "$aside" 'SELECT count(*) FROM purchase_lists')" = 2 ] && pass ||
	fail "the file moved aside lost its lists"
run --db "$tmp/dmg/a.db" lists
expect 0 "the repaired database"
[ ! -s "$tmp/err" ] && pass || fail "a second start still complains: $(cat "$tmp/err")"
shows 春节慰问 "the repaired database keeps the lists"

# Garbage, a file cut short, another program's database.
head -c 20000 /dev/urandom >"$tmp/dmg/garbage.db"
head -c $(($(stat -c %s "$base") / 2)) "$base" >"$tmp/dmg/cut.db"
python3 -c 'import sqlite3, sys; db = sqlite3.connect(sys.argv[1]); db.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)"); db.commit()' "$tmp/dmg/other.db"
for name in garbage cut other; do
	run --db "$tmp/dmg/$name.db" lists
	expect 0 "lists on $name.db"
	said "it was moved to $tmp/dmg/$name.db.corrupt-" "$name.db: the new name"
	[ "$(find "$tmp/dmg" -name "$name.db.corrupt-*" ! -name '*-wal' ! -name '*-shm' | wc -l)" = 1 ] &&
		pass || fail "$name.db was not moved aside"
	run --db "$tmp/dmg/$name.db" lists
	expect 0 "$name.db after the repair"
	[ ! -s "$tmp/err" ] && pass || fail "$name.db still complains: $(cat "$tmp/err")"
done
# The catalogue is imported into the new database as usual.
head -c 20000 /dev/urandom >"$tmp/dmg/x.db"
run --db "$tmp/dmg/x.db" list --format tsv
expect 0 "list on a damaged database"
shows cha-cuifeng-250 "list after a repair: the catalogue was imported again"

# A newer aixingou's database: the clear error, never moved.
python3 -c 'import sqlite3, sys; db = sqlite3.connect(sys.argv[1]); db.execute("CREATE TABLE meta (key, value)"); db.execute("PRAGMA user_version = 9"); db.commit()' "$tmp/dmg/newer.db"
run --db "$tmp/dmg/newer.db" lists
expect 1 "a newer aixingou's database"
said "was made by a newer aixingou" "newer database"
none_left "$tmp/dmg" 'newer.db.corrupt-*' "a newer aixingou's database was moved"

# ---- A missing or read-only data folder --------------------------------------------

# XDG_DATA_HOME under a file: the folder cannot be made.
echo "a file" >"$tmp/afile"
XDG_DATA_HOME=$tmp/afile/xdg run lists
expect 1 "data folder under a file"
said "cannot create the folder $tmp/afile for the database" "data folder under a file"
said "a file of that name is in the way" "data folder under a file"
XDG_DATA_HOME=$tmp/afile/xdg run list
expect 1 "list with the data folder under a file"
[ ! -s "$tmp/out" ] && pass || fail "list printed something without a database"

mkdir -p "$tmp/rodata"
XDG_DATA_HOME=$tmp/rodata run import-order "$csv" --name 国庆慰问
expect 0 "import-order into the data folder"
rodb=$tmp/rodata/aixingou/aixingou.db
how=$(make_read_only "$tmp/rodata")
if [ -z "$how" ]; then
	skip "the read-only data folder" "running as root without mount or chattr"
else
	echo "read-only data folder: $how"
	XDG_DATA_HOME=$tmp/rodata run lists
	expect 1 "lists in a read-only data folder"
	said "the database $rodb cannot be written" "read-only data folder"
	said "read-only" "read-only data folder"
	XDG_DATA_HOME=$tmp/rodata run import-order "$csv" --name 元旦慰问
	expect 1 "import-order in a read-only data folder"
	XDG_DATA_HOME=$tmp/rodata/fresh run lists
	expect 1 "a new data folder inside a read-only one"
	said "cannot create the folder $tmp/rodata/fresh" "new data folder in a read-only one"
	undo_read_only "$tmp/rodata"
	XDG_DATA_HOME=$tmp/rodata run lists
	expect 0 "lists once the folder is writable again"
	shows 国庆慰问 "the list in the read-only folder was kept"
	grep -qF 元旦慰问 "$tmp/out" && fail "a list was added to a read-only database" || pass
fi

# ---- A full disk ---------------------------------------------------------------------

if [ "$can_mount" = yes ]; then
	full=$tmp/full
	mkdir -p "$full"
	mount -t tmpfs -o size=768k tmpfs "$full"
	run --db "$full/a.db" import-order "$csv" --name 中秋慰问
	expect 0 "import-order on the small disk"
	dd if=/dev/zero of="$full/filler" bs=4k 2>/dev/null
	dd if=/dev/zero of="$full/filler2" bs=1 2>/dev/null
	run --db "$full/a.db" import-order "$csv" --name 春节慰问
	expect 1 "import-order on a full disk"
	said "is full: free some space and try again; nothing was changed" "import-order on a full disk"
	said "$full/a.db" "the full disk's message names the database"
	run --db "$full/new.db" lists
	expect 1 "a new database on a full disk"
	said "full" "a new database on a full disk"
	mkdir -p "$tmp/orders"
	run --db "$full/a.db" order 中秋慰问 --out "$full/order.txt"
	expect 1 "order on a full disk"
	none_left "$full" 'order.txt' "order on a full disk"
	none_left "$full" '.aixingou-*' "order on a full disk: temporary file"
	rm -f "$full/filler" "$full/filler2"
	run --db "$full/a.db" lists
	expect 0 "lists with space again"
	shows 中秋慰问 "the list on the full disk was kept"
	grep -qF 春节慰问 "$tmp/out" && fail "half an import on a full disk" || pass
	[ "$(sql "$full/a.db" 'PRAGMA integrity_check')" = ok ] && pass || fail "the database on the full disk is damaged"
	# An order that does not fit, with the database elsewhere.
	run --db "$tmp/dmg/a.db" order 春节慰问 --out "$full/big.txt"
	expect 0 "an order on the disk with room"
	dd if=/dev/zero of="$full/filler" bs=4k 2>/dev/null
	dd if=/dev/zero of="$full/filler2" bs=1 2>/dev/null
	run --db "$tmp/dmg/a.db" order 春节慰问 --out "$full/o.txt"
	expect 1 "order into a full folder"
	said "the disk is full" "order into a full folder"
	none_left "$full" 'o.txt' "order into a full folder"
	none_left "$full" '.aixingou-*' "order into a full folder: temporary file"
	umount "$full"
else
	skip "the full disk on a small tmpfs" "not allowed to mount here (ulimit -f below instead)"
fi

# The session's file size limit (ulimit -f, in KiB): a write past it fails
# with a message, not with SIGXFSZ.
cp "$base" "$tmp/limited.db"
(
	ulimit -f 4
	"$bin" --catalogue "$cli" --db "$tmp/limited.db" import-order "$csv" --name 国庆慰问 >"$tmp/out" 2>"$tmp/err"
)
status=$?
expect 1 "import-order past the file size limit"
said "nothing was changed" "past the file size limit"
run --db "$tmp/limited.db" lists
shows 春节慰问 "the lists past the file size limit"
grep -qF 国庆慰问 "$tmp/out" && fail "half an import past the file size limit" || pass

# ---- A database held by another program ----------------------------------------------

# hold DB MODE: a second program holding the database: "write" in the middle
# of a write transaction, "exclusive" keeping out even readers.
hold() {
	rm -f "$tmp/held" "$tmp/release"
	python3 - "$1" "$2" "$tmp" <<'PY' &
import os, sqlite3, sys, time
path, mode, tmp = sys.argv[1:4]
db = sqlite3.connect(path, isolation_level=None)
if mode == "exclusive":
    db.execute("PRAGMA locking_mode = EXCLUSIVE")
    db.execute("BEGIN EXCLUSIVE")
    db.execute("SELECT count(*) FROM meta").fetchall()
else:
    db.execute("BEGIN IMMEDIATE")
    db.execute("INSERT INTO meta (key, value) VALUES ('held', 1)")
open(os.path.join(tmp, "held"), "w").close()
while not os.path.exists(os.path.join(tmp, "release")):
    time.sleep(0.02)
db.execute("ROLLBACK")
PY
	holder=$!
	# 30 s: python3 and SQLite start slowly on a loaded machine.
	for _ in $(seq 1500); do
		[ -e "$tmp/held" ] && break
		sleep 0.02
	done
}

let_go() {
	touch "$tmp/release"
	wait "$holder"
}

locked=$tmp/locked.db
cp "$base" "$locked"
hold "$locked" write
run --db "$locked" lists
expect 0 "lists while another program writes (reading goes on)"
shows 中秋慰问 "lists while another program writes"
start=$(date +%s%N)
run --db "$locked" import-order "$csv" --name 国庆慰问
took=$((($(date +%s%N) - start) / 1000000))
expect 1 "import-order while another program writes"
said "is locked by another running aixingou" "import-order while locked"
said "nothing was changed" "import-order while locked"
[ "$took" -ge 450 ] && pass || fail "the edit gave up after $took ms, before the busy timeout"
let_go
run --db "$locked" lists
grep -qF 国庆慰问 "$tmp/out" && fail "the refused import left a list" || pass
run --db "$locked" import-order "$csv" --name 国庆慰问
expect 0 "import-order once the other program let go"

# The catalogue changed while another program writes: the last import is
# used, with a warning saying why.
cp -r "$cli" "$tmp/cat"
"$bin" --catalogue "$tmp/cat" --db "$tmp/cat.db" list --format tsv >"$tmp/before.tsv" 2>"$tmp/err"
sed -i 's/price: 168$/price: 170/' "$tmp/cat/enterprises/01-cha.yaml"
hold "$tmp/cat.db" write
"$bin" --catalogue "$tmp/cat" --db "$tmp/cat.db" list --format tsv >"$tmp/out" 2>"$tmp/err"
status=$?
expect 0 "list of a changed catalogue while another program writes"
said "is locked by another running aixingou" "list of a changed catalogue while locked"
said "changed but could not be imported; showing the last import" "list of a changed catalogue while locked"
cmp -s "$tmp/before.tsv" "$tmp/out" && pass || fail "the last import was not listed"
let_go
"$bin" --catalogue "$tmp/cat" --db "$tmp/cat.db" list --format tsv >"$tmp/out" 2>"$tmp/err"
grep -q '170\.00' "$tmp/out" && pass || fail "the changed catalogue was not imported once free: $(cat "$tmp/err")"

hold "$locked" exclusive
run --db "$locked" lists
expect 1 "lists while another program keeps the database to itself"
said "is locked by another running aixingou" "lists while locked"
none_left "$tmp" 'locked.db.corrupt-*' "a locked database was taken for a damaged one"
let_go
run --db "$locked" lists
expect 0 "lists once the other program let go"
shows 国庆慰问 "lists after the lock"

# ---- Two programs at once ----------------------------------------------------------------

# They wait for each other (the default busy timeout is 3 s; longer here,
# for slow machines and valgrind).
two=$tmp/two.db
for i in 1 2 3 4; do
	AIXINGOU_BUSY_TIMEOUT_MS=60000 "$bin" --catalogue "$cli" --db "$two" import-order "$csv" --name "清单$i" >"$tmp/out$i" 2>"$tmp/err$i" &
	pids[i]=$!
done
for i in 1 2 3 4; do
	wait "${pids[i]}" && pass || fail "concurrent import-order $i: $(cat "$tmp/err$i")"
done
run --db "$two" lists
for i in 1 2 3 4; do
	grep -q "清单$i .*5 lines" "$tmp/out" && pass || fail "concurrent import $i is missing: $(cat "$tmp/out")"
done
[ "$(sql "$two" 'PRAGMA integrity_check')" = ok ] && pass || fail "concurrent imports damaged the database"

# ---- Orders into folders that cannot take them --------------------------------------------

db=$tmp/dmg/a.db
run --db "$db" order 中秋慰问 --out "$tmp/nowhere/o.txt"
expect 1 "order into a missing folder"
said "does not exist" "order into a missing folder"
[ ! -e "$tmp/nowhere" ] && pass || fail "order made the missing folder"

mkdir -p "$tmp/roorders"
how=$(make_read_only "$tmp/roorders")
if [ -z "$how" ]; then
	skip "the read-only order folder" "running as root without mount or chattr"
else
	run --db "$db" order 中秋慰问 --out "$tmp/roorders/o.txt"
	expect 1 "order into a read-only folder ($how)"
	grep -qE 'read-only|permission denied' "$tmp/err" && pass ||
		fail "order into a read-only folder: $(cat "$tmp/err")"
	none_left "$tmp/roorders" '*' "order into a read-only folder"
	undo_read_only "$tmp/roorders"
fi
run --db "$db" lists
shows 中秋慰问 "the list after the orders that failed"
run --db "$db" order 中秋慰问 --out "$tmp/roorders/o.txt"
expect 0 "the order once the folder is writable"

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
