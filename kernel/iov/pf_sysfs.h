/* SPDX-License-Identifier: MIT */
/*
 * i915's SR-IOV sysfs files (prelim_iov/pf/..., prelim_iov/vfN/...) over
 * the PF core: what a read shows and what a write does.
 */
#ifndef PF_SYSFS_H
#define PF_SYSFS_H

#include "iov/pf_types.h"

ssize_t pf_sysfs_show(struct pf *pf, u32 id, const char *path, char *buf, size_t size);
ssize_t pf_sysfs_store(struct pf *pf, u32 id, const char *path, const char *buf, size_t count);

#endif
