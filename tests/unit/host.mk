# SPDX-License-Identifier: MIT
#
# Unit tests of lib/host (included from lib/host/rules.mk). The doctor and
# lifecycle suites run against the trees in tests/fixtures/host, composed
# into a temporary directory by tests/unit/fixture_tree.c.

HOST_TEST_SRCS = $(HOST_SRCS) tests/unit/host_fixture.c tests/unit/fixture_tree.c
HOST_TEST_LDLIBS = -lcmocka $(HOST_LDLIBS)

UNIT_TESTS += test_host_doctor test_host_vfs test_host_parse test_host_distro test_host_cases test_host_igpu
test_host_cases_SRCS = tests/unit/test_host_cases.c $(HOST_TEST_SRCS)
test_host_cases_LDLIBS = $(HOST_TEST_LDLIBS)
test_host_igpu_SRCS = tests/unit/test_host_igpu.c lib/host/host_igpu.c
test_host_igpu_LDLIBS = -lcmocka
test_host_distro_SRCS = tests/unit/test_host_distro.c lib/host/host_distro.c lib/host/host_initramfs.c \
	lib/host/host_fs.c \
	$(COMMON_SRCS)
test_host_distro_LDLIBS = -lcmocka
UNIT_TESTS += test_host_sysfs_conf
test_host_sysfs_conf_SRCS = tests/unit/test_host_sysfs_conf.c lib/host/host_sysfs_conf.c
test_host_sysfs_conf_LDLIBS = -lcmocka
UNIT_TESTS += test_host_udev
test_host_udev_SRCS = tests/unit/test_host_udev.c lib/host/host_udev.c
test_host_udev_LDLIBS = -lcmocka
test_host_doctor_SRCS = tests/unit/test_host_doctor.c $(HOST_TEST_SRCS)
test_host_doctor_LDLIBS = $(HOST_TEST_LDLIBS)
UNIT_TESTS += test_host_doctor_scope
test_host_doctor_scope_SRCS = tests/unit/test_host_doctor_scope.c $(HOST_TEST_SRCS)
test_host_doctor_scope_LDLIBS = $(HOST_TEST_LDLIBS)
test_host_parse_SRCS = tests/unit/test_host_parse.c $(HOST_TEST_SRCS)
test_host_parse_LDLIBS = $(HOST_TEST_LDLIBS)
test_host_vfs_SRCS = tests/unit/test_host_vfs.c tests/unit/host_sysfs_model.c $(HOST_TEST_SRCS) \
	tests/unit/host_tree_lint.c tests/unit/host_tree_lint_drivers.c
test_host_vfs_LDLIBS = $(HOST_TEST_LDLIBS)

# libFuzzer targets of the parsers of untrusted text (seeds in
# tests/fuzz/corpus/<target>/, from the fixture trees and the formats).
FUZZERS += fuzz_host_dpkg_status
fuzz_host_dpkg_status_SRCS := tests/fuzz/fuzz_host_dpkg_status.c lib/host/host_initramfs.c \
	lib/host/host_fs.c $(COMMON_SRCS)
fuzz_host_dpkg_status_COVERS := lib/host/host_initramfs.c
FUZZERS += fuzz_host_sysfs_conf
fuzz_host_sysfs_conf_SRCS := tests/fuzz/fuzz_host_sysfs_conf.c lib/host/host_sysfs_conf.c
fuzz_host_sysfs_conf_COVERS := lib/host/host_sysfs_conf.c
FUZZERS += fuzz_host_udev fuzz_host_cmdline fuzz_host_kconfig fuzz_host_klog fuzz_host_vfs_boot fuzz_host_modprobe \
	fuzz_host_pve_pf
fuzz_host_pve_pf_SRCS := tests/fuzz/fuzz_host_pve_pf.c lib/host/host_pve_pf.c lib/vm/vm_pve_conf.c \
	lib/host/host_fs.c $(COMMON_SRCS)
fuzz_host_pve_pf_COVERS := lib/host/host_pve_pf.c
fuzz_host_modprobe_SRCS := tests/fuzz/fuzz_host_modprobe.c lib/host/host_modprobe.c \
	lib/host/host_cmdline.c lib/host/host_fs.c $(COMMON_SRCS)
fuzz_host_modprobe_COVERS := lib/host/host_modprobe.c
fuzz_host_vfs_boot_SRCS := tests/fuzz/fuzz_host_vfs_boot.c lib/host/host_vfs_boot.c lib/host/host_udev.c \
	lib/host/host_fs.c $(COMMON_SRCS)
fuzz_host_vfs_boot_COVERS := lib/host/host_vfs_boot.c
fuzz_host_udev_SRCS := tests/fuzz/fuzz_host_udev.c lib/host/host_udev.c
fuzz_host_udev_COVERS := lib/host/host_udev.c
fuzz_host_cmdline_SRCS := tests/fuzz/fuzz_host_cmdline.c lib/host/host_cmdline.c lib/host/host_fs.c \
	$(COMMON_SRCS)
fuzz_host_kconfig_SRCS := tests/fuzz/fuzz_host_kconfig.c lib/host/host_kconfig.c lib/host/host_fs.c \
	$(COMMON_SRCS)
fuzz_host_kconfig_LDLIBS := -lz
fuzz_host_klog_SRCS := tests/fuzz/fuzz_host_klog.c lib/host/host_klog.c lib/host/host_fs.c \
	$(COMMON_SRCS)
fuzz_host_cmdline_COVERS := lib/host/host_cmdline.c
fuzz_host_kconfig_COVERS := lib/host/host_kconfig.c
fuzz_host_klog_COVERS := lib/host/host_klog.c

# End-to-end check of vfctl doctor, vfs and vfio (exit codes, JSON, writes
# into composed fixture trees, one real doctor run on this machine).
include tests/unit/cli_check.mk
check_host_cli_SRCS := tests/unit/check_host_cli.c tests/unit/host_fixture.c tests/unit/fixture_tree.c
$(eval $(call cli_check_program,check_host_cli,host-cli))

# Faults at each write of the VF lifecycle (sysfs through the model, the
# persistence file through the linker's --wrap of write, fsync, rename).
UNIT_TESTS += test_host_faults
test_host_faults_SRCS = tests/unit/test_host_faults.c tests/unit/host_sysfs_model.c $(HOST_TEST_SRCS)
test_host_faults_LDLIBS = $(HOST_TEST_LDLIBS) -Wl,--wrap=write,--wrap=fsync,--wrap=rename,--wrap=renameat

# The one writer of every file vfctl writes (host_atomic).
UNIT_TESTS += test_host_atomic
test_host_atomic_SRCS = tests/unit/test_host_atomic.c tests/unit/setup_fixture_sh.c lib/host/host_atomic.c
test_host_atomic_LDLIBS = -lcmocka

# Every host tree (tests/fixtures/host, real/ included) against what a real
# kernel exposes: the lint of host_tree_lint.c, one case per tree.
UNIT_TESTS += test_host_tree_lint
test_host_tree_lint_SRCS = tests/unit/test_host_tree_lint.c tests/unit/host_tree_lint.c \
	tests/unit/host_tree_lint_drivers.c tests/unit/fixture_tree.c lib/host/host_igpu.c
test_host_tree_lint_LDLIBS = -lcmocka
