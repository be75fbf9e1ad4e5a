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
# warn) or igt_runner broke; 2 nothing passed (all skipped: no i915 PF);
# 3 usage or environment.
set -u

verdict() {
	python3 - "$1" <<'PY'
import json, sys
try:
    with open(sys.argv[1]) as f:
        res = json.load(f)
    tests = res["tests"]
except (OSError, ValueError, KeyError, TypeError) as e:
    print(f"run-igt: cannot read {sys.argv[1]}: {e}", file=sys.stderr)
    sys.exit(1)
bad = {"fail", "crash", "timeout", "incomplete", "abort", "dmesg-fail", "dmesg-warn", "warn"}
counts = {}
failed = []
for name in sorted(tests):
    r = tests[name].get("result", "missing")
    counts[r] = counts.get(r, 0) + 1
    if r in bad or r not in {"pass", "skip", "notrun"}:
        failed.append((name, r))
print("igt: " + ", ".join(f"{n} {r}" for r, n in sorted(counts.items())) if counts else "igt: no results")
for name, r in failed:
    print(f"  {r:10} {name}")
if failed:
    sys.exit(1)
sys.exit(0 if counts.get("pass", 0) else 2)
PY
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
command -v python3 >/dev/null 2>&1 || { echo "run-igt: python3 is needed to read results.json" >&2; exit 3; }

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
