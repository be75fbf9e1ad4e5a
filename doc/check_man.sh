#!/bin/sh
# SPDX-License-Identifier: MIT
# vfctl(1): renders without groff warnings, documents every command that
# `vfctl --help` lists, and lists every finding id `vm check` can emit with
# the severity the code gives it, and no id the code does not emit.
#
# usage: check_man.sh VFCTL MANPAGE RESULTS_DIR [VM_CHECK_SOURCE...]
#   VM_CHECK_SOURCE  the C files that emit vm check's findings: each
#                    vm_ck_add() call names its id and VM_SEV_* on one line
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
# entries read: .BR id " (severity)" with the id's hyphens as \-.
sev_re='"\([a-z0-9-]*\)", VM_SEV_\(ERROR\|WARNING\|INFO\)'
code_ids=$(mktemp)
page_ids=$(mktemp)
trap 'rm -f "$code_ids" "$code_ids.all" "$page_ids"' EXIT
: >"$code_ids.all"
for src in "$@"; do
	calls=$(grep -v '^void vm_ck_add(' "$src" | grep -c 'vm_ck_add(')
	found=$(grep -c "$sev_re" "$src")
	if [ "$calls" != "$found" ]; then
		failed=$((failed + 1))
		echo "FAIL $src: $calls vm_ck_add() calls but $found with an id and VM_SEV_* on one line"
	fi
	sed -n "s/.*${sev_re}.*/\\1 \\2/p" "$src" | tr '[:upper:]' '[:lower:]' >>"$code_ids.all"
done
sort -u "$code_ids.all" >"$code_ids"
sed -n 's/^\.BR \([a-z0-9\\-]*\) " (\(error\|warning\|info\))"$/\1 \2/p' "$page" |
	sed 's/\\-/-/g' | sort -u >"$page_ids"
if [ $# -gt 0 ]; then
	while read -r id sev; do
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
