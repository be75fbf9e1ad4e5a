// SPDX-License-Identifier: MIT
/*
 * Provisioning decisions, with the semantics of i915's PF:
 *
 * - Fair auto-provisioning at enable time when every config is empty: each
 *   VF gets an equal share of the GGTT, contexts and doorbells still free.
 * - Manual quotas round up (GGTT to 4 KiB, contexts to 128), fail with
 *   -E2BIG above the resource size, -EDQUOT above what is available and
 *   -ENOSPC when no contiguous range is left; a resource change, or a
 *   non-zero scheduling value or threshold, turns auto-provisioning off
 *   (i915's pf_mark_manual_provisioning() callers); turning it on again
 *   needs every VF without resources (-ESTALE otherwise, as
 *   i915_sriov_pf_set_auto_provisioning()).
 * - Scheduling values and thresholds go to the GuC at once; resources only
 *   while the VF is enabled.
 * - Everything runs under pf->lock, the provisioning mutex (i915's
 *   pf_provisioning_mutex()); the __ functions expect the caller to hold it.
 *
 * - A resource change follows i915's pf_provision_ggtt(), pf_provision_ctxs()
 *   and pf_provision_dbs() step for step: the old range is taken out (and,
 *   while the VF is live, out of the GuC, one KLV per request) before the
 *   new size is checked or allocated, so a change that fails leaves the VF
 *   without that resource, and what the GuC already took of it stays there.
 */
#include "iov/pf_provision.h"
#include "iov/pf_push.h"
#include "iov/pf_resources.h"

static bool pf_valid_vfid(const struct pf *pf, u32 vfid)
{
	return vfid >= 1 && vfid <= pf->total_vfs;
}

/*
 * Resources reach the GuC only while the VF exists and its config was pushed
 * (i915's pf_needs_push_config()).
 */
static bool pf_vf_live(const struct pf *pf, u32 vfid)
{
	return pf->ct && vfid >= 1 && vfid <= pf->num_vfs && vfid <= pf->num_pushed;
}

/*
 * i915's pf_mark_manual_provisioning(): the auto-provisioning switch goes
 * off; whether the current configs came from auto mode (auto_provisioned,
 * i915's provisioning.auto_mode) does not change.
 */
static void pf_mark_manual(struct pf *pf)
{
	if (pf->auto_provisioning) {
		pf->auto_provisioning = false;
		pr_info("IOV: VFs auto-provisioning was turned off\n");
	}
}

/**
 * pf_provision_is_empty - does a VF have no resources at all?
 * @pf: the PF
 * @vfid: the VF
 *
 * Return: true if it has no GGTT, no contexts and no doorbells.
 */
bool pf_provision_is_empty(const struct pf *pf, u32 vfid)
{
	const struct pf_vf_config *cfg = &pf->config[vfid];

	pf_assert_vfid(pf, vfid);
	return !cfg->ggtt.size && !cfg->num_ctxs && !cfg->num_dbs;
}
EXPORT_SYMBOL_GPL(pf_provision_is_empty);

static bool pf_provision_is_valid(const struct pf *pf, u32 vfid)
{
	return pf->config[vfid].ggtt.size && pf->config[vfid].num_ctxs;
}

/**
 * __pf_provision_verify - can VFs 1..num_vfs be enabled as they are?
 * @pf: the PF, its lock held
 * @num_vfs: how many VFs
 *
 * As i915's intel_iov_provisioning_verify(): a config is valid when it has
 * GGTT and contexts (doorbells are optional), empty when it has no
 * resource. Empty configs are fine next to valid ones (those VFs are
 * provisioned late); only a partial config is refused.
 *
 * Return: 0 if every config is valid or empty (not all empty), -ENODATA if
 * all are empty, -ENOKEY if any is partial.
 */
int __pf_provision_verify(const struct pf *pf, u32 num_vfs)
{
	u32 vfid, valid = 0, empty = 0;

	lockdep_assert_held(&pf->lock);
	for (vfid = 1; vfid <= num_vfs; vfid++) {
		if (pf_provision_is_valid(pf, vfid))
			valid++;
		else if (pf_provision_is_empty(pf, vfid))
			empty++;
	}
	if (empty == num_vfs)
		return -ENODATA;
	if (valid + empty != num_vfs)
		return -ENOKEY;
	return 0;
}

/**
 * pf_provision_verify - __pf_provision_verify() under the provisioning lock
 * @pf: the PF
 * @num_vfs: how many VFs
 *
 * Return: as __pf_provision_verify().
 */
int pf_provision_verify(struct pf *pf, u32 num_vfs)
{
	int err;

	mutex_lock(&pf->lock);
	err = __pf_provision_verify(pf, num_vfs);
	mutex_unlock(&pf->lock);
	return err;
}
EXPORT_SYMBOL_GPL(pf_provision_verify);

/* ------------------------------------------------------------------------
 * Manual quotas
 */

/*
 * i915's pf_provision_ggtt(): -EOVERFLOW if the size cannot be rounded up;
 * the same size is nothing to do; otherwise the old range goes (out of the
 * GuC first while the VF is live, the range released even if that fails);
 * then -E2BIG above the GGTT, -EDQUOT above the largest range available,
 * -ENOSPC without a hole, and the new range goes to the GuC, released
 * again if the GuC refuses it.
 */
static int pf_provision_ggtt(struct pf *pf, u32 vfid, u64 size)
{
	struct pf_vf_config *cfg = &pf->config[vfid];
	bool live = pf_vf_live(pf, vfid);
	int err = 0;

	if (size > U64_MAX - (PF_GGTT_ALIGN - 1))
		return -EOVERFLOW;
	size = ALIGN(size, PF_GGTT_ALIGN);
	if (cfg->ggtt.size) {
		if (size == cfg->ggtt.size)
			return 0;
		if (live)
			err = pf_push_vf_ggtt(pf, vfid, 0, 0);
		cfg->ggtt.start = 0;
		cfg->ggtt.size = 0;
		if (err)
			return err;
	}
	if (!size)
		return 0;
	if (size > PF_GGTT_SIZE)
		return -E2BIG;
	if (size > pf_ggtt_max_quota(pf))
		return -EDQUOT;
	err = pf_ggtt_alloc(pf, size, &cfg->ggtt);
	if (err)
		return err;
	if (live)
		err = pf_push_vf_ggtt(pf, vfid, cfg->ggtt.start, cfg->ggtt.size);
	if (err) {
		cfg->ggtt.start = 0;
		cfg->ggtt.size = 0;
	}
	return err;
}

/**
 * __pf_provision_set_ggtt - set a VF's GGTT quota
 * @pf: the PF, its lock held
 * @vfid: the VF (1..total_vfs)
 * @size: bytes, rounded up to 4 KiB; 0 releases the range
 *
 * As intel_iov_provisioning_set_ggtt(): auto mode goes off after a
 * successful change that had or asked for GGTT.
 *
 * Return: 0, -EINVAL, -EOVERFLOW, -E2BIG (above the GGTT), -EDQUOT (above
 * what is available), -ENOSPC (no hole), or the push's errno; on failure
 * the VF has no GGTT.
 */
static int __pf_provision_set_ggtt(struct pf *pf, u32 vfid, u64 size)
{
	bool reprovisioning;
	int err;

	lockdep_assert_held(&pf->lock);
	if (!pf_valid_vfid(pf, vfid))
		return -EINVAL;
	reprovisioning = pf->config[vfid].ggtt.size || size;
	err = pf_provision_ggtt(pf, vfid, size);
	if (err)
		pr_err("IOV: Failed to provision VF%u with %llu of GGTT (%d)\n", vfid,
		       (unsigned long long)size, err);
	else if (reprovisioning)
		pf_mark_manual(pf);
	return err;
}

/**
 * pf_provision_set_ggtt - __pf_provision_set_ggtt() under the provisioning lock
 * @pf: the PF
 * @vfid: the VF (1..total_vfs)
 * @size: bytes, rounded up to 4 KiB; 0 releases the range
 *
 * Return: as __pf_provision_set_ggtt().
 */
int pf_provision_set_ggtt(struct pf *pf, u32 vfid, u64 size)
{
	int err;

	mutex_lock(&pf->lock);
	err = __pf_provision_set_ggtt(pf, vfid, size);
	mutex_unlock(&pf->lock);
	return err;
}
EXPORT_SYMBOL_GPL(pf_provision_set_ggtt);

/* i915's __pf_provision_ctxs(): to the GuC while live; nothing kept if refused. */
static int pf_provision_ctxs_range(struct pf *pf, u32 vfid, u32 begin, u32 num)
{
	struct pf_vf_config *cfg = &pf->config[vfid];
	int err = 0;

	if (pf_vf_live(pf, vfid))
		err = pf_push_vf_ctxs(pf, vfid, begin, num);
	if (err) {
		pf_ctx_release(pf, vfid);
		begin = num = 0;
	}
	cfg->begin_ctx = begin;
	cfg->num_ctxs = num;
	return err;
}

/*
 * i915's pf_provision_ctxs(): the same aligned count is nothing to do;
 * otherwise the VF's contexts are cleared (in the GuC too while it is live,
 * even if it had none), then -EDQUOT above the largest run available,
 * -ENOSPC without one, and the new range goes to the GuC. The count is
 * rounded up as i915's align_ctxs() does, into a u16: 65409..65535 become
 * 0, which is "nothing to do" for a VF without contexts and, for one with
 * some, a range of 0 IDs past the last free run (pf_ctx_past_last_run()).
 */
static int pf_provision_ctxs(struct pf *pf, u32 vfid, u32 num)
{
	u32 aligned = (u16)ALIGN(num, PF_CTX_BLOCK);
	int err, begin;

	if (aligned == pf->config[vfid].num_ctxs)
		return 0;
	pf_ctx_release(pf, vfid);
	err = pf_provision_ctxs_range(pf, vfid, 0, 0);
	if (!num || err)
		return err;
	if (aligned > pf_ctx_max_quota(pf))
		return -EDQUOT;
	if (!aligned) {
		begin = pf_ctx_past_last_run(pf);
		return begin < 0 ? begin : pf_provision_ctxs_range(pf, vfid, begin, 0);
	}
	err = pf_ctx_alloc(pf, vfid, aligned, &pf->config[vfid].begin_ctx);
	if (err)
		return err;
	return pf_provision_ctxs_range(pf, vfid, pf->config[vfid].begin_ctx, aligned);
}

/**
 * __pf_provision_set_ctxs - set a VF's context quota
 * @pf: the PF, its lock held
 * @vfid: the VF (1..total_vfs)
 * @num: context IDs, rounded up to 128 as i915 does it, in 16 bits
 *	(65409..65535 make 0 IDs, see pf_provision_ctxs()); 0 releases them
 *
 * Return: 0, -EINVAL, -ERANGE above 65535 (what i915's u16 contexts_quota
 * attribute returns), -EDQUOT, -ENOSPC, or the push's errno; on failure
 * the VF has no contexts.
 */
static int __pf_provision_set_ctxs(struct pf *pf, u32 vfid, u32 num)
{
	bool reprovisioning;
	int err;

	lockdep_assert_held(&pf->lock);
	if (!pf_valid_vfid(pf, vfid))
		return -EINVAL;
	if (num > U16_MAX)
		return -ERANGE;
	reprovisioning = pf->config[vfid].num_ctxs || num;
	err = pf_provision_ctxs(pf, vfid, num);
	if (err)
		pr_err("IOV: Failed to provision VF%u with %u contexts (%d)\n", vfid, num, err);
	else if (reprovisioning)
		pf_mark_manual(pf);
	return err;
}

/**
 * pf_provision_set_ctxs - __pf_provision_set_ctxs() under the provisioning lock
 * @pf: the PF
 * @vfid: the VF (1..total_vfs)
 * @num: context IDs, rounded up to 128; 0 releases them
 *
 * Return: as __pf_provision_set_ctxs().
 */
int pf_provision_set_ctxs(struct pf *pf, u32 vfid, u32 num)
{
	int err;

	mutex_lock(&pf->lock);
	err = __pf_provision_set_ctxs(pf, vfid, num);
	mutex_unlock(&pf->lock);
	return err;
}
EXPORT_SYMBOL_GPL(pf_provision_set_ctxs);

/*
 * i915's pf_provision_dbs(): the same count is nothing to do; doorbells the
 * VF had go first (out of the GuC too while it is live); then -EDQUOT when
 * the VFs' doorbells, the spare and the new count pass 256, -ENOSPC without
 * a free run, and the new range goes to the GuC, kept only if it takes it.
 */
static int pf_provision_dbs(struct pf *pf, u32 vfid, u32 num)
{
	struct pf_vf_config *cfg = &pf->config[vfid];
	bool live = pf_vf_live(pf, vfid);
	u32 begin;
	int err;

	if (num == cfg->num_dbs)
		return 0;
	if (cfg->num_dbs) {
		pf_db_release(pf, vfid);
		cfg->begin_db = 0;
		cfg->num_dbs = 0;
		err = live ? pf_push_vf_dbs(pf, vfid, 0, 0) : 0;
		if (err)
			return err;
	}
	if (!num)
		return 0;
	err = pf_db_alloc(pf, vfid, num, &begin);
	if (err)
		return err;
	err = live ? pf_push_vf_dbs(pf, vfid, begin, num) : 0;
	if (err) {
		pf_db_release(pf, vfid);
		return err;
	}
	cfg->begin_db = begin;
	cfg->num_dbs = num;
	return 0;
}

/**
 * __pf_provision_set_dbs - set a VF's doorbell quota
 * @pf: the PF, its lock held
 * @vfid: the VF (1..total_vfs)
 * @num: doorbells; 0 releases them
 *
 * As i915, a count above 256 is -EDQUOT (pf_alloc_dbs_range()), not -E2BIG;
 * above 65535, -ERANGE (its doorbells_quota attribute is a u16).
 *
 * Return: 0, -EINVAL, -ERANGE, -EDQUOT, -ENOSPC, or the push's errno; on
 * failure the VF has no doorbells.
 */
static int __pf_provision_set_dbs(struct pf *pf, u32 vfid, u32 num)
{
	bool reprovisioning;
	int err;

	lockdep_assert_held(&pf->lock);
	if (!pf_valid_vfid(pf, vfid))
		return -EINVAL;
	if (num > U16_MAX)
		return -ERANGE;
	reprovisioning = pf->config[vfid].num_dbs || pf->config[vfid].begin_db || num;
	err = pf_provision_dbs(pf, vfid, num);
	if (err)
		pr_err("IOV: Failed to provision VF%u with %u doorbells (%d)\n", vfid, num, err);
	else if (reprovisioning)
		pf_mark_manual(pf);
	return err;
}

/**
 * pf_provision_set_dbs - __pf_provision_set_dbs() under the provisioning lock
 * @pf: the PF
 * @vfid: the VF (1..total_vfs)
 * @num: doorbells; 0 releases them
 *
 * Return: as __pf_provision_set_dbs().
 */
int pf_provision_set_dbs(struct pf *pf, u32 vfid, u32 num)
{
	int err;

	mutex_lock(&pf->lock);
	err = __pf_provision_set_dbs(pf, vfid, num);
	mutex_unlock(&pf->lock);
	return err;
}
EXPORT_SYMBOL_GPL(pf_provision_set_dbs);

/*
 * i915's pf_provision_exec_quantum(), pf_provision_preempt_timeout() and
 * pf_provision_threshold(): a new value goes to the GuC at once, enabled VF
 * or not, and is kept only once the GuC took it.
 */
static int pf_provision_sched(struct pf *pf, u32 vfid, u32 *field, u32 value,
			      enum pf_push_what what, u32 index)
{
	u32 old = *field;
	int err;

	lockdep_assert_held(&pf->lock);
	if (value == old)
		return 0;
	*field = value;
	if (!pf->ct)
		return 0;
	err = pf_push_vf_update(pf, vfid, what, index);
	if (err)
		*field = old;
	return err;
}

/* Set a scheduling value and push it at once; VFID 0 is the PF itself. */
static int pf_set_sched(struct pf *pf, u32 vfid, u32 *field, u32 value, enum pf_push_what what,
			u32 index, const char *name)
{
	int err;

	if (vfid > pf->total_vfs)
		return -EINVAL;
	mutex_lock(&pf->lock);
	err = pf_provision_sched(pf, vfid, field, value, what, index);
	if (err)
		pr_err("IOV: Failed to provision %s%u with %s %u (%d)\n", vfid ? "VF" : "PF", vfid,
		       name, value, err);
	/*
	 * i915 (intel_iov_provisioning_set_exec_quantum() and its siblings)
	 * turns auto mode off only for a non-zero value: zero is the default
	 * and leaves a fair plan possible.
	 */
	else if (vfid && value)
		pf_mark_manual(pf);
	mutex_unlock(&pf->lock);
	return err;
}

/**
 * pf_provision_set_exec_quantum - set the execution quantum
 * @pf: the PF
 * @vfid: the VF, or 0 for the PF
 * @ms: milliseconds, 0 = infinite
 *
 * Return: 0, -EINVAL, or the push's errno (the old value then stays).
 */
int pf_provision_set_exec_quantum(struct pf *pf, u32 vfid, u32 ms)
{
	return pf_set_sched(pf, vfid, &pf->config[vfid].exec_quantum, ms, PF_PUSH_EXEC_QUANTUM, 0,
			    "execution quantum");
}
EXPORT_SYMBOL_GPL(pf_provision_set_exec_quantum);

/**
 * pf_provision_set_preempt_timeout - set the preemption timeout
 * @pf: the PF
 * @vfid: the VF, or 0 for the PF
 * @us: microseconds, 0 = infinite
 *
 * Return: 0, -EINVAL, or the push's errno (the old value then stays).
 */
int pf_provision_set_preempt_timeout(struct pf *pf, u32 vfid, u32 us)
{
	return pf_set_sched(pf, vfid, &pf->config[vfid].preempt_timeout, us,
			    PF_PUSH_PREEMPT_TIMEOUT, 0, "preemption timeout");
}
EXPORT_SYMBOL_GPL(pf_provision_set_preempt_timeout);

/**
 * pf_provision_set_threshold - set one adverse-event threshold of a VF
 * @pf: the PF
 * @vfid: the VF (1..total_vfs)
 * @index: which threshold (GUC_KLV_VF_CFG_THRESHOLD_* order)
 * @value: the threshold, 0 = not reported
 *
 * Return: 0, -EINVAL, or the push's errno (the old value then stays).
 */
int pf_provision_set_threshold(struct pf *pf, u32 vfid, u32 index, u32 value)
{
	if (!pf_valid_vfid(pf, vfid) || index >= PF_NUM_THRESHOLDS)
		return -EINVAL;
	return pf_set_sched(pf, vfid, &pf->config[vfid].thresholds[index], value, PF_PUSH_THRESHOLD,
			    index, "threshold");
}
EXPORT_SYMBOL_GPL(pf_provision_set_threshold);

/* ------------------------------------------------------------------------
 * Unprovisioning and fair auto-provisioning
 */

/**
 * __pf_unprovision_config - take everything a VF has, as i915's pf_unprovision_config()
 * @pf: the PF, its lock held
 * @vfid: the VF
 *
 * GGTT, contexts and doorbells (out of the GuC too while the VF is live),
 * then the execution quantum, the preemption timeout and each threshold
 * (pushed as 0 to the GuC when not 0 already). A step that fails does not
 * stop the others.
 */
void __pf_unprovision_config(struct pf *pf, u32 vfid)
{
	struct pf_vf_config *cfg = &pf->config[vfid];
	u32 i;

	lockdep_assert_held(&pf->lock);
	pf_assert_vfid(pf, vfid);
	pf_provision_ggtt(pf, vfid, 0);
	pf_provision_ctxs(pf, vfid, 0);
	pf_provision_dbs(pf, vfid, 0);
	pf_provision_sched(pf, vfid, &cfg->exec_quantum, 0, PF_PUSH_EXEC_QUANTUM, 0);
	pf_provision_sched(pf, vfid, &cfg->preempt_timeout, 0, PF_PUSH_PREEMPT_TIMEOUT, 0);
	for (i = 0; i < PF_NUM_THRESHOLDS; i++)
		pf_provision_sched(pf, vfid, &cfg->thresholds[i], 0, PF_PUSH_THRESHOLD, i);
}
EXPORT_SYMBOL_GPL(__pf_unprovision_config);

/**
 * __pf_auto_unprovision - undo auto mode, as i915's pf_auto_unprovision()
 * @pf: the PF, its lock held
 *
 * When the configs came from auto mode (even if changed by hand since),
 * every VF is unprovisioned, max_vfs down to 1 (pf_unprovision_all()).
 */
void __pf_auto_unprovision(struct pf *pf)
{
	u32 vfid;

	lockdep_assert_held(&pf->lock);
	if (pf->auto_provisioned)
		for (vfid = pf->total_vfs; vfid >= 1; vfid--)
			__pf_unprovision_config(pf, vfid);
	pf->auto_provisioned = false;
}
EXPORT_SYMBOL_GPL(__pf_auto_unprovision);

/* i915's pf_auto_provision_ggtt(): the largest range less the spare, shared. */
static int pf_auto_provision_ggtt(struct pf *pf, u32 num_vfs)
{
	u64 fair = ALIGN_DOWN(pf_ggtt_max_quota(pf) / num_vfs, PF_GGTT_ALIGN);
	u32 vfid;
	int err;

	if (!fair)
		return -ENOSPC;
	for (vfid = 1; vfid <= num_vfs; vfid++) {
		if (pf->config[vfid].ggtt.size)
			return -EUCLEAN;
		err = pf_provision_ggtt(pf, vfid, fair);
		if (err)
			return err;
	}
	return 0;
}

/* i915's pf_auto_provision_ctxs(): all free IDs less the spare, shared. */
static int pf_auto_provision_ctxs(struct pf *pf, u32 num_vfs)
{
	u32 fair = ALIGN_DOWN(pf_ctx_free(pf) / num_vfs, PF_CTX_BLOCK), vfid;
	int err;

	if (!fair)
		return -ENOSPC;
	for (vfid = 1; vfid <= num_vfs; vfid++) {
		if (pf->config[vfid].num_ctxs)
			return -EUCLEAN;
		err = pf_provision_ctxs(pf, vfid, fair);
		if (err)
			return err;
	}
	return 0;
}

/* i915's pf_auto_provision_dbs(): the 256 the PF does not hold, spare or not. */
static int pf_auto_provision_dbs(struct pf *pf, u32 num_vfs)
{
	u32 fair = PF_NUM_DOORBELLS / num_vfs, vfid;
	int err;

	if (!fair)
		return -ENOSPC;
	for (vfid = 1; vfid <= num_vfs; vfid++) {
		if (pf->config[vfid].num_dbs || pf->config[vfid].begin_db)
			return -EUCLEAN;
		err = pf_provision_dbs(pf, vfid, fair);
		if (err)
			return err;
	}
	return 0;
}

/**
 * __pf_provision_auto - give VFs 1..num_vfs fair shares of every resource
 * @pf: the PF, its lock held, with every config of VFs 1..num_vfs empty
 * @num_vfs: how many VFs
 *
 * As i915's pf_auto_provision(), one resource at a time for all VFs: GGTT
 * is the largest available range (the spare taken out) divided by num_vfs,
 * 4 KiB aligned; contexts are all free IDs (the spare taken out) divided by
 * num_vfs, 128 aligned; doorbells are the 256 the PF does not hold itself
 * divided by num_vfs, with no regard for the doorbell spare. Each share is
 * then provisioned as a manual request would be, so a doorbell spare larger
 * than what the fair shares leave over (256 - num_vfs * (256 / num_vfs))
 * makes the last VF fail with -EDQUOT, exactly as on i915. On failure
 * every VF is unprovisioned (__pf_auto_unprovision()), scheduling values
 * and VFs past num_vfs too, as i915 does.
 *
 * Return: 0, -EINVAL for a bad count, -ENOSPC if a share is empty or does
 * not fit, -EDQUOT if a share exceeds what is available, -EUCLEAN if a VF
 * has the resource already.
 */
int __pf_provision_auto(struct pf *pf, u32 num_vfs)
{
	int err;

	lockdep_assert_held(&pf->lock);
	if (!num_vfs || num_vfs > pf->total_vfs)
		return -EINVAL;
	pf->auto_provisioned = true;
	err = pf_auto_provision_ggtt(pf, num_vfs);
	if (!err)
		err = pf_auto_provision_ctxs(pf, num_vfs);
	if (!err)
		err = pf_auto_provision_dbs(pf, num_vfs);
	if (!err)
		return 0;
	pr_err("IOV: Failed to auto provision %u VFs (%d)\n", num_vfs, err);
	__pf_auto_unprovision(pf);
	return err;
}

/**
 * pf_provision_auto - __pf_provision_auto() under the provisioning lock
 * @pf: the PF
 * @num_vfs: how many VFs
 *
 * Return: as __pf_provision_auto().
 */
int pf_provision_auto(struct pf *pf, u32 num_vfs)
{
	int err;

	mutex_lock(&pf->lock);
	err = __pf_provision_auto(pf, num_vfs);
	mutex_unlock(&pf->lock);
	return err;
}
EXPORT_SYMBOL_GPL(pf_provision_auto);

/* ------------------------------------------------------------------------
 * Spares and the auto-provisioning switch
 */

/**
 * pf_provision_set_spare_ggtt - set the GGTT the PF keeps
 * @pf: the PF
 * @size: bytes, rounded up to 4 KiB; 0 = the default (64 MiB)
 *
 * As intel_iov_provisioning_set_spare_ggtt(): no upper bound (a spare past
 * the GGTT leaves VFs nothing), and one that cannot be rounded up is
 * U64_MAX.
 *
 * Return: 0, or -EINVAL below 64 MiB.
 */
int pf_provision_set_spare_ggtt(struct pf *pf, u64 size)
{
	if (size && size < PF_GGTT_MIN_SPARE)
		return -EINVAL;
	mutex_lock(&pf->lock);
	pf->spare.ggtt = size > U64_MAX - (PF_GGTT_ALIGN - 1) ? U64_MAX :
								ALIGN(size, PF_GGTT_ALIGN);
	mutex_unlock(&pf->lock);
	return 0;
}
EXPORT_SYMBOL_GPL(pf_provision_set_spare_ggtt);

/**
 * pf_provision_set_spare_ctxs - set the context IDs the PF keeps
 * @pf: the PF
 * @num: IDs; 0 = the default (256)
 *
 * Return: 0, -ERANGE above 65535 (i915's u16 contexts_spare attribute), or
 * -EINVAL below 256.
 */
int pf_provision_set_spare_ctxs(struct pf *pf, u32 num)
{
	if (num > U16_MAX)
		return -ERANGE;
	if (num && num < PF_CTX_MIN_SPARE)
		return -EINVAL;
	mutex_lock(&pf->lock);
	pf->spare.ctxs = num;
	mutex_unlock(&pf->lock);
	return 0;
}
EXPORT_SYMBOL_GPL(pf_provision_set_spare_ctxs);

/**
 * pf_provision_set_spare_dbs - set the doorbells the PF keeps
 * @pf: the PF
 * @num: doorbells (default 0)
 *
 * Return: 0, -ERANGE above 65535 (i915's u16 doorbells_spare attribute), or
 * -EINVAL above 256.
 */
int pf_provision_set_spare_dbs(struct pf *pf, u32 num)
{
	if (num > U16_MAX)
		return -ERANGE;
	if (num > PF_NUM_DOORBELLS)
		return -EINVAL;
	mutex_lock(&pf->lock);
	pf->spare.dbs = num;
	mutex_unlock(&pf->lock);
	return 0;
}
EXPORT_SYMBOL_GPL(pf_provision_set_spare_dbs);

/**
 * pf_provision_set_auto - turn fair auto-provisioning on or off
 * @pf: the PF
 * @on: the new setting
 *
 * Turning it off is always allowed. Turning it on is refused while any VF
 * of the max_vfs holds a resource (GGTT, contexts or doorbells), as
 * i915_sriov_pf_set_auto_provisioning() refuses it unless
 * intel_iov_provisioning_verify() finds every config empty. Scheduling
 * values and thresholds do not count: the fair plan leaves them alone.
 *
 * Return: 0, or -ESTALE.
 */
int pf_provision_set_auto(struct pf *pf, bool on)
{
	int err = 0;

	mutex_lock(&pf->lock);
	if (on == pf->auto_provisioning)
		goto out;
	if (on && pf->total_vfs && __pf_provision_verify(pf, pf->total_vfs) != -ENODATA) {
		err = -ESTALE;
		goto out;
	}
	pf->auto_provisioning = on;
	pr_info("IOV: VFs auto-provisioning was turned %s\n", on ? "on" : "off");
out:
	mutex_unlock(&pf->lock);
	return err;
}
EXPORT_SYMBOL_GPL(pf_provision_set_auto);

/* ------------------------------------------------------------------------
 * Policies
 */

/*
 * As i915's pf_update_bool_policy() and pf_update_policy_u32(): push the one
 * policy (even unchanged), and keep the new value only once the GuC has it.
 */
static int pf_set_policy(struct pf *pf, u16 key, u32 value)
{
	int err = 0;

	mutex_lock(&pf->lock);
	if (pf->ct)
		err = pf_push_policy(pf, key, value);
	if (!err) {
		switch (key) {
		case GUC_KLV_VGT_POLICY_SCHED_IF_IDLE_KEY:
			pf->policies.sched_if_idle = value;
			break;
		case GUC_KLV_VGT_POLICY_RESET_AFTER_VF_SWITCH_KEY:
			pf->policies.reset_engine = value;
			break;
		case GUC_KLV_VGT_POLICY_ADVERSE_SAMPLE_PERIOD_KEY:
			pf->policies.sample_period_ms = value;
			break;
		}
	}
	mutex_unlock(&pf->lock);
	return err;
}

/**
 * pf_provision_set_sched_if_idle - strict scheduling: idle VFs keep their slice
 * @pf: the PF
 * @on: the policy
 *
 * Return: 0 or the push's errno (the old policy then stays).
 */
int pf_provision_set_sched_if_idle(struct pf *pf, bool on)
{
	return pf_set_policy(pf, GUC_KLV_VGT_POLICY_SCHED_IF_IDLE_KEY, on);
}
EXPORT_SYMBOL_GPL(pf_provision_set_sched_if_idle);

/**
 * pf_provision_set_reset_engine - reset engines on every VF switch
 * @pf: the PF
 * @on: the policy
 *
 * Return: 0 or the push's errno (the old policy then stays).
 */
int pf_provision_set_reset_engine(struct pf *pf, bool on)
{
	return pf_set_policy(pf, GUC_KLV_VGT_POLICY_RESET_AFTER_VF_SWITCH_KEY, on);
}
EXPORT_SYMBOL_GPL(pf_provision_set_reset_engine);

/**
 * pf_provision_set_sample_period - adverse-event sample period
 * @pf: the PF
 * @ms: milliseconds, 0 = adverse events not counted
 *
 * Return: 0 or the push's errno (the old policy then stays).
 */
int pf_provision_set_sample_period(struct pf *pf, u32 ms)
{
	return pf_set_policy(pf, GUC_KLV_VGT_POLICY_ADVERSE_SAMPLE_PERIOD_KEY, ms);
}
EXPORT_SYMBOL_GPL(pf_provision_set_sample_period);
