#!/bin/sh
# Install the Debian packages the build and the tests need, once.
#
# Each component lists its packages in scripts/deps/<component>.txt (one
# package per line, '#' starts a comment), so that components can be added
# without touching a shared list. Idempotent: it only calls apt-get when a
# package is missing. As root it installs them; otherwise it prints the exact
# command and exits 3 (environment missing), the project's exit code for that.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
missing=""
# shellcheck disable=SC2020 # blanks and tabs both become newlines
for pkg in $(sed -e 's/#.*//' "$here"/deps/*.txt | tr -s ' \t' '\n\n' | sort -u); do
	status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
	case "$status" in
	*" installed") ;;
	*) missing="$missing $pkg" ;;
	esac
done

if [ -z "$missing" ]; then
	echo "deps: all Debian packages present"
	exit 0
fi

echo "deps: missing:$missing"
if [ "$(id -u)" != 0 ]; then
	echo "deps: not root; run this, then 'make check' again:" >&2
	echo "  sudo apt-get update && sudo apt-get install -y$missing" >&2
	exit 3
fi

export DEBIAN_FRONTEND=noninteractive
# Another apt run (a second checkout's make check, unattended-upgrades) may
# hold the dpkg lock: wait for it rather than fail.
lock="-o DPkg::Lock::Timeout=900"
# shellcheck disable=SC2086 # $lock and the package list are word-split on purpose
apt-get $lock update -q
# shellcheck disable=SC2086
apt-get $lock install -y -q --no-install-recommends $missing
echo "deps: installed:$missing"
