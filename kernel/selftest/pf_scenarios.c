// SPDX-License-Identifier: MIT
/*
 * The self-test scenarios: see pf_scenarios.h. Each builds its own world (a
 * mock GuC, a CT channel over a blob, a PF for max_vfs VFs), runs, and
 * returns 0 or -EINVAL after printing "# file:line: condition" for the first
 * check that failed, as KTAP diagnostics.
 */
#include "selftest/pf_scenarios.h"
#include "selftest/pf_world.h"
#include "guc/guc_ct.h"
#include "guc/guc_hxg.h"
#include "abi/guc_actions_abi.h"
#include "abi/iov_relay_abi.h"
#include "iov/pf_control.h"
#include "iov/pf_provision.h"
#include "iov/pf_relay.h"
#include "iov/pf_resources.h"
#include "iov/pf_sriov.h"

#define ST_CHECK(cond)                                                                     \
	do {                                                                               \
		if (!(cond)) {                                                             \
			pr_info("# %s:%d: check failed: %s\n", __func__, __LINE__, #cond); \
			err = -EINVAL;                                                     \
			goto out;                                                          \
		}                                                                          \
	} while (0)

static const struct pf_runtime_reg st_regs[] = {
	{ 0x1381a8, 0x1 },
	{ 0x9134, 0xff },
	{ 0x913c, 0x3 },
};

static struct pf_world *st_env_create(u32 max_vfs)
{
	struct pf_world *env = pf_world_create(max_vfs);

	if (env)
		pf_relay_set_runtime(&env->pf, st_regs, ARRAY_SIZE(st_regs));
	return env;
}

static void st_arm(struct pf_world *env, enum mock_guc_fault_kind kind, u32 action, u32 count)
{
	struct mock_guc_fault f = {
		.kind = kind,
		.action = action,
		.count = count,
		.error = GUC_ERROR_GENERIC_FAIL,
		.hint = 1, /* the VF an EVENTS_FIRST event names */
	};

	mock_guc_arm(&env->guc, &f);
}

static int st_stop(struct pf_world *env, u32 vfid)
{
	return pf_control_stop(&env->pf, vfid);
}

/* The GuC's model of a VF equals the PF's config. */
static bool st_guc_matches(const struct pf_world *env, u32 vfid)
{
	const struct pf_vf_config *c = &env->pf.config[vfid];
	const struct mock_guc_vf *g = &env->guc.vf[vfid];

	return g->ggtt_start == c->ggtt.start && g->ggtt_size == c->ggtt.size &&
	       g->begin_ctx == c->begin_ctx && g->num_ctxs == c->num_ctxs &&
	       g->begin_db == c->begin_db && g->num_dbs == c->num_dbs &&
	       g->exec_quantum == c->exec_quantum && g->preempt_timeout == c->preempt_timeout;
}

static int st_ct_round_trips(void)
{
	struct pf_world *env = st_env_create(7);
	int err = 0, i;

	if (!env)
		return -ENOMEM;
	ST_CHECK(guc_ct_enabled(&env->ct));
	ST_CHECK(mock_guc_count(&env->guc, GUC_ACTION_HOST2GUC_SELF_CFG) == 6);
	for (i = 0; i < 1000; i++)
		ST_CHECK(st_stop(env, 1 + i % 7) == 0);
	/* and the six of the PF's self config (pf_confirm() in pf_world_create()) */
	ST_CHECK(env->ct.stats.responses == 1000 + 6);
	ST_CHECK(env->guc.vf[7].stopped);
out:
	pf_world_destroy(env);
	return err;
}

static int st_ct_guc_faults(void)
{
	struct pf_world *env = st_env_create(7);
	int err = 0;

	if (!env)
		return -ENOMEM;
	st_arm(env, MOCK_FAULT_EVENTS_FIRST, GUC_ACTION_PF2GUC_VF_CONTROL, 5);
	ST_CHECK(st_stop(env, 1) == 0);
	ST_CHECK(env->ct.stats.events >= 5);
	st_arm(env, MOCK_FAULT_RETRY, GUC_ACTION_PF2GUC_VF_CONTROL, 0);
	ST_CHECK(st_stop(env, 1) == 0);
	st_arm(env, MOCK_FAULT_FAILURE, GUC_ACTION_PF2GUC_VF_CONTROL, 0);
	ST_CHECK(st_stop(env, 1) == -EIO);
	st_arm(env, MOCK_FAULT_NO_REPLY, GUC_ACTION_PF2GUC_VF_CONTROL, 0);
	ST_CHECK(st_stop(env, 1) == -ETIMEDOUT);
	ST_CHECK(st_stop(env, 1) == 0);
	/*
	 * a corrupt G2H descriptor breaks that ring (the request's reply is
	 * never read); re-enabling brings it back
	 */
	env->guc.faults[0].kind = MOCK_FAULT_CORRUPT_DESC;
	env->guc.faults[0].action = GUC_ACTION_PF2GUC_VF_CONTROL;
	env->guc.faults[0].times = 1;
	env->guc.faults[0].error = 0xdeadbeef;
	ST_CHECK(st_stop(env, 1) == -ETIMEDOUT);
	ST_CHECK(env->ct.g2h.broken && !env->ct.h2g.broken);
	guc_ct_disable(&env->ct);
	ST_CHECK(guc_ct_enable(&env->ct) == 0);
	ST_CHECK(st_stop(env, 1) == 0);
out:
	pf_world_destroy(env);
	return err;
}

static int st_fair_plan(void)
{
	static const u32 pf_share[] = { 65535, 32767, 22015, 16383, 13311, 11135, 9471, 8191 };
	static const u32 ctxs[] = { 0, 57344, 28672, 19072, 14336, 11392, 9472, 8192 };
	static const u32 dbs[] = { 0, 256, 128, 85, 64, 51, 42, 36 };
	struct pf *pf = kvzalloc(sizeof(*pf), GFP_KERNEL);
	int err = 0;
	u32 m, n, vf;

	if (!pf)
		return -ENOMEM;
	for (m = 0; m <= 7; m++) {
		ST_CHECK(pf_init(pf, m) == 0);
		ST_CHECK(pf_ctx_pf_count(pf) == pf_share[m]);
	}
	for (n = 1; n <= 7; n++) {
		ST_CHECK(pf_init(pf, 7) == 0);
		ST_CHECK(pf_provision_auto(pf, n) == 0);
		for (vf = 1; vf <= n; vf++) {
			ST_CHECK(pf->config[vf].num_ctxs == ctxs[n]);
			ST_CHECK(pf->config[vf].num_dbs == dbs[n]);
			ST_CHECK(pf->config[vf].begin_db == (vf - 1) * dbs[n]);
			ST_CHECK(pf->config[vf].begin_ctx == 65535 - vf * ctxs[n]);
		}
	}
	ST_CHECK(pf->config[1].begin_ctx == 57343 && pf->config[7].begin_ctx == 8191);
out:
	kvfree(pf);
	return err;
}

static int st_enable_disable(void)
{
	struct pf_world *env = st_env_create(7);
	int err = 0;
	u32 vf;

	if (!env)
		return -ENOMEM;
	ST_CHECK(pf_enable_vfs(&env->pf, 7) == 0);
	for (vf = 1; vf <= 7; vf++) {
		ST_CHECK(env->guc.vf[vf].num_ctxs == 8192);
		ST_CHECK(st_guc_matches(env, vf));
	}
	ST_CHECK(pf_disable_vfs(&env->pf) == 0);
	for (vf = 1; vf <= 7; vf++) {
		ST_CHECK(pf_provision_is_empty(&env->pf, vf));
		ST_CHECK(st_guc_matches(env, vf));
		ST_CHECK(env->pf.state[vf].flr_count == 1);
	}
	ST_CHECK(pf_ctx_max_quota(&env->pf) == 57344);
out:
	pf_world_destroy(env);
	return err;
}

static int st_enable_rollback(void)
{
	struct pf_world *env = st_env_create(7);
	struct mock_guc_fault f = {
		.kind = MOCK_FAULT_FAILURE,
		.action = GUC_ACTION_PF2GUC_UPDATE_VF_CFG,
		.skip = 3,
		.error = GUC_ERROR_GENERIC_FAIL,
	};
	int err = 0;
	u32 vf;

	if (!env)
		return -ENOMEM;
	mock_guc_arm(&env->guc, &f);
	ST_CHECK(pf_enable_vfs(&env->pf, 7) == -EIO);
	ST_CHECK(env->pf.num_vfs == 0);
	/* i915: the VFs pushed before the failure stay in the GuC, unreset */
	for (vf = 1; vf <= 7; vf++) {
		ST_CHECK(pf_provision_is_empty(&env->pf, vf));
		ST_CHECK(vf <= 3 ? env->guc.vf[vf].num_ctxs == 8192 : st_guc_matches(env, vf));
		ST_CHECK(env->pf.state[vf].pushed == (vf <= 3));
	}
	ST_CHECK(pf_enable_vfs(&env->pf, 7) == 0);
out:
	pf_world_destroy(env);
	return err;
}

static int st_flr(void)
{
	struct pf_world *env = st_env_create(7);
	const u32 flr[] = { 2, GUC_PF_NOTIFY_VF_FLR };
	int err = 0;

	if (!env)
		return -ENOMEM;
	ST_CHECK(pf_enable_vfs(&env->pf, 3) == 0);
	ST_CHECK(mock_guc_event(&env->guc, GUC_ACTION_GUC2PF_VF_STATE_NOTIFY, flr, 2) == 0);
	ST_CHECK(guc_ct_process_g2h(&env->ct) == 1);
	/* received; the CT worker notes it, as i915's */
	ST_CHECK(env->pf.state[2].flr == PF_FLR_IDLE);
	ST_CHECK(pf_relay_process(&env->pf) == 1);
	ST_CHECK(env->pf.state[2].flr == PF_FLR_PENDING);
	/* FLR_START; the CT worker notes FLR_DONE; FLR_FINISH */
	pf_control_process(&env->pf);
	ST_CHECK(pf_relay_process(&env->pf) == 1);
	pf_control_process(&env->pf);
	ST_CHECK(env->pf.state[2].flr == PF_FLR_IDLE);
	ST_CHECK(env->pf.state[2].flr_count == 1);
	ST_CHECK(env->guc.vf[2].last_control == GUC_PF_TRIGGER_VF_FLR_FINISH);
	ST_CHECK(pf_control_pause(&env->pf, 1) == 0);
	ST_CHECK(env->pf.state[1].paused);
out:
	pf_world_destroy(env);
	return err;
}

static int st_relay(void)
{
	struct pf_world *env = st_env_create(7);
	const u32 hello[] = { 1, 42, guc_hxg_request(IOV_ACTION_VF2PF_HANDSHAKE, 0), 0 };
	const u32 query[] = { 1, 43, guc_hxg_request(IOV_ACTION_VF2PF_QUERY_RUNTIME, 0), 1 };
	const u32 bogus[] = { 1, 44, guc_hxg_request(0x0999, 0) };
	const struct mock_guc_vf *vf;
	int err = 0;

	if (!env)
		return -ENOMEM;
	vf = &env->guc.vf[1];
	ST_CHECK(pf_enable_vfs(&env->pf, 1) == 0);
	mock_guc_event(&env->guc, GUC_ACTION_GUC2PF_RELAY_FROM_VF, hello, ARRAY_SIZE(hello));
	guc_ct_process_g2h(&env->ct);
	ST_CHECK(pf_relay_process(&env->pf) == 1);
	mock_guc_step(&env->guc);
	ST_CHECK(vf->relay_id == 42 && vf->relay_len == 2 && vf->relay_msg[1] == 0x00010000);

	mock_guc_event(&env->guc, GUC_ACTION_GUC2PF_RELAY_FROM_VF, query, ARRAY_SIZE(query));
	guc_ct_process_g2h(&env->ct);
	pf_relay_process(&env->pf);
	mock_guc_step(&env->guc);
	ST_CHECK(vf->relay_id == 43 && guc_hxg_response_data0(vf->relay_msg[0]) == 2);
	ST_CHECK(vf->relay_msg[2] == 0x9134 && vf->relay_msg[5] == 0x3);

	mock_guc_event(&env->guc, GUC_ACTION_GUC2PF_RELAY_FROM_VF, bogus, ARRAY_SIZE(bogus));
	guc_ct_process_g2h(&env->ct);
	pf_relay_process(&env->pf);
	mock_guc_step(&env->guc);
	/* the VF learns only that it failed (i915's sanitize_iov_error()) */
	ST_CHECK(vf->relay_id == 44 &&
		 guc_hxg_type(vf->relay_msg[0]) == GUC_HXG_TYPE_RESPONSE_FAILURE &&
		 FIELD_GET(GUC_HXG_FAILURE_MSG_0_ERROR, vf->relay_msg[0]) == IOV_ERROR_UNDISCLOSED);
	ST_CHECK(env->pf.stats.relay_last_error == -EOPNOTSUPP);
out:
	pf_world_destroy(env);
	return err;
}

const struct pf_scenario pf_scenarios[] = {
	{ "ct_round_trips", st_ct_round_trips },
	{ "ct_guc_faults", st_ct_guc_faults },
	{ "fair_plan_matches_i915", st_fair_plan },
	{ "enable_disable_7_vfs", st_enable_disable },
	{ "enable_rollback", st_enable_rollback },
	{ "flr_and_pause", st_flr },
	{ "relay_service", st_relay },
};

const unsigned int pf_num_scenarios = ARRAY_SIZE(pf_scenarios);
