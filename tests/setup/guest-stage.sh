#!/bin/sh
# $args is the setup's option list, word-split on purpose; the sh -c
# scripts are single-quoted so that the guest expands them; sysfs names
# are plain.
# shellcheck disable=SC2086,SC2016,SC2012
# SPDX-License-Identifier: MIT
#
# Runs inside the Debian guest of the reboot test (tests/setup/reboot-test.sh),
# from the share the host mounts at /run/vfctlhost, once per boot: the host
# writes the stage number into "stage". Each check is one line
#   CHECK <stage> <name> ok|fail <detail>
# in result-<stage>.txt; the journal of the boot goes to journal-<stage>.txt.
# vfctl runs from the share with the host's libraries beside it.
set -u
# shellcheck source=tests/setup/stage-lib.sh
. /run/vfctlhost/stage-lib.sh
# The igb PF (QEMU's SR-IOV NIC standing in for the iGPU) and what the
# setup may touch in this guest: no i915 device, firmware, DKMS or kvmfr.
pf=$(basename "$(ls -d /sys/bus/pci/drivers/igb/0000:* | head -n 1)")
args="--pf $pf --skip firmware,dkms,kvmfr"
# The files the setup writes or edits, with their bytes, for the last stage.
files="/etc/default/grub /boot/grub/grub.cfg /etc/sysfs.conf /etc/modprobe.d/i915-sriov.conf
/etc/modules-load.d/vfctl-vfio.conf /var/lib/vfctl/setup.journal"
sums() { for f in $files; do if [ -e "$f" ]; then sha256sum "$f"; else echo "absent $f"; fi; done; }
plan_json() { vfctl setup plan $args --json >"$share/plan.json"; }
apply_again() { vfctl setup apply --yes $args | grep -q 'nothing to do'; }
numvfs() { cat "/sys/bus/pci/devices/$pf/sriov_numvfs"; }
vf_driver() { basename "$(readlink "/sys/bus/pci/devices/$pf/virtfn$1/driver")"; }

case "$stage" in
1)
	# An installed system has a grub.cfg: the image was made in a chroot
	# that could not probe its disk, so make it here, as it was at install.
	check baseline_grub_cfg "update-grub before the setup" update-grub
	sums >"$share/before.txt"
	check no_vfs_before "no VF before the setup" test "$(numvfs)" = 0
	check plan "vfctl setup plan $args" plan_json
	check apply "vfctl setup apply --yes $args" vfctl setup apply --yes $args
	check apply_again_nothing "a second apply changes nothing" apply_again
	cp /boot/grub/grub.cfg "$share/grub-1.cfg"
	;;
2)
	check cmdline "the kernel booted with intel_iommu=on iommu=pt" \
		sh -c 'tr " " "\n" </proc/cmdline | grep -qx intel_iommu=on && tr " " "\n" </proc/cmdline | grep -qx iommu=pt'
	check vfs "2 VFs exist after the reboot" test "$(numvfs)" = 2
	check vf_devices "virtfn0 and virtfn1 are PCI functions" \
		test -e "/sys/bus/pci/devices/$pf/virtfn0/vendor" -a -e "/sys/bus/pci/devices/$pf/virtfn1/vendor"
	check vf1_vfio "VF1 is bound to vfio-pci" test "$(vf_driver 0)" = vfio-pci
	check vf2_vfio "VF2 is bound to vfio-pci" test "$(vf_driver 1)" = vfio-pci
	check iommu_groups "the VFs have IOMMU groups" test -e "/sys/bus/pci/devices/$pf/virtfn0/iommu_group"
	check options "i915 loads with enable_guc=3 from modprobe.d" \
		sh -c 'modprobe i915 && test "$(cat /sys/module/i915/parameters/enable_guc)" = 3'
	check verify "vfctl setup verify" vfctl setup verify $args
	check undo "vfctl setup undo" vfctl setup undo
	cp /boot/grub/grub.cfg "$share/grub-2.cfg"
	;;
3)
	check no_cmdline "intel_iommu=on is gone from the command line" sh -c '! tr " " "\n" </proc/cmdline | grep -qx intel_iommu=on'
	check no_vfs "no VF after undo and reboot" test "$(numvfs)" = 0
	check vf_driver_back "no vfio-pci bound to anything" sh -c '! ls /sys/bus/pci/drivers/vfio-pci/ 2>/dev/null | grep -q :'
	sums >"$share/after.txt"
	check files_restored "every file byte for byte as before the setup" cmp "$share/before.txt" "$share/after.txt"
	check no_journal "/var/lib/vfctl is gone" test ! -e /var/lib/vfctl
	;;
esac
stage_done
