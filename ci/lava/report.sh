#!/bin/sh
# SPDX-License-Identifier: MIT
# Report a stage run to LAVA, the same way on the Raptor Lake DUT and on the
# emulated one: each line of DIR/stages.tsv (stage, status, seconds, reason)
# becomes a test case of the set "stages" (the reason of a failure or skip
# is printed just before it, so the job log has it), and each test case of
# DIR/junit/*.xml (the KTAP and JUnit the stages produced) a test case of a
# set named after the file. POSIX sh and awk only: it runs in the busybox DUT too.
#
# usage: ci/lava/report.sh DIR     (needs lava-test-case on PATH)
set -eu
out=$1
tab=$(printf '\t')
have_sets=0
if command -v lava-test-set >/dev/null 2>&1; then have_sets=1; fi
set_start() { [ "$have_sets" = 0 ] || lava-test-set start "$1"; }
set_stop() { [ "$have_sets" = 0 ] || lava-test-set stop "$1"; }

set_start stages
while IFS="$tab" read -r stage status seconds reason _detail; do
	[ -z "$reason" ] || echo "$stage: $reason"
	lava-test-case "$stage" --result "$status" --measurement "$seconds" --units seconds
done <"$out/stages.tsv"
set_stop stages

for x in "$out"/junit/*.xml; do
	[ -e "$x" ] || continue
	set_name=$(basename "$x" .xml)
	[ "$set_name" != ci-hw-stages ] || continue
	set_start "$set_name"
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
	' "$x" | while IFS="$tab" read -r name result; do
		lava-test-case "$(printf '%s' "$name" | tr -c 'A-Za-z0-9._-' _)" --result "$result"
	done
	set_stop "$set_name"
done
