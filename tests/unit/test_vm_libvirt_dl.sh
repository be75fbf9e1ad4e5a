#!/bin/sh
# json() is called through check.
# shellcheck disable=SC2317
# SPDX-License-Identifier: MIT
# libvirt loaded only when called (lib/vm/vm_libvirt_dl.h): vfctl does not
# link libvirt.so.0 (its DT_NEEDED, as readelf reads it), `vfctl --help`
# does not map it (the dynamic linker's own trace, LD_DEBUG=libs), `vm check`
# loads it after start-up and gets libvirt's verdict; and where the library
# cannot be loaded, `vm check` skips only libvirt's part, saying why, and
# `vm define` cannot run at all (exit 3).
#
# No test hook in vfctl: the dynamic linker searches LD_LIBRARY_PATH before
# its cache, so a directory holding a libvirt.so.0 that is not a library,
# or a real library that is not libvirt, stands in for a broken install.
#
# usage: test_vm_libvirt_dl.sh VFCTL RESULTS_DIR
# Writes RESULTS_DIR/vm-libvirt-dl.counts ("passed failed") for scripts/summary.sh.
set -u
vfctl=$1
results=$2
fix=tests/fixtures/vm
. tests/unit/cli_check.sh

json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert $1, d" "$tmp/out"; }
ids() { python3 -c "import json,sys; print(' '.join(sorted(f['id'] for f in json.load(open(sys.argv[1]))['findings'])))" "$1"; }

# 1. Not linked: DT_NEEDED names no libvirt, and nothing else pulls it in.
readelf -d "$vfctl" >"$tmp/dynamic" 2>&1
check "readelf reads vfctl's dynamic section" grep -q '(NEEDED)' "$tmp/dynamic"
check "DT_NEEDED has no libvirt" sh -c "! grep '(NEEDED)' '$tmp/dynamic' | grep -q libvirt"

# 2. Not loaded at start-up: the dynamic linker's trace of `vfctl --help`.
LD_DEBUG=libs "$vfctl" --help >/dev/null 2>"$tmp/trace"
check "LD_DEBUG=libs traces vfctl --help" grep -q 'transferring control' "$tmp/trace"
check "vfctl --help does not load libvirt" sh -c "! grep -q 'libvirt' '$tmp/trace'"

# 3. vm check loads it when it gets there, after start-up, and libvirt
# judges the domain: Debian 12's libvirt 9.0 drops limit='38', a newer one
# keeps it, and the same run's virsh tells which (as test_vm_def_cli.sh).
dom=$fix/guide-author.xml
LD_DEBUG=libs "$vfctl" vm check $dom --root $fix/root --json >"$tmp/with.json" 2>"$tmp/trace"
check "vm check loads libvirt.so.0 after start-up" sh -c \
	"sed -n '/transferring control/,\$p' '$tmp/trace' | grep -q 'calling init: .*/libvirt\.so\.0'"
cp "$tmp/with.json" "$tmp/out"
check "with libvirt: no libvirt-not-loaded" json 'not [f for f in d["findings"] if f["id"] == "libvirt-not-loaded"]'
if virsh -c test:///default "define $dom; dumpxml windows11" 2>&1 | grep -q "limit='38'"; then
	check "libvirt's verdict: limit kept, no finding" json \
		'not [f for f in d["findings"] if f["id"] == "phys-bits-limit-dropped"]'
else
	check "libvirt's verdict: limit dropped" json \
		'[f for f in d["findings"] if f["id"] == "phys-bits-limit-dropped"]'
fi

# 4. A libvirt.so.0 that cannot be loaded (an empty file: "file too short"):
# the libvirt finding is skipped with the linker's reason, every other
# finding and the exit code are those of the run with libvirt.
mkdir -p "$tmp/broken" "$tmp/alien"
: >"$tmp/broken/libvirt.so.0"
expect "vm check, libvirt.so.0 unloadable: same exit as with libvirt" 1 \
	env LD_LIBRARY_PATH="$tmp/broken" "$vfctl" vm check $dom --root $fix/root --json
check "skipped, naming the library and the linker's reason" json \
	'[f for f in d["findings"] if f["id"] == "libvirt-not-loaded" and f["status"] == "skip" and "libvirt.so.0: file too short" in f["message"] and "apt-get install libvirt0" in f["hint"]]'
check "the summary counts it as skipped" json 'd["summary"]["skip"] == 1'
cp "$tmp/out" "$tmp/without.json"
want=$(ids "$tmp/with.json" | tr ' ' '\n' | grep -v -e '^phys-bits-limit-dropped$' -e '^libvirt-' | tr '\n' ' ')
got=$(ids "$tmp/without.json" | tr ' ' '\n' | grep -v '^libvirt-not-loaded$' | tr '\n' ' ')
check "every other finding still comes ($want)" test "$want" = "$got"
expect "vm check --help still runs" 0 env LD_LIBRARY_PATH="$tmp/broken" "$vfctl" vm check --help

# 5. A real library under libvirt's name that lacks libvirt's functions
# (as an older libvirt than the build's headers would): vfctl's own zlib.
zlib=$(ldd "$vfctl" | awk '$1 == "libz.so.1" { print $3 }')
cp "$zlib" "$tmp/alien/libvirt.so.0"
expect "vm check, libvirt.so.0 without libvirt's functions" 1 \
	env LD_LIBRARY_PATH="$tmp/alien" "$vfctl" vm check $dom --root $fix/root --json
check "skipped, naming the missing function" json \
	'[f for f in d["findings"] if f["id"] == "libvirt-not-loaded" and "libvirt.so.0 has no vir" in f["message"] and "undefined symbol" in f["message"]]'

# 6. vm define is libvirt or nothing: environment missing, with the reason.
expect "vm define without a loadable libvirt: exit 3" 3 \
	env LD_LIBRARY_PATH="$tmp/broken" "$vfctl" vm define --name w --no-vf --resolution 1920x1080 \
	--connect test:///default --dry-run
check "the error says libvirt cannot be loaded" grep -q 'libvirt cannot be loaded: .*libvirt.so.0: file too short' "$tmp/err"

cli_finish vm-libvirt-dl "$results"
