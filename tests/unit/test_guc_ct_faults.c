// SPDX-License-Identifier: MIT
/*
 * The CT channel when the GuC misbehaves: BUSY, RETRY, FAILURE, no reply,
 * late or misaddressed replies, corrupted descriptors, oversize and garbage
 * G2H, a stalled H2G consumer, and failures during registration.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "guc_fixture.h"
#include "guc/guc_hxg.h"
#include "abi/guc_actions_abi.h"
#include "abi/guc_actions_pf_abi.h"

#define MS 1000000ull

static void arm(struct guc_fixture *fx, enum mock_guc_fault_kind kind, u32 action, u32 times,
		u32 count, u32 error, u32 hint)
{
	const struct mock_guc_fault f = {
		.kind = kind,
		.action = action,
		.times = times,
		.count = count,
		.error = error,
		.hint = hint,
	};

	mock_guc_arm(&fx->guc, &f);
}

static int stop(struct guc_fixture *fx, u32 vfid)
{
	return guc_fixture_vf_control(fx, vfid, GUC_PF_TRIGGER_VF_STOP);
}

/* ------------------------------------------------------------------------
 * BUSY, RETRY, FAILURE
 */

/*
 * i915's ct_handle_hxg() passes only SUCCESS, FAILURE and RETRY to
 * ct_handle_response() and refuses any other type (xe's
 * parse_g2h_response() likewise): BUSY is an MMIO-path reply. One arriving
 * over CT (a GuC bug, forged here: the model never sends it) is dropped and
 * does not extend the wait, so the request still gets its real reply...
 */
static void test_busy_on_ct_is_dropped_as_i915_does(void **state)
{
	struct guc_fixture *fx = *state;
	u32 busy = guc_hxg_guc_busy(1);

	/* the next request's fence is next_fence: the BUSY waits in G2H for it */
	assert_int_equal(mock_guc_write_g2h(&fx->guc, fx->ct.next_fence, &busy, 1), 0);
	assert_int_equal(stop(fx, 1), 0);
	assert_true(fx->guc.vf[1].stopped);
	assert_int_equal(fx->ct.stats.malformed, 1);
	assert_int_equal(guc_fixture_log_count("dropped BUSY reply"), 1);
	assert_int_equal(mock_guc_count(&fx->guc, GUC_ACTION_PF2GUC_VF_CONTROL), 1);
}

/* ...and with no real reply it times out after the normal 1 s, not later. */
static void test_busy_on_ct_does_not_extend_the_timeout(void **state)
{
	struct guc_fixture *fx = *state;
	u32 busy = guc_hxg_guc_busy(1);
	u64 start = fx->guc.now_ns, waited;

	arm(fx, MOCK_FAULT_NO_REPLY, GUC_ACTION_PF2GUC_VF_CONTROL, 1, 0, 0, 0);
	assert_int_equal(mock_guc_write_g2h(&fx->guc, fx->ct.next_fence, &busy, 1), 0);
	assert_int_equal(stop(fx, 2), -ETIMEDOUT);
	waited = fx->guc.now_ns - start;
	assert_true(waited >= fx->ct.timeouts.response_ns);
	assert_true(waited < fx->ct.timeouts.response_ns + 10 * MS);
}

/* The firmware sends events while a request waits; they are handled first. */
static void test_events_while_a_request_is_pending(void **state)
{
	struct guc_fixture *fx = *state;

	arm(fx, MOCK_FAULT_EVENTS_FIRST, GUC_ACTION_PF2GUC_VF_CONTROL, 1, 5, 0, 1);
	assert_int_equal(stop(fx, 1), 0);
	assert_true(fx->guc.vf[1].stopped);
	/* no PF here: the five ADVERSE_EVENTs reach the dispatcher unhandled */
	assert_int_equal(fx->ct.stats.events, 5);
	assert_int_equal(fx->ct.stats.unhandled_events, 5);
	assert_int_equal(fx->ct.stats.responses, 1);
}

/*
 * i915's ct_send(): a RETRY unlinks the request and sends it again at once,
 * from the start: with a fence of its own.
 */
static void test_retry_resends_at_once_with_a_new_fence(void **state)
{
	struct guc_fixture *fx = *state;
	u64 start = fx->guc.now_ns;

	arm(fx, MOCK_FAULT_RETRY, GUC_ACTION_PF2GUC_VF_CONTROL, 1, 0, 0, 0);
	assert_int_equal(stop(fx, 3), 0);
	assert_int_equal(mock_guc_count(&fx->guc, GUC_ACTION_PF2GUC_VF_CONTROL), 2);
	assert_int_equal(fx->guc.nlog, 2);
	assert_int_not_equal(fx->guc.log[1].fence, fx->guc.log[0].fence);
	assert_int_equal(fx->ct.stats.retries, 1);
	/* two round trips of the model (a millisecond each), no pause */
	assert_true(fx->guc.now_ns - start <= 2 * MS);
}

/*
 * i915 resends for as long as RETRY comes; here a bound ends it (a GuC
 * that answers RETRY forever would hold the caller forever): -EAGAIN after
 * 50 resends, none of them after a pause: a deliberate difference, named in
 * the README table of them.
 */
static void test_retry_forever_gives_eagain_after_bounded_resends(void **state)
{
	struct guc_fixture *fx = *state;
	u64 start = fx->guc.now_ns;

	assert_int_equal(fx->ct.timeouts.max_retries, 50);
	arm(fx, MOCK_FAULT_RETRY, GUC_ACTION_PF2GUC_VF_CONTROL, 100, 0, 0, 0);
	assert_int_equal(stop(fx, 3), -EAGAIN);
	assert_int_equal(mock_guc_count(&fx->guc, GUC_ACTION_PF2GUC_VF_CONTROL),
			 1 + fx->ct.timeouts.max_retries);
	assert_true(fx->guc.now_ns - start <= 51 * MS); /* one round trip each */
}

static int disable_channel(void *data, const u32 *msg, u32 len)
{
	(void)msg;
	(void)len;
	guc_ct_disable(data);
	return 0;
}

/*
 * i915's wait_for_ct_request_update() ends when the channel is disabled
 * (a GuC reset, suspend) and ct_send() then returns -ENODEV: a request
 * still waiting gets that, at once.
 */
static void test_request_waiting_when_the_channel_is_disabled_gets_enodev(void **state)
{
	struct guc_fixture *fx = *state;
	const struct guc_ct_event_handler h = { GUC_ACTION_GUC2PF_ADVERSE_EVENT, disable_channel,
						&fx->ct };
	const u32 ev[2] = { 1, 0 };
	u64 start = fx->guc.now_ns;

	guc_ct_set_event_handlers(&fx->ct, &h, 1);
	arm(fx, MOCK_FAULT_NO_REPLY, GUC_ACTION_PF2GUC_VF_CONTROL, 1, 0, 0, 0);
	mock_guc_event(&fx->guc, GUC_ACTION_GUC2PF_ADVERSE_EVENT, ev, 2);
	assert_int_equal(stop(fx, 1), -ENODEV);
	assert_int_equal(fx->ct.state, GUC_CT_DISABLED);
	assert_true(fx->guc.now_ns - start < 10 * MS);
	guc_ct_set_event_handlers(&fx->ct, NULL, 0);
}

/* GuC error codes, the known ones and one no firmware defines. */
static const u32 failure_codes[] = {
	GUC_ERROR_GENERIC_FAIL,		GUC_ERROR_NOT_SUPPORTED,
	GUC_ERROR_UNKNOWN_ACTION,	GUC_ERROR_VF_MIGRATED,
	GUC_ERROR_NO_ATTRIBUTE_TABLE,	GUC_ERROR_INVALID_KLV_DATA,
	GUC_ERROR_INVALID_GGTT_ADDRESS, 0x1234,
};

/*
 * i915's ct_send() returns -EIO for every reply that is neither SUCCESS nor
 * RETRY, whatever the GuC's error code (the core used to turn some codes
 * into -EOPNOTSUPP, -EREMCHG or -ENODATA); the code and hint are only
 * logged, as here in last_failure.
 */
static void test_failure_maps_to_errno_and_keeps_error_and_hint(void **state)
{
	struct guc_fixture *fx = *state;
	u32 i;

	assert_int_equal(GUC_CT_FAILURE_ERRNO, EIO);
	for (i = 0; i < ARRAY_SIZE(failure_codes); i++) {
		arm(fx, MOCK_FAULT_FAILURE, GUC_ACTION_PF2GUC_VF_CONTROL, 1, 0, failure_codes[i],
		    0x100 + i);
		assert_int_equal(stop(fx, 1), -EIO);
		assert_int_equal(fx->ct.last_failure.action, GUC_ACTION_PF2GUC_VF_CONTROL);
		assert_int_equal(fx->ct.last_failure.error, failure_codes[i]);
		assert_int_equal(fx->ct.last_failure.hint, 0x100 + i);
	}
	assert_int_equal(fx->ct.stats.failures, ARRAY_SIZE(failure_codes));
	assert_int_equal(guc_fixture_log_count("action 0x5506 failed"), ARRAY_SIZE(failure_codes));
	/* the GuC did not act on a failed request */
	assert_false(fx->guc.vf[1].stopped);
}

static void test_guc_rejects_bad_parameters_with_failure(void **state)
{
	struct guc_fixture *fx = *state;

	assert_int_equal(stop(fx, 8), -EIO); /* no VF 8 on Gen12 */
	assert_int_equal(guc_fixture_vf_control(fx, 1, 99), -EIO);
	assert_int_equal(guc_fixture_vf_control(fx, 1, GUC_PF_TRIGGER_VF_FLR_FINISH), -EIO);
	assert_int_equal(fx->ct.state, GUC_CT_ENABLED);
}

/* ct_send(): an action the firmware does not know is a FAILURE like any other. */
static void test_unknown_action_is_eio_as_any_failure(void **state)
{
	struct guc_fixture *fx = *state;
	u32 msg[] = { guc_hxg_request(0x5599, 0), 1 };

	assert_int_equal(guc_ct_send_recv(&fx->ct, msg, 2, NULL, 0), -EIO);
	assert_int_equal(fx->ct.last_failure.error, GUC_ERROR_UNKNOWN_ACTION);
}

/* ------------------------------------------------------------------------
 * Missing, late and misaddressed replies
 */

static void test_no_reply_times_out_after_the_response_timeout(void **state)
{
	struct guc_fixture *fx = *state;
	u64 start = fx->guc.now_ns, waited;

	arm(fx, MOCK_FAULT_NO_REPLY, GUC_ACTION_PF2GUC_VF_CONTROL, 1, 0, 0, 0);
	assert_int_equal(stop(fx, 1), -ETIMEDOUT);
	waited = fx->guc.now_ns - start;
	assert_true(waited >= fx->ct.timeouts.response_ns);
	assert_true(waited <= fx->ct.timeouts.response_ns + 2 * MS);
	assert_int_equal(fx->ct.stats.timeouts, 1);
	assert_int_equal(guc_fixture_log_count("fence"), 1);
	/* the channel still works */
	assert_int_equal(stop(fx, 1), 0);
}

static void test_late_reply_after_timeout_is_dropped(void **state)
{
	struct guc_fixture *fx = *state;
	u32 i;

	arm(fx, MOCK_FAULT_LATE_REPLY, GUC_ACTION_PF2GUC_VF_CONTROL, 1, 1500, 0, 0);
	assert_int_equal(stop(fx, 4), -ETIMEDOUT);
	for (i = 0; i < 600; i++)
		mock_guc_step(&fx->guc);
	assert_int_equal(guc_ct_process_g2h(&fx->ct), 1);
	assert_int_equal(fx->ct.stats.unexpected_responses, 1);
	assert_int_equal(guc_fixture_log_count("no request waits for it"), 1);
	assert_int_equal(fx->ct.state, GUC_CT_ENABLED);
	assert_int_equal(stop(fx, 4), 0);
}

static void test_reply_with_wrong_fence_is_dropped(void **state)
{
	struct guc_fixture *fx = *state;

	arm(fx, MOCK_FAULT_WRONG_FENCE, GUC_ACTION_PF2GUC_VF_CONTROL, 1, 0, 0, 0);
	assert_int_equal(stop(fx, 5), -ETIMEDOUT);
	assert_int_equal(fx->ct.stats.unexpected_responses, 1);
	assert_int_equal(fx->ct.state, GUC_CT_ENABLED);
	assert_int_equal(stop(fx, 5), 0);
}

/* ------------------------------------------------------------------------
 * Corrupt rings: the ring breaks, alone; nothing is read outside the rings
 *
 * i915 keeps one broken flag per ring (ctbs.send.broken, ctbs.recv.broken):
 * ct_read() sets and looks at the G2H one only, ct_write(), h2g_has_room()
 * and ct_deadlocked() set the H2G one, and intel_guc_ct_send() looks at that
 * one only. wait_for_ct_request_update() waits for the reply or a disabled
 * channel, nothing else. So a broken G2H ring still takes sends (a request
 * then times out: its reply is never read), and a broken H2G ring still
 * delivers events.
 */

/* A fast request to VF1: what still goes out while G2H is broken. */
static int relay(struct guc_fixture *fx, u32 len);

static void assert_g2h_broken(struct guc_fixture *fx, u32 ring_status)
{
	u32 relays = fx->guc.vf[1].relay_count;

	assert_int_equal(fx->ct.state, GUC_CT_ENABLED);
	assert_true(fx->ct.g2h.broken);
	assert_false(fx->ct.h2g.broken);
	assert_int_equal(guc_ct_process_g2h(&fx->ct), -EPIPE);
	if (ring_status)
		assert_true(fx->ct.g2h.status & ring_status);
	/* H2G goes on: a fast request reaches the GuC... */
	assert_int_equal(relay(fx, 4), 0);
	mock_guc_step(&fx->guc);
	assert_int_equal(fx->guc.vf[1].relay_count, relays + 1);
	/* ...a request too, whose reply is never read */
	assert_int_equal(stop(fx, 2), -ETIMEDOUT);
	assert_true(fx->guc.vf[2].stopped);
}

static void assert_h2g_broken(struct guc_fixture *fx, u32 ring_status)
{
	const u32 ev[] = { 1, GUC_PF_NOTIFY_VF_FLR };
	u64 events = fx->ct.stats.events;

	assert_int_equal(fx->ct.state, GUC_CT_ENABLED);
	assert_true(fx->ct.h2g.broken);
	assert_false(fx->ct.g2h.broken);
	if (ring_status)
		assert_true(fx->ct.h2g.status & ring_status);
	assert_int_equal(stop(fx, 1), -EPIPE);
	assert_int_equal(relay(fx, 4), -EPIPE);
	/* G2H goes on: the GuC's events are still read */
	assert_int_equal(mock_guc_event(&fx->guc, GUC_ACTION_GUC2PF_VF_STATE_NOTIFY, ev, 2), 0);
	assert_int_equal(guc_ct_process_g2h(&fx->ct), 1);
	assert_int_equal(fx->ct.stats.events, events + 1);
}

static void test_g2h_tail_beyond_ring_breaks_g2h_with_overflow(void **state)
{
	struct guc_fixture *fx = *state;

	arm(fx, MOCK_FAULT_CORRUPT_DESC, GUC_ACTION_PF2GUC_VF_CONTROL, 1, 0, 0xdeadbeef, 0);
	/* the reply is never read: the request waits its full second */
	assert_int_equal(stop(fx, 1), -ETIMEDOUT);
	/* and the GuC is told through the descriptor */
	assert_true(fx->guc.g2h_desc->status & GUC_CTB_STATUS_OVERFLOW);
	assert_int_equal(guc_fixture_log_count("G2H ring broken: tail beyond the ring"), 1);
	assert_g2h_broken(fx, GUC_CTB_STATUS_OVERFLOW);
}

static void test_g2h_status_set_by_guc_breaks_g2h(void **state)
{
	struct guc_fixture *fx = *state;

	arm(fx, MOCK_FAULT_G2H_STATUS, GUC_ACTION_PF2GUC_VF_CONTROL, 1, 0, GUC_CTB_STATUS_UNDERFLOW,
	    0);
	assert_int_equal(stop(fx, 1), -ETIMEDOUT);
	assert_g2h_broken(fx, GUC_CTB_STATUS_UNDERFLOW);
}

/*
 * i915 looks at the H2G descriptor's status when it writes (ct_write()), not
 * while a request waits: the request the GuC flagged times out, the next
 * send finds the flag and breaks H2G.
 */
static void test_h2g_status_set_by_guc_breaks_h2g_at_the_next_send(void **state)
{
	struct guc_fixture *fx = *state;

	arm(fx, MOCK_FAULT_H2G_STATUS, GUC_ACTION_PF2GUC_VF_CONTROL, 1, 0, GUC_CTB_STATUS_MISMATCH,
	    0);
	assert_int_equal(stop(fx, 1), -ETIMEDOUT);
	assert_false(fx->ct.h2g.broken);
	assert_int_equal(stop(fx, 1), -EPIPE);
	assert_int_equal(guc_fixture_log_count("H2G ring broken"), 1);
	assert_h2g_broken(fx, GUC_CTB_STATUS_MISMATCH);
}

static void test_oversize_g2h_message_breaks_g2h_with_underflow(void **state)
{
	struct guc_fixture *fx = *state;

	arm(fx, MOCK_FAULT_OVERSIZE_G2H, GUC_ACTION_PF2GUC_VF_CONTROL, 1, 0, 0, 0);
	assert_int_equal(stop(fx, 1), -ETIMEDOUT);
	assert_g2h_broken(fx, GUC_CTB_STATUS_UNDERFLOW);
}

static void test_g2h_head_moved_behind_our_back_is_a_mismatch(void **state)
{
	struct guc_fixture *fx = *state;
	const u32 ev[] = { 1, GUC_PF_NOTIFY_VF_FLR };

	mock_guc_event(&fx->guc, GUC_ACTION_GUC2PF_VF_STATE_NOTIFY, ev, 2);
	fx->ct.g2h.desc->head = 2;
	assert_int_equal(guc_ct_process_g2h(&fx->ct), -EPIPE);
	assert_g2h_broken(fx, GUC_CTB_STATUS_MISMATCH);
}

/*
 * ct_read(): the UNUSED bit (GUC_CTB_STATUS_DISABLED here) in the G2H
 * status means the GuC wrote after it stopped; i915 logs it and reads on,
 * breaking the ring only for the other bits.
 */
static void test_g2h_status_unused_bit_is_logged_and_read_on(void **state)
{
	struct guc_fixture *fx = *state;
	const u32 ev[] = { 1, GUC_PF_NOTIFY_VF_FLR };

	mock_guc_event(&fx->guc, GUC_ACTION_GUC2PF_VF_STATE_NOTIFY, ev, 2);
	fx->ct.g2h.desc->status = GUC_CTB_STATUS_DISABLED;
	assert_int_equal(guc_ct_process_g2h(&fx->ct), 1);
	assert_false(fx->ct.g2h.broken);
	assert_int_equal(guc_fixture_log_count("Unexpected G2H after GuC has stopped"), 1);
	/* with another bit as well, the ring breaks */
	fx->ct.g2h.desc->status = GUC_CTB_STATUS_DISABLED | GUC_CTB_STATUS_OVERFLOW;
	assert_int_equal(guc_ct_process_g2h(&fx->ct), -EPIPE);
	assert_true(fx->ct.g2h.broken);
}

static void test_h2g_tail_changed_behind_our_back_is_a_mismatch(void **state)
{
	struct guc_fixture *fx = *state;

	fx->ct.h2g.desc->tail = 17;
	assert_int_equal(stop(fx, 1), -EPIPE);
	assert_h2g_broken(fx, GUC_CTB_STATUS_MISMATCH);
}

static void test_garbage_g2h_breaks_or_is_dropped_never_misread(void **state)
{
	struct guc_fixture *fx;
	u32 seed;
	int ret;

	guc_fixture_teardown(state);
	for (seed = 1; seed <= 300; seed++) {
		assert_int_equal(guc_fixture_setup_enabled(state), 0);
		fx = *state;
		arm(fx, MOCK_FAULT_GARBAGE_G2H, GUC_ACTION_PF2GUC_VF_CONTROL, 1,
		    1 + (seed * 7919) % 5000, seed, 0);
		ret = stop(fx, 1);
		/*
		 * Garbage either breaks the G2H framing (the request then
		 * times out) or parses into messages that are dropped; it can
		 * never complete the request with a real reply that was never
		 * sent... unless a garbage dword happens to look like a
		 * SUCCESS with our fence, which the checks below would show as
		 * a response without the GuC acting.
		 */
		if (ret >= 0) {
			assert_false(fx->guc.vf[1].stopped);
			assert_int_equal(fx->ct.stats.responses + fx->ct.stats.failures, 1);
		} else {
			assert_true(ret == -ETIMEDOUT || ret == -EAGAIN || ret == -EIO);
		}
		/* garbage in G2H never breaks H2G */
		assert_false(fx->ct.h2g.broken);
		guc_fixture_teardown(state);
	}
	assert_int_equal(guc_fixture_setup(state), 0);
}

/* ------------------------------------------------------------------------
 * A full H2G ring
 */

static int relay(struct guc_fixture *fx, u32 len)
{
	u32 msg[GUC_CTB_MAX_DWORDS] = { 0 };

	msg[0] = guc_hxg_fast_request(GUC_ACTION_PF2GUC_RELAY_TO_VF, 0);
	msg[1] = 1;
	msg[2] = 9;
	return guc_ct_send(&fx->ct, msg, len);
}

/*
 * i915's ct_send() and has_room_nb() (the relay's sends retry on its -EBUSY)
 * wait for room until the ring has been full longer than GUC_CTB_TIMEOUT_MS,
 * 1500 ms: then ct_deadlocked() marks the H2G ring broken, -EPIPE for this
 * send and every later one, until the GuC is reset; G2H is still read.
 */
static void test_full_h2g_ring_breaks_the_channel_after_1500_ms(void **state)
{
	struct guc_fixture *fx = *state;
	u64 start, waited;
	u32 sent = 0;
	int ret;

	assert_int_equal(fx->ct.timeouts.h2g_stall_ns, 1500 * MS);
	fx->guc.stall_steps = ~0u;
	start = fx->guc.now_ns;
	while ((ret = relay(fx, 200)) == 0) {
		sent++;
		start = fx->guc.now_ns;
	}
	waited = fx->guc.now_ns - start;
	assert_int_equal(ret, -EPIPE);
	assert_int_equal(sent, (fx->ct.h2g.size - 1) / 201);
	assert_true(waited > 1500 * MS && waited <= 1502 * MS);
	/* ct_deadlocked() sets ctbs.send.broken: H2G only */
	assert_int_equal(fx->ct.state, GUC_CT_ENABLED);
	assert_true(fx->ct.h2g.broken);
	assert_false(fx->ct.g2h.broken);
	assert_int_equal(fx->ct.stats.h2g_full, 1);
	assert_int_equal(guc_fixture_log_count("H2G ring full"), 1);
	assert_int_equal(guc_fixture_log_count("H2G ring broken"), 1);

	/* broken: no more waiting */
	start = fx->guc.now_ns;
	assert_int_equal(relay(fx, 200), -EPIPE);
	assert_int_equal(stop(fx, 1), -EPIPE);
	assert_int_equal(fx->guc.now_ns, start);
	/* and G2H is still read */
	assert_int_equal(mock_guc_event(&fx->guc, 0x4242, &sent, 1), 0);
	assert_int_equal(guc_ct_process_g2h(&fx->ct), 1);

	/* what the driver does after a GuC reset: a fresh, empty channel */
	fx->guc.stall_steps = 0;
	guc_ct_disable(&fx->ct);
	assert_int_equal(guc_ct_enable(&fx->ct), 0);
	assert_int_equal(relay(fx, 200), 0);
	mock_guc_step(&fx->guc);
	assert_int_equal(fx->guc.vf[1].relay_count, 1);
}

static void test_full_h2g_ring_waits_for_a_slow_guc(void **state)
{
	struct guc_fixture *fx = *state;
	u32 i;

	fx->guc.stall_steps = 50;
	for (i = 0; i < 40; i++)
		assert_int_equal(relay(fx, 200), 0);
	assert_true(fx->ct.stats.h2g_full >= 1);
	mock_guc_step(&fx->guc);
	assert_int_equal(fx->guc.vf[1].relay_count, 40);
}

/* ------------------------------------------------------------------------
 * Registration failures, and recovery
 */

static void test_enable_fails_when_guc_rejects_self_config(void **state)
{
	struct guc_fixture *fx = *state;

	arm(fx, MOCK_FAULT_FAILURE, GUC_ACTION_HOST2GUC_SELF_CFG, 1, 0, GUC_ERROR_GENERIC_FAIL, 0);
	assert_int_equal(guc_ct_enable(&fx->ct), -ENXIO);
	assert_int_equal(fx->ct.state, GUC_CT_DISABLED);
	assert_false(fx->guc.ctb_enabled);
	assert_int_equal(guc_fixture_log_count("CT registration failed (-6)"), 1);
}

/*
 * i915's intel_guc_send_mmio() returns -ENXIO for every FAILURE, whatever
 * the code (VF_MIGRATED goes to its VF migration handler, but the GuC sends
 * that only to VFs); the code and hint are logged.
 */
static void test_mmio_failure_is_enxio_whatever_the_code(void **state)
{
	struct guc_fixture *fx = *state;
	u32 enable[] = { guc_hxg_request(GUC_ACTION_HOST2GUC_CONTROL_CTB, 0),
			 GUC_CTB_CONTROL_ENABLE };
	u32 i;

	assert_int_equal(GUC_MMIO_FAILURE_ERRNO, ENXIO);
	for (i = 0; i < ARRAY_SIZE(failure_codes); i++) {
		arm(fx, MOCK_FAULT_FAILURE, GUC_ACTION_HOST2GUC_CONTROL_CTB, 1, 0, failure_codes[i],
		    0x200 + i);
		assert_int_equal(guc_mmio_send_recv(&fx->ct, enable, 2, NULL, 0), -ENXIO);
		assert_int_equal(fx->ct.last_failure.action, GUC_ACTION_HOST2GUC_CONTROL_CTB);
		assert_int_equal(fx->ct.last_failure.error, failure_codes[i]);
		assert_int_equal(fx->ct.last_failure.hint, 0x200 + i);
	}
	assert_int_equal(guc_fixture_log_count("MMIO action 0x4509 failed"),
			 ARRAY_SIZE(failure_codes));
}

static void test_enable_fails_with_enokey_when_key_not_accepted(void **state)
{
	struct guc_fixture *fx = *state;

	arm(fx, MOCK_FAULT_SUCCESS_DATA0, GUC_ACTION_HOST2GUC_SELF_CFG, 1, 0, 0, 0);
	assert_int_equal(guc_ct_enable(&fx->ct), -ENOKEY);
	arm(fx, MOCK_FAULT_SUCCESS_DATA0, GUC_ACTION_HOST2GUC_SELF_CFG, 1, 0, 2, 0);
	assert_int_equal(guc_ct_enable(&fx->ct), -EPROTO);
	assert_int_equal(fx->ct.state, GUC_CT_DISABLED);
}

/* guc_action_control_ctb(): a SUCCESS that carries data is -EPROTO. */
static void test_enable_fails_with_eproto_when_control_replies_data(void **state)
{
	struct guc_fixture *fx = *state;

	arm(fx, MOCK_FAULT_SUCCESS_DATA0, GUC_ACTION_HOST2GUC_CONTROL_CTB, 1, 0, 1, 0);
	assert_int_equal(guc_ct_enable(&fx->ct), -EPROTO);
	assert_int_equal(fx->ct.state, GUC_CT_DISABLED);
	assert_int_equal(guc_ct_enable(&fx->ct), 0);
}

static void test_enable_resends_self_config_on_retry(void **state)
{
	struct guc_fixture *fx = *state;

	arm(fx, MOCK_FAULT_RETRY, GUC_ACTION_HOST2GUC_SELF_CFG, 2, 0, 0, 0);
	assert_int_equal(guc_ct_enable(&fx->ct), 0);
	assert_int_equal(mock_guc_count(&fx->guc, GUC_ACTION_HOST2GUC_SELF_CFG), 8);
}

/*
 * i915's intel_guc_send_mmio() waits 10 ms for the GuC's origin in scratch
 * register 0, then gives up with -ETIMEDOUT.
 */
static void test_enable_fails_when_mmio_gets_no_reply(void **state)
{
	struct guc_fixture *fx = *state;
	u64 start = fx->guc.now_ns, waited;

	arm(fx, MOCK_FAULT_NO_REPLY, GUC_ACTION_HOST2GUC_CONTROL_CTB, 1, 0, 0, 0);
	assert_int_equal(guc_ct_enable(&fx->ct), -ETIMEDOUT);
	waited = fx->guc.now_ns - start;
	assert_int_equal(fx->ct.timeouts.mmio_reply_ns, 10 * MS);
	assert_true(waited >= 10 * MS && waited < 11 * MS);
	assert_int_equal(fx->ct.state, GUC_CT_DISABLED);
	assert_int_equal(fx->ct.stats.timeouts, 1);
	assert_int_equal(guc_fixture_log_count("MMIO action 0x4509: no reply"), 1);
}

/*
 * i915's intel_guc_send_mmio(): a BUSY reply is no error. The PF reads
 * register 0 on, up to 1000 ms, and what replaces the BUSY is the reply,
 * handled as any other (here the SUCCESS of CONTROL_CTB): the request is
 * not sent again.
 */
static void test_mmio_busy_then_success_is_waited_out(void **state)
{
	struct guc_fixture *fx = *state;
	u64 start = fx->guc.now_ns, waited;

	arm(fx, MOCK_FAULT_MMIO_BUSY, GUC_ACTION_HOST2GUC_CONTROL_CTB, 1, 300, 0, 0);
	assert_int_equal(guc_ct_enable(&fx->ct), 0);
	waited = fx->guc.now_ns - start;
	assert_true(waited >= 300 * MS && waited < 302 * MS);
	assert_int_equal(fx->ct.state, GUC_CT_ENABLED);
	assert_true(fx->guc.ctb_enabled);
	assert_int_equal(mock_guc_count(&fx->guc, GUC_ACTION_HOST2GUC_CONTROL_CTB), 1);
	assert_int_equal(fx->ct.stats.timeouts, 0);
}

/* The reply after the BUSY may be a FAILURE too: it is read as one. */
static void test_mmio_busy_then_failure_is_the_failure(void **state)
{
	struct guc_fixture *fx = *state;
	u32 enable[] = { guc_hxg_request(GUC_ACTION_HOST2GUC_CONTROL_CTB, 0),
			 GUC_CTB_CONTROL_ENABLE };

	/* no self-config yet: the firmware refuses to enable the CTBs */
	arm(fx, MOCK_FAULT_MMIO_BUSY, GUC_ACTION_HOST2GUC_CONTROL_CTB, 1, 5, 0, 0);
	assert_int_equal(guc_mmio_send_recv(&fx->ct, enable, 2, NULL, 0), -ENXIO);
	assert_int_equal(fx->ct.stats.failures, 1);
	assert_int_equal(fx->ct.last_failure.error, GUC_ERROR_CTB_INVALID);
}

/*
 * i915's intel_guc_send_mmio() on the PF waits one round of 1000 ms for the
 * BUSY to go (a VF 20 rounds), then reports -ETIMEDOUT, as for no reply.
 */
static void test_mmio_busy_forever_times_out_after_one_second(void **state)
{
	struct guc_fixture *fx = *state;
	u64 start = fx->guc.now_ns, waited;

	arm(fx, MOCK_FAULT_MMIO_BUSY, GUC_ACTION_HOST2GUC_CONTROL_CTB, 1, MOCK_GUC_BUSY_FOREVER, 0,
	    0);
	assert_int_equal(guc_ct_enable(&fx->ct), -ETIMEDOUT);
	waited = fx->guc.now_ns - start;
	assert_int_equal(fx->ct.timeouts.mmio_busy_ns, 1000 * MS);
	assert_true(waited >= 1000 * MS && waited < 1002 * MS);
	assert_int_equal(fx->ct.state, GUC_CT_DISABLED);
	assert_false(fx->guc.ctb_enabled);
	assert_int_equal(mock_guc_count(&fx->guc, GUC_ACTION_HOST2GUC_CONTROL_CTB), 1);
	assert_int_equal(fx->ct.stats.timeouts, 1);
}

/*
 * i915's intel_guc_send_mmio() with a response buffer copies
 * min(size, scratch registers) registers, the header first, and returns
 * that count instead of DATA0.
 */
static void test_mmio_response_returns_the_registers_copied(void **state)
{
	struct guc_fixture *fx = *state;
	u32 cfg[] = { guc_hxg_request(GUC_ACTION_HOST2GUC_SELF_CFG, 0),
		      FIELD_PREP(HOST2GUC_SELF_CFG_REQUEST_MSG_1_KLV_KEY,
				 GUC_KLV_SELF_CFG_H2G_CTB_SIZE_KEY) |
			      FIELD_PREP(HOST2GUC_SELF_CFG_REQUEST_MSG_1_KLV_LEN, 1),
		      4096, 0 };
	u32 response[8] = { 0 };

	assert_int_equal(guc_mmio_send_recv(&fx->ct, cfg, 4, response, 8), GUC_MAX_MMIO_MSG_LEN);
	assert_int_equal(response[0], guc_hxg_guc_success(1));
	assert_int_equal(guc_mmio_send_recv(&fx->ct, cfg, 4, response, 2), 2);
	assert_int_equal(guc_mmio_send_recv(&fx->ct, cfg, 4, NULL, 0), 1);
}

static void test_broken_channel_comes_back_after_reenable(void **state)
{
	struct guc_fixture *fx = *state;

	arm(fx, MOCK_FAULT_CORRUPT_DESC, GUC_ACTION_PF2GUC_VF_CONTROL, 1, 0, 0xffff, 0);
	assert_int_equal(stop(fx, 1), -ETIMEDOUT);
	assert_true(fx->ct.g2h.broken);
	/* what the driver does after a GuC reset */
	guc_ct_disable(&fx->ct);
	assert_int_equal(guc_ct_enable(&fx->ct), 0);
	assert_false(fx->ct.g2h.broken);
	assert_int_equal(stop(fx, 1), 0);
	assert_true(fx->guc.vf[1].stopped);
}

/* ------------------------------------------------------------------------
 * G2H messages that are well framed but wrong
 */

static void raw_g2h(struct guc_fixture *fx, u32 hdr, u32 hxg0)
{
	u32 msg[2] = { hdr, hxg0 };
	struct mock_guc *guc = &fx->guc;
	u32 i;

	for (i = 0; i < 2; i++) {
		guc->g2h[guc->g2h_tail] = msg[i];
		guc->g2h_tail = (guc->g2h_tail + 1) % guc->g2h_size;
	}
	guc->g2h_desc->tail = guc->g2h_tail;
}

static void test_wrong_g2h_messages_are_dropped_channel_survives(void **state)
{
	struct guc_fixture *fx = *state;

	/* format 1, reserved bits, host origin, a request from the GuC */
	raw_g2h(fx, FIELD_PREP(GUC_CTB_MSG_0_FORMAT, 1) | 1, guc_hxg_guc_success(0));
	raw_g2h(fx, FIELD_PREP(GUC_CTB_MSG_0_RESERVED, 3) | 1, guc_hxg_guc_success(0));
	raw_g2h(fx, 1, guc_hxg_request(GUC_ACTION_PF2GUC_VF_CONTROL, 0));
	raw_g2h(fx, 1, guc_hxg_guc_event(0x5100, 0) & ~GUC_HXG_MSG_0_TYPE);
	/* a header with no HXG behind it */
	fx->guc.g2h[fx->guc.g2h_tail] = 0;
	fx->guc.g2h_tail++;
	fx->guc.g2h_desc->tail = fx->guc.g2h_tail;
	/* type 4 is reserved */
	raw_g2h(fx, 1, (guc_hxg_guc_success(0) & ~GUC_HXG_MSG_0_TYPE) | (4u << 28));

	assert_int_equal(guc_ct_process_g2h(&fx->ct), 6);
	assert_int_equal(fx->ct.stats.malformed, 6);
	assert_int_equal(fx->ct.state, GUC_CT_ENABLED);
	assert_int_equal(stop(fx, 1), 0);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, guc_fixture_setup_enabled, guc_fixture_teardown)
#define TD(fn) cmocka_unit_test_setup_teardown(fn, guc_fixture_setup, guc_fixture_teardown)
	const struct CMUnitTest tests[] = {
		T(test_busy_on_ct_is_dropped_as_i915_does),
		T(test_busy_on_ct_does_not_extend_the_timeout),
		T(test_events_while_a_request_is_pending),
		T(test_retry_resends_at_once_with_a_new_fence),
		T(test_retry_forever_gives_eagain_after_bounded_resends),
		T(test_request_waiting_when_the_channel_is_disabled_gets_enodev),
		T(test_failure_maps_to_errno_and_keeps_error_and_hint),
		T(test_guc_rejects_bad_parameters_with_failure),
		T(test_unknown_action_is_eio_as_any_failure),
		T(test_no_reply_times_out_after_the_response_timeout),
		T(test_late_reply_after_timeout_is_dropped),
		T(test_reply_with_wrong_fence_is_dropped),
		T(test_g2h_tail_beyond_ring_breaks_g2h_with_overflow),
		T(test_g2h_status_set_by_guc_breaks_g2h),
		T(test_h2g_status_set_by_guc_breaks_h2g_at_the_next_send),
		T(test_oversize_g2h_message_breaks_g2h_with_underflow),
		T(test_g2h_head_moved_behind_our_back_is_a_mismatch),
		T(test_g2h_status_unused_bit_is_logged_and_read_on),
		T(test_h2g_tail_changed_behind_our_back_is_a_mismatch),
		T(test_garbage_g2h_breaks_or_is_dropped_never_misread),
		T(test_full_h2g_ring_breaks_the_channel_after_1500_ms),
		T(test_full_h2g_ring_waits_for_a_slow_guc),
		TD(test_enable_fails_when_guc_rejects_self_config),
		TD(test_mmio_failure_is_enxio_whatever_the_code),
		TD(test_enable_fails_with_enokey_when_key_not_accepted),
		TD(test_enable_fails_with_eproto_when_control_replies_data),
		TD(test_enable_resends_self_config_on_retry),
		TD(test_enable_fails_when_mmio_gets_no_reply),
		TD(test_mmio_busy_then_success_is_waited_out),
		TD(test_mmio_busy_then_failure_is_the_failure),
		TD(test_mmio_busy_forever_times_out_after_one_second),
		TD(test_mmio_response_returns_the_registers_copied),
		T(test_broken_channel_comes_back_after_reenable),
		T(test_wrong_g2h_messages_are_dropped_channel_survives),
	};
#undef T
#undef TD

	return cmocka_run_group_tests_name("guc_ct_faults", tests, NULL, NULL);
}
