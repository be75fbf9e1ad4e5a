# SPDX-License-Identifier: MIT
#
# An end-to-end check of vfctl written in C (tests/unit/cli_check.h):
#   $(eval $(call cli_check_program,PROGRAM,LABEL))
# builds PROGRAM from PROGRAM_SRCS and the harness, and runs it as the check
# target check-LABEL, which writes $(O)/results/LABEL.counts.

ifndef CLI_CHECK_MK
CLI_CHECK_MK := 1

define cli_check_program
PROGRAMS += $(1)
$(1)_SRCS += tests/unit/cli_check.c
$(1)_LDLIBS = $$(shell pkg-config --libs json-c)
CHECKS += check-$(2)
.PHONY: check-$(2)
check-$(2): $$(O)/plain/bin/vfctl $$(O)/plain/bin/$(1)
	@echo "== check $(2)"
	$$(Q)mkdir -p $$(O)/results && $$(O)/plain/bin/$(1) $$(O)/plain/bin/vfctl $$(O)/results
endef

endif
