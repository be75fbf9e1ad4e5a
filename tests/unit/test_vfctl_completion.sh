#!/bin/bash
# SPDX-License-Identifier: MIT
# vfctl's bash completion, the script `vfctl completion bash` writes from
# the parser's own tables: it parses and is shellcheck-clean; sourced and
# driven the way bash's programmable completion drives it (COMP_WORDS,
# COMP_CWORD, the function, COMPREPLY) it completes commands, subcommands,
# options and their values; and every long option a help text names is in
# the parser's table, so help, parser and completion agree. The commands
# and subcommands expected are read from `vfctl --help` and `vfctl help CMD`,
# not from the script.
#
# usage: test_vfctl_completion.sh VFCTL COMPLETION_FILE RESULTS_DIR
# The helpers run through check and offers: shellcheck cannot see them called.
# shellcheck disable=SC2317
set -u
vfctl=$1
script=$2
results=$3
# shellcheck source=tests/unit/cli_check.sh
. tests/unit/cli_check.sh

check "the script parses (bash -n)" bash -n "$script"
"$vfctl" completion bash >"$tmp/printed"
check "it is what 'vfctl completion bash' prints" cmp -s "$script" "$tmp/printed"
check "shellcheck finds nothing in it" shellcheck "$script"
expect "vfctl completion bash --help" 0 "$vfctl" completion bash --help
expect "vfctl completion zsh is a usage error" 2 "$vfctl" completion zsh

# shellcheck source=/dev/null
. "$script"
check "it registers _vfctl for vfctl" [ "$(complete -p vfctl 2>&1)" = "complete -F _vfctl vfctl" ]

# comp WORD...: complete the last word as bash would, the candidates one a
# line in $tmp/reply. Callers below pass "WORD..." as one string, split at
# spaces; a trailing space stands for an empty last word.
comp() {
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	COMP_LINE="$*"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	_vfctl
	printf '%s\n' "${COMPREPLY[@]}" >"$tmp/reply"
}
split_comp() {
	local -a ws
	read -r -a ws <<<"$1"
	[ "${1% }" = "$1" ] || ws+=('')
	comp "${ws[@]}"
}
# offers "WORD..." CANDIDATE...: each candidate is offered
offers() {
	local words=$1 w
	shift
	split_comp "$words"
	for w in "$@"; do
		grep -qxF -- "$w" "$tmp/reply" || {
			echo "     '$words' offers: $(tr '\n' ' ' <"$tmp/reply")"
			return 1
		}
	done
}
# withholds "WORD..." CANDIDATE...: none of them is offered
withholds() {
	local words=$1 w
	shift
	split_comp "$words"
	for w in "$@"; do
		! grep -qxF -- "$w" "$tmp/reply" || return 1
	done
}
# offers_not "WORD..." YES NO: YES is offered, NO is not
offers_not() {
	offers "$1" "$2" && withholds "$1" "$3"
}
# offers_nothing "WORD...": no candidate
offers_nothing() {
	split_comp "$1"
	[ -z "$(tr -d '\n' <"$tmp/reply")" ]
}
# long options a text names, one a line
long_opts() {
	grep -o -- '--[a-z][a-z0-9-]*' | sort -u
}

commands=$("$vfctl" --help | sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p')
# shellcheck disable=SC2086
check "vfctl <TAB> offers every command 'vfctl --help' lists, and help" \
	offers "vfctl " help $commands
check "vfctl v<TAB> offers vm, vfs and vfio, not gop" offers_not "vfctl v" vfio gop
check "vfctl v<TAB> offers vm and vfs" offers "vfctl v" vm vfs
check "vfctl --co<TAB> offers --color=never|always|auto" \
	offers "vfctl --co" --color=never --color=always --color=auto
check "vfctl --color=<TAB> offers the words" offers "vfctl --color =" never always auto
check "vfctl help <TAB> offers the commands" offers "vfctl help " vm doctor completion
check "vfctl help vm <TAB> offers vm's subcommands" offers "vfctl help vm " xml check
check "vfctl completion <TAB> offers bash" offers "vfctl completion " bash
check "a global option before the command is skipped" offers "vfctl --json vfs st" status

# Every command: its subcommands (from its help), and for each the options
# its help names are in its table (the union of the command's tables: gop's
# and provision's help describe all their subcommands at once).
for c in $commands; do
	"$vfctl" help "$c" >"$tmp/help" 2>&1
	subs=$(grep -o "vfctl $c [a-z][a-z-]*" "$tmp/help" | awk '{ print $3 }' | sort -u)
	if [ -n "$subs" ]; then
		# shellcheck disable=SC2086
		check "vfctl $c <TAB> offers its subcommands: $(tr '\n' ' ' <<<"$subs")" \
			offers "vfctl $c " $subs
		# the dispatcher's error lists the same table
		expect "vfctl $c frobnicate is a usage error" 2 "$vfctl" "$c" frobnicate
		for s in $subs; do
			grep -q "[ ,]$s\( \|,\|$\)" "$tmp/err" || echo "     not listed: $s"
		done >"$tmp/unlisted"
		check "its error lists the subcommands" [ ! -s "$tmp/unlisted" ]
		check "its hint is a command line" grep -q "hint: vfctl $c " "$tmp/err"
	else
		subs=-
	fi
	: >"$tmp/table"
	: >"$tmp/named"
	for s in $subs; do
		[ "$s" = - ] && s=''
		split_comp "vfctl $c $s --"
		cat "$tmp/reply" >>"$tmp/table"
		check "vfctl $c $s --<TAB> offers options, --help among them" \
			grep -qx -- --help "$tmp/reply"
		# shellcheck disable=SC2086
		"$vfctl" help "$c" $s 2>&1 | long_opts >>"$tmp/named"
	done
	sort -u "$tmp/named" | grep -vx -- '--color' >"$tmp/named.u"
	missing=$(sort -u "$tmp/table" | comm -23 "$tmp/named.u" -)
	check "every option vfctl $c's help names is in its table${missing:+ (missing: $missing)}" \
		[ -z "$missing" ]
done

# Values: files, directories, the parser's words, nothing for free text.
mkdir -p "$tmp/cwd/adir"
: >"$tmp/cwd/afile"
cd "$tmp/cwd" || exit 1
check "doctor --root <TAB> offers directories only" offers_not "vfctl doctor --root " adir afile
check "doctor --dmesg <TAB> offers files" offers "vfctl doctor --dmesg " afile adir
check "vm xml --root=<TAB> offers directories" offers "vfctl vm xml --root = " adir
check "vm xml --shm <TAB> offers the parser's words" offers "vfctl vm xml --shm " kvmfr shm
check "vm define --accel <TAB> offers kvm, tcg" offers "vfctl vm define --accel " kvm tcg
check "vm check --<TAB> offers its own options only: --root, not --disk" \
	offers_not "vfctl vm check --" --root --disk
check "vm qemu-args --<TAB> offers --nvram, not --output" \
	offers_not "vfctl vm qemu-args --" --nvram --output
check "vm guest-files -d <TAB> offers directories" offers_not "vfctl vm guest-files -d " adir afile
check "gop extract -o <TAB> (short form) offers files" offers "vfctl gop extract -o " afile
check "gop extract <TAB> offers files for BIOSFILE" offers "vfctl gop extract " afile
check "provision set --root <TAB> offers directories" offers "vfctl provision set --root " adir
check "vfio unbind --root <TAB> offers directories" offers "vfctl vfio unbind --root " adir
check "--pf <TAB> offers nothing (a PCI address)" offers_nothing "vfctl doctor --pf "
check "an option's value is not taken for the subcommand" \
	offers "vfctl gop extract -o out.efi --li" --list
check "kvmfr size --h<TAB> offers --hdr and --help" offers "vfctl kvmfr size --h" --hdr --help
check "vfs persist --<TAB> offers --root and --pf" offers "vfctl vfs persist --" --root --pf
cd - >/dev/null || exit 1

cli_finish vfctl-completion "$results"
