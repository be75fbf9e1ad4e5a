// SPDX-License-Identifier: MIT
/*
 * A live VF's GGTT, contexts or doorbells changed: the H2G sequence the GuC
 * model recorded, compared with the one i915 sends (pf_provision_ggtt(),
 * pf_provision_ctxs(), pf_provision_dbs() in intel_iov_provisioning.c):
 * one PF2GUC_UPDATE_VF_CFG per KLV (guc_update_vf_klv32/64()), the old
 * range taken out of the GuC first, then the new one; GGTT size before
 * start, contexts and doorbells begin before count; the first refused
 * request ends the sequence, with nothing rolled back in the GuC and the
 * VF left without the resource.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <cmocka.h>

#include "pf_fixture.h"
#include "abi/guc_messages_abi.h"
#include "iov/pf_provision.h"
#include "iov/pf_sriov.h"

#define MiB (1ull << 20)

#define GGTT_SIZE GUC_KLV_VF_CFG_GGTT_SIZE_KEY
#define GGTT_START GUC_KLV_VF_CFG_GGTT_START_KEY
#define BEGIN_CTX GUC_KLV_VF_CFG_BEGIN_CONTEXT_ID_KEY
#define NUM_CTXS GUC_KLV_VF_CFG_NUM_CONTEXTS_KEY
#define BEGIN_DB GUC_KLV_VF_CFG_BEGIN_DOORBELL_ID_KEY
#define NUM_DBS GUC_KLV_VF_CFG_NUM_DOORBELLS_KEY

static void assert_no_conflict(const struct pf_fixture *fx)
{
	const char *why;
	u32 vf;

	for (vf = 1; vf <= 7; vf++) {
		why = mock_guc_vf_conflict(&fx->g->guc, vf);
		if (why)
			fail_msg("VF%u in the GuC: %s", vf, why);
	}
}

/* Two VFs on auto mode: VF1 at the top of the GGTT, VF2 below it. */
static void enable_two(struct pf_fixture *fx)
{
	assert_int_equal(pf_enable_vfs(&fx->pf, 2), 0);
	assert_int_equal(fx->pf.config[1].ggtt.start + fx->pf.config[1].ggtt.size, PF_GGTT_TOP);
}

static void test_live_ggtt_change_is_four_single_klv_requests(void **state)
{
	struct pf_fixture *fx = *state;
	u32 from;

	enable_two(fx);
	from = fx->g->guc.nlog;
	assert_int_equal(pf_provision_set_ggtt(&fx->pf, 1, 64 * MiB), 0);
	{
		const struct pf_req want[] = {
			{ 1, GGTT_SIZE, 0 },
			{ 1, GGTT_START, 0 },
			{ 1, GGTT_SIZE, 64 * MiB },
			{ 1, GGTT_START, PF_GGTT_TOP - 64 * MiB },
		};

		pf_fixture_assert_requests(fx, from, want, ARRAY_SIZE(want));
	}
	assert_int_equal(fx->g->guc.vf[1].ggtt_start, PF_GGTT_TOP - 64 * MiB);
	assert_int_equal(fx->g->guc.vf[1].ggtt_size, 64 * MiB);
	assert_no_conflict(fx);
	assert_false(fx->pf.auto_provisioning);

	/* the same size again sends nothing; 0 takes the range out, two requests */
	from = fx->g->guc.nlog;
	assert_int_equal(pf_provision_set_ggtt(&fx->pf, 1, 64 * MiB - 4095), 0);
	pf_fixture_assert_requests(fx, from, NULL, 0);
	assert_int_equal(pf_provision_set_ggtt(&fx->pf, 1, 0), 0);
	{
		const struct pf_req want[] = { { 1, GGTT_SIZE, 0 }, { 1, GGTT_START, 0 } };

		pf_fixture_assert_requests(fx, from, want, ARRAY_SIZE(want));
	}
	/* from none: only the new range */
	from = fx->g->guc.nlog;
	assert_int_equal(pf_provision_set_ggtt(&fx->pf, 1, 8 * MiB), 0);
	{
		const struct pf_req want[] = {
			{ 1, GGTT_SIZE, 8 * MiB },
			{ 1, GGTT_START, PF_GGTT_TOP - 8 * MiB },
		};

		pf_fixture_assert_requests(fx, from, want, ARRAY_SIZE(want));
	}
	assert_no_conflict(fx);
}

/*
 * pf_provision_ctxs() always clears the VF's contexts in the GuC first
 * (__pf_provision_ctxs(iov, id, 0, 0)), even when it had none;
 * pf_provision_dbs() only when it had some.
 */
static void test_live_ctxs_and_dbs_changes_are_single_klv_requests(void **state)
{
	struct pf_fixture *fx = *state;
	u32 from;

	enable_two(fx);
	from = fx->g->guc.nlog;
	assert_int_equal(pf_provision_set_ctxs(&fx->pf, 2, 1000), 0);
	/* VF2's 224 blocks from block 64 are free again: cut from their end */
	assert_int_equal(fx->pf.config[2].begin_ctx, 280 * 128 - 1);
	{
		const struct pf_req want[] = {
			{ 2, BEGIN_CTX, 0 },
			{ 2, NUM_CTXS, 0 },
			{ 2, BEGIN_CTX, 280 * 128 - 1 },
			{ 2, NUM_CTXS, 1024 },
		};

		pf_fixture_assert_requests(fx, from, want, ARRAY_SIZE(want));
	}
	from = fx->g->guc.nlog;
	assert_int_equal(pf_provision_set_ctxs(&fx->pf, 2, 0), 0);
	assert_int_equal(pf_provision_set_ctxs(&fx->pf, 2, 256), 0);
	{
		const struct pf_req want[] = {
			{ 2, BEGIN_CTX, 0 },
			{ 2, NUM_CTXS, 0 },
			{ 2, BEGIN_CTX, 0 },
			{ 2, NUM_CTXS, 0 },
			{ 2, BEGIN_CTX, 286 * 128 - 1 },
			{ 2, NUM_CTXS, 256 },
		};

		pf_fixture_assert_requests(fx, from, want, ARRAY_SIZE(want));
	}

	/* doorbells: VF1 0-127, VF2 128-255 */
	from = fx->g->guc.nlog;
	assert_int_equal(pf_provision_set_dbs(&fx->pf, 2, 10), 0);
	assert_int_equal(pf_provision_set_dbs(&fx->pf, 2, 0), 0);
	assert_int_equal(pf_provision_set_dbs(&fx->pf, 2, 20), 0);
	{
		const struct pf_req want[] = {
			{ 2, BEGIN_DB, 0 },   { 2, NUM_DBS, 0 },  { 2, BEGIN_DB, 128 },
			{ 2, NUM_DBS, 10 },   { 2, BEGIN_DB, 0 }, { 2, NUM_DBS, 0 },
			{ 2, BEGIN_DB, 128 }, { 2, NUM_DBS, 20 },
		};

		pf_fixture_assert_requests(fx, from, want, ARRAY_SIZE(want));
	}
	assert_int_equal(fx->g->guc.vf[2].begin_ctx, 286 * 128 - 1);
	assert_int_equal(fx->g->guc.vf[2].num_dbs, 20);
	assert_no_conflict(fx);
}

/*
 * The GuC refuses the new start: __pf_push_config_ggtt() returns at once,
 * pf_provision_ggtt() releases the node (goto release) without telling the
 * GuC, so the VF has no GGTT and the GuC keeps the new size over start 0.
 */
static void test_refused_ggtt_start_leaves_what_i915_leaves(void **state)
{
	struct pf_fixture *fx = *state;
	u32 from;

	enable_two(fx);
	from = fx->g->guc.nlog;
	pf_fixture_refuse_vf_cfg(fx, 4, GUC_ERROR_INVALID_KLV_DATA);
	assert_int_equal(pf_provision_set_ggtt(&fx->pf, 1, 64 * MiB), -EIO);
	{
		const struct pf_req want[] = {
			{ 1, GGTT_SIZE, 0 },
			{ 1, GGTT_START, 0 },
			{ 1, GGTT_SIZE, 64 * MiB },
			{ 1, GGTT_START, PF_GGTT_TOP - 64 * MiB },
		};

		pf_fixture_assert_requests(fx, from, want, ARRAY_SIZE(want));
	}
	assert_int_equal(fx->pf.config[1].ggtt.size, 0);
	assert_int_equal(fx->pf.config[1].ggtt.start, 0);
	assert_int_equal(fx->g->guc.vf[1].ggtt_start, 0);
	assert_int_equal(fx->g->guc.vf[1].ggtt_size, 64 * MiB);
	assert_string_equal(mock_guc_vf_conflict(&fx->g->guc, 1), "GGTT in the GuC's WOPCM");
	/* a failed change is no manual provisioning (pf_mark_manual_provisioning() on success) */
	assert_true(fx->pf.auto_provisioning);

	/* refused while the old range is taken out: the rest is not sent */
	assert_int_equal(pf_provision_set_ggtt(&fx->pf, 2, 0), 0);
	assert_int_equal(pf_provision_set_ggtt(&fx->pf, 2, 128 * MiB), 0);
	from = fx->g->guc.nlog;
	pf_fixture_refuse_vf_cfg(fx, 2, GUC_ERROR_INVALID_KLV_DATA);
	assert_int_equal(pf_provision_set_ggtt(&fx->pf, 2, 32 * MiB), -EIO);
	{
		const struct pf_req want[] = { { 2, GGTT_SIZE, 0 }, { 2, GGTT_START, 0 } };

		pf_fixture_assert_requests(fx, from, want, ARRAY_SIZE(want));
	}
	assert_int_equal(fx->pf.config[2].ggtt.size, 0);
	assert_int_equal(fx->g->guc.vf[2].ggtt_size, 0);
	assert_int_not_equal(fx->g->guc.vf[2].ggtt_start, 0);
}

/* Contexts and doorbells: the count refused leaves the new begin, count 0. */
static void test_refused_ctxs_and_dbs_count_leaves_what_i915_leaves(void **state)
{
	struct pf_fixture *fx = *state;
	u32 b;

	enable_two(fx);
	pf_fixture_refuse_vf_cfg(fx, 4, GUC_ERROR_INVALID_KLV_DATA);
	assert_int_equal(pf_provision_set_ctxs(&fx->pf, 2, 1024), -EIO);
	assert_int_equal(fx->pf.config[2].num_ctxs, 0);
	assert_int_equal(fx->pf.config[2].begin_ctx, 0);
	for (b = 0; b < PF_CTX_BLOCKS; b++)
		assert_int_not_equal(fx->pf.ctx_owner[b], 2);
	assert_int_equal(fx->g->guc.vf[2].begin_ctx, 280 * 128 - 1);
	assert_int_equal(fx->g->guc.vf[2].num_ctxs, 0);

	pf_fixture_refuse_vf_cfg(fx, 4, GUC_ERROR_INVALID_KLV_DATA);
	assert_int_equal(pf_provision_set_dbs(&fx->pf, 2, 10), -EIO);
	assert_int_equal(fx->pf.config[2].num_dbs, 0);
	for (b = 0; b < PF_NUM_DOORBELLS; b++)
		assert_int_not_equal(fx->pf.db_owner[b], 2);
	assert_int_equal(fx->g->guc.vf[2].begin_db, 128);
	assert_int_equal(fx->g->guc.vf[2].num_dbs, 0);
	/* the doorbells are free again: VF1 may take all but its own */
	assert_int_equal(pf_provision_set_dbs(&fx->pf, 1, 256), 0);
}

/*
 * pf_provision_ggtt() takes the old range out before it checks the new
 * size against the GGTT (-E2BIG) and what is available (-EDQUOT): a live
 * VF asking too much is left with nothing, in the PF and in the GuC.
 */
static void test_too_large_ggtt_releases_the_old_range_first(void **state)
{
	struct pf_fixture *fx = *state;
	u32 from;

	enable_two(fx);
	from = fx->g->guc.nlog;
	assert_int_equal(pf_provision_set_ggtt(&fx->pf, 1, PF_GGTT_SIZE + 1), -E2BIG);
	assert_int_equal(fx->pf.config[1].ggtt.size, 0);
	assert_int_equal(pf_provision_set_ggtt(&fx->pf, 2, 4050 * MiB), -EDQUOT);
	assert_int_equal(fx->pf.config[2].ggtt.size, 0);
	{
		const struct pf_req want[] = {
			{ 1, GGTT_SIZE, 0 },
			{ 1, GGTT_START, 0 },
			{ 2, GGTT_SIZE, 0 },
			{ 2, GGTT_START, 0 },
		};

		pf_fixture_assert_requests(fx, from, want, ARRAY_SIZE(want));
	}
	assert_int_equal(fx->g->guc.vf[1].ggtt_size, 0);
	assert_int_equal(fx->g->guc.vf[2].ggtt_size, 0);
	/* check_round_up_overflow(): nothing is touched */
	assert_int_equal(pf_provision_set_ggtt(&fx->pf, 1, ~0ull), -EOVERFLOW);
	/* contexts: over the largest run is -EDQUOT after the release too */
	assert_int_equal(pf_provision_set_ctxs(&fx->pf, 2, 60000), -EDQUOT);
	assert_int_equal(fx->pf.config[2].num_ctxs, 0);
	assert_int_equal(fx->g->guc.vf[2].num_ctxs, 0);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, pf_fixture_setup, pf_fixture_teardown)
	const struct CMUnitTest tests[] = {
		T(test_live_ggtt_change_is_four_single_klv_requests),
		T(test_live_ctxs_and_dbs_changes_are_single_klv_requests),
		T(test_refused_ggtt_start_leaves_what_i915_leaves),
		T(test_refused_ctxs_and_dbs_count_leaves_what_i915_leaves),
		T(test_too_large_ggtt_releases_the_old_range_first),
	};
#undef T

	return cmocka_run_group_tests_name("pf_live_update", tests, NULL, NULL);
}
