/* SPDX-License-Identifier: MIT */
/*
 * LGMP (Looking Glass Memory Protocol) version 6 shared-memory layout, as
 * used by Looking Glass B7. Facts only: constants, field order and offsets
 * on x86_64. Written from the layout description, not from LGMP's sources.
 *
 * All multi-byte fields are little endian and naturally aligned; fields that
 * both sides change at run time are accessed with __atomic builtins.
 */
#ifndef LGMP_ABI_H
#define LGMP_ABI_H

#include <stddef.h>
#include <stdint.h>

#define LGMP_MAGIC 0x504d474cu /* "LGMP" */
#define LGMP_VERSION 6u
#define LGMP_MAX_QUEUES 5u
#define LGMP_MAX_CLIENTS 32u
#define LGMP_MSGS_MAX 10u /* client -> host mailbox entries per queue */
#define LGMP_MSGS_SIZE 64u /* bytes per mailbox entry */
#define LGMP_HEARTBEAT_TIMEOUT_MS 1000u

/*
 * Later protocols are not spoken here, only recognised so that a consumer can
 * name what it met. LGMP 10 (gnif/LGMP 2025, Looking Glass development
 * branch) gives the timestamp and each queue cache lines of their own and
 * moves magic and version behind the five queues, to this offset.
 */
#define LGMP_V10_VERSION 10u
#define LGMP_V10_MAGIC_OFFSET 8064u

/* subs: high 32 bits = subscribed, low 32 bits = timed out ("bad") */
#define LGMP_SUBS_ON(s) ((uint32_t)((s) >> 32))
#define LGMP_SUBS_BAD(s) ((uint32_t)(s))

/* One ring entry; offset is the payload's offset from the shm base. */
struct lgmp_hdr_msg {
	uint32_t udata;
	uint32_t size;
	uint32_t offset;
	uint32_t pending_subs; /* bitmask of subscribers still to consume */
};

struct lgmp_hdr_client_msg {
	uint32_t size;
	uint8_t data[LGMP_MSGS_SIZE];
};

struct lgmp_hdr_queue {
	uint32_t queue_id;
	uint32_t num_messages; /* ring length, includes one sentinel */
	uint32_t new_sub_count;
	uint32_t max_time; /* subscriber timeout, ms */
	uint32_t position; /* host write index */
	uint32_t messages_offset;
	uint64_t timeout[LGMP_MAX_CLIENTS];
	uint32_t client_id[LGMP_MAX_CLIENTS];
	uint32_t lock; /* spinlock guarding subs/start/msg_timeout/count */
	uint64_t subs;
	uint32_t start; /* oldest unconsumed ring index */
	uint64_t msg_timeout;
	uint32_t count; /* messages in the ring */
	uint32_t cmsg_lock;
	uint32_t cmsg_avail;
	uint32_t cmsg_wpos;
	uint32_t cmsg_wserial;
	uint32_t cmsg_rserial;
	struct lgmp_hdr_client_msg cmsgs[LGMP_MSGS_MAX];
};

struct lgmp_hdr {
	uint32_t magic;
	uint32_t version;
	uint32_t session_id;
	uint64_t timestamp; /* host heartbeat, ms on the host's monotonic clock */
	uint32_t num_queues;
	struct lgmp_hdr_queue queues[LGMP_MAX_QUEUES];
	uint32_t udata_size;
	uint8_t udata[];
};

/* The wire layout, checked at compile time against the known offsets. */
_Static_assert(sizeof(struct lgmp_hdr_msg) == 16, "msg");
_Static_assert(sizeof(struct lgmp_hdr_client_msg) == 68, "cmsg");
_Static_assert(offsetof(struct lgmp_hdr_queue, timeout) == 24, "timeout");
_Static_assert(offsetof(struct lgmp_hdr_queue, client_id) == 280, "cid");
_Static_assert(offsetof(struct lgmp_hdr_queue, lock) == 408, "lock");
_Static_assert(offsetof(struct lgmp_hdr_queue, subs) == 416, "subs");
_Static_assert(offsetof(struct lgmp_hdr_queue, start) == 424, "start");
_Static_assert(offsetof(struct lgmp_hdr_queue, msg_timeout) == 432, "mto");
_Static_assert(offsetof(struct lgmp_hdr_queue, count) == 440, "count");
_Static_assert(offsetof(struct lgmp_hdr_queue, cmsg_rserial) == 460, "rser");
_Static_assert(offsetof(struct lgmp_hdr_queue, cmsgs) == 464, "cmsgs");
_Static_assert(sizeof(struct lgmp_hdr_queue) == 1144, "queue");
_Static_assert(offsetof(struct lgmp_hdr, timestamp) == 16, "ts");
_Static_assert(offsetof(struct lgmp_hdr, num_queues) == 24, "nq");
_Static_assert(offsetof(struct lgmp_hdr, queues) == 32, "queues");
_Static_assert(offsetof(struct lgmp_hdr, udata_size) == 5752, "udsz");
_Static_assert(offsetof(struct lgmp_hdr, udata) == 5756, "udata");
_Static_assert(sizeof(struct lgmp_hdr) == 5760, "hdr");

#endif
