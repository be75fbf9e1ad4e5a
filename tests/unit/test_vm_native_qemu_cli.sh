#!/bin/sh
# SPDX-License-Identifier: MIT
# vfctl vm check on a QEMU command line, end to end: a start script (the
# guide author's), a refusal naming what cannot be expanded, a running
# process's /proc/PID/cmdline, and a domain XML still read as before.
#
# usage: test_vm_native_qemu_cli.sh VFCTL RESULTS_DIR
# json() is called through check.
# shellcheck disable=SC2317
set -u
vfctl=$1
results=$2
fix=tests/fixtures/vm/qemu
. tests/unit/cli_check.sh

json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert $1, d" "$tmp/out"; }

root=$tmp/root
mkdir -p "$root/etc/modprobe.d" "$root/home/u/vm"
echo "options kvmfr static_size_mb=128" >"$root/etc/modprobe.d/kvmfr.conf"
cp $fix/real-guide-author-start-qemu-win10.sh "$root/home/u/vm/start.sh"

# no IntelGopDriver.efi beside the script: QEMU would not start
expect "guide author's script: romfile missing is an error" 1 \
	"$vfctl" vm check "$root/home/u/vm/start.sh" --root "$root" --json
check "json: romfile-relative names the script's directory" \
	json '[f for f in d["findings"] if f["id"] == "romfile-relative" and "/home/u/vm/IntelGopDriver.efi" in f["message"]]'
check "json: libvirt-only findings are skips" \
	json '[f for f in d["findings"] if f["id"] == "libvirt-only" and f["status"] == "skip"]'

# shellcheck disable=SC2016 # the $HOME is the script's text
printf 'qemu-system-x86_64 -enable-kvm -drive file=$HOME/w.qcow2\n' >"$tmp/home.sh"
expect "an unset variable is refused" 1 "$vfctl" vm check "$tmp/home.sh"
check "the refusal names it" grep -q "cannot expand [$]HOME" "$tmp/err"

# a running process whose argv is a QEMU command line (sh ignores the rest)
bash -c 'cd "$1" && exec -a qemu-system-x86_64 sh -c "sleep 30" -enable-kvm -machine q35 \
	-device vfio-pci,host=0000:00:02.1,romfile=gop.efi' _ "$tmp" &
pid=$!
i=0
while [ $i -lt 100 ] && ! grep -q romfile "/proc/$pid/cmdline" 2>/dev/null; do
	sleep 0.05
	i=$((i + 1))
done
expect "/proc/PID/cmdline: checked" 1 "$vfctl" vm check "/proc/$pid/cmdline" --root "$root"
check "its relative romfile is read from /proc/PID/cwd" grep -q "$tmp/gop.efi" "$tmp/out"
kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null

# (the fixture root has no romfile: the domain check says so, as before)
expect "a domain XML is still a domain" 1 "$vfctl" vm check tests/fixtures/vm/good.xml \
	--root tests/fixtures/vm/root
check "... checked as one" grep -q "check the path in <rom file" "$tmp/out"
cli_finish vm-native-qemu-cli "$results"
