/* SPDX-License-Identifier: MIT */
/*
 * LGMP v6 producer: what the Looking Glass host application does inside the
 * guest. It owns the shared header, allocates payloads with a permanent bump
 * allocator, posts messages to subscribers, and keeps the heartbeat going.
 */
#ifndef LGMP_HOST_H
#define LGMP_HOST_H

#include "lgmp/lgmp_types.h"

/**
 * lgmp_host_init - write a fresh LGMP header into shared memory
 * @h: host state
 * @mem: shared memory base
 * @size: its size in bytes (at most 4 GiB, LGMP offsets are 32-bit)
 * @udata: user data copied into the header (the KVMFR header for LG)
 * @udata_size: its size
 *
 * Picks a session id different from the one found in memory so that clients
 * of an earlier session notice the restart. The magic is written last.
 *
 * Return: 0, -EINVAL or -ENOSPC if the memory is too small, -ENOMEM.
 */
int lgmp_host_init(struct lgmp_host *h, void *mem, size_t size, const void *udata,
		   uint32_t udata_size);

/**
 * lgmp_host_free - release what lgmp_host_init() allocated (not the memory)
 * @h: host state
 */
void lgmp_host_free(struct lgmp_host *h);

/**
 * lgmp_host_set_clock - replace the millisecond clock (tests)
 * @h: host state
 * @fn: clock returning ms, never 0
 * @ctx: passed to @fn
 */
void lgmp_host_set_clock(struct lgmp_host *h, lgmp_clock_fn fn, void *ctx);

/**
 * lgmp_host_queue_new - add a queue; only before the first post
 * @h: host state
 * @queue_id: the id clients subscribe to
 * @num_messages: usable ring length (one sentinel entry is added)
 * @sub_timeout_ms: a subscriber that holds a message longer is marked bad
 * @q: result
 *
 * Return: 0, -ENOSPC (too many queues or no memory), -EINVAL.
 */
int lgmp_host_queue_new(struct lgmp_host *h, uint32_t queue_id, uint32_t num_messages,
			uint32_t sub_timeout_ms, struct lgmp_host_queue **q);

/**
 * lgmp_host_mem_alloc - allocate a payload buffer in shared memory, forever
 * @h: host state
 * @size: bytes (rounded up to @align)
 * @align: power of two, 0 means 4
 * @m: result
 *
 * Return: 0, -EINVAL (bad alignment) or -ENOSPC.
 */
int lgmp_host_mem_alloc(struct lgmp_host *h, uint32_t size, uint32_t align, struct lgmp_mem *m);

/**
 * lgmp_host_mem_avail - bytes left for lgmp_host_mem_alloc()
 * @h: host state
 *
 * Return: free bytes.
 */
uint32_t lgmp_host_mem_avail(const struct lgmp_host *h);

/**
 * lgmp_host_queue_post - publish a payload to every live subscriber
 * @q: queue
 * @udata: 32 bits carried in the ring entry (cursor flags for LG)
 * @m: payload from lgmp_host_mem_alloc()
 *
 * Without subscribers nothing is posted, as in LGMP.
 *
 * Return: 0, -ENOSPC when the ring is full, -EBUSY when a client holds the
 * queue lock for too long.
 */
int lgmp_host_queue_post(struct lgmp_host_queue *q, uint32_t udata, const struct lgmp_mem *m);

/**
 * lgmp_host_queue_client_ids - the ids of a queue's subscribers
 * @q: queue
 * @ids: result, each subscriber's client id (struct lgmp_client id)
 * @count: how many of @ids were filled
 *
 * Lists the subscribed clients, and those marked timed out until their
 * timeout has passed, as LGMP's lgmpHostGetClientIDs does; the ids are what
 * the clients wrote, so a hostile one may claim any.
 *
 * Return: 0 or -EBUSY (the queue's lock stayed held).
 */
int lgmp_host_queue_client_ids(struct lgmp_host_queue *q, uint32_t ids[LGMP_MAX_CLIENTS],
			       uint32_t *count);

/**
 * lgmp_host_queue_has_subs - whether any client is subscribed
 * @q: queue
 *
 * Return: true if at least one subscriber bit is set.
 */
bool lgmp_host_queue_has_subs(struct lgmp_host_queue *q);

/**
 * lgmp_host_queue_new_subs - read and clear the count of new subscriptions
 * @q: queue
 *
 * Return: subscriptions since the last call (LG re-sends its last frame).
 */
uint32_t lgmp_host_queue_new_subs(struct lgmp_host_queue *q);

/**
 * lgmp_host_queue_pending - messages still in the ring
 * @q: queue
 *
 * Return: the count.
 */
uint32_t lgmp_host_queue_pending(struct lgmp_host_queue *q);

/**
 * lgmp_host_process - heartbeat and garbage collection; call every ~10 ms
 * @h: host state
 *
 * Updates the timestamp, retires messages every live subscriber consumed and
 * marks subscribers that stalled past the queue timeout as bad. Puts back
 * what it owns when it was written over (the write position, the count of
 * messages the ring holds; deadlines further off than one subscriber
 * timeout), so no value left in the memory stalls a queue for good.
 *
 * Return: 0, or -EBADMSG if the header was wiped (e.g. the BAR was zeroed by
 * a guest reboot) or damaged (its layout rewritten, or a queue's lock found
 * held at every call for longer than the queue's subscriber timeout); the
 * caller should run lgmp_host_init() again.
 */
int lgmp_host_process(struct lgmp_host *h);

/**
 * lgmp_host_read_data - take one client->host mailbox message
 * @q: queue
 * @buf: at least LGMP_MSGS_SIZE bytes
 * @size: bytes stored
 *
 * Return: 0, -EAGAIN when empty, -EBUSY, -EBADMSG for a bad entry.
 */
int lgmp_host_read_data(struct lgmp_host_queue *q, void *buf, uint32_t *size);

/**
 * lgmp_host_ack_data - tell clients one mailbox message was handled
 * @q: queue
 */
void lgmp_host_ack_data(struct lgmp_host_queue *q);

#endif
