#!/bin/sh
# SPDX-License-Identifier: MIT
# Stands in for vfctl in the CLI checks: runs the real one under valgrind's
# memcheck, one log per run. Any invalid access, use of uninitialised
# memory or leak (definite, indirect, possible) makes the run exit 99, which
# no check expects, so the check that made it fails where it happened; the
# logs are counted afterwards by tests/memcheck/count.sh.
#
# environment: VFCTL_MEMCHECK_BIN (the vfctl to run), VFCTL_MEMCHECK_LOGS
# (the directory of the logs).
set -u
exec valgrind --tool=memcheck --error-exitcode=99 --leak-check=full \
	--show-leak-kinds=definite,indirect,possible \
	--errors-for-leak-kinds=definite,indirect,possible \
	--track-origins=yes --log-file="$VFCTL_MEMCHECK_LOGS/vfctl.%p.log" \
	"$VFCTL_MEMCHECK_BIN" "$@"
