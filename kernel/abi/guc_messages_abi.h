/* SPDX-License-Identifier: MIT */
/*
 * GuC HXG message format: the header every GuC message starts with, whether
 * it travels over a CT buffer or through MMIO scratch registers.
 *
 *  DW0 bit 31     ORIGIN   0 = host, 1 = GuC
 *  DW0 bits 30:28 TYPE     see GUC_HXG_TYPE_*
 *  DW0 bits 27:0  AUX      laid out per type:
 *     REQUEST, EVENT, FAST_REQUEST:  27:16 DATA0, 15:0 ACTION, DW1.. DATAn
 *     NO_RESPONSE_BUSY:              27:0 COUNTER
 *     NO_RESPONSE_RETRY:             27:0 REASON (0 = unspecified)
 *     RESPONSE_FAILURE:              27:16 HINT, 15:0 ERROR
 *     RESPONSE_SUCCESS:              27:0 DATA0, DW1.. DATAn
 *
 * A REQUEST is answered by SUCCESS, FAILURE or RETRY, optionally preceded by
 * BUSY. A FAST_REQUEST is answered only when it fails.
 */
#ifndef GUC_MESSAGES_ABI_H
#define GUC_MESSAGES_ABI_H

#include "compat.h"

#define GUC_HXG_MSG_MIN_LEN 1u

#define GUC_HXG_MSG_0_ORIGIN (0x1u << 31)
#define GUC_HXG_ORIGIN_HOST 0u
#define GUC_HXG_ORIGIN_GUC 1u
#define GUC_HXG_MSG_0_TYPE (0x7u << 28)
#define GUC_HXG_TYPE_REQUEST 0u
#define GUC_HXG_TYPE_EVENT 1u
#define GUC_HXG_TYPE_FAST_REQUEST 2u
#define GUC_HXG_TYPE_NO_RESPONSE_BUSY 3u
#define GUC_HXG_TYPE_NO_RESPONSE_RETRY 5u
#define GUC_HXG_TYPE_RESPONSE_FAILURE 6u
#define GUC_HXG_TYPE_RESPONSE_SUCCESS 7u
#define GUC_HXG_MSG_0_AUX (0xfffffffu << 0)

/* REQUEST, EVENT and FAST_REQUEST */
#define GUC_HXG_REQUEST_MSG_0_DATA0 (0xfffu << 16)
#define GUC_HXG_REQUEST_MSG_0_ACTION (0xffffu << 0)
#define GUC_HXG_EVENT_MSG_0_DATA0 GUC_HXG_REQUEST_MSG_0_DATA0
#define GUC_HXG_EVENT_MSG_0_ACTION GUC_HXG_REQUEST_MSG_0_ACTION

/* NO_RESPONSE_BUSY and NO_RESPONSE_RETRY */
#define GUC_HXG_BUSY_MSG_0_COUNTER GUC_HXG_MSG_0_AUX
#define GUC_HXG_RETRY_MSG_0_REASON GUC_HXG_MSG_0_AUX
#define GUC_HXG_RETRY_REASON_UNSPECIFIED 0u

/* RESPONSE_FAILURE */
#define GUC_HXG_FAILURE_MSG_0_HINT (0xfffu << 16)
#define GUC_HXG_FAILURE_MSG_0_ERROR (0xffffu << 0)

/* RESPONSE_SUCCESS */
#define GUC_HXG_RESPONSE_MSG_0_DATA0 GUC_HXG_MSG_0_AUX

/* ERROR codes carried by RESPONSE_FAILURE (the GuC's response codes) */
#define GUC_ERROR_SUCCESS 0x0u
#define GUC_ERROR_PROTOCOL 0x04u
#define GUC_ERROR_INVALID_STATE 0x0au
#define GUC_ERROR_INVALID_VFID 0x0cu
#define GUC_ERROR_NOT_SUPPORTED 0x20u
#define GUC_ERROR_UNKNOWN_ACTION 0x30u
#define GUC_ERROR_INVALID_KLV_DATA 0x50u
#define GUC_ERROR_INVALID_PARAMS 0x60u
#define GUC_ERROR_INVALID_GGTT_ADDRESS 0x80u
#define GUC_ERROR_INVALID_SIZE 0x102u
#define GUC_ERROR_MALFORMED_KLV 0x103u
#define GUC_ERROR_CTB_INVALID 0x303u
#define GUC_ERROR_CTB_INVALID_DESC 0x306u
#define GUC_ERROR_VF_MIGRATED 0x107u
#define GUC_ERROR_NO_ATTRIBUTE_TABLE 0x201u /* GET_HWCONFIG on ADL/RPL VFs */
#define GUC_ERROR_GENERIC_FAIL 0xf000u

/* MMIO messages fit the scratch registers */
#define GUC_MAX_MMIO_MSG_LEN 4u

#endif
