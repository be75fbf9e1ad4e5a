#!/bin/sh
# $args is the setup's option list, word-split on purpose; the sh -c
# scripts are single-quoted so that the guest expands them.
# shellcheck disable=SC2086,SC2016,SC2012
# SPDX-License-Identifier: MIT
#
# Runs inside the Debian guest of the udev boot test (tests/setup/
# udev-boot-test.sh), from the share the host mounts at /run/vfctlhost,
# once per boot (the host writes the stage number into "stage"). Each
# check is one line "CHECK <stage> <name> ok|fail <detail>" in
# result-<stage>.txt; the journal of the boot goes to journal-<stage>.txt.
#
# The events udev ran for the PF, in the initramfs and in the root, are
# logged by the test's own rule (99-vfctl-test-events.rules) into
# /run/vfctl-test-pf-events, which the initramfs moves to the root with
# /run: one line "<where> <ACTION> driver=<DRIVER> vfs=<count>" each.
set -u
# shellcheck source=tests/setup/stage-lib.sh
. /run/vfctlhost/stage-lib.sh
events=/run/vfctl-test-pf-events
pf=$(basename "$(ls -d /sys/bus/pci/drivers/igb/0000:* 2>/dev/null | head -n 1)")
[ -n "$pf" ] || pf=$(cat "$share/pf" 2>/dev/null)
echo "$pf" >"$share/pf"
dev=/sys/bus/pci/devices/$pf
# vfctl's own steps for the VFs only, with the PF's driver: igb stands in
# for i915 (setup-args holds the options, so that an older vfctl can run)
args="--pf $pf $(cat "$share/setup-args") --skip cmdline,firmware,dkms,options,kvmfr"
numvfs() { cat "$dev/sriov_numvfs"; }
vf_driver() { basename "$(readlink "$dev/virtfn$1/driver")"; }
on_vfio() { [ "$(vf_driver 0)" = vfio-pci ] && [ "$(vf_driver 1)" = vfio-pci ]; }
seen() { grep -qx "$1" "$events"; }
# udev's own complaint when a rule's ATTR{} write fails (EBUSY, ENOENT)
no_write_error() { ! journalctl -b -u systemd-udevd --no-pager | grep -i 'failed to write'; }
in_initramfs() { lsinitramfs "/boot/initrd.img-$(uname -r)" | grep -q "$1"; }
# vfctl's three rules (not the test's own 99-vfctl-test-events.rules)
ours='(59-vfctl-vfio|60-vfctl-sriov|61-vfctl-vfio)\.rules$'
initramfs_rules() { lsinitramfs "/boot/initrd.img-$(uname -r)" | grep -cE "lib/udev/rules.d/$ours"; }
common() { # what every boot after the setup shows
	check vfs "2 VFs exist" test "$(numvfs)" = 2
	check vfs_vfio "both VFs are bound to vfio-pci" on_vfio
	check no_write_error "udev logged no failed attribute write" no_write_error
	cp "$events" "$share/events-$stage.txt"
}

case "$stage" in
1)
	# no sysfsutils: vfctl writes udev rules
	check no_sysfsutils "sysfsutils purged" dpkg --purge sysfsutils
	check apply "vfctl setup apply --yes $args" vfctl setup apply --yes $args
	check rule_written "vfctl wrote 60-vfctl-sriov.rules" test -s /etc/udev/rules.d/60-vfctl-sriov.rules
	check apply_refreshed "apply rebuilt the initramfs with vfctl's rules" \
		test "$(initramfs_rules)" = 3
	# an initramfs without them, as dracut makes it (its udev module copies
	# a fixed list of rules) or one built before the setup
	mkdir -p /root/aside && mv /etc/udev/rules.d/*-vfctl-*.rules /root/aside/
	check rebuild_without "update-initramfs -u without vfctl's rules" update-initramfs -u
	mv /root/aside/*.rules /etc/udev/rules.d/
	check igb_in_initramfs "igb is in the initramfs, which binds the PF" in_initramfs 'igb\.ko'
	check rule_not_in_initramfs "the initramfs has no vfctl rule" test "$(initramfs_rules)" = 0
	# the test's witness: the PF's events, wherever udev runs
	cat >/etc/udev/rules.d/99-vfctl-test-events.rules <<-EOF
		SUBSYSTEM=="pci", KERNEL=="$pf", RUN+="/bin/sh -c 'echo \$\$(test -d /scripts && echo initramfs || echo root) \$env{ACTION} driver=\$env{DRIVER} vfs=\$\$(cat /sys\$env{DEVPATH}/sriov_num*) >>$events'"
	EOF
	;;
2)
	# igb bound in the initramfs, vfctl's rule only in the root
	check only_add "the root's udev saw the PF's coldplug add, with its driver, and no bind" \
		sh -c "grep -qx 'root add driver=igb vfs=2' $events && ! grep -q ' bind ' $events"
	common
	check rebuild "update-initramfs -u" update-initramfs -u
	check rule_in_initramfs "Debian's udev hook copied vfctl's rules into the initramfs" \
		in_initramfs 'lib/udev/rules.d/60-vfctl-sriov.rules'
	;;
3)
	# igb bound in the initramfs, whose udev ran vfctl's rule there
	check initramfs_made "the initramfs' udev made the VFs once igb bound" \
		grep -qE '^initramfs (add|bind) driver=igb vfs=2$' "$events"
	check root_add_kept "the root's coldplug add left them (sriov_numvfs is not 0)" seen 'root add driver=igb vfs=2'
	common
	# once more by hand, with another count set meanwhile: no EBUSY, no change
	check retrigger "udevadm trigger --action=add on the PF keeps 2 VFs" \
		sh -c "udevadm trigger --settle --action=add $dev && test \$(cat $dev/sriov_numvfs) = 2"
	check other_count "with 1 VF set by hand, a coldplug add keeps it" \
		sh -c "echo 0 >$dev/sriov_numvfs && echo 1 >$dev/sriov_numvfs && udevadm trigger --settle --action=add $dev && test \$(cat $dev/sriov_numvfs) = 1"
	check no_write_error_after "udev logged no failed attribute write (EBUSY)" no_write_error
	# the control: the same add, by a rule without the guard, fails there
	mkdir -p /run/udev/rules.d
	echo "ACTION==\"add\", SUBSYSTEM==\"pci\", KERNEL==\"$pf\", ATTR{sriov_numvfs}=\"2\"" \
		>/run/udev/rules.d/98-vfctl-test-unguarded.rules
	udevadm control --reload
	udevadm trigger --settle --action=add "$dev"
	rm /run/udev/rules.d/98-vfctl-test-unguarded.rules
	udevadm control --reload
	check ebusy_unguarded "without the guard, udev's write of another count fails with EBUSY" \
		sh -c "journalctl -b -u systemd-udevd --no-pager | grep -i 'failed to write.*sriov_numvfs.*busy'"
	# igb out of the initramfs: it binds in the root next boot
	sed -i '/^igb$/d' /etc/initramfs-tools/modules
	check rebuild "update-initramfs -u without igb" update-initramfs -u
	check igb_not_in_initramfs "igb is no longer in the initramfs" sh -c '! lsinitramfs "/boot/initrd.img-$(uname -r)" | grep -q "igb\.ko"'
	;;
4)
	# igb bound by the root's udev: add before the driver, then bind
	check add_then_bind "the root's udev saw add without a driver, then bind" \
		sh -c "grep -qx 'root add driver= vfs=0' $events && grep -qx 'root bind driver=igb vfs=2' $events && ! grep -q '^initramfs.* driver=igb' $events"
	common
	check undo "vfctl setup undo" vfctl setup undo
	check undo_refreshed "undo rebuilt the initramfs without vfctl's rules" \
		test "$(initramfs_rules)" = 0
	check undo_files "no vfctl rule is left in /etc/udev/rules.d" \
		sh -c "! ls /etc/udev/rules.d | grep -qE '^$ours'"
	;;
esac
stage_done
