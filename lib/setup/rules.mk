# SPDX-License-Identifier: MIT
#
# lib/setup: vfctl setup (plan, apply, undo, verify) over lib/host, lib/vm
# and lib/uefi. Its tests: tests/unit/setup.mk; the reboot test in a real
# Debian guest: tests/setup/rules.mk.

SETUP_LIB_SRCS := $(sort $(wildcard lib/setup/*.c))

include tests/unit/setup.mk
