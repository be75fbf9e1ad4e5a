/* SPDX-License-Identifier: MIT */
/*
 * Polling for consumers of shared memory. There are no interrupts
 * (ivshmem-plain), so a consumer polls. Three policies:
 *
 * - fixed: sleep the same time between empty polls; Looking Glass B7's
 *   client sleeps 1 ms (app:framePollInterval), kept as the reference;
 * - adaptive: spin for a window after the last event, where the next one is
 *   most likely, then sleep in short, growing steps;
 * - cadence: frames from a guest come at its display's rate (60, 120,
 *   144 Hz, with jitter). Learn the period from the arrivals and lock a
 *   prediction of the next one to them (a phase-locked loop), sleep (one
 *   sleep, started early by the sleep overshoot measured here) until a
 *   window of 3 sigma of the jitter around it, spin only inside it. Late
 *   frames are caught by the adaptive steps; a dropped frame moves the wait
 *   to the next window; irregular arrivals fall back to the adaptive policy
 *   until a cadence is seen again.
 *
 * Inside a frame (waiting for the producer's write pointer) every policy
 * spins a while after the last progress, then sleeps its shortest step.
 */
#ifndef LGMP_POLL_H
#define LGMP_POLL_H

#include <stdbool.h>
#include <stdint.h>

enum lgmp_poll_mode {
	LGMP_POLL_ADAPTIVE,
	LGMP_POLL_FIXED,
	LGMP_POLL_CADENCE,
};

/* Arrivals kept to learn a cadence from (a power of two). */
#define LGMP_POLL_HISTORY 16u

struct lgmp_poll {
	enum lgmp_poll_mode mode;
	uint64_t spin_ns; /* spin this long after the last event */
	uint64_t sleep_min_ns; /* first sleep */
	uint64_t sleep_max_ns; /* sleeps double up to this */
	/* state */
	uint64_t idle_since_ns;
	uint64_t next_sleep_ns;
	uint64_t sleeps;
	/* cadence: learned from arrivals (lgmp_poll_hit) */
	uint64_t last_arrival_ns;
	uint64_t interval_ns[LGMP_POLL_HISTORY];
	uint32_t intervals; /* filled entries of interval_ns, total seen */
	uint64_t period_ns; /* 0: no cadence seen (yet) */
	uint64_t next_pred_ns; /* predicted next arrival (phase-locked) */
	uint64_t error_ns[LGMP_POLL_HISTORY]; /* |arrival - prediction| */
	uint32_t errors;
	uint64_t jitter_ns; /* spread of arrivals around the prediction */
	uint64_t overshoot_ns; /* how late a sleep ends here, recent worst */
	uint64_t window_ns; /* least half-width of the spin window */
	uint64_t half_ns; /* half-width in use */
	uint64_t misses; /* arrivals outside the predicted window */
	uint32_t miss_bits; /* the last arrivals, 1 = missed, newest low */
	uint32_t in_frame_spins;
};

/**
 * lgmp_poll_init_adaptive - spin, then sleep in growing steps
 * @p: poller
 * @spin_ns: spin window after each event
 * @sleep_min_ns: first sleep length
 * @sleep_max_ns: longest sleep
 */
void lgmp_poll_init_adaptive(struct lgmp_poll *p, uint64_t spin_ns, uint64_t sleep_min_ns,
			     uint64_t sleep_max_ns);

/**
 * lgmp_poll_init_fixed - never spin, always sleep @sleep_ns (LG B7: 1 ms)
 * @p: poller
 * @sleep_ns: sleep between polls
 */
void lgmp_poll_init_fixed(struct lgmp_poll *p, uint64_t sleep_ns);

/**
 * lgmp_poll_init_cadence - predict arrivals from the display cadence
 * @p: poller
 * @min_window_ns: least half-width of the spin window around a prediction
 *
 * Until a cadence is seen it behaves as the adaptive policy (spin 100 us,
 * then sleeps of 10 us to 1 ms).
 */
void lgmp_poll_init_cadence(struct lgmp_poll *p, uint64_t min_window_ns);

/**
 * lgmp_poll_idle - a poll of the queue found nothing; spins or sleeps once
 * @p: poller
 */
void lgmp_poll_idle(struct lgmp_poll *p);

/**
 * lgmp_poll_hit - a poll of the queue found a message (an arrival)
 * @p: poller
 *
 * Restarts the spin window and, for the cadence policy, learns from it.
 */
void lgmp_poll_hit(struct lgmp_poll *p);

/**
 * lgmp_poll_arrival - lgmp_poll_hit() at a given time (tests, replays)
 * @p: poller
 * @now_ns: CLOCK_MONOTONIC time of the arrival
 */
void lgmp_poll_arrival(struct lgmp_poll *p, uint64_t now_ns);

/**
 * lgmp_poll_progress - the producer moved inside a frame (not an arrival)
 * @p: poller
 */
void lgmp_poll_progress(struct lgmp_poll *p);

/**
 * lgmp_poll_idle_in_frame - waiting for the rest of a frame being written
 * @p: poller
 *
 * Spins for the spin window after the last progress (yielding the CPU now
 * and then, so a producer waiting for one runs), then sleeps the shortest
 * step (B7's client: usleep(1)). Never sleeps until the next frame.
 */
void lgmp_poll_idle_in_frame(struct lgmp_poll *p);

#endif
