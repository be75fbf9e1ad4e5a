// SPDX-License-Identifier: MIT
/*
 * VF control and FLR.
 *
 * The GuC reports VF state changes with GUC2PF_VF_STATE_NOTIFY. The handler
 * runs in the G2H path, where nothing may block, so it only checks and
 * queues the event; the CT worker (pf_relay_process()) records what
 * happened, in arrival order with the VFs' relayed messages, as i915's;
 * pf_control_process() (the state worker) moves each VF's FLR along:
 *
 *   FLR event -> PENDING -> VF_CONTROL(FLR_START) -> WAIT_GUC
 *   FLR_DONE event -> (noted) -> PF cleanup -> VF_CONTROL(FLR_FINISH) -> IDLE
 *
 * one step per VF per run, and runs repeated while any VF had a step, as
 * i915's worker queues itself again. As in i915's pf_process_vf(),
 * FLR_START or FLR_FINISH that gets -EBUSY (every request slot of the
 * channel taken) stays due and asks for the worker to be queued again at
 * once (pf_control_process() returns true);
 * any other failure leaves the VF in FAILED. A full H2G ring is waited on,
 * as i915's blocking send does, until the H2G ring breaks (-EPIPE). An FLR
 * notification during an FLR is ignored; an FLR_DONE is answered with the
 * PF's cleanup and FLR_FINISH whatever the state (pf_handle_vf_flr_done()).
 * Only that answer consumes it: an FLR started after it (by the GuC or the
 * PF) takes it as its own and is finished after FLR_START, as i915's
 * FLR_DONE_RECEIVED bit, which nothing but pf_process_vf() clears.
 */
#include "iov/pf_control.h"
#include "iov/pf_push.h"
#include "iov/pf_provision.h"
#include "iov/pf_relay.h"
#include "guc/guc_ct.h"
#include "guc/guc_hxg.h"

#define PF_NSEC_PER_MSEC 1000000ull
/* how long pf_wait() lets other senders free a request slot: 1 ms */
#define PF_REQUEUE_PAUSE_NS PF_NSEC_PER_MSEC

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
 * Return: 0, -EINVAL for a bad VF, -ENODEV without a GuC, -EPROTO for a
 * reply with data (guc_action_vf_control_cmd()), or the request's errno.
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
	return ret > 0 ? -EPROTO : ret;
}
EXPORT_SYMBOL_GPL(pf_control_trigger);

/*
 * Wait until @done says yes, draining G2H (and running the worker when
 * asked), for at most @timeout_ms on the channel's clock.
 */
static int pf_wait(struct pf *pf, bool (*done)(const struct pf *pf, u32 vfid), u32 vfid,
		   u32 timeout_ms, bool run_worker)
{
	u64 start = guc_ct_now(pf->ct), now, deadline = start + timeout_ms * PF_NSEC_PER_MSEC;
	bool requeue = false;

	for (;;) {
		guc_ct_process_g2h(pf->ct);
		/* the CT worker: PAUSE_DONE and FLR_DONE are applied there */
		pf_relay_process(pf);
		if (run_worker)
			requeue = pf_control_process(pf);
		if (done(pf, vfid))
			return 0;
		if (!guc_ct_enabled(pf->ct))
			return -EPIPE;
		now = guc_ct_now(pf->ct);
		if (now >= deadline)
			return -ETIMEDOUT;
		/* a worker queued again runs as soon as it can: the shortest pause */
		guc_ct_sleep(pf->ct, requeue ? min_t(u64, PF_REQUEUE_PAUSE_NS, deadline - now) :
					       deadline - now);
	}
}

static bool pf_is_paused(const struct pf *pf, u32 vfid)
{
	return READ_ONCE(pf->state[vfid].paused);
}

/* Set a VF's FLR state under the state lock (the G2H path changes it too). */
static void pf_set_flr(struct pf *pf, u32 vfid, enum pf_flr_state flr)
{
	unsigned long flags;

	spin_lock_irqsave(&pf->state_lock, flags);
	pf->state[vfid].flr = flr;
	spin_unlock_irqrestore(&pf->state_lock, flags);
}

static bool pf_flr_in_progress(const struct pf_vf_state *st)
{
	return st->flr == PF_FLR_PENDING || st->flr == PF_FLR_WAIT_GUC;
}

/*
 * i915's intel_iov_state_pause_vf(): refused during an FLR, a pause on its
 * way or done; otherwise PAUSE, the pause then on its way.
 */
static int pf_pause_start(struct pf *pf, u32 vfid)
{
	struct pf_vf_state *st = &pf->state[vfid];
	unsigned long flags;
	bool busy;
	int err;

	spin_lock_irqsave(&pf->state_lock, flags);
	busy = pf_flr_in_progress(st) || st->pause_pending || st->paused;
	if (!busy)
		st->pause_pending = true;
	spin_unlock_irqrestore(&pf->state_lock, flags);
	if (busy) {
		pr_err("IOV: VF%u cannot be paused in current state\n", vfid);
		return -EBUSY;
	}
	err = pf_control_trigger(pf, vfid, GUC_PF_TRIGGER_VF_PAUSE);
	if (err) {
		WRITE_ONCE(st->pause_pending, false);
		pr_err("IOV: Failed to trigger VF%u pause (%d)\n", vfid, err);
	}
	return err;
}

/**
 * pf_control_pause_start - send PAUSE, without waiting for PAUSE_DONE
 * @pf: the PF
 * @vfid: the VF
 *
 * i915's intel_iov_state_pause_vf(), what writing "pause" to its control
 * file does: a VF already paused, or on its way to it, is -EBUSY.
 *
 * Return: 0 once PAUSE went out, -EBUSY during an FLR or a pause, or the
 * errno of the request.
 */
int pf_control_pause_start(struct pf *pf, u32 vfid)
{
	if (!pf_vfid_ok(pf, vfid))
		return -EINVAL;
	if (!pf->ct)
		return -ENODEV;
	return pf_pause_start(pf, vfid);
}
EXPORT_SYMBOL_GPL(pf_control_pause_start);

/**
 * pf_control_pause - pause a VF and wait for the GuC to confirm
 * @pf: the PF
 * @vfid: the VF
 *
 * As i915's intel_iov_state_pause_vf_sync(): PAUSE goes only to a VF that
 * is neither paused nor on its way to it (then -EBUSY during an FLR); the
 * wait for PAUSE_DONE is 500 ms either way.
 *
 * Return: 0 once the VF is paused, -EBUSY during an FLR, -ETIMEDOUT after
 * 500 ms without PAUSE_DONE, or the errno of the request.
 */
int pf_control_pause(struct pf *pf, u32 vfid)
{
	struct pf_vf_state *st;
	int err;

	if (!pf_vfid_ok(pf, vfid))
		return -EINVAL;
	if (!pf->ct)
		return -ENODEV;
	st = &pf->state[vfid];
	if (!READ_ONCE(st->pause_pending) && !READ_ONCE(st->paused)) {
		err = pf_pause_start(pf, vfid);
		if (err) {
			pr_err("IOV: Failed to pause VF%u: (%d)\n", vfid, err);
			return err;
		}
	}
	err = pf_wait(pf, pf_is_paused, vfid, PF_PAUSE_TIMEOUT_MS, false);
	if (err == -ETIMEDOUT)
		pr_err("IOV: VF%u pause didn't complete within %u ms\n", vfid, PF_PAUSE_TIMEOUT_MS);
	return err;
}
EXPORT_SYMBOL_GPL(pf_control_pause);

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
		WRITE_ONCE(pf->state[vfid].paused, false);
	return err;
}
EXPORT_SYMBOL_GPL(pf_control_resume);

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
EXPORT_SYMBOL_GPL(pf_control_stop);

/**
 * pf_control_clear - reset a VF's configuration in the GuC and drop it here
 * @pf: the PF
 * @vfid: the VF
 *
 * As i915's intel_iov_provisioning_clear(): the reset first; only if the GuC
 * took it, the VF is unprovisioned as on auto mode's undo
 * (__pf_unprovision_config(), which tells the GuC again what it drops while
 * the VF is live).
 *
 * Return: 0, or the errno of the reset (the local config is then kept).
 */
int pf_control_clear(struct pf *pf, u32 vfid)
{
	int err = 0;

	if (!pf_vfid_ok(pf, vfid))
		return -EINVAL;
	mutex_lock(&pf->lock);
	if (pf->ct)
		err = pf_push_vf_reset(pf, vfid);
	if (!err)
		__pf_unprovision_config(pf, vfid);
	mutex_unlock(&pf->lock);
	if (err)
		pr_err("IOV: Failed to unprovision VF%u (%d)\n", vfid, err);
	return err;
}
EXPORT_SYMBOL_GPL(pf_control_clear);

/* The PF's part of an FLR: counters, then the VF's GGTT (driver hook). */
static void pf_flr_cleanup(struct pf *pf, u32 vfid)
{
	unsigned long flags;

	pf_assert_vfid(pf, vfid);
	spin_lock_irqsave(&pf->state_lock, flags);
	memset(pf->state[vfid].adverse, 0, sizeof(pf->state[vfid].adverse));
	spin_unlock_irqrestore(&pf->state_lock, flags);
	if (pf->ops && pf->ops->flr_cleanup)
		pf->ops->flr_cleanup(pf->priv, vfid);
}

/*
 * One step of a VF's FLR, as one run of i915's pf_process_vf(): FLR_START;
 * or an FLR_DONE noted, its FLR_FINISH due; or the PF's part and
 * FLR_FINISH. Returns whether more is to be done at once (i915 queues its
 * worker again); a request answered -EBUSY stays due and sets *@busy (i915
 * sets the bit back and returns true: the worker is queued again at once).
 * Each transition is made under the state lock, which is
 * dropped around the requests (they sleep): the G2H path may record
 * FLR_DONE while FLR_START waits for its reply.
 */
static bool pf_flr_step(struct pf *pf, u32 vfid, bool *busy)
{
	struct pf_vf_state *st = &pf->state[vfid];
	unsigned long flags;
	bool start, finish;
	int err;

	pf_assert_vfid(pf, vfid);
	spin_lock_irqsave(&pf->state_lock, flags);
	start = st->flr == PF_FLR_PENDING;
	if (start)
		st->flr = PF_FLR_WAIT_GUC;
	spin_unlock_irqrestore(&pf->state_lock, flags);
	if (start) {
		err = pf_control_trigger(pf, vfid, GUC_PF_TRIGGER_VF_FLR_START);
		if (err == -EBUSY) {
			pf_set_flr(pf, vfid, PF_FLR_PENDING);
			st->flr_busy++;
			*busy = true;
			return false;
		}
		if (err) {
			pf_set_flr(pf, vfid, PF_FLR_FAILED);
			pr_err("IOV: VF%u FLR failed to start (%d)\n", vfid, err);
			return false;
		}
		WRITE_ONCE(st->pause_pending, false);
		return true;
	}

	spin_lock_irqsave(&pf->state_lock, flags);
	if (st->flr_done) {
		st->flr_done = false;
		st->flr_finish = true;
		spin_unlock_irqrestore(&pf->state_lock, flags);
		return true;
	}
	finish = st->flr_finish;
	st->flr_finish = false;
	/*
	 * The last step of pf_process_vf() on a GT of its own: with nothing
	 * else due, the FLR is no longer in progress, FLR_DONE or not (one
	 * that comes later is answered as any other).
	 */
	if (!finish && st->flr == PF_FLR_WAIT_GUC)
		st->flr = PF_FLR_IDLE;
	spin_unlock_irqrestore(&pf->state_lock, flags);
	if (!finish)
		return false;

	pf_flr_cleanup(pf, vfid);
	err = pf_control_trigger(pf, vfid, GUC_PF_TRIGGER_VF_FLR_FINISH);
	if (err == -EBUSY) {
		WRITE_ONCE(st->flr_finish, true);
		st->flr_busy++;
		*busy = true;
		return false;
	}
	if (err) {
		pf_set_flr(pf, vfid, PF_FLR_FAILED);
		pr_err("IOV: VF%u FLR failed to finish (%d)\n", vfid, err);
		return false;
	}
	pf_set_flr(pf, vfid, PF_FLR_IDLE);
	st->flr_count++;
	return true;
}

/**
 * pf_control_process - the worker: move every VF's FLR along
 * @pf: the PF
 *
 * As i915's pf_process_all_vfs(), which queues itself again while a VF has
 * more to do: runs of one step per VF, VF1 first, until none has. So FLRs
 * started together send every FLR_START before any FLR_FINISH. A request
 * answered -EBUSY stays due, and the caller is to queue the worker again at
 * once, as pf_process_vf() has i915's worker queued again for it (the
 * request slots are freed by other senders, which a worker spinning here
 * would keep from running).
 *
 * Return: true if the worker is to be queued again at once (a request got
 * -EBUSY), false when nothing is due.
 */
bool pf_control_process(struct pf *pf)
{
	bool more, busy = false;
	u32 vfid;

	if (!pf->ct)
		return false;
	do {
		more = false;
		for (vfid = 1; vfid <= pf->total_vfs; vfid++)
			more |= pf_flr_step(pf, vfid, &busy);
	} while (more);
	return busy;
}
EXPORT_SYMBOL_GPL(pf_control_process);

static bool pf_flr_settled(const struct pf *pf, u32 vfid)
{
	enum pf_flr_state flr = READ_ONCE(pf->state[vfid].flr);

	return flr == PF_FLR_IDLE || flr == PF_FLR_FAILED;
}

/**
 * pf_control_start_flr - start a VF's FLR from the PF side
 * @pf: the PF
 * @vfid: the VF
 *
 * As i915's intel_iov_state_start_flr(): the FLR is marked to be started;
 * the worker (pf_control_process()) sends FLR_START.
 *
 * Return: 0, -EINVAL for a bad VF, -ENODEV without a GuC.
 */
int pf_control_start_flr(struct pf *pf, u32 vfid)
{
	if (!pf_vfid_ok(pf, vfid))
		return -EINVAL;
	if (!pf->ct)
		return -ENODEV;
	pf_set_flr(pf, vfid, PF_FLR_PENDING);
	return 0;
}
EXPORT_SYMBOL_GPL(pf_control_start_flr);

/**
 * pf_control_wait_flr - wait for a VF's FLR to end, running the worker
 * @pf: the PF
 * @vfid: the VF
 * @timeout_ms: how long to wait for the GuC (0: just look)
 *
 * Return: 0 when no FLR is in progress (it completed), -EIO if it failed,
 * -ETIMEDOUT if it is still in progress.
 */
int pf_control_wait_flr(struct pf *pf, u32 vfid, u32 timeout_ms)
{
	int err;

	if (!pf_vfid_ok(pf, vfid))
		return -EINVAL;
	if (!pf->ct)
		return -ENODEV;
	err = pf_wait(pf, pf_flr_settled, vfid, timeout_ms, true);
	if (err)
		return err;
	return READ_ONCE(pf->state[vfid].flr) == PF_FLR_IDLE ? 0 : -EIO;
}
EXPORT_SYMBOL_GPL(pf_control_wait_flr);

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
	int err = pf_control_start_flr(pf, vfid);

	return err ?: pf_control_wait_flr(pf, vfid, timeout_ms);
}
EXPORT_SYMBOL_GPL(pf_control_flr);

/* ------------------------------------------------------------------------
 * G2H events
 *
 * The handlers run in the receive path: they check an event and queue it
 * (pf_relay_queue_event()), never block. The worker (pf_relay_process())
 * applies it, in arrival order with the VFs' relayed messages, as i915's
 * CT worker calls intel_iov_state_process_guc2pf() and
 * intel_iov_event_process_guc2pf() for the events ct_handle_event() put on
 * its one list.
 */

/* Is @event one pf_control_apply_event() knows (pf_handle_vf_event())? */
static bool pf_vf_event_known(u32 event)
{
	return event == GUC_PF_NOTIFY_VF_FLR || event == GUC_PF_NOTIFY_VF_FLR_DONE ||
	       event == GUC_PF_NOTIFY_VF_PAUSE_DONE || event == GUC_PF_NOTIFY_VF_FIXUP_DONE;
}

/**
 * pf_handle_vf_state - GUC2PF_VF_STATE_NOTIFY: check it, queue it
 * @data: the PF
 * @msg: the HXG message
 * @len: its length in dwords
 *
 * Return: 0 when queued (or a PF-level VF_ENABLE, which changes nothing),
 * -EPFNOSUPPORT for a non-zero MBZ, -EPROTO for a wrong length, -EINVAL
 * for a VF that does not exist, -ENOPKG for an event this PF does not know
 * (i915's codes), -ENOMEM when it cannot be queued (it stays in the ring).
 */
int pf_handle_vf_state(void *data, const u32 *msg, u32 len)
{
	struct pf *pf = data;
	u32 vfid, event;

	/* intel_iov_state_process_guc2pf(): MBZ first, then the length */
	if (guc_hxg_request_data0(msg[0])) {
		pf->stats.bad_events++;
		return -EPFNOSUPPORT;
	}
	if (len != GUC2PF_VF_STATE_NOTIFY_EVENT_MSG_LEN) {
		pf->stats.bad_events++;
		return -EPROTO;
	}
	vfid = msg[1];
	event = msg[2];
	if (vfid > pf->total_vfs) {
		pf->stats.bad_events++;
		return -EINVAL;
	}
	if (vfid == GUC_PF_VFID)
		return event == GUC_PF_NOTIFY_VF_ENABLE ? 0 : -ENOPKG;
	if (!pf_vf_event_known(event)) {
		pf->stats.bad_events++;
		return -ENOPKG;
	}
	return pf_relay_queue_event(pf, PF_QUEUED_VF_STATE, vfid, event);
}
EXPORT_SYMBOL_GPL(pf_handle_vf_state);

/* A VF state event, in the worker: pf_handle_vf_event() and its callees. */
static void pf_apply_vf_state(struct pf *pf, u32 vfid, u32 event)
{
	struct pf_vf_state *st = &pf->state[vfid];
	unsigned long flags;
	bool in_flr = false;

	spin_lock_irqsave(&pf->state_lock, flags);
	switch (event) {
	case GUC_PF_NOTIFY_VF_FLR:
		/* pf_handle_vf_flr(): one already in progress goes on alone */
		in_flr = pf_flr_in_progress(st);
		if (!in_flr) {
			WRITE_ONCE(st->paused, false);
			st->flr = PF_FLR_PENDING;
		}
		break;
	case GUC_PF_NOTIFY_VF_FLR_DONE:
		st->flr_done = true;
		break;
	case GUC_PF_NOTIFY_VF_PAUSE_DONE:
		WRITE_ONCE(st->paused, true);
		WRITE_ONCE(st->pause_pending, false);
		break;
	}
	spin_unlock_irqrestore(&pf->state_lock, flags);
	if (event == GUC_PF_NOTIFY_VF_FLR && !in_flr)
		pr_info("IOV: VF%u FLR\n", vfid);
	if (event == GUC_PF_NOTIFY_VF_PAUSE_DONE)
		pr_info("IOV: VF%u paused\n", vfid);
	if (event == GUC_PF_NOTIFY_VF_FIXUP_DONE)
		pr_info("IOV: VF%u has completed migration\n", vfid);
}

/**
 * pf_handle_adverse_event - GUC2PF_ADVERSE_EVENT: check it, queue it
 * @data: the PF
 * @msg: the HXG message
 * @len: its length in dwords
 *
 * As i915's intel_iov_event_process_guc2pf(), whose count the worker adds.
 *
 * Return: 0 when queued, -EPFNOSUPPORT for a non-zero MBZ, -EPROTO for a
 * wrong length, -EINVAL for a bad VF or a key that is no threshold,
 * -ENOMEM when it cannot be queued (it stays in the ring).
 */
int pf_handle_adverse_event(void *data, const u32 *msg, u32 len)
{
	struct pf *pf = data;
	u32 vfid;
	int i;

	if (guc_hxg_request_data0(msg[0])) {
		pf->stats.bad_events++;
		return -EPFNOSUPPORT;
	}
	if (len != GUC2PF_ADVERSE_EVENT_EVENT_MSG_LEN) {
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
		return -EINVAL;
	}
	return pf_relay_queue_event(pf, PF_QUEUED_ADVERSE, vfid, i);
}
EXPORT_SYMBOL_GPL(pf_handle_adverse_event);

/* An adverse event, in the worker: pf_handle_vf_threshold_event(). */
static void pf_apply_adverse_event(struct pf *pf, u32 vfid, u32 i)
{
	unsigned long flags;

	spin_lock_irqsave(&pf->state_lock, flags);
	pf->state[vfid].adverse[i]++;
	spin_unlock_irqrestore(&pf->state_lock, flags);
	/* pf_emit_log_message(): info, not a warning */
	pr_info_ratelimited("IOV: VF%u has exceeded '%s' threshold\n", vfid, pf_threshold_name(i));
}

/**
 * pf_control_apply_event - handle a queued VF event, in the worker
 * @pf: the PF
 * @kind: PF_QUEUED_VF_STATE or PF_QUEUED_ADVERSE
 * @vfid: the VF (checked when queued)
 * @what: the state event, or the threshold index
 *
 * Called by pf_relay_process() for what pf_handle_vf_state() and
 * pf_handle_adverse_event() queued.
 */
void pf_control_apply_event(struct pf *pf, u8 kind, u32 vfid, u32 what)
{
	if (!pf_vfid_ok(pf, vfid))
		return; /* VFs disabled since: nothing to apply it to */
	if (kind == PF_QUEUED_VF_STATE)
		pf_apply_vf_state(pf, vfid, what);
	else if (kind == PF_QUEUED_ADVERSE && what < PF_NUM_THRESHOLDS)
		pf_apply_adverse_event(pf, vfid, what);
}
EXPORT_SYMBOL_GPL(pf_control_apply_event);
