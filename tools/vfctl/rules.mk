# SPDX-License-Identifier: MIT
#
# vfctl: the command-line tool. One file per subcommand (cmd_*.c), listed
# in main.c; each subcommand adds the lib/ sources and libraries it needs.

PROGRAMS += vfctl
vfctl_SRCS := tools/vfctl/main.c tools/vfctl/vfctl_util.c \
	tools/vfctl/cmd_gop.c $(UEFI_SRCS)
vfctl_LDLIBS = $(shell pkg-config --libs json-c) $(UEFI_LDLIBS)
