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

struct kvmfr_frame_view {
	struct kvmfr_frame hdr; /* validated private copy */
	const struct kvmfr_frame *shm;
	const struct kvmfr_fb *fb;
	uint32_t data_size; /* data_height * pitch */
	uint32_t bpp;
};

struct kvmfr_cursor_view {
	uint32_t flags;
	struct kvmfr_cursor hdr; /* validated private copy */
	const uint8_t *shape;    /* NULL unless flags has SHAPE */
	uint32_t shape_size;
};

/**
 * kvmfr_parse_udata - check the KVMFR header and parse its records
 * @udata: user data from lgmp_client_session_init()
 * @size: its size
 * @info: result; strings are always NUL-terminated
 *
 * Return: 0, -EBADMSG (not KVMFR), -EPROTONOSUPPORT (not version 20),
 * -EPROTO (a record overruns the user data).
 */
int kvmfr_parse_udata(const uint8_t *udata, uint32_t size,
		      struct kvmfr_info *info);

/**
 * kvmfr_frame_validate - check a frame message from the frame queue
 * @msg: message from lgmp_client_process()
 * @v: result, with a private copy of the header
 *
 * Return: 0 or -EPROTO (type, geometry, damage or buffer out of bounds).
 */
int kvmfr_frame_validate(const struct lgmp_message *msg,
			 struct kvmfr_frame_view *v);

/**
 * kvmfr_frame_copy - copy a frame's pixels as the producer writes them
 * @v: validated frame
 * @dst: destination, at least v->data_size bytes
 * @p: poller used while waiting for the write pointer
 * @timeout_ns: give up when the write pointer stalls this long
 *
 * Return: 0, -ETIMEDOUT (producer stalled mid-frame), -ESTALE (torn: the
 * buffer was reused during the copy; drop the frame).
 */
int kvmfr_frame_copy(const struct kvmfr_frame_view *v, void *dst,
		     struct lgmp_poll *p, uint64_t timeout_ns);

/**
 * kvmfr_frame_wait - wait until @bytes of pixels are written
 * @v: validated frame
 * @bytes: at most v->data_size
 * @p: poller
 * @timeout_ns: stall limit
 *
 * Return: 0, -ETIMEDOUT, -ESTALE (buffer reused).
 */
int kvmfr_frame_wait(const struct kvmfr_frame_view *v, uint32_t bytes,
		     struct lgmp_poll *p, uint64_t timeout_ns);

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
int kvmfr_cursor_validate(const struct lgmp_message *msg,
			  struct kvmfr_cursor_view *cv);

#endif
