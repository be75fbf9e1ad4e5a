# SPDX-License-Identifier: MIT
#
# Unit tests of lib/dkms (included from lib/dkms/rules.mk) and the fuzz
# target of its dkms.conf and EFI signature list parsers.

UNIT_TESTS += test_dkms
test_dkms_SRCS = tests/unit/test_dkms.c $(DKMS_SRCS)
test_dkms_LDLIBS = -lcmocka

FUZZERS += fuzz_dkms_conf
fuzz_dkms_conf_SRCS = tests/fuzz/fuzz_dkms_conf.c $(DKMS_SRCS)
# The parsers of untrusted bytes: dkms.conf (and the range regex), the EFI
# signature list.
fuzz_dkms_conf_COVERS = lib/dkms/dkms_conf.c lib/dkms/dkms_esl.c

# vfctl doctor's dkms findings on the host fixture trees.
UNIT_TESTS += test_host_dkms
test_host_dkms_SRCS = tests/unit/test_host_dkms.c $(HOST_TEST_SRCS)
test_host_dkms_LDLIBS = $(HOST_TEST_LDLIBS)
