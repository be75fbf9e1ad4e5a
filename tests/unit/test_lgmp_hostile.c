// SPDX-License-Identifier: MIT
/*
 * The consumer over memory a hostile guest controls: every header field the
 * client trusts is corrupted in turn and the client must refuse it with an
 * error instead of reading or writing outside the mapping (the sanitizer
 * build turns any stray access into a failure). And the producer over the
 * same memory: no value left in it stalls a queue for good.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "lgmp_test_util.h"

static struct lgmp_hdr *H(struct lgmp_fixture *f)
{
	return (struct lgmp_hdr *)f->mem;
}

static void test_bad_magic_and_version(void **state)
{
	struct lgmp_fixture *f = *state;
	struct lgmp_client c;

	H(f)->version = 10;
	assert_int_equal(lgmp_client_init(&c, f->mem, f->size), 0);
	H(f)->timestamp++;
	assert_int_equal(lgmp_client_session_init(&c, NULL, NULL), -EPROTONOSUPPORT);
	H(f)->magic = 0x12345678;
	assert_int_equal(lgmp_client_session_init(&c, NULL, NULL), -EBADMSG);
}

static void test_memory_too_small(void **state)
{
	struct lgmp_fixture *f = *state;
	struct lgmp_client c;

	assert_int_equal(lgmp_client_init(&c, f->mem, 100), -EINVAL);
}

static void test_udata_size_out_of_bounds(void **state)
{
	struct lgmp_fixture *f = *state;
	struct lgmp_client c;

	assert_int_equal(lgmp_client_init(&c, f->mem, f->size), 0);
	H(f)->udata_size = (uint32_t)f->size;
	H(f)->timestamp++;
	assert_int_equal(lgmp_client_session_init(&c, NULL, NULL), -EPROTO);
}

static void test_num_queues_out_of_bounds(void **state)
{
	struct lgmp_fixture *f = *state;
	struct lgmp_client_queue *q;

	H(f)->num_queues = 6;
	assert_int_equal(lgmp_client_subscribe(&f->client, 7, &q), -EPROTO);
	H(f)->num_queues = 0xffffffffu;
	assert_int_equal(lgmp_client_subscribe(&f->client, 7, &q), -EPROTO);
}

static void test_ring_geometry_out_of_bounds(void **state)
{
	struct lgmp_fixture *f = *state;
	struct lgmp_hdr_queue *hq = &H(f)->queues[0];
	struct lgmp_client_queue *q;
	uint32_t n = hq->num_messages, off = hq->messages_offset;

	hq->num_messages = 0xffffffffu;
	assert_int_equal(lgmp_client_subscribe(&f->client, 7, &q), -EPROTO);
	hq->num_messages = 1;
	assert_int_equal(lgmp_client_subscribe(&f->client, 7, &q), -EPROTO);
	hq->num_messages = n;
	hq->messages_offset = (uint32_t)f->size - 8;
	assert_int_equal(lgmp_client_subscribe(&f->client, 7, &q), -EPROTO);
	hq->messages_offset = 0; /* would alias the header */
	assert_int_equal(lgmp_client_subscribe(&f->client, 7, &q), -EPROTO);
	hq->messages_offset = off + 1; /* misaligned */
	assert_int_equal(lgmp_client_subscribe(&f->client, 7, &q), -EPROTO);
	hq->messages_offset = off;
	hq->position = n;
	assert_int_equal(lgmp_client_subscribe(&f->client, 7, &q), -EPROTO);
}

static void test_geometry_changed_after_subscribe(void **state)
{
	struct lgmp_fixture *f = *state;
	struct lgmp_hdr_queue *hq = &H(f)->queues[0];
	struct lgmp_client_queue *q;
	struct lgmp_message m;

	assert_int_equal(lgmp_client_subscribe(&f->client, 7, &q), 0);
	hq->num_messages = 2; /* still in bounds, but not what we validated */
	assert_int_equal(lgmp_client_process(q, &m), -EPROTO);
	assert_int_equal(lgmp_client_message_done(q), -EPROTO);
}

static void test_position_out_of_bounds(void **state)
{
	struct lgmp_fixture *f = *state;
	struct lgmp_client_queue *q;
	struct lgmp_message m;

	assert_int_equal(lgmp_client_subscribe(&f->client, 7, &q), 0);
	H(f)->queues[0].position = 1000;
	assert_int_equal(lgmp_client_process(q, &m), -EPROTO);
	assert_int_equal(lgmp_client_message_done(q), -EPROTO);
}

static void test_message_payload_out_of_bounds(void **state)
{
	struct lgmp_fixture *f = *state;
	struct lgmp_hdr_queue *hq = &H(f)->queues[0];
	struct lgmp_hdr_msg *ring;
	struct lgmp_client_queue *q;
	struct lgmp_message m;
	uint32_t pos;

	assert_int_equal(lgmp_client_subscribe(&f->client, 7, &q), 0);
	pos = hq->position;
	assert_int_equal(lgmp_host_queue_post(f->hq, 1, &f->payload[0]), 0);
	ring = (struct lgmp_hdr_msg *)(f->mem + hq->messages_offset);
	ring[pos].offset = (uint32_t)f->size - 10;
	ring[pos].size = 11;
	assert_int_equal(lgmp_client_process(q, &m), -EPROTO);
	ring[pos].offset = 0xfffffff0u;
	ring[pos].size = 0x20;
	assert_int_equal(lgmp_client_process(q, &m), -EPROTO);
	ring[pos].offset = (uint32_t)f->size - 10;
	ring[pos].size = 10; /* exactly at the end: fine */
	assert_int_equal(lgmp_client_process(q, &m), 0);
	assert_ptr_equal(m.mem + m.size, f->mem + f->size);
}

static void test_stuck_lock_times_out(void **state)
{
	struct lgmp_fixture *f = *state;
	struct lgmp_client_queue *q;

	H(f)->queues[0].lock = 1; /* producer died holding it */
	assert_int_equal(lgmp_client_subscribe(&f->client, 7, &q), -EBUSY);
	assert_int_equal(lgmp_host_queue_post(f->hq, 1, &f->payload[0]), -EBUSY);
}

static void test_count_underflow_is_corruption(void **state)
{
	struct lgmp_fixture *f = *state;
	struct lgmp_client_queue *q;
	struct lgmp_message m;

	assert_int_equal(lgmp_client_subscribe(&f->client, 7, &q), 0);
	assert_int_equal(lgmp_host_queue_post(f->hq, 1, &f->payload[0]), 0);
	assert_int_equal(lgmp_client_process(q, &m), 0);
	H(f)->queues[0].count = 0;
	assert_int_equal(lgmp_client_message_done(q), -EPROTO);
	assert_int_equal(H(f)->queues[0].count, 0);
}

static void test_mailbox_write_pos_out_of_bounds(void **state)
{
	struct lgmp_fixture *f = *state;
	struct lgmp_client_queue *q;

	assert_int_equal(lgmp_client_subscribe(&f->client, 7, &q), 0);
	H(f)->queues[0].cmsg_wpos = 11;
	assert_int_equal(lgmp_client_send_data(q, "x", 1, NULL), -EPROTO);
}

static void test_host_survives_bad_start_from_client(void **state)
{
	struct lgmp_fixture *f = *state;
	struct lgmp_client_queue *q;

	assert_int_equal(lgmp_client_subscribe(&f->client, 7, &q), 0);
	assert_int_equal(lgmp_host_queue_post(f->hq, 1, &f->payload[0]), 0);
	H(f)->queues[0].start = 0xffff;
	assert_int_equal(lgmp_host_process(&f->host), -EBADMSG);
}

static void test_host_rejects_bad_mailbox_size(void **state)
{
	struct lgmp_fixture *f = *state;
	struct lgmp_client_queue *q;
	uint8_t buf[LGMP_MSGS_SIZE];
	uint32_t size;

	assert_int_equal(lgmp_client_subscribe(&f->client, 7, &q), 0);
	assert_int_equal(lgmp_client_send_data(q, "abc", 3, NULL), 0);
	H(f)->queues[0].cmsgs[0].size = 1000;
	assert_int_equal(lgmp_host_read_data(f->hq, buf, &size), -EBADMSG);
}

/*
 * The write position written over while nobody is subscribed: every
 * subscribe is refused, and with no subscriber the producer never posts,
 * which was the only thing that set it. The producer puts its own back.
 */
static void test_host_restores_position(void **state)
{
	struct lgmp_fixture *f = *state;
	struct lgmp_client_queue *q;
	struct lgmp_message m;

	H(f)->queues[0].position = 5; /* ring of 4: out of range */
	assert_int_equal(lgmp_client_subscribe(&f->client, 7, &q), -EPROTO);
	assert_int_equal(lgmp_host_process(&f->host), 0);
	assert_int_equal(H(f)->queues[0].position, f->hq->position);
	assert_int_equal(lgmp_client_subscribe(&f->client, 7, &q), 0);
	assert_int_equal(lgmp_client_unsubscribe(q), 0);

	/* in range but not ours: a subscriber would read stale entries */
	H(f)->queues[0].position = 2;
	assert_int_equal(lgmp_host_process(&f->host), 0);
	assert_int_equal(lgmp_client_subscribe(&f->client, 7, &q), 0);
	assert_int_equal(lgmp_host_queue_post(f->hq, 9, &f->payload[0]), 0);
	assert_int_equal(lgmp_client_process(q, &m), 0);
	assert_int_equal(m.udata, 9);
}

/* A count written over: too high, every post is refused as full and the
 * collection pass retires one lap per call; it is the ring's distance from
 * start to position, and the producer puts that back. */
static void test_host_restores_count(void **state)
{
	struct lgmp_fixture *f = *state;
	struct lgmp_client_queue *q;
	struct lgmp_message m;

	assert_int_equal(lgmp_client_subscribe(&f->client, 7, &q), 0);
	assert_int_equal(lgmp_host_queue_post(f->hq, 1, &f->payload[0]), 0);
	H(f)->queues[0].count = 0xfffe1dffu;
	assert_int_equal(lgmp_host_queue_post(f->hq, 2, &f->payload[1]), -ENOSPC);
	assert_int_equal(lgmp_host_process(&f->host), 0);
	assert_int_equal(lgmp_host_queue_pending(f->hq), 1);
	assert_int_equal(lgmp_host_queue_post(f->hq, 2, &f->payload[1]), 0);
	assert_int_equal(lgmp_client_process(q, &m), 0);
	assert_int_equal(m.udata, 1);
	assert_int_equal(lgmp_client_message_done(q), 0);
	assert_int_equal(lgmp_client_process(q, &m), 0);
	assert_int_equal(m.udata, 2);
	assert_int_equal(lgmp_client_message_done(q), 0);
	assert_int_equal(lgmp_host_queue_pending(f->hq), 0);

	/* too low: the ring would overfill */
	assert_int_equal(lgmp_host_queue_post(f->hq, 3, &f->payload[2]), 0);
	H(f)->queues[0].count = 0;
	assert_int_equal(lgmp_host_process(&f->host), 0);
	assert_int_equal(lgmp_host_queue_pending(f->hq), 1);
}

/* A message deadline far in the future: a subscriber that stalls is still
 * timed out, one subscriber timeout after the producer saw the deadline. */
static void test_host_bounds_message_deadline(void **state)
{
	struct lgmp_fixture *f = *state;
	struct lgmp_client_queue *q;
	struct lgmp_message m;

	assert_int_equal(lgmp_client_subscribe(&f->client, 7, &q), 0);
	assert_int_equal(lgmp_host_queue_post(f->hq, 1, &f->payload[0]), 0);
	H(f)->queues[0].msg_timeout = UINT64_MAX / 2;
	assert_int_equal(lgmp_host_process(&f->host), 0);
	f->clk.ms += 101; /* the queue's timeout is 100 ms */
	assert_int_equal(lgmp_host_process(&f->host), 0);
	assert_int_equal(lgmp_client_process(q, &m), -ETIMEDOUT);
	assert_int_equal(lgmp_host_queue_pending(f->hq), 0);
}

/* A timed-out slot whose grace was written far into the future is reused
 * all the same, once the grace a producer gives has passed. */
static void test_host_bounds_slot_grace(void **state)
{
	struct lgmp_fixture *f = *state;
	struct lgmp_client_queue *q;
	uint32_t slot;

	assert_int_equal(lgmp_client_subscribe(&f->client, 7, &q), 0);
	slot = q->slot;
	assert_int_equal(lgmp_host_queue_post(f->hq, 1, &f->payload[0]), 0);
	f->clk.ms += 101;
	assert_int_equal(lgmp_host_process(&f->host), 0);
	assert_int_equal(lgmp_client_unsubscribe(q), -ETIMEDOUT);
	H(f)->queues[0].timeout[slot] = UINT64_MAX / 2;
	assert_int_equal(lgmp_host_process(&f->host), 0);
	f->clk.ms += 101;
	assert_int_equal(lgmp_host_process(&f->host), 0);
	assert_int_equal(lgmp_client_subscribe(&f->client, 7, &q), 0);
	assert_int_equal(q->slot, slot);
}

/* A lock nobody releases: a new session is the only way out, and it is
 * asked for only once the lock was seen held for a whole queue timeout. */
static void test_host_restarts_on_lock_never_released(void **state)
{
	struct lgmp_fixture *f = *state;

	H(f)->queues[0].lock = 1;
	assert_int_equal(lgmp_host_process(&f->host), 0);
	f->clk.ms += 100;
	assert_int_equal(lgmp_host_process(&f->host), 0);
	f->clk.ms += 1;
	assert_int_equal(lgmp_host_process(&f->host), -EBADMSG);

	/* released in between: the count starts again */
	lgmp_host_free(&f->host);
	assert_int_equal(lgmp_host_init(&f->host, f->mem, f->size, "u", 1), 0);
	lgmp_host_set_clock(&f->host, fake_clock_read, &f->clk);
	assert_int_equal(lgmp_host_queue_new(&f->host, 7, 3, 100, &f->hq), 0);
	H(f)->queues[0].lock = 1;
	assert_int_equal(lgmp_host_process(&f->host), 0);
	f->clk.ms += 80;
	H(f)->queues[0].lock = 0;
	assert_int_equal(lgmp_host_process(&f->host), 0);
	H(f)->queues[0].lock = 1;
	f->clk.ms += 80;
	assert_int_equal(lgmp_host_process(&f->host), 0);
	f->clk.ms += 80;
	assert_int_equal(lgmp_host_process(&f->host), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, lgmp_fixture_setup, lgmp_fixture_teardown)
		T(test_bad_magic_and_version),
		T(test_memory_too_small),
		T(test_udata_size_out_of_bounds),
		T(test_num_queues_out_of_bounds),
		T(test_ring_geometry_out_of_bounds),
		T(test_geometry_changed_after_subscribe),
		T(test_position_out_of_bounds),
		T(test_message_payload_out_of_bounds),
		T(test_stuck_lock_times_out),
		T(test_count_underflow_is_corruption),
		T(test_mailbox_write_pos_out_of_bounds),
		T(test_host_survives_bad_start_from_client),
		T(test_host_rejects_bad_mailbox_size),
		T(test_host_restores_position),
		T(test_host_restores_count),
		T(test_host_bounds_message_deadline),
		T(test_host_bounds_slot_grace),
		T(test_host_restarts_on_lock_never_released),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
