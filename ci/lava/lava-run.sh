#!/bin/sh
# SPDX-License-Identifier: MIT
# Inside a LAVA test shell: run ci/hw/pipeline.sh with the given options and
# report to LAVA. Each stage becomes a test case of the set "stages" (the
# reason of a failure or skip goes to the log first); each KTAP and JUnit
# test case the stages produced becomes a test case of its own set.
#
# usage: ci/lava/lava-run.sh [pipeline options]   (needs lava-test-case on PATH)
# Empty option values (LAVA parameters left blank) are dropped.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${CI_LAVA_OUT:-$top/out/ci-hw}

# Drop "--opt ''" pairs: a parameter the job did not set.
set -- "$@" --end--
while [ "$1" != --end-- ]; do
	if [ $# -ge 3 ] && [ "${1#--}" != "$1" ] && [ -z "$2" ]; then
		shift 2
		continue
	fi
	set -- "$@" "$1"
	shift
done
shift

rc=0
"$top/ci/hw/pipeline.sh" -o "$out" "$@" || rc=$?

command -v lava-test-set >/dev/null 2>&1 && lava-test-set start stages
while IFS="$(printf '\t')" read -r stage status seconds reason _detail; do
	[ -z "$reason" ] || echo "$stage: $reason"
	lava-test-case "$stage" --result "$status" --measurement "$seconds" --units seconds
done <"$out/stages.tsv"
command -v lava-test-set >/dev/null 2>&1 && lava-test-set stop stages

# Test cases inside the stages, from the JUnit files (one set per file).
for x in "$out"/junit/*.xml; do
	[ -e "$x" ] || continue
	set_name=$(basename "$x" .xml)
	[ "$set_name" != ci-hw-stages ] || continue
	command -v lava-test-set >/dev/null 2>&1 && lava-test-set start "$set_name"
	awk '
		function emit() { if (name != "") print name "\t" result; name = "" }
		/<testcase / {
			emit()
			name = $0; sub(/.* name="/, "", name); sub(/".*/, "", name)
			result = "pass"
			if ($0 ~ /\/>[ \t]*$/) emit()
			next
		}
		/<failure/ { result = "fail" }
		/<skipped/ { result = "skip" }
		/<\/testcase>/ { emit() }
	' "$x" | while IFS="$(printf '\t')" read -r name result; do
		lava-test-case "$(printf '%s' "$name" | tr -c 'A-Za-z0-9._-' _)" --result "$result"
	done
	command -v lava-test-set >/dev/null 2>&1 && lava-test-set stop "$set_name"
done
if command -v lava-test-reference >/dev/null 2>&1 && [ -n "${CI_LAVA_ARTIFACTS_URL:-}" ]; then
	lava-test-reference artifacts --result pass --reference "$CI_LAVA_ARTIFACTS_URL"
fi
cat "$out/summary.txt"
exit $rc
