#!/bin/sh
# SPDX-License-Identifier: MIT
#
# vfctl setup end to end on copies of tests/fixtures/setup: exit codes, the
# JSON plan, plan never writes, apply refuses to run unattended without
# --yes, and a real failing command (update-grub does not exist in the
# fixture, chrooted) stops apply at its step with a journal undo reverses.
#
#   test_setup_cli.sh VFCTL RESULTS_DIR
set -u
vfctl=$1
# shellcheck source=tests/unit/cli_check.sh
. "$(dirname "$0")/cli_check.sh"

root="$tmp/root"
cp -a tests/fixtures/setup/fresh "$root"
cp -a "$root" "$tmp/orig"

expect plan_ok 0 "$vfctl" setup plan --root "$root"
check plan_shows_diff grep -q '^+GRUB_CMDLINE_LINUX_DEFAULT="quiet intel_iommu=on iommu=pt"$' "$tmp/out"
check plan_shows_command grep -q '^\$ update-grub' "$tmp/out"
expect plan_json 0 "$vfctl" setup plan --root "$root" --json
check plan_json_valid python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert [s["id"] for s in d["steps"]][:2] == ["bios","cmdline"]; assert d["steps"][5]["blocked_by"] == "dkms"' "$tmp/out"
check plan_wrote_nothing diff -r "$tmp/orig" "$root"
expect bad_vfs 2 "$vfctl" setup plan --root "$root" --vfs 9
expect bad_skip 2 "$vfctl" setup plan --root "$root" --skip nosuchstep
expect bad_sub 2 "$vfctl" setup frobnicate
# --pf-driver goes into a udev rule as is: only a driver's name
expect bad_pf_driver 2 "$vfctl" setup plan --root "$root" --pf-driver 'i915", RUN+="/bin/x'
cp -a "$root" "$tmp/udev" && rm "$tmp/udev/etc/init.d/sysfsutils"
expect pf_driver_plan 0 "$vfctl" setup plan --root "$tmp/udev" --pf-driver igb --skip dkms
check pf_driver_in_rule grep -q '^+ACTION=="add|bind", .*, DRIVER=="igb", ATTR{sriov_numvfs}=="0", ATTR{sriov_numvfs}="2"$' "$tmp/out"
expect no_yes_no_tty 2 "$vfctl" setup apply --root "$root" </dev/null
check no_yes_wrote_nothing diff -r "$tmp/orig" "$root"
expect apply_json_needs_yes 2 "$vfctl" setup apply --root "$root" --json
check apply_json_one_document python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["exit"] == 2' "$tmp/out"
expect undo_nothing 1 "$vfctl" setup undo --root "$root"
# The fixture has no /bin/sh to chroot into: the step's command fails.
expect apply_fails_at_command 1 "$vfctl" setup apply --root "$root" --yes --skip dkms
check failure_names_step grep -q "step 'cmdline' failed" "$tmp/err"
check journal_written test -s "$root/var/lib/vfctl/setup.journal"
expect undo_after_failure 0 "$vfctl" setup undo --root "$root"
check undo_restored_tree diff -r "$tmp/orig" "$root"
# With the command-running steps left out, apply completes and undo is exact.
expect apply_files_only 0 "$vfctl" setup apply --root "$root" --yes --skip cmdline,options,dkms,vfs,vfio
check kvmfr_written grep -q 'static_size_mb=32' "$root/etc/modprobe.d/kvmfr.conf"
expect apply_again_nothing 0 "$vfctl" setup apply --root "$root" --yes --skip cmdline,options,dkms,vfs,vfio
check nothing_to_do grep -q 'nothing to do' "$tmp/out"
expect undo_json 0 "$vfctl" setup undo --root "$root" --json
check undo_exact diff -r "$tmp/orig" "$root"
cli_finish setup-cli "$2"
