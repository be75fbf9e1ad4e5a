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
expect "--pick with nothing found" 1 "$vfctl" gop extract "$ovmf" --pick 1 -o "$tmp/p1.efi"
check "--pick nothing: no file" test ! -e "$tmp/p1.efi"
expect "--pick out of range" 2 \
	"$vfctl" gop extract "$ovmf" --match "QEMU Video Driver" --pick 5 -o "$tmp/p.efi"
expect "non-GOP hit refused" 1 "$vfctl" gop extract "$ovmf" --match PciBusDxe -o "$tmp/x.efi"

expect "Aptio capsule seed" 0 "$vfctl" gop extract "$corpus/aptio_capsule.bin" -o "$tmp/a.efi"
expect "descriptor seed" 0 "$vfctl" gop extract "$corpus/descriptor.bin" -o "$tmp/d.efi"
check "same driver from both" cmp -s "$tmp/a.efi" "$tmp/d.efi"
expect "PFAT refused" 1 "$vfctl" gop extract "$corpus/pfat.bin"
check "PFAT error names the format" grep -q "AMI PFAT" "$tmp/err"
expect "bare PE with no GOP verdict" 1 "$vfctl" gop extract "$corpus/pe.bin" -o "$tmp/pe.efi"
check "bare PE is read as the driver" grep -q "PE image (the driver itself)" "$tmp/out"
check "bare PE: why it is refused" grep -q "not recognisably a GOP driver" "$tmp/out"
head -c 4096 /dev/zero | tr '\0' 'x' >"$tmp/text.bin"
expect "not firmware at all" 1 "$vfctl" gop extract "$tmp/text.bin" -o "$tmp/x.efi"
check "not firmware: says what it is not" grep -q "no UEFI firmware volume, EFI driver or option ROM" "$tmp/err"
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
# The driver itself and an option ROM are inputs too (what coreboot and
# Dasharo ship, what a VF's romfile already is).
expect "extract from the .efi itself" 0 \
	"$vfctl" gop extract "$tmp/q.efi" --match "QEMU Video Driver" -o "$tmp/q2.efi"
check "the .efi comes back unchanged" cmp -s "$tmp/q.efi" "$tmp/q2.efi"
expect "a lone driver without the text" 1 "$vfctl" gop extract "$tmp/q.efi" -o "$tmp/q4.efi"
check "lone driver: says it is one driver, not Intel's GOP" \
	grep -q "is one driver, and not Intel's GOP driver" "$tmp/err"
check "lone driver: no board hint" \
	test "$(grep -c "board with Intel integrated graphics" "$tmp/err")" = 0
expect "extract from an option ROM" 0 \
	"$vfctl" gop extract "$tmp/q.rom" --match "QEMU Video Driver" -o "$tmp/q3.efi" --json
check "ROM gives the driver it wraps" cmp -s "$tmp/q.efi" "$tmp/q3.efi"
check "json: container and no file GUID" python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["container"] == "PCI option ROM" and d["candidates"][0]["file_guid"] is None' "$tmp/out"
expect "rom of a non-PE" 1 "$vfctl" gop rom "$corpus/pfat.bin" -o "$tmp/b.rom" --device 1

# Damage: the failed check is named, nothing is written unless --force, and
# the warning is printed without -v (once per kind).
expect "corrupt data checksum refused" 1 \
	"$vfctl" gop extract "$corpus/data_checksum_bad.bin" -o "$tmp/c.efi"
check "corrupt: no file written" test ! -e "$tmp/c.efi"
check "corrupt: check named" grep -q "FFS data checksum check failed" "$tmp/out"
check "corrupt: warning without -v" grep -q "^warning: 1 checksum problem" "$tmp/err"
check "corrupt: warning printed once" test "$(grep -c '^warning:' "$tmp/err")" = 1
expect "corrupt with -v" 1 "$vfctl" gop extract "$corpus/data_checksum_bad.bin" -o "$tmp/c.efi" -v
check "-v adds the detail" grep -q "data checksum mismatch" "$tmp/err"
expect "corrupt with --force" 1 \
	"$vfctl" gop extract "$corpus/data_checksum_bad.bin" -o "$tmp/c.efi" --force
check "--force wrote it" test -s "$tmp/c.efi"
check "--force says why" grep -q "written only because of --force" "$tmp/err"
expect "intact data checksum" 0 "$vfctl" gop extract "$corpus/data_checksum_ok.bin" -o "$tmp/k.efi"
expect "CRC32 section refused" 1 "$vfctl" gop extract "$corpus/crc32_bad.bin" -o "$tmp/x.efi"
check "CRC32: check named" grep -q "CRC32 section checksum" "$tmp/out"
expect "compressed size refused" 1 \
	"$vfctl" gop extract "$corpus/compressed_size_bad.bin" -o "$tmp/x.efi"
check "size: check named" grep -q "decompressed size differs" "$tmp/out"
# A stale PE CheckSum is how EDK2 builds (Intel's GOP among them) leave it.
expect "stale PE checksum accepted" 0 \
	"$vfctl" gop extract "$corpus/pe_checksum_stale.bin" -o "$tmp/stale.efi"
check "stale PE checksum: not called damage" \
	test -z "$(grep -e corrupt -e "does not match" "$tmp/out" "$tmp/err")"
expect "PE layout --force" 1 "$vfctl" gop extract "$corpus/pe_inconsistent.bin" -o "$tmp/bad.efi" --force
expect "rom of a corrupt PE refused" 1 "$vfctl" gop rom "$tmp/bad.efi" -o "$tmp/bad.rom" --device 1
check "corrupt PE: no ROM" test ! -e "$tmp/bad.rom"
expect "PE layout refused" 1 "$vfctl" gop extract "$corpus/pe_inconsistent.bin" -o "$tmp/x.efi"
expect "section length refused" 1 "$vfctl" gop extract "$corpus/section_length_bad.bin" -o "$tmp/x.efi"
check "section length: named" grep -q "section lengths do not fit" "$tmp/out"
check "damaged seeds wrote nothing" test ! -e "$tmp/x.efi"
expect "corrupt --list" 1 "$vfctl" gop extract "$corpus/data_checksum_bad.bin" --list
expect "corrupt --json" 1 "$vfctl" gop extract "$corpus/data_checksum_bad.bin" --json -o "$tmp/x.efi"
check "json error on stdout or stderr" grep -q "none is an intact" "$tmp/out" "$tmp/err"
expect "corrupt --json --list" 1 "$vfctl" gop extract "$corpus/data_checksum_bad.bin" --json --list
check "json names the check and the warning kind" python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); c=d["candidates"][0]; assert c["integrity"] == "FFS data checksum" and c["status"] == "corrupt" and not c["valid"]; assert d["warnings"][0]["kind"] == "checksum"' "$tmp/out"

# A real image cut in half, and with its LZMA stream broken.
head -c 1826816 "$ovmf" >"$tmp/half.fd"
expect "half image refused" 1 "$vfctl" gop extract "$tmp/half.fd" --match "QEMU Video Driver" -o "$tmp/h.efi"
check "half: no file" test ! -e "$tmp/h.efi"
check "half: truncation warned without -v" grep -q "^warning: .* truncated problem" "$tmp/err"
check "half: check named" grep -q "volume truncated" "$tmp/out"
python3 -c 'import sys; d=bytearray(open(sys.argv[1],"rb").read()); d[0x80000]^=0xFF; open(sys.argv[2],"wb").write(d)' "$ovmf" "$tmp/lzma.fd"
expect "broken LZMA" 1 "$vfctl" gop extract "$tmp/lzma.fd" --match "QEMU Video Driver" -o "$tmp/l.efi"
check "broken LZMA: warned without -v" grep -q "^warning: 1 undecoded problem" "$tmp/err"
check "broken LZMA: not blamed on the board" grep -q "no readable file" "$tmp/err"
expect "broken LZMA seed" 1 "$vfctl" gop extract "$corpus/lzma_broken.bin" -o "$tmp/l.efi"
# LZMA decoded only as far as the walk reads: a driver in the second of two
# volumes of one stream is found; a stream broken only in the free space
# after the last file (never decoded) still gives its intact driver.
expect "LZMA stream, driver in its later volume" 0 \
	"$vfctl" gop extract "$corpus/lzma_free_space.bin" -o "$tmp/f.efi"
expect "LZMA broken only in free space" 0 "$vfctl" gop extract "$corpus/lzma_tail_broken.bin" -o "$tmp/t.efi"
check "same driver from both" cmp -s "$tmp/f.efi" "$tmp/t.efi"
expect "truncated seed" 1 "$vfctl" gop extract "$corpus/truncated.bin" -o "$tmp/l.efi"
check "broken inputs wrote nothing" test ! -e "$tmp/l.efi"

# Producer or consumer: drivers that only use GOP are not GOP drivers.
expect "console driver refused" 1 "$vfctl" gop extract "$ovmf" --match GraphicsConsoleDxe -o "$tmp/g.efi"
check "consumer: named" grep -q "GOP consumer (medium confidence)" "$tmp/out"
check "consumer: no file" test ! -e "$tmp/g.efi"
expect "--pick a consumer" 1 "$vfctl" gop extract "$ovmf" --match GraphicsConsoleDxe --pick 1 -o "$tmp/g.efi"
expect "--pick a consumer --force" 1 \
	"$vfctl" gop extract "$ovmf" --match GraphicsConsoleDxe --pick 1 --force -o "$tmp/g.efi"
check "--force wrote the consumer" test -s "$tmp/g.efi"
expect "unsure refused" 1 "$vfctl" gop extract "$ovmf" --match QemuRamfbDxe -o "$tmp/u.efi"
check "unsure: says so" grep -q "GOP unsure (low confidence)" "$tmp/out"
expect "consumer seed" 1 "$vfctl" gop extract "$corpus/consumer.bin" -o "$tmp/u.efi"
expect "VirtioGpuDxe is a producer" 0 "$vfctl" gop extract "$ovmf" --match "GPU Driver" -o "$tmp/v.efi"
check "producer: medium confidence" grep -q "GOP producer (medium confidence)" "$tmp/out"
expect "two producers need --pick" 2 "$vfctl" gop extract "$ovmf" --match Driver -o "$tmp/two.efi"
check "two: no file" test ! -e "$tmp/two.efi"
expect "two producers --pick 2" 0 "$vfctl" gop extract "$ovmf" --match Driver --pick 2 -o "$tmp/two.efi"

# The remaining exit paths of gop extract.
expect "directory as BIOS file" 2 "$vfctl" gop extract "$tmp"
expect "empty match text" 2 "$vfctl" gop extract "$ovmf" --match ""
expect "invalid --pick" 2 "$vfctl" gop extract "$ovmf" --pick zero
expect "unknown option" 2 "$vfctl" gop extract "$ovmf" --frobnicate
expect "--help" 0 "$vfctl" gop extract --help
check "help names --force" grep -q -- "--force" "$tmp/out"
# One subcommand's help: its usage line and not the other's.
# (run through check: shellcheck cannot see it called)
# shellcheck disable=SC2317
help_of() {
	grep -q "^usage: vfctl gop $1" "$tmp/out" && ! grep -q "vfctl gop $2" "$tmp/out"
}
check "extract --help describes extract only" help_of extract rom
cp "$tmp/out" "$tmp/extract.help"
expect "vfctl help gop extract" 0 "$vfctl" help gop extract
check "help gop extract = gop extract --help" cmp -s "$tmp/out" "$tmp/extract.help"
expect "vfctl help gop rom" 0 "$vfctl" help gop rom
check "help gop rom describes rom only" help_of rom extract
check "help gop rom names --class-code" grep -q -- "--class-code" "$tmp/out"
cp "$tmp/out" "$tmp/rom.help"
expect "gop rom -h" 0 "$vfctl" gop rom -h
check "gop rom -h = help gop rom" cmp -s "$tmp/out" "$tmp/rom.help"
expect "vfctl gop --help" 0 "$vfctl" gop --help
check "gop --help lists extract" grep -q "^extract " "$tmp/out"
check "gop --help lists rom" grep -q "^rom " "$tmp/out"
check "gop --help points to SUB --help" grep -q "vfctl gop SUB --help" "$tmp/out"
expect "unwritable output" 1 \
	"$vfctl" gop extract "$ovmf" --match "QEMU Video Driver" -o "$tmp/no/such/dir/q.efi"
expect "--list with a usable one" 0 "$vfctl" gop extract "$ovmf" --match "QEMU Video Driver" --list
expect "--list with none usable" 1 "$vfctl" gop extract "$ovmf" --match GraphicsConsoleDxe --list

# A BIOS file cut by another program while vfctl reads it (a download or a
# copy still running): a clear error or a result, never a signal (a mapped
# input used to die of SIGBUS here). The writer truncates and rewrites the
# same inode in a loop while vfctl runs.
cp "$ovmf" "$tmp/racy.fd"
(while :; do : >"$tmp/racy.fd"; cat "$ovmf" >"$tmp/racy.fd"; done) 2>/dev/null &
writer=$!
signalled=0
silent=0
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	"$vfctl" gop extract "$tmp/racy.fd" --match "QEMU Video Driver" -o "$tmp/racy.efi" \
		>"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ "$rc" -ge 128 ] && signalled=$((signalled + 1))
	[ "$rc" != 0 ] && [ ! -s "$tmp/err" ] && silent=$((silent + 1))
done
kill "$writer"
wait "$writer" 2>/dev/null
check "file truncated while read: no run killed by a signal ($signalled of 20)" [ "$signalled" = 0 ]
check "file truncated while read: every failure says why ($silent silent)" [ "$silent" = 0 ]
# The same, deterministic: a regular file that ends before its stat size
# (a sysfs attribute states 4096 bytes and holds a few).
expect "file shorter than its size when opened" 1 "$vfctl" gop extract /sys/kernel/uevent_seqnum
check "shorter: says another program is writing it" grep -q "became shorter while it was being read" "$tmp/err"

cli_finish gop-cli "$results"
