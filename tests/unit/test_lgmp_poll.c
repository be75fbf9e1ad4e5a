// SPDX-License-Identifier: MIT
/*
 * The cadence-predicting poller's learning, fed arrival times (no sleeping,
 * no timing asserted: how fast it detects is bench/frames' business).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "lgmp/lgmp_poll.h"

#define MS 1000000ull

/* Arrivals @from..@to-1 of a cadence, each off by a jitter from @jitter. */
static void feed(struct lgmp_poll *p, uint64_t t0, uint64_t period, const int64_t *jitter, int from,
		 int to)
{
	for (int i = from; i < to; i++)
		lgmp_poll_arrival(p, t0 + (uint64_t)i * period + (uint64_t)jitter[i % 8]);
}

static const int64_t small_jitter[8] = { 0, 20000, -15000, 5000, -30000, 10000, 25000, -5000 };

static void test_learns_60hz(void **state)
{
	struct lgmp_poll p;

	(void)state;
	lgmp_poll_init_cadence(&p, 15000);
	feed(&p, 1000 * MS, 16666667, small_jitter, 0, 3);
	assert_int_equal(p.period_ns, 0); /* too few intervals yet */
	feed(&p, 1000 * MS, 16666667, small_jitter, 3, 16);
	assert_in_range(p.period_ns, 16666667 - 40000, 16666667 + 40000);
	/* spread of intervals: about sqrt(2) times that of the arrivals */
	assert_in_range(p.jitter_ns, 1, 100000);
}

/* The prediction is phase-locked: it lands near the next arrival, closer
 * than the arrivals' own jitter would put a prediction from the last one.
 */
static void test_predicts_next_arrival(void **state)
{
	struct lgmp_poll p;
	uint64_t t0 = 1000 * MS, period = 8333333, want;

	(void)state;
	lgmp_poll_init_cadence(&p, 15000);
	feed(&p, t0, period, small_jitter, 0, 40);
	want = t0 + 40 * period;
	assert_in_range(p.next_pred_ns, want - 30000, want + 30000);
	assert_in_range(p.jitter_ns, 1, 60000);
}

static void test_learns_144hz_despite_a_dropped_frame(void **state)
{
	struct lgmp_poll p;
	uint64_t t = 5000 * MS, period = 6944444;

	(void)state;
	lgmp_poll_init_cadence(&p, 15000);
	for (int i = 0; i < 16; i++) {
		if (i != 9) /* the guest skipped one */
			lgmp_poll_arrival(&p, t);
		t += period;
	}
	assert_in_range(p.period_ns, period - 1000, period + 1000);
	/* and the skipped window did not unlock it */
	assert_in_range(p.next_pred_ns, t - 1000, t + 1000);
}

static void test_random_gaps_are_no_cadence(void **state)
{
	static const uint64_t gaps[8] = { 1200000, 3900000, 2100000, 1000000,
					  3300000, 1700000, 2800000, 3600000 };
	struct lgmp_poll p;
	uint64_t t = 100 * MS;

	(void)state;
	lgmp_poll_init_cadence(&p, 15000);
	for (int i = 0; i < 32; i++) {
		t += gaps[i % 8];
		lgmp_poll_arrival(&p, t);
	}
	assert_int_equal(p.period_ns, 0); /* adaptive fallback */
}

static void test_late_arrival_counts_as_miss(void **state)
{
	struct lgmp_poll p;
	uint64_t t = 100 * MS, period = 8333333;

	(void)state;
	lgmp_poll_init_cadence(&p, 15000);
	for (int i = 0; i < 12; i++, t += period)
		lgmp_poll_arrival(&p, t);
	assert_int_not_equal(p.period_ns, 0);
	p.half_ns = 15000; /* the window the idle path would have used */
	lgmp_poll_arrival(&p, t + 2 * MS);
	assert_int_equal(p.misses, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_learns_60hz),
		cmocka_unit_test(test_predicts_next_arrival),
		cmocka_unit_test(test_learns_144hz_despite_a_dropped_frame),
		cmocka_unit_test(test_random_gaps_are_no_cadence),
		cmocka_unit_test(test_late_arrival_counts_as_miss),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
