/* SPDX-License-Identifier: MIT */
/*
 * What each VF gets: fair auto-provisioning, manual quotas, spares,
 * scheduling values, thresholds and policies.
 */
#ifndef PF_PROVISION_H
#define PF_PROVISION_H

#include "iov/pf_types.h"

int pf_provision_auto(struct pf *pf, u32 num_vfs);
int __pf_provision_auto(struct pf *pf, u32 num_vfs);
void __pf_unprovision_config(struct pf *pf, u32 vfid);
void __pf_auto_unprovision(struct pf *pf);
int pf_provision_verify(struct pf *pf, u32 num_vfs);
int __pf_provision_verify(const struct pf *pf, u32 num_vfs);
bool pf_provision_is_empty(const struct pf *pf, u32 vfid);

int pf_provision_set_ggtt(struct pf *pf, u32 vfid, u64 size);
int pf_provision_set_ctxs(struct pf *pf, u32 vfid, u32 num);
int pf_provision_set_dbs(struct pf *pf, u32 vfid, u32 num);
int pf_provision_set_exec_quantum(struct pf *pf, u32 vfid, u32 ms);
int pf_provision_set_preempt_timeout(struct pf *pf, u32 vfid, u32 us);
int pf_provision_set_threshold(struct pf *pf, u32 vfid, u32 index, u32 value);

int pf_provision_set_spare_ggtt(struct pf *pf, u64 size);
int pf_provision_set_spare_ctxs(struct pf *pf, u32 num);
int pf_provision_set_spare_dbs(struct pf *pf, u32 num);
int pf_provision_set_auto(struct pf *pf, bool on);

int pf_provision_set_sched_if_idle(struct pf *pf, bool on);
int pf_provision_set_reset_engine(struct pf *pf, bool on);
int pf_provision_set_sample_period(struct pf *pf, u32 ms);

#endif
