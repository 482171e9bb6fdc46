#!/usr/bin/env bash
# A purchase list in a real terminal: a clerk makes a Mid-Autumn pack for 30
# members, adds three teas, sees the checks, writes the order and prints it
# (to a stub lp on PATH that keeps what it was given). Then the program is
# killed with SIGKILL right after an edit, and the list is intact after a
# restart. Polls the screen; no fixed sleeps.
#
# Usage: test-lists.sh PATH/TO/aixingou   (AIX_SOURCE_ROOT set)
set -u

bin=$1
src=${AIX_SOURCE_ROOT:?}
shipped=$src/catalogue
tmp=$(mktemp -d)
. "$(dirname "$0")/lib.sh"
mkdir -p "$tmp/bin"

# The stub printer: keeps a copy of the file it is asked to print.
cat >"$tmp/bin/lp" <<EOF
#!/bin/sh
cp "\$1" "$tmp/printed.txt"
EOF
chmod +x "$tmp/bin/lp"

# open_program [REDIRECTION]: the program in a new 80x24 session, with its
# stderr redirected as given.
open_program() {
	new_server 80 24 \
		"env PATH='$tmp/bin:$PATH' '$bin' --db '$tmp/lists.db' --catalogue '$shipped' --lang en ${1:-}; echo EXITED:\$?; sleep 60"
}

start() {
	open_program
	wait_for '185/185 shown' "the browser starts"
}

start
# F7 with no list: the form for a new one.
keys F7
wait_for 'New purchase list' "F7 without a list asks for a new one"
type_text "Mid-Autumn 2020"
keys Down
type_text "Test union"
keys Down
type_text "Zhang"
# Purpose: the sixth holiday, Mid-Autumn.
keys Down Right Right Right Right Right Down
type_text "30"
keys Down Space Enter
wait_for 'Purchase list .Mid-Autumn 2020.' "the new list is shown"
wait_for '30 members · a pack per member' "the list is a pack for 30 members"
keys Escape

# Three teas found by pinyin, added with a.
keys /
type_text "cuifeng"
keys Enter
wait_for '翠峰' "cuifeng finds 翠峰"
keys a
wait_for 'Added to .Mid-Autumn 2020.' "a adds the product"
keys Down a Down a
keys F7
wait_for 'Total ¥[0-9,]+\.[0-9][0-9] +per member' "the list shows the total and the cost per member"
n=$(screen | grep -cE ' 1 [^ ]+ × 30 ')
[ "$n" -eq 3 ] && pass || fail "three lines of 1 × 30 members, found $n"
wait_for 'over the per-member budget' "the budget check is shown"
wait_for 'a contract is needed' "the contract threshold is shown"

# One more of the first line, then undo and redo.
keys Home +
wait_for '2 [^ ]+ × 30' "+ makes it 2 per member"
keys u
wait_gone '2 [^ ]+ × 30' "u undoes the +"
wait_for 'Undone: “[^”]+” 2 → 1 \(U redoes\)' "u says what it undid"
keys U
wait_for '2 [^ ]+ × 30' "U redoes it"
wait_for 'Redone: “[^”]+” 1 → 2 \(u undoes\)' "U says what it redid"

# E: what is typed replaces the quantity that is there, as in a spreadsheet
# cell (3 over 2 is 3, not 23); Backspace edits it instead.
keys E
wait_for 'Quantity per member' "E asks for the quantity"
type_text 3
keys Enter
wait_for ' 3 [^ ]+ × 30 ' "typing 3 over 2 makes it 3 per member"
keys E
wait_for 'Quantity per member'
keys BSpace
type_text 2
keys Enter
wait_for ' 2 [^ ]+ × 30 ' "Backspace, then 2, makes it 2 again"

# Every rule of the list is in its settings (F2 in the lists screen): a
# contract threshold typed over the catalogue's takes the notice away.
keys L
wait_for 'Mid-Autumn 2020' "L shows the saved lists"
keys F2
wait_for 'List settings' "F2 opens the list's settings"
wait_for 'Gift cap/year' "the settings have the yearly gift cap"
wait_for 'Poverty share %' "the settings have the poverty-area share"
for _ in $(seq 1 9); do keys Down; done
# In the smallest window the fields scroll: the focused last one shows.
tmuxc resize-window -t e2e -x 60 -y 14
wait_for 'Contract from' "at 60x14 the settings scroll to the focused field"
tmuxc resize-window -t e2e -x 80 -y 24
wait_for 'Name .*Mid-Autumn 2020' "at 80x24 every field shows again"
type_text 1000000
keys Enter
wait_gone 'List settings' "the settings are saved"
keys Escape
wait_for 'Purchase list .Mid-Autumn 2020.' "back in the list"
wait_gone 'a contract is needed' "the list is checked against its own threshold"

# The order: preview, write, print.
keys F9
wait_for 'Preview of the printed order' "F9 shows the preview"
wait_for 'In words: 人民币' "the preview has the total in capital figures"
keys Enter
wait_for 'Write order AXG-[0-9]+-001' "Enter asks where to write"
# With the GB18030 copy too.
keys Down Down Space
wait_for 'GB18030 copy +\[x\]' "the GB18030 copy is asked for"
keys Enter
wait_for 'written' "the order is written"
# The message names every file written: too long for 80 columns, it is shown
# whole in a notice (wrapped: the frame and the breaks taken out).
wait_for 'Please note' "a notice shows the long message whole"
screen | tr -d '\n │' | grep -Eq 'aixingou-orders/AXG-[0-9]+-001\.txt,.*aixingou-orders/AXG-[0-9]+-001\.csv,.*aixingou-orders/AXG-[0-9]+-001-gb18030\.txt;' && pass ||
	fail "the notice names the text, the CSV and the GB18030 file"
keys Escape
wait_gone 'Please note' "a key closes the notice"
txt=$(ls "$HOME"/aixingou-orders/AXG-*-001.txt 2>/dev/null | head -n 1)
csv=$(ls "$HOME"/aixingou-orders/AXG-*-001.csv 2>/dev/null | head -n 1)
[ -s "$txt" ] && [ -s "$csv" ] && pass || fail "the text and CSV orders are in $HOME/aixingou-orders"
keys p
wait_for 'rint' "p prints"
# lp may still be writing: wait for the whole file, not the first byte.
for _ in $(seq 1 "$poll_tries"); do cmp -s "$tmp/printed.txt" "$txt" && break; sleep 0.05; done
cmp -s "$tmp/printed.txt" "$txt" && pass || fail "lp was given the written order"
keys Escape Escape

# SIGKILL right after an edit: the edit is there after a restart.
keys F7
wait_for 'Purchase list .Mid-Autumn 2020.'
keys Home + +
wait_for '4 [^ ]+ × 30' "two more: 4 per member"
pid=$(pgrep -n -f -- "--db $tmp/lists.db" || true)
[ -n "$pid" ] && kill -KILL "$pid"
wait_for 'EXITED:137' "the program was killed"
start
# The list edited last is the current one again.
keys F7
wait_for '4 [^ ]+ × 30' "after SIGKILL and a restart the list still has 4 per member"
keys F10
wait_for 'EXITED:0' "quits cleanly"

# The catalogue's pages in the database overwritten (a failing USB stick)
# while the program is closed. The start checks the lists only and opens;
# the damage shows when a product's row is read: the message says to start
# again. The next start checks the whole file, moves it aside, recovers the
# list, and says so in a notice over the browser (the same text that went to
# stderr before the screen covered it). Any key closes the notice.
python3 - "$tmp/lists.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
page = db.execute("PRAGMA page_size").fetchone()[0]
pages = [r[0] for r in db.execute(
    "SELECT pageno FROM dbstat WHERE name = 'items' AND pagetype = 'leaf'")]
db.close()
with open(sys.argv[1], "r+b") as f:
    for p in pages:
        f.seek((p - 1) * page)
        f.write(bytes((0xA5 ^ (i * 7)) & 0xFF for i in range(page)))
PY
open_program
wait_for 'Please note' "the damage found while working is told whole, in a notice"
wait_for 'is damaged: quit aixingou' "the notice says to start again"
keys x
wait_gone 'Please note' "a key closes the notice"
wait_for 'is damaged: quit aixingou' "the line below still says it"
# Every frame reads the damaged rows again: the same error is not put up again.
keys Down
stays_gone 'Please note' "the same error is not shown again on every frame"
keys F10
wait_for 'EXITED:' "quits"
[ -e "$tmp/lists.db-damaged" ] && pass || fail "the mark for the next start is left"
open_program "2>'$tmp/stderr'"
wait_for 'Please note' "the repair is told in a notice at start"
wait_for 'moved to' "the notice says where the damaged file went"
wait_for 'recovered from it: 1 purchase' "the notice says what came back"
keys x
wait_gone 'Please note' "a key closes the notice"
wait_for '185/185 shown' "the browser is there"
keys F7
wait_for '4 [^ ]+ × 30' "the recovered list still has 4 per member"
keys F10
wait_for 'EXITED:0' "quits cleanly"
grep -q 'recovered from it' "$tmp/stderr" && pass || fail "the notice also went to stderr"
ls "$tmp"/lists.db.corrupt-* >/dev/null 2>&1 && pass || fail "the damaged file is kept aside"

finish
