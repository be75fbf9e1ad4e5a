// SPDX-License-Identifier: MIT
/*
 * GGTT, context-ID and doorbell allocation, with i915's policies:
 *
 * GGTT: usable range [pin_bias, GUC_GGTT_TOP), where pin_bias is the
 * platform's GuC WOPCM size (iov/pf_platform.c), 4 KiB granularity, VF
 * ranges placed top-down (the highest hole that fits, at its top). The PF
 * keeps a spare of at least 64 MiB, charged against the holes other than
 * the largest first (i915's pf_get_max_ggtt()).
 *
 * Contexts: 65535 IDs in 512 blocks of 128, block b starting at ID
 * b * 128 - 1 (block 0 holds IDs 0..126). The PF owns blocks [0, pf_blocks),
 * fixed at init from max_vfs. VF ranges are placed as i915's
 * pf_alloc_vf_ctxs_range() places them: the last free run of exactly the
 * size wanted, otherwise the end of the last (highest) larger run.
 *
 * Doorbells: 256, first fit from 0; the PF holds none itself, and a VF's
 * range may not eat into the PF's spare (-EDQUOT, as i915's
 * pf_alloc_dbs_range()).
 */
#include "iov/pf_resources.h"

/* ------------------------------------------------------------------------
 * GGTT
 */

/**
 * pf_ggtt_spare - the GGTT the PF keeps for itself
 * @pf: the PF
 *
 * Return: max(the configured spare, 64 MiB), in bytes.
 */
u64 pf_ggtt_spare(const struct pf *pf)
{
	return max_t(u64, pf->spare.ggtt, PF_GGTT_MIN_SPARE);
}
EXPORT_SYMBOL_GPL(pf_ggtt_spare);

/*
 * The next hole of [pin_bias, GUC_GGTT_TOP) at or above *cursor, aligned
 * inwards to 4 KiB; advances *cursor past it. Walks the used ranges (the
 * PF's and the VFs') without sorting or copying them, so the PF may hold
 * as many ranges as a real GGTT shows without a large stack frame.
 */
static bool ggtt_next_hole(const struct pf *pf, u64 *cursor, struct pf_range *hole)
{
	u64 start, end, next_start, next_end, s, e;
	u32 i;

	while (*cursor < PF_GGTT_TOP) {
		next_start = next_end = PF_GGTT_TOP;
		for (i = 0; i < pf->num_pf_ggtt + PF_MAX_VFS; i++) {
			const struct pf_range *r =
				i < pf->num_pf_ggtt ? &pf->pf_ggtt[i] :
						      &pf->config[1 + i - pf->num_pf_ggtt].ggtt;

			s = r->start;
			e = r->start + r->size;
			if (r->size && e > *cursor && s < next_start) {
				next_start = s;
				next_end = e;
			}
		}
		start = ALIGN(*cursor, PF_GGTT_ALIGN);
		end = ALIGN_DOWN(min_t(u64, next_start, PF_GGTT_TOP), PF_GGTT_ALIGN);
		*cursor = max_t(u64, *cursor, next_end);
		if (end > start) {
			hole->start = start;
			hole->size = end - start;
			return true;
		}
	}
	return false;
}

/**
 * pf_ggtt_max_quota - the largest GGTT range a VF could get now
 * @pf: the PF
 *
 * The PF's spare is taken from the smaller holes first: walking the holes,
 * each takes as much of the spare as it can up to the size of the largest
 * hole seen so far; what is left is taken from the largest hole.
 *
 * Return: bytes, 4 KiB aligned; 0 if nothing is left.
 */
u64 pf_ggtt_max_quota(const struct pf *pf)
{
	u64 spare = pf_ggtt_spare(pf), max_hole = 0, cursor = pf->ggtt_base;
	struct pf_range h;

	while (ggtt_next_hole(pf, &cursor, &h)) {
		spare -= min3(spare, h.size, max_hole);
		max_hole = max(max_hole, h.size);
	}
	return max_hole > spare ? ALIGN_DOWN(max_hole - spare, PF_GGTT_ALIGN) : 0;
}
EXPORT_SYMBOL_GPL(pf_ggtt_max_quota);

/**
 * pf_ggtt_free - the GGTT VFs could still get, all holes together
 * @pf: the PF
 *
 * i915's available/ggtt_free (pf_get_free_ggtt()): every 4 KiB-aligned hole
 * above pin_bias and below GUC_GGTT_TOP, less the spare.
 *
 * Return: bytes; 0 if the spare covers them.
 */
u64 pf_ggtt_free(const struct pf *pf)
{
	u64 spare = pf_ggtt_spare(pf), sum = 0, cursor = pf->ggtt_base;
	struct pf_range h;

	while (ggtt_next_hole(pf, &cursor, &h))
		sum += h.size;
	return sum > spare ? sum - spare : 0;
}
EXPORT_SYMBOL_GPL(pf_ggtt_free);

/**
 * pf_ggtt_alloc - find a VF range at the top of the highest hole that fits
 * @pf: the PF
 * @size: bytes, a multiple of 4 KiB
 * @out: the range found; the caller records it in the VF's config
 *
 * Return: 0, or -ENOSPC.
 */
int pf_ggtt_alloc(struct pf *pf, u64 size, struct pf_range *out)
{
	u64 cursor = pf->ggtt_base;
	struct pf_range h, best = { 0, 0 };

	while (ggtt_next_hole(pf, &cursor, &h))
		if (h.size >= size)
			best = h;
	if (!best.size)
		return -ENOSPC;
	out->start = best.start + best.size - size;
	out->size = size;
	return 0;
}
EXPORT_SYMBOL_GPL(pf_ggtt_alloc);

/**
 * pf_ggtt_reserve_pf - account GGTT the PF uses itself (framebuffer, rings)
 * @pf: the PF
 * @size: bytes; rounded up to 4 KiB
 *
 * Placed bottom-up in the lowest hole that fits, as the PF's own
 * allocations are.
 *
 * Return: 0, -ENOSPC, or -E2BIG when the PF already has too many ranges.
 */
int pf_ggtt_reserve_pf(struct pf *pf, u64 size)
{
	u64 cursor = pf->ggtt_base;
	struct pf_range h;

	if (pf->num_pf_ggtt == PF_MAX_PF_GGTT_NODES)
		return -E2BIG;
	size = ALIGN(size, PF_GGTT_ALIGN);
	while (ggtt_next_hole(pf, &cursor, &h)) {
		if (h.size >= size) {
			pf->pf_ggtt[pf->num_pf_ggtt].start = h.start;
			pf->pf_ggtt[pf->num_pf_ggtt].size = size;
			pf->num_pf_ggtt++;
			return 0;
		}
	}
	return -ENOSPC;
}
EXPORT_SYMBOL_GPL(pf_ggtt_reserve_pf);

/* ------------------------------------------------------------------------
 * Context IDs
 */

/**
 * pf_ctx_pf_blocks - how many context blocks the PF keeps for max_vfs VFs
 * @total_vfs: max_vfs
 *
 * The 512 blocks are split in 1 + total_vfs equal shares; the PF keeps what
 * is left over after the VFs' shares (i915's pf_assign_ctxs_for_pf()).
 *
 * Return: the number of blocks, from block 0.
 */
u32 pf_ctx_pf_blocks(u32 total_vfs)
{
	return PF_CTX_BLOCKS - (PF_CTX_BLOCKS / (1 + total_vfs)) * total_vfs;
}
EXPORT_SYMBOL_GPL(pf_ctx_pf_blocks);

/**
 * pf_ctx_block_to_id - the first context ID of a block
 * @block: block index
 *
 * Return: 0 for block 0, block * 128 - 1 otherwise.
 */
u32 pf_ctx_block_to_id(u32 block)
{
	return block ? block * PF_CTX_BLOCK - 1 : 0;
}
EXPORT_SYMBOL_GPL(pf_ctx_block_to_id);

/**
 * pf_ctx_pf_count - the number of context IDs the PF keeps
 * @pf: the PF
 *
 * Return: IDs 0 .. count - 1 belong to the PF.
 */
u32 pf_ctx_pf_count(const struct pf *pf)
{
	return pf_ctx_block_to_id(pf->pf_ctx_blocks);
}
EXPORT_SYMBOL_GPL(pf_ctx_pf_count);

/**
 * pf_ctx_spare - the context IDs the PF must keep
 * @pf: the PF
 *
 * Return: max(configured spare, 256).
 */
u32 pf_ctx_spare(const struct pf *pf)
{
	return max_t(u32, pf->spare.ctxs, PF_CTX_MIN_SPARE);
}
EXPORT_SYMBOL_GPL(pf_ctx_spare);

/**
 * pf_ctx_set_in_use - how many IDs of its own range the PF's submissions hold
 * @pf: the PF, its lock held or not yet provisioning
 * @num: what i915's intel_guc_submission_ids_in_use() counts (the guc_ids
 *	of the PF's single-LRC contexts); 0 after pf_resources_init()
 *
 * The spare must stay free beside them: i915's pf_reserved_ctxs() takes
 * the IDs the PF still has free, not its whole range, so each ID in use can
 * take a block from the VFs once the spare comes close to the PF's share.
 * The core submits nothing itself; a binding into i915 would pass the
 * count before it plans.
 *
 * Return: 0, or -EINVAL for more than the PF's range (i915: a BUG).
 */
int pf_ctx_set_in_use(struct pf *pf, u32 num)
{
	if (num > pf_ctx_pf_count(pf))
		return -EINVAL;
	pf->pf_ctxs_in_use = num;
	return 0;
}
EXPORT_SYMBOL_GPL(pf_ctx_set_in_use);

/*
 * Blocks VFs must leave so that the PF has its spare free: 0 while the free
 * part of the PF's own range covers it (i915's pf_reserved_ctxs()).
 */
static u32 ctx_reserved_blocks(const struct pf *pf)
{
	u32 spare = pf_ctx_spare(pf), avail = pf_ctx_pf_count(pf) - pf->pf_ctxs_in_use;

	return spare > avail ? DIV_ROUND_UP(spare - avail, PF_CTX_BLOCK) : 0;
}

/* Walk the free block runs: returns the next run at or after *b. */
static bool ctx_next_run(const struct pf *pf, u32 *b, u32 *start, u32 *len)
{
	while (*b < PF_CTX_BLOCKS && pf->ctx_owner[*b] != PF_OWNER_FREE)
		(*b)++;
	if (*b >= PF_CTX_BLOCKS)
		return false;
	*start = *b;
	while (*b < PF_CTX_BLOCKS && pf->ctx_owner[*b] == PF_OWNER_FREE)
		(*b)++;
	*len = *b - *start;
	return true;
}

/**
 * pf_ctx_free - the context IDs free for VFs in all, as auto mode shares them
 * @pf: the PF
 *
 * Free blocks in every run, less what the PF's spare still needs (i915's
 * pf_get_ctxs_free()).
 *
 * Return: a multiple of 128.
 */
u32 pf_ctx_free(const struct pf *pf)
{
	u32 b = 0, start, len, sum = 0, reserved = ctx_reserved_blocks(pf);

	while (ctx_next_run(pf, &b, &start, &len))
		sum += len;
	return sum > reserved ? (sum - reserved) * PF_CTX_BLOCK : 0;
}
EXPORT_SYMBOL_GPL(pf_ctx_free);

/**
 * pf_ctx_past_last_run - where i915 places a range of 0 context IDs
 * @pf: the PF
 *
 * i915's pf_alloc_vf_ctxs_range() asked for 0 blocks (what its u16 rounding
 * makes of 65409..65535 contexts) takes the block just past the last free
 * run.
 *
 * Return: the first ID of that block, or -ENOSPC with no free run.
 */
int pf_ctx_past_last_run(const struct pf *pf)
{
	u32 b = 0, start, len, end = 0;

	while (ctx_next_run(pf, &b, &start, &len))
		end = start + len;
	return end ? (int)pf_ctx_block_to_id(end) : -ENOSPC;
}
EXPORT_SYMBOL_GPL(pf_ctx_past_last_run);

/**
 * pf_ctx_max_quota - the largest context range a VF could get now
 * @pf: the PF
 *
 * The PF's reserve is taken from the smaller runs first, as for GGTT; what
 * is left is taken from the largest run (i915's pf_get_ctxs_max_quota()).
 *
 * Return: a multiple of 128.
 */
u32 pf_ctx_max_quota(const struct pf *pf)
{
	u32 b = 0, start, len, max_run = 0, reserved = ctx_reserved_blocks(pf);

	while (ctx_next_run(pf, &b, &start, &len)) {
		reserved -= min3(reserved, len, max_run);
		max_run = max(max_run, len);
	}
	return max_run > reserved ? (max_run - reserved) * PF_CTX_BLOCK : 0;
}
EXPORT_SYMBOL_GPL(pf_ctx_max_quota);

/**
 * pf_ctx_alloc - give a VF a range of context IDs
 * @pf: the PF
 * @vfid: the VF
 * @num: number of IDs, a multiple of 128
 * @begin: out, the first ID
 *
 * As i915's pf_alloc_vf_ctxs_range(): the last free run whose size is
 * exactly @num wins; with none, the range is cut from the end of the last
 * run that is larger. (i915's loop means to prefer the smallest larger run,
 * but its test compares the wanted size, not the run's, so the last larger
 * run is what it takes.)
 *
 * Return: 0, -EINVAL for 0, or -ENOSPC if no run is large enough.
 */
int pf_ctx_alloc(struct pf *pf, u32 vfid, u32 num, u32 *begin)
{
	u32 want = num / PF_CTX_BLOCK, b = 0, start, len, i;
	u32 last_equal = 0, larger = PF_CTX_BLOCKS;

	pf_assert_vfid(pf, vfid);
	if (!want)
		return -EINVAL;
	while (ctx_next_run(pf, &b, &start, &len)) {
		if (len == want)
			last_equal = start;
		else if (len > want)
			larger = start + len - want;
	}
	/* block 0 always belongs to the PF, so 0 means "no exact run" */
	start = last_equal ? last_equal : larger;
	if (start >= PF_CTX_BLOCKS)
		return -ENOSPC;

	for (i = start; i < start + want; i++)
		pf->ctx_owner[i] = vfid;
	*begin = pf_ctx_block_to_id(start);
	return 0;
}
EXPORT_SYMBOL_GPL(pf_ctx_alloc);

/**
 * pf_ctx_release - free a VF's context blocks
 * @pf: the PF
 * @vfid: the VF
 */
void pf_ctx_release(struct pf *pf, u32 vfid)
{
	u32 b;

	pf_assert_vfid(pf, vfid);
	for (b = 0; b < PF_CTX_BLOCKS; b++)
		if (pf->ctx_owner[b] == vfid)
			pf->ctx_owner[b] = PF_OWNER_FREE;
}
EXPORT_SYMBOL_GPL(pf_ctx_release);

/* ------------------------------------------------------------------------
 * Doorbells
 */

/**
 * pf_db_free - doorbells no VF holds (i915's available/doorbells_free)
 * @pf: the PF
 *
 * As i915's pf_get_free_dbs(): the PF's spare is not taken out.
 *
 * Return: 256 less the VFs' doorbells.
 */
u32 pf_db_free(const struct pf *pf)
{
	u32 i, free = 0;

	for (i = 0; i < PF_NUM_DOORBELLS; i++)
		free += pf->db_owner[i] == PF_OWNER_FREE;
	return free;
}
EXPORT_SYMBOL_GPL(pf_db_free);

/**
 * pf_db_max_quota - the longest run of doorbells no VF holds
 * @pf: the PF
 *
 * i915's available/doorbells_max_quota (pf_get_max_dbs()): the spare is not
 * taken out; it is checked only when a VF asks (pf_db_alloc()).
 *
 * Return: doorbells.
 */
u32 pf_db_max_quota(const struct pf *pf)
{
	u32 i, run = 0, longest = 0;

	for (i = 0; i < PF_NUM_DOORBELLS; i++) {
		run = pf->db_owner[i] == PF_OWNER_FREE ? run + 1 : 0;
		longest = max(longest, run);
	}
	return longest;
}
EXPORT_SYMBOL_GPL(pf_db_max_quota);

/**
 * pf_db_alloc - give a VF a range of doorbells, first fit from 0
 * @pf: the PF
 * @vfid: the VF
 * @num: number of doorbells
 * @begin: out, the first one
 *
 * As i915's pf_alloc_dbs_range(): refused with -EDQUOT when the VFs' use
 * plus the PF's spare plus @num exceeds 256, whatever the caller computed.
 *
 * Return: 0, -EDQUOT, or -ENOSPC if no free run is long enough.
 */
int pf_db_alloc(struct pf *pf, u32 vfid, u32 num, u32 *begin)
{
	u32 i = 0, start, j;

	pf_assert_vfid(pf, vfid);
	if (!num)
		return -EINVAL;
	if (PF_NUM_DOORBELLS - pf_db_free(pf) + pf->spare.dbs + num > PF_NUM_DOORBELLS)
		return -EDQUOT;
	while (i < PF_NUM_DOORBELLS) {
		if (pf->db_owner[i] != PF_OWNER_FREE) {
			i++;
			continue;
		}
		start = i;
		while (i < PF_NUM_DOORBELLS && pf->db_owner[i] == PF_OWNER_FREE && i - start < num)
			i++;
		if (i - start == num) {
			for (j = start; j < i; j++)
				pf->db_owner[j] = vfid;
			*begin = start;
			return 0;
		}
	}
	return -ENOSPC;
}
EXPORT_SYMBOL_GPL(pf_db_alloc);

/**
 * pf_db_release - free a VF's doorbells
 * @pf: the PF
 * @vfid: the VF
 */
void pf_db_release(struct pf *pf, u32 vfid)
{
	u32 i;

	pf_assert_vfid(pf, vfid);
	for (i = 0; i < PF_NUM_DOORBELLS; i++)
		if (pf->db_owner[i] == vfid)
			pf->db_owner[i] = PF_OWNER_FREE;
}
EXPORT_SYMBOL_GPL(pf_db_release);

/**
 * pf_resources_init - an idle GT: the PF holds its context share only
 * @pf: the PF, with total_vfs set
 */
void pf_resources_init(struct pf *pf)
{
	u32 b;

	pf->num_pf_ggtt = 0;
	pf->pf_ctx_blocks = pf_ctx_pf_blocks(pf->total_vfs);
	pf->pf_ctxs_in_use = 0;
	for (b = 0; b < PF_CTX_BLOCKS; b++)
		pf->ctx_owner[b] = b < pf->pf_ctx_blocks ? PF_OWNER_PF : PF_OWNER_FREE;
	memset(pf->db_owner, PF_OWNER_FREE, sizeof(pf->db_owner));
}
EXPORT_SYMBOL_GPL(pf_resources_init);
