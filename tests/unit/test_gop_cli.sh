#!/bin/sh
# SPDX-License-Identifier: MIT
# vfctl gop end to end: exit codes, files written, JSON, error sentences.
#
# usage: test_gop_cli.sh VFCTL OVMF_CODE RESULTS_DIR
# Writes RESULTS_DIR/gop-cli.counts ("passed failed") for scripts/summary.sh.
set -u
vfctl=$1
ovmf=$2
results=$3
corpus=tests/fuzz/corpus/fuzz_uefi
. tests/unit/cli_check.sh

expect "extract OVMF by text" 0 \
	"$vfctl" gop extract "$ovmf" --match "QEMU Video Driver" -o "$tmp/q.efi"
check "oracle SHA-256" test "$(sha256sum <"$tmp/q.efi" | cut -d' ' -f1)" = \
	56f78b7e9ef8eea2593999752d8b5f74b19f79666de92e5816d7a6a29412548b
check "reports known-good" grep -q "matches a known-good image" "$tmp/out"

expect "extract --json" 0 \
	"$vfctl" gop extract "$ovmf" --match "QEMU Video Driver" -o "$tmp/j.efi" --json
check "json written.sha256" python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["written"]["size"] == 16896 and d["candidates"][0]["ui_name"] == "QemuVideoDxe"' "$tmp/out"

expect "no Intel GOP in OVMF" 1 "$vfctl" gop extract "$ovmf" -o "$tmp/none.efi"
check "no file written" test ! -e "$tmp/none.efi"
check "error names the text" grep -q 'contains the text "Intel(R) GOP Driver"' "$tmp/err"

expect "--list does not write" 0 \
	"$vfctl" gop extract "$ovmf" --match "QEMU Video Driver" --list -o "$tmp/l.efi"
check "--list wrote nothing" test ! -e "$tmp/l.efi"
expect "--pick out of range" 2 \
	"$vfctl" gop extract "$ovmf" --match "QEMU Video Driver" --pick 5 -o "$tmp/p.efi"
expect "non-GOP hit refused" 1 "$vfctl" gop extract "$ovmf" --match PciBusDxe -o "$tmp/x.efi"

expect "Aptio capsule seed" 0 "$vfctl" gop extract "$corpus/aptio_capsule.bin" -o "$tmp/a.efi"
expect "descriptor seed" 0 "$vfctl" gop extract "$corpus/descriptor.bin" -o "$tmp/d.efi"
check "same driver from both" cmp -s "$tmp/a.efi" "$tmp/d.efi"
expect "PFAT refused" 1 "$vfctl" gop extract "$corpus/pfat.bin"
check "PFAT error names the format" grep -q "AMI PFAT" "$tmp/err"
expect "not firmware" 1 "$vfctl" gop extract "$corpus/pe.bin"
expect "missing file" 2 "$vfctl" gop extract "$tmp/does-not-exist.cap"
expect "no argument" 2 "$vfctl" gop extract
expect "unknown command" 2 "$vfctl" frobnicate

expect "rom with IDs" 0 "$vfctl" gop rom "$tmp/q.efi" -o "$tmp/q.rom" --vendor 0x8086 --device 0xa7a0
check "rom size 0x4400" test "$(stat -c %s "$tmp/q.rom")" = 17408
check "rom signature" test "$(head -c 2 "$tmp/q.rom" | od -An -tx1 | tr -d ' ')" = 55aa
mkdir -p "$tmp/root/sys/bus/pci/devices/0000:00:02.0"
echo 0x8086 >"$tmp/root/sys/bus/pci/devices/0000:00:02.0/vendor"
echo 0xa7a8 >"$tmp/root/sys/bus/pci/devices/0000:00:02.0/sriov_vf_device"
expect "rom device from sysfs" 0 "$vfctl" gop rom "$tmp/q.efi" -o "$tmp/s.rom" --root "$tmp/root" --json
check "device id from fixture" grep -q '"device":42920' "$tmp/out"
expect "rom without VF" 3 "$vfctl" gop rom "$tmp/q.efi" -o "$tmp/n.rom" --root "$tmp/empty"
expect "rom of a non-PE" 1 "$vfctl" gop rom "$corpus/pfat.bin" -o "$tmp/b.rom" --device 1

cli_finish gop-cli "$results"
