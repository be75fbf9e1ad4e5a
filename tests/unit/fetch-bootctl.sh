#!/bin/sh
# SPDX-License-Identifier: MIT
#
# bootctl, for test_setup_boot to read loader entries the way systemd-boot
# does: Debian's systemd-boot package of the installed systemd's version
# (bootctl links systemd's own shared library), downloaded with apt and
# unpacked into DIR, never installed (its postinst would put systemd-boot
# on this machine's EFI system partition). When it cannot be had, DIR/.done
# says why and the test counts a skip.
#
# usage: fetch-bootctl.sh DIR
set -u
dir=$1
mkdir -p "$dir"
if [ -x "$dir/usr/bin/bootctl" ]; then
	echo ok >"$dir/.done"
	exit 0
fi
if ! ver=$(dpkg-query -W -f='${Version}' systemd 2>/dev/null); then
	echo "no systemd package to match" >"$dir/.done"
	exit 0
fi
tmp=$(mktemp -d)
chmod 755 "$tmp"
if (cd "$tmp" && apt-get download "systemd-boot=$ver") >"$tmp/log" 2>&1 &&
	dpkg-deb -x "$tmp"/systemd-boot_*.deb "$dir"; then
	echo ok >"$dir/.done"
else
	echo "systemd-boot $ver could not be downloaded: $(tail -n 1 "$tmp/log")" >"$dir/.done"
fi
rm -rf "$tmp"
exit 0
