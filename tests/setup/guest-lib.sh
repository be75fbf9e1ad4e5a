# SPDX-License-Identifier: MIT
# shellcheck shell=sh disable=SC2154 # run and qemu are set by the caller
#
# What the tests that boot the Debian guest of tests/setup share (sourced
# by reboot-test.sh and udev-boot-test.sh): the guest's disk and share,
# one boot of it, and its checks counted. The caller sets here (this
# directory), qemu, run (the work directory of this run), passed and
# failed, and defines bad().
#
# The share (mounted in the guest at /run/vfctlhost) holds vfctl with the
# host's libraries (guest and host are both bookworm), the stage script
# the guest runs at each boot (overlay's vfctl-stage.service) with what
# stage scripts share (stage-lib.sh), and the stage number; the guest
# writes result-N.txt there, one "CHECK <stage> <name> ok|fail <detail>"
# line a check.

# guest_prepare IMAGE VFCTL STAGE_SCRIPT
guest_prepare() {
	rm -rf "$run"
	mkdir -p "$run/share/lib"
	cp --sparse=always "$1/rootfs.ext4" "$run/disk.ext4"
	cp "$2" "$run/share/vfctl"
	ldd "$2" | awk '/=> \// { print $3 } /^\t\// { print $1 }' | while read -r lib; do
		cp -L "$lib" "$run/share/lib/"
	done
	cp "$3" "$run/share/stage.sh"
	cp "$here/stage-lib.sh" "$run/share/stage-lib.sh"
}

disk() { debugfs -R "$1" "$run/disk.ext4" 2>/dev/null; }

# One boot of the guest with the kernel and the initramfs the guest itself
# last regenerated, on the command line ARGS (plus the console's). A boot
# that hangs before its stage starts (TCG on a loaded host can starve the
# guest's timer) is tried once more, with the console of the first try
# kept as console-N.try1.log. Its checks are counted.
guest_boot() { # STAGE ARGS
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
