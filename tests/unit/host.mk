# SPDX-License-Identifier: MIT
#
# Unit tests of lib/host (included from lib/host/rules.mk). The doctor and
# lifecycle suites run against the trees in tests/fixtures/host, composed
# into a temporary directory by tests/unit/host_fixture.c.

HOST_TEST_SRCS = $(HOST_SRCS) tests/unit/host_fixture.c
HOST_TEST_LDLIBS = -lcmocka $(HOST_LDLIBS)

UNIT_TESTS += test_host_doctor test_host_vfs
test_host_doctor_SRCS = tests/unit/test_host_doctor.c $(HOST_TEST_SRCS)
test_host_doctor_LDLIBS = $(HOST_TEST_LDLIBS)
test_host_parse_SRCS = tests/unit/test_host_parse.c $(HOST_TEST_SRCS)
test_host_parse_LDLIBS = $(HOST_TEST_LDLIBS)
test_host_vfs_SRCS = tests/unit/test_host_vfs.c tests/unit/host_sysfs_model.c $(HOST_TEST_SRCS)
test_host_vfs_LDLIBS = $(HOST_TEST_LDLIBS)
