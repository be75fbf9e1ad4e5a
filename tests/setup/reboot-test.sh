#!/bin/sh
# SPDX-License-Identifier: MIT
#
# vfctl setup across real reboots of a Debian 12 guest (tests/image builds
# it with mmdebstrap from Debian's packages: systemd, udev, sysfsutils,
# GRUB, initramfs-tools, kmod). QEMU (TCG) gives it an igb NIC, an SR-IOV
# PF standing in for the iGPU, behind an emulated VT-d.
#
#   boot 1  update-grub (the baseline an installed system has), record the
#           files, vfctl setup apply, apply again (nothing to do), power off
#   boot 2  the VFs exist from the sysfs.conf vfctl wrote, are bound to
#           vfio-pci, the kernel runs with the command line of the grub.cfg
#           the guest regenerated, i915 has the modprobe.d options; vfctl
#           setup verify; vfctl setup undo; power off
#   boot 3  no VF, the old command line, every file as before boot 1
#
# Each boot starts the kernel and the initramfs the guest itself last
# regenerated, with the command line of its regenerated /boot/grub/grub.cfg
# (read from the disk with debugfs), plus console=ttyS0 and systemd's status
# on it for the console log: a BIOS GRUB boot
# of an unpartitioned image under TCG would test GRUB's own loader, not the
# setup. Console logs and the guest's journal stay in WORK on failure.
#
#   reboot-test.sh VFCTL IMAGE WORK RESULTS
#
# IMAGE is the directory tests/image/build-image.sh builds (or has cached) the
# guest in; WORK holds the disk copy, the share, the consoles and journals.
#
# Writes RESULTS/setup-reboot.counts. Exit 1 on a failed check.
set -u
here=$(cd "$(dirname "$0")" && pwd)
vfctl=$1 image=$2 work=$3 results=$4
qemu=${QEMU:-qemu-system-x86_64}
passed=0 failed=0 skipped=0
mkdir -p "$results" "$work"
rm -f "$results/setup-reboot.skips"

finish() {
	echo "setup-reboot: $passed passed, $failed failed, $skipped skipped"
	echo "$passed $failed $skipped" >"$results/setup-reboot.counts"
	[ "$failed" = 0 ]
	exit $?
}
skip() {
	echo "ok 1 setup_reboot # SKIP $1"
	echo "setup_reboot: $1" >"$results/setup-reboot.skips"
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
guest_prepare "$image" "$vfctl" "$here/guest-stage.sh"

# The kernel command line of the first menu entry of the guest's grub.cfg.
grub_args() {
	disk "cat /boot/grub/grub.cfg" | awk '$1 == "linux" { $1 = ""; $2 = ""; sub(/^ +/, ""); print; exit }'
}

start=$(date +%s)
guest_boot 1 "root=/dev/vda ro quiet" || finish
args=$(grub_args)
case " $args " in
*" intel_iommu=on iommu=pt "*) passed=$((passed + 1)); echo "ok   grub.cfg regenerated with the new command line: $args" ;;
*) bad "the regenerated grub.cfg lacks intel_iommu=on iommu=pt: $args" ;;
esac
guest_boot 2 "$args" || finish
args=$(grub_args)
case " $args " in
*" intel_iommu=on "*) bad "grub.cfg still has intel_iommu=on after undo: $args" ;;
*) passed=$((passed + 1)); echo "ok   grub.cfg regenerated without it after undo: $args" ;;
esac
guest_boot 3 "$args" || finish
echo "# three boots in $(($(date +%s) - start)) s"
[ "$failed" = 0 ] && rm -f "$run/disk.ext4"
finish
