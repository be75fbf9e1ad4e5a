/* SPDX-License-Identifier: MIT */
/*
 * Atomic access to fields of the shared header and its spinlocks. The other
 * side may be another process, a guest or a hostile writer, so every read of
 * shared state goes through these (a plain load could be torn or re-read).
 */
#ifndef LGMP_ATOMIC_H
#define LGMP_ATOMIC_H

#include <stdbool.h>
#include <stdint.h>

#include "lgmp/lgmp_clock.h"

#define lgmp_load(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define lgmp_load_relaxed(p) __atomic_load_n((p), __ATOMIC_RELAXED)
#define lgmp_store(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)
#define lgmp_fetch_add(p, v) __atomic_fetch_add((p), (v), __ATOMIC_ACQ_REL)
#define lgmp_fetch_sub(p, v) __atomic_fetch_sub((p), (v), __ATOMIC_ACQ_REL)
#define lgmp_fetch_and(p, v) __atomic_fetch_and((p), (v), __ATOMIC_ACQ_REL)
#define lgmp_xchg(p, v) __atomic_exchange_n((p), (v), __ATOMIC_ACQ_REL)

static inline bool lgmp_trylock(uint32_t *lock)
{
	uint32_t expected = 0;

	return __atomic_compare_exchange_n(lock, &expected, 1, false, __ATOMIC_ACQUIRE,
					   __ATOMIC_RELAXED);
}

/* Bounded: a peer that died holding the lock must not hang us forever. */
static inline bool lgmp_lock(uint32_t *lock, uint32_t spins)
{
	while (!lgmp_trylock(lock)) {
		if (!spins--)
			return false;
		lgmp_cpu_relax();
	}
	return true;
}

static inline void lgmp_unlock(uint32_t *lock)
{
	__atomic_store_n(lock, 0, __ATOMIC_RELEASE);
}

#endif
