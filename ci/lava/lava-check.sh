#!/bin/bash
# SPDX-License-Identifier: MIT
#
# `make check` part of ci/lava: LAVA's own dispatcher (Debian's lava-run,
# no server) runs the project's jobs on the emulated DUT and the verdict
# comes from the test cases the DUT reported, not from the jobs' status:
#   selftest  kernel/'s modules built for the booted kernel, loaded in the
#             guest, each KTAP case a LAVA test case (ci/lava/report.sh,
#             the hardware job's reporting path)
#   sriov     QEMU's igb PF, vfctl vfs/vfio over its VFs, each check a case;
#             the hardware stages that need Raptor Lake are LAVA skips
#   fault     the selftest job with a failure injected (CI_FAULT): it must
#             fail the verdict while LAVA still calls the job complete
# The guest image is tests/vm's (`vm_ktest image`); the test definitions
# reach the dispatcher as LAVA fetches them, from a git repository: a
# snapshot of this tree's ci/lava.
#
# usage: ci/lava/lava-check.sh O RESULTS_DIR
# Writes O/lava/results.tsv, O/lava/junit/*.xml, O/lava/<job>/lava.log (the
# dispatcher's output stream) and RESULTS_DIR/lava.counts, lava.skips.
# Whatever the dispatcher leaves (its directory under
# /var/lib/lava/dispatcher/tmp, QEMU) is removed on every path.
# Exit: 0 verdicts as expected, 1 not, 3 environment missing.
set -u -o pipefail
o=$1
results=$2
cd "$(dirname "$0")/../.." || exit 3
top=$PWD
case "$o" in /*) ;; *) o=$top/$o ;; esac
work=$o/lava
lava_tmp=/var/lib/lava/dispatcher/tmp
# The dispatcher's directory is $lava_tmp/<prefix><job id>: a prefix of
# this run's own, so that concurrent checkouts never share one.
prefix="i915-sriov-check-$$-"
passed=0
failed=0
skipped=0
child=""

mkdir -p "$results"
rm -f "$results/lava.counts"
: >"$results/lava.skips"
counts() { echo "$passed $failed $skipped" >"$results/lava.counts"; }
ok() { passed=$((passed + 1)); echo "   ok   $1"; }
bad() { failed=$((failed + 1)); echo "   FAIL $1"; }
skip() { skipped=$((skipped + 1)); echo "   skip $1: $2"; echo "$1: $2" >>"$results/lava.skips"; }

# stop_job: the dispatcher's process group, then the QEMU it started (in a
# session of its own, on a pty: found by this run's directory in its
# command line), then the directory; nothing of the job survives this.
stop_job() {
	local pid=$child i q
	if [ -n "$pid" ]; then
		for i in 1 2 3 4 5 6 7 8 9 10; do
			kill -0 -- "-$pid" 2>/dev/null || break
			if [ "$i" -lt 6 ]; then kill -TERM -- "-$pid" 2>/dev/null; else kill -KILL -- "-$pid" 2>/dev/null; fi
			sleep 0.5
		done
		wait "$pid" 2>/dev/null
		child=""
	fi
	for i in 1 2 3 4 5 6; do
		q=$(pgrep -f "$lava_tmp/$prefix") || break
		# shellcheck disable=SC2086 # one PID per word
		if [ "$i" -lt 4 ]; then kill -TERM $q 2>/dev/null; else kill -KILL $q 2>/dev/null; fi
		sleep 0.5
	done
	rm -rf --one-file-system "${lava_tmp:?}/${prefix:?}"*
}

finish() {
	local rc=$?
	trap - EXIT INT TERM
	stop_job
	[ -s "$results/lava.counts" ] || { failed=$((failed + 1)); counts; }
	exit "$rc"
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ ! -x /usr/bin/lava-run ]; then
	echo "   lava: /usr/bin/lava-run missing (apt-get install lava-dispatcher)" >&2
	failed=1
	counts
	exit 3
fi
qemu=$(command -v "${QEMU:-qemu-system-x86_64}") || {
	echo "   lava: qemu-system-x86_64 missing" >&2
	failed=1
	counts
	exit 3
}

# What an earlier run killed with SIGKILL left: its QEMU and directories
# (the run's PID is in the prefix, and that process is gone).
for d in "$lava_tmp"/i915-sriov-check-*-*; do
	[ -e "$d" ] || continue
	p=${d#"$lava_tmp"/i915-sriov-check-}
	p=${p%%-*}
	if ! kill -0 "$p" 2>/dev/null; then
		echo "   (removing what the killed run $p left: $d)"
		# shellcheck disable=SC2046 # one PID per word
		kill -KILL $(pgrep -f "$d/") 2>/dev/null
		rm -rf --one-file-system "$d"
	fi
done

rm -rf "$work" && mkdir -p "$work/junit"
: >"$work/results.tsv"

# The guest: Debian's kernel, a busybox initramfs with the modules built
# for it, vfctl, the igb/vfio modules, sriov-guest and ci_results.
if ! "$o/plain/bin/vm_ktest" image -s kernel -w "$work/build" -c "$o/vm" \
	-o "$work/initrd.cpio" -I ci/lava/guest/init -g "$o/vm/sriov-guest" \
	-V "$o/plain/bin/vfctl" -D "$o/plain/bin/ci_results:/bin/ci_results" >"$work/image.txt"; then
	bad "guest image (vm_ktest image)"
	counts
	exit 1
fi
kernel=$(sed -n 's/^kernel //p' "$work/image.txt")
kversion=$(sed -n 's/^version //p' "$work/image.txt")
case "$kernel" in /*) ;; *) kernel=$top/$kernel ;; esac
ok "guest image: $kversion, kernel/ modules built for it"

# The test definitions as LAVA takes them: from git (a snapshot of this
# tree's ci/lava, uncommitted changes included).
mkdir -p "$work/repo/ci" && cp -r ci/lava "$work/repo/ci/"
if ! { git -C "$work/repo" init -q && git -C "$work/repo" add -A &&
	git -C "$work/repo" -c user.name=lava-check -c user.email=lava-check@example.invalid \
		commit -q -m "ci/lava snapshot"; }; then
	bad "test definition snapshot"
	counts
	exit 1
fi
commit=$(git -C "$work/repo" rev-parse HEAD)

QEMU=$qemu ci/lava/render.sh ci/lava/devices/qemu-sriov-tcg.yaml >"$work/device.yaml" || exit 1
printf 'prefix: "%s"\n' "$prefix" >"$work/dispatcher.yaml"
export GIT_URL="file://$work/repo" GIT_COMMIT=$commit KERNEL_VERSION=$kversion \
	KERNEL_URL="file://$kernel" RAMDISK_URL="file://$work/initrd.cpio"
for j in selftest sriov; do
	ci/lava/render.sh "ci/lava/jobs/qemu-$j.yaml" >"$work/$j.yaml" || exit 1
done
sed 's/^\(        CI_FAULT:\) ""$/\1 "kmod:after-load"/' "$work/selftest.yaml" >"$work/fault.yaml"
grep -q 'CI_FAULT: "kmod:after-load"' "$work/fault.yaml" || { bad "fault job: CI_FAULT not set"; counts; exit 1; }

# run_job NAME ID: one job through lava-run, in its own process group,
# under a time limit; its output stream is NAME/lava.log.
run_job() {
	local name=$1 id=$2 rc=0 start
	mkdir -p "$work/$name"
	start=$(date +%s)
	setsid env -u PYTHONPATH -u PYTHONHOME timeout -k 10 "${LAVA_JOB_TIMEOUT:-420}" \
		/usr/bin/python3 /usr/bin/lava-run --job-id "$id" --output-dir "$work/$name/out" \
		--device "$work/device.yaml" --dispatcher "$work/dispatcher.yaml" \
		"$work/$name.yaml" >"$work/$name/lava.log" 2>&1 &
	child=$!
	wait "$child" || rc=$?
	child=""
	echo "   ($name: lava-run exit $rc, $(($(date +%s) - start))s)"
	stop_job
	# Nothing of the job may be left: no directory, no QEMU of it.
	if [ -e "$lava_tmp/$prefix$id" ] || pgrep -f "$lava_tmp/$prefix$id/" >/dev/null; then
		bad "$name: the dispatcher left its directory or QEMU"
	fi
}

# verdict NAME [results.py options]: the job's cases; each one counted.
verdict() {
	local name=$1 rc=0
	shift
	/usr/bin/python3 ci/lava/results.py "$work/$name/lava.log" "$name" "$work/results.tsv" \
		"$work/junit/$name.xml" "$@" >"$work/$name/verdict.txt" || rc=$?
	cat "$work/$name/verdict.txt"
	return $rc
}

count_cases() {
	local name=$1 job set case result reason
	while IFS=$'\t' read -r job set case result _ reason; do
		[ "$job" = "$name" ] || continue
		case $result in
		pass) passed=$((passed + 1)) ;;
		skip) skipped=$((skipped + 1))
		      echo "$job $set/$case: ${reason:-(no reason given)}" >>"$results/lava.skips" ;;
		*) failed=$((failed + 1)) ;;
		esac
	done <"$work/results.tsv"
}

run_job selftest 1
if verdict selftest --expect stages/kmod --expect-set module-selftest; then
	ok "selftest: every case reported and passed"
else
	bad "selftest: verdict (see $work/selftest/lava.log)"
fi
count_cases selftest

if "$qemu" -device igb,help 2>/dev/null | grep -q '^igb options'; then
	run_job sriov 2
	if verdict sriov --expect stages/sriov --expect-set sriov-lifecycle \
		--expect stages/preflight --expect stages/driver --expect stages/igt --expect stages/vm; then
		ok "sriov: every case reported and passed, Raptor Lake stages skipped with their reason"
	else
		bad "sriov: verdict (see $work/sriov/lava.log)"
	fi
	count_cases sriov
else
	skip "sriov job" "QEMU has no igb (QEMU >= 8.0: scripts/enable-backports.sh)"
fi

# The deliberate failure: the case fails, LAVA still says the job passed,
# and only the per-case verdict catches it.
run_job fault 3
if verdict fault --expect-fail stages/kmod &&
	grep -q "the job's own status: pass" "$work/fault/verdict.txt"; then
	ok "fault: a failing case fails the verdict while the job's status is pass"
else
	bad "fault: the injected failure was not caught by the verdict"
fi

counts
echo "   lava: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
