# SPDX-License-Identifier: MIT
#
# lib/args: the argument grammar every vfctl command shares (PCI addresses,
# resolutions, device IDs, counts). No dependencies: lib/host, lib/vm and
# tools/vfctl link it alike.

ARGS_LIB_SRCS := lib/args/args.c

UNIT_TESTS += test_args
test_args_SRCS = tests/unit/test_args.c $(ARGS_LIB_SRCS)
test_args_LDLIBS = -lcmocka

# libFuzzer: every parser over arbitrary bytes.
FUZZERS += fuzz_args
fuzz_args_SRCS = tests/fuzz/fuzz_args.c $(ARGS_LIB_SRCS)
fuzz_args_COVERS := $(ARGS_LIB_SRCS)
