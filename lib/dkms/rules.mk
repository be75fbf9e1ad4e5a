# SPDX-License-Identifier: MIT
#
# lib/dkms: the one compatibility check of a DKMS driver (its dkms.conf)
# against a kernel, its headers, Secure Boot and the MOK list. Used by
# vfctl doctor (lib/host/host_check_dkms.c) and by the CI pipeline through
# ci/dkms/dkms_check.

DKMS_SRCS := lib/dkms/dkms_conf.c lib/dkms/dkms_compat.c lib/dkms/dkms_efi.c lib/dkms/dkms_esl.c \
	lib/dkms/dkms_fs.c
# Files under the root prefix are read by lib/host's reader (host_fs.c, which
# reads through lib/common).
DKMS_SRCS += lib/host/host_fs.c $(COMMON_SRCS)

include tests/unit/dkms.mk
