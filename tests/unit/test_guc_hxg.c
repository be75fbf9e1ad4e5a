// SPDX-License-Identifier: MIT
/*
 * HXG headers: the bit layout of every message type, as the ABI states it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "guc/guc_hxg.h"
#include "abi/guc_actions_pf_abi.h"

static void test_host_request_header_bits(void **state)
{
	(void)state;
	/* origin 0, type 0, data0 0x123, action 0x5503 */
	assert_int_equal(guc_hxg_request(GUC_ACTION_PF2GUC_UPDATE_VF_CFG, 0x123), 0x01235503);
	/* fast request: type 2 in bits 30:28 */
	assert_int_equal(guc_hxg_fast_request(GUC_ACTION_PF2GUC_RELAY_TO_VF, 0), 0x20005101);
}

static void test_guc_reply_header_bits(void **state)
{
	(void)state;
	assert_int_equal(guc_hxg_guc_success(0x0abcdef1), 0xfabcdef1);
	assert_int_equal(guc_hxg_guc_failure(0xf000, 0x12), 0xe012f000);
	assert_int_equal(guc_hxg_guc_busy(3), 0xb0000003);
	assert_int_equal(guc_hxg_guc_retry(0), 0xd0000000);
	assert_int_equal(guc_hxg_guc_event(GUC_ACTION_GUC2PF_VF_STATE_NOTIFY, 0), 0x90005106);
}

static void test_fields_read_back(void **state)
{
	u32 hdr = guc_hxg_guc_event(GUC_ACTION_GUC2PF_ADVERSE_EVENT, 0x7);

	(void)state;
	assert_int_equal(guc_hxg_origin(hdr), GUC_HXG_ORIGIN_GUC);
	assert_int_equal(guc_hxg_type(hdr), GUC_HXG_TYPE_EVENT);
	assert_int_equal(guc_hxg_action(hdr), GUC_ACTION_GUC2PF_ADVERSE_EVENT);
	assert_int_equal(guc_hxg_request_data0(hdr), 0x7);
	assert_false(guc_hxg_is_response(hdr));
	assert_true(guc_hxg_is_response(guc_hxg_guc_busy(1)));
	assert_true(guc_hxg_is_response(guc_hxg_guc_retry(1)));
	assert_true(guc_hxg_is_response(guc_hxg_guc_failure(1, 1)));
	assert_int_equal(guc_hxg_response_data0(guc_hxg_guc_success(0xfffffff)), 0xfffffff);
}

static void test_type_names_and_reserved_type(void **state)
{
	(void)state;
	assert_string_equal(guc_hxg_type_name(GUC_HXG_TYPE_NO_RESPONSE_BUSY), "busy");
	assert_string_equal(guc_hxg_type_name(GUC_HXG_TYPE_RESPONSE_SUCCESS), "success");
	assert_string_equal(guc_hxg_type_name(4), "unknown");
	assert_string_equal(guc_hxg_type_name(8), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_host_request_header_bits),
		cmocka_unit_test(test_guc_reply_header_bits),
		cmocka_unit_test(test_fields_read_back),
		cmocka_unit_test(test_type_names_and_reserved_type),
	};

	return cmocka_run_group_tests_name("guc_hxg", tests, NULL, NULL);
}
