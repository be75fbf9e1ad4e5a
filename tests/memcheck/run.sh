#!/bin/sh
# SPDX-License-Identifier: MIT
# One CLI check with vfctl under valgrind's memcheck, and its count.
#
# usage: run.sh NAME VFCTL OUT RESULTS CHECK [ARG...]
# Runs "CHECK WRAPPER ARG... OUT/results" (every CLI check takes the vfctl
# to run first and its results directory last), WRAPPER being
# vfctl-memcheck.sh over VFCTL, one valgrind log per vfctl run in OUT/logs.
# Writes RESULTS/memcheck-NAME.counts: each vfctl run without an error
# passed, each with one (invalid access, uninitialised value, leak) failed,
# and each failure of the check itself (a run that behaves differently
# under valgrind) failed too. The logs with errors are printed.
set -u
name=$1 vfctl=$2 out=$3 results=$4
shift 4
check=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$out" && mkdir -p "$out/logs" "$out/results" "$results"
VFCTL_MEMCHECK_BIN=$(cd "$(dirname "$vfctl")" && pwd)/$(basename "$vfctl")
VFCTL_MEMCHECK_LOGS=$(cd "$out/logs" && pwd)
export VFCTL_MEMCHECK_BIN VFCTL_MEMCHECK_LOGS
"$check" "$here/vfctl-memcheck.sh" "$@" "$out/results" >"$out/check.log" 2>&1
check_rc=$?
clean=0
dirty=0
for log in "$out"/logs/*.log; do
	[ -e "$log" ] || continue
	if grep -q "ERROR SUMMARY: 0 errors" "$log"; then
		clean=$((clean + 1))
	else
		dirty=$((dirty + 1))
		echo "memcheck-$name: errors in one vfctl run ($log):"
		grep -v "^==[0-9]*== *$" "$log" | head -n 60
	fi
done
check_failed=0
for c in "$out"/results/*.counts; do
	[ -e "$c" ] || continue
	read -r _ f _ <"$c"
	check_failed=$((check_failed + f))
done
[ "$check_rc" = 0 ] || [ "$check_failed" -gt 0 ] || check_failed=1
if [ "$check_failed" -gt 0 ]; then
	echo "memcheck-$name: the check failed under valgrind:"
	grep -e "^FAIL" "$out/check.log" | head -n 40
fi
[ "$clean" -gt 0 ] || [ "$dirty" -gt 0 ] || {
	echo "memcheck-$name: no vfctl run was logged"
	check_failed=$((check_failed + 1))
}
echo "memcheck-$name: $clean vfctl runs clean, $dirty with errors, $check_failed check failures"
echo "$clean $((dirty + check_failed)) 0" >"$results/memcheck-$name.counts"
[ "$dirty" = 0 ] && [ "$check_failed" = 0 ]
