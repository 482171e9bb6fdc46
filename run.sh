#!/usr/bin/env bash
# Sets everything up on a fresh Debian 12 machine and opens aixingou on the
# shipped catalogue. Arguments go to aixingou, e.g. ./run.sh list --search zyfxc
set -euo pipefail
cd "$(dirname "$0")"
. tools/setup.sh
aix_ensure_packages
aix_ensure_build build
exec build/src/aixingou "$@"
