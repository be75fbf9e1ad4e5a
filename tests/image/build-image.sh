#!/bin/sh
# SPDX-License-Identifier: MIT
#
# The Debian root builder, one for every test that needs a real Debian
# system made by mmdebstrap from Debian's own packages: the root is built
# in layers (root-layer.sh), each cached, and handed out as
#   - a guest image: one ext4 file a QEMU guest boots from, plus its kernel
#     and initramfs beside it for a direct -kernel boot (vfctl setup across
#     reboots, the lab);
#   - a directory: a fresh copy of the root to chroot into (the packages'
#     install, DKMS build and purge).
#
#   build-image.sh --suite SUITE --packages FILE [--packages FILE]...
#                  [--out DIR] [--root DIR] [--overlay DIR] [--size MIB]
#                  [--roots DIR]
#
#   --suite     Debian suite (bookworm); the mirror is the one this machine's
#               apt uses for it, so the build reaches only Debian's registry
#   --packages  a list of packages, one or more a line, '#' comments. Each
#               further list is a layer over the root of the lists before
#               it: callers whose lists begin alike share those layers, so
#               a machine runs mmdebstrap for them once
#   --out       where the image goes: DIR/rootfs.ext4, DIR/vmlinuz,
#               DIR/initrd.img, DIR/build.log, DIR/key
#   --root      DIR becomes a fresh copy of the root, with the overlay but
#               without the image's own settings (fstab, hostname, root's
#               password)
#   --overlay   a tree copied over the root after the packages are installed
#               (units, fstab, test hooks); part of the image's cache key
#   --size      image size in MiB (default 2048; the file is sparse)
#   --roots     where the layers are cached, as root-KEY.tar with the
#               mmdebstrap log root-KEY.log (default: roots/ beside --out's
#               DIR); callers that share layers name the same
# At least one of --out and --root.
#
# Cached: a layer is keyed by root-layer.sh, the suite, the layers under it
# and its list; the image by this script, its root's key, the size and the
# overlay: when DIR/key holds that, nothing is done. The root fs has the
# label "root", no partition table, and /etc/fstab mounts it from /dev/vda;
# the hostname is "guest" and root has no password. A layer no build has
# used for a day is removed.
#
# Exit codes: 0 built or cached, 1 build failed (the log is named), 2 usage,
# 3 mmdebstrap, mke2fs or flock missing, or not root (mmdebstrap's root mode
# keeps owners exact).
set -eu
here=$(cd "$(dirname "$0")" && pwd)

usage() {
	echo "usage: build-image.sh --suite SUITE --packages FILE... {--out DIR | --root DIR}" \
		"[--overlay DIR] [--size MIB] [--roots DIR]" >&2
	exit 2
}
nl='
'
suite="" lists="" out="" root="" overlay="" size=2048 roots=""
while [ $# -gt 0 ]; do
	[ $# -ge 2 ] || usage
	case "$1" in
	--suite) suite=$2 ;;
	--packages) [ -f "$2" ] || usage; lists="$lists$2$nl" ;;
	--out) out=$2 ;;
	--root) root=$2 ;;
	--overlay) overlay=$2 ;;
	--size) size=$2 ;;
	--roots) roots=$2 ;;
	*) echo "build-image: unknown argument '$1'" >&2; usage ;;
	esac
	shift 2
done
if [ -z "$suite" ] || [ -z "$lists" ] || { [ -z "$out" ] && [ -z "$root" ]; }; then
	usage
fi
[ -n "$roots" ] || [ -z "$out" ] || roots="$(dirname "$out")/roots"
[ -n "$roots" ] || usage
need="mmdebstrap sha256sum flock"
[ -z "$out" ] || need="$need mke2fs"
for t in $need; do
	command -v "$t" >/dev/null || { echo "build-image: $t missing (scripts/deps/setup.txt)" >&2; exit 3; }
done
if [ "$(id -u)" != 0 ]; then
	echo "build-image: needs root (mmdebstrap --mode=root)" >&2
	exit 3
fi

# A list as mmdebstrap's --include wants it: sorted, comma-separated.
include() {
	# shellcheck disable=SC2020 # blanks and tabs both become newlines
	sed -e 's/#.*//' "$1" | tr -s ' \t' '\n\n' | sed '/^$/d' | sort -u | paste -sd, -
}
# The layers, bottom first, one "KEY PACKAGES" line each.
key=-
layers=$(printf '%s' "$lists" | while IFS= read -r f; do
	pkgs=$(include "$f")
	key=$( { cat "$here/root-layer.sh"; echo "$suite $key $pkgs"; } | sha256sum | cut -c1-16)
	echo "$key $pkgs"
done)
top=$(echo "$layers" | tail -n 1 | cut -d' ' -f1)

image_key=$( {
	cat "$0"
	echo "$top $size"
	if [ -n "$overlay" ]; then
		(cd "$overlay" && find . -print | LC_ALL=C sort | while read -r f; do
			echo "$f $(stat -c %a "$f")"
			[ -f "$f" ] && cat "$f"
			[ -L "$f" ] && readlink "$f"
		done)
	fi
} | sha256sum | cut -d' ' -f1)
want_image=""
if [ -n "$out" ]; then
	if [ -f "$out/key" ] && [ "$(cat "$out/key")" = "$image_key" ] && [ -f "$out/rootfs.ext4" ]; then
		echo "image: cached $out/rootfs.ext4"
	else
		want_image=1
		rm -rf "$out"
		mkdir -p "$out"
	fi
fi
[ -n "$want_image" ] || [ -n "$root" ] || exit 0

# Make the layers that are not cached; one build at a time per cache, so
# that two callers that share a layer make it once.
mkdir -p "$roots"
roots=$(cd "$roots" && pwd)
exec 9>"$roots/.lock"
flock 9
parent=-
while read -r key pkgs; do
	tarball="$roots/root-$key.tar"
	if [ ! -s "$tarball" ]; then
		echo "image: root layer $key: $pkgs"
		if ! "$here/root-layer.sh" "$suite" "$pkgs" "$parent" "$tarball" >"$roots/root-$key.log" 2>&1; then
			echo "image: mmdebstrap failed; the last lines of $roots/root-$key.log:" >&2
			tail -n 20 "$roots/root-$key.log" >&2
			[ -z "$want_image" ] || cp "$roots/root-$key.log" "$out/build.log"
			exit 1
		fi
	fi
	touch "$tarball" "$roots/root-$key.log"
	parent=$tarball
done <<EOF
$layers
EOF
find "$roots" -maxdepth 1 -name 'root-*' -mtime +0 -delete
exec 9>&-

# A copy of the root, without anything mounted under it.
unpack() { # DIR
	if grep -q " $(realpath -m "$1")/" /proc/mounts; then
		echo "build-image: something is mounted under $1; not replacing it" >&2
		exit 1
	fi
	rm -rf "$1"
	mkdir -p "$1"
	tar -xf "$parent" -C "$1" --numeric-owner --xattrs --xattrs-include='*'
}
# The overlay's files, owned by root whoever owns the checkout.
add_overlay() { # DIR
	[ -z "$overlay" ] || cp -R --preserve=mode,timestamps "$overlay/." "$1/"
}

if [ -n "$root" ]; then
	unpack "$root"
	add_overlay "$root"
	echo "image: root in $root"
fi
[ -n "$want_image" ] || exit 0

# The image's tree is made outside the output directory, so that nothing
# that walks out/ (make's dependency files) steps into a half-made root.
tree=$(mktemp -d)
trap 'grep -q " $tree/" /proc/mounts || rm -rf "$tree"' EXIT
log="$out/build.log"
cat "$roots/root-$top.log" >"$log"
unpack "$tree"
echo "/dev/vda / ext4 errors=remount-ro 0 1" >"$tree/etc/fstab"
echo guest >"$tree/etc/hostname"
chroot "$tree" passwd -d root >>"$log" 2>&1
add_overlay "$tree"
cp "$tree"/boot/vmlinuz-* "$out/vmlinuz"
cp "$tree"/boot/initrd.img-* "$out/initrd.img"
if ! mke2fs -q -t ext4 -L root -d "$tree" "$out/rootfs.ext4" "${size}M" >>"$log" 2>&1; then
	echo "image: mke2fs failed (see $log)" >&2
	exit 1
fi
echo "$image_key" >"$out/key"
echo "image: built $out/rootfs.ext4"
