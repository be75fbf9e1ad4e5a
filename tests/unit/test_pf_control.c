// SPDX-License-Identifier: MIT
/*
 * VF control and FLR against the mock GuC: pause with its bounded wait,
 * resume, stop, clear; the GuC-initiated FLR state machine with BUSY retries
 * and failures; malformed state events; adverse-event counters.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "pf_fixture.h"
#include "guc/guc_hxg.h"
#include "abi/guc_messages_abi.h"
#include "iov/pf_control.h"
#include "iov/pf_provision.h"
#include "iov/pf_relay.h"
#include "iov/pf_sriov.h"

#define MS 1000000ull

static void arm(struct pf_fixture *fx, enum mock_guc_fault_kind kind, u32 times, u32 error)
{
	const struct mock_guc_fault f = {
		.kind = kind,
		.action = GUC_ACTION_PF2GUC_VF_CONTROL,
		.times = times,
		.error = error,
	};

	mock_guc_arm(&fx->g->guc, &f);
}

static int notify(struct pf_fixture *fx, u32 vfid, u32 event)
{
	const u32 data[] = { vfid, event };

	return mock_guc_event(&fx->g->guc, GUC_ACTION_GUC2PF_VF_STATE_NOTIFY, data, 2);
}

/*
 * What the driver does on a G2H interrupt: receive (guc_ct_process_g2h()),
 * then its CT worker (pf_relay_process()) handles the events it queued.
 * Returns the number of messages received.
 */
static int receive(struct pf_fixture *fx)
{
	int n = guc_ct_process_g2h(&fx->g->ct);

	pf_relay_process(&fx->pf);
	return n;
}

/*
 * Both workers until neither has more: the state worker (FLR_START, then
 * FLR_FINISH), and the CT worker between them, which notes the GuC's
 * FLR_DONE, as i915's two workers do.
 */
static void settle(struct pf_fixture *fx)
{
	int n;

	do {
		pf_control_process(&fx->pf);
		n = guc_ct_process_g2h(&fx->g->ct);
		n += pf_relay_process(&fx->pf);
	} while (n > 0);
}

/* The VF_CONTROL commands the model got from log entry @from on, in order. */
static u32 controls_since(const struct pf_fixture *fx, u32 from, u32 *cmds, u32 max)
{
	const struct mock_guc *guc = &fx->g->guc;
	u32 i, n = 0;

	for (i = from; i < guc->nlog && n < max; i++)
		if (guc->log[i].action == GUC_ACTION_PF2GUC_VF_CONTROL)
			cmds[n++] = guc->log[i].dw[2];
	return n;
}

static void test_pause_waits_for_pause_done(void **state)
{
	struct pf_fixture *fx = *state;

	assert_int_equal(pf_enable_vfs(&fx->pf, 2), 0);
	assert_int_equal(pf_control_pause(&fx->pf, 2), 0);
	assert_true(fx->pf.state[2].paused);
	assert_true(fx->g->guc.vf[2].paused);
	assert_int_equal(guc_fixture_log_count("VF2 paused"), 1);
	assert_int_equal(pf_control_resume(&fx->pf, 2), 0);
	assert_false(fx->pf.state[2].paused);
	assert_false(fx->g->guc.vf[2].paused);
}

static void test_pause_without_pause_done_times_out_after_500ms(void **state)
{
	struct pf_fixture *fx = *state;
	u64 start;

	fx->g->guc.auto_events = false;
	start = fx->g->guc.now_ns;
	assert_int_equal(pf_control_pause(&fx->pf, 3), -ETIMEDOUT);
	assert_in_range(fx->g->guc.now_ns - start, 500 * MS, 502 * MS);
	assert_false(fx->pf.state[3].paused);
	assert_int_equal(guc_fixture_log_count("VF3 pause didn't complete within 500 ms"), 1);
}

static void test_stop_and_bad_vfids(void **state)
{
	struct pf_fixture *fx = *state;

	assert_int_equal(pf_control_stop(&fx->pf, 7), 0);
	assert_true(fx->g->guc.vf[7].stopped);
	assert_int_equal(pf_control_stop(&fx->pf, 0), -EINVAL);
	assert_int_equal(pf_control_stop(&fx->pf, 8), -EINVAL);
	assert_int_equal(pf_control_pause(&fx->pf, 8), -EINVAL);
	arm(fx, MOCK_FAULT_FAILURE, 1, GUC_ERROR_GENERIC_FAIL);
	assert_int_equal(pf_control_stop(&fx->pf, 1), -EIO);
}

static void test_clear_resets_the_guc_and_drops_the_config(void **state)
{
	struct pf_fixture *fx = *state;

	assert_int_equal(pf_provision_set_exec_quantum(&fx->pf, 4, 20), 0);
	assert_int_equal(pf_provision_set_ctxs(&fx->pf, 4, 256), 0);
	assert_int_equal(pf_control_clear(&fx->pf, 4), 0);
	assert_true(pf_provision_is_empty(&fx->pf, 4));
	assert_int_equal(fx->pf.config[4].exec_quantum, 0);
	assert_int_equal(fx->g->guc.vf[4].exec_quantum, 0);
	/*
	 * intel_iov_provisioning_clear(): the reset, then pf_unprovision_config(),
	 * which pushes the quantum's 0 after it (VF4 is not enabled, so its
	 * contexts go without a request)
	 */
	{
		const struct mock_guc *guc = &fx->g->guc;
		const struct mock_guc_logged *reset = &guc->log[guc->nlog - 2];
		const struct mock_guc_logged *eq = &guc->log[guc->nlog - 1];

		assert_int_equal(reset->action, GUC_ACTION_PF2GUC_UPDATE_VF_CFG);
		assert_int_equal(reset->dw[4], 0);
		assert_int_equal(eq->action, GUC_ACTION_PF2GUC_UPDATE_VF_CFG);
		assert_int_equal(eq->nklv, 2);
		assert_int_equal(eq->klv[0] >> 16, GUC_KLV_VF_CFG_EXEC_QUANTUM_KEY);
		assert_int_equal(eq->klv[1], 0);
	}
	/* a reset the GuC refuses keeps the local config: it still holds it */
	assert_int_equal(pf_provision_set_exec_quantum(&fx->pf, 4, 30), 0);
	mock_guc_arm(&fx->g->guc,
		     &(struct mock_guc_fault){ .kind = MOCK_FAULT_FAILURE,
					       .action = GUC_ACTION_PF2GUC_UPDATE_VF_CFG });
	assert_int_equal(pf_control_clear(&fx->pf, 4), -EIO);
	assert_int_equal(fx->pf.config[4].exec_quantum, 30);
}

static void test_guc_initiated_flr_runs_to_completion(void **state)
{
	struct pf_fixture *fx = *state;
	struct pf_vf_state *st = &fx->pf.state[2];

	assert_int_equal(pf_enable_vfs(&fx->pf, 3), 0);
	st->adverse[1] = 5;
	assert_int_equal(notify(fx, 2, GUC_PF_NOTIFY_VF_FLR), 0);
	assert_int_equal(receive(fx), 1);
	assert_int_equal(st->flr, PF_FLR_PENDING);
	assert_int_equal(guc_fixture_log_count("VF2 FLR"), 1);

	/*
	 * FLR_START; the GuC's FLR_DONE, which the CT worker notes; then the
	 * state worker's FLR_FINISH
	 */
	settle(fx);
	assert_int_equal(st->flr, PF_FLR_IDLE);
	assert_int_equal(st->flr_count, 1);
	assert_int_equal(st->adverse[1], 0);
	assert_int_equal(fx->drv.flr_cleanups[2], 1);
	assert_false(fx->g->guc.vf[2].flr_in_progress);
	assert_int_equal(fx->g->guc.vf[2].last_control, GUC_PF_TRIGGER_VF_FLR_FINISH);
	/* the other VFs were not touched */
	assert_int_equal(fx->pf.state[1].flr_count + fx->pf.state[3].flr_count, 0);
}

/*
 * pf_process_vf() on a GT of its own (no media GT to wait for): the run
 * after FLR_START, with no FLR_DONE noted yet, finds nothing due and
 * clears FLR_IN_PROGRESS. The FLR is over for the PF; the FLR_DONE that
 * comes later gets the PF's part and FLR_FINISH all the same.
 */
static void test_flr_is_over_after_flr_start_and_a_later_flr_done_finishes_it(void **state)
{
	struct pf_fixture *fx = *state;
	struct pf_vf_state *st = &fx->pf.state[1];
	u32 cmds[4], from = fx->g->guc.nlog;

	fx->g->guc.auto_events = false;
	notify(fx, 1, GUC_PF_NOTIFY_VF_FLR);
	receive(fx);
	pf_control_process(&fx->pf);
	assert_int_equal(st->flr, PF_FLR_IDLE);
	assert_int_equal(pf_control_wait_flr(&fx->pf, 1, 0), 0);
	assert_int_equal(controls_since(fx, from, cmds, 4), 1);
	assert_int_equal(cmds[0], GUC_PF_TRIGGER_VF_FLR_START);
	assert_int_equal(fx->drv.flr_cleanups[1], 0);

	assert_int_equal(notify(fx, 1, GUC_PF_NOTIFY_VF_FLR_DONE), 0);
	receive(fx);
	pf_control_process(&fx->pf);
	assert_int_equal(controls_since(fx, from, cmds, 4), 2);
	assert_int_equal(cmds[1], GUC_PF_TRIGGER_VF_FLR_FINISH);
	assert_int_equal(fx->drv.flr_cleanups[1], 1);
	assert_int_equal(st->flr, PF_FLR_IDLE);
	assert_int_equal(st->flr_count, 1);
	assert_false(fx->g->guc.vf[1].flr_in_progress);
}

/* Fill the H2G ring to its last dword while the GuC reads nothing. */
static void fill_h2g(struct pf_fixture *fx)
{
	u32 msg[200] = { guc_hxg_fast_request(GUC_ACTION_PF2GUC_RELAY_TO_VF, 0), 1, 1 };
	struct guc_ctb *h2g = &fx->g->ct.h2g;
	u32 room = (h2g->size + h2g->desc->head - h2g->tail - 1) % h2g->size;

	fx->g->guc.stall_steps = ~0u;
	for (; room >= 201; room -= 201)
		assert_int_equal(guc_ct_send(&fx->g->ct, msg, ARRAY_SIZE(msg)), 0);
	for (; room >= 4; room -= 4)
		assert_int_equal(guc_ct_send(&fx->g->ct, msg, 3), 0);
}

/*
 * i915's pf_process_vf() sends FLR_START with the blocking intel_guc_send():
 * a full ring is waited on (ct_send()), so a GuC that catches up lets the
 * FLR go on in the same run...
 */
/*
 * FLR_START answered -EBUSY: pf_process_vf() sets IOV_VF_NEEDS_FLR_START
 * back and returns true, and pf_process_all_vfs() queues the worker again
 * at once; the other VFs' steps still go on in the same run.
 */
static void test_flr_start_busy_queues_the_worker_again_at_once(void **state)
{
	struct pf_fixture *fx = *state;
	struct guc_ct *ct = &fx->g->ct;
	u32 i;

	notify(fx, 3, GUC_PF_NOTIFY_VF_FLR);
	receive(fx);
	for (i = 0; i < GUC_CT_MAX_PENDING; i++)
		ct->pending[i].in_use = true;
	assert_true(pf_control_process(&fx->pf));
	assert_int_equal(fx->pf.state[3].flr, PF_FLR_PENDING);
	assert_int_equal(fx->pf.state[3].flr_busy, 1);
	assert_int_equal(mock_guc_count(&fx->g->guc, GUC_ACTION_PF2GUC_VF_CONTROL), 0);
	/* nothing due: no requeue */
	for (i = 0; i < GUC_CT_MAX_PENDING; i++)
		ct->pending[i].in_use = false;
	assert_false(pf_control_process(&fx->pf));
	assert_int_equal(fx->pf.state[3].flr, PF_FLR_IDLE);
	settle(fx);
	assert_int_equal(fx->pf.state[3].flr_count, 1);
	assert_false(pf_control_process(&fx->pf));
}

static void test_flr_start_on_a_full_ring_waits_for_room(void **state)
{
	struct pf_fixture *fx = *state;
	struct pf_vf_state *st = &fx->pf.state[3];

	notify(fx, 3, GUC_PF_NOTIFY_VF_FLR);
	receive(fx);
	fill_h2g(fx);
	fx->g->guc.stall_steps = 100;
	settle(fx);
	assert_int_equal(st->flr, PF_FLR_IDLE);
	assert_int_equal(st->flr_busy, 0);
	assert_int_equal(st->flr_count, 1);
	assert_true(fx->g->ct.stats.h2g_full >= 1);
}

/* ...and one that reads nothing for 1.5 s breaks the channel: the FLR fails. */
static void test_flr_start_on_a_ring_full_for_good_fails(void **state)
{
	struct pf_fixture *fx = *state;
	struct pf_vf_state *st = &fx->pf.state[3];

	notify(fx, 3, GUC_PF_NOTIFY_VF_FLR);
	receive(fx);
	fill_h2g(fx);
	pf_control_process(&fx->pf);
	assert_int_equal(st->flr, PF_FLR_FAILED);
	assert_true(fx->g->ct.h2g.broken);
	assert_false(fx->g->ct.g2h.broken);
	assert_int_equal(guc_fixture_log_count("VF3 FLR failed to start (-32)"), 1);
}

static void test_flr_failures_are_recorded(void **state)
{
	struct pf_fixture *fx = *state;

	/* FLR_START refused */
	notify(fx, 1, GUC_PF_NOTIFY_VF_FLR);
	receive(fx);
	arm(fx, MOCK_FAULT_FAILURE, 1, GUC_ERROR_GENERIC_FAIL);
	pf_control_process(&fx->pf);
	assert_int_equal(fx->pf.state[1].flr, PF_FLR_FAILED);
	assert_int_equal(guc_fixture_log_count("VF1 FLR failed to start (-5)"), 1);

	/* FLR_FINISH times out */
	notify(fx, 2, GUC_PF_NOTIFY_VF_FLR);
	receive(fx);
	mock_guc_arm(&fx->g->guc, &(struct mock_guc_fault){ .kind = MOCK_FAULT_NO_REPLY,
							    .action = GUC_ACTION_PF2GUC_VF_CONTROL,
							    .skip = 1 });
	settle(fx);
	assert_int_equal(fx->pf.state[2].flr, PF_FLR_FAILED);
	assert_int_equal(guc_fixture_log_count("VF2 FLR failed to finish (-110)"), 1);
	/* a new FLR event starts over */
	notify(fx, 2, GUC_PF_NOTIFY_VF_FLR);
	receive(fx);
	settle(fx);
	assert_int_equal(fx->pf.state[2].flr, PF_FLR_IDLE);
}

/*
 * A PF-started FLR (intel_iov_state_start_flr()) and the wait for it
 * (i915_sriov_wait_vf_flr_done(): until FLR_IN_PROGRESS is clear): done
 * with the GuC's FLR_DONE, and, as above, once FLR_START went through even
 * without it; -ETIMEDOUT only while FLR_START itself cannot go out.
 */
static void test_pf_initiated_flr_and_its_wait(void **state)
{
	struct pf_fixture *fx = *state;
	struct guc_ct *ct = &fx->g->ct;
	u64 start;
	u32 i;

	assert_int_equal(pf_control_flr(&fx->pf, 5, 1000), 0);
	settle(fx);
	assert_int_equal(fx->pf.state[5].flr_count, 1);
	fx->g->guc.auto_events = false;
	start = fx->g->guc.now_ns;
	assert_int_equal(pf_control_flr(&fx->pf, 5, 200), 0);
	assert_true(fx->g->guc.now_ns - start < 10 * MS);
	assert_int_equal(fx->g->guc.vf[5].last_control, GUC_PF_TRIGGER_VF_FLR_START);
	arm(fx, MOCK_FAULT_FAILURE, 1, GUC_ERROR_GENERIC_FAIL);
	assert_int_equal(pf_control_flr(&fx->pf, 6, 200), -EIO);
	/* every request slot taken: FLR_START gets -EBUSY until the wait ends */
	for (i = 0; i < GUC_CT_MAX_PENDING; i++)
		ct->pending[i].in_use = true;
	assert_int_equal(pf_control_flr(&fx->pf, 7, 200), -ETIMEDOUT);
	assert_int_equal(fx->pf.state[7].flr, PF_FLR_PENDING);
	for (i = 0; i < GUC_CT_MAX_PENDING; i++)
		ct->pending[i].in_use = false;
}

static void test_malformed_state_events_change_nothing(void **state)
{
	struct pf_fixture *fx = *state;
	struct pf *pf = &fx->pf;
	u32 msg[4] = { guc_hxg_guc_event(GUC_ACTION_GUC2PF_VF_STATE_NOTIFY, 0), 1,
		       GUC_PF_NOTIFY_VF_FLR, 0 };

	assert_int_equal(pf_handle_vf_state(pf, msg, 2), -EPROTO);
	assert_int_equal(pf_handle_vf_state(pf, msg, 4), -EPROTO);
	msg[0] = guc_hxg_guc_event(GUC_ACTION_GUC2PF_VF_STATE_NOTIFY,
				   1); /* MBZ, before the length */
	assert_int_equal(pf_handle_vf_state(pf, msg, 3), -EPFNOSUPPORT);
	assert_int_equal(pf_handle_vf_state(pf, msg, 2), -EPFNOSUPPORT);
	msg[0] = guc_hxg_guc_event(GUC_ACTION_GUC2PF_VF_STATE_NOTIFY, 0);
	msg[1] = 8;
	assert_int_equal(pf_handle_vf_state(pf, msg, 3), -EINVAL);
	msg[1] = 1;
	msg[2] = 9;
	assert_int_equal(pf_handle_vf_state(pf, msg, 3), -ENOPKG);
	msg[1] = 0;
	msg[2] = GUC_PF_NOTIFY_VF_ENABLE; /* PF-level, fine */
	assert_int_equal(pf_handle_vf_state(pf, msg, 3), 0);
	msg[2] = 2;
	assert_int_equal(pf_handle_vf_state(pf, msg, 3), -ENOPKG);
	for (u32 vf = 1; vf <= 7; vf++)
		assert_int_equal(pf->state[vf].flr, PF_FLR_IDLE);
	assert_int_equal(pf->stats.bad_events, 6);
	/* through the channel, a bad event is logged and the channel lives on */
	notify(fx, 9, GUC_PF_NOTIFY_VF_FLR);
	assert_int_equal(receive(fx), 1);
	assert_int_equal(guc_fixture_log_count("event 0x5106 not handled (-22)"), 1);
	assert_int_equal(fx->g->ct.state, GUC_CT_ENABLED);
}

static void test_adverse_events_are_counted_per_vf_and_threshold(void **state)
{
	struct pf_fixture *fx = *state;
	const u32 page_fault[] = { 3, GUC_KLV_VF_CFG_THRESHOLD_PAGE_FAULT_KEY };
	const u32 dbs[] = { 3, GUC_KLV_VF_CFG_THRESHOLD_DOORBELL_STORM_KEY };
	const u32 bad_key[] = { 3, GUC_KLV_VF_CFG_EXEC_QUANTUM_KEY };
	const u32 bad_vf[] = { 0, GUC_KLV_VF_CFG_THRESHOLD_CAT_ERR_KEY };
	struct mock_guc *guc = &fx->g->guc;

	mock_guc_event(guc, GUC_ACTION_GUC2PF_ADVERSE_EVENT, page_fault, 2);
	mock_guc_event(guc, GUC_ACTION_GUC2PF_ADVERSE_EVENT, page_fault, 2);
	mock_guc_event(guc, GUC_ACTION_GUC2PF_ADVERSE_EVENT, dbs, 2);
	mock_guc_event(guc, GUC_ACTION_GUC2PF_ADVERSE_EVENT, bad_key, 2);
	mock_guc_event(guc, GUC_ACTION_GUC2PF_ADVERSE_EVENT, bad_vf, 2);
	mock_guc_event(guc, GUC_ACTION_GUC2PF_ADVERSE_EVENT, dbs, 1); /* truncated */
	assert_int_equal(receive(fx), 6);
	assert_int_equal(fx->pf.state[3].adverse[2], 2);
	assert_int_equal(fx->pf.state[3].adverse[5], 1);
	assert_int_equal(fx->pf.stats.bad_events, 3);
	/* pf_handle_vf_threshold_event(): a key that is no threshold is -EINVAL */
	assert_int_equal(guc_fixture_log_count("event 0x5104 not handled (-22)"), 2);
	assert_int_equal(guc_fixture_log_count("event 0x5104 not handled (-71)"), 1);
	/* pf_emit_log_message(): at info level */
	assert_int_equal(guc_fixture_log_count("<6>IOV: VF3 has exceeded 'page_fault' threshold"),
			 2);
	assert_int_equal(guc_fixture_log_count("<6>IOV: VF3 has exceeded 'dbs_storm' threshold"),
			 1);
}

/* guc_action_vf_control_cmd(): a SUCCESS that carries data is -EPROTO. */
static void test_vf_control_reply_with_data_is_eproto(void **state)
{
	struct pf_fixture *fx = *state;

	arm(fx, MOCK_FAULT_SUCCESS_DATA0, 1, 1);
	assert_int_equal(pf_control_stop(&fx->pf, 1), -EPROTO);
	arm(fx, MOCK_FAULT_SUCCESS_DATA0, 1, 7);
	assert_int_equal(pf_control_resume(&fx->pf, 1), -EPROTO);
}

/*
 * intel_iov_state_pause_vf_sync(): a VF paused, or whose pause is on its
 * way, gets no second PAUSE, only the wait; intel_iov_state_pause_vf()
 * refuses a VF in FLR with -EBUSY and sends nothing.
 */
static void test_pause_is_sent_once_and_not_during_flr(void **state)
{
	struct pf_fixture *fx = *state;
	struct mock_guc *guc = &fx->g->guc;
	u32 n;

	assert_int_equal(pf_control_pause(&fx->pf, 2), 0);
	n = mock_guc_count(guc, GUC_ACTION_PF2GUC_VF_CONTROL);
	assert_int_equal(pf_control_pause(&fx->pf, 2), 0);
	assert_int_equal(mock_guc_count(guc, GUC_ACTION_PF2GUC_VF_CONTROL), n);

	/* no PAUSE_DONE: the pause stays on its way, a second call only waits */
	guc->auto_events = false;
	assert_int_equal(pf_control_pause(&fx->pf, 3), -ETIMEDOUT);
	n = mock_guc_count(guc, GUC_ACTION_PF2GUC_VF_CONTROL);
	assert_int_equal(pf_control_pause(&fx->pf, 3), -ETIMEDOUT);
	assert_int_equal(mock_guc_count(guc, GUC_ACTION_PF2GUC_VF_CONTROL), n);
	assert_int_equal(guc_fixture_log_count("VF3 pause didn't complete within 500 ms"), 2);

	/* an FLR in progress */
	notify(fx, 4, GUC_PF_NOTIFY_VF_FLR);
	receive(fx);
	assert_int_equal(pf_control_pause(&fx->pf, 4), -EBUSY);
	assert_int_equal(mock_guc_count(guc, GUC_ACTION_PF2GUC_VF_CONTROL), n);
	assert_int_equal(guc_fixture_log_count("VF4 cannot be paused in current state"), 1);
}

/*
 * pf_handle_vf_flr(): an FLR notification while FLR_IN_PROGRESS is set (here
 * before the worker ran) changes nothing: one FLR_START, one "VF1 FLR".
 */
static void test_flr_event_during_an_flr_is_ignored(void **state)
{
	struct pf_fixture *fx = *state;
	struct mock_guc *guc = &fx->g->guc;

	guc->auto_events = false;
	notify(fx, 1, GUC_PF_NOTIFY_VF_FLR);
	notify(fx, 1, GUC_PF_NOTIFY_VF_FLR);
	assert_int_equal(receive(fx), 2);
	assert_int_equal(fx->pf.state[1].flr, PF_FLR_PENDING);
	pf_control_process(&fx->pf);
	assert_int_equal(mock_guc_count(guc, GUC_ACTION_PF2GUC_VF_CONTROL), 1);
	assert_int_equal(guc_fixture_log_count("VF1 FLR"), 1);
}

/*
 * pf_handle_vf_flr_done() sets FLR_DONE_RECEIVED whatever the state, and
 * pf_process_vf() then does the PF's part and sends FLR_FINISH: a GuC
 * that refuses it (no FLR on its side) leaves the VF's FLR failed.
 */
static void test_unsolicited_flr_done_is_finished_as_i915(void **state)
{
	struct pf_fixture *fx = *state;

	assert_int_equal(notify(fx, 5, GUC_PF_NOTIFY_VF_FLR_DONE), 0);
	assert_int_equal(receive(fx), 1);
	assert_int_equal(fx->pf.stats.bad_events, 0);
	pf_control_process(&fx->pf);
	assert_int_equal(fx->g->guc.vf[5].last_control, 0); /* refused, not applied */
	assert_int_equal(mock_guc_last(&fx->g->guc, GUC_ACTION_PF2GUC_VF_CONTROL)->dw[2],
			 GUC_PF_TRIGGER_VF_FLR_FINISH);
	assert_int_equal(fx->drv.flr_cleanups[5], 1);
	assert_int_equal(fx->pf.state[5].flr, PF_FLR_FAILED);
	assert_int_equal(guc_fixture_log_count("VF5 FLR failed to finish (-5)"), 1);
}

/*
 * pf_handle_vf_flr_done() sets FLR_DONE_RECEIVED, and neither
 * pf_handle_vf_flr() nor pf_init_vf_flr() clears it: an FLR_DONE that
 * arrived before the FLR notification (stale, or out of order) is taken as
 * this FLR's, and pf_process_vf() sends FLR_START then, without waiting for
 * another FLR_DONE, the PF's part and FLR_FINISH.
 */
static void test_flr_done_recorded_before_the_flr_finishes_it(void **state)
{
	struct pf_fixture *fx = *state;
	struct mock_guc *guc = &fx->g->guc;
	u32 cmds[4], from = guc->nlog;

	guc->auto_events = false; /* the GuC sends no FLR_DONE of its own */
	notify(fx, 4, GUC_PF_NOTIFY_VF_FLR_DONE);
	notify(fx, 4, GUC_PF_NOTIFY_VF_FLR);
	assert_int_equal(receive(fx), 2);
	pf_control_process(&fx->pf);
	assert_int_equal(controls_since(fx, from, cmds, 4), 2);
	assert_int_equal(cmds[0], GUC_PF_TRIGGER_VF_FLR_START);
	assert_int_equal(cmds[1], GUC_PF_TRIGGER_VF_FLR_FINISH);
	assert_int_equal(fx->pf.state[4].flr, PF_FLR_IDLE);
	assert_int_equal(fx->drv.flr_cleanups[4], 1);

	/* the same from the PF side (intel_iov_state_start_flr()) */
	from = guc->nlog;
	notify(fx, 6, GUC_PF_NOTIFY_VF_FLR_DONE);
	receive(fx);
	assert_int_equal(pf_control_start_flr(&fx->pf, 6), 0);
	pf_control_process(&fx->pf);
	assert_int_equal(controls_since(fx, from, cmds, 4), 2);
	assert_int_equal(cmds[0], GUC_PF_TRIGGER_VF_FLR_START);
	assert_int_equal(cmds[1], GUC_PF_TRIGGER_VF_FLR_FINISH);
	assert_int_equal(fx->pf.state[6].flr, PF_FLR_IDLE);
}

/*
 * A duplicate FLR_DONE after a completed FLR is answered like the first: the
 * PF's part and FLR_FINISH again (which this GuC, done with the FLR, refuses).
 */
static void test_duplicate_flr_done_is_finished_again(void **state)
{
	struct pf_fixture *fx = *state;
	struct mock_guc *guc = &fx->g->guc;
	u32 cmds[4], from;

	notify(fx, 2, GUC_PF_NOTIFY_VF_FLR);
	receive(fx);
	settle(fx);
	assert_int_equal(fx->pf.state[2].flr, PF_FLR_IDLE);
	from = guc->nlog;
	notify(fx, 2, GUC_PF_NOTIFY_VF_FLR_DONE);
	receive(fx);
	pf_control_process(&fx->pf);
	assert_int_equal(controls_since(fx, from, cmds, 4), 1);
	assert_int_equal(cmds[0], GUC_PF_TRIGGER_VF_FLR_FINISH);
	assert_int_equal(fx->drv.flr_cleanups[2], 2);
	assert_int_equal(fx->pf.state[2].flr_count, 1);
}

/*
 * pf_handle_vf_fixup_done(): FIXUP_DONE (a migrated VF's fixups done) is
 * logged at info level and changes nothing else; PAUSE_DONE is logged the
 * same way.
 */
static void test_fixup_done_and_pause_done_are_logged_as_i915(void **state)
{
	struct pf_fixture *fx = *state;

	assert_int_equal(notify(fx, 3, GUC_PF_NOTIFY_VF_FIXUP_DONE), 0);
	assert_int_equal(notify(fx, 3, GUC_PF_NOTIFY_VF_PAUSE_DONE), 0);
	assert_int_equal(receive(fx), 2);
	assert_int_equal(guc_fixture_log_count("<6>IOV: VF3 has completed migration"), 1);
	assert_int_equal(guc_fixture_log_count("<6>IOV: VF3 paused"), 1);
	assert_int_equal(fx->pf.state[3].flr, PF_FLR_IDLE);
	assert_int_equal(fx->pf.stats.bad_events, 0);
}

/*
 * pf_process_vf(): FLR_FINISH that gets -EBUSY is tried again, as FLR_START:
 * the bit set back and true returned, so pf_process_all_vfs() queues the
 * worker again at once (pf_queue_worker()).
 */
static void test_flr_finish_busy_is_retried(void **state)
{
	struct pf_fixture *fx = *state;
	struct guc_ct *ct = &fx->g->ct;
	u32 i;

	fx->g->guc.auto_events = false;
	notify(fx, 2, GUC_PF_NOTIFY_VF_FLR);
	receive(fx);
	pf_control_process(&fx->pf);
	notify(fx, 2, GUC_PF_NOTIFY_VF_FLR_DONE);
	receive(fx);
	/* every request slot taken: the FINISH gets -EBUSY */
	for (i = 0; i < GUC_CT_MAX_PENDING; i++)
		ct->pending[i].in_use = true;
	assert_true(pf_control_process(&fx->pf));
	/* the FLR itself was over after FLR_START; the FINISH is still due */
	assert_int_equal(fx->pf.state[2].flr, PF_FLR_IDLE);
	assert_true(fx->pf.state[2].flr_finish);
	assert_int_equal(fx->pf.state[2].flr_busy, 1);
	for (i = 0; i < GUC_CT_MAX_PENDING; i++)
		ct->pending[i].in_use = false;
	assert_false(pf_control_process(&fx->pf));
	assert_int_equal(fx->pf.state[2].flr, PF_FLR_IDLE);
	assert_int_equal(fx->pf.state[2].flr_count, 1);
	/* pf_process_vf_flr_finish() does the PF's part before each FLR_FINISH */
	assert_int_equal(fx->drv.flr_cleanups[2], 2);
}

/*
 * A VF state event the receive path has no memory to queue stays in the G2H
 * ring, as every G2H message i915's ct_read() cannot allocate for: the
 * next run reads it, and the FLR is not lost.
 */
static void test_a_state_event_without_memory_is_read_again(void **state)
{
	struct pf_fixture *fx = *state;

	notify(fx, 4, GUC_PF_NOTIFY_VF_FLR);
	compat_kmalloc_failures = 1;
	assert_int_equal(receive(fx), 0);
	assert_int_equal(fx->pf.state[4].flr, PF_FLR_IDLE);
	assert_int_equal(fx->pf.stats.bad_events, 0);
	assert_int_equal(fx->g->ct.stats.g2h_no_memory, 1);
	assert_int_equal(receive(fx), 1);
	assert_int_equal(fx->pf.state[4].flr, PF_FLR_PENDING);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, pf_fixture_setup, pf_fixture_teardown)
	const struct CMUnitTest tests[] = {
		T(test_pause_waits_for_pause_done),
		T(test_pause_without_pause_done_times_out_after_500ms),
		T(test_stop_and_bad_vfids),
		T(test_clear_resets_the_guc_and_drops_the_config),
		T(test_guc_initiated_flr_runs_to_completion),
		T(test_flr_is_over_after_flr_start_and_a_later_flr_done_finishes_it),
		T(test_flr_start_busy_queues_the_worker_again_at_once),
		T(test_flr_start_on_a_full_ring_waits_for_room),
		T(test_flr_start_on_a_ring_full_for_good_fails),
		T(test_flr_failures_are_recorded),
		T(test_pf_initiated_flr_and_its_wait),
		T(test_malformed_state_events_change_nothing),
		T(test_adverse_events_are_counted_per_vf_and_threshold),
		T(test_vf_control_reply_with_data_is_eproto),
		T(test_pause_is_sent_once_and_not_during_flr),
		T(test_flr_event_during_an_flr_is_ignored),
		T(test_unsolicited_flr_done_is_finished_as_i915),
		T(test_flr_finish_busy_is_retried),
		T(test_flr_done_recorded_before_the_flr_finishes_it),
		T(test_duplicate_flr_done_is_finished_again),
		T(test_a_state_event_without_memory_is_read_again),
		T(test_fixup_done_and_pause_done_are_logged_as_i915),
	};
#undef T

	return cmocka_run_group_tests_name("pf_control", tests, NULL, NULL);
}
