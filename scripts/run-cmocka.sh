#!/bin/sh
# Run cmocka test programs, show their output, and record pass/fail counts.
#
# usage: run-cmocka.sh VARIANT RESULTS_DIR PROGRAM...
# For each program it writes RESULTS_DIR/VARIANT-NAME.log (both streams, as
# cmocka splits its summary over stdout and stderr) and VARIANT-NAME.counts
# ("passed failed"), which scripts/summary.sh adds up. A program that crashes
# or exits non-zero without a cmocka failure line counts as one failure.
set -u
variant=$1
results=$2
shift 2
mkdir -p "$results"
status=0
for prog in "$@"; do
	name=$(basename "$prog")
	log="$results/$variant-$name.log"
	echo "== unit [$variant] $name"
	"$prog" >"$log" 2>&1
	rc=$?
	cat "$log"
	passed=$(grep -c '^\[       OK \]' "$log")
	failed=$(grep -cE '^\[  (FAILED|ERROR)   ?\] [^ ]+$' "$log")
	if [ "$rc" != 0 ] && [ "$failed" = 0 ]; then
		echo "!! $name exited with status $rc"
		failed=1
	fi
	[ "$failed" = 0 ] || status=1
	echo "$passed $failed" >"$results/$variant-$name.counts"
done
exit $status
