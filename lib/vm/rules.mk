# SPDX-License-Identifier: MIT
#
# lib/vm: the VM the guide describes (`vfctl vm`): model, kvmfr size,
# OVMF from the firmware descriptors, libvirt XML (libxml2), QEMU command
# line, definition through libvirt, `vm check`, the guest-side files.

# lib/uefi checks the romfile: the option ROM parser and the PE checks.
# vm_check.c reads host files through lib/common.
VM_LIB_SRCS = $(sort $(wildcard lib/vm/*.c)) $(COMMON_SRCS)
VM_DEF_SRCS = $(VM_LIB_SRCS) lib/uefi/pci_optrom.c lib/uefi/uefi_pe.c \
	lib/uefi/uefi_guid.c $(ARGS_LIB_SRCS)
# ... and the GOP producer/consumer verdict of the romfile's driver.
VM_DEF_SRCS += lib/uefi/uefi_gop_role.c lib/uefi/uefi_gop_known.c lib/uefi/sha256.c
# Recursive: pkg-config runs only after `make deps` installed the packages.
VM_DEF_LDLIBS = $(shell pkg-config --libs libvirt libxml-2.0 json-c)
BASE_CFLAGS += $(shell pkg-config --cflags libxml-2.0)

VM_DEF_TEST_LDLIBS = -lcmocka $(VM_DEF_LDLIBS)

UNIT_TESTS += test_vm_def_xml
test_vm_def_xml_SRCS = tests/unit/test_vm_def_xml.c tests/unit/vm_def_util.c $(VM_DEF_SRCS)
test_vm_def_xml_LDLIBS = $(VM_DEF_TEST_LDLIBS)

UNIT_TESTS += test_vm_def_check
# The romfile fixture is QemuVideoDxe out of OVMF, through the lib/uefi test helpers.
test_vm_def_check_SRCS = tests/unit/test_vm_def_check.c tests/unit/vm_def_util.c \
	$(VM_LIB_SRCS) $(ARGS_LIB_SRCS) $(UEFI_TEST_COMMON)
test_vm_def_check_LDLIBS = $(VM_DEF_TEST_LDLIBS) $(UEFI_TEST_LDLIBS)

UNIT_TESTS += test_vm_def_guest
test_vm_def_guest_SRCS = tests/unit/test_vm_def_guest.c tests/unit/vm_def_util.c $(VM_DEF_SRCS)
test_vm_def_guest_LDLIBS = $(VM_DEF_TEST_LDLIBS)

# End-to-end check of `vfctl vm` (OVMF_CODE comes from bench/gop/rules.mk).
CHECKS += check-vm-def-cli
.PHONY: check-vm-def-cli
check-vm-def-cli: $(O)/plain/bin/vfctl
	@echo "== check vm-def-cli"
	$(Q)tests/unit/test_vm_def_cli.sh $(O)/plain/bin/vfctl "$(OVMF_CODE)" $(O)/results

# libFuzzer: vm check over untrusted domain XML; seeds are the fixtures.
FUZZERS += fuzz_vm_check
fuzz_vm_check_SRCS = tests/fuzz/fuzz_vm_check.c $(VM_DEF_SRCS)
fuzz_vm_check_LDLIBS = $(VM_DEF_LDLIBS)
fuzz_vm_check_COVERS := $(wildcard lib/vm/vm_check*.c)

# The guest's IddSampleDriver option.txt, read as the driver reads it.
UNIT_TESTS += test_vm_idd_option
test_vm_idd_option_SRCS = tests/unit/test_vm_idd_option.c tests/unit/vm_def_util.c $(VM_LIB_SRCS) $(ARGS_LIB_SRCS) \
	$(UEFI_TEST_COMMON)
test_vm_idd_option_LDLIBS = $(VM_DEF_TEST_LDLIBS) $(UEFI_TEST_LDLIBS)

FUZZERS += fuzz_vm_idd_option
fuzz_vm_idd_option_SRCS = tests/fuzz/fuzz_vm_idd_option.c lib/vm/vm_idd_option.c
fuzz_vm_idd_option_COVERS := lib/vm/vm_idd_option.c

# The host's Looking Glass client ini files, read as the B7 client reads them.
UNIT_TESTS += test_vm_lg_ini
test_vm_lg_ini_SRCS = tests/unit/test_vm_lg_ini.c tests/unit/vm_def_util.c $(VM_LIB_SRCS) $(ARGS_LIB_SRCS) \
	$(UEFI_TEST_COMMON)
test_vm_lg_ini_LDLIBS = $(VM_DEF_TEST_LDLIBS) $(UEFI_TEST_LDLIBS)

FUZZERS += fuzz_vm_lg_ini
fuzz_vm_lg_ini_SRCS = tests/fuzz/fuzz_vm_lg_ini.c lib/vm/vm_lg_ini.c
fuzz_vm_lg_ini_COVERS := lib/vm/vm_lg_ini.c

# vm check of Proxmox VE VM configurations (lib/vm/vm_pve*.c): the real
# configurations of tests/fixtures/vm/pve, qemu-server's rules, the parser.
UNIT_TESTS += test_vm_pve
test_vm_pve_SRCS = tests/unit/test_vm_pve.c tests/unit/vm_def_util.c \
	$(VM_LIB_SRCS) $(ARGS_LIB_SRCS) $(UEFI_TEST_COMMON)
test_vm_pve_LDLIBS = $(VM_DEF_TEST_LDLIBS) $(UEFI_TEST_LDLIBS)

# libFuzzer: the Proxmox configuration parser and its translation, through
# vm check; seeds are the fixtures and the rules' small configurations.
FUZZERS += fuzz_vm_pve
fuzz_vm_pve_SRCS = tests/fuzz/fuzz_vm_pve.c $(VM_DEF_SRCS)
fuzz_vm_pve_LDLIBS = $(VM_DEF_LDLIBS)
fuzz_vm_pve_COVERS := $(wildcard lib/vm/vm_pve*.c)

# End to end: vfctl vm check on Proxmox configurations (the GOP from OVMF).
CHECKS += check-vm-pve-cli
.PHONY: check-vm-pve-cli
check-vm-pve-cli: $(O)/plain/bin/vfctl
	@echo "== check vm-pve-cli"
	$(Q)tests/unit/test_vm_pve_cli.sh $(O)/plain/bin/vfctl "$(OVMF_CODE)" $(O)/results

# vm check of a QEMU command line (vm_native_qemu.h): the splitter against
# bash, real command lines from tests/fixtures/vm/qemu, a real /proc/PID/cmdline.
UNIT_TESTS += test_vm_native_qemu
test_vm_native_qemu_SRCS = tests/unit/test_vm_native_qemu.c tests/unit/vm_def_util.c \
	$(VM_LIB_SRCS) $(ARGS_LIB_SRCS) $(UEFI_TEST_COMMON)
test_vm_native_qemu_LDLIBS = $(VM_DEF_TEST_LDLIBS) $(UEFI_TEST_LDLIBS)

# libFuzzer: the word splitter and the converter over untrusted command lines.
FUZZERS += fuzz_vm_qemu_cmdline
fuzz_vm_qemu_cmdline_SRCS = tests/fuzz/fuzz_vm_qemu_cmdline.c $(VM_DEF_SRCS)
fuzz_vm_qemu_cmdline_LDLIBS = $(VM_DEF_LDLIBS)
fuzz_vm_qemu_cmdline_COVERS := $(wildcard lib/vm/vm_native_qemu*.c)

CHECKS += check-vm-native-qemu-cli
.PHONY: check-vm-native-qemu-cli
check-vm-native-qemu-cli: $(O)/plain/bin/vfctl
	@echo "== check vm-native-qemu-cli"
	$(Q)tests/unit/test_vm_native_qemu_cli.sh $(O)/plain/bin/vfctl $(O)/results
