// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: the LGMP/KVMFR consumer over arbitrary shared memory.
 * The input is the start of a 32 KiB shared-memory image (the rest is zero);
 * the consumer joins the session, subscribes to the frame and pointer queues,
 * replays from the oldest message and validates, copies and consumes what it
 * finds. Any out-of-bounds access is a sanitizer failure; hangs are bounded
 * by small lock and stall budgets.
 */
#include <stdint.h>
#include <string.h>

#include "lgmp/kvmfr_client.h"

#define IMG_SIZE (32u * 1024)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint64_t fuzz_clock(void *ctx)
{
	return ++*(uint64_t *)ctx;
}

static void drain(struct lgmp_client_queue *q, bool frames)
{
	static uint8_t dst[IMG_SIZE];
	struct lgmp_poll poll;

	if (!q)
		return;
	/* replay from the oldest message instead of waiting for new ones */
	if (q->hq->start < q->num_messages)
		q->position = q->hq->start;
	lgmp_poll_init_adaptive(&poll, UINT64_MAX, 0, 0);
	for (int i = 0; i < 8; i++) {
		struct lgmp_message m;
		struct kvmfr_frame_view v;
		struct kvmfr_cursor_view cv;

		if (lgmp_client_process(q, &m))
			break;
		if (frames && !kvmfr_frame_validate(&m, &v)) {
			const uint8_t *view;

			/* both ways a client takes a frame: copy, or use it
			 * in place and check for a tear after
			 */
			kvmfr_frame_copy(&v, dst, &poll, 0);
			if (!kvmfr_frame_map(&v, &view, &poll, 0))
				kvmfr_frame_verify(&v);
		} else if (!frames && !kvmfr_cursor_validate(&m, &cv) && cv.shape)
			memcpy(dst, cv.shape, cv.shape_size);
		if (lgmp_client_message_done(q))
			break;
	}
	/* a client that fell behind skips to the newest message */
	lgmp_client_advance_to_last(q);
	lgmp_client_send_data(q, "fuzz", 4, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t mem[IMG_SIZE] __attribute__((aligned(4096)));
	struct lgmp_client c;
	struct lgmp_client_queue *fq = NULL, *pq = NULL;
	struct kvmfr_info info;
	const uint8_t *udata;
	uint32_t usize;
	uint64_t clk = 0;

	memset(mem, 0, sizeof(mem));
	memcpy(mem, data, size < sizeof(mem) ? size : sizeof(mem));
	if (lgmp_client_init(&c, mem, sizeof(mem)))
		return 0;
	lgmp_client_set_clock(&c, fuzz_clock, &clk);
	c.lock_spins = 16;
	((struct lgmp_hdr *)mem)->timestamp++; /* one producer heartbeat */
	if (lgmp_client_session_init(&c, &udata, &usize))
		return 0;
	kvmfr_parse_udata(udata, usize, &info);
	lgmp_client_subscribe(&c, KVMFR_QUEUE_FRAME, &fq);
	lgmp_client_subscribe(&c, KVMFR_QUEUE_POINTER, &pq);
	drain(fq, true);
	drain(pq, false);
	lgmp_client_session_valid(&c);
	if (fq)
		lgmp_client_unsubscribe(fq);
	if (pq)
		lgmp_client_unsubscribe(pq);
	return 0;
}
