/* SPDX-License-Identifier: MIT */
/*
 * Checks of what the i915 PF shows against what it should show. Each check
 * writes every problem it finds into a report (one line each, for the IGT
 * log or vfctl) and returns the errno class of the first one.
 */
#ifndef IOV_CHECK_H
#define IOV_CHECK_H

#include <stddef.h>

#include "iovcheck/iov_plan.h"
#include "iovcheck/iov_types.h"

/**
 * struct iov_report - what the checks found
 * @problems: number of problems
 * @len: bytes used in @text
 * @text: one line per problem; cut short (ending "...") when full
 */
struct iov_report {
	unsigned int problems;
	size_t len;
	char text[4096];
};

/**
 * iov_report_init - empty a report
 * @r: the report
 */
void iov_report_init(struct iov_report *r);

/**
 * iov_report_add - add one problem to a report
 * @r: the report
 * @err: the problem's errno class (negative)
 * @fmt: printf format of the line (no newline)
 *
 * Return: @err, so that callers can `return iov_report_add(...)`.
 */
__attribute__((format(printf, 3, 4))) int iov_report_add(struct iov_report *r, int err,
							 const char *fmt, ...);

/**
 * iov_vf_mask - the set of VFs 1..n, as used by the checks
 * @n: number of VFs (0..IOV_MAX_VFS)
 *
 * Return: bits 1..n set.
 */
unsigned int iov_vf_mask(unsigned int n);

/**
 * iov_check_ranges - the debugfs range lists hold exactly the VFs of @vfs,
 * each range well-formed and apart from the others and from the PF's share
 * @s: snapshot
 * @vfs: bit n set when VFn must hold GGTT, contexts and doorbells
 * @r: problems are added here
 *
 * Checks per resource: every VF number is 1..total_vfs (-ERANGE) and listed
 * once (-EEXIST); VFs of @vfs are there (-ESRCH) and no others (-ENOTEMPTY);
 * GGTT ranges are 4 KiB aligned inside [pin_bias, GUC_GGTT_TOP) and outside
 * every free hole, contexts above the PF's IDs and below 65535, doorbells
 * below 256 (-ERANGE); no two ranges overlap (-EADDRINUSE).
 *
 * Return: 0 or the first problem's errno (negative).
 */
int iov_check_ranges(const struct iov_snapshot *s, unsigned int vfs, struct iov_report *r);

/**
 * iov_check_quotas - each VF's sysfs quotas equal the sizes of its debugfs
 * ranges (0 where it has none)
 * @s: snapshot
 * @r: problems are added here
 *
 * Return: 0 or -EDOM.
 */
int iov_check_quotas(const struct iov_snapshot *s, struct iov_report *r);

/**
 * iov_check_plan - VFs 1..N hold exactly the ranges the PF core plans
 * @s: snapshot taken with N VFs enabled by auto-provisioning
 * @plan: iov_plan_compute() for N
 * @r: problems are added here
 *
 * Return: 0, -EINVAL if @plan is for another max_vfs, -EDOM on a mismatch.
 */
int iov_check_plan(const struct iov_snapshot *s, const struct iov_plan *plan, struct iov_report *r);

/**
 * iov_check_available - the PF's available/ *_max_quota equal the PF core's
 * @s: snapshot taken with no VF provisioned
 * @plan: iov_plan_compute() seeded from @s
 * @r: problems are added here
 *
 * Return: 0 or -EDOM.
 */
int iov_check_available(const struct iov_snapshot *s, const struct iov_plan *plan,
			struct iov_report *r);

/**
 * iov_check_pf_share - the PF kept its own share across a change
 * @before: snapshot before (e.g. with no VFs)
 * @after: snapshot after (e.g. with N VFs)
 * @r: problems are added here
 *
 * The GGTT the PF leaves to VFs (holes plus VF ranges) is the same, the
 * spares are the same, and the holes left still hold the GGTT spare.
 *
 * Return: 0, -EDOM if something changed, -ENOSPC if the spare was given
 * away, or an error of iov_plan_pf_free().
 */
int iov_check_pf_share(const struct iov_snapshot *before, const struct iov_snapshot *after,
		       struct iov_report *r);

#endif
