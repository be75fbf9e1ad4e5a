#!/bin/bash
# SPDX-License-Identifier: MIT
#
# ci/hw/pipeline.sh killed with SIGKILL inside each stage that changes the
# host (a runner that loses power, or a CI job killed without a chance to
# trap), on the fake Raptor Lake host of ci/hw/selftest.sh: every process of
# the run dies at once, so no trap runs and the undo journal is left behind.
# The next run must replay that journal before anything else, and leave the
# host byte for byte as it was before the killed run.
#
# usage: ci/tests/kill_stages.sh WORKDIR
# Prints "ok N name" / "not ok N name" (KTAP) and writes
# WORKDIR/kill-stages.counts ("passed failed").
set -eu -o pipefail

TOP=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
work=$1
rm -rf "$work" && mkdir -p "$work"
work=$(readlink -f "$work")
hosts=$(mktemp -d "${TMPDIR:-/tmp}/ci-hw-kill.XXXXXX")
trap 'rm -rf "$hosts"' EXIT
FAKEBIN=$TOP/tests/fixtures/ci/bin
KVER=6.1.0-ci-fake
# used by make_host (from the self-test)
export PF=0000:00:02.0 VF=0000:00:02.1
export CI_HW_KVER=$KVER CI_HW_VM_RUN=$FAKEBIN/vm_run SUDO=""
unset CI_HW_FAULT CI_HW_PAUSE CI_FAKE_VM CI_FAKE_DKMS_BUILD_FAIL CI_FAKE_MODPROBE_FAIL

# The fake host and its fingerprint are the self-test's: taken from it, so
# both tests always run against the same host.
for fn in make_host host_state; do
	def=$(sed -n "/^$fn() {/,/^}/p" "$TOP/ci/hw/selftest.sh")
	[ -n "$def" ] || { echo "ci/hw/selftest.sh has no $fn()"; exit 1; }
	eval "$def"
done
mkdir -p "$work/src"
printf 'PACKAGE_NAME="i915-sriov-dkms"\nPACKAGE_VERSION="2025.01.01"\nBUILT_MODULE_NAME[0]="i915"\n' \
	>"$work/src/dkms.conf"

passed=0 failed=0 n=0
result() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		passed=$((passed + 1))
		echo "ok $n $2"
	else
		failed=$((failed + 1))
		echo "not ok $n $2"
		[ -z "${3:-}" ] || sed 's/^/# /' "$3" | head -n 40
	fi
}
expect() {
	local name=$1
	shift
	if "$@" >"$work/expect.out" 2>&1; then result 0 "$name"; else result 1 "$name" "$work/expect.out"; fi
}

pipeline() { # HOST OUT ARGS...: one run against the fake host
	local h=$1 o=$2
	shift 2
	PATH=$FAKEBIN:$PATH CI_HW_ROOT="" "$TOP/ci/hw/pipeline.sh" --host-root "$h" \
		--dkms-src "$work/src" -o "$o" "$@"
}

# tree PID: the process and all its descendants
tree() {
	local p
	echo "$1"
	for p in $(ps -o pid= --ppid "$1" 2>/dev/null); do tree "$p"; done
}

# kill_all PID: SIGKILL to the whole run at once (stopped first, so that
# nothing forks or traps in between), as a runner losing power would.
kill_all() {
	local pids
	pids=$(tree "$1")
	# shellcheck disable=SC2086 # a list of pids
	kill -STOP $pids 2>/dev/null || true
	pids=$(tree "$1")
	# shellcheck disable=SC2086
	kill -KILL $pids 2>/dev/null || true
	wait "$1" 2>/dev/null || true
}

# case NAME STAGES POINT: kill the run when it reaches POINT, then run again.
kill_case() {
	local name=$1 stages=$2 point=$3 host=$hosts/$1 out=$work/$1/out pid i rc
	mkdir -p "$work/$name"
	make_host "$host"
	host_state "$host" >"$work/$name/before"
	rm -f "$out/state/paused"
	if [ "$point" = guest ]; then
		CI_FAKE_VM=hang pipeline "$host" "$out" --stages "$stages" >"$work/$name/killed.log" 2>&1 &
	else
		CI_HW_PAUSE=$point pipeline "$host" "$out" --stages "$stages" >"$work/$name/killed.log" 2>&1 &
	fi
	pid=$!
	for i in $(seq 1 300); do
		if [ "$point" = guest ]; then
			[ -s "$host/run/fake-vm.pid" ] && break
		else
			[ -s "$out/state/paused" ] && break
		fi
		sleep 0.1
	done
	expect "$name: the run reached $point" test "$i" -lt 300
	kill_all "$pid"
	host_state "$host" >"$work/$name/killed"
	expect "$name: the kill left the host changed and the journal behind" \
		sh -c "! cmp -s '$work/$name/before' '$work/$name/killed' && cat '$out/state/undo.'* | grep -q ."
	# The next run, with a stage that changes nothing: the replay alone must
	# restore the host, and it must come first.
	pipeline "$host" "$out" --stages collect >"$work/$name/next.log" 2>&1 || true
	expect "$name: the next run replays the journal before any stage" \
		awk '/an earlier run did not finish its undo/ && !s { r = NR } /== stage/ && !s { s = NR }
			END { exit !(r && s && r < s) }' "$work/$name/next.log"
	host_state "$host" >"$work/$name/after"
	expect "$name: host as it was before the killed run" diff -u "$work/$name/before" "$work/$name/after"
	expect "$name: journal empty" sh -c "! cat '$out/state/undo.'* 2>/dev/null | grep -q ."
	# And the full run works on the host it left.
	rc=0
	pipeline "$host" "$out" --stages "$stages" >"$work/$name/again.log" 2>&1 || rc=$?
	expect "$name: a full run afterwards passes" test "$rc" = 0
	host_state "$host" >"$work/$name/again"
	expect "$name: and restores the host" diff -u "$work/$name/before" "$work/$name/again"
}

echo "KTAP version 1"
echo "1..42"
kill_case driver-after-build driver driver:after-build
kill_case driver-after-reload driver driver:after-reload
kill_case driver-after-enable driver driver:after-enable
kill_case vm-after-enable driver,vm vm:after-enable
kill_case vm-after-bind driver,vm vm:after-bind
kill_case vm-guest-running driver,vm guest
echo "# kill-stages: $passed passed, $failed failed"
echo "$passed $failed" >"$work/kill-stages.counts"
[ "$failed" = 0 ] && [ "$n" = 42 ]
