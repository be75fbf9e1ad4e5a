# SPDX-License-Identifier: MIT
#
# tests/igt: IGT tests of the i915 SR-IOV PF, built against an IGT source
# tree and its meson build directory (IGT installs no headers):
#
#   make igt IGT_SRC=/path/to/igt-gpu-tools IGT_BUILD=/path/to/igt-build
#
# builds $(O)/igt/tests/<test> (rpath to IGT_BUILD/lib), writes each
# <test>.testlist from --show-testlist, and runs IGT's documentation check
# (scripts/igt_doc.py --check-testlist) with tests/igt/test_config.json.
# `make check` runs check-igt: the same, plus each binary once on a host
# without an i915 PF, where every subtest must SKIP (exit 77). Without
# IGT_SRC and IGT_BUILD it is counted as skipped. tests/igt/meson.build
# builds the same tests inside an IGT tree instead.

IGT_SRC ?=
IGT_BUILD ?=
IGT_TESTS := i915_sriov_pf_basic i915_sriov_pf_provisioning
IGT_DIR := $(O)/igt
IGT_COMMON_SRCS = tests/igt/i915_sriov_pf_common.c
# The lib/ and kernel/ objects are the plain variant's.
IGT_LIB_OBJS = $(patsubst %.c,$(O)/plain/%.o,$(IOVCHECK_SRCS))
# IGT's headers are system headers to us (their warnings are IGT's); the
# tests themselves get the project's warnings, bar the setjmp clobber
# warning IGT disables too.
IGT_CFLAGS = -std=gnu11 -D_GNU_SOURCE -include $(IGT_BUILD)/config.h $(WARNINGS) \
	-Wno-clobbered -Ikernel -Ilib -I. -isystem $(IGT_SRC)/include \
	-isystem $(IGT_SRC)/include/drm-uapi \
	-isystem $(IGT_SRC)/include/drm-uapi-experimental \
	-isystem $(IGT_SRC)/include/linux-uapi -isystem $(IGT_SRC)/lib \
	-isystem $(IGT_SRC)/lib/stubs/syscalls -isystem $(IGT_BUILD) \
	-isystem $(IGT_BUILD)/lib $(shell pkg-config --cflags libdrm 2>/dev/null) -O2 -g
IGT_LDFLAGS = -L$(IGT_BUILD)/lib -Wl,-rpath,$(abspath $(IGT_BUILD))/lib
IGT_LDLIBS = -ligt -lpthread -lm

.PHONY: igt check-igt igt-need
igt-need:
	@if [ -z "$(IGT_SRC)" ] || [ -z "$(IGT_BUILD)" ]; then \
		echo "igt: pass IGT_SRC=<igt-gpu-tools source> IGT_BUILD=<its meson build dir>" >&2; \
		exit 3; fi
	@for f in "$(IGT_SRC)/lib/igt_core.h" "$(IGT_SRC)/lib/igt_sriov_device.h" \
		"$(IGT_BUILD)/config.h" "$(IGT_BUILD)/lib/libigt.so"; do \
		[ -e "$$f" ] || { echo "igt: $$f is missing (IGT_SRC/IGT_BUILD)" >&2; exit 3; }; done

$(O)/igt/obj/%.o: tests/igt/%.c $(wildcard tests/igt/*.h) | igt-need
	@mkdir -p $(@D)
	@echo "  CC [igt] $<"
	$(Q)$(CC) $(IGT_CFLAGS) -c -o $@ $<

$(O)/igt/tests/%: $(O)/igt/obj/%.o $(O)/igt/obj/i915_sriov_pf_common.o $(IGT_LIB_OBJS)
	@mkdir -p $(@D)
	@echo "  LD [igt] $@"
	$(Q)$(CC) $(IGT_LDFLAGS) -o $@ $^ $(IGT_LDLIBS)
	$(Q)$@ --show-testlist >$@.testlist

# igt_runner's test root: the binaries and test-list.txt.
$(O)/igt/tests/test-list.txt: tests/igt/rules.mk
	@mkdir -p $(@D)
	$(Q)printf 'TESTLIST\n%s\nEND TESTLIST\n' "$(IGT_TESTS)" >$@

# Build, list, and IGT's own documentation check (exit 1 on a mismatch).
igt: igt-need $(foreach t,$(IGT_TESTS),$(O)/igt/tests/$(t)) $(O)/igt/tests/test-list.txt
	$(Q)for t in $(IGT_TESTS); do echo "== igt $$t --list-subtests"; \
		$(O)/igt/tests/$$t --list-subtests || exit 1; done
	@echo "== igt documentation check (igt_doc.py --check-testlist)"
	$(Q)python3 $(IGT_SRC)/scripts/igt_doc.py --config tests/igt/test_config.json \
		--check-testlist --igt-build-path $(O)/igt >$(O)/igt/doc-check.log 2>&1; \
		s=$$?; cat $(O)/igt/doc-check.log; \
		if [ $$s != 0 ] || grep -q 'Warning\|ERROR' $(O)/igt/doc-check.log; then \
		echo "igt: documentation check failed" >&2; exit 1; fi

check-igt: $(O)/plain/bin/ci_results
	@echo "== check igt"
	$(Q)mkdir -p $(O)/results
	$(Q)if [ -z "$(IGT_SRC)" ] || [ -z "$(IGT_BUILD)" ]; then \
		echo "   skipped: no IGT tree (make check IGT_SRC=<igt source> IGT_BUILD=<its build dir>)"; \
		echo "0 0 1" >$(O)/results/igt.counts; \
		echo "build and doc check: no IGT tree given (IGT_SRC, IGT_BUILD)" >$(O)/results/igt.skips; exit 0; fi; \
	if ! $(MAKE) --no-print-directory igt; then echo "0 1" >$(O)/results/igt.counts; exit 1; fi; \
	if ls -d /sys/class/drm/card*/prelim_iov >/dev/null 2>&1; then \
		echo "   this host has an i915 PF: run the tests with tests/igt/run-igt.sh, not make check"; \
		echo "2 0 1" >$(O)/results/igt.counts; \
		echo "runtime check: this host has an i915 PF, where tests/igt/run-igt.sh runs the tests, not make check" \
			>$(O)/results/igt.skips; exit 0; fi; \
	pass=2; fail=0; \
	CI_RESULTS=$(O)/plain/bin/ci_results tests/igt/run-igt.sh -r $(IGT_BUILD)/runner/igt_runner -t $(O)/igt/tests \
		$(O)/igt/runner-results >$(O)/igt/runner.log 2>&1; rc=$$?; \
	if [ $$rc = 2 ]; then echo "   igt_runner: $$(tail -n 1 $(O)/igt/runner.log) (no PF here: run-igt.sh exits 2)"; \
		pass=$$((pass+1)); \
	else cat $(O)/igt/runner.log; echo "!! run-igt.sh exited $$rc, not 2"; fail=$$((fail+1)); fi; \
	for t in $(IGT_TESTS); do \
		$(O)/igt/tests/$$t >$(O)/igt/$$t.log 2>&1; rc=$$?; \
		n=$$(grep -c '^Subtest .*: SKIP' $(O)/igt/$$t.log); \
		m=$$(grep -c '^Subtest ' $(O)/igt/$$t.log); \
		if [ $$rc = 77 ] && [ $$n = $$m ] && [ $$n -gt 0 ]; then \
			echo "   $$t: exit 77, $$n subtests SKIP: $$(sed -n '/^Test requirement:/{n;p;q}' $(O)/igt/$$t.log)"; \
			pass=$$((pass+1)); \
		else cat $(O)/igt/$$t.log; echo "!! $$t: exit $$rc, $$n of $$m subtests SKIP"; fail=$$((fail+1)); fi; \
	done; echo "$$pass $$fail" >$(O)/results/igt.counts; [ $$fail = 0 ]

CHECKS += check-igt

# The results.json verdict of run-igt.sh (ci_results igt's) on fixture runs
# (no IGT needed).
CHECKS += check-igt-verdict
.PHONY: check-igt-verdict
check-igt-verdict: $(O)/plain/bin/ci_results
	@echo "== check igt-verdict"
	$(Q)mkdir -p $(O)/results; pass=0; fail=0; \
	while read -r name want; do \
		case $$name in ''|'#'*) continue ;; esac; \
		CI_RESULTS=$(O)/plain/bin/ci_results tests/igt/run-igt.sh \
			--verdict tests/fixtures/igt/results/$$name.json >/dev/null 2>&1; rc=$$?; \
		if [ $$rc = $$want ]; then pass=$$((pass+1)); \
		else echo "!! $$name.json: exit $$rc, want $$want"; fail=$$((fail+1)); fi; \
	done <tests/fixtures/igt/results/expected; \
	echo "   $$pass verdicts right, $$fail wrong"; \
	echo "$$pass $$fail" >$(O)/results/igt-verdict.counts; [ $$fail = 0 ]
