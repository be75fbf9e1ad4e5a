#!/bin/sh
# SPDX-License-Identifier: MIT
# The harness's stages on the emulated DUT (a busybox initramfs under QEMU,
# built by `vm_ktest image`; ci/lava/README.md), written as ci/hw/pipeline.sh
# writes them: DIR/stages.tsv (stage, status, seconds, reason),
# DIR/summary.txt, DIR/ktap/, DIR/junit/, DIR/artifacts/. What the emulated
# DUT can run, runs for real:
#   kmod   kernel/'s modules (built for the booted kernel) loaded, the
#          self-test's KTAP read from the kernel log, both unloaded
#   sriov  vfctl vfs/vfio over QEMU's igb PF and its real VFs
#          (tests/vm/sriov_guest.c, KTAP)
#   collect the DUT's facts into artifacts/
# The stages that need Raptor Lake are skipped, each with its reason.
# POSIX sh: busybox has no bash.
#
# usage: ci/lava/emulated-stages.sh -o DIR [--stages LIST] [pipeline options]
# The pipeline's other options (--dkms-src, --igt-build, --max-vfs, ...) are
# accepted and unused. CI_FAULT=STAGE:POINT fails that stage on purpose
# there (the proof that a failing case fails the verdict).
# Exit status 0 only if no stage failed; 2 on usage errors.
# shellcheck disable=SC2317 # the stage functions are called as stage_$s
set -eu
out=""
all="preflight check driver kmod sriov igt vm bench collect"
stages=$all
while [ $# -gt 0 ]; do
	case "$1" in
	-o) out=$2; shift ;;
	--stages) stages=$(printf '%s' "$2" | tr ',' ' '); shift ;;
	--dkms-src | --igt-build | --igt-src | --max-vfs | --vfs | --pf | --host-root) shift ;;
	--dry-run) ;;
	*) echo "emulated-stages.sh: unknown option '$1'" >&2; exit 2 ;;
	esac
	shift
done
[ -n "$out" ] || { echo "emulated-stages.sh: -o DIR is needed" >&2; exit 2; }
moddir=${CI_LAVA_MODDIR:-/lib/modules/pf}
bin=${CI_LAVA_BIN:-/bin}
mkdir -p "$out/ktap" "$out/junit" "$out/artifacts" "$out/state"
: >"$out/stages.tsv"
: >"$out/summary.txt"
state=$out/state

rpl="needs Raptor Lake, this DUT is emulated (QEMU TCG, no Intel iGPU)"

# Inside a stage (a subshell): skip REASON (77) or fail REASON (1).
skip() { printf '%s\n' "$*" >"$state/reason"; exit 77; }
fail() { printf '%s\n' "$*" >"$state/reason"; exit 1; }
fault() {
	[ "${CI_FAULT:-}" != "$STAGE:$1" ] || fail "fault injected at $STAGE:$1"
}

mod_loaded() { grep -q "^$1 " /proc/modules; }

stage_kmod() {
	[ -e "$moddir/i915_sriov_pf.ko" ] || fail "no $moddir/i915_sriov_pf.ko in the image"
	before=$(dmesg | wc -l)
	insmod "$moddir/i915_sriov_pf.ko" || fail "insmod i915_sriov_pf.ko failed"
	if ! insmod "$moddir/i915_sriov_pf_selftest.ko"; then
		rmmod i915_sriov_pf
		fail "insmod i915_sriov_pf_selftest.ko failed"
	fi
	dmesg | tail -n +"$((before + 1))" >"$out/artifacts/kmod-dmesg.txt"
	rmmod i915_sriov_pf_selftest || fail "rmmod i915_sriov_pf_selftest failed"
	rmmod i915_sriov_pf || fail "rmmod i915_sriov_pf failed"
	! mod_loaded i915_sriov_pf || fail "i915_sriov_pf still loaded after rmmod"
	fault after-load
	"$bin/ci_results" ktap -n module-selftest -o "$out/ktap/module-selftest.ktap" \
		-j "$out/junit/module-selftest.xml" "$out/artifacts/kmod-dmesg.txt" ||
		fail "module self-test: see ktap/module-selftest.ktap"
	if grep -qE 'WARNING:|BUG:|Oops' "$out/artifacts/kmod-dmesg.txt"; then
		fail "kernel splat while the self-test ran (artifacts/kmod-dmesg.txt)"
	fi
}

stage_sriov() {
	rc=0
	[ -x "$bin/sriov-guest" ] || fail "no $bin/sriov-guest in the image"
	"$bin/sriov-guest" "$bin/vfctl" >"$out/ktap/sriov-lifecycle.ktap" 2>"$out/artifacts/sriov.err" ||
		rc=$?
	fault after-run
	"$bin/ci_results" ktap -n sriov-lifecycle -o "$out/ktap/sriov-lifecycle.norm.ktap" \
		-j "$out/junit/sriov-lifecycle.xml" "$out/ktap/sriov-lifecycle.ktap" ||
		fail "SR-IOV lifecycle: see ktap/sriov-lifecycle.ktap"
	[ "$rc" = 0 ] || fail "sriov-guest exited $rc (artifacts/sriov.err)"
}

stage_collect() {
	uname -a >"$out/artifacts/uname.txt"
	cat /proc/cmdline >"$out/artifacts/cmdline.txt"
	cp /proc/modules "$out/artifacts/modules.txt"
}

stage_preflight() { skip "$rpl: vfctl doctor checks an i5-13600K host and its UHD 770 PF"; }
stage_check() { skip "make check runs this emulated job; the busybox DUT has no toolchain"; }
stage_driver() { skip "$rpl: the i915 SR-IOV DKMS driver binds only the iGPU's PF"; }
stage_igt() { skip "$rpl: IGT's SR-IOV tests drive the i915 PF"; }
stage_vm() { skip "$rpl: the VM stage passes an iGPU VF and kvmfr to a KVM guest"; }
stage_bench() { skip "$rpl: the benchmarks measure the real machine"; }

for s in $stages; do
	case " $all " in
	*" $s "*) ;;
	*) echo "emulated-stages.sh: unknown stage '$s'" >&2; exit 2 ;;
	esac
done
failed=0
for s in $stages; do
	rm -f "$state/reason"
	start=$(date +%s)
	rc=0
	(STAGE=$s; "stage_$s") >"$out/artifacts/$s.log" 2>&1 || rc=$?
	case $rc in
	0) status=pass reason="" ;;
	77) status=skip reason=$(cat "$state/reason") ;;
	*) status=fail reason=$(cat "$state/reason" 2>/dev/null || echo "exit status $rc (artifacts/$s.log)") ;;
	esac
	[ "$status" != fail ] || failed=1
	seconds=$(($(date +%s) - start))
	printf '%s\t%s\t%s\t%s\n' "$s" "$status" "$seconds" "$reason" >>"$out/stages.tsv"
	printf '%-10s %-4s %5ss  %s\n' "$s" "$status" "$seconds" "$reason" >>"$out/summary.txt"
done
awk -F'\t' '{ n[$2]++ } END {
	printf "emulated: %d passed, %d failed, %d skipped\n", n["pass"], n["fail"], n["skip"] }' \
	"$out/stages.tsv" >>"$out/summary.txt"
exit $failed
