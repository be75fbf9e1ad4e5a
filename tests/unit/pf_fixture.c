// SPDX-License-Identifier: MIT
/*
 * PF fixture: see pf_fixture.h.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <cmocka.h>

#include "pf_fixture.h"
#include "iov/pf_sriov.h"

static int drv_enable(void *priv, u32 num_vfs)
{
	struct pf_driver *drv = priv;

	drv->enable_calls++;
	if (drv->enable_error)
		return drv->enable_error;
	drv->enabled = num_vfs;
	return 0;
}

static void drv_disable(void *priv)
{
	struct pf_driver *drv = priv;

	drv->disable_calls++;
	drv->enabled = 0;
}

static bool drv_assigned(void *priv, u32 vfid)
{
	struct pf_driver *drv = priv;

	return drv->assigned & BIT(vfid);
}

static void drv_flr_cleanup(void *priv, u32 vfid)
{
	struct pf_driver *drv = priv;

	drv->flr_cleanups[vfid]++;
}

static const struct pf_ops pf_driver_ops = {
	.sriov_enable = drv_enable,
	.sriov_disable = drv_disable,
	.vf_assigned = drv_assigned,
	.flr_cleanup = drv_flr_cleanup,
};

/**
 * pf_fixture_setup_unconfirmed - a PF for 7 VFs on an enabled CT channel,
 * still in probe (pf_confirm() not called)
 * @state: cmocka state
 *
 * Return: 0, or -1 if the channel did not come up.
 */
int pf_fixture_setup_unconfirmed(void **state)
{
	struct pf_fixture *fx = calloc(1, sizeof(*fx));
	void *g;

	assert_non_null(fx);
	if (guc_fixture_setup_enabled(&g))
		return -1;
	fx->g = g;
	assert_int_equal(pf_init(&fx->pf, 7), 0);
	pf_attach(&fx->pf, &fx->g->ct, &pf_driver_ops, &fx->drv, fx->g->klvs, FIXTURE_KLV_GGTT,
		  FIXTURE_KLV_DWORDS);
	/* the firmware refuses VF GGTT in its WOPCM: the platform's layout */
	fx->g->guc.ggtt_base = fx->pf.ggtt_base;
	*state = fx;
	return 0;
}

/**
 * pf_fixture_setup - a PF for 7 VFs on an enabled CT channel, after probe
 * @state: cmocka state
 *
 * The PF is confirmed (i915_sriov_pf_confirm(): VFs may be enabled); the
 * model's log then starts empty, so tests see what follows probe.
 *
 * Return: 0, or -1 if the channel did not come up.
 */
int pf_fixture_setup(void **state)
{
	struct pf_fixture *fx;

	if (pf_fixture_setup_unconfirmed(state))
		return -1;
	fx = *state;
	assert_int_equal(pf_confirm(&fx->pf), 0);
	fx->g->guc.nlog = 0;
	return 0;
}

/**
 * pf_fixture_teardown - free the fixture
 * @state: cmocka state
 *
 * Return: 0.
 */
int pf_fixture_teardown(void **state)
{
	struct pf_fixture *fx = *state;
	void *g = fx->g;

	guc_fixture_teardown(&g);
	pf_fini(&fx->pf);
	free(fx);
	return 0;
}

/**
 * pf_fixture_guc_vf - the mock GuC's config of a VF without its counters
 * @fx: the fixture
 * @vfid: the VF
 * @out: the copy
 */
void pf_fixture_guc_vf(const struct pf_fixture *fx, u32 vfid, struct mock_guc_vf *out)
{
	*out = fx->g->guc.vf[vfid];
	out->cfg_updates = 0;
	out->relay_count = 0;
}

/* How a logged UPDATE_VF_CFG reads as a pf_req; false for a malformed one. */
static bool logged_req(const struct mock_guc_logged *l, struct pf_req *r)
{
	u32 len;

	r->vfid = l->dw[1];
	if (!l->dw[2] && !l->dw[3] && !l->dw[4]) {
		r->key = PF_REQ_RESET;
		r->value = 0;
		return true;
	}
	len = l->klv[0] & 0xffff;
	if (l->nklv != 1 + len) {
		r->key = PF_REQ_BULK;
		r->value = l->nklv;
		return true;
	}
	r->key = l->klv[0] >> 16;
	r->value = len == 2 ? (u64)l->klv[2] << 32 | l->klv[1] : l->klv[1];
	return len == 1 || len == 2;
}

/**
 * pf_fixture_assert_requests - the UPDATE_VF_CFG requests since a log entry are these
 * @fx: the fixture
 * @from: the first log entry to look at (guc.nlog before the step)
 * @want: the requests expected, in order
 * @n: how many
 */
void pf_fixture_assert_requests(const struct pf_fixture *fx, u32 from, const struct pf_req *want,
				u32 n)
{
	const struct mock_guc *guc = &fx->g->guc;
	struct pf_req got;
	u32 i, k = 0;

	for (i = from; i < guc->nlog; i++) {
		if (guc->log[i].action != GUC_ACTION_PF2GUC_UPDATE_VF_CFG)
			continue;
		if (!logged_req(&guc->log[i], &got))
			fail_msg("request %u: malformed", k + 1);
		if (k == n)
			fail_msg("request %u: one more than i915 sends (VF%u key %#x = %#llx)",
				 k + 1, got.vfid, got.key, (unsigned long long)got.value);
		if (got.vfid != want[k].vfid || got.key != want[k].key ||
		    got.value != want[k].value)
			fail_msg(
				"request %u: VF%u key %#x = %#llx, i915 sends VF%u key %#x = %#llx",
				k + 1, got.vfid, got.key, (unsigned long long)got.value,
				want[k].vfid, want[k].key, (unsigned long long)want[k].value);
		k++;
	}
	if (k != n)
		fail_msg("%u requests, i915 sends %u", k, n);
}

/**
 * pf_fixture_refuse_vf_cfg - the GuC refuses one PF2GUC_UPDATE_VF_CFG
 * @fx: the fixture
 * @nth: which of the coming requests (1 = the next)
 * @guc_error: the FAILURE's error, a GUC_ERROR_*
 */
void pf_fixture_refuse_vf_cfg(struct pf_fixture *fx, u32 nth, u32 guc_error)
{
	const struct mock_guc_fault f = {
		.kind = MOCK_FAULT_FAILURE,
		.action = GUC_ACTION_PF2GUC_UPDATE_VF_CFG,
		.skip = nth - 1,
		.error = guc_error,
	};

	mock_guc_arm(&fx->g->guc, &f);
}
