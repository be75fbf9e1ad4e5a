#!/bin/bash
# Run libFuzzer targets.
#
# usage: run-fuzz.sh regress|explore OUT_DIR TARGET...
#   regress  replays tests/fuzz/corpus/TARGET/ once (no mutation); part of
#            `make check`, it records counts for scripts/summary.sh.
#   explore  mutates for FUZZ_SECONDS (default 30) per target, starting from a
#            copy of the seed corpus under OUT_DIR so the tree stays clean.
set -u -o pipefail
mode=$1
out=$2
shift 2
seconds=${FUZZ_SECONDS:-30}
status=0
mkdir -p "$out/results"
for t in "$@"; do
	bin="$out/fuzz/bin/$t"
	seeds="tests/fuzz/corpus/$t"
	log="$out/results/fuzz-$t.log"
	case "$mode" in
	regress)
		echo "== fuzz [regress] $t"
		if "$bin" -runs=0 "$seeds" >"$log" 2>&1 &&
			! grep -q 'ERROR: AddressSanitizer\|runtime error' "$log"; then
			n=$(find "$seeds" -maxdepth 1 -type f | wc -l)
			echo "   $n seeds replayed clean"
			echo "1 0" >"$out/results/fuzz-$t.counts"
		else
			cat "$log"
			echo "0 1" >"$out/results/fuzz-$t.counts"
			status=1
		fi
		;;
	explore)
		echo "== fuzz [explore ${seconds}s] $t"
		work="$out/fuzz/corpus/$t"
		mkdir -p "$work"
		cp -n "$seeds"/* "$work"/ 2>/dev/null || true
		"$bin" -max_total_time="$seconds" -print_final_stats=1 \
			-artifact_prefix="$out/fuzz/$t-" "$work" 2>&1 | tail -n 25 || status=1
		;;
	*)
		echo "usage: $0 regress|explore OUT TARGET..." >&2
		exit 2
		;;
	esac
done
exit $status
