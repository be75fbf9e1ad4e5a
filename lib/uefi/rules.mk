# SPDX-License-Identifier: MIT
#
# lib/uefi: firmware image parsing, GOP extraction, PCI option ROMs.
# Used by vfctl (tools/vfctl), the unit tests (tests/unit/uefi.mk), the
# fuzzer (tests/fuzz/fuzz_uefi.c) and the benchmark (bench/gop).

UEFI_SRCS := $(sort $(wildcard lib/uefi/*.c))

# Recursively expanded: pkg-config runs only when a link needs it, after
# `make deps` has installed the packages.
UEFI_LDLIBS = $(shell pkg-config --libs liblzma libbrotlidec)
# No compile flags: Debian installs lzma.h, brotli/ and json-c/ in the
# default include path (their pkg-config --cflags add nothing we use).

include tests/unit/uefi.mk

FUZZERS += fuzz_uefi
fuzz_uefi_SRCS := tests/fuzz/fuzz_uefi.c $(UEFI_SRCS)
fuzz_uefi_LDLIBS = $(UEFI_LDLIBS)
# pci_vf.c maps device IDs given on the command line: no untrusted bytes
fuzz_uefi_COVERS := $(filter-out lib/uefi/sha256.c lib/uefi/uefi_gop_known.c lib/uefi/pci_vf.c,$(UEFI_SRCS))
