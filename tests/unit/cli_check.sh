# SPDX-License-Identifier: MIT
# shellcheck shell=sh
# Sourced by the end-to-end CLI checks (tests/unit/test_*_cli.sh): a scratch
# directory, pass/fail counting, and the closing line and .counts file that
# scripts/summary.sh adds up.
#
#   expect NAME WANTED_EXIT COMMAND...  run it; its exit code must be WANTED_EXIT
#                                       (stdout in $tmp/out, stderr in $tmp/err)
#   check NAME COMMAND...               COMMAND must succeed
#   cli_finish LABEL RESULTS_DIR        print "LABEL: N passed, N failed", write
#                                       RESULTS_DIR/LABEL.counts, exit 1 on failures

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

expect() {
	name=$1 want=$2
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" = "$want" ]; then
		passed=$((passed + 1))
		echo "ok   $name"
	else
		failed=$((failed + 1))
		echo "FAIL $name: exit $got, wanted $want"
		cat "$tmp/out" "$tmp/err"
	fi
}

check() {
	name=$1
	shift
	if "$@"; then
		passed=$((passed + 1))
		echo "ok   $name"
	else
		failed=$((failed + 1))
		echo "FAIL $name"
	fi
}

cli_finish() {
	echo "$1: $passed passed, $failed failed"
	mkdir -p "$2"
	echo "$passed $failed" >"$2/$1.counts"
	[ "$failed" = 0 ]
	exit $?
}
