#!/bin/sh
# The Debian packages, end to end: build them with dpkg-buildpackage from a
# copy of the tree, hold them against lintian, install them into a clean
# Debian root of this machine's suite (tests/image/build-image.sh), use
# them there as a user would (vfctl --help, man vfctl, bash completion,
# vfctl doctor, DKMS building the module for the root's kernel headers),
# purge them, and check that the root holds exactly the files it held
# before.
#
# usage: check-packages.sh OUT_DIR RESULTS_DIR
# Writes RESULTS_DIR/packages.counts (and .skips) for scripts/summary.sh;
# keeps the packages, lintian's report and the logs in OUT_DIR/pkg/. The
# root's layers are cached in OUT_DIR/image/roots/, keyed by their package
# lists, the first shared with the setup reboot test's guest image. Needs
# root (chroot, mount).
set -u
out=$1
results=$2
top=$(pwd)
work="$out/pkg"
mkdir -p "$work" "$results"
passed=0
failed=0
: >"$results/packages.skips"

ok() {
	echo "   ok   $1"
	passed=$((passed + 1))
}
bad() {
	echo "   FAIL $1"
	[ $# -lt 2 ] || sed 's/^/        /' "$2" | tail -n 30
	failed=$((failed + 1))
}
finish() {
	echo "   packages: $passed passed, $failed failed"
	echo "$passed $failed ${1:-0}" >"$results/packages.counts"
	[ "$failed" = 0 ]
	exit $?
}
skip_all() {
	echo "   skipped: $1"
	echo "packages: $1" >"$results/packages.skips"
	finish 1
}

[ "$(id -u)" = 0 ] || skip_all "needs root (chroot and mount for the clean Debian root)"
for tool in dpkg-buildpackage lintian mmdebstrap; do
	command -v "$tool" >/dev/null || skip_all "$tool is missing (make deps installs it)"
done

# 1. Build from a copy: dpkg-buildpackage writes its results next to the tree.
rm -rf "$work/src" "$work"/*.deb "$work"/*.changes "$work"/*.buildinfo
mkdir -p "$work/src"
if git rev-parse --git-dir >/dev/null 2>&1; then
	git ls-files -co --exclude-standard | grep -v "^$out/" | tar -cf - -T - | tar -xf - -C "$work/src"
else
	tar --exclude="./$out" -cf - . | tar -xf - -C "$work/src"
fi
if (cd "$work/src" && dpkg-buildpackage -us -uc -b) >"$work/build.log" 2>&1; then
	ok "dpkg-buildpackage -us -uc -b builds vfctl and i915-sriov-pf-core-dkms"
else
	bad "dpkg-buildpackage -us -uc -b" "$work/build.log"
	finish
fi
vfctl_deb=$(ls "$work"/vfctl_*.deb)
dkms_deb=$(ls "$work"/i915-sriov-pf-core-dkms_*.deb)

# make install lays out the files the package ships (Debian adds its doc
# directory, changelog and copyright, and compresses the man page).
rm -rf "$work/destdir"
if make --no-print-directory -s O="$out" install DESTDIR="$top/$work/destdir" PREFIX=/usr \
	>"$work/make-install.log" 2>&1; then
	(cd "$work/destdir" && find . -type f | sort) >"$work/make-install.files"
	dpkg-deb -c "$vfctl_deb" | awk '$1 !~ /^d/ { print $6 }' | grep -v '^\./usr/share/doc/' |
		sed 's|^\(\./usr/share/man/.*\)\.gz$|\1|' | sort >"$work/deb.files"
	if diff -u "$work/deb.files" "$work/make-install.files" >"$work/install-layout.diff"; then
		ok "make install DESTDIR=... PREFIX=/usr lays out the vfctl package's files"
	else
		bad "make install and the vfctl package differ" "$work/install-layout.diff"
	fi
else
	bad "make install DESTDIR=..." "$work/make-install.log"
fi

# 2. lintian: no error (warnings are reported, not fatal).
if lintian --fail-on error --tag-display-limit 0 "$work"/*.changes >"$work/lintian.txt" 2>&1; then
	ok "lintian: no error ($(grep -c '^W:' "$work/lintian.txt") warnings)"
else
	bad "lintian reports errors" "$work/lintian.txt"
fi

# The dependencies dpkg-shlibdeps computed must name the libraries vfctl links.
dpkg-deb -f "$vfctl_deb" Depends >"$work/depends.txt"
missing=""
for lib in libc6 libjson-c5 libpci3 libxml2 liblzma5; do
	grep -q "$lib" "$work/depends.txt" || missing="$missing $lib"
done
if [ -z "$missing" ]; then
	ok "vfctl's Depends come from shlibs: $(tr -d '\n' <"$work/depends.txt" | cut -c1-60)..."
else
	bad "vfctl's Depends lack:$missing"
fi
# libvirt0 is loaded only by vm check and vm define (lib/vm/vm_libvirt_dl.h):
# recommended, which apt installs by default, and not a dependency.
if dpkg-deb -f "$vfctl_deb" Recommends | grep -q 'libvirt0' && ! grep -q libvirt "$work/depends.txt"; then
	ok "libvirt0 is in vfctl's Recommends, not its Depends"
else
	bad "libvirt0 belongs in Recommends only: Depends $(cat "$work/depends.txt")"
fi

# 3. A clean root of this machine's suite: the Debian host the setup reboot
# test boots (its package list is the root's first layer, which the image
# builder makes once for both), plus what the packages depend on (so that
# installing them needs no download) but not the packages.
# shellcheck disable=SC1091 # the machine's own os-release
suite=$(. /etc/os-release && echo "$VERSION_CODENAME")
{
	echo "# made by pkg/check-packages.sh: DKMS and the headers it builds against,"
	echo "# man, and vfctl's Depends"
	echo dkms linux-headers-amd64 man-db kmod pciutils
	dpkg-deb -f "$vfctl_deb" Depends | tr ',' '\n' | sed 's/(.*//; s/|.*//; s/ //g' | grep . | sort -u
} >"$work/root-packages.txt"
# Where the root was cached before build-image.sh made it.
rm -f "$work"/root-*.tar "$work"/partial-*.tar "$work/mmdebstrap.log"
root="$work/root"
cleanup() {
	for m in dev/pts dev proc sys; do umount "$root/$m" 2>/dev/null; done
	rm -rf "$root"
}
trap cleanup EXIT INT TERM
cleanup
tests/image/build-image.sh --suite "$suite" --packages tests/setup/packages.txt \
	--packages "$work/root-packages.txt" --roots "$out/image/roots" --root "$root" \
	>"$work/root.log" 2>&1
case $? in
0) ;;
3) skip_all "the root cannot be built here: $(tail -n 1 "$work/root.log")" ;;
*) bad "a $suite root from tests/image/build-image.sh" "$work/root.log"; finish ;;
esac
if ! { mount -t proc proc "$root/proc" && mount --bind /dev "$root/dev" &&
	mount --bind /dev/pts "$root/dev/pts" && mount -t sysfs sys "$root/sys"; }; then
	skip_all "cannot mount /proc, /dev and /sys in the root"
fi
in_root() {
	chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
		DEBIAN_FRONTEND=noninteractive "$@"
}
# Files of the root, apart from what the package tools keep as state.
snapshot() {
	in_root find / -xdev \( -path /proc -o -path /sys -o -path /dev -o -path /tmp \
		-o -path /var/lib/dpkg -o -path /var/lib/apt -o -path /var/cache \
		-o -path /var/log -o -path /root/.lesshst \) -prune -o -print | sort
}
# The root's kernel with headers (the one DKMS builds for).
kver=$(find "$root/lib/modules" -mindepth 2 -maxdepth 2 -name build -printf '%h\n' | xargs -r -n 1 basename |
	sort -V | tail -n 1)
# A host with that kernel has its module index: make it, as its image would.
[ -z "$kver" ] || in_root depmod "$kver" 2>"$work/depmod.log"
snapshot >"$work/files-before.txt"

# 4. Install, then use as a user would.
cp "$vfctl_deb" "$dkms_deb" "$root/tmp/"
if in_root dpkg -i "/tmp/$(basename "$vfctl_deb")" "/tmp/$(basename "$dkms_deb")" \
	>"$work/install.log" 2>&1; then
	ok "dpkg -i installs both packages in a clean $suite root"
else
	bad "dpkg -i" "$work/install.log"
fi
if in_root vfctl --help >"$work/vfctl-help.txt" 2>&1 && grep -q '^usage: vfctl' "$work/vfctl-help.txt"; then
	ok "vfctl --help runs from /usr/bin"
else
	bad "vfctl --help" "$work/vfctl-help.txt"
fi
if in_root man -P cat vfctl >"$work/man.txt" 2>&1 && grep -q 'vfctl' "$work/man.txt" &&
	in_root man -w vfctl | grep -q '^/usr/share/man/man1/vfctl.1'; then
	ok "man vfctl finds the page in /usr/share/man/man1"
else
	bad "man vfctl" "$work/man.txt"
fi
# The completion is where bash-completion looks, and bash loads it: the
# function completes "vfctl d" to doctor.
comp=/usr/share/bash-completion/completions/vfctl
if [ -f "$root$comp" ] &&
	in_root bash -c ". $comp && complete -p vfctl && COMP_WORDS=(vfctl d) COMP_CWORD=1 &&
		_vfctl && echo \"\${COMPREPLY[*]}\"" >"$work/completion.txt" 2>&1 &&
	grep -qx 'complete -F _vfctl vfctl' "$work/completion.txt" &&
	grep -qx 'doctor' "$work/completion.txt"; then
	ok "the bash completion is installed as $comp and completes in bash"
else
	bad "bash completion $comp" "$work/completion.txt"
fi
in_root vfctl doctor >"$work/doctor.txt" 2>&1
rc=$?
# No Intel iGPU in the root: the doctor says so and exits 1 (a check
# failed) or 3 (environment missing); anything else is a crash or a bug.
if { [ "$rc" = 1 ] || [ "$rc" = 3 ]; } && grep -qi 'platform' "$work/doctor.txt"; then
	ok "vfctl doctor runs in the root and reports the missing iGPU (exit $rc)"
else
	bad "vfctl doctor exit $rc" "$work/doctor.txt"
fi
# dpkg -i installs no Recommends, so the root has no libvirt0: vm check
# still checks the domain and says that libvirt's part was skipped and why.
cp tests/fixtures/vm/good.xml "$root/tmp/vfctl-good.xml"
in_root vfctl vm check /tmp/vfctl-good.xml >"$work/vm-check.txt" 2>&1
rc=$?
if { [ "$rc" = 0 ] || [ "$rc" = 1 ]; } && grep -q '^info .*libvirt-not-loaded .*libvirt.so.0: cannot open shared object file' "$work/vm-check.txt" &&
	grep -q 'ivshmem\|kvmfr\|romfile' "$work/vm-check.txt"; then
	ok "without libvirt0 vm check skips only libvirt's part, saying why (exit $rc)"
else
	bad "vm check without libvirt0: exit $rc" "$work/vm-check.txt"
fi
rm -f "$root/tmp/vfctl-good.xml"
# The package's postinst has DKMS build the module for every kernel with
# headers: the root's own, not the host's that uname reports in a chroot.
if [ -z "$kver" ]; then
	bad "the root has no kernel headers under /lib/modules"
elif in_root dkms status -k "$kver" >"$work/dkms.log" 2>&1 &&
	grep -q "^i915-sriov-pf-core/.*, $kver, .*: installed" "$work/dkms.log" &&
	in_root modinfo -F license "/lib/modules/$kver/updates/dkms/i915_sriov_pf.ko" 2>>"$work/dkms.log" |
	grep -qx 'Dual MIT/GPL'; then
	ok "DKMS built and installed i915_sriov_pf.ko for the root's kernel $kver at install"
else
	bad "dkms status for $kver" "$work/dkms.log"
fi

# 5. Purge: nothing of either package stays behind.
if in_root dpkg --purge vfctl i915-sriov-pf-core-dkms >"$work/purge.log" 2>&1; then
	ok "dpkg --purge removes both packages"
else
	bad "dpkg --purge" "$work/purge.log"
fi
rm -f "$root/tmp/$(basename "$vfctl_deb")" "$root/tmp/$(basename "$dkms_deb")"
snapshot >"$work/files-after.txt"
if diff -u "$work/files-before.txt" "$work/files-after.txt" >"$work/left-behind.diff"; then
	ok "after the purge the root holds exactly the files it held before"
else
	bad "files left behind or removed by the purge" "$work/left-behind.diff"
fi
cd "$top" || exit 1
finish
