#!/bin/sh
# SPDX-License-Identifier: MIT
# Inside a LAVA test shell: run the harness's stages on the DUT and report
# them to LAVA with ci/lava/report.sh (each stage a test case of the set
# "stages", each KTAP and JUnit test case of the stages one of its own set).
#
# usage: ci/lava/lava-run.sh [--dut rpl|emulated] [pipeline options]
#   (no --dut)      ci/hw/pipeline.sh on a runner that is already built
#   --dut rpl       the Raptor Lake DUT: install the Debian packages, build,
#                   then ci/hw/pipeline.sh
#   --dut emulated  the emulated DUT (busybox, no toolchain):
#                   ci/lava/emulated-stages.sh, which skips what needs
#                   Raptor Lake with the reason
# Needs lava-test-case on PATH. Empty option values (LAVA parameters left
# blank) are dropped.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${CI_LAVA_OUT:-$top/out/ci-hw}

# Drop "--opt ''" pairs: a parameter the job did not set.
set -- "$@" --end--
while [ "$1" != --end-- ]; do
	if [ $# -ge 3 ] && [ "${1#--}" != "$1" ] && [ -z "$2" ]; then
		shift 2
		continue
	fi
	set -- "$@" "$1"
	shift
done
shift

dut=""
if [ "${1:-}" = --dut ]; then
	dut=$2
	shift 2
fi

rc=0
case "$dut" in
"") "$top/ci/hw/pipeline.sh" -o "$out" "$@" || rc=$? ;;
rpl)
	if ! { "$top/scripts/install-deps.sh" && make -C "$top" all; }; then
		lava-test-case build --result fail
		exit 1
	fi
	lava-test-case build --result pass
	"$top/ci/hw/pipeline.sh" -o "$out" "$@" || rc=$?
	;;
emulated) "$top/ci/lava/emulated-stages.sh" -o "$out" "$@" || rc=$? ;;
*)
	echo "lava-run.sh: --dut is rpl or emulated, not '$dut'" >&2
	exit 2
	;;
esac

"$top/ci/lava/report.sh" "$out"
if command -v lava-test-reference >/dev/null 2>&1 && [ -n "${CI_LAVA_ARTIFACTS_URL:-}" ]; then
	lava-test-reference artifacts --result pass --reference "$CI_LAVA_ARTIFACTS_URL"
fi
cat "$out/summary.txt"
exit $rc
