#!/usr/bin/env bash
# Odd terminals and terminal faults: an unknown, an empty and a dumb TERM (a
# clear message, exit 1), the Linux console, non-UTF-8 locales (C, and
# zh_CN.GB18030 both missing and installed), no colours (xterm-mono,
# NO_COLOR), a 20x8 window, a burst of resizes, 200 keys arriving at once,
# and SIGTERM, SIGHUP and SIGINT. In every case the program does not crash
# (no exit status 134 or 139) and leaves the terminal as it found it: the
# normal screen (not the alternate one), the cursor shown, the keypad and
# mouse modes off, the scroll region the whole window. Every wait polls.
#
# Usage: test-terminal.sh PATH/TO/aixingou   (AIX_SOURCE_ROOT set)
set -u

bin=$(realpath "$1")
src=${AIX_SOURCE_ROOT:?}
shipped=$src/catalogue
tmp=$(mktemp -d)
. "$(dirname "$0")/lib.sh"
unset LC_CTYPE NO_COLOR
db=$tmp/e2e.db
localedef_pid=
trap 'tmuxc kill-server 2>/dev/null; [ -n "$localedef_pid" ] && kill "$localedef_pid" 2>/dev/null; rm -rf "$tmp"' EXIT

# A GB18030 locale for the installed case, built while the other cases run
# (about 5 s of CPU); only where the locale sources are there.
if command -v localedef >/dev/null && [ -e /usr/share/i18n/locales/zh_CN ]; then
	mkdir -p "$tmp/locale"
	localedef -i zh_CN -f GB18030 "$tmp/locale/zh_CN.GB18030" >/dev/null 2>&1 &
	localedef_pid=$!
fi

# The database is made once, outside the terminal.
"$bin" --db "$db" --catalogue "$shipped" list --format tsv >"$tmp/all.tsv" 2>/dev/null ||
	{ echo "cannot list the shipped catalogue" >&2; exit 1; }
nproducts=$(($(wc -l <"$tmp/all.tsv") - 1))

# start W H ENV...: the browser in a new W x H session. The shell prints
# BEFORE first, so that the normal screen has something to come back to, and
# EXITED:<status> when the browser ends.
start() {
	local w=$1 h=$2
	shift 2
	new_server "$w" "$h" \
		"echo BEFORE; env $* '$bin' --db '$db' --catalogue '$shipped'; echo EXITED:\$?; sleep 60"
}

# The pid of the browser: the child of the pane's shell.
browser_pid() { ps -o pid= --ppid "$(tmuxc display -p -t e2e '#{pane_pid}')" | tr -d ' ' | head -n 1; }

# ended WHAT [STATUS [SCREEN]]: the browser has ended (with STATUS when given
# and not empty, and never by a crash) and the terminal is restored. SCREEN
# says what the shell's screen shows then: "shell" (the default) the line the
# shell wrote before; "blank" none of the browser's screen (a terminal
# without an alternate screen); "any" not checked.
ended() {
	local what=$1 want=${2:-} after=${3:-shell} status state rows
	wait_for '^EXITED:[0-9]+' "$what: the browser ends" || return 1
	status=$(screen | sed -n 's/^EXITED:\([0-9]*\).*/\1/p' | head -n 1)
	case $status in
	13[2-69]) fail "$what: the browser crashed (exit status $status)" ;;
	*) pass ;;
	esac
	if [ -n "$want" ]; then
		[ "$status" = "$want" ] && pass || fail "$what: exit status $status, expected $want"
	fi
	echo "$what: exit status $status" >>"$tmp/report"
	rows=$(tmuxc display -p -t e2e '#{pane_height}')
	state=$(tmuxc display -p -t e2e 'alt=#{alternate_on} cursor=#{cursor_flag} keypad=#{keypad_flag}#{keypad_cursor_flag} mouse=#{mouse_any_flag}#{mouse_button_flag}#{mouse_standard_flag}#{mouse_all_flag}#{mouse_sgr_flag} region=#{scroll_region_upper}-#{scroll_region_lower}')
	[ "$state" = "alt=0 cursor=1 keypad=00 mouse=00000 region=0-$((rows - 1))" ] && pass ||
		fail "$what: the terminal is not restored: $state"
	case $after in
	shell) screen | grep -q '^BEFORE$' && pass || fail "$what: the shell's screen is not shown again" ;;
	blank) screen | grep -Eq '1Help|Details|shown' && fail "$what: the browser's screen is left behind" || pass ;;
	esac
}

# ---- TERM that cannot work: a message, exit 1, the terminal untouched -----------
for term in nonexistent "" dumb; do
	start 80 24 "TERM=$term"
	wait_for "cannot use the terminal type '$term'" "TERM='$term': a clear message"
	ended "TERM='$term'" 1
done

# ---- the Linux console: no hanzi there, ASCII frames ------------------------------
# The program still writes its text as UTF-8 (tmux shows the hanzi; the real
# console shows them as blanks or boxes), but draws frames with + - | only.
# There ncurses' mousemask asks libgpm (loaded on the fly) for the mouse,
# which leaks 10 bytes that are neither ours nor freeable: the sanitizer
# build's leak check is told so, for this case only (with the slow unwinder,
# whose stacks reach through the library loaded on the fly).
printf 'leak:mousemask_sp\n' >"$tmp/lsan.supp"
start 80 24 TERM=linux "LSAN_OPTIONS=${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$tmp/lsan.supp" \
	"ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0"
wait_for "$nproducts/$nproducts shown" "TERM=linux: the browser draws"
wait_for '^\+- Details -+' "TERM=linux: the detail frame is ASCII"
screen | grep -q '[┌─│└]' && fail "TERM=linux: line characters are used" || pass
keys F10
# The console has no alternate screen: the browser blanks its screen.
ended "TERM=linux" 0 blank

# ---- locales that are not UTF-8: output is UTF-8 all the same --------------------
start 80 24 LC_ALL=C
wait_for "$nproducts/$nproducts shown" "LC_ALL=C: the browser draws"
wait_for '紫阳' "LC_ALL=C: hanzi are drawn"
wait_for '┌─ Details ─' "LC_ALL=C: frames use line characters"
keys F10
ended "LC_ALL=C" 0

# zh_CN.GB18030 asked for but not installed: Chinese messages, UTF-8 output.
# (Installed, it is tried at the end, once localedef has built it.)
start 80 24 LC_ALL= "LANG=zh_CN.GB18030" LOCPATH=/nonexistent
wait_for "显示 $nproducts/$nproducts" "LANG=zh_CN.GB18030 (missing): the browser speaks Chinese"
wait_for '┌─ 详细信息 ─|┌─ .* ─' "LANG=zh_CN.GB18030 (missing): frames are drawn"
keys F10
ended "LANG=zh_CN.GB18030 (missing)" 0

# ---- no colours ----------------------------------------------------------------------
# colours_used: the SGR colour parameters on the screen (39 and 49, the
# default colours, do not count).
colours_used() {
	tmuxc capture-pane -p -e -t e2e | grep -o $'\033\\[[0-9;]*m' |
		tr -d '\033[m' | tr ';' '\n' | grep -Ex '3[0-8]|4[0-8]|9[0-7]|10[0-7]' | sort -u | tr '\n' ' '
}
for env in TERM=xterm-mono NO_COLOR=1; do
	start 80 24 "$env"
	wait_for "$nproducts/$nproducts shown" "$env: the browser draws"
	used=$(colours_used)
	[ -z "$used" ] && pass || fail "$env: colours are used: $used"
	# The cursor row still stands out: reverse video.
	tmuxc capture-pane -p -e -t e2e | grep -q $'\033\\[[0-9;]*7m' && pass ||
		fail "$env: nothing is in reverse video"
	keys F10
	ended "$env" 0
done
# With colours, the same check sees them (it can fail).
start 80 24
wait_for "$nproducts/$nproducts shown" "colours: the browser draws"
[ -n "$(colours_used)" ] && pass || fail "with colours, the check sees none"
keys F10
ended "colours" 0

# ---- a window too small, then a burst of resizes ---------------------------------
start 20 8
wait_for '^ *Too small: 60×14 *$' "20x8: a short line says the window is too small"
tmuxc resize-window -t e2e -x 12 -y 8
wait_for '^ *60×14 *$' "12x8: the minimum size alone"
tmuxc resize-window -t e2e -x 50 -y 10
wait_for 'Please enlarge the window \(at least [0-9]+×[0-9]+\)' "50x10: the enlarge message"
tmuxc resize-window -t e2e -x 80 -y 24
wait_for "$nproducts/$nproducts shown" "80x24 after too small: the browser draws"

# The reference: the first screen of a browser started at 120x40.
start 120 40
wait_for "$nproducts/$nproducts shown" "120x40: the browser draws"
wait_for '^1Help 3Search' "120x40: the key bar"
reference=$(screen)
keys F10
ended "120x40" 0

start 80 24
wait_for "$nproducts/$nproducts shown" "resizes: the browser draws"
for _ in $(seq 1 10); do
	tmuxc resize-window -t e2e -x 20 -y 8
	tmuxc resize-window -t e2e -x 120 -y 40
done
same=no
for _ in $(seq 1 "$poll_tries"); do
	if [ "$(screen)" = "$reference" ]; then
		same=yes
		break
	fi
	sleep 0.05
done
[ $same = yes ] && pass || {
	fail "after 20 resizes, the 120x40 screen is not the one of a fresh start"
	diff <(echo "$reference") <(screen) | head -20 >&2
}
keys F10
# tmux 3.2 to 3.3a mix the alternate screen into the normal one when a window
# grown wider than it was leaves the alternate screen (tmux issue 3510), so
# what the shell's screen shows then is tmux's, not ours.
ended "resizes" 0 any

# ---- 200 keys at once -------------------------------------------------------------
start 80 24
wait_for "$nproducts/$nproducts shown" "keys: the browser draws"
# 50 up (at the top: nothing to do), then 150 down, in one call: the cursor on
# product 151. No product is passed through on the way to it, so when the
# pane shows it the burst is over (a slow build draws the products passed).
downs=() ups=()
for _ in $(seq 1 150); do downs+=(j); done
for _ in $(seq 1 50); do ups+=(k); done
keys "${ups[@]}" "${downs[@]}"
name=$(sed -n 152p "$tmp/all.tsv" | cut -f2)
spec=$(sed -n 152p "$tmp/all.tsv" | cut -f6)
wait_fixed "│ $name " "after 200 keys, the detail pane shows product 151 ($name)"
wait_fixed "Spec: $spec " "after 200 keys, the detail pane shows its spec ($spec)"
# The list shows it on a row too (the cursor's row is the one in the pane).
screen | sed '/─ Details ─/,$d' | grep -qF -- "  $name" && pass || fail "the list does not show $name"
# A search typed in the same burst as the keys that open and clear it.
want=$("$bin" --db "$db" --catalogue "$shipped" list --search zymj --format tsv | tail -n +2 | wc -l)
bs=()
for _ in $(seq 1 40); do bs+=(x); done
for _ in $(seq 1 40); do bs+=(BSpace); done
keys F3 z y m j "${bs[@]}"
wait_for "Search: zymj" "the search field after the burst"
wait_for " $want/$nproducts shown" "the count after the burst is the one of zymj ($want)"
# Help opened and closed 50 times: back on the list.
burst=()
for _ in $(seq 1 50); do burst+=(F1 Escape); done
keys Enter "${burst[@]}"
wait_for "^1Help 3Search" "after 100 help keys, the key bar"
wait_for " $want/$nproducts shown" "after 100 help keys, the list is still searched"
keys F10
ended "200 keys" 0

# ---- signals -----------------------------------------------------------------------
for sig in TERM HUP INT; do
	start 80 24
	wait_for "$nproducts/$nproducts shown" "SIG$sig: the browser draws"
	# A screen over the list: the terminal is restored from there too.
	keys F4
	wait_for 'Filter' "SIG$sig: the filter panel is open"
	pid=$(browser_pid)
	if [ -n "$pid" ]; then
		kill "-$sig" "$pid"
		pass
	else
		fail "SIG$sig: the browser's pid is not found"
	fi
	# The status a shell expects of the signal: 128 + its number.
	ended "SIG$sig" "$((128 + $(kill -l "$sig")))"
done
# Ctrl-C typed is SIGINT from the terminal.
start 80 24
wait_for "$nproducts/$nproducts shown" "Ctrl-C: the browser draws"
keys C-c
ended "Ctrl-C" 130

# ---- an installed GB18030 locale (built while the cases above ran) -------------------
if [ -n "$localedef_pid" ] && wait "$localedef_pid" && [ -d "$tmp/locale/zh_CN.GB18030" ]; then
	localedef_pid=
	charmap=$(LOCPATH=$tmp/locale LC_ALL=zh_CN.GB18030 locale charmap 2>/dev/null)
	[ "$charmap" = GB18030 ] && pass || fail "the built locale's charmap is '$charmap'"
	start 80 24 "LOCPATH=$tmp/locale" LC_ALL=zh_CN.GB18030
	wait_for "显示 $nproducts/$nproducts" "LC_ALL=zh_CN.GB18030 (installed): the browser speaks Chinese"
	wait_for '紫阳' "LC_ALL=zh_CN.GB18030 (installed): hanzi are drawn as UTF-8"
	keys F4
	wait_for '筛选' "LC_ALL=zh_CN.GB18030 (installed): the filter panel opens"
	keys Escape F10
	ended "LC_ALL=zh_CN.GB18030 (installed)" 0
else
	localedef_pid=
	echo "no GB18030 locale could be built: the installed case is not tried" >&2
fi

cat "$tmp/report"
finish
