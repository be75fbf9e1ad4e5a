# SPDX-License-Identifier: MIT
#
# Unit tests of lib/setup (included from lib/setup/rules.mk), on the fixture
# roots of tests/fixtures/setup; the journal parser's fuzz target.

UNIT_TESTS += test_setup
test_setup_SRCS = tests/unit/test_setup.c tests/unit/setup_fixture.c tests/unit/setup_fixture_sh.c $(SETUP_LIB_SRCS) $(HOST_LIB_SRCS) $(VM_LIB_SRCS) $(ARGS_LIB_SRCS) \
	$(UEFI_SRCS)
test_setup_LDLIBS = -lcmocka $(HOST_LDLIBS) $(VM_DEF_LDLIBS) $(UEFI_LDLIBS)

FUZZERS += fuzz_setup_journal
fuzz_setup_journal_SRCS := tests/fuzz/fuzz_setup_journal.c lib/setup/setup_journal.c

# vfctl setup's command line on the fixture roots (exit codes, JSON, a
# failing command under --root and its undo).
CHECKS += check-setup-cli
.PHONY: check-setup-cli
check-setup-cli: $(O)/plain/bin/vfctl
	@echo "== check setup-cli"
	$(Q)tests/unit/test_setup_cli.sh $(O)/plain/bin/vfctl $(O)/results

# The VM steps (gop, vm, guest) against Debian's OVMF image and descriptors
# and libvirt's domain schema.
UNIT_TESTS += test_setup_vm
test_setup_vm_SRCS = tests/unit/test_setup_vm.c tests/unit/setup_fixture.c tests/unit/setup_fixture_sh.c tests/unit/test_uefi_util.c \
	$(SETUP_LIB_SRCS) $(HOST_LIB_SRCS) $(VM_LIB_SRCS) $(ARGS_LIB_SRCS) $(UEFI_SRCS)
test_setup_vm_LDLIBS = -lcmocka $(HOST_LDLIBS) $(VM_DEF_LDLIBS) $(UEFI_TEST_LDLIBS)

# The command line through BLS entries: systemd-boot (Debian's kernel-install
# run on the fixture) and Fedora's grubby (its exact command lines).
UNIT_TESTS += test_setup_boot
test_setup_boot_SRCS = tests/unit/test_setup_boot.c tests/unit/setup_fixture.c tests/unit/setup_fixture_sh.c \
	$(SETUP_LIB_SRCS) $(HOST_LIB_SRCS) $(VM_LIB_SRCS) $(ARGS_LIB_SRCS) $(UEFI_SRCS)
test_setup_boot_LDLIBS = -lcmocka $(HOST_LDLIBS) $(VM_DEF_LDLIBS) $(UEFI_LDLIBS)

# bootctl (Debian's systemd-boot, unpacked, not installed) reads the entries
# test_setup_boot edits as systemd-boot would; BOOTCTL tells the test where.
SETUP_BOOTCTL_DIR := $(O)/tools/systemd-boot
$(SETUP_BOOTCTL_DIR)/.done:
	$(Q)tests/unit/fetch-bootctl.sh $(SETUP_BOOTCTL_DIR)
unit-plain unit-san: | $(SETUP_BOOTCTL_DIR)/.done
unit-plain unit-san: export BOOTCTL = $(abspath $(SETUP_BOOTCTL_DIR))/usr/bin/bootctl

# Facts taken from the root set up, never the machine running vfctl: its
# kernel (a tree without /proc boots its default one) and its headers.
UNIT_TESTS += test_setup_host
test_setup_host_SRCS = tests/unit/test_setup_host.c tests/unit/setup_fixture.c tests/unit/setup_fixture_sh.c \
	$(SETUP_LIB_SRCS) $(HOST_LIB_SRCS) $(VM_LIB_SRCS) $(ARGS_LIB_SRCS) $(UEFI_SRCS)
test_setup_host_LDLIBS = -lcmocka $(HOST_LDLIBS) $(VM_DEF_LDLIBS) $(UEFI_LDLIBS)

# The initramfs rebuilt by the tool the root has (initramfs-tools, dracut,
# mkinitcpio, none), on setup/fresh with tests/fixtures/setup/initramfs laid
# over it.
UNIT_TESTS += test_setup_initramfs
test_setup_initramfs_SRCS = tests/unit/test_setup_initramfs.c tests/unit/setup_fixture.c tests/unit/setup_fixture_sh.c \
	$(SETUP_LIB_SRCS) $(HOST_LIB_SRCS) $(VM_LIB_SRCS) $(ARGS_LIB_SRCS) $(UEFI_SRCS)
test_setup_initramfs_LDLIBS = -lcmocka $(HOST_LDLIBS) $(VM_DEF_LDLIBS) $(UEFI_LDLIBS)

# The command line as setup reads and edits it (seeds: the lines the tests
# use, and the spellings the reader knows).
FUZZERS += fuzz_setup_params
fuzz_setup_params_SRCS := tests/fuzz/fuzz_setup_params.c lib/setup/setup_params.c \
	lib/host/host_cmdline.c lib/host/host_fs.c $(COMMON_SRCS)
fuzz_setup_params_COVERS := lib/setup/setup_params.c

# kernelstub's configuration (JSON, through json-c) as setup reads it
# (seeds: the layout Pop!_OS writes, and refusals).
FUZZERS += fuzz_setup_kernelstub
fuzz_setup_kernelstub_SRCS := tests/fuzz/fuzz_setup_kernelstub.c lib/setup/setup_kernelstub_conf.c \
	lib/setup/setup_params.c lib/host/host_cmdline.c lib/host/host_fs.c $(COMMON_SRCS)
fuzz_setup_kernelstub_LDLIBS := $(shell pkg-config --libs json-c)
fuzz_setup_kernelstub_COVERS := lib/setup/setup_kernelstub_conf.c
