#!/bin/sh
# SPDX-License-Identifier: MIT
# Every file vfctl writes, against planted symlinks: gop extract -o, gop
# rom -o, vm xml -o, vm guest-files -d, vfs persist. For each command:
#   - a symlink at the target (to a "victim" file) is refused: the command
#     fails, the victim and the link are untouched;
#   - symlinks planted in the target's directory (at the names a temporary
#     file could take, and a dangling one) are never followed: the command
#     succeeds, the victim is untouched, the target is a regular file with
#     mode 0644 even under umask 077 (the mode is explicit), and no
#     temporary file is left.
# And for vfs persist, a directory on the way under --root that is a link.
#
# usage: test_write_symlink.sh VFCTL OVMF_CODE RESULTS_DIR
# Writes RESULTS_DIR/write-symlink.counts ("passed failed").
set -u
vfctl=$1
ovmf=$2
results=$3
. tests/unit/cli_check.sh

model="--name w11 --vf 0000:00:02.1 --romfile /var/lib/libvirt/vbios/IntelGopDriver.efi --resolution 2560x1440@120"

# writes NAME TARGET COMMAND...: the two cases above for one writing command
writes() {
	wn=$1 target=$2
	shift 2
	dir=$(dirname "$target")
	victim=$tmp/victim-$wn
	echo "victim of $wn" >"$victim"
	rm -f "$target"
	ln -s "$victim" "$target"
	expect "$wn: a symlink at the target is refused" 1 "$@"
	check "$wn: the victim is untouched" grep -qx "victim of $wn" "$victim"
	check "$wn: the link is untouched" test "$(readlink "$target")" = "$victim"
	check "$wn: the refusal names the file" grep -q "$(basename "$target")" "$tmp/err"
	rm -f "$target"
	for t in "$target.tmp" "$target.tmpXXXXXX" "$target~" "$dir/.$(basename "$target").swp"; do
		ln -sf "$victim" "$t"
	done
	ln -sf "$tmp/nowhere/dangling" "$target.new"
	(umask 077 && "$@") >"$tmp/out" 2>"$tmp/err"
	check "$wn: written with symlinks planted in its directory" test $? = 0
	check "$wn: the victim is untouched" grep -qx "victim of $wn" "$victim"
	check "$wn: the target is a regular file" sh -c "test -f '$target' && ! test -L '$target'"
	check "$wn: mode 0644 under umask 077" test "$(stat -c %a "$target")" = 644
	check "$wn: no temporary file left" \
		sh -c "! ls -A '$dir' | grep -v -e '\.tmp\$' -e '\.tmpXXXXXX\$' | grep -q '\.tmp'"
}

mkdir -p "$tmp/gop" "$tmp/vm" "$tmp/files"
writes gop-extract "$tmp/gop/q.efi" \
	"$vfctl" gop extract "$ovmf" --match "QEMU Video Driver" -o "$tmp/gop/q.efi"
cp "$tmp/gop/q.efi" "$tmp/in.efi"
writes gop-rom "$tmp/gop/q.rom" \
	"$vfctl" gop rom "$tmp/in.efi" -o "$tmp/gop/q.rom" --vendor 0x8086 --device 0xa7a0
# shellcheck disable=SC2086 # model is a list of options
writes vm-xml "$tmp/vm/w11.xml" "$vfctl" vm xml $model -o "$tmp/vm/w11.xml"
# shellcheck disable=SC2086
writes vm-guest-files "$tmp/files/option.txt" \
	"$vfctl" vm guest-files $model --resolution 1920x1080 -d "$tmp/files"
root=$tmp/root
cp -r tests/fixtures/host/base "$root"
mkdir -p "$root/etc/tmpfiles.d"
writes vfs-persist "$root/etc/tmpfiles.d/i915-sriov-numvfs.conf" \
	"$vfctl" vfs persist 4 --root "$root"
check "vfs persist: the file says 4" grep -q "sriov_numvfs - - - - 4" \
	"$root/etc/tmpfiles.d/i915-sriov-numvfs.conf"
# a directory on the way planted as a link (to a directory outside the root)
rm -r "$root/etc/tmpfiles.d"
mkdir -p "$tmp/outside"
ln -s "$tmp/outside" "$root/etc/tmpfiles.d"
expect "vfs persist: a symlinked /etc/tmpfiles.d is refused" 1 "$vfctl" vfs persist 4 --root "$root"
check "vfs persist: nothing written through it" sh -c "! ls -A '$tmp/outside' | grep -q ."
check "vfs persist: the refusal says symlink" grep -q "symlink" "$tmp/err"

cli_finish write-symlink "$results"
