// SPDX-License-Identifier: MIT
/*
 * The mock GuC itself: it must reject what the firmware rejects, or the CT
 * tests would pass against a model more forgiving than the real thing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "guc_fixture.h"
#include "guc/guc_hxg.h"
#include "guc/guc_klv.h"
#include "abi/guc_actions_abi.h"
#include "abi/guc_actions_pf_abi.h"

/* A request of @len dwords into the scratch registers, a doorbell, the reply. */
static u32 mmio(struct guc_fixture *fx, u32 d0, u32 d1, u32 d2, u32 d3, u32 len)
{
	u32 msg[4] = { d0, d1, d2, d3 }, i;

	for (i = 0; i < len; i++)
		mock_guc_ct_ops.mmio_write(&fx->guc, i, msg[i]);
	mock_guc_ct_ops.notify(&fx->guc);
	return mock_guc_ct_ops.mmio_read(&fx->guc, 0);
}

static void test_ctb_enable_needs_every_self_config_key(void **state)
{
	struct guc_fixture *fx = *state;
	u32 r;

	r = mmio(fx, guc_hxg_request(GUC_ACTION_HOST2GUC_CONTROL_CTB, 0), 1, 0, 0, 2);
	assert_int_equal(guc_hxg_type(r), GUC_HXG_TYPE_RESPONSE_FAILURE);
	assert_false(fx->guc.ctb_enabled);
}

static void test_self_config_rejects_wrong_length_and_unknown_key(void **state)
{
	struct guc_fixture *fx = *state;
	u32 req = guc_hxg_request(GUC_ACTION_HOST2GUC_SELF_CFG, 0);

	/* the size key takes one dword, not two */
	assert_int_equal(mmio(fx, req, 0x09040002, 4096, 0, 4), guc_hxg_guc_success(0));
	assert_int_equal(mmio(fx, req, 0x12340001, 1, 0, 4), guc_hxg_guc_success(0));
	assert_int_equal(mmio(fx, req, 0x09040001, 4096, 0, 4), guc_hxg_guc_success(1));
	/* self-config is exactly four dwords */
	assert_int_equal(guc_hxg_type(mmio(fx, req, 0x09040001, 4096, 0, 3)),
			 GUC_HXG_TYPE_RESPONSE_FAILURE);
}

static void test_ctb_enable_rejects_unmapped_buffers(void **state)
{
	struct guc_fixture *fx = *state;
	u32 req = guc_hxg_request(GUC_ACTION_HOST2GUC_SELF_CFG, 0);
	u32 r;

	mmio(fx, req, 0x09020002, 0x7000000, 0, 4); /* nothing mapped there */
	mmio(fx, req, 0x09030002, FIXTURE_BLOB_GGTT, 0, 4);
	mmio(fx, req, 0x09040001, 4096, 0, 4);
	mmio(fx, req, 0x09050002, FIXTURE_BLOB_GGTT + GUC_CT_BLOB_G2H_CMDS, 0, 4);
	mmio(fx, req, 0x09060002, FIXTURE_BLOB_GGTT + GUC_CT_BLOB_G2H_DESC, 0, 4);
	mmio(fx, req, 0x09070001, 16384, 0, 4);
	r = mmio(fx, guc_hxg_request(GUC_ACTION_HOST2GUC_CONTROL_CTB, 0), 1, 0, 0, 2);
	assert_int_equal(guc_hxg_type(r), GUC_HXG_TYPE_RESPONSE_FAILURE);
	assert_false(fx->guc.ctb_enabled);
}

static void test_h2g_tail_beyond_ring_is_flagged_overflow(void **state)
{
	struct guc_fixture *fx = *state;

	fx->ct.h2g.desc->tail = 5000;
	mock_guc_step(&fx->guc);
	assert_true(fx->guc.h2g_desc->status & GUC_CTB_STATUS_OVERFLOW);
	assert_int_equal(fx->guc.nlog, 0);
}

static void test_h2g_message_longer_than_data_is_flagged_underflow(void **state)
{
	struct guc_fixture *fx = *state;

	fx->ct.h2g.cmds[0] = FIELD_PREP(GUC_CTB_MSG_0_NUM_DWORDS, 10);
	fx->ct.h2g.cmds[1] = guc_hxg_request(GUC_ACTION_PF2GUC_VF_CONTROL, 0);
	fx->ct.h2g.desc->tail = 2;
	mock_guc_step(&fx->guc);
	assert_true(fx->guc.h2g_desc->status & GUC_CTB_STATUS_UNDERFLOW);
	assert_int_equal(fx->guc.nlog, 0);
}

static void test_vf_cfg_fails_for_truncated_or_unmapped_klvs(void **state)
{
	struct guc_fixture *fx = *state;
	u32 msg[5] = { guc_hxg_request(GUC_ACTION_PF2GUC_UPDATE_VF_CFG, 0), 1, FIXTURE_KLV_GGTT, 0,
		       2 };

	fx->klvs[0] = 0x8a010005; /* EXEC_QUANTUM claiming 5 dwords in a 2-dword blob */
	assert_int_equal(guc_ct_send_recv(&fx->ct, msg, 5, NULL, 0), -EIO);
	assert_int_equal(fx->ct.last_failure.error, GUC_ERROR_MALFORMED_KLV);
	assert_int_equal(fx->ct.last_failure.hint, 0);
	msg[2] = 0x100000; /* unmapped */
	assert_int_equal(guc_ct_send_recv(&fx->ct, msg, 5, NULL, 0), -EIO);
	assert_int_equal(fx->ct.last_failure.error, GUC_ERROR_INVALID_GGTT_ADDRESS);
	/* the buffer runs past its mapping */
	msg[2] = FIXTURE_KLV_GGTT + 4 * (FIXTURE_KLV_DWORDS - 1);
	assert_int_equal(guc_ct_send_recv(&fx->ct, msg, 5, NULL, 0), -EIO);
	assert_int_equal(fx->guc.vf[1].exec_quantum, 0);
}

/* Push one VF config of @n (key, value) pairs; 64-bit keys take two dwords. */
static int push(struct guc_fixture *fx, u32 vfid, const u32 (*kv)[3], u32 n)
{
	int pos = 0;
	u32 i;

	for (i = 0; i < n; i++) {
		if (kv[i][0] == GUC_KLV_VF_CFG_GGTT_START_KEY ||
		    kv[i][0] == GUC_KLV_VF_CFG_GGTT_SIZE_KEY)
			pos = guc_klv_encode_u64(fx->klvs, FIXTURE_KLV_DWORDS, pos, kv[i][0],
						 (u64)kv[i][2] << 32 | kv[i][1]);
		else
			pos = guc_klv_encode_u32(fx->klvs, FIXTURE_KLV_DWORDS, pos, kv[i][0],
						 kv[i][1]);
	}
	return guc_fixture_push_vf_cfg(fx, vfid, pos);
}

/*
 * The firmware refuses a KLV whose own value it cannot take, with its own
 * response codes (the i915/xe ABI's guc_errors_abi.h), and applies nothing
 * of a refused request: a driver that sends any of these must see a
 * FAILURE.
 */
static void test_vf_cfg_refuses_bad_values_with_firmware_codes(void **state)
{
	struct guc_fixture *fx = *state;
	static const struct {
		const char *what;
		u32 kv[3][3];
		u32 n;
	} bad[] = {
		{ "misaligned GGTT start", { { GUC_KLV_VF_CFG_GGTT_START_KEY, 0x40000800 } }, 1 },
		{ "misaligned GGTT size", { { GUC_KLV_VF_CFG_GGTT_SIZE_KEY, 0x1800 } }, 1 },
		{ "GGTT start at GUC_GGTT_TOP",
		  { { GUC_KLV_VF_CFG_GGTT_START_KEY, 0xfee00000 } },
		  1 },
		{ "GGTT size over GUC_GGTT_TOP",
		  { { GUC_KLV_VF_CFG_GGTT_SIZE_KEY, 0xfee01000 } },
		  1 },
		{ "context 65535", { { GUC_KLV_VF_CFG_BEGIN_CONTEXT_ID_KEY, 65535 } }, 1 },
		{ "65536 contexts", { { GUC_KLV_VF_CFG_NUM_CONTEXTS_KEY, 65536 } }, 1 },
		{ "doorbell 256", { { GUC_KLV_VF_CFG_BEGIN_DOORBELL_ID_KEY, 256 } }, 1 },
		{ "257 doorbells", { { GUC_KLV_VF_CFG_NUM_DOORBELLS_KEY, 257 } }, 1 },
		{ "scheduling priority 3", { { GUC_KLV_VF_CFG_SCHED_PRIORITY_KEY, 3 } }, 1 },
		{ "a good KLV before a bad one",
		  { { GUC_KLV_VF_CFG_EXEC_QUANTUM_KEY, 5 },
		    { GUC_KLV_VF_CFG_GGTT_SIZE_KEY, 0x1800 } },
		  2 },
	};
	u32 i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		struct mock_guc_vf before = fx->guc.vf[2];
		int ret = push(fx, 2, bad[i].kv, bad[i].n);

		if (ret != -EIO || fx->ct.last_failure.error != GUC_ERROR_INVALID_KLV_DATA)
			fail_msg("%s: %d, error %#x", bad[i].what, ret, fx->ct.last_failure.error);
		before.cfg_updates = fx->guc.vf[2].cfg_updates;
		if (memcmp(&before, &fx->guc.vf[2], sizeof(before)))
			fail_msg("%s: part of a refused config was applied", bad[i].what);
	}
}

/*
 * A config as a whole is not what a request is checked against: i915 moves
 * a live VF's ranges one KLV per request (pf_push_config_ggtt()), through
 * states a whole-config check would refuse, on the real firmware. The model
 * takes each such request and reports the broken rule instead
 * (mock_guc_vf_conflict()), for tests to ask once the PF is done.
 */
static void test_whole_config_conflicts_are_taken_and_reported(void **state)
{
	struct guc_fixture *fx = *state;
	static const struct {
		const char *why;
		u32 kv[2][3];
	} conflict[] = {
		{ "GGTT past GUC_GGTT_TOP",
		  { { GUC_KLV_VF_CFG_GGTT_START_KEY, 0xfe000000 },
		    { GUC_KLV_VF_CFG_GGTT_SIZE_KEY, 0x02000000 } } },
		{ "GGTT over memory the PF gave the GuC",
		  { { GUC_KLV_VF_CFG_GGTT_START_KEY, FIXTURE_BLOB_GGTT },
		    { GUC_KLV_VF_CFG_GGTT_SIZE_KEY, 0x1000 } } },
		{ "contexts past the last ID",
		  { { GUC_KLV_VF_CFG_BEGIN_CONTEXT_ID_KEY, 65000 },
		    { GUC_KLV_VF_CFG_NUM_CONTEXTS_KEY, 1024 } } },
		{ "doorbells past the last one",
		  { { GUC_KLV_VF_CFG_BEGIN_DOORBELL_ID_KEY, 250 },
		    { GUC_KLV_VF_CFG_NUM_DOORBELLS_KEY, 7 } } },
		{ "contexts over another VF's",
		  { { GUC_KLV_VF_CFG_BEGIN_CONTEXT_ID_KEY, 9000 },
		    { GUC_KLV_VF_CFG_NUM_CONTEXTS_KEY, 128 } } },
		{ "doorbells over another VF's",
		  { { GUC_KLV_VF_CFG_BEGIN_DOORBELL_ID_KEY, 10 },
		    { GUC_KLV_VF_CFG_NUM_DOORBELLS_KEY, 4 } } },
		{ "GGTT over another VF's",
		  { { GUC_KLV_VF_CFG_GGTT_START_KEY, 0x40001000 },
		    { GUC_KLV_VF_CFG_GGTT_SIZE_KEY, 0x1000 } } },
	};
	static const u32 vf1[][3] = {
		{ GUC_KLV_VF_CFG_GGTT_START_KEY, 0x40000000 },
		{ GUC_KLV_VF_CFG_GGTT_SIZE_KEY, 0x100000 },
		{ GUC_KLV_VF_CFG_BEGIN_CONTEXT_ID_KEY, 8191 },
		{ GUC_KLV_VF_CFG_NUM_CONTEXTS_KEY, 8192 },
		{ GUC_KLV_VF_CFG_BEGIN_DOORBELL_ID_KEY, 0 },
		{ GUC_KLV_VF_CFG_NUM_DOORBELLS_KEY, 36 },
	};
	static const u32 reset[][3] = {
		{ GUC_KLV_VF_CFG_GGTT_START_KEY, 0 },
		{ GUC_KLV_VF_CFG_GGTT_SIZE_KEY, 0 },
		{ GUC_KLV_VF_CFG_BEGIN_CONTEXT_ID_KEY, 0 },
		{ GUC_KLV_VF_CFG_NUM_CONTEXTS_KEY, 0 },
		{ GUC_KLV_VF_CFG_BEGIN_DOORBELL_ID_KEY, 0 },
		{ GUC_KLV_VF_CFG_NUM_DOORBELLS_KEY, 0 },
	};
	const char *why;
	u32 i;

	assert_int_equal(push(fx, 1, vf1, ARRAY_SIZE(vf1)), 6);
	assert_null(mock_guc_vf_conflict(&fx->guc, 1));
	for (i = 0; i < ARRAY_SIZE(conflict); i++) {
		assert_int_equal(push(fx, 2, reset, ARRAY_SIZE(reset)), 6);
		if (push(fx, 2, conflict[i].kv, 2) != 2)
			fail_msg("%s: refused (error %#x)", conflict[i].why,
				 fx->ct.last_failure.error);
		why = mock_guc_vf_conflict(&fx->guc, 2);
		if (!why || strcmp(why, conflict[i].why))
			fail_msg("%s: reported as %s", conflict[i].why, why ?: "none");
	}
	/* VF2 next to VF1 is fine */
	{
		static const u32 ok[][3] = {
			{ GUC_KLV_VF_CFG_GGTT_START_KEY, 0x40100000 },
			{ GUC_KLV_VF_CFG_GGTT_SIZE_KEY, 0x100000 },
			{ GUC_KLV_VF_CFG_BEGIN_CONTEXT_ID_KEY, 16383 },
			{ GUC_KLV_VF_CFG_NUM_CONTEXTS_KEY, 8192 },
		};

		assert_int_equal(push(fx, 2, reset, ARRAY_SIZE(reset)), 6);
		assert_int_equal(push(fx, 2, ok, ARRAY_SIZE(ok)), 4);
		assert_null(mock_guc_vf_conflict(&fx->guc, 2));
		assert_null(mock_guc_vf_conflict(&fx->guc, 1));
	}
}

/* Requests outside the KLVs: the firmware's codes for each. */
static void test_requests_are_refused_with_firmware_codes(void **state)
{
	struct guc_fixture *fx = *state;
	u32 cfg[5] = { guc_hxg_request(GUC_ACTION_PF2GUC_UPDATE_VF_CFG, 0), 8, FIXTURE_KLV_GGTT, 0,
		       1 };
	u32 pol[4] = { guc_hxg_request(GUC_ACTION_PF2GUC_UPDATE_VGT_POLICY, 0), FIXTURE_KLV_GGTT, 0,
		       2 };
	u32 unknown[2] = { guc_hxg_request(0x5599, 0), 1 };

	assert_int_equal(guc_ct_send_recv(&fx->ct, cfg, 5, NULL, 0), -EIO);
	assert_int_equal(fx->ct.last_failure.error, GUC_ERROR_INVALID_VFID);
	assert_int_equal(guc_ct_send_recv(&fx->ct, cfg, 4, NULL, 0), -EIO);
	assert_int_equal(fx->ct.last_failure.error, GUC_ERROR_PROTOCOL);
	assert_int_equal(guc_fixture_vf_control(fx, 1, GUC_PF_TRIGGER_VF_FLR_FINISH), -EIO);
	assert_int_equal(fx->ct.last_failure.error, GUC_ERROR_INVALID_STATE);
	assert_int_equal(guc_fixture_vf_control(fx, 1, 99), -EIO);
	assert_int_equal(fx->ct.last_failure.error, GUC_ERROR_INVALID_PARAMS);
	assert_int_equal(guc_ct_send_recv(&fx->ct, unknown, 2, NULL, 0), -EIO);
	assert_int_equal(fx->ct.last_failure.error, GUC_ERROR_UNKNOWN_ACTION);
	/* a policy is a boolean where the firmware says so */
	guc_klv_encode_u32(fx->klvs, FIXTURE_KLV_DWORDS, 0, GUC_KLV_VGT_POLICY_SCHED_IF_IDLE_KEY,
			   2);
	assert_int_equal(guc_ct_send_recv(&fx->ct, pol, 4, NULL, 0), -EIO);
	assert_int_equal(fx->ct.last_failure.error, GUC_ERROR_INVALID_KLV_DATA);
	assert_int_equal(fx->guc.sched_if_idle, 0);
}

/*
 * With the WOPCM size set, a VF range below it is reported; i915's own
 * sequence passes through one (the new size over start 0), so it is taken.
 */
static void test_vf_ggtt_below_the_wopcm_is_reported(void **state)
{
	struct guc_fixture *fx = *state;
	static const u32 size[][3] = { { GUC_KLV_VF_CFG_GGTT_SIZE_KEY, 0x1000 } };
	static const u32 start[][3] = { { GUC_KLV_VF_CFG_GGTT_START_KEY, 0x400000 } };
	const char *why;

	fx->guc.ggtt_base = 0x163000;
	assert_int_equal(push(fx, 1, size, 1), 1);
	why = mock_guc_vf_conflict(&fx->guc, 1);
	assert_non_null(why);
	assert_string_equal(why, "GGTT in the GuC's WOPCM");
	/* the start that follows puts it above */
	assert_int_equal(push(fx, 1, start, 1), 1);
	assert_int_equal(fx->guc.vf[1].ggtt_start, 0x400000);
	assert_null(mock_guc_vf_conflict(&fx->guc, 1));
}

/* What each UPDATE_VF_CFG carried is in the log, as it was when it came. */
static void test_log_keeps_each_requests_klvs(void **state)
{
	struct guc_fixture *fx = *state;
	static const u32 a[][3] = { { GUC_KLV_VF_CFG_EXEC_QUANTUM_KEY, 7 } };
	static const u32 b[][3] = { { GUC_KLV_VF_CFG_GGTT_SIZE_KEY, 0x2000 } };
	const struct mock_guc_logged *l;
	u32 n = fx->guc.nlog;

	assert_int_equal(push(fx, 3, a, 1), 1);
	assert_int_equal(push(fx, 3, b, 1), 1);
	l = &fx->guc.log[n];
	assert_int_equal(l->nklv, 2);
	assert_int_equal(l->klv[0], (u32)GUC_KLV_VF_CFG_EXEC_QUANTUM_KEY << 16 | 1);
	assert_int_equal(l->klv[1], 7);
	l = &fx->guc.log[n + 1];
	assert_int_equal(l->nklv, 3);
	assert_int_equal(l->klv[0], (u32)GUC_KLV_VF_CFG_GGTT_SIZE_KEY << 16 | 2);
	assert_int_equal(l->klv[1], 0x2000);
	assert_int_equal(l->klv[2], 0);
}

static void test_full_g2h_waits_in_backlog_until_host_reads(void **state)
{
	struct guc_fixture *fx = *state;
	u32 data[200] = { 1 };
	u32 i, delivered = 0;
	int n;

	/* 40 events of 202 dwords do not fit the 4096-dword ring at once */
	for (i = 0; i < 40; i++)
		assert_int_equal(mock_guc_event(&fx->guc, 0x7777, data, 200), 0);
	assert_true(fx->guc.nbacklog > 0);
	while ((n = guc_ct_process_g2h(&fx->ct)) > 0) {
		delivered += n;
		mock_guc_step(&fx->guc);
	}
	assert_int_equal(delivered, 40);
	assert_int_equal(fx->ct.stats.unhandled_events, 40);
	assert_int_equal(fx->guc.g2h_dropped, 0);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, guc_fixture_setup_enabled, guc_fixture_teardown)
#define TD(fn) cmocka_unit_test_setup_teardown(fn, guc_fixture_setup, guc_fixture_teardown)
	const struct CMUnitTest tests[] = {
		TD(test_ctb_enable_needs_every_self_config_key),
		TD(test_self_config_rejects_wrong_length_and_unknown_key),
		TD(test_ctb_enable_rejects_unmapped_buffers),
		T(test_h2g_tail_beyond_ring_is_flagged_overflow),
		T(test_h2g_message_longer_than_data_is_flagged_underflow),
		T(test_vf_cfg_fails_for_truncated_or_unmapped_klvs),
		T(test_full_g2h_waits_in_backlog_until_host_reads),
		T(test_vf_cfg_refuses_bad_values_with_firmware_codes),
		T(test_requests_are_refused_with_firmware_codes),
		T(test_vf_ggtt_below_the_wopcm_is_reported),
		T(test_whole_config_conflicts_are_taken_and_reported),
		T(test_log_keeps_each_requests_klvs),
	};
#undef T
#undef TD

	return cmocka_run_group_tests_name("mock_guc", tests, NULL, NULL);
}
