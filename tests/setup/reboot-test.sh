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
rm -rf "$run"
mkdir -p "$run/share/lib"
cp --sparse=always "$image/rootfs.ext4" "$run/disk.ext4"
# vfctl with its libraries and the host's loader: guest and host are both bookworm
cp "$vfctl" "$run/share/vfctl"
ldd "$vfctl" | awk '/=> \// { print $3 } /^\t\// { print $1 }' | while read -r lib; do
	cp -L "$lib" "$run/share/lib/"
done
cp "$here/guest-stage.sh" "$run/share/stage.sh"

disk() { debugfs -R "$1" "$run/disk.ext4" 2>/dev/null; }

# The kernel command line of the first menu entry of the guest's grub.cfg.
grub_args() {
	disk "cat /boot/grub/grub.cfg" | awk '$1 == "linux" { $1 = ""; $2 = ""; sub(/^ +/, ""); print; exit }'
}

# One boot of the guest. A boot that hangs before its stage starts (TCG on a
# loaded host can starve the guest's timer) is tried once more, with the
# console of the first try kept as console-N.try1.log.
boot() { # STAGE ARGS
	stage=$1 args=$2
	echo "$stage" >"$run/share/stage"
	kver=$(disk "ls -p /boot" | tr '/' '\n' | sed -n 's/^vmlinuz-//p' | sort -V | tail -n 1)
	disk "dump /boot/vmlinuz-$kver $run/vmlinuz" >/dev/null
	disk "dump /boot/initrd.img-$kver $run/initrd.img" >/dev/null
	for try in 1 2; do
		echo "# boot $stage: $kver $args"
		timeout "${BOOT_TIMEOUT:-420}" "$qemu" -machine q35,accel=tcg -cpu max -smp 1 -m 1536 \
			-display none -no-reboot -monitor none \
			-serial "file:$run/console-$stage.log" \
			-kernel "$run/vmlinuz" -initrd "$run/initrd.img" \
			-append "$args console=ttyS0 systemd.show_status=1 panic=-1" \
			-device intel-iommu,intremap=off \
			-device pcie-root-port,id=rp1,bus=pcie.0,chassis=1,slot=1 \
			-device igb,bus=rp1 \
			-drive "file=$run/disk.ext4,format=raw,if=virtio" \
			-virtfs "local,path=$run/share,mount_tag=vfctlhost,security_model=none,id=host" \
			-nic none 2>"$run/qemu-$stage.log"
		[ -e "$run/share/result-$stage.txt" ] && break
		[ "$try" = 1 ] && mv "$run/console-$stage.log" "$run/console-$stage.try1.log" &&
			echo "# boot $stage hung before its stage; once more (console-$stage.try1.log)"
	done
	if ! grep -q "STAGE $stage DONE" "$run/share/result-$stage.txt" 2>/dev/null; then
		bad "boot $stage did not finish its stage (console: $run/console-$stage.log)"
		return 1
	fi
	while read -r tag st name r detail; do
		[ "$tag" = CHECK ] || continue
		if [ "$r" = ok ]; then
			passed=$((passed + 1))
			echo "ok   boot$st $name: $detail"
		else
			failed=$((failed + 1))
			echo "FAIL boot$st $name: $detail (log: $run/share/log-$st.txt)"
		fi
	done <"$run/share/result-$stage.txt"
	return 0
}

start=$(date +%s)
boot 1 "root=/dev/vda ro quiet" || finish
args=$(grub_args)
case " $args " in
*" intel_iommu=on iommu=pt "*) passed=$((passed + 1)); echo "ok   grub.cfg regenerated with the new command line: $args" ;;
*) bad "the regenerated grub.cfg lacks intel_iommu=on iommu=pt: $args" ;;
esac
boot 2 "$args" || finish
args=$(grub_args)
case " $args " in
*" intel_iommu=on "*) bad "grub.cfg still has intel_iommu=on after undo: $args" ;;
*) passed=$((passed + 1)); echo "ok   grub.cfg regenerated without it after undo: $args" ;;
esac
boot 3 "$args" || finish
echo "# three boots in $(($(date +%s) - start)) s"
[ "$failed" = 0 ] && rm -f "$run/disk.ext4"
finish
