#!/bin/bash
# SPDX-License-Identifier: MIT
#
# The self-hosted Raptor Lake pipeline: every stage in order, each with a
# timeout, a recorded reason when it fails or skips, and an undo journal that
# puts the host back as it was (VFs disabled, modules as before, DKMS as
# before, VMs gone) even when a stage fails, times out or the run is killed.
#
# usage: ci/hw/pipeline.sh [options]
#   --dry-run          no hardware: check each stage's wiring (its commands
#                      exist and answer --help, make targets parse), skip the
#                      hardware part with the reason, and test the cleanup
#                      traps for real against a fake host (ci/hw/selftest.sh)
#   -o DIR             output directory (default: $O/ci-hw, O defaults to out)
#   --dkms-src DIR     DKMS source tree of the SR-IOV driver under test; its
#                      dkms.conf gives the whole module set the run snapshots
#                      and restores, and its kernel range is checked (also in
#                      the dry run) against the kernel and its headers
#   --max-vfs N        i915 max_vfs for the reload (default 7)
#   --vfs N            VFs to enable for the VM stage (default 1)
#   --pf BDF           the PF (default 0000:00:02.0)
#   --igt-src DIR      IGT source tree      (for `make igt`)
#   --igt-build DIR    IGT build directory  (igt_runner, tests/sriov_basic)
#   --stages LIST      comma-separated subset of: preflight,check,driver,kmod,
#                      igt,vm,bench,collect (collect always runs)
#   --host-root DIR    read and write the host under DIR (fake hosts in tests)
#
# Environment: CI_HW_TIMEOUT_<STAGE>=seconds overrides a stage's timeout;
# SUDO (default "sudo -n" unless root) prefixes every privileged command;
# CI_HW_FAULT=stage:point makes a stage fail on purpose at that point (tests);
# CI_HW_DKMS is the dkms command (default dkms). Under --host-root, dkms works
# in the root's own tree (var/lib/dkms, usr/src, lib/modules, the kernel's
# lib/modules/K/build) and makes its MOK key there.
# CI_HW_PAUSE=stage:point makes a stage wait there (to be killed, in tests).
#
# Output (DIR): stages.tsv (stage, status, seconds, reason, the detail file
# in artifacts/ for the JUnit case or nothing), summary.txt (one
# line per stage and a closing "ci-hw: N passed, N failed, N skipped"),
# ci-hw.counts, logs/<stage>.log, junit/*.xml, ktap/*.ktap, igt/results.json,
# artifacts/. Exit status 0 only if no stage failed.
set -eu -o pipefail

SELF=$(readlink -f "$0")
TOP=$(cd "$(dirname "$SELF")/../.." && pwd)
STAGES_ALL="preflight check driver kmod igt vm bench collect"

# Stage timeouts in seconds.
declare -A TIMEOUT=([preflight]=120 [check]=3600 [driver]=1800 [kmod]=300
	[igt]=3600 [vm]=1800 [bench]=3600 [collect]=300 [selftest]=480)

log() { printf 'ci-hw: %s\n' "$*" >&2; }

usage() {
	sed -n '/^# usage:/,/^# Environment/p' "$SELF" | sed -e 's/^# \{0,1\}//' -e '$d'
}

# ---------------------------------------------------------------------------
# Configuration: parsed once by the top-level run and exported, so the stage
# processes (this script again, under timeout) see the same settings.

parse_args() {
	CI_HW_DRY=0
	CI_HW_O=${O:-out}
	CI_HW_OUT=""
	CI_HW_DKMS_SRC=""
	CI_HW_MAX_VFS=7
	CI_HW_VFS=1
	CI_HW_PF=0000:00:02.0
	CI_HW_IGT_SRC=""
	CI_HW_IGT_BUILD=""
	CI_HW_STAGES=""
	CI_HW_ROOT=""
	while [ $# -gt 0 ]; do
		case "$1" in
		--dry-run) CI_HW_DRY=1 ;;
		-o) CI_HW_OUT=$2; shift ;;
		--dkms-src) CI_HW_DKMS_SRC=$(readlink -f "$2"); shift ;;
		--max-vfs) CI_HW_MAX_VFS=$2; shift ;;
		--vfs) CI_HW_VFS=$2; shift ;;
		--pf) CI_HW_PF=$2; shift ;;
		--igt-src) CI_HW_IGT_SRC=$(readlink -f "$2"); shift ;;
		--igt-build) CI_HW_IGT_BUILD=$(readlink -f "$2"); shift ;;
		--stages) CI_HW_STAGES=$(printf '%s' "$2" | tr ',' ' '); shift ;;
		--host-root) CI_HW_ROOT=$(readlink -f "$2"); shift ;;
		-h | --help) usage; exit 0 ;;
		*) log "unknown option '$1'"; usage >&2; exit 2 ;;
		esac
		shift
	done
	case "$CI_HW_MAX_VFS$CI_HW_VFS" in *[!0-9]*)
		log "--max-vfs and --vfs take numbers"; exit 2 ;;
	esac
	if [ "$CI_HW_VFS" -lt 1 ] || [ "$CI_HW_VFS" -gt "$CI_HW_MAX_VFS" ]; then
		log "--vfs must be in 1..--max-vfs"; exit 2
	fi
	[ -n "$CI_HW_OUT" ] || CI_HW_OUT=$CI_HW_O/ci-hw
	mkdir -p "$CI_HW_OUT"
	CI_HW_OUT=$(readlink -f "$CI_HW_OUT")
	case "$CI_HW_O" in /*) ;; *) CI_HW_O=$TOP/$CI_HW_O ;; esac
	if [ -z "$CI_HW_STAGES" ]; then
		CI_HW_STAGES=$STAGES_ALL
		[ "$CI_HW_DRY" = 0 ] || CI_HW_STAGES="$STAGES_ALL selftest"
	fi
	for s in $CI_HW_STAGES; do
		case " $STAGES_ALL selftest " in *" $s "*) ;; *)
			log "unknown stage '$s'"; exit 2 ;;
		esac
	done
	CI_HW_DRIVER_MODS=$(driver_modules "$CI_HW_DKMS_SRC")
	export CI_HW_DRY CI_HW_O CI_HW_OUT CI_HW_DKMS_SRC CI_HW_MAX_VFS CI_HW_VFS \
		CI_HW_PF CI_HW_IGT_SRC CI_HW_IGT_BUILD CI_HW_STAGES CI_HW_ROOT CI_HW_DRIVER_MODS
}

# driver_modules SRC: the modules the driver installs (BUILT_MODULE_NAME[] of
# its dkms.conf), dependents first (dkms.conf lists what others need first:
# intel_sriov_compat before i915 and xe), as /proc/modules spells them; i915
# when there is no tree.
driver_modules() {
	local m list=()
	if [ -n "$1" ] && [ -f "$1/dkms.conf" ]; then
		for m in $(sed -n "s/^BUILT_MODULE_NAME\[[0-9]*\]=[\"']\{0,1\}\([^\"' ]*\).*/\1/p" "$1/dkms.conf" | tr - _); do
			list=("$m" ${list[@]+"${list[@]}"})
		done
	fi
	case " ${list[*]-} " in *" i915 "*) ;; *) list+=(i915) ;; esac
	echo "${list[*]}"
}

setup_env() {
	ROOT=${CI_HW_ROOT:-}
	OUT=$CI_HW_OUT
	STATE=$OUT/state
	BIN=$CI_HW_O/plain/bin
	VFCTL=${CI_HW_VFCTL:-$BIN/vfctl}
	VM_RUN=${CI_HW_VM_RUN:-$BIN/vm_run}
	CI_RESULTS=${CI_HW_CI_RESULTS:-$BIN/ci_results}
	DKMS_CHECK=${CI_HW_DKMS_CHECK:-$BIN/dkms_check}
	DKMS_BIN=${CI_HW_DKMS:-dkms}
	DRIVER_MODS=${CI_HW_DRIVER_MODS:-i915}
	# The modules whose state the pipeline may change, in unload order.
	MODS="i915_sriov_pf_selftest i915_sriov_pf kvmfr vfio_pci $DRIVER_MODS"
	if [ -n "$ROOT" ]; then
		DKMS_TREE=$ROOT/var/lib/dkms
		DKMS_OPTS=(--dkmstree "$ROOT/var/lib/dkms" --sourcetree "$ROOT/usr/src"
			--installtree "$ROOT/lib/modules")
		# dkms takes these from the environment when framework.conf sets none.
		export mok_signing_key=$ROOT/var/lib/dkms/mok.key
		export mok_certificate=$ROOT/var/lib/dkms/mok.pub
	else
		DKMS_TREE=/var/lib/dkms
		DKMS_OPTS=()
	fi
	KVER=${CI_HW_KVER:-$(uname -r)}
	if [ -z "${SUDO+set}" ]; then
		if [ "$(id -u)" = 0 ] || [ -n "$ROOT" ]; then SUDO=""; else SUDO="sudo -n"; fi
	fi
	PFDIR=$ROOT/sys/bus/pci/devices/$CI_HW_PF
}

# ---------------------------------------------------------------------------
# Undo journal. Every change to the host first records the command that
# reverses it, in one of two stacks: "stage" (undone when the stage ends) and
# "pipeline" (undone when the whole run ends: the driver under test stays
# installed for the stages after it). Entries are popped one at a time, so an
# interrupted undo resumes where it stopped.

undo_push() {
	local scope=$1
	shift
	printf '%q ' "$@" >>"$STATE/undo.$scope"
	printf '\n' >>"$STATE/undo.$scope"
}

undo_run() {
	local f="$STATE/undo.$1" line
	while [ -s "$f" ]; do
		line=$(tail -n 1 "$f")
		sed -i '$d' "$f"
		log "undo: $line"
		eval "$line" || log "undo failed (status $?): $line"
	done
	return 0
}

# ---------------------------------------------------------------------------
# Stage results. Inside a stage: skip REASON (exit 77), fail REASON (exit 1).

skip() {
	printf '%s\n' "$*" >"$STATE/reason"
	log "skip: $*"
	exit 77
}

fail() {
	printf '%s\n' "$*" >"$STATE/reason"
	log "FAIL: $*"
	exit 1
}

# fault POINT: fail here on purpose when CI_HW_FAULT names this stage and
# point; CI_HW_PAUSE=stage:point stops there instead (STATE/paused says so),
# for a test to kill the run at that point.
fault() {
	if [ "${CI_HW_PAUSE:-}" = "$STAGE:$1" ]; then
		echo "$STAGE:$1" >"$STATE/paused"
		sleep 600
	fi
	[ "${CI_HW_FAULT:-}" = "$STAGE:$1" ] || return 0
	fail "fault injected at $STAGE:$1"
}

need() {
	command -v "$1" >/dev/null 2>&1 || "$2" "$1 not found${3:+ ($3)}"
}

# ---------------------------------------------------------------------------
# Host helpers. They only touch the host through ROOT and SUDO.

write_file() {
	if [ -n "$ROOT" ] || [ -z "$SUDO" ]; then
		printf '%s\n' "$2" >"$1"
	else
		printf '%s\n' "$2" | $SUDO tee "$1" >/dev/null
	fi
}

numvfs() { cat "$PFDIR/sriov_numvfs"; }

# vfs_set N: the kernel refuses N -> M with both non-zero, so go through 0.
vfs_set() {
	local cur
	cur=$(numvfs)
	[ "$cur" != "$1" ] || return 0
	[ "$cur" = 0 ] || [ "$1" = 0 ] || write_file "$PFDIR/sriov_numvfs" 0
	write_file "$PFDIR/sriov_numvfs" "$1"
}

# vfs_enable N: enable N VFs for this stage; undone at the stage's end.
vfs_enable() {
	undo_push stage vfs_set "$(numvfs)"
	vfs_set "$1"
	[ "$(numvfs)" = "$1" ] || fail "sriov_numvfs reads $(numvfs) after writing $1"
}

mod_loaded() { grep -q "^$1 " "$ROOT/proc/modules" 2>/dev/null; }

modules_snapshot() {
	local m
	for m in $MODS; do
		if mod_loaded "$m"; then echo "$m"; fi
	done >"$STATE/modules.before"
	: >"$STATE/modules.reloaded"
}

# modules_restore: unload what the run loaded, reload what it reloaded with
# other parameters or from another file, load what it unloaded. The driver's
# modules go as one set: once one of them changed, all are unloaded and the
# ones loaded before come back from the restored files (a compat module of
# the driver under test must not stay under the baseline's i915).
modules_restore() {
	local m changed=0
	for m in $DRIVER_MODS; do
		if grep -qx "$m" "$STATE/modules.reloaded"; then changed=1; fi
		if mod_loaded "$m"; then
			grep -qx "$m" "$STATE/modules.before" || changed=1
		else
			! grep -qx "$m" "$STATE/modules.before" || changed=1
		fi
	done
	if [ "$changed" = 1 ]; then
		for m in $DRIVER_MODS; do
			if mod_loaded "$m"; then $SUDO modprobe -r "$m" || log "cannot unload $m"; fi
		done
	fi
	for m in $MODS; do
		if mod_loaded "$m" && ! grep -qx "$m" "$STATE/modules.before"; then
			$SUDO modprobe -r "$m" || log "cannot unload $m"
		fi
	done
	for m in $MODS; do
		grep -qx "$m" "$STATE/modules.before" || continue
		if grep -qx "$m" "$STATE/modules.reloaded" && mod_loaded "$m"; then
			$SUDO modprobe -r "$m" || log "cannot unload $m"
		fi
		mod_loaded "$m" || $SUDO modprobe "$m" || log "cannot load $m"
	done
	: >"$STATE/modules.reloaded"
}

# mod_reload NAME [PARAM=VALUE...]: the undo is the pipeline's modules_restore.
# A module of the driver's set takes the whole loaded set down first (xe and
# kvmgt hold i915, i915 holds the compat module), so all of it comes from the
# new files.
mod_reload() {
	local m=$1 d
	shift
	echo "$m" >>"$STATE/modules.reloaded"
	if case " $DRIVER_MODS " in *" $m "*) true ;; *) false ;; esac; then
		for d in $DRIVER_MODS; do
			mod_loaded "$d" || continue
			echo "$d" >>"$STATE/modules.reloaded"
			$SUDO modprobe -r "$d"
		done
	elif mod_loaded "$m"; then
		$SUDO modprobe -r "$m"
	fi
	$SUDO modprobe "$m" "$@"
}

mod_load() {
	mod_loaded "$1" && return 0
	undo_push stage mod_unload "$1"
	$SUDO modprobe "$@"
}

mod_unload() {
	if mod_loaded "$1"; then $SUDO modprobe -r "$1"; fi
}

# dkms_run ARGS...: dkms as root (in the root's tree under --host-root),
# without make's O= and flags in the environment, which kbuild would take as
# its own. dkms_query: the same for reading (status), without sudo, which
# the runner's sudoers rules do not allow for it.
dkms_run() {
	# shellcheck disable=SC2086 # SUDO is a command and its options, or empty
	env -u O -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u MAKEOVERRIDES \
		$SUDO "$DKMS_BIN" "${DKMS_OPTS[@]}" "$@"
}

dkms_query() {
	"$DKMS_BIN" "${DKMS_OPTS[@]}" "$@"
}

# check_value KEY: a line of dkms_check's output (in $STATE/dkms-check).
check_value() {
	sed -n "s/^$1=//p" "$STATE/dkms-check" | head -n 1
}

# dkms_compat SRC: lib/dkms's compatibility check of SRC against KVER;
# fails the stage with a reason of its own per kind, except a signing key
# not enrolled yet (returns 1: dkms makes the key at the build).
dkms_compat() {
	local rc=0 reason
	[ -x "$DKMS_CHECK" ] || fail "$DKMS_CHECK not built (make all)"
	"$DKMS_CHECK" ${ROOT:+--root "$ROOT"} --kernel "$KVER" "$1" >"$STATE/dkms-check" 2>&1 || rc=$?
	cp "$STATE/dkms-check" "$OUT/artifacts/dkms-check.txt"
	[ "$rc" != 3 ] || fail "dkms_check: $(cat "$STATE/dkms-check")"
	reason=$(check_value reason)
	case $(check_value verdict) in
	ok) return 0 ;;
	key-not-enrolled) return 1 ;;
	excluded-kernel | excluded-arch) fail "excluded kernel: $reason" ;;
	no-headers) fail "no headers: $reason" ;;
	*) fail "dkms.conf: $reason" ;;
	esac
}

# key_unreadable: the key exists but the MOK list could not be read (a
# non-root user where efivarfs hides it): not a verdict, the load will tell.
key_unreadable() {
	[ "$(check_value mok)" = unknown ] && [ "$(check_value mok_cert_exists)" = yes ] || return 1
	log "cannot read the MOK list to check $(check_value mok_cert); the load will tell"
}

# first_error MAKELOG: the compiler's first error, else make's.
first_error() {
	grep -m 1 -E ': (fatal )?error: ' "$1" 2>/dev/null ||
		grep -m 1 -E '\*\*\* |Error [0-9]+' "$1" 2>/dev/null || true
}

# detail TEXT...: more than the reason, for the JUnit case (system-out).
detail() {
	printf '%s\n' "$@" >>"$STATE/detail"
}

# dkms_versions NAME: versions of NAME installed for KVER.
dkms_versions() {
	dkms_query status -m "$1" -k "$KVER" 2>/dev/null |
		sed -n 's|^[^/, ]*[/, ] *\([^,: ]*\).*: installed.*|\1|p'
}

# dkms_restore NAME VERSION PREVIOUS...: drop our build and put the versions
# that were installed before back for KVER.
dkms_restore() {
	local name=$1 ver=$2 v
	shift 2
	dkms_run remove "$name/$ver" --all || log "dkms remove $name/$ver failed"
	$SUDO rm -rf --one-file-system "$ROOT/usr/src/$name-$ver"
	for v in "$@"; do
		dkms_run install "$name/$v" -k "$KVER" --force || log "cannot reinstall $name/$v"
	done
}

# vm_kill PIDFILE: the VM is gone when this returns.
vm_kill() {
	local pid i sig
	[ -s "$1" ] || return 0
	pid=$(cat "$1")
	for i in 1 2 3 4 5 6 7 8 9 10; do
		kill -0 "$pid" 2>/dev/null || break
		if [ "$i" -lt 5 ]; then sig=TERM; else sig=KILL; fi
		kill -"$sig" "$pid" 2>/dev/null || true
		sleep 0.5
	done
	kill -0 "$pid" 2>/dev/null && return 1
	rm -f "$1"
}

# vf_vfio_bind VF: what `virsh nodedev-detach` does; undone per stage.
vf_vfio_bind() {
	local vf=$1 dev=$ROOT/sys/bus/pci/devices/$1 old=""
	if [ -e "$dev/driver_override" ]; then old=$(cat "$dev/driver_override"); fi
	[ "$old" != "(null)" ] || old=""
	undo_push stage vf_vfio_unbind "$vf" "$old"
	write_file "$dev/driver_override" vfio-pci
	if [ -e "$dev/driver/unbind" ]; then write_file "$dev/driver/unbind" "$vf"; fi
	write_file "$ROOT/sys/bus/pci/drivers_probe" "$vf"
}

vf_vfio_unbind() {
	local dev=$ROOT/sys/bus/pci/devices/$1
	if [ -e "$dev/driver/unbind" ]; then write_file "$dev/driver/unbind" "$1"; fi
	write_file "$dev/driver_override" "$2"
	write_file "$ROOT/sys/bus/pci/drivers_probe" "$1"
}

# help_ok CMD...: the command exists and its help exits 0 (wiring check).
help_ok() {
	"$@" >"$STATE/help.out" 2>&1
}

# make_has TARGET...: the targets exist in the build (read from make's
# database, without building or running anything).
make_has() {
	local t
	make -C "$TOP" --no-print-directory -p -q O="$CI_HW_O" ci-hw-no-such-goal \
		>"$STATE/make-db.out" 2>/dev/null || true
	for t in "$@"; do
		grep -q "^$t:" "$STATE/make-db.out" || fail "make has no target '$t'"
	done
}

dry_skip() {
	skip "dry run: $*"
}

# ---------------------------------------------------------------------------
# Stages

stage_preflight() {
	[ -x "$VFCTL" ] || fail "$VFCTL not built (make all)"
	help_ok "$VFCTL" --help || fail "vfctl --help failed"
	if ! help_ok "$VFCTL" doctor --help; then
		skip "vfctl has no 'doctor' command yet (issue 4)"
	fi
	[ "$CI_HW_DRY" = 0 ] || dry_skip "vfctl doctor wired; not run (no Raptor Lake)"
	local args=(doctor --json)
	[ -z "$ROOT" ] || args+=(--root "$ROOT")
	local rc=0
	"$VFCTL" "${args[@]}" >"$OUT/artifacts/doctor.json" 2>"$STATE/doctor.err" || rc=$?
	"$VFCTL" doctor ${ROOT:+--root "$ROOT"} >"$OUT/artifacts/doctor.txt" 2>&1 || true
	case $rc in
	0) ;;
	3) cat "$OUT/artifacts/doctor.txt" >&2
	   fail "not a supported host (vfctl doctor exit 3); findings in artifacts/doctor.txt" ;;
	*) cat "$OUT/artifacts/doctor.txt" >&2
	   fail "host not ready (vfctl doctor exit $rc): $(grep -ci fail "$OUT/artifacts/doctor.txt" || true) failing checks; see artifacts/doctor.txt" ;;
	esac
}

stage_check() {
	if [ "$CI_HW_DRY" = 1 ]; then
		# make check is what runs this dry run: never start it again.
		make_has check check-build check-run
		dry_skip "make check is the caller of the dry run (targets check, check-build, check-run exist)"
	fi
	make -C "$TOP" --no-print-directory O="$CI_HW_O" check
}

stage_driver() {
	local src=$CI_HW_DKMS_SRC name ver cver prev copy modules rc=0 enrolled=1
	if [ -z "$src" ]; then
		[ "$CI_HW_DRY" = 1 ] || skip "no --dkms-src given"
		dry_skip "no --dkms-src: no driver tree to check against kernel $KVER (make ci-dry-run DKMS_SRC=DIR)"
	fi
	[ -f "$src/dkms.conf" ] || fail "$src has no dkms.conf"
	# What dkms would do, before anything is built: the kernel range, the
	# headers, the signing key (lib/dkms's check; vfctl doctor shares it).
	dkms_compat "$src" || enrolled=0
	name=$(check_value name)
	ver=$(check_value version)
	modules=$(check_value modules)
	if [ "$CI_HW_DRY" = 1 ]; then
		[ "$enrolled" = 1 ] || key_unreadable || fail "signing: $(check_value reason)"
		need dkms skip "apt-get install dkms"
		dry_skip "$name $ver ($modules) is in range for $KVER with its headers; dkms present; no Raptor Lake"
	fi
	need "$DKMS_BIN" fail "apt-get install dkms"
	need modprobe fail "apt-get install kmod"
	[ -e "$PFDIR" ] || fail "no PCI device $CI_HW_PF"

	# The tree under test gets its own version, so the driver installed
	# before stays registered and comes back at the end of the run.
	cver=ci
	copy=$OUT/dkms/$name-$cver
	rm -rf "$copy" && mkdir -p "$OUT/dkms"
	cp -r "$src" "$copy"
	sed -i "s/^PACKAGE_VERSION=.*/PACKAGE_VERSION=\"$cver\"/" "$copy/dkms.conf"
	prev=$(dkms_versions "$name" | grep -vx "$cver" | tr '\n' ' ' || true)
	if dkms_query status -m "$name" -v "$cver" 2>/dev/null | grep -q .; then
		log "stale $name/$cver from an earlier run: removing it"
		dkms_restore "$name" "$cver"
	fi
	# shellcheck disable=SC2086 # prev is a list of versions
	undo_push pipeline dkms_restore "$name" "$cver" $prev
	dkms_run add "$copy" >"$OUT/artifacts/dkms-add.log" 2>&1 ||
		fail "dkms add $name/$cver failed (artifacts/dkms-add.log)"
	dkms_run build "$name/$cver" -k "$KVER" ${ROOT:+--kernelsourcedir "$ROOT/lib/modules/$KVER/build"} \
		>"$OUT/artifacts/dkms-build.log" 2>&1 || rc=$?
	if [ "$rc" != 0 ]; then
		# dkms leaves a failed build's make.log in its build directory, and
		# the undo (dkms remove) deletes it: keep it now.
		local mlog=$OUT/artifacts/dkms-make.log first
		cp "$DKMS_TREE/$name/$cver/build/make.log" "$mlog" 2>/dev/null || : >"$mlog"
		first=$(first_error "$mlog")
		first=${first#"$DKMS_TREE/$name/$cver/build/"} # relative to the driver tree
		detail "dkms build $name/$cver -k $KVER: exit status $rc" "first error: ${first:-none}" \
			"--- dkms-build.log (end)" "$(tail -n 15 "$OUT/artifacts/dkms-build.log")" \
			"--- make.log (end)" "$(tail -n 40 "$mlog")"
		if [ "$rc" = 77 ]; then
			fail "excluded kernel: dkms refuses $KVER (BUILD_EXCLUSIVE_KERNEL, _ARCH or _CONFIG of $name $ver; artifacts/dkms-build.log)"
		elif grep -q 'kernel headers for kernel .* cannot be found' "$OUT/artifacts/dkms-build.log"; then
			fail "no headers: dkms found no headers for $KVER (artifacts/dkms-build.log)"
		elif [ -s "$mlog" ]; then
			fail "compile error: $name $ver on $KVER: ${first:-see make.log} (artifacts/dkms-make.log)"
		fi
		fail "dkms build $name/$cver for $KVER failed (status $rc): $(grep -m 1 'Error!' "$OUT/artifacts/dkms-build.log" || echo 'see the log') (artifacts/dkms-build.log)"
	fi
	fault after-build
	# Under Secure Boot the kernel refuses unsigned modules and modules
	# signed with a key that is not a MOK: say so before the baseline is
	# unloaded, not as a failed modprobe.
	if [ "$(check_value secure_boot)" = on ]; then
		if grep -q "modules won't be signed" "$OUT/artifacts/dkms-build.log"; then
			detail "$(grep -m 1 "modules won't be signed" "$OUT/artifacts/dkms-build.log")"
			fail "signing: Secure Boot is on and dkms built $name unsigned ($(grep -m 1 "won't be signed" "$OUT/artifacts/dkms-build.log")): the kernel would refuse it"
		fi
		dkms_compat "$src" || key_unreadable || fail "signing: $(check_value reason)"
	fi
	dkms_run install "$name/$cver" -k "$KVER" --force ${ROOT:+--no-depmod} \
		>"$OUT/artifacts/dkms-install.log" 2>&1 || fail "dkms install failed (artifacts/dkms-install.log)"
	if ! mod_reload i915 "max_vfs=$CI_HW_MAX_VFS" 2>"$STATE/modprobe.err"; then
		cat "$STATE/modprobe.err" >&2
		detail "$(cat "$STATE/modprobe.err")"
		if grep -qiE 'key was rejected|required key not available|signature' "$STATE/modprobe.err"; then
			fail "load: the kernel refused the module's signature ($(head -n 1 "$STATE/modprobe.err")); Secure Boot $(check_value secure_boot): enrol dkms's key with mokutil --import $(check_value mok_cert)"
		fi
		fail "load: modprobe i915 max_vfs=$CI_HW_MAX_VFS failed ($(head -n 1 "$STATE/modprobe.err"))"
	fi
	fault after-reload
	[ -e "$PFDIR/sriov_totalvfs" ] ||
		fail "no sriov_totalvfs on $CI_HW_PF after the reload: is SR-IOV on in the BIOS?"
	local total
	total=$(cat "$PFDIR/sriov_totalvfs")
	[ "$total" -ge "$CI_HW_MAX_VFS" ] ||
		fail "sriov_totalvfs is $total, expected $CI_HW_MAX_VFS (max_vfs ignored?)"
	# The smallest check that the driver provisions: enable all, disable.
	vfs_enable "$CI_HW_MAX_VFS"
	fault after-enable
	vfs_set 0
}

stage_kmod() {
	local kdir=$ROOT/lib/modules/$KVER/build ktap=$OUT/ktap/module-selftest.ktap
	[ -x "$CI_RESULTS" ] || fail "$CI_RESULTS not built"
	make_has modules
	[ "$CI_HW_DRY" = 0 ] || dry_skip "make modules exists; the self-test module is loaded only on the runner"
	[ -e "$kdir/Makefile" ] || fail "no headers for the running kernel at $kdir"
	make -C "$TOP" --no-print-directory O="$CI_HW_O" KDIR="$kdir" modules ||
		fail "kernel/ does not build against $KVER"
	local before
	before=$($SUDO dmesg | wc -l)
	undo_push stage mod_unload i915_sriov_pf
	$SUDO insmod "$CI_HW_O/kmod/i915_sriov_pf.ko" || fail "insmod i915_sriov_pf.ko failed"
	undo_push stage mod_unload i915_sriov_pf_selftest
	$SUDO insmod "$CI_HW_O/kmod/i915_sriov_pf_selftest.ko" || fail "insmod i915_sriov_pf_selftest.ko failed"
	$SUDO dmesg | tail -n +"$((before + 1))" >"$OUT/artifacts/kmod-dmesg.txt"
	"$CI_RESULTS" ktap -n module-selftest -o "$ktap" -j "$OUT/junit/module-selftest.xml" \
		"$OUT/artifacts/kmod-dmesg.txt" || fail "module self-test: see ktap/module-selftest.ktap"
	if grep -qE 'WARNING:|BUG:|Oops' "$OUT/artifacts/kmod-dmesg.txt"; then
		fail "kernel splat while the self-test ran (artifacts/kmod-dmesg.txt)"
	fi
}

stage_igt() {
	local runner root=$OUT/igt/root res=$OUT/igt/results
	[ -x "$CI_RESULTS" ] || fail "$CI_RESULTS not built"
	ls "$TOP"/tests/igt/*.c >/dev/null 2>&1 || skip "tests/igt has no tests yet (issue 8)"
	[ -n "$CI_HW_IGT_BUILD" ] || skip "no --igt-build given (IGT build directory)"
	runner=$CI_HW_IGT_BUILD/runner/igt_runner
	[ -x "$runner" ] || fail "$runner not found: build IGT with -Drunner=enabled"
	help_ok "$runner" --help || fail "igt_runner --help failed"
	make_has igt
	[ "$CI_HW_DRY" = 0 ] || dry_skip "igt_runner and make igt wired; no Raptor Lake"
	make -C "$TOP" --no-print-directory O="$CI_HW_O" IGT_SRC="$CI_HW_IGT_SRC" \
		IGT_BUILD="$CI_HW_IGT_BUILD" igt || fail "make igt failed"
	# One test root: upstream sriov_basic and the project's tests.
	rm -rf "$root" "$res" && mkdir -p "$root"
	local t
	for t in "$CI_HW_IGT_BUILD/tests/sriov_basic" "$CI_HW_O"/igt/tests/*; do
		if [ ! -x "$t" ] || [ -d "$t" ]; then continue; fi
		ln -s "$t" "$root/"
		basename "$t"
	done >"$root/test-list.txt"
	[ -s "$root/test-list.txt" ] || fail "no IGT binaries found"
	# igt_runner exits 0 when tests fail: the verdict comes from results.json.
	$SUDO "$runner" --overwrite --per-test-timeout 600 \
		--overall-timeout $((${CI_HW_TIMEOUT_IGT:-${TIMEOUT[igt]}} - 120)) --test-list "$root/test-list.txt" \
		"$root" "$res" || log "igt_runner exited with status $?"
	[ -f "$res/results.json" ] || fail "igt_runner wrote no results.json"
	cp "$res/results.json" "$OUT/igt/results.json"
	"$CI_RESULTS" igt -j "$OUT/junit/igt.xml" "$OUT/igt/results.json" >"$STATE/igt.summary" ||
		fail "$(tail -n 1 "$STATE/igt.summary")"
	cat "$STATE/igt.summary"
}

stage_vm() {
	local vf pid kvmfr=$ROOT/dev/kvmfr0
	[ -x "$VM_RUN" ] || fail "$VM_RUN not built"
	help_ok "$VM_RUN" --help || true
	grep -q -- '--vf' "$STATE/help.out" ||
		skip "vm_run cannot pass a VF to the guest yet (needs 'vm_run vf --vf BDF --shm /dev/kvmfr0', issues 7/9)"
	if [ "$CI_HW_DRY" = 1 ]; then
		local kvm=present pf="no SR-IOV PF $CI_HW_PF"
		[ -e "$ROOT/dev/kvm" ] || kvm=missing
		[ ! -e "$PFDIR/sriov_numvfs" ] || pf="PF $CI_HW_PF has sriov_numvfs"
		dry_skip "vm_run vf wired; /dev/kvm $kvm, $pf: a VF needs the Raptor Lake runner"
	fi
	[ -e "$ROOT/dev/kvm" ] || fail "/dev/kvm missing: VT-x off in the BIOS or kvm_intel not loaded"
	[ -e "$PFDIR/sriov_numvfs" ] || fail "$CI_HW_PF has no sriov_numvfs (driver stage?)"
	mod_load kvmfr || fail "modprobe kvmfr failed (Looking Glass kvmfr DKMS module)"
	[ -e "$kvmfr" ] || fail "/dev/kvmfr0 missing after loading kvmfr (static_size_mb?)"
	vfs_enable "$CI_HW_VFS"
	fault after-enable
	[ -L "$PFDIR/virtfn0" ] || fail "no virtfn0 under $CI_HW_PF after enabling VFs"
	vf=$(basename "$(readlink "$PFDIR/virtfn0")")
	mod_load vfio_pci || fail "modprobe vfio-pci failed"
	vf_vfio_bind "$vf"
	fault after-bind
	rm -f "$STATE/vm.pid"
	undo_push stage vm_kill "$STATE/vm.pid"
	"$VM_RUN" vf --vf "$vf" --shm "$kvmfr" -w "$CI_HW_O/vm" -g "$CI_HW_O/vm/lg-guest" \
		-r "$OUT/vm" >"$OUT/artifacts/vm.log" 2>&1 &
	pid=$!
	echo "$pid" >"$STATE/vm.pid"
	local rc=0
	wait "$pid" || rc=$?
	rm -f "$STATE/vm.pid"
	# KTAP of the guest, kept as a file and as JUnit.
	if [ -f "$OUT/vm/console.log" ]; then
		"$CI_RESULTS" ktap -n vm-vf -o "$OUT/ktap/vm-vf.ktap" -j "$OUT/junit/vm-vf.xml" \
			"$OUT/vm/console.log" || { [ "$rc" != 0 ] || rc=1; }
	fi
	[ "$rc" = 0 ] || fail "VM test with VF $vf failed (status $rc, artifacts/vm.log)"
}

stage_bench() {
	make_has bench bench-report
	[ "$CI_HW_DRY" = 0 ] || dry_skip "make bench exists; benchmarks belong to the real machine"
	make -C "$TOP" --no-print-directory O="$CI_HW_O" bench || fail "make bench failed"
}

stage_collect() {
	local a=$OUT/artifacts r=$CI_HW_O/results f
	mkdir -p "$a/results" "$OUT/junit" "$OUT/ktap"
	if [ -d "$r" ]; then
		for f in "$r"/*.counts "$r"/*.log; do
			if [ -e "$f" ]; then cp "$f" "$a/results/"; fi
		done
		for f in "$r"/*.junit.xml; do
			if [ -e "$f" ]; then cp "$f" "$OUT/junit/"; fi
		done
		for f in "$r"/*.ktap; do
			if [ -e "$f" ]; then cp "$f" "$OUT/ktap/"; fi
		done
	fi
	for f in report.json report.html; do
		if [ -e "$CI_HW_O/bench/$f" ]; then cp "$CI_HW_O/bench/$f" "$a/"; fi
	done
	uname -a >"$a/uname.txt"
	(cd "$TOP" && git rev-parse HEAD 2>/dev/null || echo unknown) >"$a/commit.txt"
	return 0
}

stage_selftest() {
	local rc=0
	"$TOP/ci/hw/selftest.sh" "$OUT/selftest" || rc=$?
	if [ -s "$OUT/selftest/selftest.counts" ]; then
		cp "$OUT/selftest/selftest.counts" "$STATE/selftest.counts"
	fi
	[ "$rc" = 0 ] || fail "cleanup self-test failed (logs/selftest.log)"
}

# ---------------------------------------------------------------------------
# Driver

# run_stage NAME: runs "pipeline.sh __stage NAME" under timeout in its own
# process group, records status and reason, then undoes what the stage left.
run_stage() {
	local name=$1 t rc=0 start end status reason var
	var=CI_HW_TIMEOUT_${name^^}
	t=${!var:-${TIMEOUT[$name]}}
	rm -f "$STATE/reason" "$STATE/detail"
	start=$(date +%s)
	log "== stage $name (timeout ${t}s)"
	timeout -k 10 "$t" "$SELF" __stage "$name" >"$OUT/logs/$name.log" 2>&1 &
	CHILD=$!
	wait "$CHILD" || rc=$?
	CHILD=""
	undo_run stage
	end=$(date +%s)
	case $rc in
	0) status=pass reason="" ;;
	77) status=skip reason=$(cat "$STATE/reason" 2>/dev/null || echo skipped) ;;
	124 | 137) status=fail reason="timeout after ${t}s" ;;
	*) status=fail
	   reason=$(cat "$STATE/reason" 2>/dev/null || echo "exit status $rc (logs/$name.log)") ;;
	esac
	# The detail (first compiler error, the end of make.log) goes to the
	# JUnit case beside the reason.
	local dfile=""
	if [ -s "$STATE/detail" ]; then
		dfile=artifacts/$name-detail.txt
		cp "$STATE/detail" "$OUT/$dfile"
	fi
	printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$status" "$((end - start))" "$reason" "$dfile" >>"$OUT/stages.tsv"
	printf '%-10s %-4s %5ss  %s\n' "$name" "$status" "$((end - start))" "$reason" | tee -a "$OUT/summary.txt"
	[ "$status" != fail ] || FAILED=1
}

finish() {
	local rc=$?
	trap - EXIT INT TERM
	if [ -n "${CHILD:-}" ]; then
		kill -TERM -- "-$CHILD" 2>/dev/null || kill -TERM "$CHILD" 2>/dev/null || true
		wait "$CHILD" 2>/dev/null || true
	fi
	undo_run stage
	undo_run pipeline
	local p f s
	p=$(awk -F'\t' '$2 == "pass"' "$OUT/stages.tsv" | wc -l)
	f=$(awk -F'\t' '$2 == "fail"' "$OUT/stages.tsv" | wc -l)
	s=$(awk -F'\t' '$2 == "skip"' "$OUT/stages.tsv" | wc -l)
	if [ "$rc" != 0 ] && [ "${FAILED:-0}" = 0 ]; then
		f=$((f + 1)) # interrupted between stages
		printf 'pipeline\tfail\t0\tinterrupted (status %s)\n' "$rc" >>"$OUT/stages.tsv"
	fi
	[ -s "$STATE/selftest.counts" ] && {
		read -r sp sf ss <"$STATE/selftest.counts"
		p=$((p + sp)) f=$((f + sf)) s=$((s + ${ss:-0}))
	}
	echo "$p $f $s" >"$OUT/ci-hw.counts"
	if [ -x "$CI_RESULTS" ]; then
		"$CI_RESULTS" stages -j "$OUT/junit/ci-hw-stages.xml" "$OUT/stages.tsv" >/dev/null ||
			[ $? = 1 ] || log "cannot write the stages' JUnit"
	fi
	echo "ci-hw: $p passed, $f failed, $s skipped" | tee -a "$OUT/summary.txt"
	[ "$f" = 0 ] && [ "$rc" = 0 ] && exit 0
	exit 1
}

main() {
	parse_args "$@"
	setup_env
	mkdir -p "$STATE" "$OUT/logs" "$OUT/junit" "$OUT/ktap" "$OUT/artifacts" "$OUT/igt"
	if [ -s "$STATE/undo.pipeline" ] || [ -s "$STATE/undo.stage" ]; then
		log "an earlier run did not finish its undo: doing it now"
		undo_run stage
		undo_run pipeline
	fi
	: >"$OUT/stages.tsv"
	: >"$OUT/summary.txt"
	rm -f "$STATE/selftest.counts"
	modules_snapshot
	undo_push pipeline modules_restore
	FAILED=0
	CHILD=""
	trap finish EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	local s
	for s in $STAGES_ALL selftest; do
		case " $CI_HW_STAGES " in *" $s "*) ;; *)
			[ "$s" = collect ] || continue ;;
		esac
		# A host that is not ready stops the run with the doctor's findings.
		if [ "$s" != collect ] && [ "$FAILED" = 1 ] &&
			grep -q '^preflight	fail' "$OUT/stages.tsv"; then
			printf '%s\tskip\t0\tpreflight failed\n' "$s" >>"$OUT/stages.tsv"
			printf '%-10s %-4s %5ss  %s\n' "$s" skip 0 "preflight failed" | tee -a "$OUT/summary.txt"
			continue
		fi
		# IGT and the VM tests need the driver under test.
		case "$s" in igt | vm)
			if grep -q '^driver	fail' "$OUT/stages.tsv"; then
				printf '%s\tskip\t0\tdriver stage failed\n' "$s" >>"$OUT/stages.tsv"
				printf '%-10s %-4s %5ss  %s\n' "$s" skip 0 "driver stage failed" | tee -a "$OUT/summary.txt"
				continue
			fi ;;
		esac
		run_stage "$s"
	done
}

if [ "${1:-}" = __stage ]; then
	# One stage, in its own process: undo what it did however it ends.
	setup_env
	STAGE=$2
	trap 'undo_run stage' EXIT
	trap 'exit 143' TERM
	trap 'exit 130' INT
	"stage_$STAGE"
	exit 0
fi

main "$@"
