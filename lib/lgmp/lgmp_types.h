/* SPDX-License-Identifier: MIT */
/* Structures of the LGMP producer (host) and consumer (client). */
#ifndef LGMP_TYPES_H
#define LGMP_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lgmp/lgmp_abi.h"
#include "lgmp/lgmp_clock.h"

/* Spins before a lock held by the other side counts as stuck (-EBUSY). */
#define LGMP_LOCK_SPINS (1u << 22)
/* Largest ring a consumer accepts; B7 uses 3 and 21 entries. */
#define LGMP_MAX_RING 4096u

struct lgmp_host;

struct lgmp_host_queue {
	struct lgmp_host *host;
	struct lgmp_hdr_queue *hq;
	uint32_t position; /* next ring index to write */
	uint32_t cmsg_pos; /* next mailbox entry to read */
	uint32_t num_messages;
	/* what we laid out, never read back from memory clients can write */
	uint32_t queue_id, messages_offset, max_time;
	uint64_t locked_since; /* first process() that found the lock held */
};

/* A payload allocation in shared memory (a value, nothing to free). */
struct lgmp_mem {
	uint32_t offset;
	uint32_t size;
	void *ptr;
};

struct lgmp_host {
	uint8_t *mem;
	uint32_t size;
	uint32_t next_free;
	uint32_t session_id;
	uint32_t num_queues;
	uint8_t *udata;
	uint32_t udata_size;
	lgmp_clock_fn clock;
	void *clock_ctx;
	struct lgmp_host_queue queues[LGMP_MAX_QUEUES];
};

struct lgmp_client;

struct lgmp_client_queue {
	struct lgmp_client *client;
	struct lgmp_hdr_queue *hq;
	uint32_t slot; /* subscriber bit, 0..31 */
	uint32_t position; /* next ring index to read */
	/* snapshot taken and validated at subscribe; re-checked every call */
	uint32_t num_messages;
	uint32_t messages_offset;
	uint32_t max_time;
	bool subscribed;
};

struct lgmp_client {
	uint8_t *mem;
	size_t size;
	uint32_t id;
	uint32_t session_id;
	uint32_t peer_version; /* LGMP version found by session_init, 0: none */
	uint64_t host_time;
	uint64_t last_beat_ms;
	uint32_t heartbeat_timeout_ms;
	uint32_t lock_spins; /* budget before a held lock counts as stuck */
	bool session;
	lgmp_clock_fn clock;
	void *clock_ctx;
	struct lgmp_client_queue queues[LGMP_MAX_QUEUES];
};

/* A message as the consumer sees it: bounds already checked. */
struct lgmp_message {
	uint32_t udata;
	uint32_t size;
	uint32_t offset;
	const uint8_t *mem;
};

#endif
