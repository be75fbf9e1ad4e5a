# SPDX-License-Identifier: MIT
#
# ci/: the self-hosted Raptor Lake pipeline (ci/hw), the result converters
# (ci/results: KTAP, IGT results.json and stage tables to JUnit), the checker
# of the workflow and LAVA YAML (ci/yaml), and the LAVA jobs (ci/lava).

# Recursive: lib/common/rules.mk (COMMON_SRCS) is read after this file.
CI_RESULTS_SRCS = ci/results/junit.c ci/results/ktap_doc.c ci/results/igt_results.c $(COMMON_SRCS)

PROGRAMS += ci_results
ci_results_SRCS = ci/results/ci_results.c $(CI_RESULTS_SRCS)
ci_results_LDLIBS = $(shell pkg-config --libs json-c)

UNIT_TESTS += test_ci_results
test_ci_results_SRCS = ci/tests/test_ci_results.c $(CI_RESULTS_SRCS)
test_ci_results_LDLIBS = -lcmocka $(shell pkg-config --libs json-c)

PROGRAMS += ci_yaml_check
ci_yaml_check_SRCS := ci/yaml/ci_yaml_check.c
ci_yaml_check_LDLIBS = $(shell pkg-config --libs yaml-0.1)

# The whole pipeline without hardware: each stage's wiring, and its cleanup
# traps run for real against a fake host. Never runs `make check` itself.
CHECKS += ci-dry-run
.PHONY: ci-dry-run
ci-dry-run: $(O)/plain/bin/ci_results $(O)/plain/bin/vfctl $(O)/plain/bin/vm_run \
	$(O)/plain/bin/dkms_check
	@echo "== ci dry run"
	$(Q)mkdir -p $(O)/results; rc=0; \
	O=$(O) ci/hw/pipeline.sh --dry-run -o $(O)/ci-hw-dry $(if $(DKMS_SRC),--dkms-src $(DKMS_SRC)) || rc=$$?; \
	cp $(O)/ci-hw-dry/ci-hw.counts $(O)/results/ci-dry-run.counts 2>/dev/null || \
		echo "0 1" >$(O)/results/ci-dry-run.counts; \
	awk -F'\t' '$$2 == "skip" { print $$1 " stage: " $$4 }' $(O)/ci-hw-dry/stages.tsv \
		>$(O)/results/ci-dry-run.skips 2>/dev/null; \
	sed -n 's/^ok [0-9]* \(.*\) # SKIP$$/selftest: \1/p' $(O)/ci-hw-dry/logs/selftest.log \
		>>$(O)/results/ci-dry-run.skips 2>/dev/null; \
	[ $$rc = 0 ] || { cat $(O)/ci-hw-dry/logs/selftest.log 2>/dev/null | grep '^not ok' -A5; exit 1; }

# The workflows, .gitlab-ci.yml and the LAVA jobs and test definitions:
# well formed, with the fields their consumers need (ci_yaml_check), and the
# LAVA ones against LAVA's own schema (Debian's lava-common); shellcheck.
CHECKS += ci-yaml
.PHONY: ci-yaml
ci-yaml: $(O)/plain/bin/ci_yaml_check
	@echo "== ci yaml"
	$(Q)ci/check-ci-files.sh $(O)/plain/bin/ci_yaml_check $(O)/ci-yaml $(O)/results

# lib/dkms's compatibility check for the shell: the pipeline's preflight,
# dry run and driver stage, and make dkms-matrix.
PROGRAMS += dkms_check
dkms_check_SRCS = ci/dkms/dkms_check.c $(DKMS_SRCS)

# The driver-by-kernel matrix (ci/dkms/dkms-matrix.sh): the real driver
# built with dkms, confined to $(O)/dkms-matrix, for every installed
# kernel's headers and each of REFS (git refs of DKMS_SRC). Slow (minutes
# per build): run on the runner for every driver update, not in make check.
PROGRAMS += dkms_matrix_report
dkms_matrix_report_SRCS := ci/dkms/dkms_matrix_report.c
dkms_matrix_report_LDLIBS = $(shell pkg-config --libs json-c)
DKMS_JOBS ?= 2
.PHONY: dkms-matrix
dkms-matrix: $(O)/plain/bin/dkms_check $(O)/plain/bin/dkms_matrix_report
	$(Q)[ -n "$(DKMS_SRC)" ] || { echo "usage: make dkms-matrix DKMS_SRC=DIR [REFS='tag ...']"; exit 2; }
	ci/dkms/dkms-matrix.sh -o $(O)/dkms-matrix -j $(DKMS_JOBS) -c $(O)/plain/bin/dkms_check \
		-r $(O)/plain/bin/dkms_matrix_report $(DKMS_SRC) $(REFS)

# The pipeline killed with SIGKILL inside each stage that changes the host
# (fake host): the next run replays the undo journal first.
CHECKS += ci-kill-stages
.PHONY: ci-kill-stages
ci-kill-stages: $(O)/plain/bin/ci_results $(O)/plain/bin/vm_run
	@echo "== ci kill stages"
	$(Q)mkdir -p $(O)/results; rc=0; \
	O=$(O) ci/tests/kill_stages.sh $(O)/ci-kill >$(O)/results/ci-kill-stages.log 2>&1 || rc=$$?; \
	grep -e '^not ok' -A8 -e '^# kill' $(O)/results/ci-kill-stages.log; \
	cp $(O)/ci-kill/kill-stages.counts $(O)/results/ci-kill-stages.counts 2>/dev/null || \
		echo "0 1" >$(O)/results/ci-kill-stages.counts; \
	exit $$rc
