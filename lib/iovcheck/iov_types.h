/* SPDX-License-Identifier: MIT */
/*
 * What the i915 SR-IOV PF shows of its provisioning: the debugfs range
 * lists, the GGTT holes and the prelim_iov sysfs values, as plain data.
 * No IGT, and of kernel/ only the KLV table (plain C): the IGT tests, vfctl
 * and the unit tests share them.
 */
#ifndef IOV_TYPES_H
#define IOV_TYPES_H

#include <stdbool.h>
#include <stdint.h>

#include "abi/guc_klvs_abi.h"

/* Gen12 GGTT PTEs carry a 3-bit VFID (kernel/iov/pf_types.h PF_MAX_VFS). */
#define IOV_MAX_VFS 7u
/* Lines a range list may hold; VF numbers in it are 1..IOV_MAX_VF_ID. */
#define IOV_MAX_LINES 64u
#define IOV_MAX_VF_ID 63u
/* prelim_iov/vfN/gt0/threshold/ holds one file per GuC threshold KLV. */
#define IOV_NUM_THRESHOLDS GUC_KLV_VF_CFG_NUM_THRESHOLDS

/* The three resources a VF is given, in the order of the debugfs files. */
enum iov_res {
	IOV_RES_GGTT,
	IOV_RES_CTXS,
	IOV_RES_DBS,
	IOV_RES_NUM,
};

/**
 * struct iov_range - one VF's line of a *_provisioning file
 * @vf: the VF number (1-based)
 * @start: first GGTT byte, context ID or doorbell
 * @count: bytes (GGTT), IDs or doorbells; never 0
 */
struct iov_range {
	unsigned int vf;
	uint64_t start;
	uint64_t count;
};

/**
 * struct iov_ranges - one *_provisioning file, in file order
 * @num: number of lines
 * @r: the lines
 */
struct iov_ranges {
	unsigned int num;
	struct iov_range r[IOV_MAX_LINES];
};

/**
 * struct iov_holes - the ggtt_available file: free GGTT, lowest first
 * @num: number of holes
 * @r: holes (vf is 0, start and count in bytes)
 * @total: the "total:" line, bytes (sum of the holes)
 * @avail: the "avail:" line, bytes (total less the PF spare)
 */
struct iov_holes {
	unsigned int num;
	struct iov_range r[IOV_MAX_LINES];
	uint64_t total;
	uint64_t avail;
};

/**
 * struct iov_vf_attrs - prelim_iov/vfN/gt0/ of one VF
 * @ggtt_quota: ggtt_quota, bytes
 * @contexts_quota: contexts_quota
 * @doorbells_quota: doorbells_quota
 * @exec_quantum_ms: exec_quantum_ms
 * @preempt_timeout_us: preempt_timeout_us
 * @threshold: the files of threshold/, in iov_threshold_names order
 */
struct iov_vf_attrs {
	uint64_t ggtt_quota;
	uint64_t contexts_quota;
	uint64_t doorbells_quota;
	uint64_t exec_quantum_ms;
	uint64_t preempt_timeout_us;
	uint64_t threshold[IOV_NUM_THRESHOLDS];
};

/**
 * struct iov_snapshot - everything the PF shows of its provisioning (gt0)
 * @total_vfs: device/sriov_totalvfs
 * @num_vfs: device/sriov_numvfs
 * @auto_provisioning: prelim_iov/pf/auto_provisioning
 * @ggtt_spare: prelim_iov/pf/gt0/ggtt_spare (the effective spare)
 * @contexts_spare: prelim_iov/pf/gt0/contexts_spare
 * @doorbells_spare: prelim_iov/pf/gt0/doorbells_spare
 * @ggtt_max_quota: prelim_iov/pf/gt0/available/ggtt_max_quota
 * @contexts_max_quota: prelim_iov/pf/gt0/available/contexts_max_quota
 * @doorbells_max_quota: prelim_iov/pf/gt0/available/doorbells_max_quota
 * @vf: prelim_iov/vfN/gt0/ for N = 1..total_vfs (index 0 unused)
 * @prov: debugfs gt0/iov/{ggtt,contexts,doorbells}_provisioning
 * @holes: debugfs gt0/iov/ggtt_available
 */
struct iov_snapshot {
	unsigned int total_vfs;
	unsigned int num_vfs;
	bool auto_provisioning;
	uint64_t ggtt_spare;
	uint64_t contexts_spare;
	uint64_t doorbells_spare;
	uint64_t ggtt_max_quota;
	uint64_t contexts_max_quota;
	uint64_t doorbells_max_quota;
	struct iov_vf_attrs vf[IOV_MAX_VFS + 1];
	struct iov_ranges prov[IOV_RES_NUM];
	struct iov_holes holes;
};

#endif
