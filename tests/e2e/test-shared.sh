#!/usr/bin/env bash
# Two browsers on one database, each in its own tmux session of one server:
# + in one adds to what the other saved, each reads the list again at its
# next key and says so, and a line removed in one is said in plain words in
# the other (never by an internal id). Then marks of products a re-import
# removed are dropped and counted, and with no list yet a then n opens the
# form for a new list without an n in its name. Polls the screen; no fixed
# sleeps.
#
# Usage: test-shared.sh PATH/TO/aixingou   (AIX_SOURCE_ROOT set)
set -u

bin=$1
src=${AIX_SOURCE_ROOT:?}
shipped=$src/catalogue
tmp=$(mktemp -d)
. "$(dirname "$0")/lib.sh"

# The session the lib's screen, keys and waits work on: on NAME.
target=e2e
on() { target=$1; }
screen() { tmuxc capture-pane -p -t "$target" 2>/dev/null; }
keys() { tmuxc send-keys -t "$target" "$@"; }
type_text() { tmuxc send-keys -t "$target" -l "$1"; }

db=$tmp/shared.db
browser() { echo "'$bin' --db '$db' --catalogue '$shipped' --lang en; echo EXITED:\$?; sleep 60"; }

# A list of three teas, 5 of each; 银针 first, 翠芽 second, 翠峰 third.
cat >"$tmp/shared.csv" <<'EOF'
product_id,quantity
kehong-yinzhen-125x2,5
kehong-cuiya-250,5
kehong-cuifeng-250x2,5
EOF
if "$bin" --db "$db" --catalogue "$shipped" --lang en import-order "$tmp/shared.csv" \
	--name Shared >/dev/null 2>&1; then pass; else fail "import-order makes the list"; fi

# Browser A in session e2e, browser B in session b, both 80x24, both on the
# list (the one edited last is the current one).
new_server 80 24 "$(browser)"
tmuxc new-session -d -s b -x 80 -y 24 "$(browser)"
for s in e2e b; do
	on $s
	wait_for '185/185 shown' "browser $s starts"
	keys F7
	wait_for 'Purchase list .Shared.' "browser $s shows the list"
	wait_for '紫阳毛尖·银针 .* 5 盒' "browser $s shows 5 of 银针"
done

# + in A, then + in B, which still shows 5 (the cursor of both on 银针): the
# stored 6 becomes 7, not 6.
on e2e
keys Home +
wait_for '紫阳毛尖·银针 .* 6 盒' "A: + makes 6"
on b
keys +
wait_for '紫阳毛尖·银针 .* 7 盒' "B: + adds to the 6 A saved: 7"
wait_for 'changed in another aixingou' "B says the list was changed elsewhere"
on e2e
keys Down
wait_for '紫阳毛尖·银针 .* 7 盒' "A shows B's 7 at its next key"
wait_for 'changed in another aixingou: it shows what is saved now' "A says why"
n=$("$bin" --db "$db" --catalogue "$shipped" --lang en order Shared --format csv 2>/dev/null |
	grep -c 'kehong-yinzhen-125x2,.*,7,')
[ "$n" = 1 ] && pass || fail "the store has 7 of 银针 (order CSV rows: $n)"

# B's cursor on 翠芽; A removes 翠芽; + in B acts on no other line and
# says why.
on b
keys Home Down
on e2e
keys Home Down D
wait_for '紫阳毛尖·翠芽.*removed; u undoes' "A removes 翠芽"
on b
keys +
wait_for 'the line you were on was removed there' "B: + on the line A removed says so"
wait_gone '紫阳毛尖·翠芽 ' "B no longer shows 翠芽"
wait_for '紫阳毛尖·银针 .* 7 盒' "B's + went to no other line"
wait_for '紫阳毛尖·翠峰 .* 5 盒' "B's + went to no other line (翠峰)"

# B opens the quantity form for 翠峰; A removes 翠峰 meanwhile; B's Enter
# says so by name.
on b
keys End E
wait_for 'Quantity' "B: the quantity form for 翠峰"
on e2e
keys End D
wait_for '紫阳毛尖·翠峰.*removed; u undoes' "A removes 翠峰"
on b
keys BSpace 9 Enter
wait_for '“紫阳毛尖·翠峰” is no longer in the list: it was removed in another aixingou' \
	"B: the quantity of a line A removed is said plainly"
if screen | grep -Eq 'with id|id [0-9]'; then fail "B shows an internal id"; else pass; fi
keys Escape
keys F10
on e2e
keys Escape F10
wait_for 'EXITED:0' "A quits"
on b
wait_for 'EXITED:0' "B quits"

# --- marks after a re-import ---------------------------------------------------
# Two 科宏 products and one of another enterprise marked; the catalogue is
# imported again without 科宏: two marks go, and the status line counts them.
cp -r "$shipped" "$tmp/cat"
new_server 80 24 "'$bin' --db '$tmp/marks.db' --catalogue '$tmp/cat' --lang en; echo EXITED:\$?; sleep 60"
on e2e
wait_for '185/185 shown' "the browser on a copy of the catalogue"
keys Home Space Space
keys End Space
wait_for '^\*' "marks are shown"
rm "$tmp/cat/enterprises/01-kehong.yaml"
"$bin" --db "$tmp/marks.db" --catalogue "$tmp/cat" list --format tsv >/dev/null 2>&1
# The browser sees the new import within its poll (no key needed: a key
# would clear the status line it is said on).
wait_for '2 marked products gone, unmarked' "the two marks of products no longer there are dropped and counted"
# The mark that is left still counts: c needs two.
keys c
wait_for 'Mark 2 to 4 products' "compare with one mark left asks for more"
keys F10
wait_for 'EXITED:0' "quits"

# --- a with no list, then n ---------------------------------------------------
# The screen behind the new-list form says "n makes a new list": the n typed
# right after a asks for the form that is open, it is not the list's name.
new_server 80 24 "'$bin' --db '$tmp/fresh.db' --catalogue '$shipped' --lang en; echo EXITED:\$?; sleep 60"
on e2e
wait_for '185/185 shown' "the browser on a fresh database"
keys a n
wait_for 'New purchase list' "a with no list opens the form for a new one"
wait_for 'This is the form for the new list' "n says the form is open"
wait_for 'Name +e\.g\. 2020 Mid-Autumn gifts' "the name field is still empty"
type_text "Gifts"
wait_for 'Name +Gifts' "then letters are the name"
keys Escape
keys F7 n
wait_for 'New purchase list' "F7 with no list opens the form too"
wait_for 'Name +e\.g\. 2020 Mid-Autumn gifts' "the n after F7 is not in the name"
keys Escape Escape F10
wait_for 'EXITED:0' "quits"

finish
