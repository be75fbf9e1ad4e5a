// SPDX-License-Identifier: MIT
/*
 * The bytes our producer and consumer write, read back at the offsets where
 * Looking Glass B7's own LGMP library and B7's host and client look for
 * them (every offset here was checked against B7's structures compiled on
 * x86_64, and both sides were run against the real B7-era library over one
 * shared memory). Read through raw offsets, never through our structures,
 * so that a field moved in lgmp_abi.h or kvmfr_abi.h fails here.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lgmp/kvmfr_client.h"
#include "lgmp/kvmfr_host.h"
#include "lgmp_test_util.h"

#define SHM_SIZE (4u << 20)

/* The LGMP header. */
#define HDR_SESSION_ID 8u
#define HDR_TIMESTAMP 16u /* 64-bit heartbeat, ms */
#define HDR_NUM_QUEUES 24u
#define HDR_QUEUES 32u
#define QUEUE_SIZE 1144u
#define HDR_UDATA_SIZE 5752u
#define HDR_UDATA 5756u

/* One queue, from its start. */
#define Q_ID 0u
#define Q_NUM_MESSAGES 4u
#define Q_NEW_SUB_COUNT 8u
#define Q_MAX_TIME 12u
#define Q_POSITION 16u
#define Q_MESSAGES_OFFSET 20u
#define Q_TIMEOUT 24u /* 32 x u64 */
#define Q_CLIENT_ID 280u /* 32 x u32 */
#define Q_LOCK 408u
#define Q_SUBS 416u /* u64: bit 32 + n subscribed, bit n timed out */
#define Q_START 424u
#define Q_MSG_TIMEOUT 432u /* u64 */
#define Q_COUNT 440u
#define Q_CMSG_LOCK 444u
#define Q_CMSG_AVAIL 448u
#define Q_CMSG_WPOS 452u
#define Q_CMSG_WSERIAL 456u
#define Q_CMSG_RSERIAL 460u
#define Q_CMSGS 464u /* 10 x (u32 size, 64 bytes) */
#define CMSG_SIZE 68u

/* One ring entry. */
#define MSG_UDATA 0u
#define MSG_SIZE 4u
#define MSG_OFFSET 8u
#define MSG_PENDING 12u
#define MSG_ENTRY 16u

/* The KVMFR user data: header, then records of (u8 type, u32 size). */
#define UD_MAGIC 0u
#define UD_VERSION 8u
#define UD_HOSTVER 12u /* 32 bytes */
#define UD_FEATURES 44u
#define UD_RECORDS 48u
#define REC_SIZE 4u
#define REC_DATA 8u
#define VM_CPUS 48u /* after a 16-byte UUID and a 32-byte capture name */
#define VM_SOCKETS 50u
#define VM_MODEL 51u

/* A frame header. */
#define FR_FORMAT_VER 0u
#define FR_SERIAL 4u
#define FR_TYPE 8u
#define FR_SCREEN_W 12u
#define FR_SCREEN_H 16u
#define FR_DATA_W 20u
#define FR_DATA_H 24u
#define FR_FRAME_W 28u
#define FR_FRAME_H 32u
#define FR_ROTATION 36u
#define FR_STRIDE 40u
#define FR_PITCH 44u
#define FR_OFFSET 48u
#define FR_DAMAGE_COUNT 52u
#define FR_DAMAGE 56u /* 64 x (x, y, width, height) */
#define FR_FLAGS 1080u

/* A cursor message. */
#define CUR_X 0u /* s16 */
#define CUR_Y 2u /* s16 */
#define CUR_TYPE 4u
#define CUR_HX 8u /* s8 */
#define CUR_HY 9u /* s8 */
#define CUR_WIDTH 12u
#define CUR_HEIGHT 16u
#define CUR_PITCH 20u
#define CUR_SHAPE 24u

/* The client->host SETCURSORPOS message, 12 bytes. */
#define SCP_TYPE 0u
#define SCP_X 4u
#define SCP_Y 8u
#define SCP_SIZE 12u

static uint32_t u32_at(const uint8_t *p, uint32_t off)
{
	uint32_t v;

	memcpy(&v, p + off, sizeof(v));
	return v;
}

static uint64_t u64_at(const uint8_t *p, uint32_t off)
{
	uint64_t v;

	memcpy(&v, p + off, sizeof(v));
	return v;
}

static int16_t s16_at(const uint8_t *p, uint32_t off)
{
	int16_t v;

	memcpy(&v, p + off, sizeof(v));
	return v;
}

struct wire {
	uint8_t *mem;
	struct kvmfr_host kh;
	struct lgmp_client c;
	struct lgmp_client_queue *fq, *pq;
};

static const uint8_t *queue_at(const struct wire *w, uint32_t idx)
{
	return w->mem + HDR_QUEUES + idx * QUEUE_SIZE;
}

static int setup(void **state)
{
	static const struct kvmfr_host_config cfg = {
		.hostver = "wire-test",
		.os_name = "Debian",
		.features = KVMFR_FEATURE_SETCURSORPOS,
		.cursor_shape_bytes = 64 * 64 * 4,
	};
	struct wire *w = calloc(1, sizeof(*w));

	if (!w)
		return -1;
	w->mem = calloc(1, SHM_SIZE);
	if (!w->mem || kvmfr_host_init(&w->kh, w->mem, SHM_SIZE, &cfg) ||
	    lgmp_client_init(&w->c, w->mem, SHM_SIZE))
		return -1;
	/* one heartbeat lets the client join */
	if (kvmfr_host_process(&w->kh) == 0)
		__atomic_fetch_add((uint64_t *)(w->mem + HDR_TIMESTAMP), 1, __ATOMIC_RELEASE);
	if (lgmp_client_session_init(&w->c, NULL, NULL) ||
	    lgmp_client_subscribe(&w->c, KVMFR_QUEUE_FRAME, &w->fq) ||
	    lgmp_client_subscribe(&w->c, KVMFR_QUEUE_POINTER, &w->pq))
		return -1;
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	struct wire *w = *state;

	kvmfr_host_free(&w->kh);
	free(w->mem);
	free(w);
	return 0;
}

/* B7's host creates the frame queue first, then the pointer queue. */
static void test_queue_headers(void **state)
{
	struct wire *w = *state;
	const uint8_t *fq = queue_at(w, 0), *pq = queue_at(w, 1);

	assert_int_equal(u32_at(w->mem, HDR_NUM_QUEUES), 2);
	assert_int_equal(u32_at(w->mem, HDR_SESSION_ID), w->kh.lgmp.session_id);
	assert_int_equal(u32_at(fq, Q_ID), 2);
	assert_int_equal(u32_at(fq, Q_NUM_MESSAGES), 3); /* 2 + the sentinel */
	assert_int_equal(u32_at(fq, Q_MAX_TIME), 1000);
	assert_int_equal(u32_at(pq, Q_ID), 1);
	assert_int_equal(u32_at(pq, Q_NUM_MESSAGES), 21); /* 20 + the sentinel */
	assert_int_equal(u32_at(pq, Q_MAX_TIME), 1000);
	/* the rings follow the header and user data, 4-aligned */
	assert_int_equal(u32_at(fq, Q_MESSAGES_OFFSET),
			 (5760 + u32_at(w->mem, HDR_UDATA_SIZE) + 3) & ~3u);
	assert_int_equal(u32_at(pq, Q_MESSAGES_OFFSET),
			 u32_at(fq, Q_MESSAGES_OFFSET) + 3 * MSG_ENTRY);
	/* an empty mailbox has all 10 entries free */
	assert_int_equal(u32_at(pq, Q_CMSG_AVAIL), 10);
	assert_int_equal(u32_at(pq, Q_CMSG_LOCK), 0);
	assert_int_equal(u32_at(pq, Q_LOCK), 0);
}

static void test_subscription_bytes(void **state)
{
	struct wire *w = *state;
	const uint8_t *fq = queue_at(w, 0);
	uint32_t slot = w->fq->slot;

	assert_int_equal(u64_at(fq, Q_SUBS), (uint64_t)1 << (32 + slot));
	assert_int_equal(u32_at(fq, Q_CLIENT_ID + 4 * slot), w->c.id);
	assert_int_equal(u64_at(fq, Q_TIMEOUT + 8 * slot), 0);
	assert_int_equal(u32_at(fq, Q_NEW_SUB_COUNT), 1);
	assert_int_equal(lgmp_host_queue_new_subs(w->kh.frame_q), 1);
	assert_int_equal(u32_at(fq, Q_NEW_SUB_COUNT), 0);
}

static void test_user_data_bytes(void **state)
{
	struct wire *w = *state;
	const uint8_t *ud = w->mem + HDR_UDATA;
	uint32_t size = u32_at(w->mem, HDR_UDATA_SIZE), pos = UD_RECORDS;
	const uint8_t *vm, *os;

	assert_memory_equal(ud + UD_MAGIC, "KVMFR---", 8);
	assert_int_equal(u32_at(ud, UD_VERSION), 20);
	assert_string_equal((const char *)ud + UD_HOSTVER, "wire-test");
	assert_int_equal(u32_at(ud, UD_FEATURES), 1); /* can set the cursor */
	/* first record: VM information (type 1) */
	assert_int_equal(ud[pos], 1);
	vm = ud + pos + REC_DATA;
	assert_int_equal(u32_at(ud, pos + REC_SIZE),
			 VM_MODEL + strlen((const char *)vm + VM_MODEL) + 1);
	assert_true(vm[VM_CPUS] >= 1);
	assert_int_equal(vm[VM_SOCKETS], 1);
	pos += REC_DATA + u32_at(ud, pos + REC_SIZE);
	/* second record: OS information (type 2): u8 kind, then the name */
	assert_int_equal(ud[pos], 2);
	os = ud + pos + REC_DATA;
	assert_int_equal(os[0], 0); /* Linux */
	assert_string_equal((const char *)os + 1, "Debian");
	assert_int_equal(u32_at(ud, pos + REC_SIZE), 1 + strlen("Debian") + 1);
	pos += REC_DATA + u32_at(ud, pos + REC_SIZE);
	/* nothing after the last record */
	assert_int_equal(pos, size);
}

static void test_frame_bytes(void **state)
{
	struct wire *w = *state;
	static const struct kvmfr_damage_rect dmg = { 1, 2, 3, 4 };
	const struct kvmfr_frame_desc d = {
		.type = KVMFR_FRAME_RGBA10,
		.width = 40,
		.height = 30,
		.pitch = 256,
		.screen_width = 80,
		.screen_height = 60,
		.data_width = 36,
		.data_height = 28,
		.format_ver = 9,
		.rotation = 2,
		.flags = KVMFR_FRAME_FLAG_HDR,
		.damage_count = 1,
		.damage = &dmg,
	};
	const uint8_t *q = queue_at(w, 0), *ring, *f;
	uint32_t off;
	uint8_t *px;

	assert_int_equal(kvmfr_host_frame_begin(&w->kh, &d, &px), 0);
	ring = w->mem + u32_at(q, Q_MESSAGES_OFFSET);
	assert_int_equal(u32_at(q, Q_POSITION), 1);
	assert_int_equal(u32_at(q, Q_COUNT), 1);
	assert_int_equal(u32_at(ring, MSG_UDATA), 0); /* frames carry none */
	assert_int_equal(u32_at(ring, MSG_PENDING), 1u << w->fq->slot);
	off = u32_at(ring, MSG_OFFSET);
	assert_int_equal(u32_at(ring, MSG_SIZE), w->kh.frame_mem[0].size);
	f = w->mem + off;
	assert_int_equal(u32_at(f, FR_FORMAT_VER), 9);
	assert_int_equal(u32_at(f, FR_SERIAL), 0); /* B7 counts from 0 */
	assert_int_equal(u32_at(f, FR_TYPE), 3); /* RGBA10 */
	assert_int_equal(u32_at(f, FR_SCREEN_W), 80);
	assert_int_equal(u32_at(f, FR_SCREEN_H), 60);
	assert_int_equal(u32_at(f, FR_DATA_W), 36);
	assert_int_equal(u32_at(f, FR_DATA_H), 28);
	assert_int_equal(u32_at(f, FR_FRAME_W), 40);
	assert_int_equal(u32_at(f, FR_FRAME_H), 30);
	assert_int_equal(u32_at(f, FR_ROTATION), 2); /* 180 degrees */
	assert_int_equal(u32_at(f, FR_STRIDE), 64); /* texels: 256 / 4 */
	assert_int_equal(u32_at(f, FR_PITCH), 256);
	assert_int_equal(u32_at(f, FR_DAMAGE_COUNT), 1);
	assert_int_equal(u32_at(f, FR_DAMAGE + 0), 1);
	assert_int_equal(u32_at(f, FR_DAMAGE + 4), 2);
	assert_int_equal(u32_at(f, FR_DAMAGE + 8), 3);
	assert_int_equal(u32_at(f, FR_DAMAGE + 12), 4);
	assert_int_equal(u32_at(f, FR_FLAGS), 0x8); /* HDR */
	/* the write pointer sits just before the page the pixels start on */
	assert_int_equal(u32_at(f, FR_OFFSET), 4096 - 4);
	assert_int_equal((off + u32_at(f, FR_OFFSET) + 4) % 4096, 0);
	assert_ptr_equal(px, f + 4096);
	kvmfr_host_frame_write(&w->kh, (const uint8_t[256 * 28]){ 0 }, 256 * 28);
	assert_int_equal(u32_at(f, 4096 - 4), 256 * 28);
}

static void test_cursor_bytes(void **state)
{
	struct wire *w = *state;
	static uint8_t shape[24 * 64];
	const struct kvmfr_cursor cur = { .x = -5,
					  .y = 700,
					  .type = KVMFR_CURSOR_MASKED_COLOR,
					  .hx = -2,
					  .hy = 7,
					  .width = 16,
					  .height = 24,
					  .pitch = 64 };
	const uint8_t *q = queue_at(w, 1), *ring, *c;

	memset(shape, 0xa5, sizeof(shape));
	assert_int_equal(kvmfr_host_cursor(&w->kh, 0x7, &cur, shape), 0);
	ring = w->mem + u32_at(q, Q_MESSAGES_OFFSET);
	/* udata: position 0x1, visible 0x2, shape 0x4 */
	assert_int_equal(u32_at(ring, MSG_UDATA), 0x7);
	c = w->mem + u32_at(ring, MSG_OFFSET);
	assert_int_equal(s16_at(c, CUR_X), -5);
	assert_int_equal(s16_at(c, CUR_Y), 700);
	assert_int_equal(u32_at(c, CUR_TYPE), 2); /* masked colour */
	assert_int_equal((int8_t)c[CUR_HX], -2);
	assert_int_equal((int8_t)c[CUR_HY], 7);
	assert_int_equal(u32_at(c, CUR_WIDTH), 16);
	assert_int_equal(u32_at(c, CUR_HEIGHT), 24);
	assert_int_equal(u32_at(c, CUR_PITCH), 64);
	assert_int_equal(c[CUR_SHAPE], 0xa5);
	assert_int_equal(c[CUR_SHAPE + sizeof(shape) - 1], 0xa5);
}

/* What B7's client sends to move the guest's cursor, and its ack. */
static void test_mailbox_bytes(void **state)
{
	struct wire *w = *state;
	const uint8_t *q = queue_at(w, 1);
	uint8_t msg[SCP_SIZE] = { 0 }, buf[LGMP_MSGS_SIZE];
	int32_t x = 321, y = -7;
	uint32_t serial, size;

	memcpy(msg + SCP_X, &x, 4);
	memcpy(msg + SCP_Y, &y, 4);
	assert_int_equal(lgmp_client_send_data(w->pq, msg, sizeof(msg), &serial), 0);
	assert_int_equal(serial, 1);
	assert_int_equal(u32_at(q, Q_CMSGS), SCP_SIZE);
	assert_memory_equal(q + Q_CMSGS + 4, msg, sizeof(msg));
	assert_int_equal(u32_at(q, Q_CMSG_WPOS), 1);
	assert_int_equal(u32_at(q, Q_CMSG_AVAIL), 9);
	assert_int_equal(u32_at(q, Q_CMSG_WSERIAL), 1);
	assert_int_equal(lgmp_host_read_data(w->kh.pointer_q, buf, &size), 0);
	assert_int_equal(size, SCP_SIZE);
	assert_int_equal(u32_at(buf, SCP_TYPE), 0); /* SETCURSORPOS */
	assert_int_equal(u32_at(q, Q_CMSG_AVAIL), 10);
	lgmp_host_ack_data(w->kh.pointer_q);
	assert_int_equal(u32_at(q, Q_CMSG_RSERIAL), 1);
	assert_int_equal(u32_at(q, Q_CMSGS + CMSG_SIZE), 0); /* entry 1 untouched */
}

/*
 * A stalled subscriber: the deadline is the post's time plus the queue's
 * 1000 ms, a subscriber still pending once the clock has passed it (not at
 * it) is marked bad in the low half of subs and given the same grace.
 */
static void test_timeout_bytes(void **state)
{
	struct wire *w = *state;
	const uint8_t *q = queue_at(w, 0);
	uint32_t slot = w->fq->slot;
	struct fake_clock clk = { .ms = 5000 };
	uint8_t *px;
	const struct kvmfr_frame_desc d = {
		.type = KVMFR_FRAME_BGRA, .width = 8, .height = 8, .pitch = 32
	};

	lgmp_host_set_clock(&w->kh.lgmp, fake_clock_read, &clk);
	assert_int_equal(u64_at(w->mem, HDR_TIMESTAMP), 5000);
	assert_int_equal(kvmfr_host_frame_begin(&w->kh, &d, &px), 0);
	assert_int_equal(u64_at(q, Q_MSG_TIMEOUT), 6000);
	clk.ms = 6000;
	assert_int_equal(kvmfr_host_process(&w->kh), 0);
	assert_int_equal(u64_at(q, Q_SUBS), (uint64_t)1 << (32 + slot));
	assert_int_equal(u32_at(q, Q_COUNT), 1);
	clk.ms = 6001;
	assert_int_equal(kvmfr_host_process(&w->kh), 0);
	assert_int_equal(u64_at(w->mem, HDR_TIMESTAMP), 6001);
	assert_int_equal(u64_at(q, Q_SUBS), ((uint64_t)1 << (32 + slot)) | ((uint64_t)1 << slot));
	assert_int_equal(u64_at(q, Q_TIMEOUT + 8 * slot), 7001);
	assert_int_equal(u32_at(q, Q_COUNT), 0);
	assert_int_equal(u32_at(q, Q_START), 1);
	assert_int_equal(lgmp_client_process(w->fq, &(struct lgmp_message){ 0 }), -ETIMEDOUT);
	assert_int_equal(lgmp_client_unsubscribe(w->fq), -ETIMEDOUT);

	/* the slot is free again once the heartbeat has passed its grace */
	clk.ms = 7001;
	assert_int_equal(kvmfr_host_process(&w->kh), 0);
	assert_int_equal(lgmp_client_subscribe(&w->c, KVMFR_QUEUE_FRAME, &w->fq), 0);
	assert_int_not_equal(w->fq->slot, slot);
	assert_int_equal(lgmp_client_unsubscribe(w->fq), 0);
	clk.ms = 7002;
	assert_int_equal(kvmfr_host_process(&w->kh), 0);
	assert_int_equal(lgmp_client_subscribe(&w->c, KVMFR_QUEUE_FRAME, &w->fq), 0);
	assert_int_equal(w->fq->slot, slot);
	assert_int_equal(u64_at(q, Q_SUBS), (uint64_t)1 << (32 + slot));
	assert_int_equal(u64_at(q, Q_TIMEOUT + 8 * slot), 0);
	assert_int_equal(u32_at(q, Q_CLIENT_ID + 4 * slot), w->c.id);
}

/* The consumer's heartbeat rule: more than 1000 ms without a change. */
static void test_heartbeat_boundary(void **state)
{
	struct wire *w = *state;
	struct fake_clock clk = { .ms = 100000 };

	lgmp_client_set_clock(&w->c, fake_clock_read, &clk);
	__atomic_fetch_add((uint64_t *)(w->mem + HDR_TIMESTAMP), 1, __ATOMIC_RELEASE);
	assert_int_equal(lgmp_client_session_valid(&w->c), 0); /* beat seen now */
	clk.ms += 1000;
	assert_int_equal(lgmp_client_session_valid(&w->c), 0);
	clk.ms += 1;
	assert_int_equal(lgmp_client_session_valid(&w->c), -EHOSTDOWN);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_queue_headers), T(test_subscription_bytes), T(test_user_data_bytes),
		T(test_frame_bytes),   T(test_cursor_bytes),	   T(test_mailbox_bytes),
		T(test_timeout_bytes), T(test_heartbeat_boundary),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
