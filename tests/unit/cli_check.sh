# SPDX-License-Identifier: MIT
# shellcheck shell=sh
# Sourced by the end-to-end CLI checks (tests/unit/test_*_cli.sh): a scratch
# directory, pass/fail counting, and the closing line and .counts file that
# scripts/summary.sh adds up.
#
#   expect NAME WANTED_EXIT COMMAND...  run it; its exit code must be WANTED_EXIT
#                                       (stdout in $tmp/out, stderr in $tmp/err)
#   check NAME COMMAND...               COMMAND must succeed
#   skip NAME REASON                    count NAME as skipped, and say why
#   cli_finish LABEL RESULTS_DIR        print "LABEL: N passed, N failed", write
#                                       RESULTS_DIR/LABEL.counts (and the skips'
#                                       reasons in LABEL.skips), exit 1 on failures

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0
skipped=0
: >"$tmp/skips"

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

skip() {
	skipped=$((skipped + 1))
	echo "skip $1: $2"
	echo "$1: $2" >>"$tmp/skips"
}

cli_finish() {
	mkdir -p "$2"
	echo "$passed $failed $skipped" >"$2/$1.counts"
	if [ "$skipped" -gt 0 ]; then
		echo "$1: $passed passed, $failed failed, $skipped skipped"
		cp "$tmp/skips" "$2/$1.skips"
	else
		echo "$1: $passed passed, $failed failed"
		rm -f "$2/$1.skips"
	fi
	[ "$failed" = 0 ]
	exit $?
}
