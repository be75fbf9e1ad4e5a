// SPDX-License-Identifier: MIT
/*
 * What enabling, disabling and clearing VFs send the GuC, request by
 * request, against i915_sriov_pf_enable_vfs(), i915_sriov_pf_disable_vfs()
 * and intel_iov_provisioning_clear(), and what they leave: which VFs are
 * reset (pf_push_no_configs(): num_pushed down to 1, empty ones too), that a
 * failed bulk push resets nothing, that disable resets without pushing
 * scheduling values back, and that configs auto mode made are undone on
 * disable even after a manual change (pf_auto_unprovision() follows
 * provisioning.auto_mode, which pf_mark_manual_provisioning() leaves alone).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <cmocka.h>

#include "pf_fixture.h"
#include "abi/guc_messages_abi.h"
#include "iov/pf_control.h"
#include "iov/pf_provision.h"
#include "iov/pf_sriov.h"

#define MiB (1ull << 20)
#define RESET PF_REQ_RESET
#define BULK PF_REQ_BULK
#define EQ GUC_KLV_VF_CFG_EXEC_QUANTUM_KEY

/* VF1 with GGTT and contexts, the others empty. */
static void provision_vf1(struct pf_fixture *fx)
{
	assert_int_equal(pf_provision_set_ggtt(&fx->pf, 1, 64 * MiB), 0);
	assert_int_equal(pf_provision_set_ctxs(&fx->pf, 1, 1024), 0);
}

/* A bulk push that fails ends the enable without a single reset. */
static void test_failed_bulk_push_resets_nothing(void **state)
{
	struct pf_fixture *fx = *state;
	const struct pf_req want[] = { { 1, BULK, 30 }, { 2, BULK, 30 }, { 3, BULK, 30 } };
	u32 from = fx->g->guc.nlog;

	pf_fixture_refuse_vf_cfg(fx, 3, GUC_ERROR_GENERIC_FAIL);
	assert_int_equal(pf_enable_vfs(&fx->pf, 4), -EIO);
	pf_fixture_assert_requests(fx, from, want, ARRAY_SIZE(want));
	assert_int_equal(fx->pf.num_pushed, 0);
	assert_true(pf_provision_is_empty(&fx->pf, 1));
	assert_int_equal(fx->g->guc.vf[1].num_ctxs, fx->g->guc.vf[2].num_ctxs);
	assert_int_not_equal(fx->g->guc.vf[1].num_ctxs, 0);
}

/*
 * The PCI core refusing: every VF up to num_vfs is reset, highest first,
 * the empty ones that were never pushed as well; nothing else follows.
 */
static void test_pci_failure_resets_every_vf_empty_or_not(void **state)
{
	struct pf_fixture *fx = *state;
	const struct pf_req want[] = {
		{ 1, BULK, 30 },
		{ 3, RESET, 0 },
		{ 2, RESET, 0 },
		{ 1, RESET, 0 },
	};
	u32 from;

	provision_vf1(fx);
	assert_int_equal(pf_provision_set_exec_quantum(&fx->pf, 1, 10), 0);
	from = fx->g->guc.nlog;
	fx->drv.enable_error = -ENOMEM;
	assert_int_equal(pf_enable_vfs(&fx->pf, 3), -ENOMEM);
	pf_fixture_assert_requests(fx, from, want, ARRAY_SIZE(want));
	/* manual configs stay; the GuC lost the quantum with the reset */
	assert_int_equal(fx->pf.config[1].exec_quantum, 10);
	assert_int_equal(fx->g->guc.vf[1].exec_quantum, 0);
	assert_int_equal(fx->pf.num_pushed, 0);
}

/*
 * Disable: FLR_START for every VF before any wait, then the resets, VF3
 * empty or not, and no scheduling value pushed back: the GuC loses VF1's
 * quantum, the PF keeps it for the next enable.
 */
static void test_disable_starts_every_flr_then_only_resets(void **state)
{
	struct pf_fixture *fx = *state;
	const struct pf_req want[] = { { 3, RESET, 0 }, { 2, RESET, 0 }, { 1, RESET, 0 } };
	const struct mock_guc *guc = &fx->g->guc;
	u32 from, i, starts = 0;

	provision_vf1(fx);
	assert_int_equal(pf_provision_set_exec_quantum(&fx->pf, 1, 10), 0);
	assert_int_equal(pf_enable_vfs(&fx->pf, 3), 0);
	from = guc->nlog;
	assert_int_equal(pf_disable_vfs(&fx->pf), 0);
	pf_fixture_assert_requests(fx, from, want, ARRAY_SIZE(want));
	/*
	 * i915's pf_start_vfs_flr() marks all three; its worker takes one step
	 * per VF per run (pf_process_vf()): every FLR_START in the first run,
	 * the FLR_DONEs noted in the second, every FLR_FINISH in the third
	 */
	for (i = from; i < guc->nlog && guc->log[i].action == GUC_ACTION_PF2GUC_VF_CONTROL; i++) {
		assert_int_equal(guc->log[i].dw[1], (starts % 3) + 1);
		assert_int_equal(guc->log[i].dw[2], starts < 3 ? GUC_PF_TRIGGER_VF_FLR_START :
								 GUC_PF_TRIGGER_VF_FLR_FINISH);
		starts++;
	}
	assert_int_equal(starts, 6);
	assert_int_equal(fx->pf.config[1].exec_quantum, 10);
	assert_int_equal(guc->vf[1].exec_quantum, 0);
	assert_false(pf_provision_is_empty(&fx->pf, 1));
}

/*
 * Auto mode's configs changed by hand are still auto mode's: disable
 * unprovisions every VF, the changed one too, and pushes the quantum's 0
 * for the VF that had one, after its reset.
 */
static void test_disable_undoes_auto_configs_changed_by_hand(void **state)
{
	struct pf_fixture *fx = *state;
	const struct pf_req want[] = {
		{ 2, RESET, 0 },
		{ 1, RESET, 0 },
		{ 2, EQ, 0 },
	};
	u32 from;

	assert_int_equal(pf_enable_vfs(&fx->pf, 2), 0);
	assert_int_equal(pf_provision_set_ctxs(&fx->pf, 1, 1024), 0);
	assert_int_equal(pf_provision_set_exec_quantum(&fx->pf, 2, 5), 0);
	assert_false(fx->pf.auto_provisioning);
	assert_true(fx->pf.auto_provisioned);
	from = fx->g->guc.nlog;
	assert_int_equal(pf_disable_vfs(&fx->pf), 0);
	pf_fixture_assert_requests(fx, from, want, ARRAY_SIZE(want));
	for (u32 vf = 1; vf <= 7; vf++)
		assert_true(pf_provision_is_empty(&fx->pf, vf));
	assert_int_equal(fx->pf.config[2].exec_quantum, 0);
	assert_false(fx->pf.auto_provisioned);
	/* the switch stays off: auto mode will not run on the next enable */
	assert_false(fx->pf.auto_provisioning);
	assert_int_equal(pf_enable_vfs(&fx->pf, 2), 0);
	assert_int_equal(fx->g->guc.vf[1].num_ctxs, 0);
}

/*
 * A failed auto-provisioning undoes every VF (pf_unprovision_all()), those
 * past num_vfs and their scheduling values included: VF6's quantum goes.
 */
static void test_failed_auto_provisioning_unprovisions_every_vf(void **state)
{
	struct pf_fixture *fx = *state;

	/* VF6's quantum turns the switch off; with no resource it goes on again */
	assert_int_equal(pf_provision_set_exec_quantum(&fx->pf, 6, 7), 0);
	assert_int_equal(pf_provision_set_auto(&fx->pf, true), 0);
	assert_int_equal(pf_provision_set_spare_dbs(&fx->pf, 250), 0);
	assert_int_equal(pf_enable_vfs(&fx->pf, 2), -EDQUOT);
	assert_true(pf_provision_is_empty(&fx->pf, 1));
	assert_int_equal(fx->pf.config[6].exec_quantum, 0);
	assert_int_equal(fx->g->guc.vf[6].exec_quantum, 0);
	assert_false(fx->pf.auto_provisioned);
}

/* pf_confirm(): i915's pf_push_self_config(), six single KLVs for VFID 0. */
static void test_confirm_pushes_the_pf_self_config(void **state)
{
	struct pf_fixture *fx = *state;
	const u64 base = fx->pf.ggtt_base;
	const struct pf_req want[] = {
		{ 0, GUC_KLV_VF_CFG_GGTT_START_KEY, base },
		{ 0, GUC_KLV_VF_CFG_GGTT_SIZE_KEY, PF_GGTT_TOP - base },
		{ 0, GUC_KLV_VF_CFG_BEGIN_CONTEXT_ID_KEY, 0 },
		{ 0, GUC_KLV_VF_CFG_NUM_CONTEXTS_KEY, 65535 },
		{ 0, GUC_KLV_VF_CFG_BEGIN_DOORBELL_ID_KEY, 0 },
		{ 0, GUC_KLV_VF_CFG_NUM_DOORBELLS_KEY, 256 },
	};
	u32 from = fx->g->guc.nlog;

	/* one refused: the others are still sent, and it is -EREMOTEIO */
	pf_fixture_refuse_vf_cfg(fx, 2, GUC_ERROR_GENERIC_FAIL);
	assert_int_equal(pf_confirm(&fx->pf), -EREMOTEIO);
	pf_fixture_assert_requests(fx, from, want, ARRAY_SIZE(want));
	assert_int_equal(guc_fixture_log_count("Failed to force VGT mode (-121)"), 1);
	/* not done: the next confirm sends it all again */
	from = fx->g->guc.nlog;
	assert_int_equal(pf_confirm(&fx->pf), 0);
	pf_fixture_assert_requests(fx, from, want, ARRAY_SIZE(want));
}

/*
 * intel_iov_provisioning_force_vgt_mode() sends the self config only until
 * it has once succeeded (provisioning.self_done); only a GuC reset
 * (intel_iov_provisioning_restart()) makes it due again, and the
 * reprovisioning worker runs only once the PF is confirmed.
 */
static void test_confirm_sends_the_self_config_once_until_a_restart(void **state)
{
	struct pf_fixture *fx = *state;
	struct mock_guc *guc = &fx->g->guc;
	u32 n;

	/* i915_sriov_pf_status(): no VFs before the PF is confirmed */
	n = mock_guc_count(guc, GUC_ACTION_PF2GUC_UPDATE_VF_CFG);
	assert_int_equal(pf_enable_vfs(&fx->pf, 2), -EBUSY);
	assert_int_equal(mock_guc_count(guc, GUC_ACTION_PF2GUC_UPDATE_VF_CFG), n);
	assert_int_equal(fx->drv.enable_calls, 0);
	assert_int_equal(guc_fixture_log_count("Failed to enable 2 VFs (-16)"), 1);

	/* a GuC reset before the PF is confirmed: the worker is not started */
	assert_int_equal(pf_restart(&fx->pf), 0);
	assert_int_equal(mock_guc_count(guc, GUC_ACTION_PF2GUC_UPDATE_VF_CFG), n);
	assert_int_equal(mock_guc_count(guc, GUC_ACTION_PF2GUC_UPDATE_VGT_POLICY), 0);

	assert_int_equal(pf_confirm(&fx->pf), 0);
	n = mock_guc_count(guc, GUC_ACTION_PF2GUC_UPDATE_VF_CFG);
	assert_int_equal(pf_confirm(&fx->pf), 0);
	assert_int_equal(mock_guc_count(guc, GUC_ACTION_PF2GUC_UPDATE_VF_CFG), n);
	/* nor after VFs came and went */
	assert_int_equal(pf_enable_vfs(&fx->pf, 2), 0);
	assert_int_equal(pf_disable_vfs(&fx->pf), 0);
	n = mock_guc_count(guc, GUC_ACTION_PF2GUC_UPDATE_VF_CFG);
	assert_int_equal(pf_confirm(&fx->pf), 0);
	assert_int_equal(mock_guc_count(guc, GUC_ACTION_PF2GUC_UPDATE_VF_CFG), n);
	assert_int_equal(pf_restart(&fx->pf), 0);
	n = mock_guc_count(guc, GUC_ACTION_PF2GUC_UPDATE_VF_CFG);
	assert_int_equal(pf_confirm(&fx->pf), 0);
	assert_int_equal(mock_guc_count(guc, GUC_ACTION_PF2GUC_UPDATE_VF_CFG), n);
}

/*
 * intel_iov_provisioning_clear() on a live VF: the reset, then
 * pf_unprovision_config() tells the GuC again that each resource goes.
 */
static void test_clear_of_a_live_vf_is_i915s_sequence(void **state)
{
	struct pf_fixture *fx = *state;
	const struct pf_req want[] = {
		{ 1, RESET, 0 },
		{ 1, GUC_KLV_VF_CFG_GGTT_SIZE_KEY, 0 },
		{ 1, GUC_KLV_VF_CFG_GGTT_START_KEY, 0 },
		{ 1, GUC_KLV_VF_CFG_BEGIN_CONTEXT_ID_KEY, 0 },
		{ 1, GUC_KLV_VF_CFG_NUM_CONTEXTS_KEY, 0 },
		{ 1, GUC_KLV_VF_CFG_BEGIN_DOORBELL_ID_KEY, 0 },
		{ 1, GUC_KLV_VF_CFG_NUM_DOORBELLS_KEY, 0 },
		{ 1, EQ, 0 },
	};
	u32 from;

	assert_int_equal(pf_enable_vfs(&fx->pf, 2), 0);
	assert_int_equal(pf_provision_set_exec_quantum(&fx->pf, 1, 3), 0);
	from = fx->g->guc.nlog;
	assert_int_equal(pf_control_clear(&fx->pf, 1), 0);
	pf_fixture_assert_requests(fx, from, want, ARRAY_SIZE(want));
	assert_true(pf_provision_is_empty(&fx->pf, 1));
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, pf_fixture_setup, pf_fixture_teardown)
#define TU(fn) \
	cmocka_unit_test_setup_teardown(fn, pf_fixture_setup_unconfirmed, pf_fixture_teardown)
	const struct CMUnitTest tests[] = {
		T(test_failed_bulk_push_resets_nothing),
		T(test_pci_failure_resets_every_vf_empty_or_not),
		T(test_disable_starts_every_flr_then_only_resets),
		T(test_disable_undoes_auto_configs_changed_by_hand),
		T(test_failed_auto_provisioning_unprovisions_every_vf),
		TU(test_confirm_pushes_the_pf_self_config),
		TU(test_confirm_sends_the_self_config_once_until_a_restart),
		T(test_clear_of_a_live_vf_is_i915s_sequence),
	};
#undef T
#undef TU

	return cmocka_run_group_tests_name("pf_sriov_h2g", tests, NULL, NULL);
}
