# SPDX-License-Identifier: MIT
#
# vfctl: the command-line tool. One file per command (cmd_*.c), listed in
# main.c; each command adds the lib/ sources and libraries it needs.

PROGRAMS += vfctl
vfctl_SRCS := tools/vfctl/main.c tools/vfctl/vfctl_util.c tools/vfctl/vfctl_out.c \
	tools/vfctl/vfctl_dispatch.c tools/vfctl/cmd_completion.c \
	$(ARGS_LIB_SRCS) \
	tools/vfctl/cmd_gop.c tools/vfctl/cmd_provision.c $(UEFI_SRCS) \
	$(KERNEL_SRCS)
vfctl_LDLIBS = $(shell pkg-config --libs json-c) $(UEFI_LDLIBS)
# vfctl vm (lib/vm; its lib/uefi part is already in UEFI_SRCS)
vfctl_SRCS += tools/vfctl/cmd_vm.c tools/vfctl/cmd_kvmfr.c $(VM_LIB_SRCS)
# vfctl provision show/set (lib/iovcheck; its lib/host part comes with lib/host)
vfctl_SRCS += tools/vfctl/cmd_provision_live.c $(IOVCHECK_LIB_SRCS)
vfctl_LDLIBS += $(VM_DEF_LDLIBS)
# vfctl doctor, vfs, vfio (lib/host; lib/vm above brings vm_shm.c)
vfctl_SRCS += tools/vfctl/cmd_doctor.c tools/vfctl/cmd_vfs.c $(HOST_LIB_SRCS)
vfctl_LDLIBS += $(HOST_LDLIBS)
# vfctl setup (lib/setup over lib/host, lib/vm and lib/uefi, all linked above)
vfctl_SRCS += tools/vfctl/cmd_setup.c $(SETUP_LIB_SRCS)

# End-to-end checks of `vfctl gop` (OVMF_CODE comes from bench/gop/rules.mk).
CHECKS += check-gop-cli
.PHONY: check-gop-cli
check-gop-cli: $(O)/plain/bin/vfctl
	@echo "== check gop-cli"
	$(Q)tests/unit/test_gop_cli.sh $(O)/plain/bin/vfctl "$(OVMF_CODE)" $(O)/results

# End-to-end check of `vfctl provision plan` (against i915's tables) and
# `vfctl kvmfr size` (against Looking Glass's).
include tests/unit/cli_check.mk
check_vfctl_cli_SRCS := tests/unit/check_vfctl_cli.c tests/unit/fixture_tree.c
$(eval $(call cli_check_program,check_vfctl_cli,vfctl-cli))

# The bash completion script, written by vfctl from its own option tables
# (vfctl completion bash); make install installs it.
VFCTL_COMPLETION := $(O)/completion/vfctl
all: $(VFCTL_COMPLETION)
$(VFCTL_COMPLETION): $(O)/plain/bin/vfctl
	@mkdir -p $(@D)
	@echo "  GEN $@"
	$(Q)$(O)/plain/bin/vfctl completion bash >$@.tmp && mv $@.tmp $@

# The script through bash's programmable completion, and every option the
# help texts name found in the parser's tables.
CHECKS += check-vfctl-completion
.PHONY: check-vfctl-completion
check-vfctl-completion: $(O)/plain/bin/vfctl $(VFCTL_COMPLETION)
	@echo "== check vfctl-completion"
	$(Q)mkdir -p $(O)/results && tests/unit/test_vfctl_completion.sh $(O)/plain/bin/vfctl \
		$(VFCTL_COMPLETION) $(O)/results
