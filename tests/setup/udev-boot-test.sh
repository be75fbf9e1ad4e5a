#!/bin/sh
# SPDX-License-Identifier: MIT
#
# vfctl setup's udev rules across real boots of a Debian 12 guest (the
# image of the reboot test, tests/setup/reboot-test.sh, with sysfsutils
# purged so that vfctl writes udev rules), on QEMU's igb: an SR-IOV PF with
# a real driver, standing in for the iGPU and i915 (--pf-driver igb).
# Whether the VFs are made depends on where the PF's driver binds:
#
#   boot 1  vfctl setup apply (vfs and vfio steps only): its rules, and the
#           initramfs it rebuilt with them (Debian's udev hook copies them);
#           then an initramfs without them, as dracut makes it, igb in it
#   boot 2  igb bound in the initramfs, the rules only in the root: the
#           root's udev sees the PF's coldplug "add" with DRIVER=igb and no
#           "bind"; the VFs exist on vfio-pci. update-initramfs -u (as a
#           kernel update runs it) copies the rules in again
#   boot 3  the initramfs' udev made the VFs; the root's "add" left them (no
#           EBUSY); a retrigger, and another count set by hand, are kept,
#           where a rule without the guard fails with EBUSY; igb taken out
#           of the initramfs
#   boot 4  igb binds in the root: "add" without a driver, then "bind";
#           vfctl setup undo rebuilds the initramfs without the rules
#
# Each check is logged in the guest (tests/setup/udev-stage.sh); the PF's
# events as udev ran them, in the initramfs and in the root, are kept in
# WORK/run/share/events-N.txt.
#
#   udev-boot-test.sh VFCTL IMAGE WORK RESULTS
#
# SETUP_ARGS (default "--pf-driver igb") are the setup's options beyond
# --pf and --skip: empty for a vfctl older than --pf-driver. STAGES (default
# "1 2 3 4") are the boots to run, from the first.
# Writes RESULTS/setup-udev.counts. Exit 1 on a failed check.
set -u
here=$(cd "$(dirname "$0")" && pwd)
vfctl=$1 image=$2 work=$3 results=$4
qemu=${QEMU:-qemu-system-x86_64}
passed=0 failed=0 skipped=0
mkdir -p "$results" "$work"
rm -f "$results/setup-udev.skips"

finish() {
	echo "setup-udev: $passed passed, $failed failed, $skipped skipped"
	echo "$passed $failed $skipped" >"$results/setup-udev.counts"
	[ "$failed" = 0 ]
	exit $?
}
skip() {
	echo "ok 1 setup_udev # SKIP $1"
	echo "setup_udev: $1" >"$results/setup-udev.skips"
	skipped=1
	finish
}
bad() {
	echo "not ok: $1"
	failed=$((failed + 1))
}

"$qemu" -device igb,help 2>/dev/null | grep -q '^igb options' ||
	skip "QEMU has no igb (QEMU >= 8.0: scripts/enable-backports.sh)"
command -v debugfs >/dev/null || skip "debugfs missing (e2fsprogs, scripts/deps/setup.txt)"
[ "$(id -u)" = 0 ] || skip "the image builder needs root (mmdebstrap --mode=root)"
# the reboot test's image, built or cached the same way
"$here/../image/build-image.sh" --suite bookworm --packages "$here/packages.txt" \
	--overlay "$here/overlay" --out "$image"
case $? in
0) ;;
3) skip "the image cannot be built here (see above)" ;;
*) bad "the guest image could not be built ($image/build.log)"; finish ;;
esac

run="$work/run"
# shellcheck source=tests/setup/guest-lib.sh
. "$here/guest-lib.sh"
guest_prepare "$image" "$vfctl" "$here/udev-stage.sh"
echo "${SETUP_ARGS---pf-driver igb}" >"$run/share/setup-args"

start=$(date +%s)
for stage in ${STAGES:-1 2 3 4}; do
	guest_boot "$stage" "root=/dev/vda ro quiet intel_iommu=on iommu=pt" || finish
	[ -e "$run/share/events-$stage.txt" ] && sed "s/^/#   boot$stage event: /" "$run/share/events-$stage.txt"
done
echo "# boots ${STAGES:-1 2 3 4} in $(($(date +%s) - start)) s"
[ "$failed" = 0 ] && rm -f "$run/disk.ext4"
finish
