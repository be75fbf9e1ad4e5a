# SPDX-License-Identifier: MIT
#
# lib/host: the host as seen through a root prefix (sysfs, procfs, /etc,
# /boot, /dev), the doctor's checks and the VF lifecycle. Used by vfctl
# (doctor, vfs, vfio), the unit tests and the fuzzers, later by IGT and VM
# tests.

HOST_LIB_SRCS := $(sort $(wildcard lib/host/*.c))
# host_fs.c reads through lib/common.
HOST_LIB_SRCS += $(COMMON_SRCS)
# The doctor's dkms finding calls lib/dkms (its rules.mk is read first).
HOST_LIB_SRCS += $(DKMS_SRCS)
# lib/vm/vm_shm.c is the Looking Glass size formula, vm_qemu_conf.c the
# parser of qemu.conf's cgroup_device_acl, vm_pve_conf.c the reader of
# Proxmox VM configurations (one copy of each); programs that already link
# lib/vm take HOST_LIB_SRCS alone.
HOST_SRCS = $(HOST_LIB_SRCS) lib/vm/vm_shm.c lib/vm/vm_qemu_conf.c lib/vm/vm_pve_conf.c
# Recursive: pkg-config runs only after `make deps` installed the packages.
HOST_LDLIBS = $(shell pkg-config --libs libpci libdrm zlib)
BASE_CFLAGS += $(shell pkg-config --cflags libdrm)

include tests/unit/host.mk
