/* SPDX-License-Identifier: MIT */
/*
 * GuC action codes used by the SR-IOV PF, and the layouts of the host-level
 * actions that set up the CT channel.
 */
#ifndef GUC_ACTIONS_ABI_H
#define GUC_ACTIONS_ABI_H

#include "compat.h"

#define GUC_ACTION_HOST2GUC_SELF_CFG 0x0508u
#define GUC_ACTION_HOST2GUC_CONTROL_CTB 0x4509u
#define GUC_ACTION_GET_HWCONFIG 0x4100u

/*
 * HOST2GUC_SELF_CFG (MMIO, 4 dwords)
 *  DW0 HXG REQUEST, ACTION 0x0508
 *  DW1 31:16 KLV key, 15:0 KLV length (0, 1 or 2)
 *  DW2 value low dword
 *  DW3 value high dword
 * Reply: SUCCESS, DATA0 = number of KLVs accepted (1 or 0).
 */
#define HOST2GUC_SELF_CFG_REQUEST_MSG_LEN 4u
#define HOST2GUC_SELF_CFG_REQUEST_MSG_1_KLV_KEY (0xffffu << 16)
#define HOST2GUC_SELF_CFG_REQUEST_MSG_1_KLV_LEN (0xffffu << 0)
#define HOST2GUC_SELF_CFG_REQUEST_MSG_2_VALUE32 GENMASK(31, 0)
#define HOST2GUC_SELF_CFG_REQUEST_MSG_3_VALUE64 GENMASK(31, 0)

/*
 * HOST2GUC_CONTROL_CTB (MMIO, 2 dwords)
 *  DW0 HXG REQUEST, ACTION 0x4509
 *  DW1 CONTROL: 0 disable, 1 enable
 */
#define HOST2GUC_CONTROL_CTB_REQUEST_MSG_LEN 2u
#define GUC_CTB_CONTROL_DISABLE 0u
#define GUC_CTB_CONTROL_ENABLE 1u

#endif
