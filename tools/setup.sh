# Shared by run.sh and test.sh: install what is missing, then build.
# Sourced, not run. Idempotent: a second run installs nothing and rebuilds
# only what changed.

# System packages the build and the tests need (Debian 12 names).
AIX_PACKAGES=(gcc libc6-dev meson ninja-build pkg-config libncurses-dev libsqlite3-dev libyaml-dev
	gettext clang-format tmux procps valgrind perl
	unicode-data opencc rime-data-pinyin-simp)

aix_as_root() {
	if [ "$(id -u)" -eq 0 ]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		echo "aixingou: need root to run: $*" >&2
		echo "aixingou: install sudo, or run this as root once" >&2
		return 1
	fi
}

# Installs the packages of AIX_PACKAGES (plus any given) that are missing.
aix_ensure_packages() {
	local missing=() p
	for p in "${AIX_PACKAGES[@]}" "$@"; do
		if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
			missing+=("$p")
		fi
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	echo "aixingou: installing ${missing[*]}" >&2
	aix_as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	aix_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		"${missing[@]}" >&2
}

# Configures (once) and builds the build folder $1 with the meson options
# that follow (default: warnings as errors).
aix_ensure_build() {
	local dir=$1
	shift
	[ $# -gt 0 ] || set -- --werror
	if [ ! -f "$dir/build.ninja" ]; then
		meson setup "$dir" "$@" >&2
	fi
	ninja -C "$dir" >&2
}
