/* SPDX-License-Identifier: MIT */
/*
 * KVMFR v20 consumer: validates the user data, frame and cursor messages that
 * arrive over LGMP from a possibly hostile guest, and copies frames out while
 * the producer is still writing them (following the write pointer). A frame
 * is "torn" when the producer reused its buffer during the copy; that is
 * detected after the copy (serial changed or write pointer reset) and the
 * copy is reported stale instead of being shown.
 */
#ifndef KVMFR_CLIENT_H
#define KVMFR_CLIENT_H

#include "lgmp/kvmfr_abi.h"
#include "lgmp/lgmp_client.h"
#include "lgmp/lgmp_poll.h"

/* Largest frame dimension accepted (LG's textures are limited likewise). */
#define KVMFR_MAX_DIM 16384u

struct kvmfr_info {
	uint32_t version;
	uint32_t features;
	char hostver[33];
	bool has_vminfo, has_osinfo;
	uint8_t cpus, cores, sockets;
	char capture[33];
	uint8_t os;
	char os_name[64];
};

/*
 * A frame message checked once. hdr is the consumer's own copy: a hostile
 * producer changing the header in shared memory afterwards changes nothing
 * here. Every size in it was checked: screen, frame and data sizes at most
 * KVMFR_MAX_DIM, data_width <= stride, stride * bpp <= pitch, damage inside
 * the frame, and data_height * pitch bytes of pixels inside the message.
 * Two things a B7 host sends are mended in the copy rather than refused:
 * damage a texel past the frame is clamped to it, and a frame truncated by
 * the size of its whole allocation keeps the rows inside the message
 * (data_height lowered, KVMFR_FRAME_FLAG_TRUNCATED set).
 */
struct kvmfr_frame_view {
	struct kvmfr_frame hdr; /* validated private copy */
	const struct kvmfr_frame *shm;
	const struct kvmfr_fb *fb;
	uint32_t data_size; /* data_height * pitch */
	uint32_t bpp; /* bytes per texel of hdr.type */
	uint64_t data_offset; /* of the pixels from the shared memory's base */
};

struct kvmfr_cursor_view {
	uint32_t flags;
	struct kvmfr_cursor hdr; /* validated private copy */
	const uint8_t *shape; /* NULL unless flags has SHAPE */
	uint32_t shape_size;
};

/**
 * kvmfr_parse_udata - check the KVMFR header and parse its records
 * @udata: user data from lgmp_client_session_init()
 * @size: its size
 * @info: result; strings are always NUL-terminated
 *
 * Return: 0, -EBADMSG (not KVMFR), -EPROTONOSUPPORT (not version 20; the
 * version met is in info->version, kvmfr_version_refusal() words it),
 * -EPROTO (a record overruns the user data).
 */
int kvmfr_parse_udata(const uint8_t *udata, uint32_t size, struct kvmfr_info *info);

/**
 * kvmfr_version_refusal - say which KVMFR version was met and which is spoken
 * @buf: result, always NUL-terminated
 * @size: its size
 * @found: info->version after -EPROTONOSUPPORT
 *
 * Return: @buf, e.g. "KVMFR version 34 (Looking Glass development branch) is
 * not supported: this consumer speaks KVMFR 20 (Looking Glass B7)".
 */
const char *kvmfr_version_refusal(char *buf, size_t size, uint32_t found);

/**
 * kvmfr_frame_validate - check a frame message from the frame queue
 * @msg: message from lgmp_client_process()
 * @v: result, with a private copy of the header
 *
 * Return: 0 or -EPROTO (type, geometry, damage or buffer out of bounds
 * beyond what a B7 host's rounding explains).
 */
int kvmfr_frame_validate(const struct lgmp_message *msg, struct kvmfr_frame_view *v);

/**
 * kvmfr_frame_copy - copy a frame's pixels as the producer writes them
 * @v: validated frame
 *
 * Chases the write pointer: each step copies everything written so far in
 * one call, so a consumer that fell behind catches up in long copies and one
 * that keeps up trails the producer by one publication (B7: 1 MiB).
 * @dst: destination, at least v->data_size bytes
 * @p: poller used while waiting for the write pointer
 * @timeout_ns: give up when the write pointer stalls this long
 *
 * Frame serials restart with every producer session, so a producer that
 * restarted during the copy can bring the same serial back into the same
 * buffer: the copy is good only if lgmp_client_session_valid() still
 * returns 0 after it; otherwise drop it as torn.
 *
 * Return: 0, -ETIMEDOUT (producer stalled mid-frame), -ESTALE (torn: the
 * buffer was reused during the copy; drop the frame).
 */
int kvmfr_frame_copy(const struct kvmfr_frame_view *v, void *dst, struct lgmp_poll *p,
		     uint64_t timeout_ns);

/**
 * kvmfr_frame_wait - wait until @bytes of pixels are written
 * @v: validated frame
 * @bytes: at most v->data_size
 * @p: poller
 * @timeout_ns: stall limit
 *
 * Return: 0, -ETIMEDOUT, -ESTALE (buffer reused).
 */
int kvmfr_frame_wait(const struct kvmfr_frame_view *v, uint32_t bytes, struct lgmp_poll *p,
		     uint64_t timeout_ns);

/**
 * kvmfr_frame_map - zero-copy: the complete frame's pixels in shared memory
 * @v: validated frame
 * @pixels: set to v->data_size bytes inside the mapping
 * @p: poller used while the producer is still writing
 * @timeout_ns: stall limit
 *
 * For a display client that uploads (or imports as a dma-buf at
 * v->data_offset, page aligned by B7 producers) straight from shared memory.
 * The bytes stay the producer's: hold the message (no
 * lgmp_client_message_done()) while they are used, then call
 * kvmfr_frame_verify(); -ESTALE there means what was used was torn.
 *
 * Return: 0, -ETIMEDOUT, -ESTALE.
 */
int kvmfr_frame_map(const struct kvmfr_frame_view *v, const uint8_t **pixels, struct lgmp_poll *p,
		    uint64_t timeout_ns);

/**
 * kvmfr_frame_verify - after reading pixels, check they were not torn
 * @v: validated frame
 *
 * Return: 0 or -ESTALE.
 */
int kvmfr_frame_verify(const struct kvmfr_frame_view *v);

/**
 * kvmfr_cursor_validate - check a message from the pointer queue
 * @msg: message from lgmp_client_process()
 * @cv: result
 *
 * Return: 0 or -EPROTO.
 */
int kvmfr_cursor_validate(const struct lgmp_message *msg, struct kvmfr_cursor_view *cv);

#endif
