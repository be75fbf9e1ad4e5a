/* SPDX-License-Identifier: MIT */
/*
 * Telling the GuC what the PF decided: VF configurations and VGT policies,
 * as KLV blobs in a GGTT buffer.
 */
#ifndef PF_PUSH_H
#define PF_PUSH_H

#include "iov/pf_types.h"

/* What a single update carries: one scheduling value. */
enum pf_push_what {
	PF_PUSH_EXEC_QUANTUM,
	PF_PUSH_PREEMPT_TIMEOUT,
	PF_PUSH_THRESHOLD, /* + threshold index */
};

int pf_encode_vf_config(const struct pf_vf_config *cfg, u32 *buf, u32 size);
int pf_push_vf_config(struct pf *pf, u32 vfid);
int pf_push_vf_reset(struct pf *pf, u32 vfid);
int pf_push_vf_update(struct pf *pf, u32 vfid, enum pf_push_what what, u32 index);
int pf_push_vf_klv(struct pf *pf, u32 vfid, u16 key, u64 value);
int pf_push_vf_ggtt(struct pf *pf, u32 vfid, u64 start, u64 size);
int pf_push_vf_ctxs(struct pf *pf, u32 vfid, u32 begin, u32 num);
int pf_push_vf_dbs(struct pf *pf, u32 vfid, u32 begin, u32 num);
int pf_push_policy(struct pf *pf, u16 key, u32 value);
int pf_push_policies(struct pf *pf);

u16 pf_threshold_key(u32 index);
int pf_threshold_index(u32 key);
const char *pf_threshold_name(u32 index);

#endif
