#!/bin/bash
# SPDX-License-Identifier: MIT
#
# The cleanup traps of ci/hw/pipeline.sh, tested for real: the driver and VM
# stages run against a fake Raptor Lake host (a root tree with /proc/modules,
# the PF's sysfs, a DKMS registry, /lib/modules and /dev, driven by the fake
# dkms, modprobe and vm_run in tests/fixtures/ci/bin), succeed, fail on
# purpose at each point, hang past their timeout, or are killed; after every
# run the host tree must be byte for byte what it was, and no VM may be left.
#
# usage: ci/hw/selftest.sh WORKDIR   (the fake hosts go to a temporary directory)
# Prints "ok N name" / "not ok N name" (KTAP) and writes WORKDIR/selftest.counts.
set -eu -o pipefail

TOP=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
work=$1
rm -rf "$work" && mkdir -p "$work"
work=$(readlink -f "$work")
# The fake hosts live outside the build tree: their etc/modprobe.d would
# look like a dependency file to the top Makefile's "*.d" include.
hosts=$(mktemp -d "${TMPDIR:-/tmp}/ci-hw-hosts.XXXXXX")
trap 'rm -rf "$hosts"' EXIT
FAKEBIN=$TOP/tests/fixtures/ci/bin
KVER=6.1.0-ci-fake
PF=0000:00:02.0
VF=0000:00:02.1
passed=0
failed=0
n=0

export CI_HW_KVER=$KVER
export CI_HW_VM_RUN=$FAKEBIN/vm_run
export SUDO=""
unset CI_HW_FAULT CI_FAKE_VM CI_FAKE_DKMS_BUILD_FAIL CI_FAKE_MODPROBE_FAIL

# A healthy host: i915 from DKMS 2024.12.01 loaded with max_vfs=7 from
# modprobe.d, no VFs, kvmfr and vfio-pci not loaded, /dev/kvm present.
make_host() {
	local r=$1 d
	rm -rf "$r"
	mkdir -p "$r/proc" "$r/run" "$r/dev" "$r/etc/modprobe.d" "$r/usr/src" \
		"$r/sys/bus/pci/devices" "$r/lib/modules/$KVER/updates/dkms"
	echo "options i915 enable_guc=3 max_vfs=7" >"$r/etc/modprobe.d/i915.conf"
	printf 'kvm_intel 380928 0 - Live 0x0\nkvm 1142784 1 kvm_intel, Live 0x0\n' >"$r/proc/modules"
	: >"$r/dev/kvm"
	: >"$r/sys/bus/pci/drivers_probe"
	d=$r/sys/bus/pci/devices/$PF
	mkdir -p "$d" "$r/sys/bus/pci/devices/$VF"
	echo 0 >"$d/sriov_numvfs"
	ln -s "../$VF" "$d/virtfn0"
	echo "(null)" >"$r/sys/bus/pci/devices/$VF/driver_override"
	mkdir -p "$r/var/lib/dkms/i915-sriov-dkms/2024.12.01/$KVER/x86_64/module" \
		"$r/usr/src/i915-sriov-dkms-2024.12.01"
	touch "$r/var/lib/dkms/i915-sriov-dkms/2024.12.01/$KVER/installed"
	echo 'PACKAGE_NAME="i915-sriov-dkms"' >"$r/usr/src/i915-sriov-dkms-2024.12.01/dkms.conf"
	echo "i915-sriov-dkms/2024.12.01" >"$r/lib/modules/$KVER/updates/dkms/i915.ko"
	CI_HW_ROOT=$r "$FAKEBIN/modprobe" i915
	rm -f "$r/run/calls"
}

# The driver source under test: a DKMS tree named like the installed one.
mkdir -p "$work/src"
printf 'PACKAGE_NAME="i915-sriov-dkms"\nPACKAGE_VERSION="2025.01.01"\nBUILT_MODULE_NAME[0]="i915"\n' \
	>"$work/src/dkms.conf"

# host_state ROOT: every file with its contents and every directory, except
# run/ (the fakes' own notes) and drivers_probe (a write-only trigger in sysfs). driver_override reads "(null)" once cleared.
host_state() {
	(
		cd "$1"
		find . -path ./run -prune -o -type d -print | sort
		find . -path ./run -prune -o -name drivers_probe -prune -o \( -type f -o -type l \) -print | sort |
			while read -r f; do
				if [ -L "$f" ]; then
					printf '%s -> %s\n' "$f" "$(readlink "$f")"
				else
					printf '%s: %s\n' "$f" "$(sed 's/^(null)$//' "$f" | tr '\n' '|')"
				fi
			done
	)
}

result() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		passed=$((passed + 1))
		echo "ok $n $2"
	else
		failed=$((failed + 1))
		echo "not ok $n $2"
		[ -z "${3:-}" ] || sed 's/^/# /' "$3"
	fi
}

# expect NAME CONDITION...: one test case from a shell condition.
expect() {
	local name=$1
	shift
	if "$@" >"$work/expect.out" 2>&1; then result 0 "$name"; else result 1 "$name" "$work/expect.out"; fi
}

# run_case NAME: a pipeline run against a fresh fake host, in $host/$out.
run_case() {
	host=$hosts/$1
	out=$work/$1/out
	mkdir -p "$work/$1"
	make_host "$host"
	host_state "$host" >"$work/$1/before"
	rc=0
	PATH=$FAKEBIN:$PATH CI_HW_ROOT="" "$TOP/ci/hw/pipeline.sh" --host-root "$host" \
		--dkms-src "$work/src" --stages "${STAGES:-driver,vm}" -o "$out" \
		>"$work/$1/pipeline.log" 2>&1 || rc=$?
}

restored() {
	host_state "$host" >"$work/$case/after"
	diff -u "$work/$case/before" "$work/$case/after"
}

stage_is() { # STAGE STATUS [REASON-SUBSTRING]
	local line
	line=$(grep "^$1	" "$out/stages.tsv") || { echo "no $1 in stages.tsv"; return 1; }
	[ "$(echo "$line" | cut -f2)" = "$2" ] || { echo "$line"; return 1; }
	[ -z "${3:-}" ] || echo "$line" | cut -f4 | grep -qF "$3" || { echo "$line"; return 1; }
}

vm_gone() {
	local pid
	[ -s "$host/run/fake-vm.pid" ] || return 0
	pid=$(cat "$host/run/fake-vm.pid")
	! kill -0 "$pid" 2>/dev/null
}

echo "KTAP version 1"
echo "1..28"

# 1. Everything passes: the stages did what they say while they ran, and
# the host is back as it was at the end.
case=ok
run_case $case
expect "ok: pipeline exits 0" test "$rc" = 0
expect "ok: driver and vm pass" sh -c "$(declare -f stage_is); out='$out'; stage_is driver pass && stage_is vm pass"
expect "ok: the guest ran with 1 VF bound to vfio-pci" \
	grep -qxF -e "numvfs=1" "$host/run/vm-saw"
expect "ok: the VF was bound to vfio-pci, kvmfr was there" \
	sh -c "grep -qxF 'vf=$VF override=vfio-pci' '$host/run/vm-saw' && grep -qxF 'shm=$host/dev/kvmfr0 exists=yes' '$host/run/vm-saw'"
expect "ok: the guest ran on the driver under test with max_vfs=7" \
	grep -qxF "i915=i915-sriov-dkms/ci params=max_vfs=7" "$host/run/vm-saw"
expect "ok: the driver stage enabled all 7 VFs" grep -qxF "dkms install i915-sriov-dkms/ci -k $KVER --force" "$host/run/calls"
expect "ok: host restored" restored
expect "ok: guest KTAP kept and converted" \
	sh -c "grep -qx 'ok 2 frame_via_kvmfr' '$out/ktap/vm-vf.ktap' && grep -q 'name=\"vf_probed\"' '$out/junit/vm-vf.xml'"
expect "ok: one summary line per stage and a closing line" \
	sh -c "grep -c '^\\(driver\\|vm\\|collect\\) ' '$out/summary.txt' | grep -qx 3 && tail -n 1 '$out/summary.txt' | grep -qx 'ci-hw: 3 passed, 0 failed, 0 skipped'"

# 2. The driver stage fails after reloading i915: the old driver is back on
# disk and in memory, the VM stage does not run.
case=driver-fault
CI_HW_FAULT=driver:after-reload run_case $case
expect "driver fault: exit 1" test "$rc" = 1
expect "driver fault: reason recorded" stage_is driver fail "fault injected at driver:after-reload"
expect "driver fault: vm skipped" stage_is vm skip "driver stage failed"
expect "driver fault: host restored (DKMS, /lib/modules, i915 reloaded from the old file)" restored

# 3. The driver build fails: our version is gone from DKMS and /usr/src.
case=build-fail
CI_FAKE_DKMS_BUILD_FAIL=1 run_case $case
expect "build fail: reason points at the log" stage_is driver fail "dkms build i915-sriov-dkms/ci for $KVER failed"
expect "build fail: host restored" restored

# 4. Enabling all VFs, then failing: VFs are disabled before i915 is
# unloaded (the fake modprobe refuses otherwise, as the kernel does).
case=enable-fault
CI_HW_FAULT=driver:after-enable run_case $case
expect "enable fault: reason recorded" stage_is driver fail "driver:after-enable"
expect "enable fault: host restored" restored

# 5. The VM stage fails after binding the VF to vfio-pci.
case=bind-fault
CI_HW_FAULT=vm:after-bind run_case $case
expect "bind fault: driver passed, vm failed" sh -c "$(declare -f stage_is); out='$out'; stage_is driver pass && stage_is vm fail 'vm:after-bind'"
expect "bind fault: host restored (override, VFs, vfio-pci, kvmfr)" restored

# 6. The guest reports "not ok": the stage fails on the KTAP.
case=guest-fail
CI_FAKE_VM=fail run_case $case
expect "guest not ok: vm fails" stage_is vm fail "VM test with VF $VF failed"
expect "guest not ok: JUnit has the failure" grep -q '<failure' "$out/junit/vm-vf.xml"
expect "guest not ok: host restored" restored

# 7. The guest hangs: the stage's timeout kills it, and cleans up.
case=vm-hang
CI_FAKE_VM=hang CI_HW_TIMEOUT_VM=3 run_case $case
expect "vm hang: timeout recorded" stage_is vm fail "timeout after 3s"
expect "vm hang: no VM left" vm_gone
expect "vm hang: host restored" restored

# 8. The whole pipeline is killed (a CI job cancelled) while the guest runs.
case=killed
host=$hosts/$case
out=$work/$case/out
mkdir -p "$work/$case"
make_host "$host"
host_state "$host" >"$work/$case/before"
PATH=$FAKEBIN:$PATH CI_FAKE_VM=hang "$TOP/ci/hw/pipeline.sh" --host-root "$host" \
	--dkms-src "$work/src" --stages driver,vm -o "$out" >"$work/$case/pipeline.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
	[ -s "$host/run/fake-vm.pid" ] && break
	sleep 0.1
done
sleep 0.3
kill -TERM "$pid"
rc=0
wait "$pid" || rc=$?
expect "killed: pipeline exits non-zero, counted as a failure" \
	sh -c "test '$rc' != 0 && grep -q 'failed' '$out/summary.txt' && ! grep -q ' 0 failed' '$out/summary.txt'"
expect "killed: no VM left" vm_gone
expect "killed: host restored" restored

echo "# selftest: $passed passed, $failed failed"
echo "$passed $failed" >"$work/selftest.counts"
[ "$failed" = 0 ] && [ "$n" = 28 ]
