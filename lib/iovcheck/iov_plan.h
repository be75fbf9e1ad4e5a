/* SPDX-License-Identifier: MIT */
/*
 * The expected fair plan, computed by the PF core itself (kernel/iov,
 * compiled in user space, the code behind `vfctl provision plan`), seeded
 * with what the real PF shows: max_vfs, its spares, and the GGTT it leaves
 * free.
 */
#ifndef IOV_PLAN_H
#define IOV_PLAN_H

#include "iovcheck/iov_types.h"
#include "iov/pf_platform.h"

/**
 * struct iov_plan - what auto-provisioning gives N VFs
 * @total_vfs: max_vfs the plan is for
 * @num_vfs: N
 * @pf_contexts: the PF keeps context IDs 0 .. pf_contexts - 1
 * @ggtt_max_quota: the model's available/ggtt_max_quota before enabling
 * @contexts_max_quota: the same for contexts
 * @doorbells_max_quota: the same for doorbells
 * @vf: per resource and VF (1..num_vfs), the range; count 0 = none
 */
struct iov_plan {
	unsigned int total_vfs;
	unsigned int num_vfs;
	uint64_t pf_contexts;
	uint64_t ggtt_max_quota;
	uint64_t contexts_max_quota;
	uint64_t doorbells_max_quota;
	struct iov_range vf[IOV_RES_NUM][IOV_MAX_VFS + 1];
};

/**
 * iov_plan_pf_free - the GGTT the PF leaves to VFs
 * @s: a snapshot, with or without VFs enabled
 * @gfree: the holes of @s merged with the VFs' GGTT ranges, lowest first;
 *        @gfree->total is their sum and @gfree->avail is 0
 *
 * Taken before enabling it equals the ggtt_available holes; taken after, it
 * must be the same again if the PF's own share was left alone.
 *
 * Return: 0, -EADDRINUSE if a VF range overlaps a hole, -E2BIG.
 */
int iov_plan_pf_free(const struct iov_snapshot *s, struct iov_holes *gfree);

/**
 * iov_plan_compute - run the PF core's auto-provisioning for N VFs
 * @s: the PF's spares and max_vfs come from here (the VF configs do not)
 * @gfree: the GGTT the PF leaves free (iov_plan_pf_free()); NULL for an idle
 *        PF that uses no GGTT
 * @num_vfs: N
 * @plan: the result
 *
 * Return: 0; -EINVAL for N outside 1..total_vfs or a spare the PF core
 * refuses; -E2BIG if the PF's GGTT is split into more pieces than the PF
 * core models; -ENOSPC if the PF core finds no fair plan.
 */
int iov_plan_compute(const struct iov_snapshot *s, const struct iov_holes *gfree,
		     unsigned int num_vfs, struct iov_plan *plan);

/**
 * iov_plan_compute_on - iov_plan_compute() on a given platform's GGTT layout
 * @s: as iov_plan_compute()
 * @gfree: as iov_plan_compute(); no range may start below the platform's
 *         usable GGTT (i915's pin_bias), -EINVAL otherwise
 * @platform: the platform (iov/pf_platform.h); NULL for the default
 *            (Raptor Lake-S)
 * @num_vfs: N
 * @plan: the result
 *
 * Return: as iov_plan_compute().
 */
int iov_plan_compute_on(const struct iov_snapshot *s, const struct iov_holes *gfree,
			const struct pf_platform *platform, unsigned int num_vfs,
			struct iov_plan *plan);

/**
 * iov_plan_pf_contexts - how many context IDs the PF keeps for max_vfs
 * @total_vfs: max_vfs
 *
 * Return: the count; the PF's range is 0 .. count - 1.
 */
uint64_t iov_plan_pf_contexts(unsigned int total_vfs);

#endif
