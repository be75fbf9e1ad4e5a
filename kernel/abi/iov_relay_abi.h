/* SPDX-License-Identifier: MIT */
/*
 * Messages a VF sends the PF through the GuC relay (VF2GUC_RELAY_TO_PF ->
 * GUC2PF_RELAY_FROM_VF, answered with PF2GUC_RELAY_TO_VF). Each relayed
 * message is itself an HXG message, at most 252 dwords.
 */
#ifndef IOV_RELAY_ABI_H
#define IOV_RELAY_ABI_H

#include "compat.h"

#define IOV_ACTION_VF2PF_HANDSHAKE 0x0001u
#define IOV_ACTION_VF2PF_QUERY_RUNTIME 0x0101u
#define IOV_ACTION_VF2PF_UPDATE_GGTT32 0x0102u

/* The VF/PF relay ABI version: base and latest are both 1.0 */
#define IOV_VERSION_BASE_MAJOR 1u
#define IOV_VERSION_BASE_MINOR 0u
#define IOV_VERSION_LATEST_MAJOR 1u
#define IOV_VERSION_LATEST_MINOR 0u

/*
 * VF2PF_HANDSHAKE: REQUEST, 2 dwords, DATA0 MBZ
 *  DW1 31:16 wanted major (0 = any), 15:0 wanted minor
 * Reply: SUCCESS, DW1 31:16 major, 15:0 minor
 */
#define VF2PF_HANDSHAKE_REQUEST_MSG_LEN 2u
#define VF2PF_HANDSHAKE_MSG_1_MAJOR (0xffffu << 16)
#define VF2PF_HANDSHAKE_MSG_1_MINOR (0xffffu << 0)
#define VF2PF_HANDSHAKE_RESPONSE_MSG_LEN 2u

/*
 * VF2PF_QUERY_RUNTIME: REQUEST, 2 dwords
 *  DW0 DATA0 = limit of (offset, value) pairs, 0 = no limit
 *  DW1 start index
 * Reply: SUCCESS, DATA0 = count, DW1 = remaining, then count pairs
 */
#define VF2PF_QUERY_RUNTIME_REQUEST_MSG_LEN 2u
#define VF2PF_QUERY_RUNTIME_RESPONSE_MSG_MIN_LEN 2u
/* i915's reply buffer: at most 9 (offset, value) pairs per reply */
#define VF2PF_QUERY_RUNTIME_RESPONSE_MSG_MAX_LEN 20u

/*
 * VF2PF_UPDATE_GGTT32: REQUEST, the VF asks the PF to write its GGTT PTEs.
 * i915 serves it only where the media IP is 13.0 (Meteor Lake); on the
 * Gen12 platforms here (media 12) it answers -EOPNOTSUPP.
 */

/*
 * FAILURE.ERROR in relay replies: i915 builds without its self-tests send
 * IOV_ERROR_UNDISCLOSED (and hint 0) to a VF whatever the cause
 * (sanitize_iov_error()); the errno stays on the PF's side.
 */
#define IOV_ERROR_UNDISCLOSED 0u

/* Opcodes of the MMIO relay (GUC2PF_MMIO_RELAY_SERVICE.OPCODE) */
#define IOV_OPCODE_VF2PF_MMIO_HANDSHAKE 0x01u
#define IOV_OPCODE_VF2PF_MMIO_UPDATE_GGTT 0x02u
#define IOV_OPCODE_VF2PF_MMIO_GET_RUNTIME 0x10u
/* MMIO HANDSHAKE: DATA1 31:16 wanted major, 15:0 minor; DATA2, DATA3 MBZ */
#define VF2PF_MMIO_HANDSHAKE_MSG_1_MAJOR (0xffffu << 16)
#define VF2PF_MMIO_HANDSHAKE_MSG_1_MINOR (0xffffu << 0)
/* MMIO GET_RUNTIME: DATA1..3 register offsets (0 = none); reply their values */

#endif
