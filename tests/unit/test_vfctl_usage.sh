#!/bin/sh
# SPDX-License-Identifier: MIT
# vfctl's usage errors, over every command: each vm subcommand takes its
# own options only (one that does not apply is a usage error naming the
# valid ones), and under --json every usage error is exactly one JSON
# document of the version-1 shape on stdout, with the real message, and
# nothing on stderr; so is --help under --json (its text in "output"). The commands and subcommands come from `vfctl --help`
# and `vfctl help CMD`, so a new one is covered without editing this file.
#
# usage: test_vfctl_usage.sh VFCTL RESULTS_DIR
# $model is word-split on purpose; the helpers run through check.
# shellcheck disable=SC2086,SC2317
set -u
vfctl=$1
results=$2
. tests/unit/cli_check.sh

model="--name w11 --vf 0000:00:02.1 --romfile /var/lib/libvirt/vbios/IntelGopDriver.efi --resolution 1920x1080"
dom=tests/fixtures/vm/good.xml
vmroot=tests/fixtures/vm/root

# one_doc EXIT [TEXT]: $tmp/out is one JSON document (version 1, "exit"
# EXIT, an error whose message names TEXT and is not the catch-all said of a
# command that reported nothing itself) and $tmp/err is empty.
one_doc() {
	python3 - "$tmp/out" "$tmp/err" "$1" "${2:-}" <<'EOF'
import json, sys
out, err, want, text = sys.argv[1:]
try:
    # json.loads takes one document: a second is "Extra data"
    d = json.loads(open(out).read())
except ValueError as e:
    sys.exit("     stdout is not one JSON document: %s" % e)
why = []
if open(err).read():
    why.append("stderr is not empty: %r" % open(err).read()[:200])
if d.get("version") != 1 or d.get("exit") != int(want):
    why.append("version %r, exit %r" % (d.get("version"), d.get("exit")))
for k in ("command", "findings", "summary", "errors", "error", "hint"):
    if k not in d:
        why.append("no %r" % k)
msg = d.get("error") or ""
if not msg or "was not given valid arguments" in msg:
    why.append("no message of its own: %r" % msg)
if text not in msg:
    why.append("the message %r does not name %r" % (msg, text))
if why:
    sys.exit("     " + "; ".join(why))
EOF
}

# help_doc: $tmp/out is one JSON document (version 1, exit 0, no error)
# whose "output" is a usage text, and $tmp/err is empty.
help_doc() {
	python3 - "$tmp/out" "$tmp/err" <<'EOF'
import json, sys
out, err = sys.argv[1:]
try:
    d = json.loads(open(out).read())
except ValueError as e:
    sys.exit("     stdout is not one JSON document: %s" % e)
if open(err).read():
    sys.exit("     stderr is not empty")
if d.get("version") != 1 or d.get("exit") != 0 or d.get("error") is not None:
    sys.exit("     version %r, exit %r, error %r" % (d.get("version"), d.get("exit"), d.get("error")))
if "usage:" not in (d.get("output") or ""):
    sys.exit("     no usage text in output: %r" % d.get("output"))
EOF
}

# json_usage NAME TEXT ARGS...: vfctl ARGS --json is a usage error, one_doc
# with TEXT in its message.
json_usage() {
	name=$1 text=$2
	shift 2
	expect "$name: exit 2" 2 "$vfctl" "$@" --json
	check "$name: one JSON document on stdout, the message names '$text'" one_doc 2 "$text"
}

# Part 1: each vm subcommand's own table.
# foreign SUB "OPTION [VALUE]" OWN: an option of another subcommand is
# refused by SUB, and the error lists SUB's options (OWN among them).
foreign() {
	sub=$1 opt=$2 own=$3
	case $sub in
	check) args="$dom --root $vmroot" ;;
	*) args="$model" ;;
	esac
	expect "vm $sub $opt: a usage error" 2 "$vfctl" vm "$sub" $args $opt
	check "vm $sub $opt: the error names vm $sub's options ($own)" \
		grep -q "is not an option of 'vfctl vm $sub': its options are .*$own" "$tmp/err"
}
foreign check "--disk /x.qcow2" "--resolution, --hdr, --root, --idd-options, --client-ini, --host-ini, --json and --help"
foreign check "--accel kvm" "--root"
foreign check "--name w11" "--root"
foreign check "-o $tmp/x.xml" "--root"
foreign xml "--nvram $tmp/VARS.fd" "--output"
foreign xml "--connect test:///default" "--output"
foreign xml "--dry-run" "--output"
foreign xml "-d $tmp" "--output"
foreign xml "--monitors 2" "--output"
foreign qemu-args "-o $tmp/x.xml" "--nvram"
foreign qemu-args "--connect test:///default" "--nvram"
foreign qemu-args "-d $tmp" "--nvram"
foreign define "-o $tmp/x.xml" "--connect, --dry-run"
foreign define "--nvram $tmp/VARS.fd" "--dry-run"
foreign define "--monitors 2" "--dry-run"
foreign guest-files "-o $tmp/x.xml" "--dir, --monitors"
foreign guest-files "--dry-run" "--monitors"
foreign guest-files "--connect test:///default" "--monitors"
check "nothing was written for a refused option" [ ! -e "$tmp/x.xml" ]

# own SUB ARGS...: SUB takes its own options (whatever the host gives it,
# it is not a usage error).
own() {
	sub=$1
	shift
	"$vfctl" vm "$sub" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	check "vm $sub $*: its own options are taken (exit $rc, not 2)" [ "$rc" != 2 ]
}
own check "$dom" --root "$vmroot" --resolution 2560x1440@120 --hdr --json
own xml $model -o "$tmp/own.xml" --json
own qemu-args $model --nvram "$tmp/own_VARS.fd"
own define $model --connect test:///default --dry-run
mkdir -p "$tmp/gf"
own guest-files $model -d "$tmp/gf" --monitors 2
expect "vm check --root without its value" 2 "$vfctl" vm check "$dom" --root
check "the error says it needs a value" grep -q "'--root' needs a value" "$tmp/err"
expect "vm define --d (a prefix of three options)" 2 "$vfctl" vm define $model --d x
check "the error names the three" grep -q -- "--disk, --display or --dry-run" "$tmp/err"
expect "vm check --hdr=1" 2 "$vfctl" vm check "$dom" --hdr=1
check "the hint is the line with --hdr" grep -q "hint: vfctl vm check $dom --hdr$" "$tmp/err"

# --json taken as another option's value still makes the run one document
"$vfctl" vm check "$dom" --root --json >"$tmp/out" 2>"$tmp/err"
check "vm check --root --json: one JSON document, no table beside it" \
	python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$tmp/out"

# Part 2: an unknown option, under --json, for every command and subcommand.
commands=$("$vfctl" --help | sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p')
check "vfctl --help lists the commands" [ -n "$commands" ]
for c in $commands; do
	subs=$("$vfctl" help "$c" 2>&1 | grep -o "vfctl $c [a-z][a-z-]*" | awk '{ print $3 }' | sort -u)
	for s in ${subs:--}; do
		[ "$s" = - ] && s=''
		what="vfctl $c${s:+ $s} --no-such-option"
		"$vfctl" $c $s --no-such-option --json >"$tmp/out" 2>"$tmp/err"
		rc=$?
		if [ "$rc" = 2 ] && one_doc 2 --no-such-option >"$tmp/why" 2>&1; then
			passed=$((passed + 1))
			echo "ok   $what --json: exit 2, one JSON document naming the option"
		else
			failed=$((failed + 1))
			echo "FAIL $what --json: exit $rc"
			cat "$tmp/why"
		fi
	done
done

# Part 3: --help under --json, for every command and subcommand: the help
# text is the document's "output", not text beside it.
for c in $commands; do
	subs=$("$vfctl" help "$c" 2>&1 | grep -o "vfctl $c [a-z][a-z-]*" | awk '{ print $3 }' | sort -u)
	for s in '' $subs; do
		expect "vfctl $c${s:+ $s} --help --json: exit 0" 0 "$vfctl" $c $s --help --json
		check "vfctl $c${s:+ $s} --help --json: one JSON document, the help its output" help_doc
	done
done
expect "vfctl --help --json" 0 "$vfctl" --help --json
check "vfctl --help --json: one JSON document, the help its output" help_doc
expect "vfctl help vm check --json" 0 "$vfctl" help vm check --json
check "vfctl help vm check --json: one JSON document, the help its output" help_doc
check "its output is vm check's help" \
	python3 -c 'import json, sys; assert json.load(open(sys.argv[1]))["output"].startswith("usage: vfctl vm check")' "$tmp/out"
expect "vfctl --json before the command" 1 "$vfctl" --json vm check "$dom" --root "$vmroot"
check "vfctl --json vm check: one JSON document of vm check" \
	python3 -c 'import json, sys; assert json.load(open(sys.argv[1]))["command"] == "vm check"' "$tmp/out"

# Part 4: missing and extra operands and bad values, under --json.
json_usage "no command" "no command"
json_usage "unknown command" "frobnicate" frobnicate
json_usage "help for an unknown command" "frobnicate" help frobnicate
json_usage "vm without a subcommand" "needs a subcommand" vm
json_usage "vm frobnicate" "frobnicate" vm frobnicate
json_usage "provision plan without --max-vfs and --vfs" "--max-vfs" provision plan
json_usage "provision plan without --vfs" "--vfs" provision plan --max-vfs 7
json_usage "provision plan with an operand" "extra" provision plan --max-vfs 7 --vfs 1 extra
json_usage "provision plan --platform tgl" "tgl" provision plan --max-vfs 7 --vfs 1 --platform tgl
json_usage "provision show with an operand" "extra" provision show extra
json_usage "provision show --card x" "--card" provision show --card x
json_usage "provision set without a target" "KEY=VALUE" provision set
json_usage "provision set without a value" "KEY=VALUE" provision set vf1
json_usage "provision set with a word that is no KEY=VALUE" "quantum" provision set vf1 quantum
json_usage "kvmfr size without a mode" "resolution" kvmfr size
json_usage "kvmfr size -1x5" "-1x5" kvmfr size -1x5
json_usage "vm check without a file" "domain XML" vm check
json_usage "vm xml without the model" "--name" vm xml
json_usage "vm guest-files without -d" "output directory" vm guest-files $model
json_usage "vfs enable without N" "number of VFs" vfs enable
json_usage "vfs status with an operand" "extra" vfs status extra
json_usage "vfio bind without a VF" "VF address" vfio bind
json_usage "doctor with an operand" "extra" doctor extra
json_usage "completion bash with an operand" "extra" completion bash extra
json_usage "gop extract without a file" "BIOS file" gop extract

# Part 5: in text mode too, one error: vfctl's own sentence naming the
# option, never getopt_long's line before it ("doctor: unrecognized option
# '--no-such-option'", "invalid option -- 'Z'", "requires an argument").
# getopt_error: $tmp/err holds no line of getopt's own.
getopt_error() {
	! grep -Eq "unrecognized option|invalid option|requires an argument|doesn't allow an argument|is ambiguous" "$tmp/err"
}
# one_error TEXT: $tmp/err has one "vfctl: " line, its first, naming 'TEXT'.
one_error() {
	[ "$(grep -c "^vfctl: " "$tmp/err")" = 1 ] && head -n 1 "$tmp/err" | grep -qF -- "vfctl: '$1'"
}
# text_usage NAME TEXT ARGS...: a usage error whose only error line is
# vfctl's, the first line of stderr, and it names TEXT.
text_usage() {
	name=$1 text=$2
	shift 2
	expect "$name: exit 2" 2 "$vfctl" "$@"
	check "$name: no line of getopt's own on stderr" getopt_error
	check "$name: one error line, the first, vfctl's, naming '$text'" one_error "$text"
}
for c in $commands; do
	subs=$("$vfctl" help "$c" 2>&1 | grep -o "vfctl $c [a-z][a-z-]*" | awk '{ print $3 }' | sort -u)
	for s in ${subs:--}; do
		[ "$s" = - ] && s=''
		text_usage "vfctl $c${s:+ $s} --no-such-option" --no-such-option $c $s --no-such-option
	done
done
text_usage "doctor -Z (an unknown short option)" -Z doctor -Z
text_usage "doctor -vZ (the unknown letter inside a cluster)" -Z doctor -vZ
text_usage "doctor --verbose -Zv (the cluster after a long option)" -Z doctor --verbose -Zv
text_usage "vfs enable --pf without its value" --pf vfs enable --pf
text_usage "vm xml -o without its value" -o vm xml $model -o
text_usage "doctor --r (a prefix of two options)" --r doctor --r
text_usage "doctor --hdr=1" --hdr=1 doctor --hdr=1
# the cluster under --json: the document names the letter, not the word before it
json_usage "doctor -Zv under --json" "'-Z' is not an option" doctor -Zv

# Part 6: a subcommand's --help is about that subcommand.
expect "provision plan --help" 0 "$vfctl" provision plan --help
check "provision plan --help starts with plan's synopsis" \
	grep -q "^usage: vfctl provision plan --max-vfs" "$tmp/out"
# plan_only: $tmp/out names neither show nor set
plan_only() {
	! grep -q "provision show\|provision set" "$tmp/out"
}
# plan_options: $tmp/out describes each of plan's options on a line of its own
plan_options() {
	for o in --max-vfs --vfs --platform --pf-ggtt --ggtt-spare --contexts-spare --doorbells-spare; do
		grep -q "^  $o " "$tmp/out" || return 1
	done
}
# all_subs: $tmp/out lists plan, show and set
all_subs() {
	grep -q "provision plan" "$tmp/out" && grep -q "provision show" "$tmp/out" &&
		grep -q "provision set" "$tmp/out"
}
check "provision plan --help is plan's only (no show or set)" plan_only
check "provision plan --help describes each of plan's options" plan_options
expect "help provision plan" 0 "$vfctl" help provision plan
check "help provision plan is the same text" grep -q "^usage: vfctl provision plan" "$tmp/out"
expect "provision --help" 0 "$vfctl" provision --help
check "provision --help still lists plan, show and set" all_subs

cli_finish vfctl-usage "$results"
