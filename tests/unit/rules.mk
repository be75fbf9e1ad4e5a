# tests/unit: cmocka suites for kernel/ (the GuC layer and its mock GuC).
# Other components register their own suites from their rules.mk.

GUC_TEST_SRCS := $(KERNEL_GUC_SRCS) $(KERNEL_MOCK_GUC_SRCS) tests/unit/guc_fixture.c

UNIT_TESTS += test_guc_ct test_guc_ct_faults test_guc_klv test_guc_hxg test_mock_guc
test_guc_ct_SRCS := tests/unit/test_guc_ct.c $(GUC_TEST_SRCS)
test_guc_ct_LDLIBS := -lcmocka
test_guc_ct_faults_SRCS := tests/unit/test_guc_ct_faults.c $(GUC_TEST_SRCS)
test_guc_ct_faults_LDLIBS := -lcmocka
test_guc_klv_SRCS := tests/unit/test_guc_klv.c $(KERNEL_GUC_SRCS)
test_guc_klv_LDLIBS := -lcmocka
test_guc_hxg_SRCS := tests/unit/test_guc_hxg.c $(KERNEL_GUC_SRCS)
test_guc_hxg_LDLIBS := -lcmocka
test_mock_guc_SRCS := tests/unit/test_mock_guc.c $(GUC_TEST_SRCS)
test_mock_guc_LDLIBS := -lcmocka

UNIT_TESTS += test_pf_provision
test_pf_provision_SRCS := tests/unit/test_pf_provision.c $(KERNEL_SRCS)
test_pf_provision_LDLIBS := -lcmocka

PF_TEST_SRCS := $(GUC_TEST_SRCS) tests/unit/pf_fixture.c $(KERNEL_IOV_SRCS)
UNIT_TESTS += test_pf_sriov
test_pf_sriov_SRCS := tests/unit/test_pf_sriov.c $(PF_TEST_SRCS)
test_pf_sriov_LDLIBS := -lcmocka
UNIT_TESTS += test_pf_control
test_pf_control_SRCS := tests/unit/test_pf_control.c $(PF_TEST_SRCS)
test_pf_control_LDLIBS := -lcmocka
UNIT_TESTS += test_pf_relay
test_pf_relay_SRCS := tests/unit/test_pf_relay.c $(PF_TEST_SRCS)
test_pf_relay_LDLIBS := -lcmocka
UNIT_TESTS += test_pf_live_update
test_pf_live_update_SRCS := tests/unit/test_pf_live_update.c $(PF_TEST_SRCS)
test_pf_live_update_LDLIBS := -lcmocka
UNIT_TESTS += test_pf_sriov_h2g
test_pf_sriov_h2g_SRCS := tests/unit/test_pf_sriov_h2g.c $(PF_TEST_SRCS)
test_pf_sriov_h2g_LDLIBS := -lcmocka
UNIT_TESTS += test_pf_sysfs
test_pf_sysfs_SRCS := tests/unit/test_pf_sysfs.c $(PF_TEST_SRCS)
test_pf_sysfs_LDLIBS := -lcmocka
UNIT_TESTS += test_pf_selftest
test_pf_selftest_SRCS := tests/unit/test_pf_selftest.c $(KERNEL_SRCS) $(KERNEL_SELFTEST_SRCS)
test_pf_selftest_LDLIBS := -lcmocka

# G2H on a second thread while H2G requests wait: in the plain and ASan+UBSan
# suites like the others, and once more under ThreadSanitizer (gcc's, so no
# extra toolchain), where a data race between the two paths fails the check.
UNIT_TESTS += test_guc_ct_threads
test_guc_ct_threads_SRCS := tests/unit/test_guc_ct_threads.c $(GUC_TEST_SRCS) $(KERNEL_IOV_SRCS)
test_guc_ct_threads_LDLIBS := -lcmocka -pthread

# -Wno-tsan: TSan does not model standalone fences; the ones in the CT code
# order the rings against the firmware, which the test serialises with its
# hw mutex, so nothing the race detector checks depends on them.
TSAN_FLAGS := -O1 -g -fsanitize=thread -Wno-tsan
$(O)/tsan/bin/test_guc_ct_threads: $(test_guc_ct_threads_SRCS) \
		$(wildcard kernel/*.h kernel/*/*.h tests/unit/guc_fixture.h)
	@mkdir -p $(@D)
	@echo "  CCLD [tsan] $@"
	$(Q)$(CC) $(filter-out -MMD -MP,$(BASE_CFLAGS)) $(TSAN_FLAGS) -o $@ \
		$(filter %.c,$^) -lcmocka -pthread

.PHONY: check-tsan
CHECKS += check-tsan
check-tsan: $(O)/tsan/bin/test_guc_ct_threads
	$(Q)TSAN_OPTIONS="halt_on_error=1 exitcode=66" \
		scripts/run-cmocka.sh tsan $(O)/results $<

# The fixture composer on every tree under tests/fixtures (one case per
# tree) and on small trees that break its rules (tests/fixtures/README.md).
UNIT_TESTS += test_fixture_trees
test_fixture_trees_SRCS := tests/unit/test_fixture_trees.c tests/unit/fixture_tree.c
test_fixture_trees_LDLIBS := -lcmocka
