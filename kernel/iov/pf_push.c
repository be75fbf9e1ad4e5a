// SPDX-License-Identifier: MIT
/*
 * PF2GUC_UPDATE_VF_CFG and PF2GUC_UPDATE_VGT_POLICY.
 *
 * How the reply is read follows i915: for a bulk push of a whole config only
 * a negative result is an error; for a targeted update the GuC must report
 * exactly the KLVs sent (0 means the key was not parsed: -ENOKEY; any other
 * count is a protocol error).
 */
#include "iov/pf_push.h"
#include "guc/guc_ct.h"
#include "guc/guc_hxg.h"
#include "guc/guc_klv.h"

/* clang-format off */
#define THRESHOLD_KEY(tag, key, log, attr) [GUC_KLV_VF_CFG_THRESHOLD_INDEX_##tag] = key,
static const u16 pf_threshold_keys[PF_NUM_THRESHOLDS] = {
	GUC_KLV_VF_CFG_THRESHOLDS(THRESHOLD_KEY)
};
#undef THRESHOLD_KEY

#define THRESHOLD_NAME(tag, key, log, attr) [GUC_KLV_VF_CFG_THRESHOLD_INDEX_##tag] = #log,
static const char *const pf_threshold_names[PF_NUM_THRESHOLDS] = {
	GUC_KLV_VF_CFG_THRESHOLDS(THRESHOLD_NAME)
};
#undef THRESHOLD_NAME
/* clang-format on */

/**
 * pf_threshold_key - the KLV key of a threshold
 * @index: 0..PF_NUM_THRESHOLDS - 1, in GUC_KLV_VF_CFG_THRESHOLDS order
 *
 * Return: the key, or 0 for a bad index.
 */
u16 pf_threshold_key(u32 index)
{
	return index < PF_NUM_THRESHOLDS ? pf_threshold_keys[index] : 0;
}
EXPORT_SYMBOL_GPL(pf_threshold_key);

/**
 * pf_threshold_index - which threshold a KLV key is
 * @key: the key (as an ADVERSE_EVENT carries it)
 *
 * Return: its index, or -ENOKEY for a key that is no threshold.
 */
int pf_threshold_index(u32 key)
{
	int index = guc_klv_threshold_index(key);

	return index < 0 ? -ENOKEY : index;
}
EXPORT_SYMBOL_GPL(pf_threshold_index);

/**
 * pf_threshold_name - a threshold's name, as i915 prints it
 * @index: 0..PF_NUM_THRESHOLDS - 1
 *
 * Return: a static string.
 */
const char *pf_threshold_name(u32 index)
{
	return index < PF_NUM_THRESHOLDS ? pf_threshold_names[index] : "unknown";
}
EXPORT_SYMBOL_GPL(pf_threshold_name);

/* Encode into @buf; a negative pos from a previous step falls through. */
static int enc32(u32 *buf, u32 size, int pos, u16 key, u32 value)
{
	return pos < 0 ? pos : guc_klv_encode_u32(buf, size, pos, key, value);
}

static int enc64(u32 *buf, u32 size, int pos, u16 key, u64 value)
{
	return pos < 0 ? pos : guc_klv_encode_u64(buf, size, pos, key, value);
}

/**
 * pf_encode_vf_config - the KLV blob of a whole VF configuration
 * @cfg: the configuration
 * @buf: where to write it
 * @size: size of @buf in dwords
 *
 * In i915's order: GGTT start and size (only when a range is allocated),
 * begin and number of contexts, begin and number of doorbells, execution
 * quantum, preemption timeout, then the thresholds (GUC_KLV_VF_CFG_THRESHOLDS):
 * with i915's six, 30 dwords with GGTT, 24 without.
 *
 * Return: the number of dwords written, or -ENOSPC.
 */
int pf_encode_vf_config(const struct pf_vf_config *cfg, u32 *buf, u32 size)
{
	int pos = 0;
	u32 i;

	if (cfg->ggtt.size) {
		pos = enc64(buf, size, pos, GUC_KLV_VF_CFG_GGTT_START_KEY, cfg->ggtt.start);
		pos = enc64(buf, size, pos, GUC_KLV_VF_CFG_GGTT_SIZE_KEY, cfg->ggtt.size);
	}
	pos = enc32(buf, size, pos, GUC_KLV_VF_CFG_BEGIN_CONTEXT_ID_KEY, cfg->begin_ctx);
	pos = enc32(buf, size, pos, GUC_KLV_VF_CFG_NUM_CONTEXTS_KEY, cfg->num_ctxs);
	pos = enc32(buf, size, pos, GUC_KLV_VF_CFG_BEGIN_DOORBELL_ID_KEY, cfg->begin_db);
	pos = enc32(buf, size, pos, GUC_KLV_VF_CFG_NUM_DOORBELLS_KEY, cfg->num_dbs);
	pos = enc32(buf, size, pos, GUC_KLV_VF_CFG_EXEC_QUANTUM_KEY, cfg->exec_quantum);
	pos = enc32(buf, size, pos, GUC_KLV_VF_CFG_PREEMPT_TIMEOUT_KEY, cfg->preempt_timeout);
	for (i = 0; i < PF_NUM_THRESHOLDS; i++)
		pos = enc32(buf, size, pos, pf_threshold_keys[i], cfg->thresholds[i]);
	return pos;
}
EXPORT_SYMBOL_GPL(pf_encode_vf_config);

static int pf_send_vf_cfg(struct pf *pf, u32 vfid, u32 addr, u32 num_dwords)
{
	u32 msg[PF2GUC_UPDATE_VF_CFG_REQUEST_MSG_LEN] = {
		guc_hxg_request(GUC_ACTION_PF2GUC_UPDATE_VF_CFG, 0), vfid, addr, 0, num_dwords,
	};
	int ret;

	pf->stats.pushes++;
	ret = guc_ct_send_recv(pf->ct, msg, ARRAY_SIZE(msg), NULL, 0);
	if (ret < 0) {
		pf->stats.push_failures++;
		pr_err("IOV: Failed to push configuration of VF%u (%d)\n", vfid, ret);
	}
	return ret;
}

/**
 * pf_push_vf_config - push a VF's whole configuration
 * @pf: the PF, its lock held
 * @vfid: the VF
 *
 * A VF with no resources is skipped, as i915 does.
 *
 * Return: 0 or a negative errno.
 */
int pf_push_vf_config(struct pf *pf, u32 vfid)
{
	const struct pf_vf_config *cfg = &pf->config[vfid];
	int n, ret;

	lockdep_assert_held(&pf->lock);
	pf_assert_vfid(pf, vfid);
	if (!cfg->ggtt.size && !cfg->num_ctxs && !cfg->num_dbs)
		return 0;
	n = pf_encode_vf_config(cfg, pf->klv_buf, pf->klv_buf_dwords);
	if (n < 0)
		return n;
	ret = pf_send_vf_cfg(pf, vfid, pf->klv_buf_ggtt, n);
	if (ret < 0)
		return ret;
	pf->state[vfid].pushed = true;
	return 0;
}
EXPORT_SYMBOL_GPL(pf_push_vf_config);

/**
 * pf_push_vf_reset - put a VF back to the GuC's defaults (address 0, size 0)
 * @pf: the PF, its lock held
 * @vfid: the VF
 *
 * Return: 0 or a negative errno.
 */
int pf_push_vf_reset(struct pf *pf, u32 vfid)
{
	int ret;

	lockdep_assert_held(&pf->lock);
	pf_assert_vfid(pf, vfid);
	ret = pf_send_vf_cfg(pf, vfid, 0, 0);
	if (ret < 0)
		return ret;
	pf->state[vfid].pushed = false;
	return 0;
}
EXPORT_SYMBOL_GPL(pf_push_vf_reset);

/* The reply to a targeted update: exactly the one KLV sent applied. */
static int pf_check_one_applied(struct pf *pf, u32 vfid, int ret)
{
	if (ret < 0 || ret == 1)
		return ret < 0 ? ret : 0;
	pf->stats.push_failures++;
	pr_err("IOV: GuC applied %d of 1 KLVs for VF%u\n", ret, vfid);
	return ret == 0 ? -ENOKEY : -EPROTO;
}

/**
 * pf_push_vf_klv - push one KLV of a VF's configuration, in a request of its own
 * @pf: the PF, its lock held
 * @vfid: the VF (0 for the PF's own values)
 * @key: a GUC_KLV_VF_CFG_*_KEY; GGTT start and size are 64-bit KLVs, the
 *	others 32-bit
 * @value: its value
 *
 * As i915's guc_update_vf_klv32() and guc_update_vf_klv64().
 *
 * Return: 0, -ENOKEY if the GuC parsed no KLV, -EPROTO if it reported more
 * than one, or the errno of the request.
 */
int pf_push_vf_klv(struct pf *pf, u32 vfid, u16 key, u64 value)
{
	u32 *buf = pf->klv_buf, size = pf->klv_buf_dwords;
	int pos;

	lockdep_assert_held(&pf->lock);
	pf_assert_vfid_or_pf(pf, vfid);
	if (key == GUC_KLV_VF_CFG_GGTT_START_KEY || key == GUC_KLV_VF_CFG_GGTT_SIZE_KEY)
		pos = guc_klv_encode_u64(buf, size, 0, key, value);
	else
		pos = guc_klv_encode_u32(buf, size, 0, key, value);
	if (pos < 0)
		return pos;
	return pf_check_one_applied(pf, vfid, pf_send_vf_cfg(pf, vfid, pf->klv_buf_ggtt, pos));
}
EXPORT_SYMBOL_GPL(pf_push_vf_klv);

/**
 * pf_push_vf_ggtt - tell the GuC a VF's GGTT range
 * @pf: the PF, its lock held
 * @vfid: the VF
 * @start: first byte (0 with @size 0: none)
 * @size: bytes
 *
 * As i915's __pf_push_config_ggtt(): the size, then the start, one request
 * each; a refused size is not followed by the start, and nothing already
 * applied is undone.
 *
 * Return: 0 or the first request's errno (see pf_push_vf_klv()).
 */
int pf_push_vf_ggtt(struct pf *pf, u32 vfid, u64 start, u64 size)
{
	int err;

	err = pf_push_vf_klv(pf, vfid, GUC_KLV_VF_CFG_GGTT_SIZE_KEY, size);
	return err ?: pf_push_vf_klv(pf, vfid, GUC_KLV_VF_CFG_GGTT_START_KEY, start);
}
EXPORT_SYMBOL_GPL(pf_push_vf_ggtt);

/**
 * pf_push_vf_ctxs - tell the GuC a VF's context IDs
 * @pf: the PF, its lock held
 * @vfid: the VF
 * @begin: first ID
 * @num: how many
 *
 * As i915's pf_push_config_ctxs(): begin, then count, one request each,
 * stopping at the first refused.
 *
 * Return: 0 or the first request's errno.
 */
int pf_push_vf_ctxs(struct pf *pf, u32 vfid, u32 begin, u32 num)
{
	int err;

	err = pf_push_vf_klv(pf, vfid, GUC_KLV_VF_CFG_BEGIN_CONTEXT_ID_KEY, begin);
	return err ?: pf_push_vf_klv(pf, vfid, GUC_KLV_VF_CFG_NUM_CONTEXTS_KEY, num);
}
EXPORT_SYMBOL_GPL(pf_push_vf_ctxs);

/**
 * pf_push_vf_dbs - tell the GuC a VF's doorbells
 * @pf: the PF, its lock held
 * @vfid: the VF
 * @begin: first doorbell
 * @num: how many
 *
 * As i915's pf_push_config_dbs(): begin, then count, as for contexts.
 *
 * Return: 0 or the first request's errno.
 */
int pf_push_vf_dbs(struct pf *pf, u32 vfid, u32 begin, u32 num)
{
	int err;

	err = pf_push_vf_klv(pf, vfid, GUC_KLV_VF_CFG_BEGIN_DOORBELL_ID_KEY, begin);
	return err ?: pf_push_vf_klv(pf, vfid, GUC_KLV_VF_CFG_NUM_DOORBELLS_KEY, num);
}
EXPORT_SYMBOL_GPL(pf_push_vf_dbs);

/**
 * pf_push_vf_update - push one scheduling value of a VF's configuration
 * @pf: the PF, its lock held
 * @vfid: the VF (0 for the PF's own scheduling values)
 * @what: which value
 * @index: the threshold index for PF_PUSH_THRESHOLD
 *
 * One KLV in one request (pf_push_vf_klv()), as i915's
 * pf_push_config_exec_quantum(), pf_push_config_preempt_timeout() and
 * pf_provision_threshold().
 *
 * Return: 0, -EINVAL for a bad @what or @index, or as pf_push_vf_klv().
 */
int pf_push_vf_update(struct pf *pf, u32 vfid, enum pf_push_what what, u32 index)
{
	const struct pf_vf_config *cfg = &pf->config[vfid];

	switch (what) {
	case PF_PUSH_EXEC_QUANTUM:
		return pf_push_vf_klv(pf, vfid, GUC_KLV_VF_CFG_EXEC_QUANTUM_KEY, cfg->exec_quantum);
	case PF_PUSH_PREEMPT_TIMEOUT:
		return pf_push_vf_klv(pf, vfid, GUC_KLV_VF_CFG_PREEMPT_TIMEOUT_KEY,
				      cfg->preempt_timeout);
	case PF_PUSH_THRESHOLD:
		if (index >= PF_NUM_THRESHOLDS)
			return -EINVAL;
		return pf_push_vf_klv(pf, vfid, pf_threshold_keys[index], cfg->thresholds[index]);
	default:
		return -EINVAL;
	}
}
EXPORT_SYMBOL_GPL(pf_push_vf_update);

/**
 * pf_push_policy - push one VGT policy
 * @pf: the PF, its lock held
 * @key: its KLV key (GUC_KLV_VGT_POLICY_*_KEY)
 * @value: its value
 *
 * One KLV per request, read back as i915's guc_update_policy_klv32() does.
 *
 * Return: 0, -ENOKEY if the GuC parsed no KLV, -EPROTO if it reported more
 * than one, or the errno of the request.
 */
int pf_push_policy(struct pf *pf, u16 key, u32 value)
{
	u32 msg[PF2GUC_UPDATE_VGT_POLICY_REQUEST_MSG_LEN];
	int pos, ret;

	lockdep_assert_held(&pf->lock);
	pos = guc_klv_encode_u32(pf->klv_buf, pf->klv_buf_dwords, 0, key, value);
	if (pos < 0)
		return pos;

	msg[0] = guc_hxg_request(GUC_ACTION_PF2GUC_UPDATE_VGT_POLICY, 0);
	msg[1] = pf->klv_buf_ggtt;
	msg[2] = 0;
	msg[3] = pos;
	ret = guc_ct_send_recv(pf->ct, msg, ARRAY_SIZE(msg), NULL, 0);
	if (ret == 1)
		return 0;
	if (ret >= 0)
		ret = ret ? -EPROTO : -ENOKEY;
	pr_err("IOV: Failed to update policy %#x to %u (%d)\n", key, value, ret);
	return ret;
}
EXPORT_SYMBOL_GPL(pf_push_policy);

/**
 * pf_push_policies - push the three VGT policies again, one request each
 * @pf: the PF, its lock held
 *
 * In the order of i915's intel_iov_provisioning_restart(): sched_if_idle,
 * reset_engine, sample_period. A failed one does not stop the others.
 *
 * Return: 0 or the first errno (see pf_push_policy()).
 */
int pf_push_policies(struct pf *pf)
{
	const struct {
		u16 key;
		u32 value;
	} policy[] = {
		{ GUC_KLV_VGT_POLICY_SCHED_IF_IDLE_KEY, pf->policies.sched_if_idle },
		{ GUC_KLV_VGT_POLICY_RESET_AFTER_VF_SWITCH_KEY, pf->policies.reset_engine },
		{ GUC_KLV_VGT_POLICY_ADVERSE_SAMPLE_PERIOD_KEY, pf->policies.sample_period_ms },
	};
	int err, first = 0;
	u32 i;

	lockdep_assert_held(&pf->lock);
	for (i = 0; i < ARRAY_SIZE(policy); i++) {
		err = pf_push_policy(pf, policy[i].key, policy[i].value);
		first = first ?: err;
	}
	return first;
}
EXPORT_SYMBOL_GPL(pf_push_policies);
