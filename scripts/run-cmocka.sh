#!/bin/sh
# Run cmocka test programs, show their output, and record pass/fail counts.
#
# usage: run-cmocka.sh VARIANT RESULTS_DIR PROGRAM...
# For each program it writes RESULTS_DIR/VARIANT-NAME.log (both streams, as
# cmocka splits its summary over stdout and stderr), VARIANT-NAME.counts
# ("passed failed skipped"), which scripts/summary.sh adds up, VARIANT-NAME.skips
# (one "test: reason" line per skipped test, the reason being what the test
# printed before skip()), and
# VARIANT-NAME.junit.xml (JUnit, converted from the log, for CI systems). A
# program that crashes or exits non-zero without a cmocka failure line counts
# as one failure.
set -u
variant=$1
results=$2
shift 2
mkdir -p "$results"
status=0

# junit SUITE RC <LOG: the console log as JUnit. The text between a test's
# RUN line and its FAILED/ERROR line is the failure's message; a test left
# without a result (the program died in it) and a non-zero exit without any
# failure are failures too.
junit() {
	awk -v suite="$1" -v rc="$2" '
	function esc(s) {
		gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); gsub(/>/, "\\&gt;", s)
		gsub(/"/, "\\&quot;", s); gsub(/\047/, "\\&apos;", s)
		gsub(/[\001-\010\013\014\016-\037]/, "", s)
		return s
	}
	function add(name, kind, msg) {
		n++; names[n] = name; kinds[n] = kind; msgs[n] = msg
		if (kind == "failure") failed++
		if (kind == "skipped") skipped++
	}
	/^\[ RUN      \] / { cur = substr($0, 14); buf = ""; next }
	cur != "" && /^\[       OK \] / { add(cur, "", ""); cur = ""; next }
	cur != "" && /^\[  SKIPPED \] / { add(cur, "skipped", buf); cur = ""; next }
	cur != "" && /^\[  (FAILED|ERROR)   ?\] / { add(cur, "failure", buf); cur = ""; next }
	cur != "" { buf = buf $0 "\n" }
	END {
		if (cur != "") add(cur, "failure", buf "no result: the program died in this test (status " rc ")")
		else if (rc != 0 && failed == 0) add(suite, "failure", "exited with status " rc " without a failed test")
		printf "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n"
		printf "  <testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"%d\">\n", esc(suite), n, failed, skipped
		for (i = 1; i <= n; i++) {
			printf "    <testcase classname=\"%s\" name=\"%s\"", esc(suite), esc(names[i])
			if (kinds[i] == "") { printf "/>\n"; continue }
			printf ">\n      <%s message=\"%s\"/>\n    </testcase>\n", kinds[i], esc(msgs[i])
		}
		printf "  </testsuite>\n</testsuites>\n"
	}'
}

# skips <LOG: "test: reason" per skipped test; the reason is the last line
# the test printed before cmocka's SKIPPED line.
skips() {
	awk '
	/^\[ RUN      \] / { cur = substr($0, 14); last = ""; next }
	cur != "" && /^\[  SKIPPED \] / {
		printf "%s: %s\n", cur, last != "" ? last : "(the test printed no reason)"
		cur = ""; next
	}
	cur != "" && /^\[/ { cur = ""; next }
	cur != "" && NF { last = $0; sub(/^[ \t]+/, "", last) }'
}

for prog in "$@"; do
	name=$(basename "$prog")
	log="$results/$variant-$name.log"
	echo "== unit [$variant] $name"
	"$prog" >"$log" 2>&1
	rc=$?
	cat "$log"
	passed=$(grep -c '^\[       OK \]' "$log")
	failed=$(grep -cE '^\[  (FAILED|ERROR)   ?\] [^ ]+$' "$log")
	skips <"$log" >"$results/$variant-$name.skips"
	skipped=$(wc -l <"$results/$variant-$name.skips")
	if [ "$rc" != 0 ] && [ "$failed" = 0 ]; then
		echo "!! $name exited with status $rc"
		failed=1
	fi
	[ "$failed" = 0 ] || status=1
	echo "$passed $failed $skipped" >"$results/$variant-$name.counts"
	junit "$variant-$name" "$rc" <"$log" >"$results/$variant-$name.junit.xml"
done
exit $status
