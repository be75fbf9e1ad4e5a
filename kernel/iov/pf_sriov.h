/* SPDX-License-Identifier: MIT */
/*
 * The PF's lifecycle: set-up, enabling and disabling VFs, and restart after
 * a GuC reset.
 */
#ifndef PF_SRIOV_H
#define PF_SRIOV_H

#include "iov/pf_types.h"

int pf_init(struct pf *pf, u32 total_vfs);
void pf_fini(struct pf *pf);
int pf_set_platform(struct pf *pf, const struct pf_platform *platform);
void pf_attach(struct pf *pf, struct guc_ct *ct, const struct pf_ops *ops, void *priv, u32 *klv_buf,
	       u32 klv_buf_ggtt, u32 klv_buf_dwords);
int pf_confirm(struct pf *pf);
int pf_enable_vfs(struct pf *pf, u32 num_vfs);
int pf_disable_vfs(struct pf *pf);
int pf_restart(struct pf *pf);

#endif
