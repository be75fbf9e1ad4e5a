/* SPDX-License-Identifier: MIT */
/*
 * KVMFR version 20 (Looking Glass B7) messages carried over LGMP: the user
 * data header with its records, the frame header that precedes each frame
 * buffer, and the cursor message. Facts only, x86_64 natural alignment.
 */
#ifndef KVMFR_ABI_H
#define KVMFR_ABI_H

#include <stddef.h>
#include <stdint.h>

#define KVMFR_MAGIC "KVMFR---"
#define KVMFR_VERSION 20u
/* Looking Glass's development branch (indirect display driver host). */
#define KVMFR_VERSION_DEVEL 34u
#define KVMFR_MAX_DAMAGE_RECTS 64u

#define KVMFR_QUEUE_POINTER 1u
#define KVMFR_QUEUE_FRAME 2u
#define KVMFR_QUEUE_POINTER_LEN 20u
#define KVMFR_QUEUE_FRAME_LEN 2u
#define KVMFR_QUEUE_TIMEOUT_MS 1000u

#define KVMFR_FEATURE_SETCURSORPOS 0x1u

#define KVMFR_RECORD_VMINFO 1u
#define KVMFR_RECORD_OSINFO 2u
#define KVMFR_OS_LINUX 0u
#define KVMFR_OS_OTHER 4u

enum kvmfr_frame_type {
	KVMFR_FRAME_INVALID = 0,
	KVMFR_FRAME_BGRA = 1,
	KVMFR_FRAME_RGBA = 2,
	KVMFR_FRAME_RGBA10 = 3,
	KVMFR_FRAME_RGBA16F = 4,
	KVMFR_FRAME_BGR_32 = 5,
	KVMFR_FRAME_RGB_24 = 6,
	KVMFR_FRAME_TYPE_MAX = 7,
};

/**
 * kvmfr_frame_bpp - bytes per pixel of a frame type
 * @type: enum kvmfr_frame_type
 *
 * Return: 3, 4 or 8; 0 for KVMFR_FRAME_INVALID and unknown types.
 */
static inline uint32_t kvmfr_frame_bpp(uint32_t type)
{
	switch (type) {
	case KVMFR_FRAME_RGBA16F:
		return 8;
	case KVMFR_FRAME_RGB_24:
		return 3;
	case KVMFR_FRAME_BGRA:
	case KVMFR_FRAME_RGBA:
	case KVMFR_FRAME_RGBA10:
	case KVMFR_FRAME_BGR_32:
		return 4;
	default:
		return 0;
	}
}

#define KVMFR_FRAME_FLAG_BLOCK_SCREENSAVER 0x1u
#define KVMFR_FRAME_FLAG_REQUEST_ACTIVATION 0x2u
#define KVMFR_FRAME_FLAG_TRUNCATED 0x4u
#define KVMFR_FRAME_FLAG_HDR 0x8u
#define KVMFR_FRAME_FLAG_HDR_PQ 0x10u

#define KVMFR_CURSOR_FLAG_POSITION 0x1u
#define KVMFR_CURSOR_FLAG_VISIBLE 0x2u
#define KVMFR_CURSOR_FLAG_SHAPE 0x4u

#define KVMFR_CURSOR_COLOR 0u
#define KVMFR_CURSOR_MONOCHROME 1u
#define KVMFR_CURSOR_MASKED_COLOR 2u
#define KVMFR_CURSOR_MAX_DIM 512u

#define KVMFR_MESSAGE_SETCURSORPOS 0u

/* The kvmfr module's KVMFR_DMABUF_GETSIZE, _IO('u', 0x44): on /dev/kvmfrN it
 * returns the device's size in bytes as the ioctl's return value. */
#define KVMFR_DMABUF_GETSIZE 0x7544

/* The frame buffer's write pointer is published every chunk. */
#define KVMFR_FB_CHUNK_SIZE (1u << 20)

struct kvmfr_udata {
	char magic[8];
	uint32_t version;
	char hostver[32];
	uint32_t features;
	/* struct kvmfr_record entries follow */
};

struct kvmfr_record {
	uint8_t type;
	uint32_t size; /* bytes of data after this header */
};

struct kvmfr_vminfo {
	uint8_t uuid[16];
	char capture[32];
	uint8_t cpus;
	uint8_t cores;
	uint8_t sockets;
	/* NUL-terminated CPU model follows */
};

struct kvmfr_damage_rect {
	uint32_t x, y, width, height;
};

struct kvmfr_frame {
	uint32_t format_ver;
	uint32_t frame_serial;
	uint32_t type; /* enum kvmfr_frame_type */
	uint32_t screen_width;
	uint32_t screen_height;
	uint32_t data_width;
	uint32_t data_height;
	uint32_t frame_width;
	uint32_t frame_height;
	uint32_t rotation;
	uint32_t stride;
	uint32_t pitch;
	uint32_t offset; /* from this header to the frame buffer (wp) */
	uint32_t damage_rects_count;
	struct kvmfr_damage_rect damage_rects[KVMFR_MAX_DAMAGE_RECTS];
	uint32_t flags;
};

/* The frame buffer: an atomic byte count written so far, then pixels. */
struct kvmfr_fb {
	uint32_t wp;
	uint8_t data[];
};

struct kvmfr_cursor {
	int16_t x, y;
	uint32_t type;
	int8_t hx, hy;
	uint32_t width;
	uint32_t height;
	uint32_t pitch;
	/* shape pixels follow when KVMFR_CURSOR_FLAG_SHAPE is set */
};

struct kvmfr_set_cursor_pos {
	uint32_t type; /* KVMFR_MESSAGE_SETCURSORPOS */
	int32_t x, y;
};

_Static_assert(sizeof(struct kvmfr_udata) == 48, "udata");
_Static_assert(sizeof(struct kvmfr_record) == 8, "record");
_Static_assert(sizeof(struct kvmfr_vminfo) == 51, "vminfo");
_Static_assert(offsetof(struct kvmfr_frame, damage_rects) == 56, "rects");
_Static_assert(offsetof(struct kvmfr_frame, flags) == 1080, "flags");
_Static_assert(sizeof(struct kvmfr_frame) == 1084, "frame");
_Static_assert(sizeof(struct kvmfr_cursor) == 24, "cursor");
_Static_assert(offsetof(struct kvmfr_cursor, hx) == 8, "hx");

#endif
