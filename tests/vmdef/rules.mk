# SPDX-License-Identifier: MIT
#
# tests/vmdef: the domain `vfctl vm xml` writes, defined and booted under a
# private libvirt daemon started by the test, and the `vfctl vm qemu-args`
# command line booted in QEMU (TCG, no VF, IVSHMEM on /dev/shm; the guest
# is Debian's kernel with the tests/vm initramfs).

# The initramfs builder of tests/vm, and its cpio writer where it has one.
VMDEF_IMAGE_SRCS = tests/vm/vm_image.c tests/vm/vm_kernels.c $(wildcard tests/vm/vm_cpio.c)

PROGRAMS += vmdef_boot
vmdef_boot_SRCS = tests/vmdef/vmdef_boot.c tests/vmdef/vmdef_proc.c $(VMDEF_IMAGE_SRCS) \
	$(COMMON_SRCS)
vmdef_boot_LDLIBS = $(shell pkg-config --libs libvirt libvirt-qemu json-c)

CHECKS += vm-def-boot
.PHONY: vm-def-boot
vm-def-boot: $(O)/plain/bin/vmdef_boot $(O)/plain/bin/vfctl
	@echo "== check vm-def-boot"
	$(Q)$(O)/plain/bin/vmdef_boot $(O)/plain/bin/vfctl $(O)/results
