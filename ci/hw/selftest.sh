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
# The driver stage's failure kinds run with Debian's real dkms, confined to
# the fake host's tree, on stub driver trees made here and built against an
# installed kernel's real headers: a kernel outside the range, no headers, a
# compile error, an unsigned module and a module signed with dkms's own key
# not enrolled under Secure Boot; and the dependent module (the driver's
# compat module under i915) with the fake modprobe's dependencies.
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
unset CI_HW_FAULT CI_FAKE_VM CI_FAKE_DKMS_BUILD_FAIL CI_FAKE_MODPROBE_FAIL CI_HW_DKMS \
	sign_file mok_signing_key mok_certificate
skipped=0

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
	printf 'PACKAGE_NAME="i915-sriov-dkms"\nPACKAGE_VERSION="2024.12.01"\n%s\n' \
		"${BASE_MODS:-BUILT_MODULE_NAME[0]=\"i915\"}" \
		>"$r/usr/src/i915-sriov-dkms-2024.12.01/dkms.conf"
	sed -n 's/^BUILT_MODULE_NAME\[[0-9]*\]="\(.*\)"/\1/p' "$r/usr/src/i915-sriov-dkms-2024.12.01/dkms.conf" |
		while read -r d; do
			echo "i915-sriov-dkms/2024.12.01" >"$r/lib/modules/$KVER/updates/dkms/$d.ko"
		done
	[ -z "${MODULES_DEP:-}" ] || echo "$MODULES_DEP" >"$r/lib/modules/$KVER/modules.dep"
	# The kernel's headers, as Debian links them: a tree inside the host, or
	# (HEADERS=DIR) an installed kernel's real headers for the real dkms.
	if [ -n "${HEADERS:-}" ]; then
		ln -s "$(realpath --relative-to="$r/lib/modules/$KVER" "$HEADERS")" "$r/lib/modules/$KVER/build"
	elif [ "${HEADERS-unset}" = unset ]; then
		mkdir -p "$r/usr/src/linux-headers-$KVER/include"
		ln -s "/usr/src/linux-headers-$KVER" "$r/lib/modules/$KVER/build"
	fi
	# Secure Boot on (SB=1): the EFI variables as efivarfs shows them.
	if [ -n "${SB:-}" ]; then
		mkdir -p "$r/sys/firmware/efi/efivars"
		printf '\007\000\000\000\001' >"$r/sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c"
		printf '\006\000\000\000\000' >"$r/sys/firmware/efi/efivars/SetupMode-8be4df61-93ca-11d2-aa0d-00e098032b8c"
		# shim's MOK list, holding one other X.509 entry ("CERT").
		{
			printf '\006\000\000\000'
			printf '\241\131\300\245\344\224\247\112\207\265\253\025\134\053\360\162'
			printf '\060\000\000\000\000\000\000\000\024\000\000\000'
			printf '\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000CERT'
		} >"$r/sys/firmware/efi/efivars/MokListRT-605dab50-e046-4300-abb6-3dd810dd8b23"
	fi
	CI_HW_ROOT=$r CI_FAKE_MODPROBE_FAIL="" "$FAKEBIN/modprobe" i915
	rm -f "$r/run/calls"
}

# The driver source under test: a DKMS tree named like the installed one.
mkdir -p "$work/src"
printf 'PACKAGE_NAME="i915-sriov-dkms"\nPACKAGE_VERSION="2025.01.01"\nBUILT_MODULE_NAME[0]="i915"\n' \
	>"$work/src/dkms.conf"

# host_state ROOT: every file with its contents and every directory, except
# run/ (the fakes' own notes), drivers_probe (a write-only trigger in sysfs)
# and the MOK key real dkms makes at its first signed build (it stays on a
# real host too: it is what gets enrolled). driver_override reads "(null)"
# once cleared.
host_state() {
	(
		cd "$1"
		find . -path ./run -prune -o -type d -print | sort
		find . -path ./run -prune -o -name drivers_probe -prune -o -name 'mok.key' -prune \
			-o -name mok.pub -prune -o \( -type f -o -type l \) -print | sort |
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

# run_case NAME: a pipeline run against a fresh fake host, in $host/$out,
# of the driver tree SRC (default: the fake's).
run_case() {
	host=$hosts/$1
	out=$work/$1/out
	mkdir -p "$work/$1"
	make_host "$host"
	host_state "$host" >"$work/$1/before"
	rc=0
	PATH=$FAKEBIN:$PATH CI_HW_ROOT="" "$TOP/ci/hw/pipeline.sh" --host-root "$host" \
		--dkms-src "${SRC:-$work/src}" --stages "${STAGES:-driver,vm}" -o "$out" \
		${DRY:+--dry-run} >"$work/$1/pipeline.log" 2>&1 || rc=$?
}

skip_case() { # COUNT REASON: COUNT cases that cannot run here, said why
	local _
	for _ in $(seq 1 "$1"); do
		n=$((n + 1))
		skipped=$((skipped + 1))
		echo "ok $n $2 # SKIP"
	done
}

# stub NAME LINES...: a driver tree: dkms.conf (package stub-sriov, version
# 1.0, plus LINES) and a one-file module stub_a that compiles.
stub() {
	local d=$work/stubs/$1
	shift
	rm -rf "$d" && mkdir -p "$d"
	{
		printf 'PACKAGE_NAME="stub-sriov"\nPACKAGE_VERSION="1.0"\n'
		printf 'BUILT_MODULE_NAME[0]="stub_a"\nDEST_MODULE_LOCATION[0]=/updates\n'
		# shellcheck disable=SC2016 # dkms expands these, not this shell
		printf 'MAKE[0]="make -C ${kernel_source_dir} M=${dkms_tree}/${PACKAGE_NAME}/${PACKAGE_VERSION}/build"\n'
		printf '%s\n' "$@"
	} >"$d/dkms.conf"
	echo 'obj-m += stub_a.o' >"$d/Makefile"
	printf '#include <linux/module.h>\nMODULE_LICENSE("GPL");\n' >"$d/stub_a.c"
	printf 'static int __init a_init(void) { return 0; }\nmodule_init(a_init);\n' >>"$d/stub_a.c"
	echo "$d"
}

in_junit() { # TEXT: the driver stage's JUnit case holds TEXT (XML-escaped)
	grep -qF -- "$1" "$out/junit/ci-hw-stages.xml"
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

TOTAL=64
echo "KTAP version 1"
echo "1..$TOTAL"

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
expect "ok: the driver stage enabled all 7 VFs" grep -qF "install i915-sriov-dkms/ci -k $KVER --force" "$host/run/calls"
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

# 3. The driver build fails: our version is gone from DKMS and /usr/src,
# make.log was kept first, and the compiler's error is the reason.
case=build-fail
CI_FAKE_DKMS_BUILD_FAIL=1 run_case $case
expect "build fail: the compiler's first error is the reason" \
	stage_is driver fail "compile error: i915-sriov-dkms 2025.01.01 on $KVER: drv.c:3:1: error: fake compile error (artifacts/dkms-make.log)"
expect "build fail: make.log kept before the undo" grep -q 'error: fake compile error' "$out/artifacts/dkms-make.log"
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

# 9. The driver's whole module set: i915 needs intel_sriov_compat, both
# loaded from the baseline before the run. modprobe i915 of the driver under
# test fails after it loaded the new compat module: at the end the compat
# module must be the baseline's again, not the one left by the test.
export BASE_MODS='BUILT_MODULE_NAME[0]="intel_sriov_compat"
BUILT_MODULE_NAME[1]="i915"'
export MODULES_DEP="updates/dkms/i915.ko: updates/dkms/intel_sriov_compat.ko"
mkdir -p "$work/src2"
printf 'PACKAGE_NAME="i915-sriov-dkms"\nPACKAGE_VERSION="2025.01.01"\n%s\n' "$BASE_MODS" >"$work/src2/dkms.conf"
case=dep-ok
SRC=$work/src2 run_case $case
expect "dependent module: both were loaded from the baseline" \
	grep -qx "i915-sriov-dkms/2024.12.01" "$host/sys/module/intel_sriov_compat/loaded_from"
expect "dependent module: the guest ran on the new i915" grep -qxF "i915=i915-sriov-dkms/ci params=max_vfs=7" "$host/run/vm-saw"
expect "dependent module: host restored" restored
case=dep-load-fail
SRC=$work/src2 CI_FAKE_MODPROBE_FAIL=i915 run_case $case
expect "dependent module, load fails: its own reason" stage_is driver fail "load: modprobe i915 max_vfs=7 failed (modprobe: ERROR: could not insert 'i915'"
expect "dependent module, load fails: the baseline's compat module is back" restored
# A signature the kernel rejects is said as such, not as any failed modprobe.
case=key-rejected
SRC=$work/src2 CI_FAKE_MODPROBE_FAIL=i915:key run_case $case
expect "key rejected at load: signing reason" stage_is driver fail "load: the kernel refused the module's signature"
expect "key rejected at load: host restored" restored
unset BASE_MODS MODULES_DEP

# 10. The dry run checks the driver against the kernel: in range with its
# headers, or the reason; the VM stage's skip says what is really missing.
STAGES=driver,vm DRY=1 run_case dry-ok
expect "dry run: the driver is in range with its headers" stage_is driver skip "i915-sriov-dkms 2025.01.01 (i915) is in range for $KVER with its headers"
expect "dry run: the VM skip reason is true (/dev/kvm present here)" stage_is vm skip "/dev/kvm present, PF $PF has sriov_numvfs: a VF needs the Raptor Lake runner"
mkdir -p "$work/src-excl"
printf 'PACKAGE_NAME="i915-sriov-dkms"\nPACKAGE_VERSION="2026.05.06"\nBUILT_MODULE_NAME[0]="i915"\nBUILD_EXCLUSIVE_KERNEL="^(6\\.1[7-9]|7\\.0)"\n' >"$work/src-excl/dkms.conf"
SRC=$work/src-excl STAGES=driver DRY=1 run_case dry-excluded
expect "dry run: a kernel outside the range fails with the range" stage_is driver fail "excluded kernel: kernel $KVER is outside i915-sriov-dkms 2026.05.06's range BUILD_EXCLUSIVE_KERNEL=\"^(6\\.1[7-9]|7\\.0)\""
HEADERS="" STAGES=driver DRY=1 run_case dry-no-headers
expect "dry run: no headers fails with the package" stage_is driver fail "no headers: no headers for kernel $KVER"
expect "dry run: no headers names linux-headers-$KVER" stage_is driver fail "apt-get install linux-headers-$KVER"

# 11. Each failure kind with the real dkms, confined to the fake host, on
# stub trees built against an installed kernel's real headers.
real_dkms=$(command -v dkms || true)
[ -x /usr/sbin/dkms ] && real_dkms=/usr/sbin/dkms
hdr="" hk=""
for b in /lib/modules/*/build; do
	if [ -e "$b/include" ] && [ -e "$b/Makefile" ]; then hdr=$(readlink -f "$b"); hk=$(basename "$(dirname "$b")"); break; fi
done
if [ -z "$real_dkms" ] || [ -z "$hdr" ]; then
	skip_case 23 "real dkms: needs dkms and an installed kernel's headers (scripts/deps/dkms.txt, linux-headers-amd64)"
else
	rkv() { CI_HW_KVER=$hk KVER=$hk HEADERS=${RH-$hdr} CI_HW_DKMS=$real_dkms STAGES=driver "$@"; }
	# BUILD_EXCLUSIVE_CONFIG is what only dkms itself evaluates (the
	# check reads no kernel config): its own refusal, exit 77.
	s_cfg=$(stub excl-config 'BUILD_EXCLUSIVE_CONFIG="CONFIG_CI_NOT_A_REAL_OPTION"')
	case=real-excluded
	SRC=$s_cfg rkv run_case $case
	expect "real dkms, excluded (dkms's exit 77): its own reason" stage_is driver fail "excluded kernel: dkms refuses $hk"
	expect "real dkms, excluded: the stub is gone from the host's DKMS tree" restored
	s_rng=$(stub excl-range 'BUILD_EXCLUSIVE_KERNEL="^0\."')
	case=real-range
	SRC=$s_rng rkv run_case $case
	expect "real dkms, outside the range: refused before dkms runs" stage_is driver fail "excluded kernel: kernel $hk is outside stub-sriov 1.0's range"
	expect "real dkms, outside the range: dkms never ran" sh -c "! grep -q 'dkms add' '$work/$case/pipeline.log'"
	# No headers: the check stops it; dkms itself says the same.
	s_ok=$(stub ok)
	case=real-no-headers
	RH="" SRC=$s_ok rkv run_case $case
	expect "real dkms, no headers: its own reason with the package" stage_is driver fail "no headers: no headers for kernel $hk"
	expect "real dkms, no headers: host restored" restored
	# A compile error: make.log kept before the undo, the first error in the
	# reason and in the JUnit failure, the rest of make.log beside it.
	s_err=$(stub compile-error)
	printf 'static int broken(void) { return undeclared_symbol; }\n' >>"$s_err/stub_a.c"
	case=real-compile-error
	SRC=$s_err rkv run_case $case
	expect "real dkms, compile error: the compiler's error is the reason" stage_is driver fail "compile error: stub-sriov 1.0 on $hk: stub_a.c:5:"
	expect "real dkms, compile error: reason names the symbol" stage_is driver fail "undeclared_symbol"
	expect "real dkms, compile error: make.log saved in artifacts" grep -q "error: .undeclared_symbol. undeclared" "$out/artifacts/dkms-make.log"
	expect "real dkms, compile error: JUnit failure holds the error" in_junit "undeclared_symbol"
	expect "real dkms, compile error: JUnit system-out holds make.log" in_junit "DKMS make.log for stub-sriov-ci"
	expect "real dkms, compile error: dkms's build directory is gone (undo ran)" test ! -e "$host/var/lib/dkms/stub-sriov/ci"
	expect "real dkms, compile error: host restored" restored
	# Secure Boot: an unsigned module (no sign-file), then one signed with
	# the key dkms made itself, which nobody enrolled.
	case=real-unsigned
	SRC=$s_ok SB=1 sign_file=/nonexistent/sign-file rkv run_case $case
	expect "real dkms, unsigned on Secure Boot: signing reason" stage_is driver fail "signing: Secure Boot is on and dkms built stub-sriov unsigned"
	expect "real dkms, unsigned on Secure Boot: host restored" restored
	case=real-key
	SRC=$s_ok SB=1 rkv run_case $case
	expect "real dkms, own key not enrolled: dkms made it in the host's tree" test -s "$host/var/lib/dkms/mok.pub"
	expect "real dkms, own key not enrolled: reason with mokutil --import" stage_is driver fail "signing: Secure Boot is on and dkms's signing certificate /var/lib/dkms/mok.pub is not an enrolled MOK: the kernel will refuse the modules; mokutil --import /var/lib/dkms/mok.pub"
	expect "real dkms, own key not enrolled: host restored" restored
	# 12. make dkms-matrix's script on the same stubs: real dkms in its own
	# tree, one cell per installed kernel, JSON and HTML; nothing of the
	# host's DKMS changes (no key made in /var/lib/dkms).
	bin=${O:-$TOP/out}/plain/bin
	case $bin in /*) ;; *) bin=$TOP/$bin ;; esac
	ls -A /var/lib/dkms >"$work/host-dkms.before" 2>/dev/null || true
	mrc=0
	"$TOP/ci/dkms/dkms-matrix.sh" -o "$work/matrix-ok" -c "$bin/dkms_check" \
		-r "$bin/dkms_matrix_report" "$s_ok" >"$work/matrix-ok.log" 2>&1 || mrc=$?
	expect "matrix: exits 0 (dkms agrees with the check)" test "$mrc" = 0
	expect "matrix: the stub built for $hk, in JSON" \
		grep -q "\"kernel\":\"$hk\",\"result\":\"built\"" <(tr -d ' \n' <"$work/matrix-ok/matrix.json")
	expect "matrix: HTML table written" grep -q '<td class="built">' "$work/matrix-ok/matrix.html"
	mrc=0
	"$TOP/ci/dkms/dkms-matrix.sh" -o "$work/matrix-excl" -c "$bin/dkms_check" \
		-r "$bin/dkms_matrix_report" "$s_rng" >"$work/matrix-excl.log" 2>&1 || mrc=$?
	expect "matrix: an excluded range is dkms's exit 77 and the check's prediction" \
		sh -c "test '$mrc' = 0 && grep -q '	$hk	excluded-kernel	[0-9]*	excluded-kernel	' '$work/matrix-excl/matrix.tsv'"
	expect "matrix: the host's /var/lib/dkms is untouched" \
		sh -c "ls -A /var/lib/dkms 2>/dev/null | diff '$work/host-dkms.before' -"
fi

echo "# selftest: $passed passed, $failed failed, $skipped skipped"
echo "$passed $failed $skipped" >"$work/selftest.counts"
[ "$failed" = 0 ] && [ "$n" = "$TOTAL" ]
