/* SPDX-License-Identifier: MIT */
/*
 * The three per-GT resources the PF hands out to VFs: GGTT address space,
 * GuC context IDs and doorbells.
 */
#ifndef PF_RESOURCES_H
#define PF_RESOURCES_H

#include "iov/pf_types.h"

u64 pf_ggtt_spare(const struct pf *pf);
u64 pf_ggtt_max_quota(const struct pf *pf);
u64 pf_ggtt_free(const struct pf *pf);
int pf_ggtt_alloc(struct pf *pf, u64 size, struct pf_range *out);
int pf_ggtt_reserve_pf(struct pf *pf, u64 size);

u32 pf_ctx_pf_blocks(u32 total_vfs);
u32 pf_ctx_block_to_id(u32 block);
u32 pf_ctx_pf_count(const struct pf *pf);
u32 pf_ctx_spare(const struct pf *pf);
int pf_ctx_set_in_use(struct pf *pf, u32 num);
u32 pf_ctx_free(const struct pf *pf);
u32 pf_ctx_max_quota(const struct pf *pf);
int pf_ctx_past_last_run(const struct pf *pf);
int pf_ctx_alloc(struct pf *pf, u32 vfid, u32 num, u32 *begin);
void pf_ctx_release(struct pf *pf, u32 vfid);

u32 pf_db_free(const struct pf *pf);
u32 pf_db_max_quota(const struct pf *pf);
int pf_db_alloc(struct pf *pf, u32 vfid, u32 num, u32 *begin);
void pf_db_release(struct pf *pf, u32 vfid);

void pf_resources_init(struct pf *pf);

#endif
