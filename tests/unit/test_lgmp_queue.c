// SPDX-License-Identifier: MIT
/*
 * LGMP v6 producer and consumer against each other: session join and
 * heartbeat, subscribe, post, consume, ring full, garbage collection,
 * stalled subscribers marked bad and their slots reclaimed, the mailbox.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "lgmp_test_util.h"

static void test_layout_offsets(void **state)
{
	struct lgmp_fixture *f = *state;
	const uint8_t *m = f->mem;
	uint32_t v;

	memcpy(&v, m, 4);
	assert_int_equal(v, 0x504d474c);
	assert_memory_equal(m, "LGMP", 4);
	memcpy(&v, m + 4, 4);
	assert_int_equal(v, 6);
	memcpy(&v, m + 24, 4); /* numQueues */
	assert_int_equal(v, 1);
	memcpy(&v, m + 32, 4); /* queues[0].queueID */
	assert_int_equal(v, 7);
	memcpy(&v, m + 36, 4); /* numMessages = 3 + sentinel */
	assert_int_equal(v, 4);
	memcpy(&v, m + 5752, 4); /* udataSize */
	assert_int_equal(v, 6);
	assert_string_equal((const char *)m + 5756, "udata");
}

static void test_session_needs_heartbeat(void **state)
{
	struct lgmp_fixture *f = *state;
	struct lgmp_client c2;

	assert_int_equal(lgmp_client_init(&c2, f->mem, f->size), 0);
	lgmp_client_set_clock(&c2, fake_clock_read, &f->clk);
	assert_int_equal(lgmp_client_session_init(&c2, NULL, NULL), -EAGAIN);
	f->clk.ms += 10;
	assert_int_equal(lgmp_host_process(&f->host), 0);
	assert_int_equal(lgmp_client_session_init(&c2, NULL, NULL), 0);
}

static void test_session_udata(void **state)
{
	struct lgmp_fixture *f = *state;
	const uint8_t *u;
	uint32_t n;

	f->clk.ms += 10;
	lgmp_host_process(&f->host);
	assert_int_equal(lgmp_client_session_init(&f->client, &u, &n), 0);
	assert_int_equal(n, 6);
	assert_string_equal((const char *)u, "udata");
}

static void test_heartbeat_loss(void **state)
{
	struct lgmp_fixture *f = *state;

	assert_int_equal(lgmp_client_session_valid(&f->client), 0);
	f->clk.ms += 900;
	assert_int_equal(lgmp_client_session_valid(&f->client), 0);
	f->clk.ms += 200; /* 1100 ms without a heartbeat */
	assert_int_equal(lgmp_client_session_valid(&f->client), -EHOSTDOWN);
	lgmp_host_process(&f->host); /* producer comes back */
	assert_int_equal(lgmp_client_session_valid(&f->client), 0);
}

static void test_host_restart_detected(void **state)
{
	struct lgmp_fixture *f = *state;
	struct lgmp_host h2;

	assert_int_equal(lgmp_host_init(&h2, f->mem, f->size, "x", 1), 0);
	assert_int_equal(lgmp_client_session_valid(&f->client), -ECONNRESET);
	/* the old producer notices it was replaced */
	assert_int_equal(lgmp_host_process(&f->host), -EBADMSG);
	lgmp_host_free(&h2);
}

static void test_wiped_memory(void **state)
{
	struct lgmp_fixture *f = *state;

	memset(f->mem, 0, f->size);
	assert_int_equal(lgmp_host_process(&f->host), -EBADMSG);
	assert_int_equal(lgmp_client_session_valid(&f->client), -ECONNRESET);
}

static void test_no_such_queue(void **state)
{
	struct lgmp_fixture *f = *state;
	struct lgmp_client_queue *q;

	assert_int_equal(lgmp_client_subscribe(&f->client, 99, &q), -ENOENT);
	assert_null(q);
}

static void test_post_without_subscribers_is_dropped(void **state)
{
	struct lgmp_fixture *f = *state;

	assert_false(lgmp_host_queue_has_subs(f->hq));
	assert_int_equal(lgmp_host_queue_post(f->hq, 1, &f->payload[0]), 0);
	assert_int_equal(lgmp_host_queue_pending(f->hq), 0);
}

static void test_post_consume_in_order(void **state)
{
	struct lgmp_fixture *f = *state;
	struct lgmp_client_queue *q;
	struct lgmp_message m;

	assert_int_equal(lgmp_client_subscribe(&f->client, 7, &q), 0);
	assert_true(lgmp_host_queue_has_subs(f->hq));
	assert_int_equal(lgmp_host_queue_new_subs(f->hq), 1);
	assert_int_equal(lgmp_host_queue_new_subs(f->hq), 0);
	assert_int_equal(lgmp_client_process(q, &m), -EAGAIN);

	/* wrap the 4-entry ring several times */
	for (uint32_t i = 0; i < 10; i++) {
		struct lgmp_mem *p = &f->payload[i % 4];

		memset(p->ptr, (int)i, p->size);
		assert_int_equal(lgmp_host_queue_post(f->hq, 100 + i, p), 0);
		assert_int_equal(lgmp_client_process(q, &m), 0);
		assert_int_equal(m.udata, 100 + i);
		assert_int_equal(m.size, p->size);
		assert_int_equal(m.offset, p->offset);
		assert_ptr_equal(m.mem, p->ptr);
		assert_int_equal(m.mem[5], (uint8_t)i);
		/* peek does not consume */
		assert_int_equal(lgmp_client_process(q, &m), 0);
		assert_int_equal(m.udata, 100 + i);
		assert_int_equal(lgmp_client_message_done(q), 0);
		/* the last consumer retired it */
		assert_int_equal(lgmp_host_queue_pending(f->hq), 0);
		assert_int_equal(lgmp_client_process(q, &m), -EAGAIN);
	}
}

static void test_ring_full(void **state)
{
	struct lgmp_fixture *f = *state;
	struct lgmp_client_queue *q;
	struct lgmp_message m;

	assert_int_equal(lgmp_client_subscribe(&f->client, 7, &q), 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(lgmp_host_queue_post(f->hq, i, &f->payload[i]), 0);
	assert_int_equal(lgmp_host_queue_post(f->hq, 3, &f->payload[3]), -ENOSPC);
	assert_int_equal(lgmp_host_queue_pending(f->hq), 3);
	assert_int_equal(lgmp_client_process(q, &m), 0);
	assert_int_equal(m.udata, 0);
	assert_int_equal(lgmp_client_message_done(q), 0);
	assert_int_equal(lgmp_host_queue_post(f->hq, 3, &f->payload[3]), 0);
	for (uint32_t i = 1; i < 4; i++) {
		assert_int_equal(lgmp_client_process(q, &m), 0);
		assert_int_equal(m.udata, i);
		assert_int_equal(lgmp_client_message_done(q), 0);
	}
	assert_int_equal(lgmp_host_queue_pending(f->hq), 0);
}

static void test_two_clients_broadcast(void **state)
{
	struct lgmp_fixture *f = *state;
	struct lgmp_client c2;
	struct lgmp_client_queue *q1, *q2;
	struct lgmp_message m;

	assert_int_equal(lgmp_client_init(&c2, f->mem, f->size), 0);
	lgmp_client_set_clock(&c2, fake_clock_read, &f->clk);
	f->clk.ms += 5;
	lgmp_host_process(&f->host);
	assert_int_equal(lgmp_client_session_init(&c2, NULL, NULL), 0);
	assert_int_equal(lgmp_client_subscribe(&f->client, 7, &q1), 0);
	assert_int_equal(lgmp_client_subscribe(&c2, 7, &q2), 0);
	assert_int_not_equal(q1->slot, q2->slot);
	assert_int_equal(lgmp_host_queue_post(f->hq, 42, &f->payload[0]), 0);
	assert_int_equal(lgmp_client_process(q1, &m), 0);
	assert_int_equal(lgmp_client_message_done(q1), 0);
	/* still pending for the second client */
	assert_int_equal(lgmp_host_queue_pending(f->hq), 1);
	assert_int_equal(lgmp_client_process(q2, &m), 0);
	assert_int_equal(m.udata, 42);
	assert_int_equal(lgmp_client_message_done(q2), 0);
	assert_int_equal(lgmp_host_queue_pending(f->hq), 0);
}

static void test_stalled_subscriber_marked_bad(void **state)
{
	struct lgmp_fixture *f = *state;
	struct lgmp_client_queue *q;
	struct lgmp_message m;
	uint32_t slot;

	assert_int_equal(lgmp_client_subscribe(&f->client, 7, &q), 0);
	slot = q->slot;
	assert_int_equal(lgmp_host_queue_post(f->hq, 1, &f->payload[0]), 0);
	f->clk.ms += 50; /* within the 100 ms queue timeout */
	assert_int_equal(lgmp_host_process(&f->host), 0);
	assert_int_equal(lgmp_host_queue_pending(f->hq), 1);
	f->clk.ms += 100; /* past it */
	assert_int_equal(lgmp_host_process(&f->host), 0);
	assert_int_equal(lgmp_host_queue_pending(f->hq), 0);
	assert_int_equal(lgmp_client_process(q, &m), -ETIMEDOUT);
	assert_int_equal(lgmp_client_message_done(q), -ETIMEDOUT);
	/* posts now skip the bad subscriber */
	assert_int_equal(lgmp_host_queue_post(f->hq, 2, &f->payload[1]), 0);
	assert_int_equal(lgmp_host_queue_pending(f->hq), 0);
	assert_int_equal(lgmp_client_unsubscribe(q), -ETIMEDOUT);

	/* the bad slot is reclaimed only after another timeout period */
	assert_int_equal(lgmp_client_subscribe(&f->client, 7, &q), 0);
	assert_int_not_equal(q->slot, slot);
	assert_int_equal(lgmp_client_unsubscribe(q), 0);
	f->clk.ms += 200;
	lgmp_host_process(&f->host);
	assert_int_equal(lgmp_client_subscribe(&f->client, 7, &q), 0);
	assert_int_equal(q->slot, slot);
}

static void test_unsubscribe_releases_slot(void **state)
{
	struct lgmp_fixture *f = *state;
	struct lgmp_client_queue *q;
	struct lgmp_message m;

	assert_int_equal(lgmp_client_subscribe(&f->client, 7, &q), 0);
	assert_int_equal(lgmp_client_unsubscribe(q), 0);
	assert_false(lgmp_host_queue_has_subs(f->hq));
	assert_int_equal(lgmp_client_process(q, &m), -ENOTCONN);
}

static void test_32_subscribers_then_full(void **state)
{
	struct lgmp_fixture *f = *state;
	struct lgmp_client_queue *q;
	uint32_t *subs_hi = (uint32_t *)&f->host.queues[0].hq->subs + 1;

	/* occupy 31 slots as other clients would */
	*subs_hi = 0x7fffffffu;
	assert_int_equal(lgmp_client_subscribe(&f->client, 7, &q), 0);
	assert_int_equal(q->slot, 31);
	assert_int_equal(lgmp_client_subscribe(&f->client, 7, &q), -ENOSPC);
}

/* LGMP's lgmpClientAdvanceToLast: everything but the newest is consumed. */
static void test_advance_to_last(void **state)
{
	struct lgmp_fixture *f = *state;
	struct lgmp_client c2;
	struct lgmp_client_queue *q, *q2;
	struct lgmp_message m;

	assert_int_equal(lgmp_client_init(&c2, f->mem, f->size), 0);
	lgmp_client_set_clock(&c2, fake_clock_read, &f->clk);
	f->clk.ms += 5;
	lgmp_host_process(&f->host);
	assert_int_equal(lgmp_client_session_init(&c2, NULL, NULL), 0);
	assert_int_equal(lgmp_client_subscribe(&f->client, 7, &q), 0);
	assert_int_equal(lgmp_client_subscribe(&c2, 7, &q2), 0);
	assert_int_equal(lgmp_client_advance_to_last(q), -EAGAIN);
	for (uint32_t i = 0; i < 3; i++)
		assert_int_equal(lgmp_host_queue_post(f->hq, i, &f->payload[i]), 0);
	assert_int_equal(lgmp_client_advance_to_last(q), 0);
	assert_int_equal(lgmp_client_process(q, &m), 0);
	assert_int_equal(m.udata, 2);
	/* the skipped ones stay pending for the other subscriber */
	assert_int_equal(lgmp_host_queue_pending(f->hq), 3);
	assert_int_equal(lgmp_client_process(q2, &m), 0);
	assert_int_equal(m.udata, 0);
	assert_int_equal(lgmp_client_advance_to_last(q2), 0);
	/* both skipped 0 and 1: retired; the newest is still unread */
	assert_int_equal(lgmp_host_queue_pending(f->hq), 1);
	/* already at the newest: nothing moves */
	assert_int_equal(lgmp_client_advance_to_last(q), 0);
	assert_int_equal(lgmp_client_process(q, &m), 0);
	assert_int_equal(m.udata, 2);
	assert_int_equal(lgmp_client_message_done(q), 0);
	assert_int_equal(lgmp_client_message_done(q2), 0);
	assert_int_equal(lgmp_host_queue_pending(f->hq), 0);
	assert_int_equal(lgmp_client_advance_to_last(q), -EAGAIN);
	/* across the ring's wrap */
	for (uint32_t i = 3; i < 6; i++)
		assert_int_equal(lgmp_host_queue_post(f->hq, i, &f->payload[i % 4]), 0);
	assert_int_equal(lgmp_client_advance_to_last(q), 0);
	assert_int_equal(lgmp_client_process(q, &m), 0);
	assert_int_equal(m.udata, 5);
	/* a slot taken over by another client id: ours was timed out */
	f->host.queues[0].hq->client_id[q->slot] ^= 1;
	assert_int_equal(lgmp_client_advance_to_last(q), -ETIMEDOUT);
}

/* LGMP's lgmpHostGetClientIDs: subscribers, and timed-out ones in grace. */
static void test_client_ids(void **state)
{
	struct lgmp_fixture *f = *state;
	struct lgmp_client c2;
	struct lgmp_client_queue *q, *q2;
	struct lgmp_message m;
	uint32_t ids[LGMP_MAX_CLIENTS], n;

	assert_int_equal(lgmp_host_queue_client_ids(f->hq, ids, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(lgmp_client_init(&c2, f->mem, f->size), 0);
	lgmp_client_set_clock(&c2, fake_clock_read, &f->clk);
	f->clk.ms += 5;
	lgmp_host_process(&f->host);
	assert_int_equal(lgmp_client_session_init(&c2, NULL, NULL), 0);
	assert_int_equal(lgmp_client_subscribe(&f->client, 7, &q), 0);
	assert_int_equal(lgmp_client_subscribe(&c2, 7, &q2), 0);
	assert_int_not_equal(f->client.id, c2.id);
	assert_int_equal(lgmp_host_queue_client_ids(f->hq, ids, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(ids[0], q->slot < q2->slot ? f->client.id : c2.id);
	assert_int_equal(ids[1], q->slot < q2->slot ? c2.id : f->client.id);

	/* the second client stalls: marked bad, listed until its grace ends */
	assert_int_equal(lgmp_host_queue_post(f->hq, 1, &f->payload[0]), 0);
	assert_int_equal(lgmp_client_process(q, &m), 0);
	assert_int_equal(lgmp_client_message_done(q), 0);
	f->clk.ms += 150;
	assert_int_equal(lgmp_host_process(&f->host), 0);
	assert_int_equal(lgmp_client_process(q2, &m), -ETIMEDOUT);
	assert_int_equal(lgmp_host_queue_client_ids(f->hq, ids, &n), 0);
	assert_int_equal(n, 2);
	f->clk.ms += 101;
	assert_int_equal(lgmp_host_queue_client_ids(f->hq, ids, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], f->client.id);
	assert_int_equal(lgmp_client_unsubscribe(q), 0);
	assert_int_equal(lgmp_host_queue_client_ids(f->hq, ids, &n), 0);
	assert_int_equal(n, 0);
}

static void test_mailbox(void **state)
{
	struct lgmp_fixture *f = *state;
	struct lgmp_client_queue *q;
	uint8_t buf[LGMP_MSGS_SIZE];
	uint32_t serial, size, i;

	assert_int_equal(lgmp_client_subscribe(&f->client, 7, &q), 0);
	assert_int_equal(lgmp_host_read_data(f->hq, buf, &size), -EAGAIN);
	assert_int_equal(lgmp_client_send_data(q, buf, 65, NULL), -EINVAL);
	for (i = 0; i < LGMP_MSGS_MAX; i++) {
		assert_int_equal(lgmp_client_send_data(q, &i, 4, &serial), 0);
		assert_int_equal(serial, i + 1);
	}
	assert_int_equal(lgmp_client_send_data(q, &i, 4, NULL), -ENOSPC);
	for (i = 0; i < LGMP_MSGS_MAX; i++) {
		uint32_t v;

		assert_int_equal(lgmp_host_read_data(f->hq, buf, &size), 0);
		assert_int_equal(size, 4);
		memcpy(&v, buf, 4);
		assert_int_equal(v, i);
		lgmp_host_ack_data(f->hq);
	}
	assert_int_equal(lgmp_client_get_serial(q, &serial), 0);
	assert_int_equal(serial, LGMP_MSGS_MAX);
}

static void test_alloc_bounds(void **state)
{
	struct lgmp_fixture *f = *state;
	struct lgmp_mem m;
	uint32_t avail = lgmp_host_mem_avail(&f->host);

	assert_int_equal(lgmp_host_mem_alloc(&f->host, 64, 3, &m), -EINVAL);
	assert_int_equal(lgmp_host_mem_alloc(&f->host, 64, 256, &m), 0);
	assert_int_equal(m.offset % 256, 0);
	assert_true(lgmp_host_mem_avail(&f->host) < avail);
	assert_int_equal(lgmp_host_mem_alloc(&f->host, avail, 4, &m), -ENOSPC);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, lgmp_fixture_setup, lgmp_fixture_teardown)
		T(test_layout_offsets),
		T(test_session_needs_heartbeat),
		T(test_session_udata),
		T(test_heartbeat_loss),
		T(test_host_restart_detected),
		T(test_wiped_memory),
		T(test_no_such_queue),
		T(test_post_without_subscribers_is_dropped),
		T(test_post_consume_in_order),
		T(test_ring_full),
		T(test_two_clients_broadcast),
		T(test_stalled_subscriber_marked_bad),
		T(test_unsubscribe_releases_slot),
		T(test_32_subscribers_then_full),
		T(test_advance_to_last),
		T(test_client_ids),
		T(test_mailbox),
		T(test_alloc_bounds),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
