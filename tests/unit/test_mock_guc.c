// SPDX-License-Identifier: MIT
/*
 * The mock GuC itself: it must reject what the firmware rejects, or the CT
 * tests would pass against a model more forgiving than the real thing.
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

static u32 mmio(struct guc_fixture *fx, u32 d0, u32 d1, u32 d2, u32 d3, u32 len)
{
	u32 msg[4] = { d0, d1, d2, d3 }, reply[4] = { 0 };

	assert_int_equal(mock_guc_ct_ops.mmio_send(&fx->guc, msg, len, reply, 4), 1);
	return reply[0];
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
	assert_int_equal(fx->ct.last_failure.hint, 3);
	msg[2] = 0x100000; /* unmapped */
	assert_int_equal(guc_ct_send_recv(&fx->ct, msg, 5, NULL, 0), -EIO);
	assert_int_equal(fx->ct.last_failure.hint, 2);
	/* the buffer runs past its mapping */
	msg[2] = FIXTURE_KLV_GGTT + 4 * (FIXTURE_KLV_DWORDS - 1);
	assert_int_equal(guc_ct_send_recv(&fx->ct, msg, 5, NULL, 0), -EIO);
	assert_int_equal(fx->guc.vf[1].exec_quantum, 0);
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
	};
#undef T
#undef TD

	return cmocka_run_group_tests_name("mock_guc", tests, NULL, NULL);
}
