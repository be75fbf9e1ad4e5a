// SPDX-License-Identifier: MIT
/*
 * Where the KVMFR producer puts things in shared memory, byte for byte as
 * the Looking Glass B7 host application does for the same memory size and
 * user data (checked by running B7's plan on the real LGMP allocator next
 * to ours): the two rings, 20 cursor slots, 3 shape buffers, then two frame
 * buffers. B7 sizes a frame buffer as what is left after the shapes, less
 * one alignment step minus one byte, rounded down to the alignment, halved;
 * its allocator then rounds that half up to the alignment again, so with
 * the usual power-of-two IVSHMEM sizes the second buffer ends exactly at
 * the end of the memory.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>

#include <cmocka.h>

#include "lgmp/kvmfr_client.h"
#include "lgmp/kvmfr_host.h"

#define MIB (1u << 20)
#define PAGE 4096u

/* The default configuration's user data, whose size moves every offset. */
#define DEFAULT_UDATA_SIZE 130u

/* Fixed part of the plan, the same for every memory size. */
/* the whole header struct (5760 bytes, padding included) and user data */
#define RING_FRAME_OFFSET 5892u
#define RING_POINTER_OFFSET 5940u /* after 3 ring entries of 16 bytes */
#define CURSOR0_OFFSET 6276u /* after 21 ring entries */
#define CURSOR_SLOT_SIZE 24u
#define SHAPE0_OFFSET 6756u /* after 20 cursor slots */
#define SHAPE_SIZE (24u + 512u * 512u * 4u)
#define FRAME0_OFFSET 3153920u /* first page boundary after the shapes */

struct plan_case {
	uint32_t shm_size;
	uint32_t frame_size; /* each buffer, as B7 allocates it */
	uint32_t frame1_offset; /* FRAME0_OFFSET + frame_size */
};

/* B7's numbers for the default user data. */
static const struct plan_case b7_plans[] = {
	{ 16 * MIB, 6811648u, 9965568u },
	{ 32 * MIB, 15200256u, 18354176u },
	{ 64 * MIB, 31977472u, 35131392u },
	{ 128 * MIB, 65531904u, 68685824u },
};

static void check_plan(const struct plan_case *pc)
{
	struct kvmfr_host kh;
	uint8_t *mem = calloc(1, pc->shm_size);
	const struct lgmp_hdr *hd = (const struct lgmp_hdr *)mem;

	assert_non_null(mem);
	assert_int_equal(kvmfr_host_init(&kh, mem, pc->shm_size, NULL), 0);
	assert_int_equal(hd->udata_size, DEFAULT_UDATA_SIZE);
	assert_int_equal(hd->queues[0].messages_offset, RING_FRAME_OFFSET);
	assert_int_equal(hd->queues[1].messages_offset, RING_POINTER_OFFSET);
	for (uint32_t i = 0; i < KVMFR_QUEUE_POINTER_LEN; i++) {
		assert_int_equal(kh.cursor_mem[i].offset, CURSOR0_OFFSET + i * CURSOR_SLOT_SIZE);
		assert_int_equal(kh.cursor_mem[i].size, CURSOR_SLOT_SIZE);
	}
	for (uint32_t i = 0; i < KVMFR_SHAPE_BUFFERS; i++) {
		assert_int_equal(kh.shape_mem[i].offset, SHAPE0_OFFSET + i * SHAPE_SIZE);
		assert_int_equal(kh.shape_mem[i].size, SHAPE_SIZE);
	}
	assert_int_equal(kh.frame_mem[0].offset, FRAME0_OFFSET);
	assert_int_equal(kh.frame_mem[0].size, pc->frame_size);
	assert_int_equal(kh.frame_mem[1].offset, pc->frame1_offset);
	assert_int_equal(kh.frame_mem[1].size, pc->frame_size);
	/* nothing left over: the second buffer ends where the memory does */
	assert_int_equal(lgmp_host_mem_avail(&kh.lgmp), 0);
	/* the pixels start one page into a buffer (the header comes first) */
	assert_int_equal(kvmfr_host_frame_capacity(&kh), pc->frame_size - PAGE);
	kvmfr_host_free(&kh);
	free(mem);
}

static void test_plan_as_b7(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(b7_plans) / sizeof(b7_plans[0]); i++)
		check_plan(&b7_plans[i]);
}

/*
 * A frame that fills a B7 frame buffer to its last byte is sent whole: the
 * consumer must not see a TRUNCATED flag that B7 would not have set.
 */
static void test_frame_filling_the_buffer_not_truncated(void **state)
{
	const struct plan_case *pc = &b7_plans[1];
	uint8_t *mem = calloc(1, pc->shm_size);
	/* 2048x1855 BGRA: 15196160 bytes, what a 32 MiB buffer holds */
	struct kvmfr_frame_desc d = {
		.type = KVMFR_FRAME_BGRA, .width = 2048, .height = 1855, .pitch = 2048 * 4
	};
	struct lgmp_client c;
	struct lgmp_client_queue *q;
	struct lgmp_message m;
	struct kvmfr_host kh;
	struct kvmfr_frame_view v;
	uint8_t *px;

	(void)state;
	assert_non_null(mem);
	assert_int_equal(kvmfr_host_init(&kh, mem, pc->shm_size, NULL), 0);
	assert_int_equal(lgmp_client_init(&c, mem, pc->shm_size), 0);
	__atomic_fetch_add(&((struct lgmp_hdr *)mem)->timestamp, 1, __ATOMIC_RELEASE);
	assert_int_equal(lgmp_client_session_init(&c, NULL, NULL), 0);
	assert_int_equal(lgmp_client_subscribe(&c, KVMFR_QUEUE_FRAME, &q), 0);
	assert_int_equal(kvmfr_host_frame_begin(&kh, &d, &px), 0);
	assert_int_equal(lgmp_client_process(q, &m), 0);
	assert_int_equal(kvmfr_frame_validate(&m, &v), 0);
	assert_int_equal(v.hdr.data_height, 1855);
	assert_int_equal(v.hdr.flags & KVMFR_FRAME_FLAG_TRUNCATED, 0);
	assert_int_equal(v.data_size, 2048u * 4u * 1855u);
	kvmfr_host_free(&kh);
	free(mem);
}

/*
 * Memory whose size is not a whole number of pages (never an IVSHMEM BAR,
 * possibly a hand-made file): B7's two rounded-up buffers may not both
 * fit, and B7 then fails to start. We take one page less per buffer.
 */
static void test_odd_size_still_fits(void **state)
{
	const uint32_t size = 64 * MIB - 4;
	uint8_t *mem = calloc(1, size);
	struct kvmfr_host kh;

	(void)state;
	assert_non_null(mem);
	assert_int_equal(kvmfr_host_init(&kh, mem, size, NULL), 0);
	assert_int_equal(kh.frame_mem[0].offset, FRAME0_OFFSET);
	assert_int_equal(kh.frame_mem[0].size, 31977472u - PAGE);
	assert_true((uint64_t)kh.frame_mem[1].offset + kh.frame_mem[1].size <= size);
	assert_int_equal(kh.frame_mem[1].offset % PAGE, 0);
	kvmfr_host_free(&kh);
	free(mem);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan_as_b7),
		cmocka_unit_test(test_frame_filling_the_buffer_not_truncated),
		cmocka_unit_test(test_odd_size_still_fits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
