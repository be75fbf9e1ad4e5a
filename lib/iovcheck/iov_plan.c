// SPDX-License-Identifier: MIT
/*
 * The expected plan from the PF core (kernel/iov compiled in user space).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "iovcheck/iov_plan.h"
#include "iov/pf_provision.h"
#include "iov/pf_resources.h"
#include "iov/pf_sriov.h"

_Static_assert(IOV_MAX_VFS == PF_MAX_VFS, "IOV_MAX_VFS is the PF core's PF_MAX_VFS");

static int add_free(struct iov_holes *gfree, uint64_t start, uint64_t count)
{
	unsigned int i;

	/* keep sorted; merge with neighbours that touch */
	for (i = gfree->num; i > 0 && gfree->r[i - 1].start > start; i--)
		;
	if ((i > 0 && gfree->r[i - 1].start + gfree->r[i - 1].count > start) ||
	    (i < gfree->num && start + count > gfree->r[i].start))
		return -EADDRINUSE;
	if (gfree->num == IOV_MAX_LINES)
		return -E2BIG;
	memmove(&gfree->r[i + 1], &gfree->r[i], (gfree->num - i) * sizeof(gfree->r[0]));
	gfree->r[i] = (struct iov_range){ .start = start, .count = count };
	gfree->num++;
	gfree->total += count;
	return 0;
}

static void merge_touching(struct iov_holes *gfree)
{
	unsigned int i = 0, j;

	for (j = 1; j < gfree->num; j++) {
		if (gfree->r[i].start + gfree->r[i].count == gfree->r[j].start)
			gfree->r[i].count += gfree->r[j].count;
		else
			gfree->r[++i] = gfree->r[j];
	}
	if (gfree->num)
		gfree->num = i + 1;
}

int iov_plan_pf_free(const struct iov_snapshot *s, struct iov_holes *gfree)
{
	const struct iov_ranges *ggtt = &s->prov[IOV_RES_GGTT];
	unsigned int i;
	int err;

	memset(gfree, 0, sizeof(*gfree));
	for (i = 0; i < s->holes.num; i++) {
		err = add_free(gfree, s->holes.r[i].start, s->holes.r[i].count);
		if (err)
			return err;
	}
	for (i = 0; i < ggtt->num; i++) {
		err = add_free(gfree, ggtt->r[i].start, ggtt->r[i].count);
		if (err)
			return err;
	}
	merge_touching(gfree);
	return 0;
}

/*
 * The PF's own GGTT: what lies between the free ranges in [pin_bias, top),
 * pin_bias being the platform's (i915 reports no free GGTT below it).
 */
static int seed_pf_ggtt(struct pf *pf, const struct iov_holes *gfree)
{
	u64 cursor = pf->ggtt_base;
	unsigned int i;

	for (i = 0; i <= gfree->num; i++) {
		u64 end = i < gfree->num ? gfree->r[i].start : PF_GGTT_TOP;

		if (i < gfree->num && (gfree->r[i].start < pf->ggtt_base ||
				       gfree->r[i].start + gfree->r[i].count > PF_GGTT_TOP))
			return -EINVAL;
		if (end > cursor) {
			if (pf->num_pf_ggtt == PF_MAX_PF_GGTT_NODES)
				return -E2BIG;
			pf->pf_ggtt[pf->num_pf_ggtt].start = cursor;
			pf->pf_ggtt[pf->num_pf_ggtt].size = end - cursor;
			pf->num_pf_ggtt++;
		}
		if (i < gfree->num)
			cursor = gfree->r[i].start + gfree->r[i].count;
	}
	return 0;
}

int iov_plan_compute(const struct iov_snapshot *s, const struct iov_holes *gfree,
		     unsigned int num_vfs, struct iov_plan *plan)
{
	return iov_plan_compute_on(s, gfree, NULL, num_vfs, plan);
}

int iov_plan_compute_on(const struct iov_snapshot *s, const struct iov_holes *gfree,
			const struct pf_platform *platform, unsigned int num_vfs,
			struct iov_plan *plan)
{
	struct pf *pf;
	unsigned int vf;
	int err;

	if (s->total_vfs < 1 || s->total_vfs > PF_MAX_VFS || num_vfs < 1 || num_vfs > s->total_vfs)
		return -EINVAL;
	if (s->contexts_spare > PF_MAX_CONTEXT_ID || s->doorbells_spare > PF_NUM_DOORBELLS)
		return -EINVAL;
	pf = calloc(1, sizeof(*pf));
	if (!pf)
		return -ENOMEM;
	err = pf_init(pf, s->total_vfs);
	if (!err && platform)
		err = pf_set_platform(pf, platform);
	if (!err)
		err = pf_provision_set_spare_ggtt(pf, s->ggtt_spare);
	if (!err)
		err = pf_provision_set_spare_ctxs(pf, (u32)s->contexts_spare);
	if (!err)
		err = pf_provision_set_spare_dbs(pf, (u32)s->doorbells_spare);
	if (!err && gfree)
		err = seed_pf_ggtt(pf, gfree);
	if (err)
		goto out;

	memset(plan, 0, sizeof(*plan));
	plan->total_vfs = s->total_vfs;
	plan->num_vfs = num_vfs;
	plan->pf_contexts = pf_ctx_pf_count(pf);
	plan->ggtt_max_quota = pf_ggtt_max_quota(pf);
	plan->contexts_max_quota = pf_ctx_max_quota(pf);
	plan->doorbells_max_quota = pf_db_max_quota(pf);
	err = pf_provision_auto(pf, num_vfs);
	if (err)
		goto out;
	for (vf = 1; vf <= num_vfs; vf++) {
		const struct pf_vf_config *c = &pf->config[vf];

		plan->vf[IOV_RES_GGTT][vf] = (struct iov_range){ .vf = vf,
								 .start = c->ggtt.start,
								 .count = c->ggtt.size };
		plan->vf[IOV_RES_CTXS][vf] =
			(struct iov_range){ .vf = vf, .start = c->begin_ctx, .count = c->num_ctxs };
		plan->vf[IOV_RES_DBS][vf] =
			(struct iov_range){ .vf = vf, .start = c->begin_db, .count = c->num_dbs };
	}
out:
	free(pf);
	return err;
}

uint64_t iov_plan_pf_contexts(unsigned int total_vfs)
{
	return pf_ctx_block_to_id(pf_ctx_pf_blocks(total_vfs));
}
