/* SPDX-License-Identifier: MIT */
/*
 * CT buffers: two one-way rings (host to GuC, GuC to host), each with a
 * descriptor shared by the two sides.
 *
 * Descriptor, 16 dwords:
 *  DW0 HEAD    dword offset of the next unread dword, written by the receiver
 *  DW1 TAIL    dword offset of the next free dword, written by the sender
 *  DW2 STATUS  0 = fine, otherwise GUC_CTB_STATUS_* bits; non-zero stops the ring
 *  DW3..15     MBZ
 *
 * Each message in a ring is a CTB header dword followed by an HXG message:
 *  31:16 FENCE       echoed by the GuC in the reply to a request
 *  15:12 FORMAT      0 = HXG
 *  11:8  reserved    MBZ
 *   7:0  NUM_DWORDS  length of the HXG part (the header is not counted)
 */
#ifndef GUC_COMMUNICATION_CTB_ABI_H
#define GUC_COMMUNICATION_CTB_ABI_H

#include "compat.h"

struct guc_ct_buffer_desc {
	u32 head;
	u32 tail;
	u32 status;
	u32 reserved[13];
} __attribute__((packed, aligned(4))); /* no padding; dword aligned in the blob */

#define GUC_CTB_DESC_LEN 16u

#define GUC_CTB_STATUS_NO_ERROR 0u
#define GUC_CTB_STATUS_OVERFLOW (1u << 0) /* head or tail beyond the ring */
#define GUC_CTB_STATUS_UNDERFLOW (1u << 1) /* truncated message */
#define GUC_CTB_STATUS_MISMATCH (1u << 2) /* head or tail changed behind our back */
#define GUC_CTB_STATUS_DISABLED (1u << 3) /* i915 calls it UNUSED */

#define GUC_CTB_HDR_LEN 1u
#define GUC_CTB_MSG_0_FENCE (0xffffu << 16)
#define GUC_CTB_MSG_0_FORMAT (0xfu << 12)
#define GUC_CTB_FORMAT_HXG 0u
#define GUC_CTB_MSG_0_RESERVED (0xfu << 8)
#define GUC_CTB_MSG_0_NUM_DWORDS (0xffu << 0)
#define GUC_CTB_MAX_DWORDS 255u
#define GUC_CTB_MSG_MAX_LEN (GUC_CTB_HDR_LEN + GUC_CTB_MAX_DWORDS)

/* i915's layout: both descriptors in the first 4 KiB (2 KiB slots each). */
#define GUC_CTB_DESC_SLOT_SIZE 2048u
#define GUC_CTB_H2G_BUFFER_SIZE 4096u
#define GUC_CTB_G2H_BUFFER_SIZE 16384u

#endif
