# SPDX-License-Identifier: MIT
# shellcheck shell=sh
#
# What the stage scripts of the tests/setup guest share (sourced from the
# share the host mounts at /run/vfctlhost; guest-lib.sh puts it there):
# the stage number the host wrote, vfctl run from the share with the
# host's libraries beside it, one "CHECK <stage> <name> ok|fail <detail>"
# line a check in result-<stage>.txt (its output in log-<stage>.txt), and
# the end of a stage: the boot's journal kept, the guest powered off.
share=/run/vfctlhost
stage=$(cat "$share/stage")
out="$share/result-$stage.txt"
: >"$out"
vfctl() { "$share/lib/ld-linux-x86-64.so.2" --library-path "$share/lib" "$share/vfctl" "$@"; }
check() { # NAME DETAIL COMMAND...
	name=$1 detail=$2
	shift 2
	if "$@" >>"$share/log-$stage.txt" 2>&1; then r=ok; else r=fail; fi
	echo "CHECK $stage $name $r $detail" >>"$out"
}
stage_done() {
	journalctl -b --no-pager >"$share/journal-$stage.txt" 2>&1
	echo "STAGE $stage DONE" >>"$out"
	sync
	systemctl poweroff
}
