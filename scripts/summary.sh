#!/bin/sh
# Add up the *.counts files ("passed failed [skipped]") that the test runners
# left in RESULTS_DIR and print one closing line; exit 1 if anything failed.
set -u
results=$1
passed=0
failed=0
skipped=0
for f in "$results"/*.counts; do
	[ -e "$f" ] || continue
	read -r p fl s <"$f"
	passed=$((passed + p))
	failed=$((failed + fl))
	skipped=$((skipped + ${s:-0}))
done
echo "check: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
