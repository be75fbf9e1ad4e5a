# SPDX-License-Identifier: MIT
#
# valgrind's memcheck over the vfctl CLI checks: each check runs again with
# vfctl under valgrind (tests/memcheck/vfctl-memcheck.sh); no leak, no
# invalid access, no use of uninitialised memory, same results.
#
#   make memcheck     every CLI check (about 4 minutes of CPU)
#   make check        MEMCHECK_IN_CHECK only (the lifecycle and vm checks,
#                     about a minute), to keep make check's time
MEMCHECK_CLIS := host-cli vfctl-cli gop-cli vm-def-cli
MEMCHECK_IN_CHECK ?= host-cli vm-def-cli

memcheck_host-cli := $(O)/plain/bin/check_host_cli
memcheck_vfctl-cli := $(O)/plain/bin/check_vfctl_cli
memcheck_gop-cli := tests/unit/test_gop_cli.sh "$(OVMF_CODE)"
memcheck_vm-def-cli := tests/unit/test_vm_def_cli.sh "$(OVMF_CODE)"

.PHONY: memcheck memcheck-check $(addprefix memcheck-,$(MEMCHECK_CLIS))
$(addprefix memcheck-,$(MEMCHECK_CLIS)): memcheck-%: $(O)/plain/bin/vfctl \
		$(O)/plain/bin/check_host_cli $(O)/plain/bin/check_vfctl_cli
	@echo "== memcheck $*"
	$(Q)tests/memcheck/run.sh $* $(O)/plain/bin/vfctl $(O)/memcheck/$* $(O)/results \
		$(memcheck_$*)

memcheck:
	$(Q)mkdir -p $(O)/results && status=0; \
	for c in $(MEMCHECK_CLIS); do $(MAKE) --no-print-directory memcheck-$$c || status=1; done; \
	exit $$status

memcheck-check:
	$(Q)status=0; \
	for c in $(MEMCHECK_IN_CHECK); do $(MAKE) --no-print-directory memcheck-$$c || status=1; done; \
	exit $$status
CHECKS += memcheck-check
