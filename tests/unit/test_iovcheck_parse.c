// SPDX-License-Identifier: MIT
/*
 * The debugfs parsers of lib/iovcheck on the driver's exact output
 * (intel_iov_provisioning_print_*) and on every way a line can be wrong.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include "iovcheck/iov_parse.h"

static struct iov_ranges ranges;
static struct iov_holes holes;

static int parse(enum iov_res res, const char *text)
{
	return iov_parse_provisioning(res, text, strlen(text), &ranges);
}

static int parse_avail(const char *text)
{
	return iov_parse_ggtt_available(text, strlen(text), &holes);
}

static void test_ggtt_lines_as_the_driver_prints_them(void **state)
{
	(void)state;
	assert_int_equal(parse(IOV_RES_GGTT, "VF1:\t0xdb4dc000-0xfedfffff\t(582800K)\n"
					     "VF7:\t0x5e04000-0x29727fff\t(582800K)\n"),
			 0);
	assert_int_equal(ranges.num, 2);
	assert_int_equal(ranges.r[0].vf, 1);
	assert_int_equal(ranges.r[0].start, 0xdb4dc000);
	assert_int_equal(ranges.r[0].count, 582800ull * 1024);
	assert_int_equal(ranges.r[1].vf, 7);
	assert_int_equal(ranges.r[1].start, 0x5e04000);
	assert_int_equal(ranges.r[1].count, 0x29728000 - 0x5e04000);
}

static void test_context_and_doorbell_lines(void **state)
{
	(void)state;
	assert_int_equal(
		parse(IOV_RES_CTXS, "VF1:\t57343-65534\t(8192)\nVF2:\t49151-57342\t(8192)\n"), 0);
	assert_int_equal(ranges.num, 2);
	assert_int_equal(ranges.r[1].vf, 2);
	assert_int_equal(ranges.r[1].start, 49151);
	assert_int_equal(ranges.r[1].count, 8192);
	/* the last line may lack its newline; a one-ID range is "N-N (1)" */
	assert_int_equal(parse(IOV_RES_DBS, "VF3:\t0-35\t(36)\nVF4:\t255-255\t(1)"), 0);
	assert_int_equal(ranges.num, 2);
	assert_int_equal(ranges.r[0].vf, 3);
	assert_int_equal(ranges.r[0].count, 36);
	assert_int_equal(ranges.r[1].start, 255);
	assert_int_equal(ranges.r[1].count, 1);
}

static void test_an_empty_file_is_no_vf(void **state)
{
	(void)state;
	ranges.num = 99;
	assert_int_equal(parse(IOV_RES_GGTT, ""), 0);
	assert_int_equal(ranges.num, 0);
}

static void test_lines_that_disagree_with_themselves(void **state)
{
	(void)state;
	/* the bracketed figure is the range's size */
	assert_int_equal(parse(IOV_RES_DBS, "VF1:\t0-35\t(35)\n"), -EBADMSG);
	assert_int_equal(parse(IOV_RES_GGTT, "VF1:\t0x1000-0x1fff\t(8K)\n"), -EBADMSG);
	/* a GGTT size that is not whole KiB cannot be printed in K */
	assert_int_equal(parse(IOV_RES_GGTT, "VF1:\t0x1000-0x11ff\t(0K)\n"), -EBADMSG);
	/* the end is inclusive and not below the start */
	assert_int_equal(parse(IOV_RES_CTXS, "VF1:\t200-100\t(0)\n"), -EBADMSG);
}

static void test_lines_not_in_the_format(void **state)
{
	static const char *const bad[] = {
		"VF1: 0-35 36\n", /* no brackets */
		"VF1\t0-35\t(36)\n", /* no colon */
		"VF1:0-35\t(36)\n", /* no blank */
		"VF1:\t0..35\t(36)\n", /* not a range */
		"VF1:\t0-35\t(36)junk\n", /* trailing text */
		"VF1:\t0-35\t(36)\n\n", /* an empty line */
		"vf1:\t0-35\t(36)\n", /* the driver writes VF */
		"VF1:\t0x0-0x23\t(36)\n", /* contexts and doorbells are decimal */
		"VF1:\t-1-35\t(37)\n", /* no sign */
		"VF1:\t0-35\t(36K)\n", /* only GGTT sizes are in K */
		"VF1:\t0-35", /* cut short */
		"VFx:\t0-35\t(36)\n", /* no VF number */
		"range:\t0-35\t(36)\n", /* another file's line */
	};
	unsigned int i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int err = parse(IOV_RES_DBS, bad[i]);

		if (err != -EBADMSG)
			fail_msg("line %u \"%s\": %d", i, bad[i], err);
	}
	assert_int_equal(parse(IOV_RES_GGTT, "VF1:\t0x1000-0x1fff\t(4)\n"), -EBADMSG);
}

static void test_numbers_out_of_range(void **state)
{
	(void)state;
	assert_int_equal(parse(IOV_RES_DBS, "VF0:\t0-35\t(36)\n"), -ERANGE);
	assert_int_equal(parse(IOV_RES_DBS, "VF64:\t0-35\t(36)\n"), -ERANGE);
	assert_int_equal(parse(IOV_RES_DBS, "VF63:\t0-35\t(36)\n"), 0);
	assert_int_equal(parse(IOV_RES_CTXS, "VF1:\t0-18446744073709551616\t(1)\n"), -ERANGE);
	/* an end at 2^64 - 1 would make start + count wrap */
	assert_int_equal(parse(IOV_RES_CTXS,
			       "VF1:\t1-18446744073709551615\t(18446744073709551615)\n"),
			 -ERANGE);
	assert_int_equal(
		parse(IOV_RES_CTXS, "VF1:\t1-18446744073709551614\t(18446744073709551614)\n"), 0);
	assert_int_equal(iov_parse_provisioning(IOV_RES_NUM, "", 0, &ranges), -EINVAL);
}

static void test_too_many_lines(void **state)
{
	static char text[IOV_MAX_LINES * 32 + 32];
	size_t len = 0;
	unsigned int i;

	(void)state;
	for (i = 0; i < IOV_MAX_LINES; i++)
		len += (size_t)snprintf(text + len, sizeof(text) - len, "VF1:\t%u-%u\t(1)\n", i, i);
	assert_int_equal(parse(IOV_RES_DBS, text), 0);
	assert_int_equal(ranges.num, IOV_MAX_LINES);
	snprintf(text + len, sizeof(text) - len, "VF1:\t0-0\t(1)\n");
	assert_int_equal(parse(IOV_RES_DBS, text), -E2BIG);
}

static void test_never_reads_past_the_length(void **state)
{
	const char text[] = "VF1:\t0-35\t(36)\nVF2:\t36-71\t(36)\n";

	(void)state;
	/* the length ends inside VF2's bracket: that line is cut short */
	assert_int_equal(iov_parse_provisioning(IOV_RES_DBS, text, strlen(text) - 3, &ranges),
			 -EBADMSG);
	/* the length ends after the first line: one VF */
	assert_int_equal(iov_parse_provisioning(IOV_RES_DBS, text, 15, &ranges), 0);
	assert_int_equal(ranges.num, 1);
}

static void test_ggtt_available_as_the_driver_prints_it(void **state)
{
	(void)state;
	assert_int_equal(parse_avail("range:\t0x1a00000-0x1bfffff\t(2048K)\n"
				     "range:\t0x2000000-0x5e03fff\t(63504K)\n"
				     "total:\t67125248\t(65552K)\n"
				     "avail:\t16384\t(16K)\n"),
			 0);
	assert_int_equal(holes.num, 2);
	assert_int_equal(holes.r[0].start, 0x1a00000);
	assert_int_equal(holes.r[0].count, 2 << 20);
	assert_int_equal(holes.r[1].start, 0x2000000);
	assert_int_equal(holes.total, 67125248);
	assert_int_equal(holes.avail, 16384);
	/* no hole at all */
	assert_int_equal(parse_avail("total:\t0\t(0K)\navail:\t0\t(0K)\n"), 0);
	assert_int_equal(holes.num, 0);
	/* a byte count that is not whole KiB prints rounded down */
	assert_int_equal(parse_avail("range:\t0x1000-0x1fff\t(4K)\ntotal:\t4096\t(4K)\n"
				     "avail:\t1000\t(0K)\n"),
			 0);
	assert_int_equal(holes.avail, 1000);
}

static void test_ggtt_available_that_does_not_add_up(void **state)
{
	(void)state;
	/* total is not the sum of the ranges */
	assert_int_equal(parse_avail("range:\t0x1000-0x1fff\t(4K)\ntotal:\t8192\t(8K)\n"
				     "avail:\t0\t(0K)\n"),
			 -EBADMSG);
	/* more available than free */
	assert_int_equal(parse_avail("range:\t0x1000-0x1fff\t(4K)\ntotal:\t4096\t(4K)\n"
				     "avail:\t8192\t(8K)\n"),
			 -EBADMSG);
	/* holes out of order, or overlapping */
	assert_int_equal(parse_avail("range:\t0x3000-0x3fff\t(4K)\nrange:\t0x1000-0x1fff\t(4K)\n"
				     "total:\t8192\t(8K)\navail:\t0\t(0K)\n"),
			 -EBADMSG);
	assert_int_equal(parse_avail("range:\t0x1000-0x2fff\t(8K)\nrange:\t0x2000-0x2fff\t(4K)\n"
				     "total:\t12288\t(12K)\navail:\t0\t(0K)\n"),
			 -EBADMSG);
	/* no avail line, or something after it */
	assert_int_equal(parse_avail("total:\t0\t(0K)\n"), -EBADMSG);
	assert_int_equal(parse_avail("total:\t0\t(0K)\navail:\t0\t(0K)\nx"), -EBADMSG);
	/* a bracket that disagrees */
	assert_int_equal(parse_avail("range:\t0x1000-0x1fff\t(8K)\ntotal:\t4096\t(4K)\n"
				     "avail:\t0\t(0K)\n"),
			 -EBADMSG);
	assert_int_equal(parse_avail("total:\t4096\t(3K)\navail:\t0\t(0K)\n"), -EBADMSG);
}

static void test_resource_names(void **state)
{
	(void)state;
	assert_string_equal(iov_res_name(IOV_RES_GGTT), "ggtt_provisioning");
	assert_string_equal(iov_res_name(IOV_RES_CTXS), "contexts_provisioning");
	assert_string_equal(iov_res_name(IOV_RES_DBS), "doorbells_provisioning");
	assert_null(iov_res_name(IOV_RES_NUM));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ggtt_lines_as_the_driver_prints_them),
		cmocka_unit_test(test_context_and_doorbell_lines),
		cmocka_unit_test(test_an_empty_file_is_no_vf),
		cmocka_unit_test(test_lines_that_disagree_with_themselves),
		cmocka_unit_test(test_lines_not_in_the_format),
		cmocka_unit_test(test_numbers_out_of_range),
		cmocka_unit_test(test_too_many_lines),
		cmocka_unit_test(test_never_reads_past_the_length),
		cmocka_unit_test(test_ggtt_available_as_the_driver_prints_it),
		cmocka_unit_test(test_ggtt_available_that_does_not_add_up),
		cmocka_unit_test(test_resource_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
