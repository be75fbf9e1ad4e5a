// SPDX-License-Identifier: MIT
/*
 * See pf_world.h. The blob and the KLV buffer are allocations of their own,
 * exactly their size, so that a sanitizer sees any access past them.
 */
#include "selftest/pf_world.h"
#include "iov/pf_sriov.h"

/**
 * pf_world_create - a GuC model, an enabled CT channel and an attached PF
 * @max_vfs: the PF's total_vfs (0..7)
 *
 * The PF has no driver hooks (no PCI core behind it) and is confirmed, as
 * after probe.
 *
 * Return: the world, or NULL if memory ran out, the channel did not come
 * up or the GuC refused the PF's self config.
 */
struct pf_world *pf_world_create(u32 max_vfs)
{
	struct pf_world *w = kvzalloc(sizeof(*w), GFP_KERNEL);

	if (!w)
		return NULL;
	w->blob = kvzalloc(GUC_CT_BLOB_SIZE, GFP_KERNEL);
	w->klvs = kvzalloc(PF_WORLD_KLV_DWORDS * sizeof(u32), GFP_KERNEL);
	if (!w->blob || !w->klvs)
		goto fail;
	mock_guc_init(&w->guc);
	mock_guc_map(&w->guc, PF_WORLD_BLOB_GGTT, w->blob, GUC_CT_BLOB_SIZE);
	mock_guc_map(&w->guc, PF_WORLD_KLV_GGTT, w->klvs, PF_WORLD_KLV_DWORDS * sizeof(u32));
	guc_ct_init(&w->ct, &mock_guc_ct_ops, &w->guc, w->blob, PF_WORLD_BLOB_GGTT);
	if (guc_ct_enable(&w->ct) || pf_init(&w->pf, max_vfs))
		goto fail;
	pf_attach(&w->pf, &w->ct, NULL, NULL, w->klvs, PF_WORLD_KLV_GGTT, PF_WORLD_KLV_DWORDS);
	/* the firmware refuses VF GGTT in its WOPCM: the platform's layout */
	w->guc.ggtt_base = w->pf.ggtt_base;
	/* probe is over (i915_sriov_pf_confirm()): VFs may be enabled */
	if (pf_confirm(&w->pf))
		goto fail;
	return w;
fail:
	pf_world_destroy(w);
	return NULL;
}

/**
 * pf_world_destroy - free a world (the channel is disabled first)
 * @w: the world, or NULL
 */
void pf_world_destroy(struct pf_world *w)
{
	if (!w)
		return;
	if (w->blob)
		guc_ct_disable(&w->ct);
	if (w->pf.ct) /* attached: pf_init() ran */
		pf_fini(&w->pf);
	kvfree(w->klvs);
	kvfree(w->blob);
	kvfree(w);
}
