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
UNIT_TESTS += test_pf_selftest
test_pf_selftest_SRCS := tests/unit/test_pf_selftest.c $(KERNEL_SRCS) $(KERNEL_SELFTEST_SRCS)
test_pf_selftest_LDLIBS := -lcmocka
