// SPDX-License-Identifier: MIT
/*
 * LGMP v6 producer. Clients share this memory and may be buggy, so indices
 * they write (start, mailbox positions) are range-checked before use.
 */
#include "lgmp/lgmp_host.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "lgmp/lgmp_atomic.h"

#define ALIGN4(x) (((x) + 3u) & ~3u)

static uint64_t default_clock(void *ctx)
{
	(void)ctx;
	return lgmp_now_ms();
}

static uint64_t host_now(const struct lgmp_host *h)
{
	return h->clock(h->clock_ctx);
}

static uint32_t random_u32(void)
{
	uint32_t v;

	if (getrandom(&v, sizeof(v), 0) != sizeof(v))
		v = (uint32_t)lgmp_now_ns() * 2654435761u;
	return v;
}

static struct lgmp_hdr *hdr(const struct lgmp_host *h)
{
	return (struct lgmp_hdr *)h->mem;
}

int lgmp_host_init(struct lgmp_host *h, void *mem, size_t size, const void *udata,
		   uint32_t udata_size)
{
	struct lgmp_hdr *hd = mem;
	uint32_t old;
	uint64_t need = sizeof(struct lgmp_hdr) + (uint64_t)udata_size;

	memset(h, 0, sizeof(*h));
	if (!mem || size > UINT32_MAX)
		return -EINVAL;
	if (size < ALIGN4(need))
		return -ENOSPC;
	h->udata = malloc(udata_size ? udata_size : 1);
	if (!h->udata)
		return -ENOMEM;
	memcpy(h->udata, udata, udata_size);
	h->udata_size = udata_size;
	h->mem = mem;
	h->size = (uint32_t)size;
	h->next_free = ALIGN4((uint32_t)need);
	h->clock = default_clock;

	/* Invalidate first so no client trusts a half-written header. */
	lgmp_store(&hd->magic, 0);
	old = lgmp_load(&hd->session_id);
	do
		h->session_id = random_u32();
	while (h->session_id == old);
	memset(hd->queues, 0, sizeof(hd->queues));
	hd->version = LGMP_VERSION;
	hd->num_queues = 0;
	hd->udata_size = udata_size;
	memcpy(hd->udata, udata, udata_size);
	lgmp_store(&hd->session_id, h->session_id);
	lgmp_store(&hd->timestamp, host_now(h));
	lgmp_store(&hd->magic, LGMP_MAGIC);
	return 0;
}

void lgmp_host_free(struct lgmp_host *h)
{
	free(h->udata);
	h->udata = NULL;
}

void lgmp_host_set_clock(struct lgmp_host *h, lgmp_clock_fn fn, void *ctx)
{
	h->clock = fn ? fn : default_clock;
	h->clock_ctx = ctx;
	lgmp_store(&hdr(h)->timestamp, host_now(h));
}

int lgmp_host_queue_new(struct lgmp_host *h, uint32_t queue_id, uint32_t num_messages,
			uint32_t sub_timeout_ms, struct lgmp_host_queue **q)
{
	struct lgmp_hdr_queue *hq;
	uint64_t need;
	uint32_t idx = h->num_queues;

	*q = NULL;
	if (!num_messages || num_messages >= LGMP_MAX_RING)
		return -EINVAL;
	if (idx == LGMP_MAX_QUEUES)
		return -ENOSPC;
	need = (uint64_t)(num_messages + 1) * sizeof(struct lgmp_hdr_msg);
	if (need > h->size - h->next_free)
		return -ENOSPC;

	hq = &hdr(h)->queues[idx];
	memset(hq, 0, sizeof(*hq));
	hq->queue_id = queue_id;
	hq->num_messages = num_messages + 1; /* + sentinel */
	hq->max_time = sub_timeout_ms;
	hq->messages_offset = h->next_free;
	hq->cmsg_avail = LGMP_MSGS_MAX;
	memset(h->mem + h->next_free, 0, (size_t)need);
	h->next_free += ALIGN4((uint32_t)need);

	h->queues[idx] = (struct lgmp_host_queue){
		.host = h,
		.hq = hq,
		.num_messages = num_messages + 1,
		.queue_id = queue_id,
		.messages_offset = hq->messages_offset,
		.max_time = sub_timeout_ms,
	};
	h->num_queues++;
	/* Publish the queue only once it is complete. */
	lgmp_store(&hdr(h)->num_queues, h->num_queues);
	*q = &h->queues[idx];
	return 0;
}

int lgmp_host_mem_alloc(struct lgmp_host *h, uint32_t size, uint32_t align, struct lgmp_mem *m)
{
	uint64_t start, end;

	if (!align)
		align = 4;
	if (align & (align - 1))
		return -EINVAL;
	start = ((uint64_t)h->next_free + align - 1) & ~(uint64_t)(align - 1);
	end = start + (((uint64_t)size + align - 1) & ~(uint64_t)(align - 1));
	if (end > h->size)
		return -ENOSPC;
	m->offset = (uint32_t)start;
	m->size = (uint32_t)(end - start);
	m->ptr = h->mem + start;
	h->next_free = (uint32_t)end;
	return 0;
}

uint32_t lgmp_host_mem_avail(const struct lgmp_host *h)
{
	return h->size - h->next_free;
}

int lgmp_host_queue_post(struct lgmp_host_queue *q, uint32_t udata, const struct lgmp_mem *m)
{
	struct lgmp_hdr_queue *hq = q->hq;
	struct lgmp_hdr_msg *ring, *msg;
	uint64_t subs;
	uint32_t pend;

	if (!lgmp_lock(&hq->lock, LGMP_LOCK_SPINS))
		return -EBUSY;
	subs = lgmp_load(&hq->subs);
	pend = LGMP_SUBS_ON(subs) & ~LGMP_SUBS_BAD(subs);
	if (!pend) {
		lgmp_unlock(&hq->lock);
		return 0;
	}
	if (lgmp_load(&hq->count) >= q->num_messages - 1) {
		lgmp_unlock(&hq->lock);
		return -ENOSPC;
	}
	ring = (struct lgmp_hdr_msg *)(q->host->mem + q->messages_offset);
	msg = &ring[q->position];
	msg->udata = udata;
	msg->size = m->size;
	msg->offset = m->offset;
	lgmp_store(&msg->pending_subs, pend);
	if (lgmp_fetch_add(&hq->count, 1) == 0)
		lgmp_store(&hq->msg_timeout, host_now(q->host) + q->max_time);
	if (++q->position == q->num_messages)
		q->position = 0;
	/* The release store makes the entry visible before the position. */
	lgmp_store(&hq->position, q->position);
	lgmp_unlock(&hq->lock);
	return 0;
}

int lgmp_host_queue_client_ids(struct lgmp_host_queue *q, uint32_t ids[LGMP_MAX_CLIENTS],
			       uint32_t *count)
{
	struct lgmp_hdr_queue *hq = q->hq;
	uint64_t subs, now;

	*count = 0;
	if (!lgmp_lock(&hq->lock, LGMP_LOCK_SPINS))
		return -EBUSY;
	now = host_now(q->host);
	subs = lgmp_load(&hq->subs);
	for (uint32_t i = 0; i < LGMP_MAX_CLIENTS; i++) {
		uint32_t bit = 1u << i;

		/* a timed-out subscriber still counts until its grace ends */
		if (!(LGMP_SUBS_ON(subs) & bit) ||
		    ((LGMP_SUBS_BAD(subs) & bit) && now > lgmp_load(&hq->timeout[i])))
			continue;
		ids[(*count)++] = lgmp_load(&hq->client_id[i]);
	}
	lgmp_unlock(&hq->lock);
	return 0;
}

bool lgmp_host_queue_has_subs(struct lgmp_host_queue *q)
{
	return LGMP_SUBS_ON(lgmp_load(&q->hq->subs)) != 0;
}

uint32_t lgmp_host_queue_new_subs(struct lgmp_host_queue *q)
{
	return lgmp_xchg(&q->hq->new_sub_count, 0);
}

uint32_t lgmp_host_queue_pending(struct lgmp_host_queue *q)
{
	return lgmp_load(&q->hq->count);
}

/* Retire consumed messages at the ring's tail; called with the lock held. */
static int queue_collect(struct lgmp_host_queue *q, uint64_t now)
{
	struct lgmp_hdr_queue *hq = q->hq;
	struct lgmp_hdr_msg *ring;
	uint64_t subs = lgmp_load(&hq->subs);
	int ret = 0;

	ring = (struct lgmp_hdr_msg *)(q->host->mem + q->messages_offset);
	/* At most one lap: a count rewritten in shared memory must not keep us here. */
	for (uint32_t lap = 0; lap < q->num_messages; lap++) {
		uint32_t start = lgmp_load(&hq->start);
		uint32_t pend, newbad;

		if (start >= q->num_messages) {
			ret = -EBADMSG; /* a client damaged the header */
			break;
		}
		pend = lgmp_load(&ring[start].pending_subs) & LGMP_SUBS_ON(subs);
		newbad = pend & ~LGMP_SUBS_BAD(subs);
		if (newbad && now > lgmp_load(&hq->msg_timeout)) {
			/* Stalled subscribers: reclaim their slots later. */
			subs |= newbad;
			for (uint32_t id = 0; id < LGMP_MAX_CLIENTS; id++)
				if (newbad & (1u << id))
					hq->timeout[id] = now + q->max_time;
			lgmp_store(&ring[start].pending_subs, 0);
			pend = 0;
		}
		if (pend & ~LGMP_SUBS_BAD(subs))
			break;
		lgmp_store(&hq->start, start + 1 == q->num_messages ? 0 : start + 1);
		if (lgmp_fetch_sub(&hq->count, 1) <= 1) {
			lgmp_store(&hq->count, 0);
			break;
		}
		lgmp_store(&hq->msg_timeout, now + q->max_time);
	}
	lgmp_store(&hq->subs, subs);
	return ret;
}

/*
 * The layout we wrote and only we may change: a client (or a guest bug)
 * that rewrote it leaves a header no consumer can use, so it counts as
 * damaged and the caller starts a new session.
 */
static bool layout_intact(struct lgmp_host *h)
{
	struct lgmp_hdr *hd = hdr(h);

	if (lgmp_load(&hd->version) != LGMP_VERSION ||
	    lgmp_load(&hd->num_queues) != h->num_queues ||
	    lgmp_load(&hd->udata_size) != h->udata_size ||
	    memcmp(hd->udata, h->udata, h->udata_size))
		return false;
	for (uint32_t i = 0; i < h->num_queues; i++) {
		const struct lgmp_host_queue *q = &h->queues[i];
		const struct lgmp_hdr_queue *hq = q->hq;

		if (lgmp_load(&hq->queue_id) != q->queue_id ||
		    lgmp_load(&hq->num_messages) != q->num_messages ||
		    lgmp_load(&hq->messages_offset) != q->messages_offset ||
		    lgmp_load(&hq->max_time) != q->max_time)
			return false;
	}
	return true;
}

/*
 * Run-time fields whose honest values we know or can bound, put back when
 * something wrote over them; called with the lock held. Each one left
 * wrong stalls the queue for good: a position not ours has every consumer
 * refused at subscribe (and with nobody subscribed we never post, which is
 * what would set it again); a count above what the ring holds has every
 * post refused as full (the count is the ring's distance from start to
 * position: whoever moves one moves the other under the lock); a message
 * deadline or a slot's grace further off than one subscriber timeout (no
 * honest writer sets more) keeps a stalled subscriber, or one written into
 * subs, from ever being timed out, and its slot from ever being reused.
 */
static void queue_repair(struct lgmp_host_queue *q, uint64_t now)
{
	struct lgmp_hdr_queue *hq = q->hq;
	uint64_t limit = now + q->max_time;
	uint32_t start = lgmp_load(&hq->start);

	if (lgmp_load(&hq->position) != q->position)
		lgmp_store(&hq->position, q->position);
	if (start < q->num_messages) {
		uint32_t held = (q->position + q->num_messages - start) % q->num_messages;

		if (lgmp_load(&hq->count) != held)
			lgmp_store(&hq->count, held);
	}
	if (lgmp_load(&hq->msg_timeout) > limit)
		lgmp_store(&hq->msg_timeout, limit);
	for (uint32_t id = 0; id < LGMP_MAX_CLIENTS; id++)
		if (lgmp_load(&hq->timeout[id]) > limit)
			lgmp_store(&hq->timeout[id], limit);
}

int lgmp_host_process(struct lgmp_host *h)
{
	struct lgmp_hdr *hd = hdr(h);
	uint64_t now = host_now(h);
	int ret = 0;

	if (lgmp_load(&hd->magic) != LGMP_MAGIC || lgmp_load(&hd->session_id) != h->session_id ||
	    !layout_intact(h))
		return -EBADMSG;
	lgmp_store(&hd->timestamp, now);
	for (uint32_t i = 0; i < h->num_queues; i++) {
		struct lgmp_host_queue *q = &h->queues[i];

		/* A client holding the lock just delays collection; one found
		 * holding it at every call for a whole subscriber timeout
		 * (honest ones hold it for microseconds) never lets go, and
		 * only a new session frees the queue.
		 */
		if (!lgmp_trylock(&q->hq->lock)) {
			if (!q->locked_since)
				q->locked_since = now;
			else if (now - q->locked_since > q->max_time)
				ret = -EBADMSG;
			continue;
		}
		q->locked_since = 0;
		queue_repair(q, now);
		if (lgmp_load(&q->hq->count) && queue_collect(q, now) < 0)
			ret = -EBADMSG;
		lgmp_unlock(&q->hq->lock);
	}
	return ret;
}

int lgmp_host_read_data(struct lgmp_host_queue *q, void *buf, uint32_t *size)
{
	struct lgmp_hdr_queue *hq = q->hq;
	uint32_t n;

	if (lgmp_load(&hq->cmsg_avail) >= LGMP_MSGS_MAX)
		return -EAGAIN;
	if (!lgmp_lock(&hq->cmsg_lock, LGMP_LOCK_SPINS))
		return -EBUSY;
	n = lgmp_load_relaxed(&hq->cmsgs[q->cmsg_pos].size);
	if (n > LGMP_MSGS_SIZE) {
		lgmp_unlock(&hq->cmsg_lock);
		return -EBADMSG;
	}
	memcpy(buf, hq->cmsgs[q->cmsg_pos].data, n);
	*size = n;
	if (++q->cmsg_pos == LGMP_MSGS_MAX)
		q->cmsg_pos = 0;
	lgmp_fetch_add(&hq->cmsg_avail, 1);
	lgmp_unlock(&hq->cmsg_lock);
	return 0;
}

void lgmp_host_ack_data(struct lgmp_host_queue *q)
{
	lgmp_fetch_add(&q->hq->cmsg_rserial, 1);
}
