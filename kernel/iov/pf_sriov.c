// SPDX-License-Identifier: MIT
/*
 * Enabling and disabling VFs (what a write to sriov_numvfs does), and
 * restarting after a GuC reset.
 *
 * Enable: verify the configs, auto-provision if they are all empty and auto
 * mode is on, push one PF2GUC_UPDATE_VF_CFG per VF, then let the PCI core
 * create the VFs. Any failure undoes every step: pushed VFs are reset (and
 * their scheduling values put back), auto-provisioned resources released.
 *
 * Disable: refused while a VF is assigned to a guest; otherwise the VFs go,
 * each gets an FLR, the pushed configs are reset highest VF first, and
 * configs are dropped only if auto mode provisioned them (then all of them,
 * scheduling values too, as i915), so manual quotas survive a disable and
 * re-enable.
 */
#include "iov/pf_sriov.h"
#include "iov/pf_control.h"
#include "iov/pf_provision.h"
#include "iov/pf_push.h"
#include "iov/pf_relay.h"
#include "iov/pf_resources.h"
#include "guc/guc_ct.h"

/**
 * pf_init - an idle PF for max_vfs VFs, with no GuC attached
 * @pf: the PF
 * @total_vfs: max_vfs, 0..7
 *
 * Enough for planning (vfctl provision plan); pf_attach() adds the GuC and
 * the driver.
 *
 * Return: 0, or -EINVAL for more than 7 VFs.
 */
int pf_init(struct pf *pf, u32 total_vfs)
{
	if (total_vfs > PF_MAX_VFS)
		return -EINVAL;
	memset(pf, 0, sizeof(*pf));
	mutex_init(&pf->lock);
	spin_lock_init(&pf->relay_lock);
	spin_lock_init(&pf->state_lock);
	pf->total_vfs = total_vfs;
	pf->auto_provisioning = true;
	pf->platform = pf_platform_default();
	pf->ggtt_base = pf_platform_ggtt_base(pf->platform);
	pf_resources_init(pf);
	return 0;
}

/**
 * pf_set_platform - take the GGTT layout of another platform
 * @pf: the PF, after pf_init() and before any GGTT is given out
 * @platform: its table entry (iov/pf_platform.h)
 *
 * The platform fixes where usable GGTT begins (i915's pin_bias).
 *
 * Return: 0, or -EBUSY once the PF or a VF holds GGTT.
 */
int pf_set_platform(struct pf *pf, const struct pf_platform *platform)
{
	u32 vfid;
	int err = 0;

	mutex_lock(&pf->lock);
	if (pf->num_pf_ggtt)
		err = -EBUSY;
	for (vfid = 1; vfid <= PF_MAX_VFS; vfid++)
		if (pf->config[vfid].ggtt.size)
			err = -EBUSY;
	if (!err) {
		pf->platform = platform;
		pf->ggtt_base = pf_platform_ggtt_base(platform);
	}
	mutex_unlock(&pf->lock);
	return err;
}

/**
 * pf_attach - connect the PF to its GuC and its driver
 * @pf: the PF, after pf_init()
 * @ct: the CT channel to the GuC; its event handlers become the PF's
 * @ops: the driver's hooks
 * @priv: passed to @ops
 * @klv_buf: a buffer the GuC can read, for KLV blobs
 * @klv_buf_ggtt: its GGTT address
 * @klv_buf_dwords: its size in dwords (at least 32)
 */
void pf_attach(struct pf *pf, struct guc_ct *ct, const struct pf_ops *ops, void *priv, u32 *klv_buf,
	       u32 klv_buf_ggtt, u32 klv_buf_dwords)
{
	pf->ct = ct;
	pf->ops = ops;
	pf->priv = priv;
	pf->klv_buf = klv_buf;
	pf->klv_buf_ggtt = klv_buf_ggtt;
	pf->klv_buf_dwords = klv_buf_dwords;

	pf->handlers[0].action = GUC_ACTION_GUC2PF_VF_STATE_NOTIFY;
	pf->handlers[0].handle = pf_handle_vf_state;
	pf->handlers[1].action = GUC_ACTION_GUC2PF_ADVERSE_EVENT;
	pf->handlers[1].handle = pf_handle_adverse_event;
	pf->handlers[2].action = GUC_ACTION_GUC2PF_RELAY_FROM_VF;
	pf->handlers[2].handle = pf_relay_handle_event;
	pf->handlers[3].action = GUC_ACTION_GUC2PF_MMIO_RELAY_SERVICE;
	pf->handlers[3].handle = pf_relay_handle_mmio_event;
	pf->handlers[0].data = pf->handlers[1].data = pf->handlers[2].data = pf;
	pf->handlers[3].data = pf;
	guc_ct_set_event_handlers(ct, pf->handlers, ARRAY_SIZE(pf->handlers));
}

static int __pf_disable_vfs(struct pf *pf);
static int pf_unpush(struct pf *pf, u32 vfid);

/*
 * Take the pushed configs of VFs n..1 out of the GuC. After auto mode a
 * reset is all (the configs go next); after manual provisioning the values
 * the GuC keeps for disabled VFs are put back. Returns the VFs reset.
 */
static u32 pf_unpush_all(struct pf *pf, u32 n, bool auto_mode)
{
	u32 vfid, reset = 0;
	int err;

	for (vfid = n; vfid >= 1; vfid--) {
		if (!pf->state[vfid].pushed)
			continue;
		err = auto_mode ? pf_push_vf_reset(pf, vfid) : pf_unpush(pf, vfid);
		if (err)
			pr_err("IOV: VF%u left configured in the GuC\n", vfid);
		else
			reset |= BIT(vfid);
	}
	return reset;
}

/* Zero one scheduling value; the GuC is told unless it was just reset. */
static void pf_zero_sched(struct pf *pf, u32 vfid, u32 *field, enum pf_push_what what, u32 index,
			  bool in_guc)
{
	if (!*field)
		return;
	*field = 0;
	if (in_guc && pf_push_vf_update(pf, vfid, what, index))
		pr_err("IOV: VF%u keeps a scheduling value in the GuC\n", vfid);
}

/*
 * As i915's pf_auto_unprovision() (from intel_iov_provisioning_auto(0) on
 * disable, and on a failed enable): when auto mode provisioned the VFs,
 * everything of every VF goes, VF total_vfs first: resources, and the
 * scheduling values and thresholds too (pf_unprovision_config()).
 */
static void pf_auto_unprovision(struct pf *pf, u32 reset)
{
	u32 vfid, i;

	for (vfid = pf->total_vfs; vfid >= 1; vfid--) {
		struct pf_vf_config *cfg = &pf->config[vfid];
		bool in_guc = pf->ct && !(reset & BIT(vfid));

		__pf_provision_release(pf, vfid);
		pf_zero_sched(pf, vfid, &cfg->exec_quantum, PF_PUSH_EXEC_QUANTUM, 0, in_guc);
		pf_zero_sched(pf, vfid, &cfg->preempt_timeout, PF_PUSH_PREEMPT_TIMEOUT, 0, in_guc);
		for (i = 0; i < PF_NUM_THRESHOLDS; i++)
			pf_zero_sched(pf, vfid, &cfg->thresholds[i], PF_PUSH_THRESHOLD, i, in_guc);
	}
	pf->auto_provisioned = false;
}

/* Reset a pushed VF in the GuC, keeping the values that live there anyway. */
static int pf_unpush(struct pf *pf, u32 vfid)
{
	int err = pf_push_vf_reset(pf, vfid);

	return err ? err : pf_push_vf_sched(pf, vfid);
}

/**
 * __pf_enable_vfs - enable num_vfs VFs
 * @pf: the PF, attached
 * @num_vfs: 1..total_vfs (0 disables)
 *
 * Return: 0; -ERANGE above total_vfs; -EBUSY if VFs are already enabled;
 * -ENODEV without a working GuC channel; -ENOKEY for a mix of valid and
 * partial configs; -ENOSPC if auto-provisioning found no room; or the errno
 * of a push or of the PCI core. On failure nothing is left changed.
 */
static int __pf_enable_vfs(struct pf *pf, u32 num_vfs)
{
	lockdep_assert_held(&pf->lock);
	bool provisioned_now = false;
	u32 vfid, reset;
	int err;

	if (!num_vfs)
		return __pf_disable_vfs(pf);
	if (num_vfs > pf->total_vfs)
		return -ERANGE;
	if (pf->num_vfs)
		return -EBUSY;
	if (!pf->ct || !guc_ct_enabled(pf->ct))
		return -ENODEV;

	err = __pf_provision_verify(pf, num_vfs);
	if (err == -ENODATA && pf->auto_provisioning) {
		err = __pf_provision_auto(pf, num_vfs);
		provisioned_now = !err;
	} else if (err == -ENODATA) {
		pr_info("IOV: no VF configs, trusting late provisioning\n");
		err = 0;
	} else if (err) {
		pr_err("IOV: VF configs are incomplete (%d)\n", err);
	}
	if (err)
		goto fail;

	for (vfid = 1; vfid <= num_vfs; vfid++) {
		err = pf_push_vf_config(pf, vfid);
		if (err)
			goto unpush;
	}
	if (pf->ops && pf->ops->sriov_enable) {
		err = pf->ops->sriov_enable(pf->priv, num_vfs);
		if (err)
			goto unpush;
	}
	pf->num_vfs = num_vfs;
	pr_info("IOV: Enabled %u VFs\n", num_vfs);
	return 0;

unpush:
	reset = pf_unpush_all(pf, num_vfs, provisioned_now);
	if (provisioned_now)
		pf_auto_unprovision(pf, reset);
fail:
	pr_err("IOV: Failed to enable %u VFs (%d)\n", num_vfs, err);
	return err;
}

/**
 * __pf_disable_vfs - disable all VFs
 * @pf: the PF
 *
 * Return: 0, or -EPERM while a VF is assigned to a guest (nothing changes).
 */
static int __pf_disable_vfs(struct pf *pf)
{
	u32 n = pf->num_vfs, vfid, assigned = 0, timeout = PF_FLR_TIMEOUT_MS;
	bool flr_pending = false;

	if (!n)
		return 0;
	for (vfid = 1; vfid <= n; vfid++)
		if (pf->ops && pf->ops->vf_assigned && pf->ops->vf_assigned(pf->priv, vfid))
			assigned++;
	if (assigned) {
		pr_err("IOV: Can't disable %u VFs, %u are still assigned\n", n, assigned);
		return -EPERM;
	}

	if (pf->ops && pf->ops->sriov_disable)
		pf->ops->sriov_disable(pf->priv);
	pf->num_vfs = 0;

	/* each VF gets an FLR; the wait halves after every timeout */
	for (vfid = 1; vfid <= n; vfid++) {
		if (pf_control_flr(pf, vfid, timeout) == -ETIMEDOUT) {
			flr_pending = true;
			timeout = max_t(u32, timeout / 2, 1);
		}
	}

	if (flr_pending) {
		pr_warn("IOV: VF FLR still pending, configs stay in the GuC\n");
	} else {
		bool auto_mode = pf->auto_provisioned;
		u32 reset = pf_unpush_all(pf, n, auto_mode);

		if (auto_mode)
			pf_auto_unprovision(pf, reset);
	}
	pr_info("IOV: Disabled %u VFs\n", n);
	return 0;
}

/**
 * __pf_restart - push everything again after a GuC reset
 * @pf: the PF, whose CT channel the caller has re-enabled
 *
 * Policies, the PF's own scheduling values, the full config of every
 * enabled VF, and the scheduling values of the others.
 *
 * Return: 0 or the first errno (the remaining pushes are still tried).
 */
static int __pf_restart(struct pf *pf)
{
	u32 vfid;
	int err, first = 0;

	err = pf_push_policies(pf);
	first = first ?: err;
	err = pf_push_vf_sched(pf, GUC_PF_VFID);
	first = first ?: err;
	for (vfid = 1; vfid <= pf->total_vfs; vfid++) {
		pf->state[vfid].pushed = false;
		if (vfid <= pf->num_vfs)
			err = pf_push_vf_config(pf, vfid);
		else
			err = pf_push_vf_sched(pf, vfid);
		first = first ?: err;
	}
	if (first)
		pr_err("IOV: Failed to restore the GuC state after reset (%d)\n", first);
	return first;
}

/**
 * pf_enable_vfs - enable num_vfs VFs, under the provisioning lock
 * @pf: the PF, attached
 * @num_vfs: 1..total_vfs (0 disables)
 *
 * Return: as described above __pf_enable_vfs().
 */
int pf_enable_vfs(struct pf *pf, u32 num_vfs)
{
	int err;

	mutex_lock(&pf->lock);
	err = __pf_enable_vfs(pf, num_vfs);
	mutex_unlock(&pf->lock);
	return err;
}

/**
 * pf_disable_vfs - disable all VFs, under the provisioning lock
 * @pf: the PF
 *
 * Return: 0, or -EPERM while a VF is assigned to a guest.
 */
int pf_disable_vfs(struct pf *pf)
{
	int err;

	mutex_lock(&pf->lock);
	err = __pf_disable_vfs(pf);
	mutex_unlock(&pf->lock);
	return err;
}

/**
 * pf_restart - push everything again after a GuC reset, under the lock
 * @pf: the PF, whose CT channel the caller has re-enabled
 *
 * Return: 0 or the first errno.
 */
int pf_restart(struct pf *pf)
{
	int err;

	mutex_lock(&pf->lock);
	err = __pf_restart(pf);
	mutex_unlock(&pf->lock);
	return err;
}
