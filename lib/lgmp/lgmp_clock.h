/* SPDX-License-Identifier: MIT */
/* The one clock of the harness: CLOCK_MONOTONIC, in ns and in LGMP's ms. */
#ifndef LGMP_CLOCK_H
#define LGMP_CLOCK_H

#include <stdint.h>
#include <time.h>

/**
 * lgmp_now_ns - read CLOCK_MONOTONIC
 *
 * Return: nanoseconds since an arbitrary fixed point.
 */
static inline uint64_t lgmp_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/**
 * lgmp_now_ms - read CLOCK_MONOTONIC in LGMP's heartbeat unit
 *
 * Return: milliseconds, never 0 (LGMP treats 0 as "no clock").
 */
static inline uint64_t lgmp_now_ms(void)
{
	return lgmp_now_ns() / 1000000ull + 1;
}

/* Clock callback so tests and the fuzzer can drive time. */
typedef uint64_t (*lgmp_clock_fn)(void *ctx);

static inline void lgmp_cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#endif
}

#endif
