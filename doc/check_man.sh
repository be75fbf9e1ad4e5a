#!/bin/sh
# SPDX-License-Identifier: MIT
# vfctl(1): renders without groff warnings, documents every command that
# `vfctl --help` lists, and lists every finding id `vm check` can emit with
# the severity the code gives it, and no id the code does not emit.
#
# usage: check_man.sh VFCTL MANPAGE RESULTS_DIR [VM_CHECK_SOURCE...]
#   VM_CHECK_SOURCE  the C files that make vm check's findings
set -u
vfctl=$1
page=$2
results=$3
shift 3
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

# vm check's ids: "id severity" from the code, and the page's list, whose
# entries read: .BR id " (severity)" with the id's hyphens as \-. In the
# code a finding is made by a call that names its id and VM_SEV_* side by
# side ("id", VM_SEV_X, on one line) or by setting the id (->id = "id" or
# .id = "id") with the severity (severity = VM_SEV_X) on the same or the
# next line. A call of vm_ck_add() or vm_pve_extra() whose id this cannot
# read, or an id set without its severity, fails the check.
code_ids=$(mktemp)
page_ids=$(mktemp)
trap 'rm -f "$code_ids" "$page_ids"' EXIT
if [ $# -gt 0 ]; then
	awk '
	function sev(s) {
		match(s, /VM_SEV_(ERROR|WARNING|INFO)/)
		return tolower(substr(s, RSTART + 7, RLENGTH - 7))
	}
	FNR == 1 { pending = ""; call = 0 }
	{
		if (call && !/"[a-z0-9-]*", VM_SEV_/)
			print "BAD " FILENAME ":" FNR - 1 ": a finding whose id and VM_SEV_* are not side by side"
		call = 0
		if (pending != "") {
			if ($0 ~ /severity = VM_SEV_/)
				print pending, sev($0)
			else
				print "BAD " FILENAME ":" FNR - 1 ": ->id set without ->severity on the next line"
			pending = ""
		}
		if (match($0, /"[a-z0-9-]*", VM_SEV_(ERROR|WARNING|INFO)/)) {
			s = substr($0, RSTART, RLENGTH)
			print substr(s, 2, index(s, "\",") - 2), sev(s)
		} else if (/(vm_ck_add|vm_pve_extra)\(/ && !/^(void|int|static) /)
			call = 1
		if (match($0, /(->|\.)id = "[a-z0-9-]*"/)) {
			s = substr($0, RSTART, RLENGTH)
			s = substr(s, index(s, "\"") + 1, RLENGTH - index(s, "\"") - 1)
			if ($0 ~ /severity = VM_SEV_/)
				print s, sev($0)
			else
				pending = s
		}
	}' "$@" | sort -u >"$code_ids"
	while read -r bad where why; do
		[ "$bad" = BAD ] || continue
		failed=$((failed + 1))
		echo "FAIL $where $why"
	done <"$code_ids"
fi
sed -n 's/^\.BR \([a-z0-9\\-]*\) " (\(error\|warning\|info\))"$/\1 \2/p' "$page" |
	sed 's/\\-/-/g' | sort -u >"$page_ids"
if [ $# -gt 0 ]; then
	while read -r id sev; do
		[ "$id" = BAD ] && continue
		if grep -qx "$id $sev" "$page_ids"; then
			passed=$((passed + 1))
			echo "ok   vm check id $id ($sev) is documented"
		elif grep -q "^$id " "$page_ids"; then
			failed=$((failed + 1))
			echo "FAIL vm check id $id is $sev in the code but not in $page"
		else
			failed=$((failed + 1))
			echo "FAIL vm check id $id ($sev) is emitted but not listed in $page"
		fi
	done <"$code_ids"
	while read -r id sev; do
		grep -q "^$id " "$code_ids" && continue
		failed=$((failed + 1))
		echo "FAIL $page lists vm check id $id, which the code does not emit"
	done <"$page_ids"
fi
echo "$passed $failed" >"$results/man.counts"
echo "man: $passed passed, $failed failed"
[ "$failed" = 0 ]
