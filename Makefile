# SPDX-License-Identifier: MIT
#
# Top-level build of the i915 SR-IOV validation and benchmark harness.
#
# Every component describes itself in a rules.mk next to its sources and
# registers what it builds in the lists below; this file only holds the
# machinery (variants, pattern rules, the test runner) and the public targets:
#
#   make            build everything buildable on this machine
#   make check      install missing Debian packages, build, run every test
#   make modules    build kernel/ as an out-of-tree module (KDIR=...)
#   make fuzz       run every libFuzzer target for FUZZ_SECONDS each
#   make bench      run the benchmarks and write the report
#
# Objects are built once per variant: "plain" (-O2) and "san" (ASan+UBSan);
# fuzz targets use clang with libFuzzer.

O ?= out
CC ?= cc
CLANG ?= clang
FUZZ_SECONDS ?= 30
V ?= 0

ifeq ($(V),0)
Q := @
else
Q :=
endif

WARNINGS := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wpointer-arith -Wvla -Wformat=2 \
	-Wno-missing-field-initializers
INCLUDES := -Ikernel -Ilib -I.
# Recursive, so components may append $(shell pkg-config ...) with +=.
BASE_CFLAGS = -std=gnu11 -D_GNU_SOURCE $(WARNINGS) $(INCLUDES) -MMD -MP
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer

plain_CC := $(CC)
plain_CFLAGS := -O2 -g
plain_LDFLAGS :=
san_CC := $(CC)
san_CFLAGS := -O1 -g $(SAN_FLAGS)
san_LDFLAGS := $(SAN_FLAGS)
fuzz_CC := $(CLANG)
fuzz_CFLAGS := -O1 -g -fsanitize=fuzzer-no-link,address,undefined \
	-fno-sanitize-recover=all -DFUZZING_BUILD_MODE=1
fuzz_LDFLAGS := -fsanitize=fuzzer,address,undefined
# The fuzz targets again, with clang's source-based coverage (make fuzz-coverage).
cov_CC := $(CLANG)
cov_CFLAGS := -O1 -g -fsanitize=fuzzer-no-link -fprofile-instr-generate \
	-fcoverage-mapping -DFUZZING_BUILD_MODE=1
cov_LDFLAGS := -fsanitize=fuzzer -fprofile-instr-generate

# Filled in by the components' rules.mk:
UNIT_TESTS :=		# cmocka programs; NAME_SRCS, NAME_LDLIBS
PROGRAMS :=		# plain programs (tools, benchmarks); NAME_SRCS, NAME_LDLIBS
FUZZERS :=		# libFuzzer targets; NAME_SRCS, NAME_LDLIBS, NAME_CORPUS,
			# NAME_COVERS (the parser's sources, for fuzz-coverage;
			# default: NAME_SRCS outside tests/)
CHECKS :=		# extra phony targets that `make check` runs
BENCHES :=		# phony targets that `make bench` runs

.DEFAULT_GOAL := all

# kernel/ first: the others build on its source lists.
include kernel/rules.mk
include $(filter-out kernel/rules.mk,$(sort $(wildcard */rules.mk */*/rules.mk)))

.PHONY: all check check-build check-run deps unit unit-plain unit-san \
	fuzz fuzz-regress fuzz-short fuzz-coverage modules bench clean format check-format

all: $(foreach t,$(UNIT_TESTS),$(O)/plain/bin/$(t)) \
	$(foreach p,$(PROGRAMS),$(O)/plain/bin/$(p))

# ---------------------------------------------------------------------------
# Build machinery

define compile_rule
$(O)/$(1)/%.o: %.c
	@mkdir -p $$(@D)
	@echo "  CC [$(1)] $$<"
	$(Q)$$($(1)_CC) $$(BASE_CFLAGS) $$($(1)_CFLAGS) $$(EXTRA_CFLAGS) -c -o $$@ $$<
endef
# The variants this Makefile compiles; only their dependency files are read
# back (out/ also holds other trees' .d files: a package build, a chroot).
VARIANTS := plain san fuzz cov
$(foreach v,$(VARIANTS),$(eval $(call compile_rule,$(v))))

# link_rule(variant, name)
define link_rule
$(O)/$(1)/bin/$(2): $$(patsubst %.c,$(O)/$(1)/%.o,$$($(2)_SRCS))
	@mkdir -p $$(@D)
	@echo "  LD [$(1)] $$@"
	$(Q)$$($(1)_CC) $$($(1)_LDFLAGS) -o $$@ $$^ $$($(2)_LDLIBS)
endef
$(foreach t,$(UNIT_TESTS),$(eval $(call link_rule,plain,$(t))))
$(foreach t,$(UNIT_TESTS),$(eval $(call link_rule,san,$(t))))
$(foreach p,$(PROGRAMS),$(eval $(call link_rule,plain,$(p))))
$(foreach f,$(FUZZERS),$(eval $(call link_rule,fuzz,$(f))))
$(foreach f,$(FUZZERS),$(eval $(call link_rule,cov,$(f))))

-include $(shell find $(addprefix $(O)/,$(VARIANTS)) -type f -name '*.d' 2>/dev/null)

define newline


endef

# ---------------------------------------------------------------------------
# Tests

# Debian packages, then what only bookworm-backports has (QEMU >= 8 for igb
# SR-IOV in the VM tests), from the suite of the machine's own apt source.
deps:
	$(Q)scripts/install-deps.sh
	$(Q)scripts/enable-backports.sh

# Packages are installed first, then the build and the run happen in a new
# make so that pkg-config and wildcard look-ups see the installed packages.
check: deps
	$(Q)$(MAKE) --no-print-directory check-build
	$(Q)$(MAKE) --no-print-directory check-run

check-build: all $(foreach t,$(UNIT_TESTS),$(O)/san/bin/$(t)) \
	$(foreach f,$(FUZZERS),$(O)/fuzz/bin/$(f))

check-run:
	$(Q)rm -rf $(O)/results && mkdir -p $(O)/results
	$(Q)status=0; \
	$(MAKE) --no-print-directory unit || status=1; \
	$(MAKE) --no-print-directory fuzz-regress || status=1; \
	$(MAKE) --no-print-directory fuzz-short || status=1; \
	$(MAKE) --no-print-directory modules || status=1; \
	for c in $(CHECKS); do $(MAKE) --no-print-directory $$c || status=1; done; \
	scripts/summary.sh $(O)/results; s=$$?; \
	[ $$status = 0 ] && exit $$s; exit $$status

unit: unit-plain unit-san

unit-plain: $(foreach t,$(UNIT_TESTS),$(O)/plain/bin/$(t))
	$(Q)scripts/run-cmocka.sh plain $(O)/results $^

unit-san: $(foreach t,$(UNIT_TESTS),$(O)/san/bin/$(t))
	$(Q)scripts/run-cmocka.sh san $(O)/results $^

# Every fuzz target replays its seed corpus (no mutation): a regression run
# that belongs in `make check`. `make fuzz` explores for FUZZ_SECONDS each.
fuzz-regress: $(foreach f,$(FUZZERS),$(O)/fuzz/bin/$(f))
	$(Q)scripts/run-fuzz.sh regress $(O) $(FUZZERS)

fuzz: $(foreach f,$(FUZZERS),$(O)/fuzz/bin/$(f))
	$(Q)scripts/run-fuzz.sh explore $(O) $(FUZZERS)

# Beyond the replay, `make check` mutates each target briefly with a fixed
# seed (FUZZ_CHECK_RUNS inputs, FUZZ_CHECK_SECONDS at most); a crash keeps
# its reproducer in $(O)/fuzz/crashes/.
fuzz-short: $(foreach f,$(FUZZERS),$(O)/fuzz/bin/$(f))
	$(Q)scripts/run-fuzz.sh short $(O) $(FUZZERS)

# Line and branch coverage of each target's parser over its corpus (the
# seeds, plus what `make fuzz` found), against FUZZ_COVERAGE_GOAL (80%).
fuzz_covers = $(or $($(1)_COVERS),$(filter-out tests/%,$($(1)_SRCS)))
fuzz-coverage: $(foreach f,$(FUZZERS),$(O)/cov/bin/$(f))
	$(file >$(O)/cov/covers.txt,$(foreach f,$(FUZZERS),$(f) $(call fuzz_covers,$(f))$(newline)))
	$(Q)mkdir -p $(O)/results && scripts/fuzz-coverage.sh $(O) $(O)/cov/covers.txt \
		tests/fuzz/coverage-notes.txt $(O)/results
# In `make check` too: a parser that falls below the goal without a note fails.
CHECKS += fuzz-coverage

# The main job: every benchmark writes $(O)/bench/<name>.json, one after the
# other (in parallel they would distort each other's timings), then the
# report writer (bench/report) merges them into report.json and report.html.
# Old fragments go first, so the report holds only this run's figures.
bench: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)mkdir -p $(O)/bench && rm -f $(O)/bench/*.json $(O)/bench/*.dat
	$(Q)for b in $(BENCHES); do $(MAKE) --no-print-directory $$b || exit 1; done
	$(Q)$(MAKE) --no-print-directory bench-report

clean:
	rm -rf $(O)
	$(MAKE) -C kernel clean

# Every C file of the tree (kernel/ and user space alike) in the kernel's
# layout, the repository's .clang-format. `make format` rewrites them;
# check-format (in `make check`) counts one per file and fails on any
# file clang-format would change.
FORMAT_FILES = $(sort $(shell find kernel lib tools tests bench ci \
	-name '*.[ch]' -not -path '*/corpus/*' 2>/dev/null))

format:
	clang-format --style=file -i $(FORMAT_FILES)

check-format:
	@echo "== check-format"
	$(Q)mkdir -p $(O)/results; r=$(O)/results/check-format; rm -f $$r.skips; \
	if ! command -v clang-format >/dev/null; then \
		echo "no clang-format (Debian's clang-format)" | tee $$r.skips; \
		echo "0 0 1" >$$r.counts; exit 0; fi; \
	p=0; f=0; for c in $(FORMAT_FILES); do \
		if clang-format --style=file --dry-run -Werror $$c 2>$$r.log; then \
			p=$$((p + 1)); else f=$$((f + 1)); head -n 20 $$r.log; fi; \
	done; rm -f $$r.log; \
	echo "check-format: $$p files formatted, $$f not (make format, or clang-format -i FILE)"; \
	echo "$$p $$f" >$$r.counts; [ $$f = 0 ]
CHECKS += check-format
