// SPDX-License-Identifier: MIT
/* Fixed, adaptive and cadence-predicting polling for shared-memory consumers. */
#include "lgmp/lgmp_poll.h"

#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lgmp/lgmp_clock.h"

/* A cadence is believed between these periods (1000 Hz .. 10 Hz) ... */
#define CADENCE_MIN_NS 1000000ull
#define CADENCE_MAX_NS 100000000ull
/* ... after this many intervals, when they spread less than period / 8. */
#define CADENCE_MIN_SAMPLES 4u
/* One sleep overshoot sample counts at most this much (a preemption is not
 * the timer's lateness), and the recent worst decays by 1/16 per sleep.
 */
#define OVERSHOOT_CAP_NS 300000ull
/* The spin window's half-width never exceeds this: beyond it a jittery
 * cadence costs more CPU than it saves, and late frames are caught by the
 * fallback steps instead.
 */
#define WINDOW_MAX_NS 250000ull
/* More misses than this among the last 16 arrivals: the cadence is not
 * to be slept on in one go.
 */
#define UNRELIABLE_MISSES 2
/* Longest step while a predicted frame is late. */
#define LATE_SLEEP_MAX_NS 40000ull
/* In-frame spinning yields the CPU once every this many pauses. */
#define IN_FRAME_YIELD_EVERY 32u
/* Shorter sleeps than this are spun instead. */
#define SLEEP_MIN_USEFUL_NS 20000ull

static void policy_init(struct lgmp_poll *p, enum lgmp_poll_mode mode, uint64_t spin_ns,
			uint64_t sleep_min_ns, uint64_t sleep_max_ns)
{
	memset(p, 0, sizeof(*p));
	p->mode = mode;
	p->spin_ns = spin_ns;
	p->sleep_min_ns = sleep_min_ns;
	p->sleep_max_ns = sleep_max_ns < sleep_min_ns ? sleep_min_ns : sleep_max_ns;
	p->next_sleep_ns = p->sleep_min_ns;
}

void lgmp_poll_init_adaptive(struct lgmp_poll *p, uint64_t spin_ns, uint64_t sleep_min_ns,
			     uint64_t sleep_max_ns)
{
	policy_init(p, LGMP_POLL_ADAPTIVE, spin_ns, sleep_min_ns, sleep_max_ns);
}

void lgmp_poll_init_fixed(struct lgmp_poll *p, uint64_t sleep_ns)
{
	policy_init(p, LGMP_POLL_FIXED, 0, sleep_ns, sleep_ns);
}

void lgmp_poll_init_cadence(struct lgmp_poll *p, uint64_t min_window_ns)
{
	policy_init(p, LGMP_POLL_CADENCE, 100000, 10000, 1000000);
	p->window_ns = min_window_ns;
	p->overshoot_ns = 50000; /* until measured */
}

/* Sleep @ns and learn how late this machine's sleeps end. */
static void sleep_ns(struct lgmp_poll *p, uint64_t ns)
{
	struct timespec ts = { (time_t)(ns / 1000000000ull), (long)(ns % 1000000000ull) };
	uint64_t t0 = lgmp_now_ns(), late;

	nanosleep(&ts, NULL);
	p->sleeps++;
	late = lgmp_now_ns() - t0;
	late = late > ns ? late - ns : 0;
	if (late > OVERSHOOT_CAP_NS)
		late = OVERSHOOT_CAP_NS;
	if (late > p->overshoot_ns)
		p->overshoot_ns = late;
	else
		p->overshoot_ns -= (p->overshoot_ns - late) / 16;
}

static void adaptive_idle(struct lgmp_poll *p, uint64_t now)
{
	if (!p->idle_since_ns)
		p->idle_since_ns = now;
	if (now - p->idle_since_ns < p->spin_ns) {
		lgmp_cpu_relax();
		return;
	}
	sleep_ns(p, p->next_sleep_ns);
	if (p->next_sleep_ns * 2 <= p->sleep_max_ns)
		p->next_sleep_ns *= 2;
	else
		p->next_sleep_ns = p->sleep_max_ns;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static uint64_t median_u64(const uint64_t *v, uint32_t n)
{
	uint64_t s[LGMP_POLL_HISTORY];

	memcpy(s, v, n * sizeof(s[0]));
	qsort(s, n, sizeof(s[0]), cmp_u64);
	return s[n / 2];
}

/*
 * The period is found by the median interval (robust to a dropped frame) and
 * refined by the mean over the history. The phase
 * is tracked like a phase-locked loop: each arrival moves the prediction a
 * quarter of the way towards it, so the prediction's own error stays well
 * below the arrivals' jitter and the window can be 3 sigma of the arrivals
 * around it, not of the intervals (which spread sqrt(2) times wider).
 * Jitter is 1.5 x the median absolute prediction error (about one sigma).
 */
static void cadence_learn(struct lgmp_poll *p, uint64_t now)
{
	uint64_t dev[LGMP_POLL_HISTORY], med;
	uint32_t n;

	if (p->last_arrival_ns)
		p->interval_ns[p->intervals++ % LGMP_POLL_HISTORY] = now - p->last_arrival_ns;
	p->last_arrival_ns = now;
	n = p->intervals < LGMP_POLL_HISTORY ? p->intervals : LGMP_POLL_HISTORY;
	med = n >= CADENCE_MIN_SAMPLES ? median_u64(p->interval_ns, n) : 0;
	for (uint32_t i = 0; i < n; i++)
		dev[i] = p->interval_ns[i] > med ? p->interval_ns[i] - med :
						   med - p->interval_ns[i];
	if (!med || med < CADENCE_MIN_NS || med > CADENCE_MAX_NS ||
	    median_u64(dev, n) * 3 / 2 > med / 8) {
		p->period_ns = 0; /* no cadence: the adaptive steps */
		p->errors = 0;
		return;
	}
	/* The median finds the period; the mean over the whole history,
	 * each interval counted as the periods it spans, refines it (a
	 * median of few jittered intervals is biased by a sizeable part of
	 * the jitter, and a phase loop turns that bias into a steady lag).
	 */
	{
		uint64_t sum = 0, periods = 0;

		for (uint32_t i = 0; i < n; i++) {
			uint64_t k = (p->interval_ns[i] + med / 2) / med;

			if (k) {
				sum += p->interval_ns[i];
				periods += k;
			}
		}
		if (periods)
			med = sum / periods;
	}
	if (!p->period_ns || !p->next_pred_ns) {
		p->period_ns = med;
		p->next_pred_ns = now + med;
		p->jitter_ns = median_u64(dev, n) * 3 / 2;
		return;
	}
	p->period_ns = med;
	{
		uint64_t pred = p->next_pred_ns;
		int64_t e;
		uint64_t ae;

		/* a dropped frame: the arrival belongs to a later period */
		for (int k = 0; k < 8 && now > pred + med / 2; k++)
			pred += med;
		e = (int64_t)(now - pred);
		ae = e < 0 ? (uint64_t)-e : (uint64_t)e;
		p->miss_bits <<= 1;
		if (ae > p->half_ns) {
			p->misses++;
			p->miss_bits |= 1;
		}
		if (ae > med / 4) {
			/* the cadence moved: lock again on this arrival */
			p->next_pred_ns = now + med;
			return;
		}
		p->error_ns[p->errors++ % LGMP_POLL_HISTORY] = ae;
		p->next_pred_ns = pred + (uint64_t)(e / 4) + med;
	}
	n = p->errors < LGMP_POLL_HISTORY ? p->errors : LGMP_POLL_HISTORY;
	if (n >= CADENCE_MIN_SAMPLES)
		p->jitter_ns = median_u64(p->error_ns, n) * 3 / 2;
}

static void cadence_idle(struct lgmp_poll *p, uint64_t now)
{
	uint64_t pred, half, start, min_half = p->spin_ns / 4;

	if (!p->period_ns) {
		adaptive_idle(p, now);
		return;
	}
	/* 3 sigma of the jitter either side, never less than asked for */
	half = 3 * p->jitter_ns;
	if (half > WINDOW_MAX_NS)
		half = WINDOW_MAX_NS;
	if (half < p->window_ns)
		half = p->window_ns;
	if (half < min_half)
		half = min_half;
	p->half_ns = half;
	/* past a window by more than half a period: its frame was dropped,
	 * the next window is the one to wait for
	 */
	pred = p->next_pred_ns;
	for (int k = 0; k < 8 && now > pred + p->period_ns / 2; k++)
		pred += p->period_ns;
	if (now > pred + half) {
		/* late: a late frame is likely, keep the steps short (they end
		 * at the next window, or at the fold above after half a period)
		 */
		if (!p->idle_since_ns || p->idle_since_ns < pred + half)
			p->idle_since_ns = now;
		if (p->next_sleep_ns > LATE_SLEEP_MAX_NS)
			p->next_sleep_ns = LATE_SLEEP_MAX_NS;
		adaptive_idle(p, now);
		return;
	}
	start = pred > half ? pred - half : 0;
	if (now + p->overshoot_ns + SLEEP_MIN_USEFUL_NS < start) {
		/* one sleep, ended early by how late sleeps end here; while
		 * arrivals keep missing the window (a preempted guest, a busy
		 * host) no sleep is longer than the longest adaptive step, so
		 * the poller is never later than a fixed-sleep loop
		 */
		uint64_t ns = start - now - p->overshoot_ns;

		if (__builtin_popcount(p->miss_bits & 0xffffu) > UNRELIABLE_MISSES &&
		    ns > p->sleep_max_ns)
			ns = p->sleep_max_ns;
		sleep_ns(p, ns);
		return;
	}
	lgmp_cpu_relax(); /* in the window, or too close to it to sleep */
}

void lgmp_poll_idle(struct lgmp_poll *p)
{
	uint64_t now = lgmp_now_ns();

	switch (p->mode) {
	case LGMP_POLL_FIXED:
		sleep_ns(p, p->sleep_min_ns);
		break;
	case LGMP_POLL_CADENCE:
		cadence_idle(p, now);
		break;
	default:
		adaptive_idle(p, now);
		break;
	}
}

void lgmp_poll_arrival(struct lgmp_poll *p, uint64_t now_ns)
{
	p->idle_since_ns = 0;
	p->next_sleep_ns = p->sleep_min_ns;
	if (p->mode == LGMP_POLL_CADENCE)
		cadence_learn(p, now_ns);
}

void lgmp_poll_hit(struct lgmp_poll *p)
{
	lgmp_poll_arrival(p, lgmp_now_ns());
}

void lgmp_poll_progress(struct lgmp_poll *p)
{
	p->idle_since_ns = 0;
}

void lgmp_poll_idle_in_frame(struct lgmp_poll *p)
{
	uint64_t now = lgmp_now_ns();

	if (p->mode == LGMP_POLL_FIXED) {
		sleep_ns(p, 1000); /* B7's framebuffer_wait: usleep(1) */
		return;
	}
	if (!p->idle_since_ns)
		p->idle_since_ns = now;
	if (now - p->idle_since_ns < p->spin_ns) {
		/* The producer is mid-frame and may need this very CPU (two
		 * processes, often more runnable threads than cores): spinning
		 * must not keep it off. Yield now and then; with nobody else
		 * runnable that costs a syscall and no time.
		 */
		if (!(++p->in_frame_spins % IN_FRAME_YIELD_EVERY))
			sched_yield();
		else
			lgmp_cpu_relax();
		return;
	}
	sleep_ns(p, p->sleep_min_ns);
}
