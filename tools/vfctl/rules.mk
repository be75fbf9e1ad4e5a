# SPDX-License-Identifier: MIT
#
# vfctl: the command-line tool. One file per subcommand (cmd_*.c), listed
# in main.c; each subcommand adds the lib/ sources and libraries it needs.

PROGRAMS += vfctl
vfctl_SRCS := tools/vfctl/main.c tools/vfctl/vfctl_util.c \
	tools/vfctl/cmd_gop.c $(UEFI_SRCS)
vfctl_LDLIBS = $(shell pkg-config --libs json-c) $(UEFI_LDLIBS)

# End-to-end checks of `vfctl gop` (OVMF_CODE comes from bench/gop/rules.mk).
CHECKS += check-gop-cli
.PHONY: check-gop-cli
check-gop-cli: $(O)/plain/bin/vfctl
	@echo "== check gop-cli"
	$(Q)tests/unit/test_gop_cli.sh $(O)/plain/bin/vfctl "$(OVMF_CODE)" $(O)/results
