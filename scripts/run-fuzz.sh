#!/bin/bash
# Run libFuzzer targets.
#
# usage: run-fuzz.sh regress|short|explore OUT_DIR TARGET...
#   regress  replays tests/fuzz/corpus/TARGET/ once (no mutation); part of
#            `make check`, it records counts for scripts/summary.sh.
#   short    mutates briefly (FUZZ_CHECK_RUNS inputs, default 20000, at most
#            FUZZ_CHECK_SECONDS, default 10, with a fixed seed so a run is
#            repeatable) from a copy of the seeds; part of `make check`. A
#            crash fails the target and its reproducer stays in
#            OUT_DIR/fuzz/crashes/ (replay: BINARY REPRODUCER).
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
	short)
		echo "== fuzz [short] $t"
		work="$out/fuzz/check-corpus/$t"
		crashes="$out/fuzz/crashes"
		rm -rf "$work" && mkdir -p "$work" "$crashes"
		rm -f "$crashes/$t-"*
		cp "$seeds"/* "$work"/ 2>/dev/null || true
		log="$out/results/fuzz-short-$t.log"
		if "$bin" -seed=1 -runs="${FUZZ_CHECK_RUNS:-20000}" \
			-max_total_time="${FUZZ_CHECK_SECONDS:-10}" -print_final_stats=1 \
			-artifact_prefix="$crashes/$t-" "$work" >"$log" 2>&1; then
			echo "   $(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" |
				grep -o '[0-9]*$') inputs, no crash"
			echo "1 0" >"$out/results/fuzz-short-$t.counts"
		else
			tail -n 30 "$log"
			echo "!! $t crashed; reproducer: $(find "$crashes" -name "$t-*" 2>/dev/null | head -n 1)"
			echo "0 1" >"$out/results/fuzz-short-$t.counts"
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
		echo "usage: $0 regress|short|explore OUT TARGET..." >&2
		exit 2
		;;
	esac
done
exit $status
