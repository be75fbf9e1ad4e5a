#!/bin/bash
# SPDX-License-Identifier: MIT
#
# The driver-by-kernel matrix: a DKMS driver tree (or each given git ref of
# it) built with Debian's dkms for every installed kernel's headers, dkms
# confined to a private tree under OUT (its registry, sources, install tree
# and the MOK key it makes: nothing on the host changes). Each cell records
# what dkms did (built, excluded, no headers, compile error, other), the
# time, the first compiler error, and what lib/dkms's check predicted, so a
# disagreement between the check and dkms shows in the table.
#
# usage: ci/dkms/dkms-matrix.sh -o OUT [-j JOBS] [-c DKMS_CHECK] [-r REPORT] SRC [REF...]
#   SRC     a DKMS source tree (with dkms.conf); with REFs, a git checkout
#   REF     git refs (release tags, branches) to build instead of the tree
# Writes OUT/matrix.tsv, OUT/matrix.json, OUT/matrix.html, OUT/logs/.
# Exit: 0 the matrix was made (cells may fail), 1 a cell's dkms verdict
# disagrees with the check, 2 usage, 3 dkms or the driver tree missing.
set -eu -o pipefail

out="" jobs=2 check="" report=""
while getopts "o:j:c:r:h" opt; do
	case $opt in
	o) out=$OPTARG ;;
	j) jobs=$OPTARG ;;
	c) check=$OPTARG ;;
	r) report=$OPTARG ;;
	h) sed -n '/^# usage:/,/^# Exit/p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
if [ -z "$out" ] || [ $# -lt 1 ]; then echo "usage: dkms-matrix.sh -o OUT SRC [REF...]" >&2; exit 2; fi
src=$(readlink -f "$1")
shift
command -v dkms >/dev/null || { echo "dkms-matrix: dkms not installed (apt-get install dkms)" >&2; exit 3; }
[ -e "$src/dkms.conf" ] || [ $# -gt 0 ] || { echo "dkms-matrix: $src has no dkms.conf" >&2; exit 3; }
[ -x "$check" ] || { echo "dkms-matrix: no dkms_check (-c)" >&2; exit 3; }

mkdir -p "$out"
out=$(readlink -f "$out")
priv=$out/dkms
rm -rf "$priv" "$out/src" "$out/logs"
mkdir -p "$priv/tree" "$priv/src" "$priv/install" "$out/src" "$out/logs"
# dkms signs with the key named here when framework.conf names none; it
# makes the key at the first build: keep it in the private tree too.
export mok_signing_key=$priv/mok.key mok_certificate=$priv/mok.pub
# make exports O= (our output directory) and its flags: kbuild would take
# them as its own (O= is kbuild's output directory) and fail.
unset O MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES
DKMS=(dkms --dkmstree "$priv/tree" --sourcetree "$priv/src" --installtree "$priv/install")

# The drivers: label and tree.
drivers=()
if [ $# -eq 0 ]; then
	mkdir -p "$out/src/tree"
	tar -C "$src" --exclude=.git -cf - . | tar -C "$out/src/tree" -xf -
	drivers+=(tree)
else
	for ref in "$@"; do
		label=$(printf '%s' "$ref" | tr -c 'A-Za-z0-9._-' _)
		mkdir -p "$out/src/$label"
		git -C "$src" archive --format=tar "$ref" | tar -C "$out/src/$label" -xf - ||
			{ echo "dkms-matrix: cannot export $ref from $src" >&2; exit 3; }
		drivers+=("$label")
	done
fi

# The kernels: every /lib/modules entry (those without headers are cells too).
kernels=()
for d in /lib/modules/*/; do
	[ -d "$d" ] && kernels+=("$(basename "$d")")
done
[ ${#kernels[@]} -gt 0 ] || { echo "dkms-matrix: no kernels in /lib/modules" >&2; exit 3; }

# first_error LOG: the compiler's first error line, else make's.
first_error() {
	grep -m 1 -E ': (fatal )?error: ' "$1" 2>/dev/null ||
		grep -m 1 -E '\*\*\* |Error [0-9]+' "$1" 2>/dev/null || true
}

tsv=$out/matrix.tsv
printf 'driver\tversion\tkernel\tresult\tseconds\tpredicted\tmodules\tfirst_error\n' >"$tsv"
disagree=0
for drv in "${drivers[@]}"; do
	tree=$out/src/$drv
	if ! "$check" --kernel "${kernels[0]}" "$tree" >"$out/logs/$drv.check" 2>&1 &&
		grep -q '^verdict=bad-conf' "$out/logs/$drv.check"; then
		for k in "${kernels[@]}"; do
			printf '%s\t-\t%s\tbad-conf\t0\tbad-conf\t0\t%s\n' "$drv" "$k" \
				"$(sed -n 's/^reason=//p' "$out/logs/$drv.check")" >>"$tsv"
		done
		continue
	fi
	name=$(sed -n 's/^name=//p' "$out/logs/$drv.check")
	ver=$(sed -n 's/^version=//p' "$out/logs/$drv.check")
	"${DKMS[@]}" add "$tree" >"$out/logs/$drv.add" 2>&1 ||
		{ echo "dkms-matrix: dkms add $drv failed (logs/$drv.add)" >&2; continue; }
	for k in "${kernels[@]}"; do
		log=$out/logs/$drv-$k
		predicted=$("$check" --kernel "$k" "$tree" | sed -n 's/^verdict=//p' || true)
		echo "dkms-matrix: $name $ver ($drv) on $k: predicted $predicted" >&2
		start=$(date +%s)
		rc=0
		"${DKMS[@]}" build -m "$name" -v "$ver" -k "$k" -j "$jobs" >"$log.build" 2>&1 || rc=$?
		secs=$(($(date +%s) - start))
		# dkms leaves a failed build's make.log in the build directory.
		cp "$priv/tree/$name/$ver/build/make.log" "$log.make.log" 2>/dev/null ||
			cp "$priv/tree/$name/$ver/$k/"*/log/make.log "$log.make.log" 2>/dev/null || true
		err=""
		case $rc in
		0) result=built ;;
		77) result=excluded-kernel ;;
		*) if grep -q 'kernel headers for kernel .* cannot be found' "$log.build"; then
			result=no-headers
		   elif [ $rc = 10 ]; then
			result=compile-error
			err=$(first_error "$log.make.log")
			err=${err#"$priv/tree/$name/$ver/build/"} # paths relative to the driver tree
		   else
			result="failed ($rc)"
			err=$(grep -m 1 'Error!' "$log.build" || true)
		   fi ;;
		esac
		nmod=$(find "$priv/tree/$name/$ver/$k" -name '*.ko*' 2>/dev/null | wc -l || true)
		# The check predicts excluded / no headers; a build it calls ok may
		# still not compile (that is what the matrix is for).
		case "$predicted:$result" in
		ok:built | ok:compile-error | ok:failed* | excluded-kernel:excluded-kernel | \
			no-headers:no-headers | key-not-enrolled:*) ;;
		*) disagree=1; echo "dkms-matrix: check said $predicted, dkms did $result" >&2 ;;
		esac
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$drv" "$ver" "$k" "$result" "$secs" \
			"$predicted" "$nmod" "$(printf '%s' "$err" | tr '\t' ' ' | cut -c1-300)" >>"$tsv"
	done
	"${DKMS[@]}" remove -m "$name" -v "$ver" --all >"$out/logs/$drv.remove" 2>&1 || true
done
column -t -s "$(printf '\t')" "$tsv" >&2 || cat "$tsv" >&2
if [ -n "$report" ]; then
	"$report" "$tsv" "$out/matrix.json" "$out/matrix.html"
fi
exit $disagree
