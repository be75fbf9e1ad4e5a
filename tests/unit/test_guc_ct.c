// SPDX-License-Identifier: MIT
/*
 * The CT channel against the mock GuC: registration, every PF message type,
 * events, and ring wrap-around. Faults are in test_guc_ct_faults.c.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "guc_fixture.h"
#include "guc/guc_hxg.h"
#include "guc/guc_klv.h"
#include "abi/guc_actions_abi.h"
#include "abi/guc_actions_pf_abi.h"

/* ------------------------------------------------------------------------
 * Registration
 */

static void test_enable_registers_six_ctb_klvs_then_enables(void **state)
{
	struct guc_fixture *fx = *state;
	static const struct {
		u32 key;
		u32 len;
		u64 value;
	} want[] = {
		/*
		 * i915's intel_guc_ct_enable(): the G2H (receive) ring first,
		 * then H2G; each as ct_register_buffer() does it: the
		 * descriptor, the ring, its size in bytes
		 */
		{ 0x0906, 2, FIXTURE_BLOB_GGTT + GUC_CT_BLOB_G2H_DESC },
		{ 0x0905, 2, FIXTURE_BLOB_GGTT + GUC_CT_BLOB_G2H_CMDS },
		{ 0x0907, 1, 16384 },
		{ 0x0903, 2, FIXTURE_BLOB_GGTT + GUC_CT_BLOB_H2G_DESC },
		{ 0x0902, 2, FIXTURE_BLOB_GGTT + GUC_CT_BLOB_H2G_CMDS },
		{ 0x0904, 1, 4096 },
	};
	u32 i;

	assert_int_equal(guc_ct_enable(&fx->ct), 0);
	assert_int_equal(fx->ct.state, GUC_CT_ENABLED);
	assert_true(fx->guc.ctb_enabled);

	assert_int_equal(fx->guc.nlog, ARRAY_SIZE(want) + 1);
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		const struct mock_guc_logged *l = &fx->guc.log[i];

		assert_true(l->mmio);
		assert_int_equal(l->action, GUC_ACTION_HOST2GUC_SELF_CFG);
		assert_int_equal(l->len, 4);
		assert_int_equal(l->dw[1], want[i].key << 16 | want[i].len);
		assert_int_equal(l->dw[2], lower_32_bits(want[i].value));
		assert_int_equal(l->dw[3], upper_32_bits(want[i].value));
	}
	assert_int_equal(fx->guc.log[6].action, GUC_ACTION_HOST2GUC_CONTROL_CTB);
	assert_int_equal(fx->guc.log[6].dw[1], GUC_CTB_CONTROL_ENABLE);
}

static void test_enable_twice_registers_once(void **state)
{
	struct guc_fixture *fx = *state;

	assert_int_equal(guc_ct_enable(&fx->ct), 0);
	assert_int_equal(guc_ct_enable(&fx->ct), 0);
	assert_int_equal(mock_guc_count(&fx->guc, GUC_ACTION_HOST2GUC_CONTROL_CTB), 1);
}

static void test_disable_tells_guc_and_later_sends_get_enodev(void **state)
{
	struct guc_fixture *fx = *state;

	guc_ct_disable(&fx->ct);
	assert_int_equal(fx->ct.state, GUC_CT_DISABLED);
	assert_false(fx->guc.ctb_enabled);
	assert_int_equal(mock_guc_last(&fx->guc, GUC_ACTION_HOST2GUC_CONTROL_CTB)->dw[1],
			 GUC_CTB_CONTROL_DISABLE);
	assert_int_equal(guc_fixture_vf_control(fx, 1, GUC_PF_TRIGGER_VF_PAUSE), -ENODEV);
}

static void test_send_before_enable_gets_enodev(void **state)
{
	struct guc_fixture *fx = *state;

	assert_int_equal(guc_fixture_vf_control(fx, 1, GUC_PF_TRIGGER_VF_PAUSE), -ENODEV);
	assert_int_equal(fx->guc.nlog, 0);
}

/* ------------------------------------------------------------------------
 * PF2GUC_UPDATE_VF_CFG
 */

/* The blob i915 pushes for one VF: 14 KLVs in 30 dwords (2 of 3, 12 of 2). */
static u32 build_full_vf_cfg(u32 *buf)
{
	int pos = 0;

	pos = guc_klv_encode_u64(buf, FIXTURE_KLV_DWORDS, pos, GUC_KLV_VF_CFG_GGTT_START_KEY,
				 0xde000000ull);
	pos = guc_klv_encode_u64(buf, FIXTURE_KLV_DWORDS, pos, GUC_KLV_VF_CFG_GGTT_SIZE_KEY,
				 0x1f000000ull);
	pos = guc_klv_encode_u32(buf, FIXTURE_KLV_DWORDS, pos, GUC_KLV_VF_CFG_BEGIN_CONTEXT_ID_KEY,
				 57343);
	pos = guc_klv_encode_u32(buf, FIXTURE_KLV_DWORDS, pos, GUC_KLV_VF_CFG_NUM_CONTEXTS_KEY,
				 8192);
	pos = guc_klv_encode_u32(buf, FIXTURE_KLV_DWORDS, pos, GUC_KLV_VF_CFG_BEGIN_DOORBELL_ID_KEY,
				 0);
	pos = guc_klv_encode_u32(buf, FIXTURE_KLV_DWORDS, pos, GUC_KLV_VF_CFG_NUM_DOORBELLS_KEY,
				 36);
	pos = guc_klv_encode_u32(buf, FIXTURE_KLV_DWORDS, pos, GUC_KLV_VF_CFG_EXEC_QUANTUM_KEY, 40);
	pos = guc_klv_encode_u32(buf, FIXTURE_KLV_DWORDS, pos, GUC_KLV_VF_CFG_PREEMPT_TIMEOUT_KEY,
				 40000);
#define THRESHOLD(tag, key, ...)                                    \
	pos = guc_klv_encode_u32(buf, FIXTURE_KLV_DWORDS, pos, key, \
				 10 + GUC_KLV_VF_CFG_THRESHOLD_INDEX_##tag);
	GUC_KLV_VF_CFG_THRESHOLDS(THRESHOLD)
#undef THRESHOLD
	assert_true(pos > 0);
	return pos;
}

static void test_vf_cfg_push_returns_klvs_applied_and_guc_holds_them(void **state)
{
	struct guc_fixture *fx = *state;
	const struct mock_guc_vf *vf = &fx->guc.vf[1];
	u32 n = build_full_vf_cfg(fx->klvs);

	assert_int_equal(n, 30);
	assert_int_equal(guc_fixture_push_vf_cfg(fx, 1, n), 14);
	assert_int_equal(vf->ggtt_start, 0xde000000ull);
	assert_int_equal(vf->ggtt_size, 0x1f000000ull);
	assert_int_equal(vf->begin_ctx, 57343);
	assert_int_equal(vf->num_ctxs, 8192);
	assert_int_equal(vf->begin_db, 0);
	assert_int_equal(vf->num_dbs, 36);
	assert_int_equal(vf->exec_quantum, 40);
	assert_int_equal(vf->preempt_timeout, 40000);
	for (u32 t = 0; t < GUC_KLV_VF_CFG_NUM_THRESHOLDS; t++)
		assert_int_equal(vf->thresholds[t], 10 + t);
	/* other VFs untouched */
	assert_int_equal(fx->guc.vf[2].num_ctxs, 0);
}

static void test_vf_cfg_with_zero_address_resets_vf_to_defaults(void **state)
{
	struct guc_fixture *fx = *state;

	assert_int_equal(guc_fixture_push_vf_cfg(fx, 3, build_full_vf_cfg(fx->klvs)), 14);
	assert_int_equal(fx->guc.vf[3].num_ctxs, 8192);
	assert_int_equal(guc_fixture_push_vf_cfg(fx, 3, 0), 0);
	assert_int_equal(fx->guc.vf[3].num_ctxs, 0);
	assert_int_equal(fx->guc.vf[3].ggtt_size, 0);
	assert_int_equal(fx->guc.vf[3].exec_quantum, 0);
	assert_int_equal(fx->guc.vf[3].cfg_updates, 2);
}

/*
 * An unknown key is skipped and not counted: the reply's count is what
 * i915's guc_update_vf_klv32() and xe's pf_push_vf_buf_klvs() compare.
 */
static void test_vf_cfg_unknown_keys_are_not_counted(void **state)
{
	struct guc_fixture *fx = *state;
	int pos = 0;

	pos = guc_klv_encode_u32(fx->klvs, FIXTURE_KLV_DWORDS, pos, 0x7777, 1);
	pos = guc_klv_encode_u32(fx->klvs, FIXTURE_KLV_DWORDS, pos,
				 GUC_KLV_VF_CFG_PREEMPT_TIMEOUT_KEY, 5000);
	assert_int_equal(guc_fixture_push_vf_cfg(fx, 2, pos), 1);
	assert_int_equal(fx->guc.vf[2].preempt_timeout, 5000);
}

/* A known key of the wrong length fails the whole request: MALFORMED_KLV. */
static void test_vf_cfg_misfit_length_is_malformed_and_nothing_applies(void **state)
{
	struct guc_fixture *fx = *state;
	u32 v[2] = { 7, 7 };
	int pos = 0;

	pos = guc_klv_encode_u32(fx->klvs, FIXTURE_KLV_DWORDS, pos,
				 GUC_KLV_VF_CFG_PREEMPT_TIMEOUT_KEY, 5000);
	pos = guc_klv_encode(fx->klvs, FIXTURE_KLV_DWORDS, pos, GUC_KLV_VF_CFG_EXEC_QUANTUM_KEY, v,
			     2);
	assert_int_equal(guc_fixture_push_vf_cfg(fx, 2, pos), -EIO);
	assert_int_equal(fx->ct.last_failure.error, GUC_ERROR_MALFORMED_KLV);
	assert_int_equal(fx->guc.vf[2].exec_quantum, 0);
	assert_int_equal(fx->guc.vf[2].preempt_timeout, 0);
}

static void test_pf_exec_quantum_goes_to_vfid_0(void **state)
{
	struct guc_fixture *fx = *state;
	int pos;

	pos = guc_klv_encode_u32(fx->klvs, FIXTURE_KLV_DWORDS, 0, GUC_KLV_VF_CFG_EXEC_QUANTUM_KEY,
				 25);
	assert_int_equal(guc_fixture_push_vf_cfg(fx, GUC_PF_VFID, pos), 1);
	assert_int_equal(fx->guc.vf[0].exec_quantum, 25);
}

/* ------------------------------------------------------------------------
 * PF2GUC_UPDATE_VGT_POLICY
 */

static void test_vgt_policy_update_applies_each_policy(void **state)
{
	struct guc_fixture *fx = *state;
	u32 msg[PF2GUC_UPDATE_VGT_POLICY_REQUEST_MSG_LEN];
	int pos = 0;

	pos = guc_klv_encode_u32(fx->klvs, FIXTURE_KLV_DWORDS, pos,
				 GUC_KLV_VGT_POLICY_SCHED_IF_IDLE_KEY, 1);
	pos = guc_klv_encode_u32(fx->klvs, FIXTURE_KLV_DWORDS, pos,
				 GUC_KLV_VGT_POLICY_ADVERSE_SAMPLE_PERIOD_KEY, 100);
	pos = guc_klv_encode_u32(fx->klvs, FIXTURE_KLV_DWORDS, pos,
				 GUC_KLV_VGT_POLICY_RESET_AFTER_VF_SWITCH_KEY, 1);
	msg[0] = guc_hxg_request(GUC_ACTION_PF2GUC_UPDATE_VGT_POLICY, 0);
	msg[1] = FIXTURE_KLV_GGTT;
	msg[2] = 0;
	msg[3] = pos;

	assert_int_equal(guc_ct_send_recv(&fx->ct, msg, ARRAY_SIZE(msg), NULL, 0), 3);
	assert_int_equal(fx->guc.sched_if_idle, 1);
	assert_int_equal(fx->guc.sample_period, 100);
	assert_int_equal(fx->guc.reset_after_vf_switch, 1);
}

/* ------------------------------------------------------------------------
 * PF2GUC_VF_CONTROL and the events that follow it
 */

struct event_log {
	u32 n;
	u32 action[64];
	u32 len[64];
	u32 dw[64][4];
};

static int record_event(void *data, const u32 *msg, u32 len)
{
	struct event_log *ev = data;
	u32 i;

	if (ev->n == ARRAY_SIZE(ev->action))
		return -ENOSPC;
	ev->action[ev->n] = guc_hxg_action(msg[0]);
	ev->len[ev->n] = len;
	for (i = 0; i < len && i < 4; i++)
		ev->dw[ev->n][i] = msg[i];
	ev->n++;
	return 0;
}

static struct event_log events;
static const struct guc_ct_event_handler pf_handlers[] = {
	{ GUC_ACTION_GUC2PF_VF_STATE_NOTIFY, record_event, &events },
	{ GUC_ACTION_GUC2PF_ADVERSE_EVENT, record_event, &events },
	{ GUC_ACTION_GUC2PF_RELAY_FROM_VF, record_event, &events },
};

static int setup_with_handlers(void **state)
{
	struct guc_fixture *fx;

	if (guc_fixture_setup_enabled(state))
		return -1;
	fx = *state;
	memset(&events, 0, sizeof(events));
	guc_ct_set_event_handlers(&fx->ct, pf_handlers, ARRAY_SIZE(pf_handlers));
	return 0;
}

static void test_vf_control_each_command_reaches_guc(void **state)
{
	struct guc_fixture *fx = *state;
	static const u32 cmds[] = {
		GUC_PF_TRIGGER_VF_PAUSE,     GUC_PF_TRIGGER_VF_RESUME,	   GUC_PF_TRIGGER_VF_STOP,
		GUC_PF_TRIGGER_VF_FLR_START, GUC_PF_TRIGGER_VF_FLR_FINISH,
	};
	u32 i;

	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		assert_int_equal(guc_fixture_vf_control(fx, 4, cmds[i]), 0);
		assert_int_equal(fx->guc.vf[4].last_control, cmds[i]);
		assert_int_equal(mock_guc_last(&fx->guc, GUC_ACTION_PF2GUC_VF_CONTROL)->dw[2],
				 cmds[i]);
	}
	assert_false(fx->guc.vf[4].flr_in_progress);
}

static void test_pause_is_followed_by_pause_done_event(void **state)
{
	struct guc_fixture *fx = *state;

	assert_int_equal(guc_fixture_vf_control(fx, 2, GUC_PF_TRIGGER_VF_PAUSE), 0);
	/* written right behind the reply, so the waiting sender dispatched it */
	assert_int_equal(events.n, 1);
	assert_int_equal(guc_ct_process_g2h(&fx->ct), 0);
	assert_int_equal(events.action[0], GUC_ACTION_GUC2PF_VF_STATE_NOTIFY);
	assert_int_equal(events.len[0], 3);
	assert_int_equal(events.dw[0][1], 2);
	assert_int_equal(events.dw[0][2], GUC_PF_NOTIFY_VF_PAUSE_DONE);
}

static void test_flr_start_is_followed_by_flr_done_event(void **state)
{
	struct guc_fixture *fx = *state;

	assert_int_equal(guc_fixture_vf_control(fx, 7, GUC_PF_TRIGGER_VF_FLR_START), 0);
	guc_ct_process_g2h(&fx->ct);
	assert_int_equal(events.n, 1);
	assert_int_equal(events.dw[0][1], 7);
	assert_int_equal(events.dw[0][2], GUC_PF_NOTIFY_VF_FLR_DONE);
	assert_true(fx->guc.vf[7].flr_in_progress);
	assert_int_equal(guc_fixture_vf_control(fx, 7, GUC_PF_TRIGGER_VF_FLR_FINISH), 0);
	assert_false(fx->guc.vf[7].flr_in_progress);
}

static void test_events_of_each_kind_reach_their_handler(void **state)
{
	struct guc_fixture *fx = *state;
	const u32 flr[] = { 3, GUC_PF_NOTIFY_VF_FLR };
	const u32 adverse[] = { 2, GUC_KLV_VF_CFG_THRESHOLD_PAGE_FAULT_KEY };
	const u32 relay[] = { 1, 42, 0x11, 0x22, 0x33 };

	assert_int_equal(mock_guc_event(&fx->guc, GUC_ACTION_GUC2PF_VF_STATE_NOTIFY, flr, 2), 0);
	assert_int_equal(mock_guc_event(&fx->guc, GUC_ACTION_GUC2PF_ADVERSE_EVENT, adverse, 2), 0);
	assert_int_equal(mock_guc_event(&fx->guc, GUC_ACTION_GUC2PF_RELAY_FROM_VF, relay, 5), 0);

	assert_int_equal(guc_ct_process_g2h(&fx->ct), 3);
	assert_int_equal(events.n, 3);
	assert_int_equal(events.action[0], GUC_ACTION_GUC2PF_VF_STATE_NOTIFY);
	assert_int_equal(events.dw[0][2], GUC_PF_NOTIFY_VF_FLR);
	assert_int_equal(events.action[1], GUC_ACTION_GUC2PF_ADVERSE_EVENT);
	assert_int_equal(events.dw[1][2], GUC_KLV_VF_CFG_THRESHOLD_PAGE_FAULT_KEY);
	assert_int_equal(events.action[2], GUC_ACTION_GUC2PF_RELAY_FROM_VF);
	assert_int_equal(events.len[2], 6);
	assert_int_equal(events.dw[2][2], 42);
	assert_int_equal(fx->ct.stats.events, 3);
}

static void test_event_without_handler_is_counted_and_logged(void **state)
{
	struct guc_fixture *fx = *state;
	const u32 data[] = { 1 };

	assert_int_equal(mock_guc_event(&fx->guc, 0x1234, data, 1), 0);
	assert_int_equal(guc_ct_process_g2h(&fx->ct), 1);
	assert_int_equal(fx->ct.stats.unhandled_events, 1);
	assert_int_equal(guc_fixture_log_count("no handler for event 0x1234"), 1);
	assert_int_equal(fx->ct.state, GUC_CT_ENABLED);
}

static void test_event_before_reply_is_dispatched_while_waiting(void **state)
{
	struct guc_fixture *fx = *state;
	const u32 adverse[] = { 5, GUC_KLV_VF_CFG_THRESHOLD_CAT_ERR_KEY };

	mock_guc_event(&fx->guc, GUC_ACTION_GUC2PF_ADVERSE_EVENT, adverse, 2);
	assert_int_equal(guc_fixture_vf_control(fx, 5, GUC_PF_TRIGGER_VF_STOP), 0);
	assert_int_equal(events.n, 1);
	assert_int_equal(events.dw[0][1], 5);
}

/* ------------------------------------------------------------------------
 * PF2GUC_RELAY_TO_VF (fast request)
 */

static int send_relay(struct guc_fixture *fx, u32 vfid, u32 relay_id, u32 payload_len, u32 seed)
{
	u32 msg[GUC_CTB_MAX_DWORDS];
	u32 i;

	msg[0] = guc_hxg_fast_request(GUC_ACTION_PF2GUC_RELAY_TO_VF, 0);
	msg[1] = vfid;
	msg[2] = relay_id;
	for (i = 0; i < payload_len; i++)
		msg[3 + i] = seed * 2654435761u + i;
	return guc_ct_send(&fx->ct, msg, 3 + payload_len);
}

static void test_relay_to_vf_is_delivered_without_reply(void **state)
{
	struct guc_fixture *fx = *state;
	const struct mock_guc_vf *vf = &fx->guc.vf[6];
	u32 i;

	assert_int_equal(send_relay(fx, 6, 77, 10, 3), 0);
	mock_guc_step(&fx->guc);
	assert_int_equal(vf->relay_count, 1);
	assert_int_equal(vf->relay_id, 77);
	assert_int_equal(vf->relay_len, 10);
	for (i = 0; i < 10; i++)
		assert_int_equal(vf->relay_msg[i], 3 * 2654435761u + i);
	assert_int_equal(guc_ct_process_g2h(&fx->ct), 0);
}

static void test_fast_request_failure_names_its_action(void **state)
{
	struct guc_fixture *fx = *state;

	assert_int_equal(send_relay(fx, 9, 1, 1, 1), 0); /* no VF 9 */
	mock_guc_step(&fx->guc);
	assert_int_equal(guc_ct_process_g2h(&fx->ct), 1);
	assert_int_equal(fx->ct.stats.fast_req_failures, 1);
	assert_int_equal(fx->ct.last_failure.action, GUC_ACTION_PF2GUC_RELAY_TO_VF);
	assert_int_equal(guc_fixture_log_count("fast request 0x5101"), 1);
	assert_int_equal(fx->ct.stats.unexpected_responses, 0);
}

/* ------------------------------------------------------------------------
 * Malformed requests from the caller never reach the ring
 */

static void test_malformed_requests_are_rejected_before_the_ring(void **state)
{
	struct guc_fixture *fx = *state;
	u32 msg[GUC_CTB_MAX_DWORDS + 1] = { 0 };

	msg[0] = guc_hxg_request(GUC_ACTION_PF2GUC_VF_CONTROL, 0);
	assert_int_equal(guc_ct_send_recv(&fx->ct, msg, 0, NULL, 0), -EINVAL);
	assert_int_equal(guc_ct_send_recv(&fx->ct, msg, GUC_CTB_MAX_DWORDS + 1, NULL, 0), -EINVAL);
	/* a request through the no-reply path, and the other way round */
	assert_int_equal(guc_ct_send(&fx->ct, msg, 3), -EINVAL);
	msg[0] = guc_hxg_fast_request(GUC_ACTION_PF2GUC_RELAY_TO_VF, 0);
	assert_int_equal(guc_ct_send_recv(&fx->ct, msg, 3, NULL, 0), -EINVAL);
	/* a GuC-originated header */
	msg[0] = guc_hxg_guc_success(0);
	assert_int_equal(guc_ct_send_recv(&fx->ct, msg, 1, NULL, 0), -EINVAL);
	assert_int_equal(fx->ct.stats.h2g_messages, 0);
	mock_guc_step(&fx->guc);
	assert_int_equal(fx->guc.nlog, 0);
}

/*
 * i915's ct_handle_response() copies the payload after the HXG header into
 * the buffer, cut to its size (the rest is logged as too long), and
 * ct_send() returns the dwords copied, not DATA0.
 */
static void test_response_buffer_gets_the_payload(void **state)
{
	struct guc_fixture *fx = *state;
	u32 msg[] = { guc_hxg_request(GUC_ACTION_PF2GUC_VF_CONTROL, 0), 1, GUC_PF_TRIGGER_VF_STOP };
	u32 reply[4] = { guc_hxg_guc_success(7), 0x11, 0x22, 0x33 };
	u32 response[4] = { 0 };

	/* a VF_CONTROL reply has no payload */
	assert_int_equal(guc_ct_send_recv(&fx->ct, msg, 3, response, 4), 0);
	assert_int_equal(response[0], 0);
	/* a reply with three payload dwords, waiting for the next fence */
	assert_int_equal(mock_guc_write_g2h(&fx->guc, fx->ct.next_fence, reply, 4), 0);
	assert_int_equal(guc_ct_send_recv(&fx->ct, msg, 3, response, 4), 3);
	assert_int_equal(response[0], 0x11);
	assert_int_equal(response[2], 0x33);
	/* into two dwords: cut, as i915 does */
	memset(response, 0, sizeof(response));
	assert_int_equal(mock_guc_write_g2h(&fx->guc, fx->ct.next_fence, reply, 4), 0);
	assert_int_equal(guc_ct_send_recv(&fx->ct, msg, 3, response, 2), 2);
	assert_int_equal(response[1], 0x22);
	assert_int_equal(response[2], 0);
	assert_int_equal(guc_fixture_log_count("too long: 3 dwords for 2"), 1);
}

/* ------------------------------------------------------------------------
 * Wrap-around
 */

static void test_h2g_ring_wraps_with_payloads_intact(void **state)
{
	struct guc_fixture *fx = *state;
	u32 i, len, sum, j, sent_dwords = 0;

	for (i = 0; i < 400; i++) {
		len = 1 + (i * 37) % GUC_RELAY_MSG_MAX_LEN;
		fx->guc.nlog = 0;
		assert_int_equal(send_relay(fx, 1 + i % 7, i, len, i), 0);
		mock_guc_step(&fx->guc);
		assert_int_equal(fx->guc.nlog, 1);
		sum = guc_hxg_fast_request(GUC_ACTION_PF2GUC_RELAY_TO_VF, 0) + 1 + i % 7 + i;
		for (j = 0; j < len; j++)
			sum += i * 2654435761u + j;
		assert_int_equal(fx->guc.log[0].csum, sum);
		assert_int_equal(fx->guc.log[0].len, 3 + len);
		sent_dwords += 4 + len;
	}
	/* the 1024-dword ring went round many times */
	assert_true(sent_dwords > 20 * fx->ct.h2g.size);
	assert_int_equal(fx->guc.bad_h2g, 0);
	assert_int_equal(fx->ct.state, GUC_CT_ENABLED);
}

static void test_g2h_ring_wraps_with_events_intact(void **state)
{
	struct guc_fixture *fx = *state;
	u32 data[GUC_RELAY_MSG_MAX_LEN + 2];
	u32 i, j, len, total = 0;

	for (i = 0; i < 1000; i++) {
		len = 2 + (i * 53) % GUC_RELAY_MSG_MAX_LEN;
		data[0] = 1;
		data[1] = i;
		for (j = 2; j < len; j++)
			data[j] = i ^ j;
		assert_int_equal(
			mock_guc_event(&fx->guc, GUC_ACTION_GUC2PF_RELAY_FROM_VF, data, len), 0);
		memset(&events, 0, sizeof(events));
		assert_int_equal(guc_ct_process_g2h(&fx->ct), 1);
		assert_int_equal(events.n, 1);
		assert_int_equal(events.len[0], len + 1);
		assert_int_equal(events.dw[0][2], i);
		if (len > 2)
			assert_int_equal(events.dw[0][3], i ^ 2);
		total += len + 2;
	}
	assert_true(total > 20 * fx->ct.g2h.size);
	assert_int_equal(fx->ct.stats.malformed, 0);
}

static void test_many_requests_in_a_row_all_complete(void **state)
{
	struct guc_fixture *fx = *state;
	u32 i;

	for (i = 0; i < 2000; i++)
		assert_int_equal(guc_fixture_vf_control(fx, 1 + i % 7, GUC_PF_TRIGGER_VF_STOP), 0);
	assert_int_equal(fx->ct.stats.responses, 2000);
	assert_int_equal(fx->ct.stats.timeouts, 0);
}

/* A handler that sends a fast request into a full ring: it backs off until
 * the ring counts as dead (-EPIPE), without dispatching G2H again underneath
 * itself. Only H2G breaks (i915's ct_deadlocked() sets ctbs.send.broken), so
 * the next event is still read, and its send fails at once. */
static struct guc_fixture *reentry_fx;
static int reentry_result = 1;

static int send_from_handler(void *data, const u32 *msg, u32 len)
{
	(void)data;
	(void)msg;
	(void)len;
	reentry_result = send_relay(reentry_fx, 1, 1, 200, 0);
	return 0;
}

static void test_send_from_a_handler_does_not_redispatch_g2h(void **state)
{
	struct guc_fixture *fx = *state;
	static const struct guc_ct_event_handler h[] = {
		{ 0x4242, send_from_handler, NULL },
	};
	const u32 data[] = { 1 };
	u32 i;

	reentry_fx = fx;
	guc_ct_set_event_handlers(&fx->ct, h, 1);
	fx->guc.stall_steps = ~0u;
	/* exactly full: as many 201-dword messages as fit */
	for (i = 0; i < (fx->ct.h2g.size - 1) / 201; i++)
		assert_int_equal(send_relay(fx, 1, 1, 200, 0), 0);
	mock_guc_event(&fx->guc, 0x4242, data, 1);
	mock_guc_event(&fx->guc, 0x4242, data, 1);
	/* the first event's send breaks H2G: the second is read all the same */
	assert_int_equal(guc_ct_process_g2h(&fx->ct), 2);
	assert_int_equal(reentry_result, -EPIPE);
	assert_int_equal(fx->ct.stats.events, 2);
	assert_int_equal(fx->ct.stats.h2g_full, 1);
	assert_true(fx->ct.h2g.broken);
	assert_false(fx->ct.g2h.broken);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_enable_registers_six_ctb_klvs_then_enables,
						guc_fixture_setup, guc_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_enable_twice_registers_once, guc_fixture_setup,
						guc_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_disable_tells_guc_and_later_sends_get_enodev,
						guc_fixture_setup_enabled, guc_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_send_before_enable_gets_enodev,
						guc_fixture_setup, guc_fixture_teardown),
		cmocka_unit_test_setup_teardown(
			test_vf_cfg_push_returns_klvs_applied_and_guc_holds_them,
			guc_fixture_setup_enabled, guc_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_vf_cfg_with_zero_address_resets_vf_to_defaults,
						guc_fixture_setup_enabled, guc_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_vf_cfg_unknown_keys_are_not_counted,
						guc_fixture_setup_enabled, guc_fixture_teardown),
		cmocka_unit_test_setup_teardown(
			test_vf_cfg_misfit_length_is_malformed_and_nothing_applies,
			guc_fixture_setup_enabled, guc_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_pf_exec_quantum_goes_to_vfid_0,
						guc_fixture_setup_enabled, guc_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_vgt_policy_update_applies_each_policy,
						guc_fixture_setup_enabled, guc_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_vf_control_each_command_reaches_guc,
						setup_with_handlers, guc_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_pause_is_followed_by_pause_done_event,
						setup_with_handlers, guc_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_flr_start_is_followed_by_flr_done_event,
						setup_with_handlers, guc_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_events_of_each_kind_reach_their_handler,
						setup_with_handlers, guc_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_event_without_handler_is_counted_and_logged,
						setup_with_handlers, guc_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_event_before_reply_is_dispatched_while_waiting,
						setup_with_handlers, guc_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_relay_to_vf_is_delivered_without_reply,
						setup_with_handlers, guc_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_fast_request_failure_names_its_action,
						setup_with_handlers, guc_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_malformed_requests_are_rejected_before_the_ring,
						guc_fixture_setup_enabled, guc_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_response_buffer_gets_the_payload,
						guc_fixture_setup_enabled, guc_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_h2g_ring_wraps_with_payloads_intact,
						setup_with_handlers, guc_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_g2h_ring_wraps_with_events_intact,
						setup_with_handlers, guc_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_many_requests_in_a_row_all_complete,
						setup_with_handlers, guc_fixture_teardown),
		cmocka_unit_test_setup_teardown(test_send_from_a_handler_does_not_redispatch_g2h,
						guc_fixture_setup_enabled, guc_fixture_teardown),
	};

	return cmocka_run_group_tests_name("guc_ct", tests, NULL, NULL);
}
