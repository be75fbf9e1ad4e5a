#!/bin/sh
# SPDX-License-Identifier: MIT
#
# The guest image builder: a Debian system made by mmdebstrap from Debian's
# own packages, as one ext4 file a QEMU guest boots from, plus its kernel
# and initramfs beside it (for a direct -kernel boot). One builder for every
# test that needs a real systemd guest (vfctl setup, packaging, the lab).
#
#   build-image.sh --suite SUITE --packages FILE --out DIR [--overlay DIR]
#                  [--size MIB]
#
#   --suite     Debian suite (bookworm); the mirror is the one this machine's
#               apt uses for it, so the build reaches only Debian's registry
#   --packages  a list of packages, one or more a line, '#' comments
#   --overlay   a tree copied over the root after the packages are installed
#               (units, fstab, test hooks); part of the cache key
#   --out       where the image goes: DIR/rootfs.ext4, DIR/vmlinuz,
#               DIR/initrd.img, DIR/build.log, DIR/key
#   --size      image size in MiB (default 2048; the file is sparse)
#
# Cached: when DIR/key holds the hash of this script, the suite, the list
# and the overlay, nothing is done. The root fs has the label "root", no
# partition table, and /etc/fstab mounts it from /dev/vda.
#
# Exit codes: 0 built or cached, 1 build failed (see DIR/build.log), 2 usage,
# 3 mmdebstrap or mke2fs missing, or not root (mmdebstrap's root mode keeps
# owners exact).
set -eu

suite="" pkgs="" out="" overlay="" size=2048
while [ $# -gt 0 ]; do
	case "$1" in
	--suite) suite=$2; shift 2 ;;
	--packages) pkgs=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--overlay) overlay=$2; shift 2 ;;
	--size) size=$2; shift 2 ;;
	*) echo "build-image: unknown argument '$1'" >&2; exit 2 ;;
	esac
done
if [ -z "$suite" ] || [ -z "$pkgs" ] || [ -z "$out" ] || [ ! -f "$pkgs" ]; then
	echo "usage: build-image.sh --suite SUITE --packages FILE --out DIR [--overlay DIR]" >&2
	exit 2
fi
for t in mmdebstrap mke2fs sha256sum; do
	command -v "$t" >/dev/null || { echo "build-image: $t missing (scripts/deps/setup.txt)" >&2; exit 3; }
done
if [ "$(id -u)" != 0 ]; then
	echo "build-image: needs root (mmdebstrap --mode=root)" >&2
	exit 3
fi

list=$(sed -e 's/#.*//' "$pkgs" | tr -s ' \t' '\n\n' | sed '/^$/d' | sort -u | paste -sd, -)
key=$( {
	cat "$0"
	echo "$suite $list $size"
	if [ -n "$overlay" ]; then
		(cd "$overlay" && find . -print | LC_ALL=C sort | while read -r f; do
			echo "$f $(stat -c %a "$f")"
			[ -f "$f" ] && cat "$f"
			[ -L "$f" ] && readlink "$f"
		done)
	fi
} | sha256sum | cut -d' ' -f1)
if [ -f "$out/key" ] && [ "$(cat "$out/key")" = "$key" ] && [ -f "$out/rootfs.ext4" ]; then
	echo "image: cached $out/rootfs.ext4"
	exit 0
fi

# The mirror: the URI this machine's apt fetches SUITE's main from (one-line
# or deb822 sources); Debian's own if none names the suite.
mirror=$(for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
	[ -f "$f" ] && cat "$f"
done | awk -v s="$suite" '
	/^deb / { for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i !~ /\]$/) { if ($(i + 1) == s) { print $i; exit } break } }
	tolower($1) == "uris:" { u = $2 }
	tolower($1) == "suites:" { for (i = 2; i <= NF; i++) if ($i == s && u != "") { print u; exit } }')
[ -n "$mirror" ] || mirror=http://deb.debian.org/debian

rm -rf "$out"
mkdir -p "$out"
# The root tree is made outside the output directory: while mmdebstrap runs,
# the chroot has /proc and /sys mounted, and nothing that walks out/ (make's
# dependency files, rm -rf) may ever step into them.
tree=$(mktemp -d)
trap 'grep -q " $tree/" /proc/mounts || rm -rf "$tree"' EXIT
log="$out/build.log"
echo "image: mmdebstrap $suite from $mirror ($list)"
set -- --mode=root --variant=apt --include="$list" \
	--aptopt='Acquire::Retries "3"' \
	--customize-hook='echo "/dev/vda / ext4 errors=remount-ro 0 1" > "$1/etc/fstab"' \
	--customize-hook='echo guest > "$1/etc/hostname"' \
	--customize-hook='chroot "$1" passwd -d root'
[ -n "$overlay" ] && set -- "$@" --customize-hook="sync-in $overlay /"
if ! mmdebstrap "$@" "$suite" "$tree" "$mirror" >"$log" 2>&1; then
	echo "image: mmdebstrap failed; the last lines of $log:" >&2
	tail -n 20 "$log" >&2
	exit 1
fi
cp "$tree"/boot/vmlinuz-* "$out/vmlinuz"
cp "$tree"/boot/initrd.img-* "$out/initrd.img"
rm -f "$tree"/var/cache/apt/archives/*.deb
if ! mke2fs -q -t ext4 -L root -d "$tree" "$out/rootfs.ext4" "${size}M" >>"$log" 2>&1; then
	echo "image: mke2fs failed (see $log)" >&2
	exit 1
fi
echo "$key" >"$out/key"
echo "image: built $out/rootfs.ext4"
