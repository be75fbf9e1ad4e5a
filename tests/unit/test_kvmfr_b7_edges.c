// SPDX-License-Identifier: MIT
/*
 * Frames a Looking Glass B7 host really sends that a strict reading of
 * KVMFR would call out of bounds, read in gnif/LookingGlass at tag B7:
 *
 * - A truncated frame. host/src/app.c hands each capture backend the size
 *   of the whole frame allocation (header and padding included), and the
 *   backends (DXGI, D12, NvFBC, XCB, PipeWire: "maxRows = maxFrameSize /
 *   pitch") cut data_height to the rows of that size. The pixels start one
 *   alignment step (a page) into the allocation, so data_height * pitch
 *   may end up to a page past the frame buffer. B7's client
 *   (client/src/main.c) never compares the two: it shows the frame.
 *
 * - Damage one texel past the edge. The DXGI backend scales each dirty
 *   rectangle to the output size as floor(origin * scale) and
 *   ceil(extent * scale) in doubles; scale = output / desktop is inexact,
 *   so a full-width rectangle can come out one texel wider than the frame.
 *   B7's client clamps damage to the frame (the EGL renderer's
 *   min(frameWidth - x, ...), the row copier's y limited to the height).
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

#define SHM_SIZE (2u << 20)

struct edges {
	uint8_t *mem;
	struct kvmfr_host kh;
	struct lgmp_client c;
	struct lgmp_client_queue *fq;
	struct lgmp_poll poll;
};

static int setup(void **state)
{
	static const struct kvmfr_host_config cfg = {
		.cursor_shape_bytes = 64 * 64 * 4,
	};
	struct edges *e = calloc(1, sizeof(*e));

	e->mem = calloc(1, SHM_SIZE);
	if (kvmfr_host_init(&e->kh, e->mem, SHM_SIZE, &cfg) ||
	    lgmp_client_init(&e->c, e->mem, SHM_SIZE))
		return -1;
	/* a producer's heartbeat must move before a client may join */
	__atomic_fetch_add(&((struct lgmp_hdr *)e->mem)->timestamp, 1, __ATOMIC_RELEASE);
	if (lgmp_client_session_init(&e->c, NULL, NULL) ||
	    lgmp_client_subscribe(&e->c, KVMFR_QUEUE_FRAME, &e->fq))
		return -1;
	lgmp_poll_init_adaptive(&e->poll, 1000, 1000, 1000);
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	struct edges *e = *state;

	kvmfr_host_free(&e->kh);
	free(e->mem);
	free(e);
	return 0;
}

/* Post a frame and receive its message; the header is then rewritten in
 * place to what B7 would have put there.
 */
static struct kvmfr_frame *post(struct edges *e, const struct kvmfr_frame_desc *d,
				struct lgmp_message *m)
{
	uint8_t *px;

	assert_int_equal(kvmfr_host_frame_begin(&e->kh, d, &px), 0);
	assert_int_equal(lgmp_client_process(e->fq, m), 0);
	return (struct kvmfr_frame *)m->mem;
}

/*
 * 64 px BGRA rows (256 B) on a 2 MiB device: B7 counts the rows of the
 * whole allocation, 16 more than the page-aligned frame buffer after the
 * header holds. The client shows the rows that are there, says the frame
 * is truncated, and copies them while the host writes.
 */
static void test_b7_truncation_by_allocation_size(void **state)
{
	struct edges *e = *state;
	const struct kvmfr_frame_desc d = {
		.type = KVMFR_FRAME_BGRA, .width = 64, .height = 16384, .pitch = 256
	};
	uint32_t room, b7_rows, rows;
	struct kvmfr_frame_view v;
	struct lgmp_message m;
	struct kvmfr_frame *f;
	static uint8_t src[SHM_SIZE], dst[SHM_SIZE];

	f = post(e, &d, &m);
	/* our host cut it to what fits, as B7 means to */
	assert_true(f->flags & KVMFR_FRAME_FLAG_TRUNCATED);
	room = m.size - f->offset - (uint32_t)sizeof(uint32_t);
	rows = room / d.pitch;
	assert_int_equal(f->data_height, rows);
	/* B7's backends: maxRows = maxFrameSize / pitch */
	b7_rows = m.size / d.pitch;
	assert_int_equal(b7_rows, rows + 16);
	f->data_height = b7_rows;

	assert_int_equal(kvmfr_frame_validate(&m, &v), 0);
	assert_int_equal(v.hdr.data_height, rows);
	assert_int_equal(v.data_size, rows * d.pitch);
	assert_true(v.hdr.flags & KVMFR_FRAME_FLAG_TRUNCATED);
	/* the shared header still says what the producer wrote */
	assert_int_equal(f->data_height, b7_rows);

	for (uint32_t i = 0; i < rows * d.pitch; i++)
		src[i] = (uint8_t)(i * 7 + 3);
	kvmfr_host_frame_write(&e->kh, src, rows * d.pitch);
	assert_int_equal(kvmfr_frame_copy(&v, dst, &e->poll, 1000000), 0);
	assert_memory_equal(dst, src, rows * d.pitch);

	/* a row more than the whole allocation: no B7 host sends it */
	f->data_height = b7_rows + 1;
	assert_int_equal(kvmfr_frame_validate(&m, &v), -EPROTO);
}

/* The same with a page-wide pitch (1024 px BGRA): one row past. */
static void test_b7_truncation_one_page_row(void **state)
{
	struct edges *e = *state;
	const struct kvmfr_frame_desc d = {
		.type = KVMFR_FRAME_BGRA, .width = 1024, .height = 1024, .pitch = 4096
	};
	struct kvmfr_frame_view v;
	struct lgmp_message m;
	struct kvmfr_frame *f;
	uint32_t rows;

	f = post(e, &d, &m);
	rows = f->data_height;
	f->data_height = m.size / d.pitch;
	assert_int_equal(f->data_height, rows + 1);
	assert_int_equal(kvmfr_frame_validate(&m, &v), 0);
	assert_int_equal(v.hdr.data_height, rows);
	assert_int_equal(v.data_size, rows * 4096u);
	assert_true(v.data_offset + v.data_size <= m.offset + m.size);
}

/*
 * A 3840x2160 desktop downsampled by DXGI to 1984x1116: scale 1984 / 3840
 * times 3840 is 1984.0000000000002 in doubles, so a full-screen dirty
 * rectangle arrives as 0,0 1985x1116. And 2560x1440 to 1728x972: full
 * height becomes 973. Clamped to the frame, as B7's client does.
 */
static void test_dxgi_damage_one_past_the_edge(void **state)
{
	struct edges *e = *state;
	const struct kvmfr_damage_rect in_frame = { 10, 20, 30, 40 };
	struct kvmfr_frame_desc d = { .type = KVMFR_FRAME_BGRA,
				      .width = 1984,
				      .height = 1116,
				      .screen_width = 3840,
				      .screen_height = 2160,
				      .data_height = 8,
				      .pitch = 1984 * 4,
				      .damage_count = 1,
				      .damage = &in_frame };
	struct kvmfr_frame_view v;
	struct lgmp_message m;
	struct kvmfr_frame *f;

	f = post(e, &d, &m);
	f->damage_rects[0] = (struct kvmfr_damage_rect){ 0, 0, 1985, 1116 };
	assert_int_equal(kvmfr_frame_validate(&m, &v), 0);
	assert_int_equal(v.hdr.damage_rects_count, 1);
	assert_int_equal(v.hdr.damage_rects[0].x, 0);
	assert_int_equal(v.hdr.damage_rects[0].width, 1984);
	assert_int_equal(v.hdr.damage_rects[0].height, 1116);
	assert_int_equal(lgmp_client_message_done(e->fq), 0);

	d.width = 1728;
	d.height = 972;
	d.screen_width = 2560;
	d.screen_height = 1440;
	d.pitch = 1728 * 4;
	f = post(e, &d, &m);
	f->damage_rects[0] = (struct kvmfr_damage_rect){ 100, 0, 50, 973 };
	assert_int_equal(kvmfr_frame_validate(&m, &v), 0);
	assert_int_equal(v.hdr.damage_rects[0].x, 100);
	assert_int_equal(v.hdr.damage_rects[0].width, 50);
	assert_int_equal(v.hdr.damage_rects[0].height, 972);
	/* a rectangle that starts outside the frame is no rounding: refused */
	f->damage_rects[0] = (struct kvmfr_damage_rect){ 1728, 0, 1, 1 };
	assert_int_equal(kvmfr_frame_validate(&m, &v), -EPROTO);
	f->damage_rects[0] = (struct kvmfr_damage_rect){ 0, 972, 1, 1 };
	assert_int_equal(kvmfr_frame_validate(&m, &v), -EPROTO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_b7_truncation_by_allocation_size),
		T(test_b7_truncation_one_page_row),
		T(test_dxgi_damage_one_past_the_edge),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
