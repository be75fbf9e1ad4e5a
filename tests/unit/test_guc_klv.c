// SPDX-License-Identifier: MIT
/*
 * The KLV codec: encoding, decoding, and that no length field can make the
 * decoder read past the blob it was given.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <cmocka.h>

#include "guc/guc_klv.h"

static void test_encode_u32_and_u64_lay_out_key_len_value(void **state)
{
	u32 buf[8] = { 0 };
	int pos;

	(void)state;
	pos = guc_klv_encode_u32(buf, 8, 0, GUC_KLV_VF_CFG_NUM_CONTEXTS_KEY, 8192);
	assert_int_equal(pos, 2);
	pos = guc_klv_encode_u64(buf, 8, pos, GUC_KLV_VF_CFG_GGTT_START_KEY, 0x123456789000ull);
	assert_int_equal(pos, 5);
	assert_int_equal(buf[0], 0x00040001);
	assert_int_equal(buf[1], 8192);
	assert_int_equal(buf[2], 0x00010002);
	assert_int_equal(buf[3], 0x56789000); /* low dword first */
	assert_int_equal(buf[4], 0x1234);
}

static void test_encode_that_does_not_fit_leaves_buffer_alone(void **state)
{
	u32 buf[3] = { 0xaa, 0xbb, 0xcc };

	(void)state;
	assert_int_equal(guc_klv_encode_u64(buf, 3, 1, 0x0001, 1), -ENOSPC);
	assert_int_equal(guc_klv_encode_u32(buf, 3, 3, 0x0004, 1), -ENOSPC);
	assert_int_equal(guc_klv_encode_u32(buf, 3, 9, 0x0004, 1), -ENOSPC);
	assert_int_equal(buf[0], 0xaa);
	assert_int_equal(buf[1], 0xbb);
	assert_int_equal(buf[2], 0xcc);
	/* a flag KLV (len 0) fits in one dword */
	assert_int_equal(guc_klv_encode(buf, 3, 2, 0x4001, NULL, 0), 3);
	assert_int_equal(buf[2], 0x40010000);
}

static void test_decode_walks_every_klv_in_order(void **state)
{
	u32 buf[16];
	const u32 *v;
	struct guc_klv_iter it;
	u16 key, len;
	int pos = 0;

	(void)state;
	pos = guc_klv_encode_u64(buf, 16, pos, GUC_KLV_VF_CFG_GGTT_SIZE_KEY, 0x1000);
	pos = guc_klv_encode(buf, 16, pos, 0x4003, NULL, 0);
	pos = guc_klv_encode_u32(buf, 16, pos, GUC_KLV_VF_CFG_EXEC_QUANTUM_KEY, 20);

	guc_klv_iter_init(&it, buf, pos);
	assert_true(guc_klv_next(&it, &key, &len, &v));
	assert_int_equal(key, GUC_KLV_VF_CFG_GGTT_SIZE_KEY);
	assert_int_equal(len, 2);
	assert_int_equal(guc_klv_value_u64(v), 0x1000);
	assert_true(guc_klv_next(&it, &key, &len, &v));
	assert_int_equal(key, 0x4003);
	assert_int_equal(len, 0);
	assert_true(guc_klv_next(&it, &key, &len, &v));
	assert_int_equal(v[0], 20);
	assert_false(guc_klv_next(&it, &key, &len, &v));
	assert_int_equal(it.error, 0);
	assert_int_equal(guc_klv_count(buf, pos), 3);
}

static void test_truncated_klv_stops_with_eproto(void **state)
{
	u32 buf[4] = { 0x00010002, 0x1000, 0x0, 0x00040005 }; /* last claims 5 dwords */
	const u32 *v;
	struct guc_klv_iter it;
	u16 key, len;

	(void)state;
	guc_klv_iter_init(&it, buf, 4);
	assert_true(guc_klv_next(&it, &key, &len, &v));
	assert_false(guc_klv_next(&it, &key, &len, &v));
	assert_int_equal(it.error, -EPROTO);
	assert_false(guc_klv_next(&it, &key, &len, &v));
	assert_int_equal(guc_klv_count(buf, 4), -EPROTO);
	/* a header whose length is 0xffff at the very end */
	buf[0] = 0x8a01ffff;
	assert_int_equal(guc_klv_count(buf, 1), -EPROTO);
	assert_int_equal(guc_klv_count(buf, 0), 0);
	assert_int_equal(guc_klv_count(NULL, 0), 0);
}

static void test_random_blobs_never_read_past_the_end(void **state)
{
	struct guc_klv_iter it;
	const u32 *v;
	u16 key, len;
	u32 round, n, i;

	(void)state;
	srand(7);
	for (round = 0; round < 2000; round++) {
		u32 *buf;

		n = rand() % 16;
		/* exact-size heap blocks: ASan flags any read past them */
		buf = malloc((n ? n : 1) * sizeof(u32));
		for (i = 0; i < n; i++)
			buf[i] = (u32)rand() << 1 ^ (u32)rand() % 4;
		guc_klv_iter_init(&it, buf, n);
		while (guc_klv_next(&it, &key, &len, &v))
			assert_true(v + len <= buf + n);
		assert_true(it.error == 0 || it.error == -EPROTO);
		free(buf);
	}
}

static void test_key_table_knows_abi_lengths(void **state)
{
	(void)state;
	assert_int_equal(guc_klv_check(GUC_KLV_VF_CFG_GGTT_START_KEY, 2), 0);
	assert_int_equal(guc_klv_check(GUC_KLV_VF_CFG_GGTT_START_KEY, 1), -EMSGSIZE);
	assert_int_equal(guc_klv_check(GUC_KLV_VF_CFG_THRESHOLD_DOORBELL_STORM_KEY, 1), 0);
	assert_int_equal(guc_klv_check(GUC_KLV_VGT_POLICY_RESET_AFTER_VF_SWITCH_KEY, 1), 0);
	assert_int_equal(guc_klv_check(GUC_KLV_SELF_CFG_G2H_CTB_SIZE_KEY, 1), 0);
	assert_int_equal(guc_klv_check(0x7777, 1), -ENOKEY);
	assert_string_equal(guc_klv_key_name(GUC_KLV_VF_CFG_PREEMPT_TIMEOUT_KEY),
			    "preempt_timeout");
	assert_string_equal(guc_klv_key_name(0x7777), "unknown");
	assert_non_null(guc_klv_key_info(GUC_KLV_VF_CFG_BEGIN_CONTEXT_ID_KEY));
}

/*
 * The KLV table (abi/guc_klvs_abi.h) is the one place a key is described:
 * every row, threshold rows included, reaches the codec with its length and
 * name, and no key or name is there twice.
 */
static void test_every_table_row_reaches_the_codec_once(void **state)
{
#define ROW(id, key, len, name) { key, len, #name },
#define THRESHOLD_ROW(tag, key, log, attr) { key, 1, "threshold_" #attr },
	static const struct guc_klv_key_info rows[] = { GUC_KLV_KEYS(ROW) GUC_KLV_VF_CFG_THRESHOLDS(
		THRESHOLD_ROW) };
#undef ROW
#undef THRESHOLD_ROW
	size_t i, j;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(rows); i++) {
		const struct guc_klv_key_info *info = guc_klv_key_info(rows[i].key);

		assert_non_null(info);
		assert_int_equal(info->len, rows[i].len);
		assert_string_equal(info->name, rows[i].name);
		assert_int_equal(guc_klv_check(rows[i].key, rows[i].len), 0);
		for (j = 0; j < i; j++) {
			assert_int_not_equal(rows[j].key, rows[i].key);
			assert_string_not_equal(rows[j].name, rows[i].name);
		}
	}
}

/* A threshold's index and key go both ways; no other key is a threshold. */
static void test_threshold_index_follows_the_table_order(void **state)
{
	static const u16 keys[] = { 0x8a03, 0x8a04, 0x8a05, 0x8a06, 0x8a07, 0x8a08 };
	u32 i;

	(void)state;
	assert_int_equal(GUC_KLV_VF_CFG_NUM_THRESHOLDS, ARRAY_SIZE(keys));
	for (i = 0; i < ARRAY_SIZE(keys); i++)
		assert_int_equal(guc_klv_threshold_index(keys[i]), i);
	assert_int_equal(guc_klv_threshold_index(GUC_KLV_VF_CFG_THRESHOLD_MULTI_LRC_COUNT_KEY), -1);
	assert_int_equal(guc_klv_threshold_index(GUC_KLV_VF_CFG_EXEC_QUANTUM_KEY), -1);
	assert_string_equal(guc_klv_key_name(0x8a06), "threshold_h2g_time_us");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encode_u32_and_u64_lay_out_key_len_value),
		cmocka_unit_test(test_every_table_row_reaches_the_codec_once),
		cmocka_unit_test(test_threshold_index_follows_the_table_order),
		cmocka_unit_test(test_encode_that_does_not_fit_leaves_buffer_alone),
		cmocka_unit_test(test_decode_walks_every_klv_in_order),
		cmocka_unit_test(test_truncated_klv_stops_with_eproto),
		cmocka_unit_test(test_random_blobs_never_read_past_the_end),
		cmocka_unit_test(test_key_table_knows_abi_lengths),
	};

	return cmocka_run_group_tests_name("guc_klv", tests, NULL, NULL);
}
