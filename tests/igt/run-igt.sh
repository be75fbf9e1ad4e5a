#!/bin/sh
# SPDX-License-Identifier: MIT
#
# Run the i915 SR-IOV PF tests under igt_runner on the bare-metal machine and
# turn results.json into an exit code (igt_runner exits 0 even when tests
# fail).
#
# usage: run-igt.sh [-r IGT_RUNNER] [-t TEST_ROOT] RESULTS_DIR [-- RUNNER_ARGS...]
#        run-igt.sh --verdict RESULTS_JSON
#
#   -r  igt_runner (default: igt_runner in PATH)
#   -t  the directory holding the test binaries and test-list.txt
#       (`make igt` makes $(O)/igt/tests; an installed IGT uses
#       <libexecdir>/igt-gpu-tools); default: $IGT_TEST_ROOT
#   RUNNER_ARGS go to igt_runner, e.g. -t 'i915_sriov_pf_provisioning'
#
# Exit: 0 every test passed or skipped and at least one passed; 1 a test
# failed (fail, crash, timeout, incomplete, abort, dmesg-fail, dmesg-warn,
# warn), results.json lists no test or cannot be read, or igt_runner broke;
# 2 nothing passed (all skipped: no i915 PF); 3 usage or environment
# (CI_RESULTS: ci_results, default out/plain/bin/ci_results of this checkout).
set -u

# The verdict is ci_results igt's, the reader of results.json the CI pipeline
# uses too (it lists what failed and counts); what this script adds is exit 2
# when nothing passed. ci_results: $CI_RESULTS, else this checkout's build.
ci_results=${CI_RESULTS:-$(dirname "$0")/../../out/plain/bin/ci_results}

verdict() {
	[ -x "$ci_results" ] || {
		echo "run-igt: no $ci_results: run make first, or set CI_RESULTS" >&2
		return 3
	}
	out=$("$ci_results" igt "$1")
	rc=$?
	[ -n "$out" ] && printf '%s\n' "$out"
	case $rc in
	0) ;;
	1 | 3) return 1 ;; # a failure; 3: no results.json to read
	*) return 3 ;;
	esac
	# its last line: "igt: N passed, N failed, N skipped"
	passed=$(printf '%s\n' "$out" | sed -n 's/^igt: \([0-9]*\) passed,.*/\1/p' | tail -n 1)
	[ "${passed:-0}" -gt 0 ] || return 2
	return 0
}

if [ "${1:-}" = "--verdict" ]; then
	[ $# = 2 ] || { echo "usage: run-igt.sh --verdict RESULTS_JSON" >&2; exit 3; }
	verdict "$2"
	exit $?
fi

runner=igt_runner
root=${IGT_TEST_ROOT:-}
while getopts r:t: opt; do
	case $opt in
	r) runner=$OPTARG ;;
	t) root=$OPTARG ;;
	*) exit 3 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || { echo "usage: run-igt.sh [-r IGT_RUNNER] [-t TEST_ROOT] RESULTS_DIR [-- RUNNER_ARGS...]" >&2; exit 3; }
results=$1
shift
[ "${1:-}" = "--" ] && shift
if [ -z "$root" ] || [ ! -e "$root/test-list.txt" ]; then
	echo "run-igt: no test-list.txt in the test root '$root' (-t or IGT_TEST_ROOT)" >&2
	exit 3
fi
command -v "$runner" >/dev/null 2>&1 || { echo "run-igt: $runner not found (-r)" >&2; exit 3; }
[ -x "$ci_results" ] || { echo "run-igt: no $ci_results: run make first, or set CI_RESULTS" >&2; exit 3; }

# One subtest per execution (the default): a failing subtest cannot take the
# next ones down. The tests leave VFs disabled, but a crash may not.
"$runner" -o --per-test-timeout 600 "$@" "$root" "$results"
rc=$?
if [ $rc != 0 ]; then
	echo "run-igt: igt_runner exited with $rc" >&2
	[ -e "$results/results.json" ] || exit 1
fi
verdict "$results/results.json"
s=$?
[ $rc != 0 ] && [ $s = 0 ] && s=1
exit $s
