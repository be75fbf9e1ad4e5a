#!/bin/sh
# SPDX-License-Identifier: MIT
# vfctl vm end to end: exit codes, files written, JSON, libvirt's test
# driver, vm check on the fixtures against a root prefix with a real GOP.
#
# usage: test_vm_def_cli.sh VFCTL OVMF_CODE RESULTS_DIR
# Writes RESULTS_DIR/vm-def-cli.counts ("passed failed") for scripts/summary.sh.
set -u
vfctl=$1
ovmf=$2
results=$3
fix=tests/fixtures/vm
. tests/unit/cli_check.sh

json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert $1, d" "$tmp/out"; }

model="--name w11 --vf 0000:00:02.1 --romfile /var/lib/libvirt/vbios/IntelGopDriver.efi --resolution 2560x1440@120"

# a host root: the fixture's qemu.conf and kvmfr.conf, a real GOP as romfile
root=$tmp/root
mkdir -p "$root/var/lib/libvirt/vbios"
cp -r $fix/root/etc "$root/"
"$vfctl" gop extract "$ovmf" --match "QEMU Video Driver" \
	-o "$root/var/lib/libvirt/vbios/IntelGopDriver.efi" >/dev/null 2>&1
check "GOP romfile extracted from OVMF" test -s "$root/var/lib/libvirt/vbios/IntelGopDriver.efi"

expect "xml to a file" 0 "$vfctl" vm xml $model -o "$tmp/w11.xml"
check "xml is well-formed" xmllint --noout "$tmp/w11.xml"
check "xml has the 64 MiB kvmfr backend" grep -q "'size':67108864,'share':true" "$tmp/w11.xml"
expect "xml --json" 0 "$vfctl" vm xml $model --hdr --json
check "json shm_mib (1440p HDR = 128)" json 'd["shm_mib"] == 128 and d["xml"].startswith("<?xml")'

expect "define --dry-run on the test driver" 0 \
	"$vfctl" vm define $model --connect test:///default --dry-run --json
check "json names the domain" json 'd["name"] == "w11" and len(d["uuid"]) == 36 and d["kept"] is False'
expect "define: unknown driver is environment" 3 \
	"$vfctl" vm define $model --connect nosuchdriver:///x
check "define error names the URI" grep -q "cannot connect to nosuchdriver:///x" "$tmp/err"

expect "qemu-args --json" 0 "$vfctl" vm qemu-args $model --shm shm --json
check "argv has the VF and the ivshmem" json '"vfio-pci,host=0000:00:02.1,romfile=/var/lib/libvirt/vbios/IntelGopDriver.efi" in d["argv"] and "ivshmem-plain,id=shmem0,memdev=looking-glass" in d["argv"]'

expect "guest-files" 0 "$vfctl" vm guest-files $model --resolution 1920x1080 -d "$tmp" --monitors 2
check "option.txt line 1 is the monitor count" test "$(head -n1 "$tmp/option.txt" | tr -d '\r')" = 2
check "option.txt lists the modes" grep -q '^2560, 1440, 120' "$tmp/option.txt"
check "client.ini uses kvmfr" grep -q '^shmFile=/dev/kvmfr0' "$tmp/client.ini"
check "host ini written" grep -q '^capture=dxgi' "$tmp/looking-glass-host.ini"

# usage and validation
expect "no subcommand" 2 "$vfctl" vm
expect "unknown subcommand" 2 "$vfctl" vm frobnicate $model
expect "PF refused" 2 "$vfctl" vm xml --name w --vf 00:02.0 --romfile /r.efi --resolution 1920x1080
check "PF sentence" grep -q "physical function" "$tmp/err"
expect "bad resolution" 2 "$vfctl" vm xml --name w --vf 00:02.1 --romfile /r.efi --resolution 1920
expect "missing romfile" 2 "$vfctl" vm xml --name w --vf 00:02.1 --resolution 1920x1080
expect "no OVMF under the root" 3 "$vfctl" vm xml $model --root "$tmp/empty"
expect "--no-vf with --vf" 2 "$vfctl" vm xml $model --no-vf
check "--no-vf sentence" grep -q "without a VF" "$tmp/err"
expect "unknown accelerator" 2 "$vfctl" vm xml $model --accel hvf
expect "initrd without kernel" 2 "$vfctl" vm xml $model --initrd /boot/initrd.img

# the emulated VM of the boot test: no VF, TCG, no NIC, COM1 to a file
emu="--name emu --no-vf --accel tcg --network none --shm shm --shm-name emu-lg --resolution 1920x1080 --serial /var/log/emu.log"
expect "emulated xml" 0 "$vfctl" vm xml $emu --json
check "type qemu, qemu64, no hostdev, no NIC, serial, shmem name" json \
	'"<domain type=\"qemu\">" in d["xml"] and ">qemu64</model>" in d["xml"] and "<hostdev" not in d["xml"] and "<interface" not in d["xml"] and "/var/log/emu.log" in d["xml"] and "<shmem name=\"emu-lg\">" in d["xml"]'
expect "emulated define on the test driver" 0 \
	"$vfctl" vm define $emu --kernel /boot/vmlinuz --cmdline quiet --connect test:///default --dry-run --json
expect "emulated qemu-args" 0 "$vfctl" vm qemu-args $emu --json
check "accel=tcg, file serial, no netdev" json \
	'"q35,accel=tcg,vmport=off" in d["argv"] and "file:/var/log/emu.log" in d["argv"] and "-netdev" not in d["argv"]'

# vm check
expect "check: generated 64 MiB domain vs kvmfr loaded at 32" 1 "$vfctl" vm check "$tmp/w11.xml" --root "$root" --json
check "no findings besides kvmfr size" json 'd["version"] == 1 and d["command"] == "vm check" and d["summary"]["fail"] == 1 and d["summary"]["failed"] == ["kvmfr-size-mismatch"] and d["findings"][0]["status"] == "fail"'
sed -i 's/static_size_mb=32/static_size_mb=64/' "$root/etc/modprobe.d/kvmfr.conf"
expect "check: generated domain, kvmfr at 64 MiB" 0 "$vfctl" vm check "$tmp/w11.xml" --root "$root" --json
check "clean" json 'd["summary"]["fail"] == 0 and d["summary"]["warn"] == 0 and d["errors"] == [] and d["mode_source"] == "metadata"'
sed -i 's/static_size_mb=64/static_size_mb=32/' "$root/etc/modprobe.d/kvmfr.conf"
expect "check good.xml" 0 "$vfctl" vm check $fix/good.xml --root "$root"
expect "check good.xml for 4K" 1 "$vfctl" vm check $fix/good.xml --root "$root" --resolution 3840x2160
check "4K needs 128 MiB" grep -q "set 128 MiB" "$tmp/out"
for f in pf no-rom rom-invalid shm-small kvmfr1 i440fx; do
	expect "check $f.xml fails" 1 "$vfctl" vm check $fix/$f.xml --root "$root" --json
done
expect "check qxl.xml: warning only" 0 "$vfctl" vm check $fix/qxl.xml --root "$root" --json
check "qxl warning in JSON" json 'd["summary"]["warn"] == 1 and d["findings"][0]["id"] == "qxl-present" and d["findings"][0]["status"] == "warn"'
expect "check a non-domain" 1 "$vfctl" vm check $fix/not-domain.xml
expect "check a missing file" 2 "$vfctl" vm check "$tmp/nope.xml"
expect "check without a file" 2 "$vfctl" vm check

cli_finish vm-def-cli "$results"
