// SPDX-License-Identifier: MIT
/*
 * KVMFR v20 over LGMP: the user data records, frames with their write
 * pointer, truncation, torn frames, cursor messages, hostile frame and cursor
 * headers, and a producer and consumer in two processes over a /dev/shm file
 * mapped with the same code that maps /dev/kvmfr0.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "lgmp/kvmfr_client.h"
#include "lgmp/kvmfr_host.h"
#include "lgmp/lgmp_shm.h"

#define SHM_SIZE (4u << 20)
#define W 64
#define HT 48

struct kfix {
	uint8_t *mem;
	struct kvmfr_host kh;
	struct lgmp_client c;
	struct lgmp_client_queue *fq, *pq;
	struct lgmp_poll poll;
	uint8_t pixels[W * 4 * HT];
	uint8_t out[W * 4 * HT];
};

static int kfix_join(struct kfix *k)
{
	const uint8_t *u;
	uint32_t n;

	if (lgmp_client_init(&k->c, k->mem, SHM_SIZE))
		return -1;
	/* a real producer beats every 10 ms; simulate one beat */
	__atomic_fetch_add(&((struct lgmp_hdr *)k->mem)->timestamp, 1, __ATOMIC_RELEASE);
	if (lgmp_client_session_init(&k->c, &u, &n) ||
	    lgmp_client_subscribe(&k->c, KVMFR_QUEUE_FRAME, &k->fq) ||
	    lgmp_client_subscribe(&k->c, KVMFR_QUEUE_POINTER, &k->pq))
		return -1;
	return 0;
}

static int setup(void **state)
{
	static const struct kvmfr_host_config cfg = {
		.hostver = "test-host",
		.cursor_shape_bytes = 64 * 64 * 4,
	};
	struct kfix *k = calloc(1, sizeof(*k));

	k->mem = calloc(1, SHM_SIZE);
	if (kvmfr_host_init(&k->kh, k->mem, SHM_SIZE, &cfg) || kfix_join(k))
		return -1;
	lgmp_poll_init_adaptive(&k->poll, 1000, 1000, 1000);
	for (size_t i = 0; i < sizeof(k->pixels); i++)
		k->pixels[i] = (uint8_t)(i * 7 + 3);
	*state = k;
	return 0;
}

static int teardown(void **state)
{
	struct kfix *k = *state;

	kvmfr_host_free(&k->kh);
	free(k->mem);
	free(k);
	return 0;
}

static const struct kvmfr_frame_desc desc = {
	.type = KVMFR_FRAME_BGRA,
	.width = W,
	.height = HT,
	.pitch = W * 4,
	.format_ver = 1,
};

static void test_udata_records(void **state)
{
	struct kfix *k = *state;
	struct kvmfr_info info;
	const uint8_t *u;
	uint32_t n;

	__atomic_fetch_add(&((struct lgmp_hdr *)k->mem)->timestamp, 1, __ATOMIC_RELEASE);
	assert_int_equal(lgmp_client_session_init(&k->c, &u, &n), 0);
	assert_int_equal(kvmfr_parse_udata(u, n, &info), 0);
	assert_int_equal(info.version, 20);
	assert_string_equal(info.hostver, "test-host");
	assert_true(info.has_vminfo);
	assert_true(info.has_osinfo);
	assert_int_equal(info.os, KVMFR_OS_LINUX);
	assert_string_equal(info.os_name, "Linux");
}

static void test_udata_hostile(void **state)
{
	struct kfix *k = *state;
	struct kvmfr_info info;
	uint8_t u[128];

	(void)k;
	memset(u, 0, sizeof(u));
	assert_int_equal(kvmfr_parse_udata(u, 10, &info), -EBADMSG);
	assert_int_equal(kvmfr_parse_udata(u, sizeof(u), &info), -EBADMSG);
	memcpy(u, "KVMFR---", 8);
	u[8] = 34; /* a HEAD (IDD) producer */
	assert_int_equal(kvmfr_parse_udata(u, sizeof(u), &info), -EPROTONOSUPPORT);
	u[8] = 20;
	memset(u + 12, 'A', 32); /* hostver without a NUL */
	u[48] = KVMFR_RECORD_OSINFO;
	u[52] = 200; /* record longer than the user data */
	assert_int_equal(kvmfr_parse_udata(u, sizeof(u), &info), -EPROTO);
	u[52] = 5;
	memset(u + 56, 'B', 5); /* os name without a NUL */
	assert_int_equal(kvmfr_parse_udata(u, 61, &info), 0);
	assert_int_equal(strlen(info.hostver), 32);
	assert_string_equal(info.os_name, "BBBB");
}

static void post_frame(struct kfix *k)
{
	uint8_t *px;

	assert_int_equal(kvmfr_host_frame_begin(&k->kh, &desc, &px), 0);
	assert_ptr_equal(px, k->kh.fb->data);
	/* pixels start on the page boundary, for dma-buf import */
	assert_int_equal((px - k->mem) % 4096, 0);
	kvmfr_host_frame_write(&k->kh, k->pixels, sizeof(k->pixels));
}

static void test_frame_round_trip(void **state)
{
	struct kfix *k = *state;
	struct kvmfr_frame_view v;
	struct lgmp_message m;

	/* B7 numbers frames from 0 */
	for (uint32_t serial = 0; serial < 5; serial++) {
		k->pixels[0] = (uint8_t)serial;
		post_frame(k);
		assert_int_equal(lgmp_client_process(k->fq, &m), 0);
		assert_int_equal(kvmfr_frame_validate(&m, &v), 0);
		assert_int_equal(v.hdr.frame_serial, serial);
		assert_int_equal(v.hdr.data_width, W);
		assert_int_equal(v.hdr.data_height, HT);
		assert_int_equal(v.hdr.offset, 4096 - 4);
		assert_int_equal(v.data_size, sizeof(k->pixels));
		assert_int_equal(kvmfr_frame_copy(&v, k->out, &k->poll, 1000000), 0);
		assert_memory_equal(k->out, k->pixels, sizeof(k->pixels));
		assert_int_equal(lgmp_client_message_done(k->fq), 0);
	}
}

static void test_two_frames_in_flight_then_eagain(void **state)
{
	struct kfix *k = *state;
	uint8_t *px;

	post_frame(k);
	post_frame(k);
	assert_int_equal(kvmfr_host_frame_begin(&k->kh, &desc, &px), -EAGAIN);
}

static void test_truncated_frame(void **state)
{
	struct kfix *k = *state;
	struct kvmfr_frame_desc big = desc;
	struct kvmfr_frame_view v;
	struct lgmp_message m;
	uint8_t *px;

	big.height = 10000;
	big.width = 2000;
	big.pitch = 8000;
	assert_int_equal(kvmfr_host_frame_begin(&k->kh, &big, &px), 0);
	assert_int_equal(lgmp_client_process(k->fq, &m), 0);
	assert_int_equal(kvmfr_frame_validate(&m, &v), 0);
	assert_true(v.hdr.flags & KVMFR_FRAME_FLAG_TRUNCATED);
	assert_true(v.hdr.data_height < 10000);
	assert_true(v.data_size <= kvmfr_host_frame_capacity(&k->kh));
}

static void test_torn_frame_detected(void **state)
{
	struct kfix *k = *state;
	struct kvmfr_frame_view v;
	struct lgmp_message m;
	uint8_t *px;

	post_frame(k);
	assert_int_equal(lgmp_client_process(k->fq, &m), 0);
	assert_int_equal(kvmfr_frame_validate(&m, &v), 0);
	assert_int_equal(kvmfr_frame_copy(&v, k->out, &k->poll, 1000000), 0);
	/* the producer reuses this buffer while we still look at it: a
	 * consumer that was marked bad, or a producer that ignores LGMP */
	k->kh.capture_index = (uint32_t)k->kh.last_index;
	lgmp_client_message_done(k->fq);
	assert_int_equal(kvmfr_host_frame_begin(&k->kh, &desc, &px), 0);
	assert_int_equal(kvmfr_frame_verify(&v), -ESTALE);
	assert_int_equal(kvmfr_frame_copy(&v, k->out, &k->poll, 1000000), -ESTALE);
}

static void test_stalled_producer_times_out(void **state)
{
	struct kfix *k = *state;
	struct kvmfr_frame_view v;
	struct lgmp_message m;
	uint8_t *px;

	assert_int_equal(kvmfr_host_frame_begin(&k->kh, &desc, &px), 0);
	kvmfr_host_frame_progress(&k->kh, 100); /* then nothing */
	assert_int_equal(lgmp_client_process(k->fq, &m), 0);
	assert_int_equal(kvmfr_frame_validate(&m, &v), 0);
	assert_int_equal(kvmfr_frame_copy(&v, k->out, &k->poll, 5000000), -ETIMEDOUT);
}

static void test_hostile_frame_headers(void **state)
{
	struct kfix *k = *state;
	struct kvmfr_frame_view v;
	struct lgmp_message m;
	struct kvmfr_frame *f;

	post_frame(k);
	assert_int_equal(lgmp_client_process(k->fq, &m), 0);
	f = (struct kvmfr_frame *)m.mem;
#define EXPECT_BAD(field, val)                                           \
	do {                                                             \
		uint32_t saved = f->field;                               \
		f->field = (val);                                        \
		assert_int_equal(kvmfr_frame_validate(&m, &v), -EPROTO); \
		f->field = saved;                                        \
		assert_int_equal(kvmfr_frame_validate(&m, &v), 0);       \
	} while (0)
	EXPECT_BAD(type, 0);
	EXPECT_BAD(type, 99);
	EXPECT_BAD(data_width, 0);
	EXPECT_BAD(data_height, 0x40000000);
	EXPECT_BAD(pitch, W * 4 - 1);
	EXPECT_BAD(pitch, 0x80000000u);
	EXPECT_BAD(offset, 0xfffffffcu);
	EXPECT_BAD(offset, 1);
	EXPECT_BAD(offset, m.size);
	EXPECT_BAD(rotation, 4);
	EXPECT_BAD(damage_rects_count, 65);
	f->damage_rects_count = 1;
	f->damage_rects[0] = (struct kvmfr_damage_rect){ 0, 0, W, HT };
	assert_int_equal(kvmfr_frame_validate(&m, &v), 0);
	f->damage_rects[0].x = 0xffffffffu; /* wraps in 32 bits */
	assert_int_equal(kvmfr_frame_validate(&m, &v), -EPROTO);
	m.size = sizeof(struct kvmfr_frame) - 1;
	assert_int_equal(kvmfr_frame_validate(&m, &v), -EPROTO);
#undef EXPECT_BAD
}

static void test_cursor_round_trip_and_hostile(void **state)
{
	struct kfix *k = *state;
	struct kvmfr_cursor cur = { .x = 10,
				    .y = -3,
				    .hx = 1,
				    .hy = 2,
				    .type = KVMFR_CURSOR_COLOR,
				    .width = 32,
				    .height = 32,
				    .pitch = 128 };
	static uint8_t shape[32 * 128];
	struct kvmfr_cursor_view cv;
	struct lgmp_message m;
	struct kvmfr_cursor *sc;

	memset(shape, 0xab, sizeof(shape));
	assert_int_equal(kvmfr_host_cursor(&k->kh, KVMFR_CURSOR_FLAG_POSITION, &cur, NULL), 0);
	assert_int_equal(lgmp_client_process(k->pq, &m), 0);
	assert_int_equal(kvmfr_cursor_validate(&m, &cv), 0);
	assert_int_equal(cv.hdr.x, 10);
	assert_int_equal(cv.hdr.y, -3);
	assert_null(cv.shape);
	assert_int_equal(lgmp_client_message_done(k->pq), 0);

	assert_int_equal(kvmfr_host_cursor(&k->kh,
					   KVMFR_CURSOR_FLAG_SHAPE | KVMFR_CURSOR_FLAG_VISIBLE,
					   &cur, shape),
			 0);
	assert_int_equal(lgmp_client_process(k->pq, &m), 0);
	assert_int_equal(kvmfr_cursor_validate(&m, &cv), 0);
	assert_non_null(cv.shape);
	assert_int_equal(cv.shape_size, sizeof(shape));
	assert_memory_equal(cv.shape, shape, sizeof(shape));

	sc = (struct kvmfr_cursor *)m.mem;
	sc->height = 100000;
	assert_int_equal(kvmfr_cursor_validate(&m, &cv), -EPROTO);
	sc->height = 64;
	sc->pitch = 0x10000000; /* height * pitch beyond the message */
	assert_int_equal(kvmfr_cursor_validate(&m, &cv), -EPROTO);
	sc->pitch = 4; /* narrower than width * 4 */
	assert_int_equal(kvmfr_cursor_validate(&m, &cv), -EPROTO);
	sc->pitch = 128;
	sc->type = 3;
	assert_int_equal(kvmfr_cursor_validate(&m, &cv), -EPROTO);

	cur.pitch = 1 << 20; /* shape bigger than the shape buffer */
	assert_int_equal(kvmfr_host_cursor(&k->kh, KVMFR_CURSOR_FLAG_SHAPE, &cur, shape), -E2BIG);
}

static void test_new_subscriber_gets_last_frame(void **state)
{
	struct kfix *k = *state;
	struct lgmp_client c2;
	struct lgmp_client_queue *q2;
	struct kvmfr_frame_view v;
	struct lgmp_message m;

	post_frame(k);
	assert_int_equal(lgmp_client_process(k->fq, &m), 0);
	assert_int_equal(lgmp_client_message_done(k->fq), 0);
	assert_int_equal(kvmfr_host_process(&k->kh), 0);
	assert_int_equal(lgmp_client_init(&c2, k->mem, SHM_SIZE), 0);
	__atomic_fetch_add(&((struct lgmp_hdr *)k->mem)->timestamp, 1, __ATOMIC_RELEASE);
	assert_int_equal(lgmp_client_session_init(&c2, NULL, NULL), 0);
	assert_int_equal(lgmp_client_subscribe(&c2, KVMFR_QUEUE_FRAME, &q2), 0);
	assert_int_equal(lgmp_client_process(q2, &m), -EAGAIN);
	assert_int_equal(kvmfr_host_process(&k->kh), 0);
	assert_int_equal(lgmp_client_process(q2, &m), 0);
	assert_int_equal(kvmfr_frame_validate(&m, &v), 0);
	/* the same frame again: same serial, so B7's client drops the repeat */
	assert_int_equal(v.hdr.frame_serial, 0);
}

/* Producer in a child process, consumer here, over a /dev/shm file. */
static void test_two_processes_over_shm_file(void **state)
{
	char path[64];
	struct lgmp_shm shm;
	struct kvmfr_host kh;
	struct lgmp_client c;
	struct lgmp_client_queue *q;
	struct lgmp_poll poll;
	static uint8_t px[256 * 4 * 64], out[256 * 4 * 64];
	const struct kvmfr_frame_desc d = {
		.type = KVMFR_FRAME_BGRA, .width = 256, .height = 64, .pitch = 1024
	};
	int status, ret, got = 0;
	pid_t pid;

	(void)state;
	snprintf(path, sizeof(path), "/dev/shm/test-lgmp-%d", (int)getpid());
	assert_int_equal(lgmp_shm_open(&shm, path, 8u << 20), 0);
	memset(shm.mem, 0, shm.size);
	assert_int_equal(kvmfr_host_init(&kh, shm.mem, shm.size, NULL), 0);
	assert_int_equal(lgmp_client_init(&c, shm.mem, shm.size), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct lgmp_shm cs;
		uint64_t end = lgmp_now_ns() + 5000000000ull;
		uint32_t sent = 0;

		/* the child maps the file itself, as a separate producer */
		if (lgmp_shm_open(&cs, path, 0))
			_exit(2);
		kh.lgmp.mem = cs.mem; /* same layout, own mapping */
		for (int i = 0; i < 2; i++) {
			kh.frame_mem[i].ptr = (uint8_t *)cs.mem + kh.frame_mem[i].offset;
		}
		kh.frame_q->hq = &((struct lgmp_hdr *)cs.mem)->queues[0];
		kh.pointer_q->hq = &((struct lgmp_hdr *)cs.mem)->queues[1];
		while (sent < 20 && lgmp_now_ns() < end) {
			uint8_t *p;

			kvmfr_host_process(&kh);
			if (!lgmp_host_queue_has_subs(kh.frame_q) ||
			    kvmfr_host_frame_begin(&kh, &d, &p)) {
				usleep(100);
				continue;
			}
			memset(px, (int)kh.frame_serial, sizeof(px));
			sent++;
			kvmfr_host_frame_write(&kh, px, sizeof(px));
		}
		_exit(sent == 20 ? 0 : 1);
	}
	lgmp_poll_init_adaptive(&poll, 20000, 50000, 500000);
	while ((ret = lgmp_client_session_init(&c, NULL, NULL)) == -EAGAIN)
		lgmp_poll_idle(&poll);
	assert_int_equal(ret, 0);
	assert_int_equal(lgmp_client_subscribe(&c, KVMFR_QUEUE_FRAME, &q), 0);
	while (got < 20) {
		struct lgmp_message m;
		struct kvmfr_frame_view v;

		ret = lgmp_client_process(q, &m);
		if (ret == -EAGAIN) {
			assert_int_equal(lgmp_client_session_valid(&c), 0);
			lgmp_poll_idle(&poll);
			continue;
		}
		assert_int_equal(ret, 0);
		assert_int_equal(kvmfr_frame_validate(&m, &v), 0);
		assert_int_equal(kvmfr_frame_copy(&v, out, &poll, 1000000000), 0);
		/* every byte of a frame carries its serial: not mixed */
		assert_int_equal(out[0], (uint8_t)v.hdr.frame_serial);
		assert_int_equal(out[sizeof(out) - 1], out[0]);
		got++;
		assert_int_equal(lgmp_client_message_done(q), 0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	kvmfr_host_free(&kh);
	lgmp_shm_close(&shm);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_udata_records),
		T(test_udata_hostile),
		T(test_frame_round_trip),
		T(test_two_frames_in_flight_then_eagain),
		T(test_truncated_frame),
		T(test_torn_frame_detected),
		T(test_stalled_producer_times_out),
		T(test_hostile_frame_headers),
		T(test_cursor_round_trip_and_hostile),
		T(test_new_subscriber_gets_last_frame),
		cmocka_unit_test(test_two_processes_over_shm_file),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
