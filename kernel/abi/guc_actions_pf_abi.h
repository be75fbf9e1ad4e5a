/* SPDX-License-Identifier: MIT */
/*
 * Actions between the SR-IOV PF and the GuC, and their message layouts.
 * DW0 is always the HXG header (see guc_messages_abi.h); DATA0 is MBZ unless
 * stated otherwise.
 */
#ifndef GUC_ACTIONS_PF_ABI_H
#define GUC_ACTIONS_PF_ABI_H

#include "compat.h"
#include "abi/guc_communication_ctb_abi.h"

/* GuC to PF events */
#define GUC_ACTION_GUC2PF_MMIO_RELAY_SERVICE 0x5006u
#define GUC_ACTION_GUC2PF_RELAY_FROM_VF 0x5100u
#define GUC_ACTION_GUC2PF_ADVERSE_EVENT 0x5104u
#define GUC_ACTION_GUC2PF_VF_STATE_NOTIFY 0x5106u
/* PF to GuC */
#define GUC_ACTION_PF2GUC_MMIO_RELAY_SUCCESS 0x5007u
#define GUC_ACTION_PF2GUC_MMIO_RELAY_FAILURE 0x5008u
#define GUC_ACTION_PF2GUC_RELAY_TO_VF 0x5101u
#define GUC_ACTION_PF2GUC_UPDATE_VGT_POLICY 0x5502u
#define GUC_ACTION_PF2GUC_UPDATE_VF_CFG 0x5503u
#define GUC_ACTION_PF2GUC_VF_CONTROL 0x5506u

/*
 * PF2GUC_UPDATE_VGT_POLICY: REQUEST
 *  DW1 policy KLVs GGTT address, low; DW2 high; DW3 size in dwords
 * Reply: SUCCESS, DATA0 = number of KLVs applied.
 */
#define PF2GUC_UPDATE_VGT_POLICY_REQUEST_MSG_LEN 4u

/*
 * PF2GUC_UPDATE_VF_CFG: REQUEST
 *  DW1 VFID; DW2 config KLVs GGTT address, low; DW3 high; DW4 size in dwords.
 *  Address 0 and size 0 reset that VF to its defaults.
 * Reply: SUCCESS, DATA0 = number of KLVs applied.
 */
#define PF2GUC_UPDATE_VF_CFG_REQUEST_MSG_LEN 5u

/*
 * PF2GUC_VF_CONTROL: REQUEST
 *  DW1 VFID; DW2 COMMAND
 * Reply: SUCCESS, DATA0 MBZ.
 */
#define PF2GUC_VF_CONTROL_REQUEST_MSG_LEN 3u
#define GUC_PF_TRIGGER_VF_PAUSE 1u
#define GUC_PF_TRIGGER_VF_RESUME 2u
#define GUC_PF_TRIGGER_VF_STOP 3u
#define GUC_PF_TRIGGER_VF_FLR_START 4u
#define GUC_PF_TRIGGER_VF_FLR_FINISH 5u

/*
 * GUC2PF_VF_STATE_NOTIFY: EVENT, exactly 3 dwords
 *  DW1 VFID (0 = the PF itself); DW2 EVENT
 */
#define GUC2PF_VF_STATE_NOTIFY_EVENT_MSG_LEN 3u
#define GUC_PF_NOTIFY_VF_ENABLE 1u /* with VFID 0 */
#define GUC_PF_NOTIFY_VF_FLR 1u
#define GUC_PF_NOTIFY_VF_FLR_DONE 2u
#define GUC_PF_NOTIFY_VF_PAUSE_DONE 3u
#define GUC_PF_NOTIFY_VF_FIXUP_DONE 4u

/*
 * GUC2PF_ADVERSE_EVENT: EVENT
 *  DW1 VFID; DW2 KLV key of the threshold that was exceeded
 */
#define GUC2PF_ADVERSE_EVENT_EVENT_MSG_LEN 3u

/*
 * GUC2PF_RELAY_FROM_VF: EVENT
 *  DW1 VFID; DW2 RELAY_ID; DW3.. relayed message (at most 252 dwords)
 * PF2GUC_RELAY_TO_VF: FAST_REQUEST
 *  DW1 target VFID; DW2 RELAY_ID; DW3.. relayed message
 */
#define GUC2PF_RELAY_FROM_VF_EVENT_MSG_MIN_LEN 3u
#define PF2GUC_RELAY_TO_VF_REQUEST_MSG_MIN_LEN 3u
#define GUC_RELAY_MSG_MAX_LEN (GUC_CTB_MAX_DWORDS - 3u)

/*
 * The MMIO relay: a VF without a CT channel yet writes a request into its
 * MMIO scratch registers (VF2GUC_MMIO_RELAY_SERVICE); the GuC forwards it.
 * GUC2PF_MMIO_RELAY_SERVICE: EVENT, exactly 6 dwords
 *  DW1 VFID; DW2 27:24 MAGIC (echoed back), 23:16 OPCODE; DW3..5 DATA1..3
 * PF2GUC_MMIO_RELAY_SUCCESS: 6 dwords
 *  DW1 VFID; DW2 27:24 MAGIC, 23:0 DATA0; DW3..5 DATA1..3
 * PF2GUC_MMIO_RELAY_FAILURE: 3 dwords
 *  DW1 VFID; DW2 27:24 MAGIC, 7:0 FAULT (an errno)
 * i915 sends both replies as blocking REQUESTs (intel_guc_send()).
 */
#define GUC2PF_MMIO_RELAY_SERVICE_EVENT_MSG_LEN 6u
#define GUC2PF_MMIO_RELAY_SERVICE_EVENT_MSG_2_MAGIC (0xfu << 24)
#define GUC2PF_MMIO_RELAY_SERVICE_EVENT_MSG_2_OPCODE (0xffu << 16)
#define GUC_MMIO_RELAY_NUM_DATA 3u
#define PF2GUC_MMIO_RELAY_SUCCESS_REQUEST_MSG_LEN 6u
#define PF2GUC_MMIO_RELAY_SUCCESS_REQUEST_MSG_2_MAGIC (0xfu << 24)
#define PF2GUC_MMIO_RELAY_SUCCESS_REQUEST_MSG_2_DATA0 (0xffffffu << 0)
#define PF2GUC_MMIO_RELAY_FAILURE_REQUEST_MSG_LEN 3u
#define PF2GUC_MMIO_RELAY_FAILURE_REQUEST_MSG_2_MAGIC (0xfu << 24)
#define PF2GUC_MMIO_RELAY_FAILURE_REQUEST_MSG_2_FAULT (0xffu << 0)

/* VFIDs: 0 is the PF; Gen12 GGTT PTEs have 3 bits of VFID, hence 7 VFs. */
#define GUC_PF_VFID 0u
#define GUC_MAX_VFS_GEN12 7u

#endif
