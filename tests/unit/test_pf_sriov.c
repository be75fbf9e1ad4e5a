// SPDX-License-Identifier: MIT
/*
 * Enabling and disabling VFs against the mock GuC: what is pushed and in
 * which order, full rollback at every failing step (checked by comparing
 * the PF and the GuC model before and after), manual quotas surviving a
 * disable, and restoring the GuC after a reset.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <cmocka.h>

#include "pf_fixture.h"
#include "guc/guc_klv.h"
#include "abi/guc_messages_abi.h"
#include "iov/pf_provision.h"
#include "iov/pf_resources.h"
#include "iov/pf_sriov.h"

#define MiB (1ull << 20)

static void arm(struct pf_fixture *fx, enum mock_guc_fault_kind kind, u32 action, u32 times,
		u32 error)
{
	const struct mock_guc_fault f = {
		.kind = kind,
		.action = action,
		.times = times,
		.error = error,
	};

	mock_guc_arm(&fx->g->guc, &f);
}

/* The GuC holds exactly what the PF thinks it holds for this VF. */
static void assert_guc_matches(const struct pf_fixture *fx, u32 vfid)
{
	const struct pf_vf_config *cfg = &fx->pf.config[vfid];
	const struct mock_guc_vf *vf = &fx->g->guc.vf[vfid];
	u32 i;

	assert_int_equal(vf->ggtt_start, cfg->ggtt.start);
	assert_int_equal(vf->ggtt_size, cfg->ggtt.size);
	assert_int_equal(vf->begin_ctx, cfg->begin_ctx);
	assert_int_equal(vf->num_ctxs, cfg->num_ctxs);
	assert_int_equal(vf->begin_db, cfg->begin_db);
	assert_int_equal(vf->num_dbs, cfg->num_dbs);
	assert_int_equal(vf->exec_quantum, cfg->exec_quantum);
	assert_int_equal(vf->preempt_timeout, cfg->preempt_timeout);
	for (i = 0; i < PF_NUM_THRESHOLDS; i++)
		assert_int_equal(vf->thresholds[i], cfg->thresholds[i]);
}

static void test_enable_auto_provisions_and_pushes_each_vf(void **state)
{
	struct pf_fixture *fx = *state;
	struct mock_guc *guc = &fx->g->guc;
	u32 vf, i = 0;

	assert_int_equal(pf_enable_vfs(&fx->pf, 7), 0);
	assert_int_equal(fx->pf.num_vfs, 7);
	assert_int_equal(fx->drv.enabled, 7);
	assert_true(fx->pf.auto_provisioned);
	for (vf = 1; vf <= 7; vf++) {
		assert_guc_matches(fx, vf);
		assert_int_equal(guc->vf[vf].num_ctxs, 8192);
		assert_int_equal(guc->vf[vf].num_dbs, 36);
		assert_true(fx->pf.state[vf].pushed);
	}
	/* one UPDATE_VF_CFG per VF, in order, each with the 30-dword blob */
	for (vf = 1; vf <= 7; vf++) {
		while (guc->log[i].action != GUC_ACTION_PF2GUC_UPDATE_VF_CFG)
			i++;
		assert_int_equal(guc->log[i].dw[1], vf);
		assert_int_equal(guc->log[i].dw[4], 30);
		i++;
	}
	assert_int_equal(mock_guc_count(guc, GUC_ACTION_PF2GUC_UPDATE_VF_CFG), 7);
}

static void test_pushed_blob_is_in_i915_order(void **state)
{
	struct pf_fixture *fx = *state;
	static const u16 order[] = {
		0x0001, 0x0002, 0x8a0b, 0x0004, 0x8a0a, 0x0006, 0x8a01,
		0x8a02, 0x8a03, 0x8a04, 0x8a05, 0x8a06, 0x8a07, 0x8a08,
	};
	struct guc_klv_iter it;
	const u32 *v;
	u16 key, len;
	u32 i = 0;

	assert_int_equal(pf_enable_vfs(&fx->pf, 1), 0);
	guc_klv_iter_init(&it, fx->g->klvs, 30);
	guc_klv_for_each(&it, &key, &len, &v) {
		assert_true(i < ARRAY_SIZE(order));
		assert_int_equal(key, order[i++]);
	}
	assert_int_equal(i, ARRAY_SIZE(order));
}

static void test_enable_argument_and_state_errors(void **state)
{
	struct pf_fixture *fx = *state;

	assert_int_equal(pf_enable_vfs(&fx->pf, 0), 0); /* nothing to disable */
	assert_int_equal(pf_enable_vfs(&fx->pf, 8), -ERANGE);
	assert_int_equal(pf_enable_vfs(&fx->pf, 2), 0);
	assert_int_equal(pf_enable_vfs(&fx->pf, 3), -EBUSY);
	assert_int_equal(pf_enable_vfs(&fx->pf, 0), 0);
	guc_ct_disable(&fx->g->ct);
	assert_int_equal(pf_enable_vfs(&fx->pf, 2), -ENODEV);
	assert_int_equal(fx->drv.enable_calls, 1);
	assert_int_equal(guc_fixture_log_count("IOV: Failed to enable 2 VFs (-19)"), 1);
}

static void test_enable_with_mixed_configs_gives_enokey(void **state)
{
	struct pf_fixture *fx = *state;

	assert_int_equal(pf_provision_set_ggtt(&fx->pf, 1, 64 * MiB), 0);
	assert_int_equal(pf_provision_set_ctxs(&fx->pf, 1, 1024), 0);
	assert_int_equal(pf_provision_set_ggtt(&fx->pf, 2, 64 * MiB), 0);
	assert_int_equal(pf_enable_vfs(&fx->pf, 2), -ENOKEY);
	assert_int_equal(fx->drv.enable_calls, 0);
	assert_int_equal(mock_guc_count(&fx->g->guc, GUC_ACTION_PF2GUC_UPDATE_VF_CFG), 0);
}

/*
 * i915_sriov_pf_enable_vfs() enables VFs when intel_iov_provisioning_verify()
 * finds valid and empty configs side by side; only the valid ones are
 * pushed (pf_push_configs() skips a VF with no resources).
 */
static void test_enable_with_valid_and_empty_configs_as_i915(void **state)
{
	struct pf_fixture *fx = *state;

	assert_int_equal(pf_provision_set_ggtt(&fx->pf, 1, 64 * MiB), 0);
	assert_int_equal(pf_provision_set_ctxs(&fx->pf, 1, 1024), 0);
	assert_int_equal(pf_enable_vfs(&fx->pf, 3), 0);
	assert_int_equal(fx->drv.enable_calls, 1);
	assert_int_equal(mock_guc_count(&fx->g->guc, GUC_ACTION_PF2GUC_UPDATE_VF_CFG), 1);
	assert_int_equal(fx->g->guc.vf[1].num_ctxs, 1024);
	assert_int_equal(fx->g->guc.vf[2].num_ctxs, 0);
}

/*
 * A config that breaks a rule of a whole config (a driver bug: VF2's
 * contexts over VF1's) is taken by the firmware KLV by KLV; the model
 * reports it, which is how such a bug shows.
 */
static void test_an_overlapping_config_is_taken_and_reported(void **state)
{
	struct pf_fixture *fx = *state;

	assert_int_equal(pf_provision_set_ggtt(&fx->pf, 1, 64 * MiB), 0);
	assert_int_equal(pf_provision_set_ctxs(&fx->pf, 1, 1024), 0);
	assert_int_equal(pf_provision_set_ggtt(&fx->pf, 2, 64 * MiB), 0);
	assert_int_equal(pf_provision_set_ctxs(&fx->pf, 2, 1024), 0);
	fx->pf.config[2].begin_ctx = fx->pf.config[1].begin_ctx;
	assert_int_equal(pf_enable_vfs(&fx->pf, 2), 0);
	assert_string_equal(mock_guc_vf_conflict(&fx->g->guc, 1), "contexts over another VF's");
	assert_string_equal(mock_guc_vf_conflict(&fx->g->guc, 2), "contexts over another VF's");
}

static void test_enable_with_auto_off_and_no_configs_pushes_nothing(void **state)
{
	struct pf_fixture *fx = *state;

	assert_int_equal(pf_provision_set_auto(&fx->pf, false), 0);
	assert_int_equal(pf_enable_vfs(&fx->pf, 3), 0);
	assert_int_equal(fx->drv.enabled, 3);
	assert_int_equal(mock_guc_count(&fx->g->guc, GUC_ACTION_PF2GUC_UPDATE_VF_CFG), 0);
	/* late provisioning reaches the GuC at once now */
	assert_int_equal(pf_provision_set_ggtt(&fx->pf, 2, 128 * MiB), 0);
	assert_int_equal(fx->g->guc.vf[2].ggtt_size, 128 * MiB);
	assert_int_equal(pf_provision_set_ctxs(&fx->pf, 2, 1000), 0);
	assert_guc_matches(fx, 2);
	/* but not for a VF that is not enabled */
	assert_int_equal(pf_provision_set_ctxs(&fx->pf, 5, 1024), 0);
	assert_int_equal(fx->g->guc.vf[5].num_ctxs, 0);
}

/* Everything the PF decides, for a before/after comparison. */
struct snapshot {
	struct pf_vf_config config[PF_MAX_VFS + 1];
	u8 ctx_owner[PF_CTX_BLOCKS];
	u8 db_owner[PF_NUM_DOORBELLS];
	bool auto_provisioning, auto_provisioned;
	struct mock_guc_vf guc[PF_MAX_VFS + 1];
};

static void snap(const struct pf_fixture *fx, struct snapshot *s)
{
	memset(s, 0, sizeof(*s));
	memcpy(s->config, fx->pf.config, sizeof(s->config));
	memcpy(s->ctx_owner, fx->pf.ctx_owner, sizeof(s->ctx_owner));
	memcpy(s->db_owner, fx->pf.db_owner, sizeof(s->db_owner));
	s->auto_provisioning = fx->pf.auto_provisioning;
	s->auto_provisioned = fx->pf.auto_provisioned;
	for (u32 vf = 0; vf <= PF_MAX_VFS; vf++)
		pf_fixture_guc_vf(fx, vf, &s->guc[vf]);
}

/* The PF's side is as before; so is the GuC's from VF @guc_from on. */
static void assert_same_from(const struct pf_fixture *fx, const struct snapshot *before,
			     u32 guc_from)
{
	struct snapshot after;

	snap(fx, &after);
	assert_memory_equal(before->config, after.config, sizeof(after.config));
	assert_memory_equal(before->ctx_owner, after.ctx_owner, sizeof(after.ctx_owner));
	assert_memory_equal(before->db_owner, after.db_owner, sizeof(after.db_owner));
	assert_int_equal(before->auto_provisioning, after.auto_provisioning);
	assert_int_equal(before->auto_provisioned, after.auto_provisioned);
	assert_memory_equal(&before->guc[0], &after.guc[0], sizeof(after.guc[0]));
	for (u32 vf = guc_from; vf <= PF_MAX_VFS; vf++)
		assert_memory_equal(&before->guc[vf], &after.guc[vf], sizeof(after.guc[vf]));
	assert_int_equal(fx->pf.num_vfs, 0);
	assert_int_equal(fx->pf.num_pushed, 0);
	for (u32 vf = guc_from; vf <= PF_MAX_VFS; vf++)
		assert_false(fx->pf.state[vf].pushed);
}

static void assert_same(const struct pf_fixture *fx, const struct snapshot *before)
{
	assert_same_from(fx, before, 1);
}

static void arm_nth(struct pf_fixture *fx, enum mock_guc_fault_kind kind, u32 action, u32 nth,
		    u32 times)
{
	const struct mock_guc_fault f = {
		.kind = kind,
		.action = action,
		.skip = nth - 1,
		.times = times,
		.error = GUC_ERROR_GENERIC_FAIL,
	};

	mock_guc_arm(&fx->g->guc, &f);
}

/* A fault, and how many requests it must hit to fail one push. */
static const struct {
	enum mock_guc_fault_kind kind;
	u32 times;
	int expect;
} push_faults[] = {
	{ MOCK_FAULT_FAILURE, 1, -EIO },
	{ MOCK_FAULT_NO_REPLY, 1, -ETIMEDOUT },
	{ MOCK_FAULT_RETRY, 51, -EAGAIN }, /* the first send and its 50 resends */
};

static void fresh(void **state)
{
	pf_fixture_teardown(state);
	assert_int_equal(pf_fixture_setup(state), 0);
}

/*
 * A GuC that scribbled an out-of-range head into the H2G descriptor: the
 * channel is still enabled, so the enable goes on as i915's does (its
 * i915_sriov_pf_status() looks at the PF's probe, not at the rings) and
 * its first push meets the broken ring, -EPIPE from ct_write(); fail_pm
 * then undoes the PF's side and the PCI core is never asked.
 */
static void test_auto_enable_on_a_broken_h2g_ring_fails_with_epipe(void **state)
{
	struct pf_fixture *fx = *state;
	struct snapshot before;

	snap(fx, &before);
	WRITE_ONCE(fx->g->ct.h2g.desc->head, fx->g->ct.h2g.size);
	assert_int_equal(pf_enable_vfs(&fx->pf, 7), -EPIPE);
	assert_true(fx->g->ct.h2g.broken);
	assert_false(fx->g->ct.g2h.broken);
	assert_same(fx, &before);
	assert_int_equal(fx->drv.enable_calls, 0);
	assert_int_equal(guc_fixture_log_count("IOV: Failed to enable 7 VFs (-32)"), 1);
}

/*
 * Auto enable of 7 VFs; fail the k-th push, for every k and every fault.
 * As i915_sriov_pf_enable_vfs(): a failed pf_push_configs() goes to
 * fail_pm, so the PF's side is undone (auto mode's configs unprovisioned)
 * but the VFs the GuC took before stay there: nothing counted them as
 * pushed, so no reset follows. The next enable pushes them again.
 */
static void test_auto_enable_failing_at_every_push_undoes_the_pf_side(void **state)
{
	struct pf_fixture *fx;
	struct snapshot before;
	u32 k, f, vf;

	for (f = 0; f < ARRAY_SIZE(push_faults); f++) {
		for (k = 1; k <= 7; k++) {
			fresh(state);
			fx = *state;
			/* the PF's own quantum lives in the GuC and must stay */
			assert_int_equal(pf_provision_set_exec_quantum(&fx->pf, 0, 25), 0);
			snap(fx, &before);
			arm_nth(fx, push_faults[f].kind, GUC_ACTION_PF2GUC_UPDATE_VF_CFG, k,
				push_faults[f].times);
			assert_int_equal(pf_enable_vfs(&fx->pf, 7), push_faults[f].expect);
			assert_same_from(fx, &before, k);
			/* one bulk push per VF up to the failed one, no reset */
			for (vf = 1; vf < k; vf++) {
				assert_int_equal(fx->g->guc.vf[vf].num_ctxs, 8192);
				assert_int_equal(fx->g->guc.vf[vf].cfg_updates, 1);
			}
			assert_int_equal(fx->drv.enable_calls, 0);
			/* and the next attempt works */
			assert_int_equal(pf_enable_vfs(&fx->pf, 7), 0);
			for (vf = 1; vf <= 7; vf++)
				assert_guc_matches(fx, vf);
		}
	}
}

/*
 * Manual configs with scheduling values: after a failed enable the PF's
 * side is as before (auto mode did not make these configs), the GuC keeps
 * the VFs pushed before the failure and the scheduling values it held.
 */
static void test_manual_enable_failure_keeps_the_configs(void **state)
{
	struct pf_fixture *fx;
	struct snapshot before;
	u32 k, vf;

	for (k = 1; k <= 3; k++) {
		fresh(state);
		fx = *state;
		for (vf = 1; vf <= 3; vf++) {
			assert_int_equal(pf_provision_set_ggtt(&fx->pf, vf, vf * 64 * MiB), 0);
			assert_int_equal(pf_provision_set_ctxs(&fx->pf, vf, vf * 1000), 0);
			assert_int_equal(pf_provision_set_exec_quantum(&fx->pf, vf, 10 * vf), 0);
			assert_int_equal(pf_provision_set_threshold(&fx->pf, vf, 2, vf), 0);
		}
		snap(fx, &before);
		assert_int_equal(fx->g->guc.vf[2].exec_quantum, 20);
		arm_nth(fx, MOCK_FAULT_FAILURE, GUC_ACTION_PF2GUC_UPDATE_VF_CFG, k, 1);
		assert_int_equal(pf_enable_vfs(&fx->pf, 3), -EIO);
		assert_same_from(fx, &before, k);
		for (vf = 1; vf < k; vf++)
			assert_guc_matches(fx, vf);
	}
}

static void test_pci_enable_failure_rolls_back_all_pushes(void **state)
{
	struct pf_fixture *fx = *state;
	struct snapshot before;

	snap(fx, &before);
	fx->drv.enable_error = -ENOMEM; /* "not enough MMIO resources" */
	assert_int_equal(pf_enable_vfs(&fx->pf, 7), -ENOMEM);
	assert_same(fx, &before);
	assert_int_equal(guc_fixture_log_count("Failed to enable 7 VFs (-12)"), 1);
}

static void test_disable_flrs_resets_highest_first_and_releases_auto(void **state)
{
	struct pf_fixture *fx = *state;
	struct mock_guc *guc = &fx->g->guc;
	u32 i, vf, expect = 7;

	assert_int_equal(pf_enable_vfs(&fx->pf, 7), 0);
	guc->nlog = 0;
	assert_int_equal(pf_disable_vfs(&fx->pf), 0);
	assert_int_equal(fx->drv.disable_calls, 1);
	assert_int_equal(fx->pf.num_vfs, 0);
	/* every VF went through FLR_START and FLR_FINISH, PF cleanup in between */
	for (vf = 1; vf <= 7; vf++) {
		assert_int_equal(fx->drv.flr_cleanups[vf], 1);
		assert_int_equal(fx->pf.state[vf].flr_count, 1);
	}
	/* resets: address 0, size 0, VF7 down to VF1 */
	for (i = 0; i < guc->nlog; i++) {
		if (guc->log[i].action != GUC_ACTION_PF2GUC_UPDATE_VF_CFG)
			continue;
		assert_int_equal(guc->log[i].dw[1], expect--);
		assert_int_equal(guc->log[i].dw[2], 0);
		assert_int_equal(guc->log[i].dw[4], 0);
	}
	assert_int_equal(expect, 0);
	for (vf = 1; vf <= 7; vf++) {
		assert_true(pf_provision_is_empty(&fx->pf, vf));
		assert_guc_matches(fx, vf);
	}
	assert_int_equal(pf_ctx_max_quota(&fx->pf), 57344);
}

/*
 * i915_sriov_pf_disable_vfs() ends in intel_iov_provisioning_auto(0):
 * pf_auto_unprovision() unprovisions every VF (total_vfs down to 1) when
 * auto mode provisioned them, scheduling values and thresholds included,
 * and the GuC is told for the VFs it was not just reset for.
 */
static void test_auto_disable_clears_every_vf_config_as_i915(void **state)
{
	struct pf_fixture *fx = *state;

	/* VF1 and VF6 get scheduling values; auto mode on again (no resources) */
	assert_int_equal(pf_provision_set_exec_quantum(&fx->pf, 1, 40), 0);
	assert_int_equal(pf_provision_set_threshold(&fx->pf, 6, 2, 9), 0);
	assert_int_equal(pf_provision_set_auto(&fx->pf, true), 0);
	assert_int_equal(pf_enable_vfs(&fx->pf, 3), 0);
	assert_true(fx->pf.auto_provisioned);
	assert_int_equal(fx->g->guc.vf[1].exec_quantum, 40);
	assert_int_equal(pf_disable_vfs(&fx->pf), 0);
	for (u32 vf = 1; vf <= 7; vf++) {
		assert_true(pf_provision_is_empty(&fx->pf, vf));
		assert_guc_matches(fx, vf);
	}
	assert_int_equal(fx->pf.config[1].exec_quantum, 0);
	assert_int_equal(fx->pf.config[6].thresholds[2], 0);
	assert_int_equal(fx->g->guc.vf[6].thresholds[2], 0);
	assert_true(fx->pf.auto_provisioning);
}

static void test_disable_refused_while_a_vf_is_assigned(void **state)
{
	struct pf_fixture *fx = *state;

	assert_int_equal(pf_enable_vfs(&fx->pf, 4), 0);
	fx->drv.assigned = BIT(2) | BIT(4);
	assert_int_equal(pf_disable_vfs(&fx->pf), -EPERM);
	assert_int_equal(fx->pf.num_vfs, 4);
	assert_int_equal(fx->drv.disable_calls, 0);
	assert_int_equal(guc_fixture_log_count("Can't disable 4 VFs, 2 are still assigned"), 1);
	fx->drv.assigned = 0;
	assert_int_equal(pf_enable_vfs(&fx->pf, 0), 0);
}

static void test_manual_quotas_survive_disable_and_reenable(void **state)
{
	struct pf_fixture *fx = *state;
	struct pf_vf_config saved;

	assert_int_equal(pf_provision_set_ggtt(&fx->pf, 1, 512 * MiB), 0);
	assert_int_equal(pf_provision_set_ctxs(&fx->pf, 1, 4096), 0);
	assert_int_equal(pf_provision_set_dbs(&fx->pf, 1, 16), 0);
	saved = fx->pf.config[1];
	assert_int_equal(pf_enable_vfs(&fx->pf, 1), 0);
	assert_guc_matches(fx, 1);
	assert_int_equal(pf_disable_vfs(&fx->pf), 0);
	assert_memory_equal(&fx->pf.config[1], &saved, sizeof(saved));
	assert_int_equal(fx->g->guc.vf[1].num_ctxs, 0); /* the GuC was reset */
	assert_int_equal(pf_enable_vfs(&fx->pf, 1), 0);
	assert_guc_matches(fx, 1);
}

static void test_scheduling_values_go_to_guc_at_once(void **state)
{
	struct pf_fixture *fx = *state;

	/* VF 6 is not enabled: quantum, timeout and thresholds still go */
	assert_int_equal(pf_provision_set_exec_quantum(&fx->pf, 6, 40), 0);
	assert_int_equal(pf_provision_set_preempt_timeout(&fx->pf, 6, 40000), 0);
	assert_int_equal(pf_provision_set_threshold(&fx->pf, 6, 5, 99), 0);
	assert_guc_matches(fx, 6);
	/* a failed push keeps the old value on both sides */
	arm(fx, MOCK_FAULT_FAILURE, GUC_ACTION_PF2GUC_UPDATE_VF_CFG, 1, GUC_ERROR_GENERIC_FAIL);
	assert_int_equal(pf_provision_set_exec_quantum(&fx->pf, 6, 80), -EIO);
	assert_int_equal(fx->pf.config[6].exec_quantum, 40);
	assert_guc_matches(fx, 6);
	/* a reply that counts the wrong number of KLVs */
	arm(fx, MOCK_FAULT_SUCCESS_DATA0, GUC_ACTION_PF2GUC_UPDATE_VF_CFG, 1, 0);
	assert_int_equal(pf_provision_set_preempt_timeout(&fx->pf, 6, 1), -ENOKEY);
	arm(fx, MOCK_FAULT_SUCCESS_DATA0, GUC_ACTION_PF2GUC_UPDATE_VF_CFG, 1, 2);
	assert_int_equal(pf_provision_set_preempt_timeout(&fx->pf, 6, 1), -EPROTO);
	assert_int_equal(fx->pf.config[6].preempt_timeout, 40000);
}

/*
 * pf_provision_ctxs() on a live VF: its contexts are cleared first; the GuC
 * refusing that (BEGIN 0) ends it, the VF without contexts in the PF while
 * the GuC keeps what it had (__pf_provision_ctxs() sets 0, 0 on failure).
 */
static void test_live_quota_change_that_fails_leaves_the_vf_without(void **state)
{
	struct pf_fixture *fx = *state;
	struct mock_guc_vf before;

	assert_int_equal(pf_enable_vfs(&fx->pf, 2), 0);
	pf_fixture_guc_vf(fx, 2, &before);
	arm(fx, MOCK_FAULT_FAILURE, GUC_ACTION_PF2GUC_UPDATE_VF_CFG, 1, GUC_ERROR_GENERIC_FAIL);
	assert_int_equal(pf_provision_set_ctxs(&fx->pf, 2, 1024), -EIO);
	assert_int_equal(fx->pf.config[2].num_ctxs, 0);
	assert_int_equal(fx->pf.config[2].begin_ctx, 0);
	assert_int_equal(fx->g->guc.vf[2].num_ctxs, before.num_ctxs);
	assert_true(fx->pf.auto_provisioning);
	/* a successful one goes through at once, and turns auto mode off */
	assert_int_equal(pf_provision_set_ctxs(&fx->pf, 2, 1024), 0);
	assert_guc_matches(fx, 2);
	assert_false(fx->pf.auto_provisioning);
}

static void test_policies_are_pushed_and_kept_on_failure(void **state)
{
	struct pf_fixture *fx = *state;

	assert_int_equal(pf_provision_set_sched_if_idle(&fx->pf, true), 0);
	assert_int_equal(pf_provision_set_sample_period(&fx->pf, 100), 0);
	assert_int_equal(pf_provision_set_reset_engine(&fx->pf, true), 0);
	assert_int_equal(fx->g->guc.sched_if_idle, 1);
	assert_int_equal(fx->g->guc.sample_period, 100);
	assert_int_equal(fx->g->guc.reset_after_vf_switch, 1);
	arm(fx, MOCK_FAULT_NO_REPLY, GUC_ACTION_PF2GUC_UPDATE_VGT_POLICY, 1, 0);
	assert_int_equal(pf_provision_set_sample_period(&fx->pf, 5), -ETIMEDOUT);
	assert_int_equal(fx->pf.policies.sample_period_ms, 100);
}

/*
 * i915's pf_update_bool_policy()/pf_update_policy_u32() push the one policy
 * set, one KLV per request (guc_update_policy_klv32()): the GuC parsing none
 * is -ENOKEY, more than one -EPROTO, and the old value stays.
 */
static void test_a_policy_is_pushed_alone_and_its_count_checked(void **state)
{
	struct pf_fixture *fx = *state;
	const struct mock_guc_logged *l;
	u32 before = mock_guc_count(&fx->g->guc, GUC_ACTION_PF2GUC_UPDATE_VGT_POLICY);

	assert_int_equal(pf_provision_set_reset_engine(&fx->pf, true), 0);
	assert_int_equal(mock_guc_count(&fx->g->guc, GUC_ACTION_PF2GUC_UPDATE_VGT_POLICY),
			 before + 1);
	l = mock_guc_last(&fx->g->guc, GUC_ACTION_PF2GUC_UPDATE_VGT_POLICY);
	assert_int_equal(l->dw[3], 2); /* one 32-bit KLV: header and value */
	assert_int_equal(fx->g->klvs[0] >> 16, GUC_KLV_VGT_POLICY_RESET_AFTER_VF_SWITCH_KEY);

	arm(fx, MOCK_FAULT_SUCCESS_DATA0, GUC_ACTION_PF2GUC_UPDATE_VGT_POLICY, 1, 0);
	assert_int_equal(pf_provision_set_sched_if_idle(&fx->pf, true), -ENOKEY);
	assert_false(fx->pf.policies.sched_if_idle);
	arm(fx, MOCK_FAULT_SUCCESS_DATA0, GUC_ACTION_PF2GUC_UPDATE_VGT_POLICY, 1, 2);
	assert_int_equal(pf_provision_set_sample_period(&fx->pf, 7), -EPROTO);
	assert_int_equal(fx->pf.policies.sample_period_ms, 0);
}

/*
 * After a GuC reset, as intel_iov_provisioning_restart()'s worker
 * (pf_reprovision_pf(), then intel_iov_provisioning_push()): the PF's self
 * config (six single KLVs for VFID 0), the three policies, the PF's
 * quantum and timeout (one request each, zero or not), then the bulk
 * config of each enabled VF. A VF that is not enabled gets nothing: its
 * quantum stays in the PF only, as on i915.
 */
static void test_restart_after_guc_reset_is_i915s_sequence(void **state)
{
	struct pf_fixture *fx = *state;
	struct mock_guc *guc = &fx->g->guc;
	static const struct {
		u32 action, vfid, nklv;
		u16 key;
	} want[] = {
		{ GUC_ACTION_PF2GUC_UPDATE_VF_CFG, 0, 3, GUC_KLV_VF_CFG_GGTT_START_KEY },
		{ GUC_ACTION_PF2GUC_UPDATE_VF_CFG, 0, 3, GUC_KLV_VF_CFG_GGTT_SIZE_KEY },
		{ GUC_ACTION_PF2GUC_UPDATE_VF_CFG, 0, 2, GUC_KLV_VF_CFG_BEGIN_CONTEXT_ID_KEY },
		{ GUC_ACTION_PF2GUC_UPDATE_VF_CFG, 0, 2, GUC_KLV_VF_CFG_NUM_CONTEXTS_KEY },
		{ GUC_ACTION_PF2GUC_UPDATE_VF_CFG, 0, 2, GUC_KLV_VF_CFG_BEGIN_DOORBELL_ID_KEY },
		{ GUC_ACTION_PF2GUC_UPDATE_VF_CFG, 0, 2, GUC_KLV_VF_CFG_NUM_DOORBELLS_KEY },
		{ GUC_ACTION_PF2GUC_UPDATE_VGT_POLICY, 0, 2, GUC_KLV_VGT_POLICY_SCHED_IF_IDLE_KEY },
		{ GUC_ACTION_PF2GUC_UPDATE_VGT_POLICY, 0, 2,
		  GUC_KLV_VGT_POLICY_RESET_AFTER_VF_SWITCH_KEY },
		{ GUC_ACTION_PF2GUC_UPDATE_VGT_POLICY, 0, 2,
		  GUC_KLV_VGT_POLICY_ADVERSE_SAMPLE_PERIOD_KEY },
		{ GUC_ACTION_PF2GUC_UPDATE_VF_CFG, 0, 2, GUC_KLV_VF_CFG_EXEC_QUANTUM_KEY },
		{ GUC_ACTION_PF2GUC_UPDATE_VF_CFG, 0, 2, GUC_KLV_VF_CFG_PREEMPT_TIMEOUT_KEY },
		{ GUC_ACTION_PF2GUC_UPDATE_VF_CFG, 1, 30, GUC_KLV_VF_CFG_GGTT_START_KEY },
		{ GUC_ACTION_PF2GUC_UPDATE_VF_CFG, 2, 30, GUC_KLV_VF_CFG_GGTT_START_KEY },
		{ GUC_ACTION_PF2GUC_UPDATE_VF_CFG, 3, 30, GUC_KLV_VF_CFG_GGTT_START_KEY },
	};
	u32 vf, i, k = 0;

	assert_int_equal(pf_provision_set_sched_if_idle(&fx->pf, true), 0);
	assert_int_equal(pf_provision_set_exec_quantum(&fx->pf, 0, 16), 0);
	assert_int_equal(pf_enable_vfs(&fx->pf, 3), 0);
	assert_int_equal(pf_provision_set_exec_quantum(&fx->pf, 5, 33), 0);

	/* the GuC resets: a fresh firmware that knows nothing */
	mock_guc_init(guc);
	mock_guc_map(guc, FIXTURE_BLOB_GGTT, fx->g->blob, sizeof(fx->g->blob));
	mock_guc_map(guc, FIXTURE_KLV_GGTT, fx->g->klvs, sizeof(fx->g->klvs));
	guc->ggtt_base = fx->pf.ggtt_base;
	guc_ct_disable(&fx->g->ct);
	assert_int_equal(guc_ct_enable(&fx->g->ct), 0);
	assert_int_equal(pf_restart(&fx->pf), 0);

	for (i = 0; i < guc->nlog; i++) {
		const struct mock_guc_logged *l = &guc->log[i];

		if (l->action != GUC_ACTION_PF2GUC_UPDATE_VF_CFG &&
		    l->action != GUC_ACTION_PF2GUC_UPDATE_VGT_POLICY)
			continue;
		if (k == ARRAY_SIZE(want))
			fail_msg("request %u: one more than i915 sends", k + 1);
		if (l->action != want[k].action || l->nklv != want[k].nklv ||
		    l->klv[0] >> 16 != want[k].key ||
		    (l->action == GUC_ACTION_PF2GUC_UPDATE_VF_CFG && l->dw[1] != want[k].vfid))
			fail_msg("request %u: action %#x VF%u key %#x (%u dwords)", k + 1,
				 l->action, l->dw[1], l->klv[0] >> 16, l->nklv);
		k++;
	}
	assert_int_equal(k, ARRAY_SIZE(want));
	assert_int_equal(guc->sched_if_idle, 1);
	for (vf = 1; vf <= 3; vf++)
		assert_guc_matches(fx, vf);
	assert_int_equal(guc->vf[0].exec_quantum, 16);
	assert_int_equal(guc->vf[0].ggtt_start, fx->pf.ggtt_base);
	assert_int_equal(guc->vf[0].ggtt_size, PF_GGTT_TOP - fx->pf.ggtt_base);
	assert_int_equal(guc->vf[0].num_ctxs, 65535);
	assert_int_equal(guc->vf[0].num_dbs, 256);
	assert_int_equal(guc->vf[5].exec_quantum, 0);
	assert_int_equal(fx->pf.config[5].exec_quantum, 33);
	assert_int_equal(fx->pf.num_pushed, 3);
}

/*
 * FLRs still in progress after both of i915's pf_wait_vfs_flr() (1 s for
 * the first VF, half that for the next; then a look): here FLR_START cannot
 * go out at all (every request slot taken), so each stays pending. Nothing
 * is reset or unprovisioned.
 */
static void test_disable_with_flr_stuck_keeps_configs(void **state)
{
	struct pf_fixture *fx = *state;
	struct guc_ct *ct = &fx->g->ct;
	u64 start;
	u32 i;

	assert_int_equal(pf_enable_vfs(&fx->pf, 2), 0);
	for (i = 0; i < GUC_CT_MAX_PENDING; i++)
		ct->pending[i].in_use = true;
	start = fx->g->guc.now_ns;
	assert_int_equal(pf_disable_vfs(&fx->pf), 0);
	/* 1 s for VF1, then half that for VF2 */
	assert_in_range(fx->g->guc.now_ns - start, 1500 * 1000000ull, 1510 * 1000000ull);
	for (i = 0; i < GUC_CT_MAX_PENDING; i++)
		ct->pending[i].in_use = false;
	assert_int_equal(fx->pf.num_vfs, 0);
	assert_int_equal(guc_fixture_log_count("VF1 FLR didn't complete within 1000 ms"), 1);
	assert_int_equal(guc_fixture_log_count("VF2 FLR didn't complete within 500 ms"), 1);
	/* i915's second pf_wait_vfs_flr(), with 0 ms, reports each again */
	assert_int_equal(guc_fixture_log_count("VF1 FLR didn't complete within 0 ms"), 1);
	assert_int_equal(guc_fixture_log_count("VF2 FLR didn't complete within 0 ms"), 1);
	assert_int_equal(
		guc_fixture_log_count("Can't unprovision 2 VFs, 2 FLRs are still in progress"), 1);
	assert_true(fx->pf.state[1].pushed);
	assert_false(pf_provision_is_empty(&fx->pf, 1));
	assert_int_equal(fx->pf.state[1].flr, PF_FLR_PENDING);
}

/*
 * A GuC that never sends FLR_DONE does not hold disable up: on a GT of its
 * own, i915's pf_process_vf() clears FLR_IN_PROGRESS in the run after
 * FLR_START, so both waits see no FLR and the VFs are reset and
 * unprovisioned at once; FLR_FINISH waits for an FLR_DONE.
 */
static void test_disable_without_flr_done_goes_on_after_flr_start(void **state)
{
	struct pf_fixture *fx = *state;
	struct mock_guc *guc = &fx->g->guc;
	u64 start;

	assert_int_equal(pf_enable_vfs(&fx->pf, 2), 0);
	guc->auto_events = false;
	start = guc->now_ns;
	assert_int_equal(pf_disable_vfs(&fx->pf), 0);
	assert_true(guc->now_ns - start < 20 * 1000000ull);
	assert_int_equal(guc_fixture_log_count("didn't complete"), 0);
	assert_false(fx->pf.state[1].pushed);
	assert_false(fx->pf.state[2].pushed);
	assert_true(pf_provision_is_empty(&fx->pf, 1));
	/* the two FLR_STARTs, no FLR_FINISH */
	assert_int_equal(mock_guc_count(guc, GUC_ACTION_PF2GUC_VF_CONTROL), 2);
	assert_int_equal(mock_guc_last(guc, GUC_ACTION_PF2GUC_VF_CONTROL)->dw[2],
			 GUC_PF_TRIGGER_VF_FLR_START);
}

/*
 * Disable sends 21 messages for 7 VFs (FLR_START and FLR_FINISH each, then
 * the resets). A fault at any of them must not stop the disable (the VFs
 * are already gone from PCI): the failure is reported, and a later enable
 * puts the GuC and the PF back in step.
 */
static void test_disable_survives_a_fault_at_every_step(void **state)
{
	static const enum mock_guc_fault_kind kinds[] = { MOCK_FAULT_FAILURE, MOCK_FAULT_NO_REPLY };
	struct pf_fixture *fx;
	u32 k, f, vf;

	for (f = 0; f < ARRAY_SIZE(kinds); f++) {
		for (k = 1; k <= 21; k++) {
			fresh(state);
			fx = *state;
			assert_int_equal(pf_enable_vfs(&fx->pf, 7), 0);
			guc_fixture_log_reset();
			arm_nth(fx, kinds[f], 0, k, 1);
			assert_int_equal(pf_disable_vfs(&fx->pf), 0);
			assert_int_equal(fx->pf.num_vfs, 0);
			assert_int_equal(fx->drv.disable_calls, 1);
			assert_true(
				guc_fixture_log_count("FLR failed") +
					guc_fixture_log_count("Failed to push configurations") ==
				1);
			assert_int_equal(pf_enable_vfs(&fx->pf, 7), 0);
			for (vf = 1; vf <= 7; vf++)
				assert_guc_matches(fx, vf);
		}
	}
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, pf_fixture_setup, pf_fixture_teardown)
	const struct CMUnitTest tests[] = {
		T(test_enable_auto_provisions_and_pushes_each_vf),
		T(test_pushed_blob_is_in_i915_order),
		T(test_enable_argument_and_state_errors),
		T(test_enable_with_mixed_configs_gives_enokey),
		T(test_enable_with_auto_off_and_no_configs_pushes_nothing),
		T(test_enable_with_valid_and_empty_configs_as_i915),
		T(test_an_overlapping_config_is_taken_and_reported),
		T(test_auto_enable_on_a_broken_h2g_ring_fails_with_epipe),
		T(test_auto_enable_failing_at_every_push_undoes_the_pf_side),
		T(test_manual_enable_failure_keeps_the_configs),
		T(test_pci_enable_failure_rolls_back_all_pushes),
		T(test_disable_flrs_resets_highest_first_and_releases_auto),
		T(test_disable_refused_while_a_vf_is_assigned),
		T(test_auto_disable_clears_every_vf_config_as_i915),
		T(test_manual_quotas_survive_disable_and_reenable),
		T(test_scheduling_values_go_to_guc_at_once),
		T(test_live_quota_change_that_fails_leaves_the_vf_without),
		T(test_policies_are_pushed_and_kept_on_failure),
		T(test_a_policy_is_pushed_alone_and_its_count_checked),
		T(test_restart_after_guc_reset_is_i915s_sequence),
		T(test_disable_with_flr_stuck_keeps_configs),
		T(test_disable_without_flr_done_goes_on_after_flr_start),
		T(test_disable_survives_a_fault_at_every_step),
	};
#undef T

	return cmocka_run_group_tests_name("pf_sriov", tests, NULL, NULL);
}
