// SPDX-License-Identifier: MIT
/*
 * The relay service: what the PF answers a VF, end to end through the mock
 * GuC (RELAY_FROM_VF in, RELAY_TO_VF out with the same relay ID), and every
 * kind of hostile or broken message.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "pf_fixture.h"
#include "guc/guc_hxg.h"
#include "abi/iov_relay_abi.h"
#include "iov/pf_control.h"
#include "iov/pf_relay.h"
#include "iov/pf_sriov.h"

#define NREGS 300

static struct pf_runtime_reg regs[NREGS];
static struct pf_fixture *cur; /* for assert_failure() */

static int setup(void **state)
{
	struct pf_fixture *fx;
	u32 i;

	if (pf_fixture_setup(state))
		return -1;
	fx = *state;
	for (i = 0; i < NREGS; i++) {
		regs[i].offset = 0x100000 + 4 * i;
		regs[i].value = 0xc0de0000 + i;
	}
	pf_relay_set_runtime(&fx->pf, regs, NREGS);
	cur = fx;
	return pf_enable_vfs(&fx->pf, 3);
}

static u32 vf_request(u32 action, u32 data0)
{
	return guc_hxg_request(action, data0);
}

/* A VF sends @msg; returns the reply the VF receives (in the GuC model). */
static const struct mock_guc_vf *relay(struct pf_fixture *fx, u32 vfid, u32 relay_id,
				       const u32 *msg, u32 len)
{
	u32 ev[3 + GUC_RELAY_MSG_MAX_LEN + 8];

	ev[0] = vfid;
	ev[1] = relay_id;
	memcpy(&ev[2], msg, len * sizeof(u32));
	assert_int_equal(mock_guc_event(&fx->g->guc, GUC_ACTION_GUC2PF_RELAY_FROM_VF, ev, len + 2),
			 0);
	guc_ct_process_g2h(&fx->g->ct);
	pf_relay_process(&fx->pf);
	mock_guc_step(&fx->g->guc);
	return &fx->g->guc.vf[vfid];
}

/*
 * A FAILURE reached the VF for @relay_id. Its cause is @error, which the
 * PF keeps (stats.relay_last_error); the VF itself gets
 * IOV_ERROR_UNDISCLOSED and hint 0, as from i915's relay_handle_request()
 * (sanitize_iov_error() outside self-test builds).
 */
static void assert_failure(const struct mock_guc_vf *vf, u32 relay_id, u32 error)
{
	assert_int_equal(vf->relay_id, relay_id);
	assert_int_equal(vf->relay_len, 1);
	assert_int_equal(guc_hxg_type(vf->relay_msg[0]), GUC_HXG_TYPE_RESPONSE_FAILURE);
	assert_int_equal(FIELD_GET(GUC_HXG_FAILURE_MSG_0_ERROR, vf->relay_msg[0]),
			 IOV_ERROR_UNDISCLOSED);
	assert_int_equal(FIELD_GET(GUC_HXG_FAILURE_MSG_0_HINT, vf->relay_msg[0]), 0);
	assert_int_equal(cur->pf.stats.relay_last_error, -(int)error);
}

static void test_handshake_negotiates_the_version(void **state)
{
	struct pf_fixture *fx = *state;
	static const struct {
		u32 major, minor, want;
	} cases[] = {
		{ 0, 0, 0x00010000 }, /* any: latest */
		{ 1, 0, 0x00010000 },		{ 1, 7, 0x00010000 }, /* minor capped at latest */
		{ 2, 0, 0x00010000 }, /* newer than we know: latest */
		{ 0xffff, 0xffff, 0x00010000 },
	};
	u32 i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		u32 msg[2] = { vf_request(IOV_ACTION_VF2PF_HANDSHAKE, 0),
			       cases[i].major << 16 | cases[i].minor };
		const struct mock_guc_vf *vf = relay(fx, 1, 100 + i, msg, 2);

		assert_int_equal(vf->relay_id, 100 + i);
		assert_int_equal(vf->relay_len, 2);
		assert_int_equal(vf->relay_msg[0],
				 FIELD_PREP(GUC_HXG_MSG_0_TYPE, GUC_HXG_TYPE_RESPONSE_SUCCESS));
		assert_int_equal(vf->relay_msg[1], cases[i].want);
	}
}

static void test_handshake_errors(void **state)
{
	struct pf_fixture *fx = *state;
	u32 any_minor[2] = { vf_request(IOV_ACTION_VF2PF_HANDSHAKE, 0), 0x00000003 };
	u32 short_msg[1] = { vf_request(IOV_ACTION_VF2PF_HANDSHAKE, 0) };
	u32 mbz[2] = { vf_request(IOV_ACTION_VF2PF_HANDSHAKE, 1), 0x00010000 };

	assert_failure(relay(fx, 2, 1, any_minor, 2), 1, EINVAL);
	assert_failure(relay(fx, 2, 2, short_msg, 1), 2, EMSGSIZE);
	/* reply_handshake(): the length first, then MBZ, which is -EINVAL */
	assert_failure(relay(fx, 2, 3, mbz, 2), 3, EINVAL);
	assert_int_equal(fx->pf.stats.relay_errors, 3);
}

static void test_query_runtime_pages_through_the_registers(void **state)
{
	struct pf_fixture *fx = *state;
	u32 start = 0, pages = 0, i;

	/*
	 * no limit: pf_reply_runtime_query() answers at most 9 pairs, what its
	 * VF2PF_QUERY_RUNTIME_RESPONSE_MSG_MAX_LEN (20) holds, then the rest
	 */
	while (start < NREGS) {
		u32 msg[2] = { vf_request(IOV_ACTION_VF2PF_QUERY_RUNTIME, 0), start };
		const struct mock_guc_vf *vf = relay(fx, 3, 7, msg, 2);
		u32 count = guc_hxg_response_data0(vf->relay_msg[0]);

		assert_int_equal(guc_hxg_type(vf->relay_msg[0]), GUC_HXG_TYPE_RESPONSE_SUCCESS);
		assert_int_equal(count, min_t(u32, 9, NREGS - start));
		assert_int_equal(vf->relay_len, 2 + 2 * count);
		assert_int_equal(vf->relay_msg[1], NREGS - start - count);
		for (i = 0; i < count; i++) {
			assert_int_equal(vf->relay_msg[2 + 2 * i], regs[start + i].offset);
			assert_int_equal(vf->relay_msg[3 + 2 * i], regs[start + i].value);
		}
		start += count;
		pages++;
	}
	assert_int_equal(pages, (NREGS + 8) / 9);
}

static void test_query_runtime_limit_and_range(void **state)
{
	struct pf_fixture *fx = *state;
	u32 limited[2] = { vf_request(IOV_ACTION_VF2PF_QUERY_RUNTIME, 5), 125 };
	u32 over_max[2] = { vf_request(IOV_ACTION_VF2PF_QUERY_RUNTIME, 10), 125 };
	u32 short_msg[1] = { vf_request(IOV_ACTION_VF2PF_QUERY_RUNTIME, 0) };
	u32 at_end[2] = { vf_request(IOV_ACTION_VF2PF_QUERY_RUNTIME, 0), NREGS };
	u32 beyond[2] = { vf_request(IOV_ACTION_VF2PF_QUERY_RUNTIME, 0), NREGS + 1 };
	u32 huge[2] = { vf_request(IOV_ACTION_VF2PF_QUERY_RUNTIME, 0), 0xffffffff };
	u32 long_msg[3] = { vf_request(IOV_ACTION_VF2PF_QUERY_RUNTIME, 0), 0, 0 };
	const struct mock_guc_vf *vf;

	vf = relay(fx, 1, 1, limited, 2);
	assert_int_equal(guc_hxg_response_data0(vf->relay_msg[0]), 5);
	assert_int_equal(vf->relay_msg[1], NREGS - 130);
	assert_int_equal(vf->relay_msg[2], regs[125].offset);
	vf = relay(fx, 1, 6, over_max, 2);
	assert_int_equal(guc_hxg_response_data0(vf->relay_msg[0]), 9);
	vf = relay(fx, 1, 2, at_end, 2);
	assert_int_equal(guc_hxg_response_data0(vf->relay_msg[0]), 0);
	assert_int_equal(vf->relay_msg[1], 0);
	assert_failure(relay(fx, 1, 3, beyond, 2), 3, EINVAL);
	assert_failure(relay(fx, 1, 4, huge, 2), 4, EINVAL);
	assert_failure(relay(fx, 1, 5, long_msg, 3), 5, EMSGSIZE);
	/* pf_reply_runtime_query(): too short is -EPROTO, too long -EMSGSIZE */
	assert_failure(relay(fx, 1, 7, short_msg, 1), 7, EPROTO);
}

static void test_unknown_or_malformed_messages_get_errors(void **state)
{
	struct pf_fixture *fx = *state;
	u32 unknown[1] = { vf_request(0x0999, 0) };
	u32 ggtt32[3] = { vf_request(IOV_ACTION_VF2PF_UPDATE_GGTT32, 0), 0, 0 };

	/* intel_iov_service_process_msg(): an action it does not know is -EOPNOTSUPP */
	assert_failure(relay(fx, 1, 10, unknown, 1), 10, EOPNOTSUPP);
	/* pf_reply_update_ggtt(): a known action, but only on media IP 13.0 */
	assert_failure(relay(fx, 1, 11, ggtt32, 3), 11, EOPNOTSUPP);
}

/*
 * relay_process_msg() answers REQUESTs only: a message not from the host
 * side of the VF is -EPROTO, an EVENT -EOPNOTSUPP, a reply the PF does not
 * await -ESRCH; each is logged and gets no reply at all.
 */
static void test_what_is_no_request_gets_no_reply(void **state)
{
	struct pf_fixture *fx = *state;
	u32 from_guc[2] = { guc_hxg_guc_event(IOV_ACTION_VF2PF_HANDSHAKE, 0), 0 };
	u32 response[2] = { FIELD_PREP(GUC_HXG_MSG_0_TYPE, GUC_HXG_TYPE_RESPONSE_SUCCESS), 0 };
	u32 failure[1] = { FIELD_PREP(GUC_HXG_MSG_0_TYPE, GUC_HXG_TYPE_RESPONSE_FAILURE) };
	u32 event[2] = { FIELD_PREP(GUC_HXG_MSG_0_TYPE, GUC_HXG_TYPE_EVENT) | 1, 0 };

	assert_int_equal(relay(fx, 1, 12, from_guc, 2)->relay_count, 0);
	assert_int_equal(fx->pf.stats.relay_last_error, -EPROTO);
	assert_int_equal(relay(fx, 1, 13, response, 2)->relay_count, 0);
	assert_int_equal(fx->pf.stats.relay_last_error, -ESRCH);
	assert_int_equal(relay(fx, 1, 14, failure, 1)->relay_count, 0);
	assert_int_equal(fx->pf.stats.relay_last_error, -ESRCH);
	assert_int_equal(relay(fx, 1, 15, event, 2)->relay_count, 0);
	assert_int_equal(fx->pf.stats.relay_last_error, -EOPNOTSUPP);
	assert_int_equal(fx->pf.stats.relay_errors, 4);
}

static void test_oversized_and_empty_messages_are_dropped(void **state)
{
	struct pf_fixture *fx = *state;
	u32 big[3 + GUC_RELAY_MSG_MAX_LEN + 1] = {
		guc_hxg_guc_event(GUC_ACTION_GUC2PF_RELAY_FROM_VF, 0),
		2,
		20,
		vf_request(IOV_ACTION_VF2PF_HANDSHAKE, 0),
	};
	const u32 empty[2] = { 2, 55 };

	/*
	 * 253 dwords, one more than a relay message may have: the CT framing
	 * cannot carry it, so hand it to the handler directly. As
	 * intel_iov_relay_process_guc2pf(): -EMSGSIZE, dropped, no reply.
	 */
	assert_int_equal(pf_relay_handle_event(&fx->pf, big, ARRAY_SIZE(big)), -EMSGSIZE);
	assert_int_equal(fx->pf.relay_count, 0);
	pf_relay_process(&fx->pf);
	mock_guc_step(&fx->g->guc);
	assert_int_equal(fx->g->guc.vf[2].relay_count, 0);
	/* an envelope with no message in it: relay_process_msg()'s -EPROTO, unanswered */
	mock_guc_event(&fx->g->guc, GUC_ACTION_GUC2PF_RELAY_FROM_VF, empty, 2);
	guc_ct_process_g2h(&fx->g->ct);
	pf_relay_process(&fx->pf);
	mock_guc_step(&fx->g->guc);
	assert_int_equal(fx->g->guc.vf[2].relay_count, 0);
	assert_int_equal(fx->pf.stats.relay_last_error, -EPROTO);
}

/*
 * relay_process_msg() serves REQUESTs only: a FAST_REQUEST is -EBADRQC and,
 * as it is no REQUEST, gets no reply at all.
 */
static void test_fast_requests_are_not_served(void **state)
{
	struct pf_fixture *fx = *state;
	u32 ok[2] = { guc_hxg_fast_request(IOV_ACTION_VF2PF_HANDSHAKE, 0), 0x00010000 };
	u32 bad[1] = { guc_hxg_fast_request(0x0999, 0) };
	const struct mock_guc_vf *vf;

	vf = relay(fx, 3, 30, ok, 2);
	assert_int_equal(vf->relay_count, 0);
	assert_int_equal(fx->pf.stats.relay_last_error, -EBADRQC);
	vf = relay(fx, 3, 31, bad, 1);
	assert_int_equal(vf->relay_count, 0);
	assert_int_equal(fx->pf.stats.relay_errors, 2);
}

/* intel_iov_relay_process_guc2pf(): a bad envelope is dropped, unanswered. */
static void test_bad_envelopes_are_dropped_with_i915s_errors(void **state)
{
	struct pf_fixture *fx = *state;
	u32 mbz[5] = { guc_hxg_guc_event(GUC_ACTION_GUC2PF_RELAY_FROM_VF, 1), 1, 9,
		       vf_request(IOV_ACTION_VF2PF_HANDSHAKE, 0), 0 };
	u32 pf_origin[5] = { guc_hxg_guc_event(GUC_ACTION_GUC2PF_RELAY_FROM_VF, 0), 0, 9,
			     vf_request(IOV_ACTION_VF2PF_HANDSHAKE, 0), 0 };

	assert_int_equal(pf_relay_handle_event(&fx->pf, mbz, 5), -EPFNOSUPPORT);
	assert_int_equal(pf_relay_handle_event(&fx->pf, pf_origin, 5), -EPROTO);
	assert_int_equal(fx->pf.relay_count, 0);
	assert_int_equal(fx->pf.stats.relay_dropped, 2);
}

/*
 * The GuC stamps the VFID of the VF that sent a message: i915's
 * intel_iov_relay_process_guc2pf() refuses only VFID 0 and serves any other,
 * without looking at how many VFs are enabled, and its reply goes to that VFID.
 */
static void test_any_nonzero_vfid_is_served(void **state)
{
	struct pf_fixture *fx = *state;
	u32 msg[2] = { vf_request(IOV_ACTION_VF2PF_HANDSHAKE, 0), 0 };
	const struct mock_guc_vf *vf;

	vf = relay(fx, 5, 1, msg, 2); /* 3 VFs enabled */
	assert_int_equal(vf->relay_count, 1);
	assert_int_equal(vf->relay_id, 1);
	assert_int_equal(vf->relay_len, VF2PF_HANDSHAKE_RESPONSE_MSG_LEN);
	assert_int_equal(guc_hxg_type(vf->relay_msg[0]), GUC_HXG_TYPE_RESPONSE_SUCCESS);
	assert_int_equal(vf->relay_msg[1],
			 IOV_VERSION_LATEST_MAJOR << 16 | IOV_VERSION_LATEST_MINOR);
	assert_int_equal(fx->pf.stats.relay_dropped, 0);
	/* a truncated envelope */
	assert_int_equal(pf_relay_handle_event(&fx->pf, msg, 2), -EPROTO);
	assert_int_equal(fx->pf.relay_count, 0);
}

/*
 * i915 keeps every G2H message it reads in an unbounded list for its CT
 * worker (ct_handle_event()): however many VF messages wait, none is
 * dropped and each is answered, in order.
 */
static void test_a_flood_is_answered_in_full(void **state)
{
	struct pf_fixture *fx = *state;
	u32 msg[2] = { vf_request(IOV_ACTION_VF2PF_HANDSHAKE, 0), 0 };
	u32 ev[4] = { 1, 0, msg[0], msg[1] };
	u32 i, n = 100;

	for (i = 0; i < n; i++) {
		ev[1] = i;
		assert_int_equal(
			mock_guc_event(&fx->g->guc, GUC_ACTION_GUC2PF_RELAY_FROM_VF, ev, 4), 0);
	}
	assert_int_equal(guc_ct_process_g2h(&fx->g->ct), n);
	assert_int_equal(fx->pf.relay_count, n);
	assert_int_equal(fx->pf.stats.relay_dropped, 0);
	assert_int_equal(pf_relay_process(&fx->pf), n);
	assert_int_equal(fx->pf.relay_count, 0);
	mock_guc_step(&fx->g->guc);
	assert_int_equal(fx->g->guc.vf[1].relay_count, n);
	assert_int_equal(fx->g->guc.vf[1].relay_id, n - 1);
}

/*
 * relay_handle_request(): a reply the channel refuses makes the service
 * fail with that errno, and the VF is sent a FAILURE instead; if that send
 * fails too, the message is dropped and the worker goes on with the next.
 * None stays queued to be answered, stale, once the channel is back.
 */
static void test_replies_the_channel_refuses_are_failed_then_dropped(void **state)
{
	struct pf_fixture *fx = *state;
	u32 ev[4] = { 1, 0, vf_request(IOV_ACTION_VF2PF_HANDSHAKE, 0), 0 };
	u32 i;

	for (i = 0; i < 3; i++) {
		ev[1] = 60 + i;
		mock_guc_event(&fx->g->guc, GUC_ACTION_GUC2PF_RELAY_FROM_VF, ev, 4);
	}
	assert_int_equal(guc_ct_process_g2h(&fx->g->ct), 3);
	guc_ct_disable(&fx->g->ct);
	assert_int_equal(pf_relay_process(&fx->pf), 3);
	assert_int_equal(fx->pf.relay_count, 0);
	assert_int_equal(fx->pf.stats.relay_send_errors, 6);
	assert_int_equal(fx->pf.stats.relay_last_error, -ENODEV);
	assert_int_equal(guc_fixture_log_count("relay: Failed to send success.61 to VF1 (-19)"), 1);
	assert_int_equal(guc_fixture_log_count("relay: Failed to send failure.61 to VF1 (-19)"), 1);
	assert_int_equal(guc_fixture_log_count("relay: Failed to send"), 6);

	assert_int_equal(guc_ct_enable(&fx->g->ct), 0);
	assert_int_equal(pf_relay_process(&fx->pf), 0);
	mock_guc_step(&fx->g->guc);
	assert_int_equal(fx->g->guc.vf[1].relay_count, 0);
}

static void test_reply_the_guc_cannot_deliver_is_reported(void **state)
{
	struct pf_fixture *fx = *state;
	u32 msg[2] = { vf_request(IOV_ACTION_VF2PF_HANDSHAKE, 0), 0 };

	mock_guc_arm(&fx->g->guc, &(struct mock_guc_fault){ .kind = MOCK_FAULT_FAILURE,
							    .action = GUC_ACTION_PF2GUC_RELAY_TO_VF,
							    .error = GUC_ERROR_GENERIC_FAIL });
	relay(fx, 1, 40, msg, 2);
	guc_ct_process_g2h(&fx->g->ct);
	assert_int_equal(fx->g->ct.stats.fast_req_failures, 1);
	assert_int_equal(guc_fixture_log_count("fast request 0x5101"), 1);
}

/* ------------------------------------------------------------------------
 * The MMIO relay (GUC2PF_MMIO_RELAY_SERVICE), as i915's
 * intel_iov_service_process_mmio_relay() serves it
 */

static const struct mock_guc_vf *mmio_relay(struct pf_fixture *fx, u32 vfid, u32 magic, u32 opcode,
					    u32 d1, u32 d2, u32 d3)
{
	const u32 data[3] = { d1, d2, d3 };

	assert_int_equal(mock_guc_vf_mmio_relay(&fx->g->guc, vfid, magic, opcode, data), 0);
	guc_ct_process_g2h(&fx->g->ct);
	pf_relay_process(&fx->pf);
	return &fx->g->guc.vf[vfid];
}

static void assert_mmio_success(const struct mock_guc_vf *vf, u32 magic, u32 d0, u32 d1, u32 d2,
				u32 d3)
{
	assert_int_equal(vf->mmio_relay_len, 6);
	assert_int_equal(guc_hxg_action(vf->mmio_relay_msg[0]),
			 GUC_ACTION_PF2GUC_MMIO_RELAY_SUCCESS);
	/* i915's send_mmio_relay_reply() sends a blocking REQUEST */
	assert_int_equal(guc_hxg_type(vf->mmio_relay_msg[0]), GUC_HXG_TYPE_REQUEST);
	assert_int_equal(vf->mmio_relay_msg[2], magic << 24 | d0);
	assert_int_equal(vf->mmio_relay_msg[3], d1);
	assert_int_equal(vf->mmio_relay_msg[4], d2);
	assert_int_equal(vf->mmio_relay_msg[5], d3);
}

/* send_mmio_relay_error(): the FAULT is the errno itself, not sanitised */
static void assert_mmio_fault(const struct mock_guc_vf *vf, u32 vfid, u32 magic, u32 fault)
{
	assert_int_equal(vf->mmio_relay_len, 3);
	assert_int_equal(guc_hxg_action(vf->mmio_relay_msg[0]),
			 GUC_ACTION_PF2GUC_MMIO_RELAY_FAILURE);
	assert_int_equal(vf->mmio_relay_msg[1], vfid);
	assert_int_equal(vf->mmio_relay_msg[2], magic << 24 | fault);
}

static void test_mmio_handshake_as_i915(void **state)
{
	struct pf_fixture *fx = *state;

	/* any version, or a newer major: the latest, 1.0 */
	assert_mmio_success(mmio_relay(fx, 1, 0x5, IOV_OPCODE_VF2PF_MMIO_HANDSHAKE, 0, 0, 0), 0x5,
			    0, 0x00010000, 0, 0);
	assert_mmio_success(mmio_relay(fx, 1, 0x6, IOV_OPCODE_VF2PF_MMIO_HANDSHAKE, 0x00020003, 7,
				       7),
			    0x6, 0, 0x00010000, 0, 0);
	/* 1.x: minor capped; DATA2 and DATA3 must be zero */
	assert_mmio_success(mmio_relay(fx, 2, 0x7, IOV_OPCODE_VF2PF_MMIO_HANDSHAKE, 0x00010009, 0,
				       0),
			    0x7, 0, 0x00010000, 0, 0);
	assert_mmio_fault(mmio_relay(fx, 2, 0x8, IOV_OPCODE_VF2PF_MMIO_HANDSHAKE, 0x00010000, 1, 0),
			  2, 0x8, EPROTO);
	/* major 0 with a minor: older than the only major served */
	assert_mmio_fault(mmio_relay(fx, 2, 0x9, IOV_OPCODE_VF2PF_MMIO_HANDSHAKE, 0x00000001, 0, 0),
			  2, 0x9, ENOPKG);
}

static void test_mmio_get_runtime_as_i915(void **state)
{
	struct pf_fixture *fx = *state;

	assert_mmio_success(mmio_relay(fx, 3, 0xa, IOV_OPCODE_VF2PF_MMIO_GET_RUNTIME,
				       regs[5].offset, 0, regs[299].offset),
			    0xa, 0, regs[5].value, 0, regs[299].value);
	/* a register the PF does not share */
	assert_mmio_fault(mmio_relay(fx, 3, 0xb, IOV_OPCODE_VF2PF_MMIO_GET_RUNTIME, 0x2358, 0, 0),
			  3, 0xb, EACCES);
	/* the first offset is required */
	assert_mmio_fault(mmio_relay(fx, 3, 0xc, IOV_OPCODE_VF2PF_MMIO_GET_RUNTIME, 0,
				     regs[0].offset, 0),
			  3, 0xc, EINVAL);
}

static void test_mmio_update_ggtt_and_unknown_opcodes_are_not_supported(void **state)
{
	struct pf_fixture *fx = *state;

	assert_mmio_fault(mmio_relay(fx, 1, 0x1, IOV_OPCODE_VF2PF_MMIO_UPDATE_GGTT, 0x1000, 1, 0),
			  1, 0x1, EOPNOTSUPP);
	assert_mmio_fault(mmio_relay(fx, 1, 0x2, 0x77, 0, 0, 0), 1, 0x2, EOPNOTSUPP);
	assert_int_equal(fx->pf.stats.mmio_relay_requests, 2);
}

static void test_mmio_relay_envelope_errors_are_dropped(void **state)
{
	struct pf_fixture *fx = *state;
	u32 short_ev[4] = { guc_hxg_guc_event(GUC_ACTION_GUC2PF_MMIO_RELAY_SERVICE, 0), 1,
			    IOV_OPCODE_VF2PF_MMIO_HANDSHAKE << 16, 0 };
	u32 pf_ev[6] = { guc_hxg_guc_event(GUC_ACTION_GUC2PF_MMIO_RELAY_SERVICE, 0),
			 0,
			 IOV_OPCODE_VF2PF_MMIO_HANDSHAKE << 16,
			 0,
			 0,
			 0 };
	u32 i;

	assert_int_equal(pf_relay_handle_mmio_event(&fx->pf, short_ev, 4), -EPROTO);
	assert_int_equal(pf_relay_handle_mmio_event(&fx->pf, pf_ev, 6), -EPROTO);
	/* a good one is queued however many wait, as on i915 */
	pf_ev[1] = 1;
	for (i = 0; i < 40; i++)
		assert_int_equal(pf_relay_handle_mmio_event(&fx->pf, pf_ev, 6), 0);
	assert_int_equal(fx->pf.stats.relay_dropped, 2);
	assert_int_equal(pf_relay_process(&fx->pf), 40);
	assert_int_equal(fx->g->guc.vf[1].mmio_relay_count, 40);
}

/*
 * intel_iov_service_process_mmio_relay(): a SUCCESS the GuC refuses is
 * followed by a FAILURE whose FAULT is that send's errno.
 */
static void test_mmio_reply_refused_is_followed_by_a_failure(void **state)
{
	struct pf_fixture *fx = *state;
	const struct mock_guc_vf *vf;

	mock_guc_arm(&fx->g->guc,
		     &(struct mock_guc_fault){ .kind = MOCK_FAULT_FAILURE,
					       .action = GUC_ACTION_PF2GUC_MMIO_RELAY_SUCCESS,
					       .error = GUC_ERROR_GENERIC_FAIL });
	vf = mmio_relay(fx, 2, 0x5, IOV_OPCODE_VF2PF_MMIO_HANDSHAKE, 0, 0, 0);
	assert_int_equal(vf->mmio_relay_count, 1);
	assert_mmio_fault(vf, 2, 0x5, EIO);
}

/*
 * reply_mmio_relay_handshake() sends its own FAILURE for a version it does
 * not serve and returns that send's result: a FAILURE the GuC refuses makes
 * intel_iov_service_process_mmio_relay() send a second one, whose FAULT is
 * the refused send's errno.
 */
static void test_mmio_handshake_failure_refused_is_followed_by_another(void **state)
{
	struct pf_fixture *fx = *state;
	const struct mock_guc_vf *vf;

	mock_guc_arm(&fx->g->guc,
		     &(struct mock_guc_fault){ .kind = MOCK_FAULT_FAILURE,
					       .action = GUC_ACTION_PF2GUC_MMIO_RELAY_FAILURE,
					       .times = 1,
					       .error = GUC_ERROR_GENERIC_FAIL });
	vf = mmio_relay(fx, 2, 0x3, IOV_OPCODE_VF2PF_MMIO_HANDSHAKE, 0x00000001, 0, 0);
	assert_int_equal(mock_guc_count(&fx->g->guc, GUC_ACTION_PF2GUC_MMIO_RELAY_FAILURE), 2);
	assert_int_equal(vf->mmio_relay_count, 1);
	assert_mmio_fault(vf, 2, 0x3, EIO);
	/* a request whose one FAILURE is refused gets no other */
	mock_guc_arm(&fx->g->guc,
		     &(struct mock_guc_fault){ .kind = MOCK_FAULT_FAILURE,
					       .action = GUC_ACTION_PF2GUC_MMIO_RELAY_FAILURE,
					       .times = 1,
					       .error = GUC_ERROR_GENERIC_FAIL });
	mmio_relay(fx, 3, 0x4, IOV_OPCODE_VF2PF_MMIO_GET_RUNTIME, 0x2358, 0, 0);
	assert_int_equal(mock_guc_count(&fx->g->guc, GUC_ACTION_PF2GUC_MMIO_RELAY_FAILURE), 3);
	assert_int_equal(fx->g->guc.vf[3].mmio_relay_count, 0);
}

/* Where the first message with @action sits in the model's log, from @from on. */
static u32 log_index(const struct pf_fixture *fx, u32 from, u32 action)
{
	u32 i;

	for (i = from; i < fx->g->guc.nlog; i++)
		if (fx->g->guc.log[i].action == action)
			return i;
	return ~0u;
}

/*
 * i915 handles relayed messages and MMIO-relay requests as G2H events of
 * one list (ct_handle_event()), one at a time in the CT worker: the replies
 * go out in the order the requests came, whatever their kind.
 */
static void test_ct_and_mmio_relay_are_answered_in_arrival_order(void **state)
{
	struct pf_fixture *fx = *state;
	const u32 ev[4] = { 1, 70, vf_request(IOV_ACTION_VF2PF_HANDSHAKE, 0), 0 };
	const u32 data[3] = { 0, 0, 0 };
	u32 from = fx->g->guc.nlog, ct, mmio;

	mock_guc_event(&fx->g->guc, GUC_ACTION_GUC2PF_RELAY_FROM_VF, ev, 4);
	assert_int_equal(mock_guc_vf_mmio_relay(&fx->g->guc, 2, 0x5,
						IOV_OPCODE_VF2PF_MMIO_HANDSHAKE, data),
			 0);
	assert_int_equal(guc_ct_process_g2h(&fx->g->ct), 2);
	assert_int_equal(pf_relay_process(&fx->pf), 2);
	mock_guc_step(&fx->g->guc);
	ct = log_index(fx, from, GUC_ACTION_PF2GUC_RELAY_TO_VF);
	mmio = log_index(fx, from, GUC_ACTION_PF2GUC_MMIO_RELAY_SUCCESS);
	assert_int_not_equal(ct, ~0u);
	assert_int_not_equal(mmio, ~0u);
	assert_true(ct < mmio);
}

/*
 * i915's ct_handle_event() queues every G2H event but TLB_INVALIDATION_DONE
 * on one list, and its CT worker (ct_process_request()) takes them in
 * arrival order: VF_STATE_NOTIFY (intel_iov_state_process_guc2pf()) and
 * ADVERSE_EVENT (intel_iov_event_process_guc2pf()) as much as
 * RELAY_FROM_VF. So the receive path changes no VF state: a VF's request
 * that came before its FLR notification is answered before the FLR is
 * known, and so before the state worker sends FLR_START.
 */
static void test_vf_events_are_handled_in_arrival_order_with_relay_messages(void **state)
{
	struct pf_fixture *fx = *state;
	const u32 req[4] = { 1, 71, vf_request(IOV_ACTION_VF2PF_HANDSHAKE, 0), 0 };
	const u32 flr[2] = { 1, GUC_PF_NOTIFY_VF_FLR };
	const u32 adverse[2] = { 1, GUC_KLV_VF_CFG_THRESHOLD_CAT_ERR_KEY };
	u32 from = fx->g->guc.nlog, reply, start;

	mock_guc_event(&fx->g->guc, GUC_ACTION_GUC2PF_RELAY_FROM_VF, req, 4);
	mock_guc_event(&fx->g->guc, GUC_ACTION_GUC2PF_VF_STATE_NOTIFY, flr, 2);
	mock_guc_event(&fx->g->guc, GUC_ACTION_GUC2PF_ADVERSE_EVENT, adverse, 2);
	assert_int_equal(guc_ct_process_g2h(&fx->g->ct), 3);
	/* received, not handled: no FLR known, nothing counted */
	assert_int_equal(fx->pf.state[1].flr, PF_FLR_IDLE);
	assert_int_equal(fx->pf.state[1].adverse[0], 0);
	assert_false(pf_control_process(&fx->pf));
	assert_int_equal(log_index(fx, from, GUC_ACTION_PF2GUC_VF_CONTROL), ~0u);

	/* the worker: the request is answered, then the FLR noted, then counted */
	assert_int_equal(pf_relay_process(&fx->pf), 3);
	assert_int_equal(fx->pf.state[1].flr, PF_FLR_PENDING);
	assert_int_equal(fx->pf.state[1].adverse[0], 1);
	pf_control_process(&fx->pf);
	mock_guc_step(&fx->g->guc);
	reply = log_index(fx, from, GUC_ACTION_PF2GUC_RELAY_TO_VF);
	start = log_index(fx, from, GUC_ACTION_PF2GUC_VF_CONTROL);
	assert_int_not_equal(reply, ~0u);
	assert_int_not_equal(start, ~0u);
	assert_true(reply < start);
	assert_int_equal(fx->g->guc.log[start].dw[2], GUC_PF_TRIGGER_VF_FLR_START);
}

/*
 * i915 copies each G2H message out of the ring into memory it allocates
 * (ct_read(): ct_alloc_msg(), GFP_ATOMIC). When that fails it logs "No
 * memory for message", leaves the ring's head where it was and schedules
 * its receive tasklet again: the message is read on the next run, late but
 * not lost. So here: the VF's request stays in the ring, nothing is
 * counted as dropped, and the next receive answers it.
 */
static void test_a_failed_allocation_leaves_the_message_in_the_ring(void **state)
{
	struct pf_fixture *fx = *state;
	struct guc_ct *ct = &fx->g->ct;
	u32 ev[4] = { 1, 77, vf_request(IOV_ACTION_VF2PF_HANDSHAKE, 0), 0x00010000 };
	const struct mock_guc_vf *vf = &fx->g->guc.vf[1];
	u32 head = ct->g2h.desc->head;

	assert_int_equal(mock_guc_event(&fx->g->guc, GUC_ACTION_GUC2PF_RELAY_FROM_VF, ev, 4), 0);
	compat_kmalloc_failures = 1;
	assert_int_equal(guc_ct_process_g2h(ct), 0);
	assert_int_equal(compat_kmalloc_failures, 0);
	assert_int_equal(ct->g2h.desc->head, head);
	assert_int_equal(fx->pf.stats.relay_dropped, 0);
	assert_int_equal(guc_fixture_log_count("no memory for G2H event 0x5100: left in the ring"),
			 1);
	assert_int_equal(pf_relay_process(&fx->pf), 0);

	/* the next run reads it, and the VF gets its answer */
	assert_int_equal(guc_ct_process_g2h(ct), 1);
	assert_int_not_equal(ct->g2h.desc->head, head);
	assert_int_equal(pf_relay_process(&fx->pf), 1);
	mock_guc_step(&fx->g->guc);
	assert_int_equal(vf->relay_id, 77);
	assert_int_equal(guc_hxg_type(vf->relay_msg[0]), GUC_HXG_TYPE_RESPONSE_SUCCESS);
	assert_int_equal(fx->pf.stats.relay_dropped, 0);
}

/* The same for an MMIO-relay request: left in the ring, answered next run. */
static void test_a_failed_allocation_leaves_an_mmio_relay_request_in_the_ring(void **state)
{
	struct pf_fixture *fx = *state;
	struct guc_ct *ct = &fx->g->ct;
	u32 ev[5] = { 2,
		      FIELD_PREP(GUC2PF_MMIO_RELAY_SERVICE_EVENT_MSG_2_MAGIC, 5) |
			      FIELD_PREP(GUC2PF_MMIO_RELAY_SERVICE_EVENT_MSG_2_OPCODE,
					 IOV_OPCODE_VF2PF_MMIO_HANDSHAKE),
		      0, 0, 0 };
	u64 mmio = fx->pf.stats.mmio_relay_requests;

	assert_int_equal(mock_guc_event(&fx->g->guc, GUC_ACTION_GUC2PF_MMIO_RELAY_SERVICE, ev, 5),
			 0);
	compat_kmalloc_failures = 1;
	assert_int_equal(guc_ct_process_g2h(ct), 0);
	assert_int_equal(pf_relay_process(&fx->pf), 0);
	assert_int_equal(fx->pf.stats.relay_dropped, 0);
	assert_int_equal(guc_ct_process_g2h(ct), 1);
	assert_int_equal(pf_relay_process(&fx->pf), 1);
	assert_int_equal(fx->pf.stats.mmio_relay_requests, mmio + 1);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, pf_fixture_teardown)
	const struct CMUnitTest tests[] = {
		T(test_handshake_negotiates_the_version),
		T(test_handshake_errors),
		T(test_mmio_handshake_as_i915),
		T(test_mmio_get_runtime_as_i915),
		T(test_mmio_update_ggtt_and_unknown_opcodes_are_not_supported),
		T(test_mmio_relay_envelope_errors_are_dropped),
		T(test_mmio_reply_refused_is_followed_by_a_failure),
		T(test_query_runtime_pages_through_the_registers),
		T(test_query_runtime_limit_and_range),
		T(test_unknown_or_malformed_messages_get_errors),
		T(test_oversized_and_empty_messages_are_dropped),
		T(test_what_is_no_request_gets_no_reply),
		T(test_fast_requests_are_not_served),
		T(test_bad_envelopes_are_dropped_with_i915s_errors),
		T(test_any_nonzero_vfid_is_served),
		T(test_a_flood_is_answered_in_full),
		T(test_ct_and_mmio_relay_are_answered_in_arrival_order),
		T(test_replies_the_channel_refuses_are_failed_then_dropped),
		T(test_mmio_handshake_failure_refused_is_followed_by_another),
		T(test_reply_the_guc_cannot_deliver_is_reported),
		T(test_vf_events_are_handled_in_arrival_order_with_relay_messages),
		T(test_a_failed_allocation_leaves_the_message_in_the_ring),
		T(test_a_failed_allocation_leaves_an_mmio_relay_request_in_the_ring),
	};
#undef T

	return cmocka_run_group_tests_name("pf_relay", tests, NULL, NULL);
}
