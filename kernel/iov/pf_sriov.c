// SPDX-License-Identifier: MIT
/*
 * Enabling and disabling VFs (what a write to sriov_numvfs does), and
 * restarting after a GuC reset, as i915_sriov_pf_enable_vfs(),
 * i915_sriov_pf_disable_vfs() and pf_reprovision_pf() do it.
 *
 * Enable: verify the configs, auto-provision if they are all empty and auto
 * mode is on, push one PF2GUC_UPDATE_VF_CFG per VF (pf_push_configs()),
 * then let the PCI core create the VFs. A failed push leaves what the GuC
 * already took there (i915 counts VFs as pushed only once all are); a
 * failed PCI enable resets every pushed VF, highest first; either way what
 * auto mode provisioned is undone.
 *
 * Disable: refused while a VF is assigned to a guest; otherwise the VFs go,
 * every VF's FLR is started, then each is waited for, the wait halving
 * after every timeout; unless an FLR is still in progress, the pushed
 * configs are reset highest VF first and, if auto mode provisioned them,
 * every config is unprovisioned (scheduling values too), so manual quotas
 * survive a disable and re-enable.
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
EXPORT_SYMBOL_GPL(pf_init);

/**
 * pf_fini - free what the PF holds: VF messages still queued, unanswered
 * @pf: the PF, detached from its channel (no G2H handler runs any more)
 */
void pf_fini(struct pf *pf)
{
	pf_relay_flush(pf);
}
EXPORT_SYMBOL_GPL(pf_fini);

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
EXPORT_SYMBOL_GPL(pf_set_platform);

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
EXPORT_SYMBOL_GPL(pf_attach);

static int __pf_disable_vfs(struct pf *pf);

/*
 * i915's pf_push_configs(): the whole config of VFs 1..num, one request
 * each (an empty one is skipped); VFs count as pushed only once all are.
 */
static int pf_push_configs(struct pf *pf, u32 num)
{
	u32 vfid;
	int err;

	for (vfid = 1; vfid <= num; vfid++) {
		err = pf_push_vf_config(pf, vfid);
		if (err) {
			pr_err("IOV: Failed to push configurations (%d)\n", err);
			return err;
		}
	}
	pf->num_pushed = num;
	return 0;
}

/*
 * i915's pf_push_no_configs(): reset VFs num_pushed..1 to the GuC's
 * defaults (empty ones too), stopping at the first that fails.
 */
static int pf_push_no_configs(struct pf *pf)
{
	u32 n;

	for (n = pf->num_pushed; n > 0; n--)
		if (pf_push_vf_reset(pf, n))
			break;
	pf->num_pushed = n;
	if (n)
		pr_err("IOV: Failed to push configurations (%d)\n", -ESTALE);
	return n ? -ESTALE : 0;
}

/**
 * __pf_enable_vfs - enable num_vfs VFs
 * @pf: the PF, attached
 * @num_vfs: 1..total_vfs (0 disables)
 *
 * Return: 0; -ERANGE above total_vfs; -EBUSY if VFs are already enabled
 * or the PF is not confirmed yet (pf_confirm()); -ENODEV without a working GuC channel; -ENOKEY for a mix of valid and
 * partial configs; -ENOSPC if auto-provisioning found no room; or the errno
 * of a push or of the PCI core.
 */
static int __pf_enable_vfs(struct pf *pf, u32 num_vfs)
{
	int err;

	lockdep_assert_held(&pf->lock);
	if (!num_vfs)
		return __pf_disable_vfs(pf);
	if (num_vfs > pf->total_vfs)
		return -ERANGE;
	if (pf->num_vfs)
		return -EBUSY;
	/* i915_sriov_pf_status(): the PF is not confirmed yet */
	if (!pf->confirmed) {
		err = -EBUSY;
		goto fail;
	}
	/* i915 finds out at its first send (-ENODEV) and says so, as below */
	if (!pf->ct || !guc_ct_enabled(pf->ct)) {
		err = -ENODEV;
		goto fail;
	}

	err = __pf_provision_verify(pf, num_vfs);
	if (err == -ENODATA && pf->auto_provisioning) {
		err = __pf_provision_auto(pf, num_vfs);
	} else if (err == -ENODATA) {
		pr_info("IOV: no VF configs, trusting late provisioning\n");
		err = 0;
	} else if (err) {
		pr_err("IOV: VF configs are incomplete (%d)\n", err);
	}
	if (err)
		goto fail_pm;

	err = pf_push_configs(pf, num_vfs);
	if (err)
		goto fail_pm;
	if (pf->ops && pf->ops->sriov_enable) {
		err = pf->ops->sriov_enable(pf->priv, num_vfs);
		if (err)
			goto fail_guc;
	}
	pf->num_vfs = num_vfs;
	pr_info("IOV: Enabled %u VFs\n", num_vfs);
	return 0;

fail_guc:
	pf_push_no_configs(pf);
fail_pm:
	__pf_auto_unprovision(pf);
fail:
	pr_err("IOV: Failed to enable %u VFs (%d)\n", num_vfs, err);
	return err;
}

/* A wait that ended without the FLR done or failed (i915: still in progress). */
static bool pf_flr_in_progress(int wait)
{
	return wait && wait != -EIO;
}

/*
 * i915's pf_wait_vfs_flr(): wait for each VF's FLR in turn, halving the
 * wait after each that times out (0 ms: a look), and report each of those.
 * Returns how many did.
 */
static u32 pf_wait_vfs_flr(struct pf *pf, u32 n, u32 timeout_ms)
{
	u32 vfid, timed_out = 0;

	for (vfid = 1; vfid <= n; vfid++) {
		if (pf_flr_in_progress(pf_control_wait_flr(pf, vfid, timeout_ms))) {
			pr_err("IOV: VF%u FLR didn't complete within %u ms\n", vfid, timeout_ms);
			timeout_ms /= 2;
			timed_out++;
		}
	}
	return timed_out;
}

/**
 * __pf_disable_vfs - disable all VFs
 * @pf: the PF
 *
 * Return: 0, or -EPERM while a VF is assigned to a guest (nothing changes).
 */
static int __pf_disable_vfs(struct pf *pf)
{
	u32 n = pf->num_vfs, vfid, assigned = 0, in_flr;

	for (vfid = 1; vfid <= n; vfid++)
		if (pf->ops && pf->ops->vf_assigned && pf->ops->vf_assigned(pf->priv, vfid))
			assigned++;
	if (assigned) {
		pr_err("IOV: Can't disable %u VFs, %u are still assigned\n", n, assigned);
		return -EPERM;
	}
	if (!n)
		return 0;

	if (pf->ops && pf->ops->sriov_disable)
		pf->ops->sriov_disable(pf->priv);
	pf->num_vfs = 0;

	/* i915's pf_start_vfs_flr(), then pf_wait_vfs_flr() twice */
	for (vfid = 1; vfid <= n; vfid++)
		pf_control_start_flr(pf, vfid);
	pf_wait_vfs_flr(pf, n, PF_FLR_TIMEOUT_MS);
	in_flr = pf_wait_vfs_flr(pf, n, 0);

	if (in_flr) {
		pr_warn("IOV: Can't unprovision %u VFs, %u FLRs are still in progress\n", n,
			in_flr);
	} else {
		pf_push_no_configs(pf);
		__pf_auto_unprovision(pf);
	}
	pr_info("IOV: Disabled %u VFs\n", n);
	return 0;
}

/*
 * i915's pf_push_self_config() (intel_iov_provisioning_force_vgt_mode()):
 * the PF's own config as VFID 0, one KLV per request, all six sent whatever
 * the replies: the GuC switches to virtualization mode on it. Sent until it
 * has once been taken, and again only after a restart.
 */
static int pf_push_self_config(struct pf *pf)
{
	u64 start = pf->ggtt_base;
	int err = 0;

	if (pf->self_done)
		return 0;
	err |= pf_push_vf_klv(pf, GUC_PF_VFID, GUC_KLV_VF_CFG_GGTT_START_KEY, start);
	err |= pf_push_vf_klv(pf, GUC_PF_VFID, GUC_KLV_VF_CFG_GGTT_SIZE_KEY, PF_GGTT_TOP - start);
	err |= pf_push_vf_klv(pf, GUC_PF_VFID, GUC_KLV_VF_CFG_BEGIN_CONTEXT_ID_KEY, 0);
	err |= pf_push_vf_klv(pf, GUC_PF_VFID, GUC_KLV_VF_CFG_NUM_CONTEXTS_KEY, PF_MAX_CONTEXT_ID);
	err |= pf_push_vf_klv(pf, GUC_PF_VFID, GUC_KLV_VF_CFG_BEGIN_DOORBELL_ID_KEY, 0);
	err |= pf_push_vf_klv(pf, GUC_PF_VFID, GUC_KLV_VF_CFG_NUM_DOORBELLS_KEY, PF_NUM_DOORBELLS);
	if (!err) {
		pf->self_done = true;
		return 0;
	}
	pr_err("IOV: Failed to force VGT mode (%d)\n", -EREMOTEIO);
	return -EREMOTEIO;
}

/**
 * __pf_restart - push everything again after a GuC reset
 * @pf: the PF, whose CT channel the caller has re-enabled
 *
 * As i915's intel_iov_provisioning_restart() and its worker: nothing counts
 * as pushed any more, the PF's self config included; then, only once the
 * PF was confirmed (the worker runs only then): the PF's own config
 * (pf_push_self_config()), the three policies, the PF's execution quantum and preemption timeout (each
 * in a request of its own, zero or not), then the whole config of every
 * enabled VF. The scheduling values of VFs that are not enabled are not
 * pushed: i915 leaves them out too.
 *
 * Return: 0 or the first errno (the remaining pushes are still tried, up to
 * the VF configs, which stop at the first failure).
 */
static int __pf_restart(struct pf *pf)
{
	int err, first = 0;

	pf->num_pushed = 0;
	pf->self_done = false;
	if (!pf->confirmed)
		return 0;
	err = pf_push_self_config(pf);
	first = first ?: err;
	err = pf_push_policies(pf);
	first = first ?: err;
	err = pf_push_vf_update(pf, GUC_PF_VFID, PF_PUSH_EXEC_QUANTUM, 0);
	first = first ?: err;
	err = pf_push_vf_update(pf, GUC_PF_VFID, PF_PUSH_PREEMPT_TIMEOUT, 0);
	first = first ?: err;
	if (pf->num_vfs) {
		err = pf_push_configs(pf, pf->num_vfs);
		first = first ?: err;
	}
	if (first)
		pr_err("IOV: Failed to restore the GuC state after reset (%d)\n", first);
	return first;
}

/**
 * pf_confirm - the PF is ready: turn the GuC's virtualization mode on
 * @pf: the PF, attached
 *
 * As the GuC part of i915_sriov_pf_confirm(): the PF counts as confirmed
 * (a restart pushes its state from now on) and its own config goes to the
 * GuC, unless it already went (the GuC starts in native mode and turns
 * virtualization mode on only when it receives VF config KLVs).
 *
 * Return: 0, -ENODEV without a GuC, or -EREMOTEIO if the GuC refused a KLV.
 */
int pf_confirm(struct pf *pf)
{
	int err;

	if (!pf->ct)
		return -ENODEV;
	mutex_lock(&pf->lock);
	pf->confirmed = true;
	err = pf_push_self_config(pf);
	mutex_unlock(&pf->lock);
	return err;
}
EXPORT_SYMBOL_GPL(pf_confirm);

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
EXPORT_SYMBOL_GPL(pf_enable_vfs);

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
EXPORT_SYMBOL_GPL(pf_disable_vfs);

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
EXPORT_SYMBOL_GPL(pf_restart);
