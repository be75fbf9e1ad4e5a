/* SPDX-License-Identifier: MIT */
/*
 * One producer/consumer session of the frames benchmark: the producer (what
 * LG's host application does in the guest) in a child process, the consumer
 * (what the LG client does) in this one, over the same shared memory. Every
 * time is CLOCK_MONOTONIC of this host.
 */
#ifndef FRAMES_PAIR_H
#define FRAMES_PAIR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lgmp/lgmp_poll.h"

#define FRAMES_MAX 4096

enum frames_pacing {
	PACE_BACK_TO_BACK, /* as fast as the consumer takes them */
	PACE_RANDOM, /* random 1-4 ms gaps: the consumer is idle */
	PACE_CADENCE, /* a display's rate with normal jitter */
};

enum frames_consumer {
	CONSUME_COPY, /* the project's copy, chasing the write pointer */
	CONSUME_ZERO_COPY, /* view in shared memory, tear check after use */
	CONSUME_B7, /* as B7's client: fixed 1 MiB chunks, usleep(1) */
};

/* Filled by both processes; lives in a shared anonymous mapping. */
struct frames_shared {
	uint64_t publish_ns[FRAMES_MAX]; /* by frame serial */
	double write_us[FRAMES_MAX]; /* producer: post to last byte */
	double write_cpu_us[FRAMES_MAX]; /* the same in its CPU time */
	uint32_t done; /* consumer finished */
};

struct frames_run {
	const char *path;
	size_t create_size;
	uint32_t w, h, n;
	enum frames_pacing pacing;
	double hz, jitter_us; /* PACE_CADENCE */
	enum frames_consumer consumer;
	uint32_t publish_chunk; /* producer's wp granularity, 0: B7's 1 MiB */
	struct lgmp_poll poll;
	struct frames_shared *sh;
};

struct frames_result {
	double visible_us[FRAMES_MAX]; /* post to frame usable by the client */
	double detect_us[FRAMES_MAX]; /* post to the poll seeing it */
	uint32_t n, torn, timeouts, bad;
	uint64_t first_ns, last_ns; /* first post, last frame usable */
	double cpu_frac; /* consumer CPU / wall time, subscribed */
	uint64_t misses; /* cadence poller: outside its window */
};

/**
 * frames_run_pair - run one session; frames carry their serial in pixel 0
 * @r: what to run (r->poll is the consumer's policy, used as given)
 * @res: result
 * @tag: progress label
 *
 * Return: 0 when every frame arrived, else a negative errno.
 */
int frames_run_pair(struct frames_run *r, struct frames_result *res, const char *tag);

/**
 * frames_buf_alloc - a private frame buffer, faulted in, huge pages advised
 * @bytes: size
 *
 * Return: the buffer (free()) or NULL.
 */
void *frames_buf_alloc(size_t bytes);

#endif
