#!/bin/sh
# SPDX-License-Identifier: MIT
# vfctl(1): renders without groff warnings, and documents every command
# that `vfctl --help` lists.
#
# usage: check_man.sh VFCTL MANPAGE RESULTS_DIR
set -u
vfctl=$1
page=$2
results=$3
passed=0
failed=0

warnings=$(LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z "$page" 2>&1)
if [ -z "$warnings" ]; then
	passed=$((passed + 1))
	echo "ok   $page renders without warnings"
else
	failed=$((failed + 1))
	echo "FAIL $page: $warnings"
fi

commands=$("$vfctl" --help | sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p')
for c in $commands; do
	if grep -q "^\.BR \"\{0,1\}${c}[ \"]" "$page"; then
		passed=$((passed + 1))
		echo "ok   vfctl $c is documented"
	else
		failed=$((failed + 1))
		echo "FAIL vfctl $c is not in $page"
	fi
done
echo "$passed $failed" >"$results/man.counts"
echo "man: $passed passed, $failed failed"
[ "$failed" = 0 ]
