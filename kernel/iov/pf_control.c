// SPDX-License-Identifier: MIT
/*
 * VF control and FLR.
 *
 * The GuC reports VF state changes with GUC2PF_VF_STATE_NOTIFY. The handler
 * runs in the G2H path, where nothing may block, so it only records what
 * happened; pf_control_process() (the driver's worker) moves each VF's FLR
 * along:
 *
 *   FLR event -> PENDING -> VF_CONTROL(FLR_START) -> WAIT_GUC
 *   FLR_DONE event -> PF cleanup -> VF_CONTROL(FLR_FINISH) -> IDLE
 *
 * FLR_START that gets -EBUSY (the H2G ring is full) stays PENDING and is
 * retried on the next run; any other failure leaves the VF in FAILED.
 */
#include "iov/pf_control.h"
#include "iov/pf_push.h"
#include "iov/pf_provision.h"
#include "guc/guc_ct.h"
#include "guc/guc_hxg.h"

#define PF_NSEC_PER_MSEC 1000000ull

static bool pf_vfid_ok(const struct pf *pf, u32 vfid)
{
	return vfid >= 1 && vfid <= pf->total_vfs;
}

/**
 * pf_control_trigger - send PF2GUC_VF_CONTROL
 * @pf: the PF
 * @vfid: the VF
 * @cmd: GUC_PF_TRIGGER_VF_*
 *
 * Return: 0, -EINVAL for a bad VF, -ENODEV without a GuC, or the request's
 * errno.
 */
int pf_control_trigger(struct pf *pf, u32 vfid, u32 cmd)
{
	u32 msg[PF2GUC_VF_CONTROL_REQUEST_MSG_LEN] = {
		guc_hxg_request(GUC_ACTION_PF2GUC_VF_CONTROL, 0),
		vfid,
		cmd,
	};
	int ret;

	if (!pf_vfid_ok(pf, vfid))
		return -EINVAL;
	if (!pf->ct)
		return -ENODEV;
	ret = guc_ct_send_recv(pf->ct, msg, ARRAY_SIZE(msg), NULL, 0);
	return ret < 0 ? ret : 0;
}

/*
 * Wait until @done says yes, draining G2H (and running the worker when
 * asked), for at most @timeout_ms on the channel's clock.
 */
static int pf_wait(struct pf *pf, bool (*done)(const struct pf *pf, u32 vfid), u32 vfid,
		   u32 timeout_ms, bool run_worker)
{
	u64 start = guc_ct_now(pf->ct), now, deadline = start + timeout_ms * PF_NSEC_PER_MSEC;

	for (;;) {
		guc_ct_process_g2h(pf->ct);
		if (run_worker)
			pf_control_process(pf);
		if (done(pf, vfid))
			return 0;
		if (!guc_ct_enabled(pf->ct))
			return -EPIPE;
		now = guc_ct_now(pf->ct);
		if (now >= deadline)
			return -ETIMEDOUT;
		guc_ct_sleep(pf->ct, deadline - now);
	}
}

static bool pf_is_paused(const struct pf *pf, u32 vfid)
{
	return pf->state[vfid].paused;
}

/**
 * pf_control_pause - pause a VF and wait for the GuC to confirm
 * @pf: the PF
 * @vfid: the VF
 *
 * Return: 0 once PAUSE_DONE arrived, -ETIMEDOUT after 500 ms without it,
 * or the errno of the request.
 */
int pf_control_pause(struct pf *pf, u32 vfid)
{
	int err;

	if (!pf_vfid_ok(pf, vfid))
		return -EINVAL;
	pf->state[vfid].paused = false;
	err = pf_control_trigger(pf, vfid, GUC_PF_TRIGGER_VF_PAUSE);
	if (err)
		return err;
	err = pf_wait(pf, pf_is_paused, vfid, PF_PAUSE_TIMEOUT_MS, false);
	if (err) {
		pr_err("IOV: VF%u pause not confirmed (%d)\n", vfid, err);
		return err;
	}
	pr_info("IOV: VF%u paused\n", vfid);
	return 0;
}

/**
 * pf_control_resume - resume a paused or stopped VF
 * @pf: the PF
 * @vfid: the VF
 *
 * Return: 0 or a negative errno.
 */
int pf_control_resume(struct pf *pf, u32 vfid)
{
	int err = pf_control_trigger(pf, vfid, GUC_PF_TRIGGER_VF_RESUME);

	if (!err)
		pf->state[vfid].paused = false;
	return err;
}

/**
 * pf_control_stop - stop a VF: the GuC schedules nothing more from it
 * @pf: the PF
 * @vfid: the VF
 *
 * Return: 0 or a negative errno.
 */
int pf_control_stop(struct pf *pf, u32 vfid)
{
	return pf_control_trigger(pf, vfid, GUC_PF_TRIGGER_VF_STOP);
}

/**
 * pf_control_clear - reset a VF's configuration in the GuC and drop it here
 * @pf: the PF
 * @vfid: the VF
 *
 * Return: 0, or the errno of the reset (the local config is then kept, as
 * the GuC still has it).
 */
int pf_control_clear(struct pf *pf, u32 vfid)
{
	int err;

	if (!pf_vfid_ok(pf, vfid))
		return -EINVAL;
	mutex_lock(&pf->lock);
	if (pf->ct) {
		err = pf_push_vf_reset(pf, vfid);
		if (err) {
			mutex_unlock(&pf->lock);
			return err;
		}
	}
	__pf_provision_release(pf, vfid);
	memset(&pf->config[vfid], 0, sizeof(pf->config[vfid]));
	mutex_unlock(&pf->lock);
	return 0;
}

/* The PF's part of an FLR: counters, then the VF's GGTT (driver hook). */
static void pf_flr_cleanup(struct pf *pf, u32 vfid)
{
	memset(pf->state[vfid].adverse, 0, sizeof(pf->state[vfid].adverse));
	if (pf->ops && pf->ops->flr_cleanup)
		pf->ops->flr_cleanup(pf->priv, vfid);
}

static void pf_flr_step(struct pf *pf, u32 vfid)
{
	struct pf_vf_state *st = &pf->state[vfid];
	int err;

	if (st->flr == PF_FLR_PENDING) {
		/* FLR_DONE may arrive while we wait for FLR_START's reply */
		st->flr = PF_FLR_WAIT_GUC;
		err = pf_control_trigger(pf, vfid, GUC_PF_TRIGGER_VF_FLR_START);
		if (err == -EBUSY) {
			st->flr = PF_FLR_PENDING;
			st->flr_busy++;
			return; /* the next run tries again */
		}
		if (err) {
			st->flr = PF_FLR_FAILED;
			pr_err("IOV: VF%u FLR failed to start (%d)\n", vfid, err);
			return;
		}
	}
	if (st->flr == PF_FLR_WAIT_GUC && st->flr_done) {
		pf_flr_cleanup(pf, vfid);
		err = pf_control_trigger(pf, vfid, GUC_PF_TRIGGER_VF_FLR_FINISH);
		if (err) {
			st->flr = PF_FLR_FAILED;
			pr_err("IOV: VF%u FLR failed to finish (%d)\n", vfid, err);
			return;
		}
		st->flr = PF_FLR_IDLE;
		st->flr_done = false;
		st->paused = false;
		st->flr_count++;
	}
}

/**
 * pf_control_process - the worker: move every VF's FLR along
 * @pf: the PF
 *
 * Sends may dispatch new events while it runs; a VF whose FLR_DONE arrives
 * during its own FLR_START is finished in the same run.
 */
void pf_control_process(struct pf *pf)
{
	u32 vfid;

	if (!pf->ct)
		return;
	for (vfid = 1; vfid <= pf->total_vfs; vfid++)
		pf_flr_step(pf, vfid);
}

static bool pf_flr_settled(const struct pf *pf, u32 vfid)
{
	return pf->state[vfid].flr == PF_FLR_IDLE || pf->state[vfid].flr == PF_FLR_FAILED;
}

/**
 * pf_control_flr - reset a VF from the PF side and wait for it
 * @pf: the PF
 * @vfid: the VF
 * @timeout_ms: how long to wait for the GuC
 *
 * Return: 0 when the FLR completed, -EIO if it failed, -ETIMEDOUT if the
 * GuC did not finish in time (the FLR then stays in progress).
 */
int pf_control_flr(struct pf *pf, u32 vfid, u32 timeout_ms)
{
	int err;

	if (!pf_vfid_ok(pf, vfid))
		return -EINVAL;
	if (!pf->ct)
		return -ENODEV;
	pf->state[vfid].flr = PF_FLR_PENDING;
	pf->state[vfid].flr_done = false;
	err = pf_wait(pf, pf_flr_settled, vfid, timeout_ms, true);
	if (err)
		return err;
	return pf->state[vfid].flr == PF_FLR_IDLE ? 0 : -EIO;
}

/* ------------------------------------------------------------------------
 * G2H events (called in the receive path: record, never block)
 */

/**
 * pf_handle_vf_state - GUC2PF_VF_STATE_NOTIFY
 * @data: the PF
 * @msg: the HXG message
 * @len: its length in dwords
 *
 * Return: 0, -EPROTO for a malformed message, -EINVAL for a VF that does not
 * exist, -ENOPKG for an event this PF does not know.
 */
int pf_handle_vf_state(void *data, const u32 *msg, u32 len)
{
	struct pf *pf = data;
	struct pf_vf_state *st;
	u32 vfid, event;

	if (len != GUC2PF_VF_STATE_NOTIFY_EVENT_MSG_LEN || guc_hxg_request_data0(msg[0]))
		goto bad;
	vfid = msg[1];
	event = msg[2];
	if (vfid > pf->total_vfs) {
		pf->stats.bad_events++;
		return -EINVAL;
	}
	if (vfid == GUC_PF_VFID)
		return event == GUC_PF_NOTIFY_VF_ENABLE ? 0 : -ENOPKG;

	st = &pf->state[vfid];
	switch (event) {
	case GUC_PF_NOTIFY_VF_FLR:
		pr_info("IOV: VF%u FLR\n", vfid);
		st->flr = PF_FLR_PENDING;
		st->flr_done = false;
		return 0;
	case GUC_PF_NOTIFY_VF_FLR_DONE:
		if (st->flr != PF_FLR_WAIT_GUC) {
			pr_warn("IOV: VF%u FLR_DONE without an FLR in progress\n", vfid);
			goto bad;
		}
		st->flr_done = true;
		return 0;
	case GUC_PF_NOTIFY_VF_PAUSE_DONE:
		st->paused = true;
		return 0;
	case GUC_PF_NOTIFY_VF_FIXUP_DONE:
		return 0;
	default:
		pf->stats.bad_events++;
		return -ENOPKG;
	}
bad:
	pf->stats.bad_events++;
	return -EPROTO;
}

/**
 * pf_handle_adverse_event - GUC2PF_ADVERSE_EVENT: a VF crossed a threshold
 * @data: the PF
 * @msg: the HXG message
 * @len: its length in dwords
 *
 * Return: 0, -EPROTO, -EINVAL for a bad VF, -ENOPKG for a key that is no
 * threshold.
 */
int pf_handle_adverse_event(void *data, const u32 *msg, u32 len)
{
	struct pf *pf = data;
	u32 vfid;
	int i;

	if (len != GUC2PF_ADVERSE_EVENT_EVENT_MSG_LEN || guc_hxg_request_data0(msg[0])) {
		pf->stats.bad_events++;
		return -EPROTO;
	}
	vfid = msg[1];
	if (!pf_vfid_ok(pf, vfid)) {
		pf->stats.bad_events++;
		return -EINVAL;
	}
	i = pf_threshold_index(msg[2]);
	if (i < 0) {
		pf->stats.bad_events++;
		return -ENOPKG;
	}
	pf->state[vfid].adverse[i]++;
	pr_warn_ratelimited("IOV: VF%u has exceeded '%s' threshold\n", vfid, pf_threshold_name(i));
	return 0;
}
