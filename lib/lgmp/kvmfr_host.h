/* SPDX-License-Identifier: MIT */
/*
 * KVMFR v20 producer over LGMP: the frame and cursor side of the Looking
 * Glass B7 host application. Memory plan as in B7: 20 cursor slots, 3 cursor
 * shape buffers, then the rest split into 2 frame buffers whose pixel data
 * starts on an alignment boundary (page) so a client can import it as a
 * dma-buf. A frame is posted before its pixels are written; the consumer
 * follows the frame buffer's write pointer (published every 1 MiB).
 */
#ifndef KVMFR_HOST_H
#define KVMFR_HOST_H

#include "lgmp/kvmfr_abi.h"
#include "lgmp/lgmp_host.h"

#define KVMFR_SHAPE_BUFFERS 3u

struct kvmfr_host_config {
	const char *hostver; /* NULL: "lg-harness" */
	const char *os_name; /* NULL: "Linux" */
	uint32_t features; /* KVMFR_FEATURE_* */
	uint32_t cursor_shape_bytes; /* 0: 512x512x4 as B7 */
	uint32_t frame_align; /* 0: 4096 (page) */
	uint32_t publish_chunk; /* wp published every this many bytes;
				      * 0: 1 MiB as B7 (any size is on the
				      * wire format: wp is a byte count) */
};

/*
 * A frame as B7 describes it. The image is width x height pixels (B7's
 * "frame" size). The guest's display may be larger (screen_*: the image was
 * scaled down) and the buffer may hold the pixels in another grid (data_*:
 * e.g. packed 24-bit RGB stored as 32-bit texels, data_width texels of
 * data_height rows). Each size left 0 is the image size; stride (in units
 * of the type's texels) left 0 is pitch / bytes per texel. The buffer holds
 * data_height * pitch bytes.
 */
struct kvmfr_frame_desc {
	uint32_t type; /* enum kvmfr_frame_type */
	uint32_t width, height, pitch;
	uint32_t screen_width, screen_height;
	uint32_t data_width, data_height;
	uint32_t stride;
	uint32_t format_ver;
	uint32_t rotation;
	uint32_t flags;
	uint32_t damage_count; /* 0 = whole frame */
	const struct kvmfr_damage_rect *damage;
};

struct kvmfr_host {
	struct lgmp_host lgmp;
	struct lgmp_host_queue *frame_q;
	struct lgmp_host_queue *pointer_q;
	struct lgmp_mem cursor_mem[KVMFR_QUEUE_POINTER_LEN];
	struct lgmp_mem shape_mem[KVMFR_SHAPE_BUFFERS];
	struct lgmp_mem frame_mem[KVMFR_QUEUE_FRAME_LEN];
	uint32_t frame_align;
	uint32_t publish_chunk;
	uint32_t max_frame_size;
	uint32_t frame_serial; /* serial of the frame last begun */
	uint32_t next_serial; /* B7 numbers frames from 0 */
	uint32_t capture_index, pointer_index, shape_index;
	int last_index; /* -1: nothing posted yet */
	/* what a new pointer subscriber is sent (B7: shape and position) */
	struct kvmfr_cursor cursor; /* last position, hotspot, geometry */
	int last_shape; /* shape_mem index, -1: no shape yet */
	bool cursor_visible;
	bool cursor_resend; /* a new subscriber still waits for it */
	bool frame_resend; /* likewise for the last frame */
	/* the frame being written */
	struct kvmfr_fb *fb;
	uint32_t fb_size;
};

/**
 * kvmfr_host_init - lay out LGMP + KVMFR in shared memory
 * @kh: producer state
 * @mem: shared memory (the IVSHMEM BAR in a guest)
 * @size: its size
 * @cfg: options, may be NULL
 *
 * Return: 0 or a negative errno (-ENOSPC: memory too small).
 */
int kvmfr_host_init(struct kvmfr_host *kh, void *mem, size_t size,
		    const struct kvmfr_host_config *cfg);

/**
 * kvmfr_host_free - release host-side allocations
 * @kh: producer state
 */
void kvmfr_host_free(struct kvmfr_host *kh);

/**
 * kvmfr_host_frame_capacity - largest frame (bytes of pixels) that fits
 * @kh: producer state
 *
 * Return: bytes.
 */
uint32_t kvmfr_host_frame_capacity(const struct kvmfr_host *kh);

/**
 * kvmfr_host_frame_begin - post a frame header and open its buffer
 * @kh: producer state
 * @d: format, geometry, damage
 * @pixels: where to write height * pitch bytes of pixels
 *
 * Like B7 the message is posted before the pixels are written; publish
 * progress with kvmfr_host_frame_progress() or use kvmfr_host_frame_write().
 * Frames that do not fit are truncated and flagged, as B7 does. The frame's
 * serial (kh->frame_serial) counts from 0 as B7's; a re-post of the last
 * frame to a new subscriber keeps its serial, so clients can drop it.
 *
 * Return: 0, -EAGAIN when both frame buffers are still pending, -EINVAL.
 */
int kvmfr_host_frame_begin(struct kvmfr_host *kh, const struct kvmfr_frame_desc *d,
			   uint8_t **pixels);

/**
 * kvmfr_host_frame_progress - publish that @bytes of pixels are written
 * @kh: producer state
 * @bytes: bytes from the start of the pixel data, monotonic per frame
 */
void kvmfr_host_frame_progress(struct kvmfr_host *kh, uint32_t bytes);

/**
 * kvmfr_host_frame_write - copy the pixels of the open frame chunk by chunk
 * @kh: producer state
 * @src: pixels, height * pitch bytes (truncated to what fits)
 * @size: bytes in @src
 */
void kvmfr_host_frame_write(struct kvmfr_host *kh, const void *src, size_t size);

/**
 * kvmfr_host_cursor - post a cursor update on the pointer queue
 * @kh: producer state
 * @flags: KVMFR_CURSOR_FLAG_*
 * @cur: position, hotspot and (with SHAPE) geometry
 * @shape: shape pixels (height * pitch bytes) when flags has SHAPE
 *
 * The last shape, position and visibility are kept: every new subscriber
 * of the pointer queue is sent them by kvmfr_host_process(), as B7 does, so
 * a client that joins a running producer draws the cursor at once.
 *
 * Return: 0, -EAGAIN (pointer queue full), -E2BIG (shape too large).
 */
int kvmfr_host_cursor(struct kvmfr_host *kh, uint32_t flags, const struct kvmfr_cursor *cur,
		      const void *shape);

/**
 * kvmfr_host_process - heartbeat, garbage collection, re-post for new clients
 * @kh: producer state
 *
 * Call every few ms (B7: 10 ms). When clients subscribe, the last frame is
 * posted again so they do not wait for the next change, and the pointer
 * queue's new subscribers get the cursor's shape and position.
 *
 * Return: 0 or -EBADMSG (memory wiped; initialise again).
 */
int kvmfr_host_process(struct kvmfr_host *kh);

#endif
