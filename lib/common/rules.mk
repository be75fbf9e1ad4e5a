# SPDX-License-Identifier: MIT
#
# lib/common: what every part needs and none owns: reading a whole file
# (bounded, all or nothing) and escaping text for HTML and XML. No
# dependencies. Read after bench/ and ci/ (alphabetical order): their lists
# name $(COMMON_SRCS) in recursively expanded variables.

COMMON_SRCS := lib/common/common_file.c lib/common/common_escape.c

UNIT_TESTS += test_common
test_common_SRCS := tests/unit/test_common.c $(COMMON_SRCS)
test_common_LDLIBS := -lcmocka
