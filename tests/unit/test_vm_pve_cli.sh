#!/bin/sh
# json() is called through check.
# shellcheck disable=SC2317
# SPDX-License-Identifier: MIT
# vfctl vm check on Proxmox VE VM configurations, end to end: the file is
# recognised by its content (not its name), the exit codes, the text and
# JSON output, against a root prefix with a real GOP in /usr/share/kvm/.
#
# usage: test_vm_pve_cli.sh VFCTL OVMF_CODE RESULTS_DIR
# Writes RESULTS_DIR/vm-pve-cli.counts for scripts/summary.sh.
set -u
vfctl=$1
ovmf=$2
results=$3
fix=tests/fixtures/vm/pve
. tests/unit/cli_check.sh

json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert $1, d" "$tmp/out"; }

root=$tmp/root
mkdir -p "$root/usr/share/kvm"
"$vfctl" gop extract "$ovmf" --match "QEMU Video Driver" \
	-o "$root/usr/share/kvm/IntelGopDriver.efi" >/dev/null 2>&1
check "GOP romfile extracted from OVMF" test -s "$root/usr/share/kvm/IntelGopDriver.efi"
cp "$root/usr/share/kvm/IntelGopDriver.efi" "$root/usr/share/kvm/intelgopdriver_desktop.bin"

# an absolute romfile= is under /usr/share/kvm/ twice: an error (exit 1)
expect "real-339: errors" 1 "$vfctl" vm check "$fix/real-339-romfile-abs.conf" --root "$root"
check "real-339: the doubled path" grep -q "/usr/share/kvm//usr/share/kvm/" "$tmp/out"
check "real-339: the libvirt-only note" grep -q "pve-libvirt-only" "$tmp/out"

# by content: the same configuration under a name that says XML
cp "$fix/real-426-mtl-secboot.conf" "$tmp/dom.xml"
expect "real-426 named .xml: --json" 1 "$vfctl" vm check "$tmp/dom.xml" --root "$root" --json
check "json: format proxmox, Secure Boot refuses the GOP" json \
	'd["format"] == "proxmox" and any(f["id"] == "romfile-unsigned-secure-boot" for f in d["findings"])'

# the guide's VM in Proxmox form: warnings only, exit 0
cat >"$tmp/100.conf" <<'CONF'
bios: ovmf
args: -global host-x86_64-cpu.host-phys-bits-limit=39
cpu: host,flags=-nested-virt
efidisk0: local-lvm:vm-100-disk-0,efitype=4m,pre-enrolled-keys=0,size=4M
hostpci0: 0000:00:02.1,pcie=1,romfile=IntelGopDriver.efi
ivshmem: size=32,name=looking-glass
machine: q35
vga: none
CONF
expect "a good configuration passes" 0 "$vfctl" vm check "$tmp/100.conf" --root "$root"
expect "... but not for 4K" 1 "$vfctl" vm check "$tmp/100.conf" --root "$root" \
	--resolution 3840x2160
check "4K: shm-too-small" grep -q "shm-too-small" "$tmp/out"

# neither XML nor a configuration
printf 'devices/pci0000:00/0000:00:02.0/sriov_numvfs = 7\n' >"$tmp/sysfs.conf"
expect "not a configuration" 1 "$vfctl" vm check "$tmp/sysfs.conf"
check "says what it takes" grep -q "Proxmox VE VM configuration" "$tmp/err"

cli_finish vm-pve-cli "$results"
