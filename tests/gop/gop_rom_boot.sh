#!/bin/sh
# SPDX-License-Identifier: MIT
# Does firmware run what `vfctl gop rom` writes? Boot QEMU + Debian's OVMF
# with QemuVideoDxe (extracted from that same OVMF by `vfctl gop extract`) as
# the option ROM of an e1000, and list the drivers in the UEFI Shell:
#   - wrapped as a ROM by `vfctl gop rom`: a second "QEMU Video Driver",
#     loaded from the ROM BAR (image path Offset(...));
#   - the raw .efi as romfile: not loaded (what the doctor explains to users).
#
# usage: gop_rom_boot.sh VFCTL RESULTS_DIR
# Writes RESULTS_DIR/gop-rom-boot.counts ("passed failed").
set -u
vfctl=$1
results=$2
code=${OVMF_CODE:-$(dpkg -L ovmf 2>/dev/null | grep '/OVMF_CODE_4M.fd$' | head -n 1)}
vars=$(dirname "$code")/OVMF_VARS_4M.fd
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
passed=0
failed=0

result() {
	if [ "$1" = ok ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
	fi
	echo "$1 $2"
}

finish() {
	mkdir -p "$results"
	echo "$passed $failed" >"$results/gop-rom-boot.counts"
	echo "gop-rom-boot: $passed passed, $failed failed"
	[ "$failed" = 0 ]
	exit $?
}

if [ ! -r "$code" ] || [ ! -r "$vars" ]; then
	result FAIL "OVMF not found (install the ovmf package, or set OVMF_CODE)"
	finish
fi

# boot ROMFILE LOG: the UEFI Shell runs startup.nsh from a FAT drive
boot() {
	mkdir -p "$tmp/fat"
	printf 'drivers\r\nreset -s\r\n' >"$tmp/fat/startup.nsh"
	cp "$vars" "$tmp/vars.fd"
	timeout 180 qemu-system-x86_64 -M q35 -m 256 -nographic -no-reboot -net none \
		-drive if=pflash,format=raw,readonly=on,file="$code" \
		-drive if=pflash,format=raw,file="$tmp/vars.fd" \
		-drive file=fat:rw:"$tmp/fat",format=raw,media=disk \
		-device e1000,romfile="$1" >"$2" 2>&1 </dev/null
}

if "$vfctl" gop extract "$code" --match "QEMU Video Driver" -o "$tmp/qv.efi" >/dev/null &&
	"$vfctl" gop rom "$tmp/qv.efi" -o "$tmp/qv.rom" --device 0x100e >/dev/null; then
	result ok "extract QemuVideoDxe and wrap it as a ROM"
else
	result FAIL "extract QemuVideoDxe and wrap it as a ROM"
	finish
fi

boot "$tmp/qv.rom" "$tmp/rom.log"
if grep -a 'QEMU Video Driver' "$tmp/rom.log" | grep -aq 'Offset(0x0,'; then
	result ok "OVMF loads the ROM: a second QEMU Video Driver, from the ROM BAR"
else
	result FAIL "OVMF loads the ROM"
	tail -n 40 "$tmp/rom.log"
fi

boot "$tmp/qv.efi" "$tmp/efi.log"
if grep -aq 'Shell>' "$tmp/efi.log" && ! grep -a 'QEMU Video Driver' "$tmp/efi.log" |
	grep -aq 'Offset(0x0,'; then
	result ok "a raw .efi as romfile is not loaded"
else
	result FAIL "a raw .efi as romfile is not loaded"
	tail -n 40 "$tmp/efi.log"
fi
finish
