# SPDX-License-Identifier: MIT
#
# lib/iovcheck: what the i915 PF shows of its SR-IOV provisioning (prelim_iov
# sysfs, gt0/iov debugfs), read under a root prefix and checked against the
# PF core's plan (kernel/iov). Used by the IGT tests (tests/igt), the unit
# tests against fixture trees (tests/fixtures/igt) and the fuzzer.

IOVCHECK_PARSE_SRCS := lib/iovcheck/iov_parse.c
# the library alone, for programs that already link lib/host and kernel/
IOVCHECK_LIB_SRCS := $(IOVCHECK_PARSE_SRCS) lib/iovcheck/iov_dev.c \
	lib/iovcheck/iov_plan.c lib/iovcheck/iov_check.c
IOVCHECK_SRCS := $(IOVCHECK_PARSE_SRCS) lib/iovcheck/iov_dev.c lib/host/host_fs.c \
	lib/iovcheck/iov_plan.c lib/iovcheck/iov_check.c lib/iovcheck/iov_vfs.c \
	$(KERNEL_SRCS)

UNIT_TESTS += test_iovcheck_parse
test_iovcheck_parse_SRCS := tests/unit/test_iovcheck_parse.c $(IOVCHECK_PARSE_SRCS)
test_iovcheck_parse_LDLIBS := -lcmocka

UNIT_TESTS += test_iovcheck_tree
test_iovcheck_tree_SRCS := tests/unit/test_iovcheck_tree.c tests/unit/fixture_tree.c $(IOVCHECK_SRCS)
test_iovcheck_tree_LDLIBS := -lcmocka


UNIT_TESTS += test_iovcheck_vfs
test_iovcheck_vfs_SRCS := tests/unit/test_iovcheck_vfs.c tests/unit/fixture_tree.c $(IOVCHECK_SRCS)
test_iovcheck_vfs_LDLIBS := -lcmocka

FUZZERS += fuzz_iovcheck
fuzz_iovcheck_SRCS := tests/fuzz/fuzz_iovcheck.c $(IOVCHECK_PARSE_SRCS) \
	lib/iovcheck/iov_check.c lib/iovcheck/iov_plan.c $(KERNEL_SRCS)
fuzz_iovcheck_COVERS := $(IOVCHECK_PARSE_SRCS) lib/iovcheck/iov_check.c
