#!/bin/sh
# SPDX-License-Identifier: MIT
#
# One layer of a Debian root as a tarball, made by mmdebstrap (root mode,
# variant apt) from Debian's own packages: either a new root, or an earlier
# layer's root with more packages. build-image.sh calls it, keys and caches
# what it makes; this file's text is part of every layer's key.
#
#   root-layer.sh SUITE PACKAGES PARENT.tar|- OUT.tar
#
# PACKAGES is comma-separated. On a PARENT, a setup hook unpacks it before
# apt runs: apt then finds the parent's packages installed, so it fetches
# and installs only what PACKAGES add, resolved against the parent's
# versions (one download of what both layers share, and one package set).
#
# The mirror is the URI this machine's apt fetches SUITE's main from
# (one-line or deb822 sources), Debian's own if none names the suite: the
# build reaches only Debian's registry.
#
# Writes OUT.tar only when mmdebstrap succeeds (its output goes to stdout).
# Exit 0 built, 1 mmdebstrap failed, 2 usage.
set -eu
[ $# = 4 ] || { echo "usage: root-layer.sh SUITE PACKAGES PARENT.tar|- OUT.tar" >&2; exit 2; }
suite=$1 pkgs=$2 parent=$3 out=$4

mirror=$(for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
	[ -f "$f" ] && cat "$f"
done | awk -v s="$suite" '
	/^deb / { for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i !~ /\]$/) { if ($(i + 1) == s) { print $i; exit } break } }
	tolower($1) == "uris:" { u = $2 }
	tolower($1) == "suites:" { for (i = 2; i <= NF; i++) if ($i == s && u != "") { print u; exit } }')
[ -n "$mirror" ] || mirror=http://deb.debian.org/debian

# dpkg without an fsync per file halves the install here (a root that fails
# half-way is thrown away anyway); the setting leaves with the build, so
# the root's dpkg is Debian's.
# shellcheck disable=SC2016 # "$1" is the hook's own argument, expanded by mmdebstrap
set -- --mode=root --variant=apt --include="$pkgs" --aptopt='Acquire::Retries "3"' \
	--dpkgopt=force-unsafe-io --customize-hook='rm "$1/etc/dpkg/dpkg.cfg.d/99mmdebstrap"'
# The parent goes in by a plain setup hook (tar run outside the root, as
# root mode runs setup hooks), not by mmdebstrap's tar-in: tar-in relays
# the tarball in 4 KiB messages over a socket, and on a parent that the
# same build had just made it died of SIGPIPE with no word from tar (seen
# on CI and reproduced here, while the same tarball unpacked by tar alone
# was whole). A plain tar says what went wrong, and is faster.
if [ "$parent" != - ]; then
	export ROOT_LAYER_PARENT="$parent"
	# shellcheck disable=SC2016 # expanded by the hook's shell
	set -- "$@" --setup-hook='tar -C "$1" --numeric-owner --xattrs --xattrs-include="*" -xf "$ROOT_LAYER_PARENT"'
fi
# mmdebstrap picks the format from the name: keep .tar at its end.
partial="${out%.tar}.partial.tar"
rm -f "$partial"
on=""
[ "$parent" = - ] || on=" onto $(basename "$parent")"
echo "root-layer: mmdebstrap $suite from $mirror$on: $pkgs"
if ! mmdebstrap "$@" "$suite" "$partial" "$mirror"; then
	rm -f "$partial"
	exit 1
fi
mv "$partial" "$out"
