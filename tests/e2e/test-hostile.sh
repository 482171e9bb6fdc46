#!/usr/bin/env bash
# Hostile text in the browser: a database whose catalogue texts, purchase
# list, list names and order history hold escape sequences (colour, an OSC 2
# window title, an OSC 52 clipboard write, a terminal reset, cursor moves),
# C0 and C1 controls, bidi controls, line separators and invalid UTF-8. In
# every screen that shows them (list, detail pane, compare, enterprises,
# filter, purchase list, order preview, saved lists, order history) they must
# appear as placeholders ("^[", "<U+202E>"), and the terminal must not obey
# them: tmux (with set-clipboard on, so that an OSC 52 would make a buffer)
# keeps its pane title, gets no paste buffer, sees no colour the program did
# not ask for, and the screen keeps its layout. A canary pane first shows that
# tmux does obey these sequences when they reach it raw.
#
# Usage: test-hostile.sh PATH/TO/aixingou   (AIX_SOURCE_ROOT set)
set -u

bin=$(realpath "$1")
src=${AIX_SOURCE_ROOT:?}
tmp=$(mktemp -d)
printf 'set -g set-clipboard on\n' >"$tmp/tmux.conf"
tmux_conf=$tmp/tmux.conf
. "$(dirname "$0")/lib.sh"

# new_session CMD: CMD in a new 100x30 session.
new_session() { new_server 100 30 "$1"; }

# --- the files ------------------------------------------------------------------
h=$tmp/h
sh "$src/tests/data/hostile/make-hostile.sh" "$src" "$h" || exit 1
db=$tmp/e2e.db
run() { "$bin" --db "$db" --catalogue "$h/catalogue" "$@" >/dev/null 2>&1; }
(cd "$h" && run import-order hostile.csv)
if command -v sqlite3 >/dev/null; then
	sqlite3 "$db" <"$h/sql.txt" || fail "the SQL of the hostile database failed"
elif command -v python3 >/dev/null; then
	python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.executescript(open(sys.argv[2], encoding="utf-8", errors="surrogateescape").read()); c.commit()' "$db" "$h/sql.txt"
else
	echo "neither sqlite3 nor python3 to make the hostile database: skipped" >&2
	exit 77
fi

# --- canary: raw, these sequences do reach tmux ------------------------------------
new_session "printf '\\033]2;PWNED\\007\\033]52;c;SGVsbG8=\\007\\033[31mRED\\033[0m\\n'; sleep 60"
for _ in $(seq 1 "$poll_tries"); do
	[ "$(tmuxc display -p -t e2e '#{pane_title}')" = PWNED ] && break
	sleep 0.05
done
[ "$(tmuxc display -p -t e2e '#{pane_title}')" = PWNED ] && pass ||
	fail "canary: tmux did not take the OSC 2 title; the title checks would prove nothing"
[ "$(tmuxc show-buffer 2>/dev/null)" = Hello ] && pass ||
	fail "canary: tmux made no buffer of the OSC 52; the clipboard checks would prove nothing"
tmuxc capture-pane -p -e -t e2e | grep -q $'\033\\[31mRED' && pass ||
	fail "canary: capture-pane -e does not show a red colour"

# --- the checks after every screen -------------------------------------------------
title0=

# sgr_ok COLOUR: every escape in the captured screen is a colour/attribute
# (SGR) sequence of tmux's own, and none sets red text (the program never
# does); with COLOUR=no (NO_COLOR), none sets a colour at all.
sgr_ok() {
	tmuxc capture-pane -p -e -t e2e | perl -e '
		my $mono = $ARGV[0] eq "no";
		local $/;
		my $s = <STDIN>;
		while ($s =~ /\e\[([0-9;]*)m/g) {
			for my $p (split /;/, $1) {
				if ($p eq "31" || $p eq "91") { print "red text (SGR $p)\n"; exit 1; }
				if ($mono && ($p =~ /^(3[0-8]|4[0-8]|9[0-7]|10[0-7])$/)) { print "a colour (SGR $p) without colours\n"; exit 1; }
			}
		}
		$s =~ s/\e\[[0-9;]*m//g;
		if ($s =~ /\e(.{0,8})/s) { print "an escape that is no SGR: ESC $1\n"; exit 1; }
		if ($s =~ /([\x00-\x08\x0B-\x1F\x7F])/) { printf "the control byte 0x%02X\n", ord($1); exit 1; }
		utf8::decode($s) or do { print "invalid UTF-8\n"; exit 1; };
		if ($s =~ /([\x{80}-\x{9F}\x{061C}\x{200E}\x{200F}\x{2028}-\x{202E}\x{2066}-\x{2069}])/) {
			printf "the character U+%04X\n", ord($1); exit 1;
		}' "$1"
}

# terminal_ok WHAT COLOUR: title, paste buffers, escapes and layout.
terminal_ok() {
	local what=$1 why title
	title=$(tmuxc display -p -t e2e '#{pane_title}')
	[ "$title" = "$title0" ] && pass || fail "$what: the pane title changed to '$title'"
	[ -z "$(tmuxc list-buffers 2>/dev/null)" ] && pass || fail "$what: a paste buffer appeared: $(tmuxc list-buffers)"
	if why=$(sgr_ok "$2"); then pass; else fail "$what: $why"; fi
	# Cursor moves, a clear or a reset would break the frame: the header is
	# on the first row, the function-key bar on the last.
	screen | head -n 1 | grep -q 'SAMPLE DATA' && pass || fail "$what: the first row is not the header"
	screen | tail -n 1 | grep -q '^1Help 3Search' && pass || fail "$what: the last row is not the key bar"
}

start_browser() { # COLOUR ENV...
	local colour=$1
	shift
	new_session "env $* '$bin' --db '$db' --catalogue '$h/catalogue'; echo EXITED:\$?; sleep 60"
	wait_fixed '4/4 shown' "the browser starts on the hostile database ($colour colours)"
	title0=$(tmuxc display -p -t e2e '#{pane_title}')
	[ "$title0" != PWNED ] && pass || fail "the title is the canary's"
}

# --- without colours: every screen ---------------------------------------------------
start_browser no NO_COLOR=1
wait_fixed 'H1^[[31m^[]2;PWNED^G^[]52;c;S~' "the list shows the name with placeholders"
wait_fixed '<U+009B>2J<U+202E><U+2066>x<U+2069>' "the detail pane shows C1 and bidi controls as placeholders"
terminal_ok "list and detail pane" no

keys m j m F5
wait_fixed 'Comparing 2 products' "compare opens"
wait_fixed 'About      D^[[31m^[]2;PWNED^G' "compare shows the description with placeholders"
wait_fixed 'Township   T^[[31m' "compare shows the township with placeholders"
terminal_ok "compare" no

keys Escape e
wait_fixed 'Enterprises: 4' "the enterprises open"
wait_fixed 'Registered name: E^[[31m^[]2;PWNED^G' "the enterprises show the name with placeholders"
terminal_ok "enterprises" no

keys Escape F4
wait_fixed 'C^[[31m^[]2;PWNED^G' "the filter lists the categories with placeholders"
terminal_ok "filter: categories" no
keys Down Enter
wait_fixed 'T^[[31m^[]2;PWNED^G' "the filter lists the townships with placeholders"
terminal_ok "filter: townships" no
keys Escape Escape

keys F7
wait_fixed 'Purchase list “hostile”' "the purchase list opens"
wait_fixed 'UN^[[31m^[]2;PWNED^G' "the purchase list shows the union with placeholders"
wait_fixed 'N^[[31m^[]2;PWNED^G' "the purchase list shows the line with placeholders"
terminal_ok "purchase list" no

keys F9
# The order is a Chinese document whatever the interface language.
wait_fixed 'Preview of the printed order' "the order preview opens"
wait_fixed '工会：UN^[[31m^[]2;PWNED^G' "the order preview shows the union with placeholders"
wait_fixed '供货企业：L^[[31m^[]2;PWNED^G' "the order preview shows the supplier with placeholders"
terminal_ok "order preview" no

keys Escape L
wait_fixed 'LN^[[31m^[]2;PWNED^G' "the saved lists show a hostile name with placeholders"
terminal_ok "saved lists" no
keys Home h
wait_fixed 'Orders written from' "the order history opens"
wait_fixed 'F2^[[31m^[]2;PWNED^G' "the order history shows the files with placeholders"
terminal_ok "order history" no
keys Escape Escape Escape

# Typed (or pasted) controls never enter the search field.
keys F3
keys -l $'茶\u202e\u2066\u2028'
keys -l 'x'
wait_fixed 'Search: 茶x' "the search field holds the text without the controls"
terminal_ok "search" no
keys Escape

keys F10
wait_fixed 'EXITED:0' "the browser ends with status 0"
[ "$(tmuxc display -p -t e2e '#{alternate_on}')" = 0 ] && pass || fail "the terminal is still in the alternate screen"
[ "$(tmuxc display -p -t e2e '#{pane_title}')" = "$title0" ] && pass || fail "the pane title changed by the end"
[ -z "$(tmuxc list-buffers 2>/dev/null)" ] && pass || fail "a paste buffer appeared by the end"

# --- with colours: no red text, the title and clipboard untouched -----------------
start_browser yes
wait_fixed 'H1^[[31m^[]2;PWNED^G' "the list shows placeholders in colour"
terminal_ok "list in colour" yes
keys m j m F5
wait_fixed 'Comparing 2 products' "compare opens in colour"
terminal_ok "compare in colour" yes
keys Escape F7
wait_fixed 'N^[[31m^[]2;PWNED^G' "the purchase list in colour"
terminal_ok "purchase list in colour" yes
keys F10
wait_fixed 'EXITED:0' "the browser in colour ends with status 0"

finish
