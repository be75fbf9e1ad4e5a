// SPDX-License-Identifier: MIT
/*
 * Looking Glass B7 semantics, as read in B7's host application and client
 * and checked against them built side by side: a new pointer subscriber is
 * sent the cursor's shape and position (also a client that joins a producer
 * running in another process), frame descriptions whose screen, frame and
 * data sizes differ (scaled frames, packed 24-bit RGB), serials counted from
 * 0 with repeats keeping theirs, the zero-copy view with its tear check, and
 * the refusal of later protocols (LGMP 10, KVMFR 34) naming the versions.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "lgmp/kvmfr_client.h"
#include "lgmp/kvmfr_host.h"
#include "lgmp/lgmp_shm.h"

#define SHM_SIZE (8u << 20)

struct b7fix {
	uint8_t *mem;
	struct kvmfr_host kh;
	struct lgmp_poll poll;
};

struct joiner {
	struct lgmp_client c;
	struct lgmp_client_queue *fq, *pq;
};

static void beat(uint8_t *mem)
{
	/* a real producer beats every 10 ms; one beat lets a client join */
	__atomic_fetch_add(&((struct lgmp_hdr *)mem)->timestamp, 1, __ATOMIC_RELEASE);
}

static void join(uint8_t *mem, size_t size, struct joiner *j)
{
	assert_int_equal(lgmp_client_init(&j->c, mem, size), 0);
	beat(mem);
	assert_int_equal(lgmp_client_session_init(&j->c, NULL, NULL), 0);
	assert_int_equal(lgmp_client_subscribe(&j->c, KVMFR_QUEUE_FRAME, &j->fq), 0);
	assert_int_equal(lgmp_client_subscribe(&j->c, KVMFR_QUEUE_POINTER, &j->pq), 0);
}

static int setup(void **state)
{
	static const struct kvmfr_host_config cfg = {
		.cursor_shape_bytes = 64 * 64 * 4,
	};
	struct b7fix *b = calloc(1, sizeof(*b));

	b->mem = calloc(1, SHM_SIZE);
	if (kvmfr_host_init(&b->kh, b->mem, SHM_SIZE, &cfg))
		return -1;
	lgmp_poll_init_adaptive(&b->poll, 1000, 1000, 1000);
	*state = b;
	return 0;
}

static int teardown(void **state)
{
	struct b7fix *b = *state;

	kvmfr_host_free(&b->kh);
	free(b->mem);
	free(b);
	return 0;
}

static const struct kvmfr_cursor arrow = { .type = KVMFR_CURSOR_COLOR,
					   .hx = 3,
					   .hy = 4,
					   .width = 32,
					   .height = 32,
					   .pitch = 128 };

static void move_to(struct kvmfr_host *kh, int16_t x, int16_t y)
{
	struct kvmfr_cursor c = { .x = x, .y = y };

	assert_int_equal(kvmfr_host_cursor(kh,
					   KVMFR_CURSOR_FLAG_POSITION | KVMFR_CURSOR_FLAG_VISIBLE,
					   &c, NULL),
			 0);
}

static void drain(struct lgmp_client_queue *q)
{
	struct lgmp_message m;

	while (lgmp_client_process(q, &m) == 0)
		assert_int_equal(lgmp_client_message_done(q), 0);
}

/* The one message a newly subscribed client is owed on the pointer queue. */
static void expect_cursor(struct joiner *j, uint32_t flags, int16_t x, int16_t y,
			  const uint8_t *shape, size_t shape_size)
{
	struct kvmfr_cursor_view cv;
	struct lgmp_message m;

	assert_int_equal(lgmp_client_process(j->pq, &m), 0);
	assert_int_equal(kvmfr_cursor_validate(&m, &cv), 0);
	assert_int_equal(cv.flags, flags);
	assert_int_equal(cv.hdr.x, x);
	assert_int_equal(cv.hdr.y, y);
	if (shape) {
		assert_non_null(cv.shape);
		assert_int_equal(cv.hdr.width, arrow.width);
		assert_int_equal(cv.hdr.hx, arrow.hx);
		assert_int_equal(cv.shape_size, shape_size);
		assert_memory_equal(cv.shape, shape, shape_size);
	} else {
		assert_null(cv.shape);
	}
	assert_int_equal(lgmp_client_message_done(j->pq), 0);
	assert_int_equal(lgmp_client_process(j->pq, &m), -EAGAIN);
}

static void test_late_client_gets_shape_and_position(void **state)
{
	struct b7fix *b = *state;
	static uint8_t shape[32 * 128];
	struct joiner first, late;
	struct lgmp_message m;

	memset(shape, 0x5c, sizeof(shape));
	join(b->mem, SHM_SIZE, &first);
	assert_int_equal(kvmfr_host_process(&b->kh), 0);
	drain(first.pq); /* its own welcome */
	assert_int_equal(kvmfr_host_cursor(&b->kh,
					   KVMFR_CURSOR_FLAG_SHAPE | KVMFR_CURSOR_FLAG_VISIBLE,
					   &arrow, shape),
			 0);
	move_to(&b->kh, 100, 200);
	move_to(&b->kh, 640, -5);
	drain(first.pq);

	join(b->mem, SHM_SIZE, &late);
	assert_int_equal(lgmp_client_process(late.pq, &m), -EAGAIN);
	assert_int_equal(kvmfr_host_process(&b->kh), 0);
	expect_cursor(&late,
		      KVMFR_CURSOR_FLAG_POSITION | KVMFR_CURSOR_FLAG_SHAPE |
			      KVMFR_CURSOR_FLAG_VISIBLE,
		      640, -5, shape, sizeof(shape));
	/* once only: the next process call sends nothing more */
	drain(first.pq);
	assert_int_equal(kvmfr_host_process(&b->kh), 0);
	assert_int_equal(lgmp_client_process(late.pq, &m), -EAGAIN);
}

/* B7 keeps the cursor while nobody listens (posts without subscribers are
 * dropped): the first client of a producer that ran alone still gets it.
 */
static void test_cursor_kept_without_subscribers(void **state)
{
	struct b7fix *b = *state;
	static uint8_t shape[32 * 128];
	struct kvmfr_cursor hidden = { .x = 7, .y = 9 };
	struct joiner j;

	memset(shape, 0x33, sizeof(shape));
	assert_int_equal(kvmfr_host_cursor(&b->kh, KVMFR_CURSOR_FLAG_SHAPE, &arrow, shape), 0);
	assert_int_equal(kvmfr_host_cursor(&b->kh, KVMFR_CURSOR_FLAG_POSITION, &hidden, NULL), 0);
	join(b->mem, SHM_SIZE, &j);
	assert_int_equal(kvmfr_host_process(&b->kh), 0);
	/* not visible: the flag is absent, position and shape are there */
	expect_cursor(&j, KVMFR_CURSOR_FLAG_POSITION | KVMFR_CURSOR_FLAG_SHAPE, 7, 9, shape,
		      sizeof(shape));
}

/* What B7's host sends the first client of a fresh producer (seen with
 * B7's Linux host): a position-only message at 0,0, not visible.
 */
static void test_first_client_of_fresh_producer(void **state)
{
	struct b7fix *b = *state;
	struct joiner j;

	join(b->mem, SHM_SIZE, &j);
	assert_int_equal(kvmfr_host_process(&b->kh), 0);
	expect_cursor(&j, KVMFR_CURSOR_FLAG_POSITION, 0, 0, NULL, 0);
}

static void test_late_client_before_any_shape(void **state)
{
	struct b7fix *b = *state;
	struct joiner j;

	move_to(&b->kh, 12, 34);
	join(b->mem, SHM_SIZE, &j);
	assert_int_equal(kvmfr_host_process(&b->kh), 0);
	expect_cursor(&j, KVMFR_CURSOR_FLAG_POSITION | KVMFR_CURSOR_FLAG_VISIBLE, 12, 34, NULL, 0);
}

/* A pointer queue kept full by a slow client delays the welcome, never
 * loses it.
 */
static void test_cursor_resend_waits_for_room(void **state)
{
	struct b7fix *b = *state;
	struct joiner slow, late;
	struct lgmp_message m;
	int n = 0;

	join(b->mem, SHM_SIZE, &slow);
	assert_int_equal(kvmfr_host_process(&b->kh), 0);
	drain(slow.pq);
	for (;;) {
		struct kvmfr_cursor c = { .x = (int16_t)n, .y = 1 };

		if (kvmfr_host_cursor(&b->kh, KVMFR_CURSOR_FLAG_POSITION, &c, NULL) == -EAGAIN)
			break;
		n++;
	}
	assert_int_equal(n, KVMFR_QUEUE_POINTER_LEN);
	join(b->mem, SHM_SIZE, &late);
	assert_int_equal(kvmfr_host_process(&b->kh), 0);
	assert_int_equal(lgmp_client_process(late.pq, &m), -EAGAIN);
	drain(slow.pq);
	assert_int_equal(kvmfr_host_process(&b->kh), 0);
	expect_cursor(&late, KVMFR_CURSOR_FLAG_POSITION, (int16_t)(n - 1), 1, NULL, 0);
}

/* Producer in a child process that moves the cursor all along; a client
 * joins it while it runs and must be drawn the cursor without any change.
 */
static void test_client_joins_running_producer(void **state)
{
	static const struct kvmfr_host_config cfg = {
		.cursor_shape_bytes = 64 * 64 * 4,
	};
	static uint8_t shape[32 * 128];
	volatile uint8_t *stop;
	struct lgmp_shm shm;
	struct kvmfr_host kh;
	struct lgmp_client c;
	struct lgmp_client_queue *pq;
	struct kvmfr_cursor_view cv;
	char path[64];
	int status, ret;
	uint64_t end;
	pid_t pid;

	(void)state;
	memset(shape, 0x77, sizeof(shape));
	snprintf(path, sizeof(path), "/dev/shm/test-lgmp-b7-%d", (int)getpid());
	assert_int_equal(lgmp_shm_open(&shm, path, SHM_SIZE), 0);
	unlink(path); /* both processes share the mapping; no file left */
	memset(shm.mem, 0, shm.size);
	stop = mmap(NULL, 1, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	assert_true(stop != MAP_FAILED);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		uint64_t until = lgmp_now_ns() + 10000000000ull;
		int16_t x = 0;

		if (kvmfr_host_init(&kh, shm.mem, shm.size, &cfg) ||
		    kvmfr_host_cursor(&kh, KVMFR_CURSOR_FLAG_SHAPE, &arrow, shape))
			_exit(2);
		/* it has been running a while when the client comes */
		while (!*stop && lgmp_now_ns() < until) {
			struct kvmfr_cursor p = { .x = 500, .y = 300 };

			if (x++ % 50 == 0)
				kvmfr_host_cursor(
					&kh, KVMFR_CURSOR_FLAG_POSITION | KVMFR_CURSOR_FLAG_VISIBLE,
					&p, NULL);
			kvmfr_host_process(&kh);
			usleep(1000);
		}
		_exit(*stop ? 0 : 1);
	}
	usleep(50000);
	assert_int_equal(lgmp_client_init(&c, shm.mem, shm.size), 0);
	end = lgmp_now_ns() + 5000000000ull;
	while ((ret = lgmp_client_session_init(&c, NULL, NULL)) == -EAGAIN && lgmp_now_ns() < end)
		usleep(1000);
	assert_int_equal(ret, 0);
	assert_int_equal(lgmp_client_subscribe(&c, KVMFR_QUEUE_POINTER, &pq), 0);
	/*
	 * The welcome carries shape and position. A position update the
	 * producer posted in the same round as it saw the subscriber may come
	 * before it (seen under load): the client takes it and reads on to
	 * the shape.
	 */
	for (;;) {
		struct lgmp_message m;

		ret = lgmp_client_process(pq, &m);
		if (ret == -EAGAIN && lgmp_now_ns() < end) {
			usleep(500);
			continue;
		}
		assert_int_equal(ret, 0);
		assert_int_equal(kvmfr_cursor_validate(&m, &cv), 0);
		if (cv.flags & KVMFR_CURSOR_FLAG_SHAPE)
			break;
		assert_int_equal(cv.hdr.x, 500);
		/* consumed, or the next process() sees it again until the
		 * producer times the client out (-ETIMEDOUT) */
		assert_int_equal(lgmp_client_message_done(pq), 0);
	}
	*stop = 1;
	assert_true(cv.flags & KVMFR_CURSOR_FLAG_SHAPE);
	assert_true(cv.flags & KVMFR_CURSOR_FLAG_POSITION);
	assert_int_equal(cv.hdr.x, 500);
	assert_int_equal(cv.hdr.y, 300);
	assert_int_equal(cv.shape_size, sizeof(shape));
	assert_memory_equal(cv.shape, shape, sizeof(shape));
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	munmap((void *)stop, 1);
	lgmp_shm_close(&shm);
}

static void round_trip(struct b7fix *b, struct joiner *j, const struct kvmfr_frame_desc *d,
		       struct kvmfr_frame_view *v)
{
	static uint8_t src[1u << 20], dst[1u << 20];
	struct lgmp_message m;
	uint32_t size = (d->data_height ? d->data_height : d->height) * d->pitch;
	uint8_t *px;

	assert_true(size <= sizeof(src));
	for (uint32_t i = 0; i < size; i++)
		src[i] = (uint8_t)(i * 13 + 1);
	assert_int_equal(kvmfr_host_frame_begin(&b->kh, d, &px), 0);
	kvmfr_host_frame_write(&b->kh, src, size);
	assert_int_equal(lgmp_client_process(j->fq, &m), 0);
	assert_int_equal(kvmfr_frame_validate(&m, v), 0);
	assert_int_equal(v->data_size, size);
	assert_int_equal(kvmfr_frame_copy(v, dst, &b->poll, 1000000), 0);
	assert_memory_equal(dst, src, size);
	assert_int_equal(lgmp_client_message_done(j->fq), 0);
}

/*
 * A producer that posts frames and never a cursor (the VM tests' guest
 * program, the frames benchmark) against what B7's client needs. Its frame
 * thread and its cursor thread are apart: frames are shown whether or not
 * anything ever comes on the pointer queue, which the cursor thread only
 * polls. But until a message with the position flag arrives, the client
 * counts the guest's cursor as unknown: it draws none, and outside capture
 * mode it sends the guest no mouse motion. So a new pointer subscriber must
 * be sent the position, as B7's host does for every one, even before any
 * cursor was seen; not visible, so no cursor is drawn. Each subscription
 * (a restarted client) is owed it again; the frames never wait for it.
 */
static void test_frames_only_producer_and_the_pointer_queue(void **state)
{
	struct b7fix *b = *state;
	const struct kvmfr_frame_desc d = {
		.type = KVMFR_FRAME_BGRA, .width = 16, .height = 16, .pitch = 64
	};
	struct kvmfr_frame_view v;
	struct joiner j, again;
	struct lgmp_message m;
	uint8_t *px;

	/* frames only: the pointer queue stays empty and nobody waits on it */
	assert_int_equal(lgmp_client_init(&j.c, b->mem, SHM_SIZE), 0);
	beat(b->mem);
	assert_int_equal(lgmp_client_session_init(&j.c, NULL, NULL), 0);
	assert_int_equal(lgmp_client_subscribe(&j.c, KVMFR_QUEUE_FRAME, &j.fq), 0);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(kvmfr_host_process(&b->kh), 0);
		round_trip(b, &j, &d, &v);
	}
	assert_int_equal(lgmp_host_queue_pending(b->kh.pointer_q), 0);

	/* the cursor thread subscribes late: one position, 0,0, hidden */
	assert_int_equal(lgmp_client_subscribe(&j.c, KVMFR_QUEUE_POINTER, &j.pq), 0);
	assert_int_equal(kvmfr_host_process(&b->kh), 0);
	expect_cursor(&j, KVMFR_CURSOR_FLAG_POSITION, 0, 0, NULL, 0);
	/* and nothing more while the producer runs on */
	assert_int_equal(kvmfr_host_frame_begin(&b->kh, &d, &px), 0);
	kvmfr_host_frame_progress(&b->kh, 16 * 64);
	assert_int_equal(kvmfr_host_process(&b->kh), 0);
	assert_int_equal(lgmp_client_process(j.pq, &m), -EAGAIN);

	/* a restarted client is owed it again */
	assert_int_equal(lgmp_client_unsubscribe(j.pq), 0);
	join(b->mem, SHM_SIZE, &again);
	assert_int_equal(kvmfr_host_process(&b->kh), 0);
	expect_cursor(&again, KVMFR_CURSOR_FLAG_POSITION, 0, 0, NULL, 0);
}

/* B7's D12 capture downscaled: a 4K screen sent as a 1080p frame. */
static void test_scaled_frame(void **state)
{
	struct b7fix *b = *state;
	const struct kvmfr_frame_desc d = { .type = KVMFR_FRAME_BGRA,
					    .width = 240,
					    .height = 135,
					    .pitch = 240 * 4,
					    .screen_width = 480,
					    .screen_height = 270 };
	struct kvmfr_frame_view v;
	struct joiner j;

	join(b->mem, SHM_SIZE, &j);
	round_trip(b, &j, &d, &v);
	assert_int_equal(v.hdr.screen_width, 480);
	assert_int_equal(v.hdr.screen_height, 270);
	assert_int_equal(v.hdr.frame_width, 240);
	assert_int_equal(v.hdr.frame_height, 135);
	assert_int_equal(v.hdr.data_width, 240);
	assert_int_equal(v.hdr.data_height, 135);
	assert_int_equal(v.hdr.stride, 240);
}

/* B7's NvFBC RGB_24: 3 bytes a pixel, rows padded to a 64-texel stride. */
static void test_packed_rgb24_frame(void **state)
{
	struct b7fix *b = *state;
	/* 100 px wide: stride rounds 100 / 4 up to 64, times 4 = 256 px */
	const struct kvmfr_frame_desc d = { .type = KVMFR_FRAME_RGB_24,
					    .width = 100,
					    .height = 60,
					    .pitch = 256 * 3,
					    .stride = 256 };
	struct kvmfr_frame_view v;
	struct joiner j;

	join(b->mem, SHM_SIZE, &j);
	round_trip(b, &j, &d, &v);
	assert_int_equal(v.bpp, 3);
	assert_int_equal(v.hdr.type, KVMFR_FRAME_RGB_24);
	assert_int_equal(v.hdr.stride, 256);
	assert_int_equal(v.hdr.pitch, 768);
	assert_int_equal(v.data_size, 60 * 768);
}

/* B7's D12 24-bit effect: W x H RGB pixels packed into 32-bit BGR_32
 * texels, a data grid of other dimensions than the image.
 */
static void test_packed_bgr32_frame(void **state)
{
	struct b7fix *b = *state;
	/* 200 x 90 px: 600 B a row, 150 texels rounded up to 192; rows of
	 * texels: 200 * 90 / (600 / 3) = 90
	 */
	const struct kvmfr_frame_desc d = { .type = KVMFR_FRAME_BGR_32,
					    .width = 200,
					    .height = 90,
					    .data_width = 192,
					    .data_height = 90,
					    .pitch = 192 * 4 };
	struct kvmfr_frame_view v;
	struct joiner j;

	join(b->mem, SHM_SIZE, &j);
	round_trip(b, &j, &d, &v);
	assert_int_equal(v.hdr.frame_width, 200);
	assert_int_equal(v.hdr.data_width, 192);
	assert_int_equal(v.hdr.stride, 192);
	assert_int_equal(v.data_size, 90 * 768);
}

static void test_bad_descriptions_refused(void **state)
{
	struct b7fix *b = *state;
	struct kvmfr_frame_desc d = {
		.type = KVMFR_FRAME_RGB_24, .width = 100, .height = 60, .pitch = 300
	};
	uint8_t *px;

	d.stride = 101; /* 101 * 3 > pitch */
	assert_int_equal(kvmfr_host_frame_begin(&b->kh, &d, &px), -EINVAL);
	d.stride = 0;
	d.data_width = 101; /* wider than the pitch */
	assert_int_equal(kvmfr_host_frame_begin(&b->kh, &d, &px), -EINVAL);
	d.data_width = 0;
	d.pitch = 1u << 30; /* not even one row fits */
	assert_int_equal(kvmfr_host_frame_begin(&b->kh, &d, &px), -EINVAL);
}

static void test_hostile_sizes_refused(void **state)
{
	struct b7fix *b = *state;
	const struct kvmfr_frame_desc d = { .type = KVMFR_FRAME_RGB_24,
					    .width = 100,
					    .height = 60,
					    .pitch = 256 * 3,
					    .stride = 256 };
	struct kvmfr_frame_view v;
	struct lgmp_message m;
	struct kvmfr_frame *f;
	struct joiner j;
	uint8_t *px;

	join(b->mem, SHM_SIZE, &j);
	assert_int_equal(kvmfr_host_frame_begin(&b->kh, &d, &px), 0);
	assert_int_equal(lgmp_client_process(j.fq, &m), 0);
	f = (struct kvmfr_frame *)m.mem;
#define EXPECT_BAD(field, value)                                         \
	do {                                                             \
		uint32_t saved = f->field;                               \
		f->field = (value);                                      \
		assert_int_equal(kvmfr_frame_validate(&m, &v), -EPROTO); \
		f->field = saved;                                        \
		assert_int_equal(kvmfr_frame_validate(&m, &v), 0);       \
	} while (0)
	EXPECT_BAD(screen_width, 0);
	EXPECT_BAD(screen_height, KVMFR_MAX_DIM + 1);
	EXPECT_BAD(stride, 257); /* 257 texels of 3 B overrun the pitch */
	EXPECT_BAD(stride, 99); /* narrower than the data */
	EXPECT_BAD(frame_width, 0);
#undef EXPECT_BAD
	/* a frame message off 4-byte alignment (found by fuzz_lgmp) */
	m.offset += 1;
	m.mem += 1;
	assert_int_equal(kvmfr_frame_validate(&m, &v), -EPROTO);
}

static void test_serials_as_b7(void **state)
{
	struct b7fix *b = *state;
	const struct kvmfr_frame_desc d = {
		.type = KVMFR_FRAME_BGRA, .width = 16, .height = 16, .pitch = 64
	};
	struct kvmfr_frame_view v;
	struct lgmp_message m;
	struct joiner j, late;
	uint8_t *px;

	join(b->mem, SHM_SIZE, &j);
	for (uint32_t want = 0; want < 3; want++) {
		assert_int_equal(kvmfr_host_frame_begin(&b->kh, &d, &px), 0);
		assert_int_equal(b->kh.frame_serial, want);
		kvmfr_host_frame_progress(&b->kh, 16 * 64);
		assert_int_equal(lgmp_client_process(j.fq, &m), 0);
		assert_int_equal(kvmfr_frame_validate(&m, &v), 0);
		assert_int_equal(v.hdr.frame_serial, want);
		assert_int_equal(lgmp_client_message_done(j.fq), 0);
	}
	/* the re-post to a late client repeats serial 2 to everyone */
	join(b->mem, SHM_SIZE, &late);
	assert_int_equal(kvmfr_host_process(&b->kh), 0);
	assert_int_equal(lgmp_client_process(late.fq, &m), 0);
	assert_int_equal(kvmfr_frame_validate(&m, &v), 0);
	assert_int_equal(v.hdr.frame_serial, 2);
	assert_int_equal(lgmp_client_process(j.fq, &m), 0);
	assert_int_equal(kvmfr_frame_validate(&m, &v), 0);
	assert_int_equal(v.hdr.frame_serial, 2);
}

static void test_zero_copy_view_and_tear(void **state)
{
	struct b7fix *b = *state;
	const struct kvmfr_frame_desc d = {
		.type = KVMFR_FRAME_BGRA, .width = 64, .height = 32, .pitch = 256
	};
	static uint8_t src[32 * 256];
	struct kvmfr_frame_view v;
	struct lgmp_message m;
	const uint8_t *view;
	struct joiner j;
	uint8_t *px;

	memset(src, 0x42, sizeof(src));
	join(b->mem, SHM_SIZE, &j);
	assert_int_equal(kvmfr_host_frame_begin(&b->kh, &d, &px), 0);
	assert_int_equal(lgmp_client_process(j.fq, &m), 0);
	assert_int_equal(kvmfr_frame_validate(&m, &v), 0);
	/* not written yet: the view is not handed out */
	assert_int_equal(kvmfr_frame_map(&v, &view, &b->poll, 100000), -ETIMEDOUT);
	assert_null(view);
	kvmfr_host_frame_write(&b->kh, src, sizeof(src));
	assert_int_equal(kvmfr_frame_map(&v, &view, &b->poll, 100000), 0);
	/* the pixels themselves, in shared memory, on a page (dma-buf) */
	assert_ptr_equal(view, px);
	assert_int_equal(v.data_offset, (uint64_t)(px - b->mem));
	assert_int_equal(v.data_offset % 4096, 0);
	assert_memory_equal(view, src, sizeof(src));
	assert_int_equal(kvmfr_frame_verify(&v), 0);
	/* a producer that reuses the buffer while it is in use (B7's never
	 * does while the message is held) is caught after the use
	 */
	__atomic_store_n(&b->kh.fb->wp, 0, __ATOMIC_RELEASE);
	assert_int_equal(kvmfr_frame_verify(&v), -ESTALE);
	__atomic_store_n(&b->kh.fb->wp, sizeof(src), __ATOMIC_RELEASE);
	assert_int_equal(kvmfr_frame_verify(&v), 0);
	((struct kvmfr_frame *)m.mem)->frame_serial++;
	assert_int_equal(kvmfr_frame_verify(&v), -ESTALE);
}

/* An LGMP 10 header: magic and version behind five 64-byte aligned queues. */
static void test_lgmp_10_refused_by_name(void **state)
{
	struct b7fix *b = *state;
	struct lgmp_client c;
	uint32_t *v10 = (uint32_t *)(b->mem + LGMP_V10_MAGIC_OFFSET);
	char msg[160];

	memset(b->mem, 0, 16384);
	v10[0] = LGMP_MAGIC;
	v10[1] = 10;
	assert_int_equal(lgmp_client_init(&c, b->mem, SHM_SIZE), 0);
	beat(b->mem);
	assert_int_equal(lgmp_client_session_init(&c, NULL, NULL), -EPROTONOSUPPORT);
	assert_int_equal(c.peer_version, 10);
	assert_string_equal(lgmp_version_refusal(msg, sizeof(msg), c.peer_version),
			    "LGMP protocol 10 (Looking Glass development "
			    "branch) is not supported: this consumer speaks "
			    "LGMP 6 (Looking Glass B7)");
	/* nothing at either place: not LGMP at all */
	v10[0] = 0;
	assert_int_equal(lgmp_client_session_init(&c, NULL, NULL), -EBADMSG);
	assert_int_equal(c.peer_version, 0);
	/* a v6-style header of another version is named too */
	((struct lgmp_hdr *)b->mem)->magic = LGMP_MAGIC;
	((struct lgmp_hdr *)b->mem)->version = 7;
	assert_int_equal(lgmp_client_session_init(&c, NULL, NULL), -EPROTONOSUPPORT);
	assert_int_equal(c.peer_version, 7);
	assert_string_equal(lgmp_version_refusal(msg, sizeof(msg), 7),
			    "LGMP protocol 7 is not supported: this consumer "
			    "speaks LGMP 6 (Looking Glass B7)");
}

static void test_kvmfr_34_refused_by_name(void **state)
{
	struct kvmfr_udata kv = { .version = 34 };
	struct kvmfr_info info;
	char msg[160];

	(void)state;
	memcpy(kv.magic, KVMFR_MAGIC, sizeof(kv.magic));
	assert_int_equal(kvmfr_parse_udata((const uint8_t *)&kv, sizeof(kv), &info),
			 -EPROTONOSUPPORT);
	assert_int_equal(info.version, 34);
	assert_string_equal(kvmfr_version_refusal(msg, sizeof(msg), info.version),
			    "KVMFR version 34 (Looking Glass development "
			    "branch) is not supported: this consumer speaks "
			    "KVMFR 20 (Looking Glass B7)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_late_client_gets_shape_and_position),
		T(test_cursor_kept_without_subscribers),
		T(test_first_client_of_fresh_producer),
		T(test_late_client_before_any_shape),
		T(test_frames_only_producer_and_the_pointer_queue),
		T(test_cursor_resend_waits_for_room),
		cmocka_unit_test(test_client_joins_running_producer),
		T(test_scaled_frame),
		T(test_packed_rgb24_frame),
		T(test_packed_bgr32_frame),
		T(test_bad_descriptions_refused),
		T(test_hostile_sizes_refused),
		T(test_serials_as_b7),
		T(test_zero_copy_view_and_tear),
		T(test_lgmp_10_refused_by_name),
		cmocka_unit_test(test_kvmfr_34_refused_by_name),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
