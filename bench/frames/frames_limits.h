/* SPDX-License-Identifier: MIT */
/*
 * What the frames benchmark holds the transport against, measured in the
 * same run: one memcpy of a frame, and the two copies a copying transport
 * makes of every frame (producer into shared memory, consumer out of it)
 * done by plain memcpy in two processes at once; and how noisy the machine
 * was meanwhile.
 */
#ifndef FRAMES_LIMITS_H
#define FRAMES_LIMITS_H

#include <stddef.h>
#include <stdint.h>

/**
 * frames_memcpy_us - time @reps memcpy calls of @bytes between private buffers
 * @bytes: frame size
 * @samples: @reps results, us
 * @reps: how many
 *
 * Return: 0 or -ENOMEM.
 */
int frames_memcpy_us(size_t bytes, double *samples, int reps);

struct two_copy {
	double writer_fps, reader_fps; /* each process's copies per second */
	double limit_fps; /* the slower of the two */
};

/**
 * frames_two_copy - the two-copy limit over a shared-memory file
 * @path: shared memory to create (the transport's backing)
 * @create_size: its size
 * @bytes: frame size; two frame buffers are used, as by KVMFR
 * @ms: how long both copy at once
 * @out: result
 *
 * A writer process copies a private frame into two shared frame buffers
 * while a reader process copies two others out, both as fast as memcpy
 * goes (a file is grown to hold the four; on a device too small for them
 * the reader reads the buffer the writer is not writing).
 *
 * Return: 0 or a negative errno.
 */
int frames_two_copy(const char *path, size_t create_size, size_t bytes, unsigned int ms,
		    struct two_copy *out);

/* CPU use of the whole machine between two readings of /proc/stat. */
struct cpu_mark {
	uint64_t busy_ns, total_ns; /* all CPUs */
	uint64_t own_ns; /* this process and its waited children */
};

/**
 * frames_cpu_mark - read the machine's and this process tree's CPU time
 * @m: result
 */
void frames_cpu_mark(struct cpu_mark *m);

/**
 * frames_cpu_others - CPUs' worth of time others took between two marks
 * @a: earlier mark
 * @b: later mark
 *
 * Return: busy time not ours over wall time, in CPUs (0..number of CPUs).
 */
double frames_cpu_others(const struct cpu_mark *a, const struct cpu_mark *b);

#endif
