// SPDX-License-Identifier: MIT
/*
 * LGMP v6 consumer over hostile memory. Pattern: load a shared field once
 * into a local, check it, then use only the local. The ring geometry is
 * snapshotted at subscribe time; a producer that changes it later is treated
 * as corrupt instead of being followed out of bounds.
 */
#include "lgmp/lgmp_client.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "lgmp/lgmp_atomic.h"

static uint64_t default_clock(void *ctx)
{
	(void)ctx;
	return lgmp_now_ms();
}

static struct lgmp_hdr *hdr(const struct lgmp_client *c)
{
	return (struct lgmp_hdr *)c->mem;
}

static uint64_t client_now(const struct lgmp_client *c)
{
	return c->clock(c->clock_ctx);
}

int lgmp_client_init(struct lgmp_client *c, void *mem, size_t size)
{
	memset(c, 0, sizeof(*c));
	if (!mem || size < sizeof(struct lgmp_hdr) || size > UINT32_MAX)
		return -EINVAL;
	c->mem = mem;
	c->size = size;
	c->clock = default_clock;
	c->heartbeat_timeout_ms = LGMP_HEARTBEAT_TIMEOUT_MS;
	c->lock_spins = LGMP_LOCK_SPINS;
	c->host_time = lgmp_load(&hdr(c)->timestamp);
	return 0;
}

void lgmp_client_set_clock(struct lgmp_client *c, lgmp_clock_fn fn, void *ctx)
{
	c->clock = fn ? fn : default_clock;
	c->clock_ctx = ctx;
}

/*
 * No v6 magic at offset 0: a v10 producer keeps its magic behind the queues.
 * Recognise it so that the refusal can name the version met.
 */
static int later_protocol(struct lgmp_client *c)
{
	const uint32_t *v10;

	if (c->size < LGMP_V10_MAGIC_OFFSET + 2 * sizeof(uint32_t))
		return -EBADMSG;
	v10 = (const uint32_t *)(c->mem + LGMP_V10_MAGIC_OFFSET);
	if (lgmp_load(&v10[0]) != LGMP_MAGIC)
		return -EBADMSG;
	c->peer_version = lgmp_load(&v10[1]);
	return -EPROTONOSUPPORT;
}

int lgmp_client_session_init(struct lgmp_client *c, const uint8_t **udata, uint32_t *udata_size)
{
	struct lgmp_hdr *hd = hdr(c);
	uint64_t ts;
	uint32_t usz, sid;

	c->peer_version = 0;
	if (lgmp_load(&hd->magic) != LGMP_MAGIC)
		return later_protocol(c);
	c->peer_version = lgmp_load(&hd->version);
	if (c->peer_version != LGMP_VERSION)
		return -EPROTONOSUPPORT;
	ts = lgmp_load(&hd->timestamp);
	if (ts == c->host_time)
		return -EAGAIN;
	sid = lgmp_load(&hd->session_id);
	usz = lgmp_load(&hd->udata_size);
	if (usz > c->size - sizeof(struct lgmp_hdr))
		return -EPROTO;
	if (getrandom(&c->id, sizeof(c->id), 0) != sizeof(c->id) || !c->id)
		c->id = (uint32_t)lgmp_now_ns() | 1u;
	c->session_id = sid;
	c->host_time = ts;
	c->last_beat_ms = client_now(c);
	c->session = true;
	memset(c->queues, 0, sizeof(c->queues));
	if (udata)
		*udata = hd->udata;
	if (udata_size)
		*udata_size = usz;
	return 0;
}

int lgmp_client_session_valid(struct lgmp_client *c)
{
	struct lgmp_hdr *hd = hdr(c);
	uint64_t ts, now;

	if (!c->session || lgmp_load(&hd->magic) != LGMP_MAGIC ||
	    lgmp_load(&hd->session_id) != c->session_id)
		return -ECONNRESET;
	ts = lgmp_load(&hd->timestamp);
	now = client_now(c);
	if (ts != c->host_time) {
		c->host_time = ts;
		c->last_beat_ms = now;
		return 0;
	}
	if (now - c->last_beat_ms > c->heartbeat_timeout_ms)
		return -EHOSTDOWN;
	return 0;
}

/* Geometry of queue @i, validated against the mapping. */
static int queue_geometry(const struct lgmp_client *c, const struct lgmp_hdr_queue *hq,
			  uint32_t *num, uint32_t *off)
{
	uint32_t n = lgmp_load(&hq->num_messages);
	uint32_t o = lgmp_load(&hq->messages_offset);

	if (n < 2 || n > LGMP_MAX_RING || (o & 3u) || o < sizeof(struct lgmp_hdr) ||
	    (uint64_t)o + (uint64_t)n * sizeof(struct lgmp_hdr_msg) > c->size)
		return -EPROTO;
	*num = n;
	*off = o;
	return 0;
}

int lgmp_client_subscribe(struct lgmp_client *c, uint32_t queue_id, struct lgmp_client_queue **q)
{
	struct lgmp_hdr *hd = hdr(c);
	struct lgmp_hdr_queue *hq = NULL;
	struct lgmp_client_queue *cq;
	uint32_t nq, i, n, off, pos, id;
	uint64_t subs, host_time;
	int ret;

	*q = NULL;
	if (!c->session)
		return -ECONNRESET;
	nq = lgmp_load(&hd->num_queues);
	if (nq > LGMP_MAX_QUEUES)
		return -EPROTO;
	for (i = 0; i < nq; i++) {
		if (lgmp_load(&hd->queues[i].queue_id) == queue_id) {
			hq = &hd->queues[i];
			break;
		}
	}
	if (!hq)
		return -ENOENT;
	ret = queue_geometry(c, hq, &n, &off);
	if (ret)
		return ret;
	cq = &c->queues[i];
	if (!lgmp_lock(&hq->lock, c->lock_spins))
		return -EBUSY;
	subs = lgmp_load(&hq->subs);
	host_time = lgmp_load(&hd->timestamp);
	/* Reclaim slots whose owners were marked bad and whose grace expired. */
	for (id = 0; id < LGMP_MAX_CLIENTS; id++) {
		uint32_t bit = 1u << id;

		if ((LGMP_SUBS_BAD(subs) & bit) && host_time > lgmp_load(&hq->timeout[id])) {
			subs &= ~((uint64_t)bit | ((uint64_t)bit << 32));
			lgmp_store(&hq->timeout[id], 0);
			lgmp_store(&hq->client_id[id], 0);
		}
	}
	for (id = 0; id < LGMP_MAX_CLIENTS; id++)
		if (!((LGMP_SUBS_ON(subs) | LGMP_SUBS_BAD(subs)) & (1u << id)))
			break;
	pos = lgmp_load(&hq->position);
	if (id == LGMP_MAX_CLIENTS || pos >= n) {
		lgmp_store(&hq->subs, subs);
		lgmp_unlock(&hq->lock);
		return id == LGMP_MAX_CLIENTS ? -ENOSPC : -EPROTO;
	}
	lgmp_store(&hq->timeout[id], 0);
	lgmp_store(&hq->client_id[id], c->id);
	subs |= (uint64_t)(1u << id) << 32;
	lgmp_store(&hq->subs, subs);
	lgmp_fetch_add(&hq->new_sub_count, 1);
	*cq = (struct lgmp_client_queue){
		.client = c,
		.hq = hq,
		.slot = id,
		.position = pos,
		.num_messages = n,
		.messages_offset = off,
		.max_time = lgmp_load(&hq->max_time),
		.subscribed = true,
	};
	lgmp_unlock(&hq->lock);
	*q = cq;
	return 0;
}

/* Common entry checks: still subscribed, geometry unchanged. */
static int queue_check(struct lgmp_client_queue *q)
{
	uint64_t subs;
	uint32_t bit = 1u << q->slot, n, off;
	int ret;

	if (!q->subscribed)
		return -ENOTCONN;
	subs = lgmp_load(&q->hq->subs);
	if (LGMP_SUBS_BAD(subs) & bit)
		return -ETIMEDOUT;
	if (!(LGMP_SUBS_ON(subs) & bit)) {
		ret = lgmp_client_session_valid(q->client);
		return ret ? ret : -ENOTCONN;
	}
	ret = queue_geometry(q->client, q->hq, &n, &off);
	if (ret || n != q->num_messages || off != q->messages_offset)
		return -EPROTO;
	return 0;
}

static struct lgmp_hdr_msg *ring_entry(struct lgmp_client_queue *q, uint32_t idx)
{
	return (struct lgmp_hdr_msg *)(q->client->mem + q->messages_offset) + idx;
}

int lgmp_client_unsubscribe(struct lgmp_client_queue *q)
{
	struct lgmp_hdr_queue *hq = q->hq;
	uint32_t bit = 1u << q->slot;
	uint64_t subs;

	if (!q->subscribed)
		return 0;
	if (!lgmp_lock(&hq->lock, q->client->lock_spins))
		return -EBUSY;
	subs = lgmp_load(&hq->subs);
	q->subscribed = false;
	if (LGMP_SUBS_BAD(subs) & bit) {
		lgmp_unlock(&hq->lock);
		return -ETIMEDOUT;
	}
	subs &= ~((uint64_t)bit | ((uint64_t)bit << 32));
	lgmp_store(&hq->subs, subs);
	lgmp_store(&hq->timeout[q->slot], 0);
	lgmp_store(&hq->client_id[q->slot], 0);
	lgmp_unlock(&hq->lock);
	return 0;
}

int lgmp_client_process(struct lgmp_client_queue *q, struct lgmp_message *msg)
{
	struct lgmp_hdr_msg *e;
	uint32_t pos, off, size;
	int ret = queue_check(q);

	if (ret)
		return ret;
	pos = lgmp_load(&q->hq->position);
	if (pos >= q->num_messages)
		return -EPROTO;
	if (pos == q->position)
		return -EAGAIN;
	e = ring_entry(q, q->position);
	off = lgmp_load_relaxed(&e->offset);
	size = lgmp_load_relaxed(&e->size);
	if (off > q->client->size || size > q->client->size - off)
		return -EPROTO;
	msg->udata = lgmp_load_relaxed(&e->udata);
	msg->size = size;
	msg->offset = off;
	msg->mem = q->client->mem + off;
	return 0;
}

int lgmp_client_message_done(struct lgmp_client_queue *q)
{
	struct lgmp_hdr_queue *hq = q->hq;
	uint32_t bit = 1u << q->slot, pos, count;
	struct lgmp_hdr_msg *e;
	int ret = queue_check(q);

	if (ret)
		return ret;
	pos = lgmp_load(&hq->position);
	if (pos >= q->num_messages)
		return -EPROTO;
	if (pos == q->position)
		return -EAGAIN;
	e = ring_entry(q, q->position);
	/* The last consumer retires the message; if the lock is busy the
	 * producer's collection pass will do it instead.
	 */
	if ((lgmp_fetch_and(&e->pending_subs, ~bit) & ~bit) == 0 && lgmp_trylock(&hq->lock)) {
		if (lgmp_load(&hq->start) == q->position) {
			lgmp_store(&hq->start,
				   q->position + 1 == q->num_messages ? 0 : q->position + 1);
			count = lgmp_fetch_sub(&hq->count, 1);
			if (count == 0) {
				lgmp_store(&hq->count, 0);
				lgmp_unlock(&hq->lock);
				return -EPROTO;
			}
			lgmp_store(&hq->msg_timeout,
				   lgmp_load(&hdr(q->client)->timestamp) + q->max_time);
		}
		lgmp_unlock(&hq->lock);
	}
	if (++q->position == q->num_messages)
		q->position = 0;
	return 0;
}

int lgmp_client_advance_to_last(struct lgmp_client_queue *q)
{
	uint32_t end, last;
	int ret = queue_check(q);

	if (ret)
		return ret;
	/* a slot handed to another client since we subscribed: ours timed out */
	if (lgmp_load(&q->hq->client_id[q->slot]) != q->client->id)
		return -ETIMEDOUT;
	end = lgmp_load(&q->hq->position);
	if (end >= q->num_messages)
		return -EPROTO;
	if (end == q->position)
		return -EAGAIN;
	last = end ? end - 1 : q->num_messages - 1;
	/* at most num_messages - 1 steps: position only moves towards last */
	while (q->position != last) {
		ret = lgmp_client_message_done(q);
		if (ret)
			return ret;
	}
	return 0;
}

int lgmp_client_send_data(struct lgmp_client_queue *q, const void *data, uint32_t size,
			  uint32_t *serial)
{
	struct lgmp_hdr_queue *hq = q->hq;
	uint32_t wpos, s;
	int ret;

	if (size > LGMP_MSGS_SIZE)
		return -EINVAL;
	ret = queue_check(q);
	if (ret)
		return ret;
	if (lgmp_load(&hq->cmsg_avail) == 0)
		return -ENOSPC;
	if (!lgmp_lock(&hq->cmsg_lock, q->client->lock_spins))
		return -EBUSY;
	if (lgmp_load(&hq->cmsg_avail) == 0) {
		lgmp_unlock(&hq->cmsg_lock);
		return -ENOSPC;
	}
	wpos = lgmp_load(&hq->cmsg_wpos);
	if (wpos >= LGMP_MSGS_MAX) {
		lgmp_unlock(&hq->cmsg_lock);
		return -EPROTO;
	}
	lgmp_store(&hq->cmsgs[wpos].size, size);
	memcpy(hq->cmsgs[wpos].data, data, size);
	lgmp_store(&hq->cmsg_wpos, wpos + 1 == LGMP_MSGS_MAX ? 0 : wpos + 1);
	lgmp_fetch_sub(&hq->cmsg_avail, 1);
	s = lgmp_fetch_add(&hq->cmsg_wserial, 1) + 1;
	lgmp_unlock(&hq->cmsg_lock);
	if (serial)
		*serial = s;
	return 0;
}

int lgmp_client_get_serial(struct lgmp_client_queue *q, uint32_t *serial)
{
	uint64_t subs = lgmp_load(&q->hq->subs);

	if (LGMP_SUBS_BAD(subs) & (1u << q->slot))
		return -ETIMEDOUT;
	*serial = lgmp_load(&q->hq->cmsg_rserial);
	return 0;
}
