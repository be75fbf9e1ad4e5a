#!/bin/sh
# How much of its parser each fuzz target reaches: clang source-based
# coverage of the target's corpus (the seeds, plus what `make fuzz` found).
#
# usage: fuzz-coverage.sh OUT_DIR COVERS_FILE NOTES_FILE [RESULTS_DIR]
#   COVERS_FILE  one line per target: "TARGET FILE..." (the parser's sources)
#   NOTES_FILE   tests/fuzz/coverage-notes.txt: "TARGET: why the rest is not
#                reached" for each target below the goal
# Writes OUT_DIR/fuzz-coverage/report.txt (a table: lines and branches
# covered per target), report.json, and TARGET.uncovered.txt (the source
# lines no input reaches). Exit 1 when a target is below GOAL percent of
# its lines without a note saying why.
set -u
out=$1
covers=$2
notes=$3
results=${4:-}
goal=${FUZZ_COVERAGE_GOAL:-80}
llvm_profdata=${LLVM_PROFDATA:-llvm-profdata-14}
llvm_cov=${LLVM_COV:-llvm-cov-14}
dir="$out/fuzz-coverage"
rm -rf "$dir" && mkdir -p "$dir"
status=0
passed=0
failed=0
table="$dir/report.txt"
json="$dir/report.json"

printf '%-20s %8s %8s  %s\n' target lines branches verdict >"$table"
printf '{\n  "goal_percent": %s,\n  "targets": [' "$goal" >"$json"
sep=""
while read -r target files; do
	[ -n "$target" ] || continue
	bin="$out/cov/bin/$target"
	raw="$dir/$target.profraw"
	data="$dir/$target.profdata"
	set -- "tests/fuzz/corpus/$target"
	[ -d "$out/fuzz/corpus/$target" ] && set -- "$@" "$out/fuzz/corpus/$target"
	# -runs=0 replays every input once; the profile is written at exit.
	LLVM_PROFILE_FILE=$raw "$bin" -runs=0 "$@" >"$dir/$target.log" 2>&1 || {
		echo "!! $target: replay failed (see $dir/$target.log)"
		status=1
		failed=$((failed + 1))
		continue
	}
	"$llvm_profdata" merge -sparse -o "$data" "$raw" || {
		status=1
		failed=$((failed + 1))
		continue
	}
	# shellcheck disable=SC2086 # $files is a list of source files
	"$llvm_cov" report "$bin" -instr-profile="$data" $files >"$dir/$target.report.txt"
	# TOTAL columns: regions, missed, cover, functions, missed, executed,
	# lines, missed, cover, branches, missed, cover.
	# shellcheck disable=SC2046 # two words on purpose
	set -- $(awk '$1 == "TOTAL" { print $10, $13 }' "$dir/$target.report.txt")
	lines=${1:-0%}
	branches=${2:-0%}
	# shellcheck disable=SC2086
	"$llvm_cov" show "$bin" -instr-profile="$data" -show-line-counts $files |
		awk -F'|' '
		/^\/|^[a-z].*\.c:$/ { file = $0; next }
		$2 ~ /^ *0$/ { print file " " $1 ":" $3 }' >"$dir/$target.uncovered.txt"
	pct=${lines%\%}
	verdict="ok"
	if awk -v p="$pct" -v g="$goal" 'BEGIN { exit !(p < g) }'; then
		if grep -q "^$target:" "$notes" 2>/dev/null; then
			verdict="below $goal%: $(sed -n "s/^$target: *//p" "$notes" | head -n 1)"
		else
			verdict="below $goal% and no note in $notes"
			status=1
		fi
	fi
	case $verdict in *"no note"*) failed=$((failed + 1)) ;; *) passed=$((passed + 1)) ;; esac
	printf '%-20s %8s %8s  %s\n' "$target" "$lines" "$branches" "$verdict" >>"$table"
	printf '%s\n    {"target": "%s", "lines_percent": %s, "branches_percent": %s, "sources": "%s"}' \
		"$sep" "$target" "$pct" "${branches%\%}" "$files" >>"$json"
	sep=","
done <"$covers"
printf '\n  ]\n}\n' >>"$json"
cat "$table"
echo "fuzz-coverage: per-target reports and uncovered lines in $dir"
[ -z "$results" ] || echo "$passed $failed" >"$results/fuzz-coverage.counts"
exit $status
