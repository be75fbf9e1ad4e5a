#!/bin/sh
# Add up the *.counts files ("passed failed [skipped]") that the test runners
# left in RESULTS_DIR and print one closing line; exit 1 if anything failed.
#
# A skip must say why: a runner that counts skips writes NAME.skips beside
# NAME.counts, one "what: reason" line per skip. Every reason goes to
# RESULTS_DIR/skipped.txt and is printed above the closing line; a skip
# counted without its reason line is a failure of the runner that counted it.
set -u
results=$1
passed=0
failed=0
skipped=0
unexplained=""
: >"$results/skipped.txt"
for f in "$results"/*.counts; do
	[ -e "$f" ] || continue
	read -r p fl s <"$f"
	s=${s:-0}
	passed=$((passed + p))
	failed=$((failed + fl))
	skipped=$((skipped + s))
	[ "$s" -gt 0 ] || continue
	name=$(basename "$f" .counts)
	reasons=0
	if [ -s "$results/$name.skips" ]; then
		reasons=$(grep -c . "$results/$name.skips")
		sed "s|^|$name: |" "$results/$name.skips" >>"$results/skipped.txt"
	fi
	if [ "$reasons" -lt "$s" ]; then
		unexplained="$unexplained $name($((s - reasons)))"
		failed=$((failed + 1))
	fi
done
if [ -s "$results/skipped.txt" ]; then
	echo "skipped, and why:"
	sed 's/^/  /' "$results/skipped.txt"
fi
[ -z "$unexplained" ] ||
	echo "!! skips counted without a reason (NAME.skips):$unexplained"
echo "check: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
