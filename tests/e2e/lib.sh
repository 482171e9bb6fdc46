# Shared by the end-to-end tests: the program in a real terminal (tmux runs
# it, send-keys types, capture-pane reads the screen), pass and fail counts,
# and waits that poll the screen until what a user would see is there (or
# fail after 30 s, long enough for a loaded 2-core machine): no fixed sleeps.
#
# Source it after setting tmp (a scratch folder: it is removed on exit) and,
# when tmux needs a configuration, tmux_conf.

# A server (socket) per session: starting a new one while the last is
# shutting down races.
session=0
sock=$tmp/tmux-0.sock
: "${tmux_conf:=/dev/null}"
export HOME=$tmp/home XDG_DATA_HOME=$tmp/xdg
mkdir -p "$HOME"
unset LANGUAGE LANG LC_MESSAGES
export LC_ALL=C.UTF-8
tmuxc() { tmux -S "$sock" -f "$tmux_conf" "$@"; }
trap 'tmuxc kill-server 2>/dev/null; rm -rf "$tmp"' EXIT

passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() {
	failed=$((failed + 1))
	echo "FAIL: $*" >&2
	echo "--- screen:" >&2
	screen >&2
	echo "---" >&2
}

screen() { tmuxc capture-pane -p -t e2e 2>/dev/null; }
keys() { tmuxc send-keys -t e2e "$@"; }
type_text() { tmuxc send-keys -t e2e -l "$1"; }

# How many times a wait looks, 50 ms apart: 30 s in all. A wait ends as soon
# as the screen is right, so a longer bound costs nothing when all is well.
poll_tries=600

# poll GREP-OPTIONS PATTERN: true once the screen matches, within 30 s.
poll() {
	local i
	for i in $(seq 1 "$poll_tries"); do
		screen | grep -q "$1" -- "$2" && return 0
		sleep 0.05
	done
	return 1
}

# wait_for REGEX [WHAT]: the screen shows REGEX (extended).
wait_for() {
	if poll -E "$1"; then pass; return 0; fi
	fail "${2:-screen shows /$1/}"
	return 1
}

# wait_fixed TEXT [WHAT]: the screen shows TEXT as it is.
wait_fixed() {
	if poll -F "$1"; then pass; return 0; fi
	fail "${2:-screen shows '$1'}"
	return 1
}

# wait_gone REGEX [WHAT]: REGEX is no longer on the screen.
wait_gone() {
	local i
	for i in $(seq 1 "$poll_tries"); do
		if ! screen | grep -Eq -- "$1"; then
			pass
			return 0
		fi
		sleep 0.05
	done
	fail "${2:-screen still shows /$1/}"
	return 1
}

# stays_gone REGEX [WHAT]: REGEX does not come on the screen for 1 s (what a
# key just sent must not bring back).
stays_gone() {
	local i
	for i in $(seq 1 20); do
		if screen | grep -Eq -- "$1"; then
			fail "${2:-screen shows /$1/ again}"
			return 1
		fi
		sleep 0.05
	done
	pass
}

# new_server W H CMD: ends the last tmux server and starts one whose session
# e2e runs the shell command CMD in a W x H window.
new_server() {
	tmuxc kill-server 2>/dev/null
	session=$((session + 1))
	sock=$tmp/tmux-$session.sock
	tmuxc -u new-session -d -s e2e -x "$1" -y "$2" "$3"
}

# finish: the counts; the status says whether every check passed.
finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
