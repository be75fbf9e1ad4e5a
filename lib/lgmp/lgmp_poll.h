/* SPDX-License-Identifier: MIT */
/*
 * Adaptive polling for consumers of shared memory. There are no interrupts
 * (ivshmem-plain), so a consumer polls: it spins for a short window after the
 * last event, where the next one is most likely, then sleeps in short, growing
 * steps so an idle consumer costs little CPU. Looking Glass B7 sleeps a fixed
 * 1 ms between polls; the fixed policy is kept here as a reference.
 */
#ifndef LGMP_POLL_H
#define LGMP_POLL_H

#include <stdbool.h>
#include <stdint.h>

struct lgmp_poll {
	uint64_t spin_ns;      /* spin this long after the last event */
	uint64_t sleep_min_ns; /* first sleep */
	uint64_t sleep_max_ns; /* sleeps double up to this */
	/* state */
	uint64_t idle_since_ns;
	uint64_t next_sleep_ns;
	uint64_t sleeps;
};

/**
 * lgmp_poll_init_adaptive - spin, then sleep in growing steps
 * @p: poller
 * @spin_ns: spin window after each event
 * @sleep_min_ns: first sleep length
 * @sleep_max_ns: longest sleep
 */
void lgmp_poll_init_adaptive(struct lgmp_poll *p, uint64_t spin_ns,
			     uint64_t sleep_min_ns, uint64_t sleep_max_ns);

/**
 * lgmp_poll_init_fixed - never spin, always sleep @sleep_ns (LG B7: 1 ms)
 * @p: poller
 * @sleep_ns: sleep between polls
 */
void lgmp_poll_init_fixed(struct lgmp_poll *p, uint64_t sleep_ns);

/**
 * lgmp_poll_idle - called when a poll found nothing; spins or sleeps once
 * @p: poller
 */
void lgmp_poll_idle(struct lgmp_poll *p);

/**
 * lgmp_poll_hit - called when a poll found work; restarts the spin window
 * @p: poller
 */
void lgmp_poll_hit(struct lgmp_poll *p);

#endif
