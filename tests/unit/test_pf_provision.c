// SPDX-License-Identifier: MIT
/*
 * Provisioning decisions without a GuC: the fair plan for every
 * (max_vfs, num_vfs) pair, i915's exact numbers, disjoint ranges inside
 * their bounds, and the rules of manual provisioning.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "iov/pf_platform.h"
#include "iov/pf_provision.h"
#include "iov/pf_resources.h"
#include "iov/pf_sriov.h"

#define MiB (1ull << 20)
/* i915 on Raptor Lake-S: ggtt->pin_bias = GuC WOPCM size = 1420 KiB */
#define RPL_GGTT_BASE 0x163000ull

static struct pf pf;

static void test_pf_context_share_for_each_max_vfs(void **state)
{
	static const u32 want[] = { 65535, 32767, 22015, 16383, 13311, 11135, 9471, 8191 };
	u32 m;

	(void)state;
	for (m = 0; m <= 7; m++) {
		assert_int_equal(pf_init(&pf, m), 0);
		assert_int_equal(pf_ctx_pf_count(&pf), want[m]);
	}
	assert_int_equal(pf_init(&pf, 8), -EINVAL);
}

static void test_fair_contexts_with_max_vfs_7_match_i915(void **state)
{
	static const u32 per_vf[] = { 0, 57344, 28672, 19072, 14336, 11392, 9472, 8192 };
	u32 n;

	(void)state;
	for (n = 1; n <= 7; n++) {
		assert_int_equal(pf_init(&pf, 7), 0);
		assert_int_equal(pf_provision_auto(&pf, n), 0);
		for (u32 vf = 1; vf <= n; vf++)
			assert_int_equal(pf.config[vf].num_ctxs, per_vf[n]);
	}
	/* N = 7: top-down, VF1 = 57343-65534 ... VF7 = 8191-16382 */
	for (u32 vf = 1; vf <= 7; vf++) {
		assert_int_equal(pf.config[vf].begin_ctx, 57343 - (vf - 1) * 8192);
		assert_int_equal(pf.config[vf].begin_ctx + pf.config[vf].num_ctxs - 1,
				 65534 - (vf - 1) * 8192);
	}
}

static void test_fair_doorbells_match_i915(void **state)
{
	static const u32 per_vf[] = { 0, 256, 128, 85, 64, 51, 42, 36 };
	u32 n;

	(void)state;
	for (n = 1; n <= 7; n++) {
		assert_int_equal(pf_init(&pf, 7), 0);
		assert_int_equal(pf_provision_auto(&pf, n), 0);
		for (u32 vf = 1; vf <= n; vf++) {
			assert_int_equal(pf.config[vf].num_dbs, per_vf[n]);
			/* bottom-up */
			assert_int_equal(pf.config[vf].begin_db, (vf - 1) * per_vf[n]);
		}
	}
	/* N = 7: VF7 = 216-251, 252-255 stay free */
	assert_int_equal(pf.config[7].begin_db, 216);
	assert_int_equal(pf_db_max_quota(&pf), 4);
}

/*
 * i915's available/doorbells_max_quota (pf_get_max_dbs()) is the longest run
 * no VF holds, the spare not taken out; doorbells_free (pf_get_free_dbs())
 * is 256 less what the VFs hold. Only a request checks the spare
 * (pf_alloc_dbs_range(): -EDQUOT).
 */
static void test_doorbell_max_quota_and_free_are_i915s(void **state)
{
	(void)state;
	assert_int_equal(pf_init(&pf, 3), 0);
	assert_int_equal(pf_provision_set_spare_dbs(&pf, 16), 0);
	assert_int_equal(pf_db_max_quota(&pf), 256);
	assert_int_equal(pf_db_free(&pf), 256);
	assert_int_equal(pf_provision_set_dbs(&pf, 1, 10), 0);
	assert_int_equal(pf_provision_set_dbs(&pf, 2, 10), 0);
	assert_int_equal(pf_provision_set_dbs(&pf, 1, 0), 0);
	/* free: 0-9 and 20-255 */
	assert_int_equal(pf_db_max_quota(&pf), 236);
	assert_int_equal(pf_db_free(&pf), 246);
	/* 10 held + 16 spare + 231 > 256 */
	assert_int_equal(pf_provision_set_dbs(&pf, 3, 231), -EDQUOT);
	assert_int_equal(pf_provision_set_dbs(&pf, 3, 230), 0);
	assert_int_equal(pf.config[3].begin_db, 20);
}

/* i915's available/ggtt_free (pf_get_free_ggtt()): every hole, less the spare. */
static void test_ggtt_free_sums_the_holes_less_the_spare(void **state)
{
	u64 all = PF_GGTT_TOP - RPL_GGTT_BASE;

	(void)state;
	assert_int_equal(pf_init(&pf, 3), 0);
	assert_int_equal(pf_ggtt_free(&pf), all - PF_GGTT_MIN_SPARE);
	assert_int_equal(pf_provision_set_ggtt(&pf, 1, 100 * MiB), 0);
	assert_int_equal(pf_provision_set_ggtt(&pf, 2, 100 * MiB), 0);
	assert_int_equal(pf_provision_set_ggtt(&pf, 1, 0), 0);
	/* two holes now; free counts both, max_quota only the larger */
	assert_int_equal(pf_ggtt_free(&pf), all - 100 * MiB - PF_GGTT_MIN_SPARE);
	assert_int_equal(pf_ggtt_max_quota(&pf),
			 all - 200 * MiB); /* the spare fits the small hole */
	assert_int_equal(pf_provision_set_spare_ggtt(&pf, all), 0);
	assert_int_equal(pf_ggtt_free(&pf), 0);
}

static void test_fair_ggtt_on_idle_pf(void **state)
{
	u64 avail = PF_GGTT_TOP - RPL_GGTT_BASE - PF_GGTT_MIN_SPARE;
	u32 n;

	(void)state;
	for (n = 1; n <= 7; n++) {
		u64 fair = ALIGN_DOWN(avail / n, 4096);

		assert_int_equal(pf_init(&pf, 7), 0);
		assert_int_equal(pf_ggtt_max_quota(&pf), avail);
		assert_int_equal(pf_provision_auto(&pf, n), 0);
		for (u32 vf = 1; vf <= n; vf++) {
			assert_int_equal(pf.config[vf].ggtt.size, fair);
			/* top-down: VF1 ends at GUC_GGTT_TOP */
			assert_int_equal(pf.config[vf].ggtt.start, PF_GGTT_TOP - vf * fair);
		}
	}
	/* N = 1: 4078 MiB under GUC_GGTT_TOP - 64 MiB spare - 1420 KiB WOPCM */
	assert_int_equal(avail, 4014 * MiB - 1420 * 1024);
}

/* Every (max_vfs, N): exact shares, disjoint ranges, inside bounds. */
static void test_every_max_vfs_and_num_vfs_gives_disjoint_fair_ranges(void **state)
{
	u32 m, n, a, b;

	(void)state;
	for (m = 1; m <= 7; m++) {
		u32 pf_blocks = 512 - (512 / (1 + m)) * m;
		u32 pf_ctxs = pf_blocks * 128 - 1;

		for (n = 1; n <= m; n++) {
			u64 ggtt_fair =
				ALIGN_DOWN((PF_GGTT_TOP - RPL_GGTT_BASE - 64 * MiB) / n, 4096);
			u32 ctx_fair = ALIGN_DOWN((512 - pf_blocks) * 128 / n, 128);

			assert_int_equal(pf_init(&pf, m), 0);
			assert_int_equal(pf_provision_auto(&pf, n), 0);
			assert_int_equal(pf_provision_verify(&pf, n), 0);
			for (a = 1; a <= n; a++) {
				const struct pf_vf_config *x = &pf.config[a];

				assert_int_equal(x->num_ctxs, ctx_fair);
				assert_int_equal(x->num_dbs, 256 / n);
				assert_int_equal(x->ggtt.size, ggtt_fair);
				assert_true(x->begin_ctx >= pf_ctxs);
				assert_true(x->begin_ctx + x->num_ctxs <= PF_MAX_CONTEXT_ID);
				assert_true(x->begin_db + x->num_dbs <= 256);
				assert_true(x->ggtt.start >= RPL_GGTT_BASE);
				assert_true(x->ggtt.start + x->ggtt.size <= PF_GGTT_TOP);
				assert_int_equal(x->ggtt.start % 4096, 0);
				for (b = a + 1; b <= n; b++) {
					const struct pf_vf_config *y = &pf.config[b];

					assert_true(x->begin_ctx + x->num_ctxs <= y->begin_ctx ||
						    y->begin_ctx + y->num_ctxs <= x->begin_ctx);
					assert_true(x->begin_db + x->num_dbs <= y->begin_db ||
						    y->begin_db + y->num_dbs <= x->begin_db);
					assert_true(x->ggtt.start + x->ggtt.size <= y->ggtt.start ||
						    y->ggtt.start + y->ggtt.size <= x->ggtt.start);
				}
			}
			/* the PF's share is untouched */
			assert_int_equal(pf_ctx_pf_count(&pf), pf_ctxs);
			for (a = 0; a < pf_blocks; a++)
				assert_int_equal(pf.ctx_owner[a], PF_OWNER_PF);
		}
	}
}

static void test_auto_rejects_bad_counts_and_leaves_nothing_on_failure(void **state)
{
	(void)state;
	assert_int_equal(pf_init(&pf, 3), 0);
	assert_int_equal(pf_provision_auto(&pf, 0), -EINVAL);
	assert_int_equal(pf_provision_auto(&pf, 4), -EINVAL);
	/* a PF that already uses all but 100 MiB of GGTT cannot give 3 VFs anything */
	assert_int_equal(pf_ggtt_reserve_pf(&pf, PF_GGTT_TOP - RPL_GGTT_BASE - 64 * MiB), 0);
	assert_int_equal(pf_provision_auto(&pf, 3), -ENOSPC);
	for (u32 vf = 1; vf <= 3; vf++)
		assert_true(pf_provision_is_empty(&pf, vf));
	assert_int_equal(pf_db_max_quota(&pf), 256);
}

static void test_pf_ggtt_use_shrinks_the_fair_share(void **state)
{
	(void)state;
	assert_int_equal(pf_init(&pf, 7), 0);
	assert_int_equal(pf_ggtt_reserve_pf(&pf, 30 * MiB), 0);
	assert_int_equal(pf.pf_ggtt[0].start, RPL_GGTT_BASE);
	assert_int_equal(pf_ggtt_max_quota(&pf), 4014 * MiB - 1420 * 1024 - 30 * MiB);
}

static void test_ggtt_spare_is_taken_from_smaller_holes_first(void **state)
{
	u64 low = 0x80000000ull - RPL_GGTT_BASE;

	(void)state;
	assert_int_equal(pf_init(&pf, 7), 0);
	/* one PF page in the middle splits the GGTT in two holes */
	pf.pf_ggtt[0].start = 0x80000000ull;
	pf.pf_ggtt[0].size = 4096;
	pf.num_pf_ggtt = 1;
	/* the upper hole absorbs the whole 64 MiB spare */
	assert_int_equal(pf_ggtt_max_quota(&pf), low);
	/* a bigger spare spills over into the largest hole */
	assert_int_equal(pf_provision_set_spare_ggtt(&pf, 3000 * MiB), 0);
	assert_int_equal(pf_ggtt_max_quota(&pf),
			 low - (3000 * MiB - (PF_GGTT_TOP - 0x80001000ull)));
}

/*
 * A PF GGTT in 63 pieces (one page every 64 MiB): pf_get_max_ggtt()'s walk
 * over every hole, the spare taken from the smaller ones first, and the
 * share placed in the highest hole that fits, as drm_mm's top-down insert.
 */
static void test_ggtt_in_many_pieces_as_i915s_hole_walk(void **state)
{
	u32 k;

	(void)state;
	assert_int_equal(pf_init(&pf, 7), 0);
	for (k = 1; k <= 63; k++) {
		pf.pf_ggtt[k - 1].start = k * 64 * MiB;
		pf.pf_ggtt[k - 1].size = 4096;
	}
	pf.num_pf_ggtt = 63;
	/* holes of 64 MiB - 1420 KiB, then 64 MiB - 4 KiB, ..., then 46 MiB - 4 KiB */
	assert_int_equal(pf_ggtt_max_quota(&pf), 64 * MiB - 4096);
	assert_int_equal(pf_provision_auto(&pf, 1), 0);
	assert_int_equal(pf.config[1].ggtt.start, 62 * 64 * MiB + 4096);
	assert_int_equal(pf.config[1].ggtt.size, 64 * MiB - 4096);
	/* and up to 65 PF pieces */
	assert_int_equal(pf_ggtt_reserve_pf(&pf, 4096), 0);
	assert_int_equal(pf_ggtt_reserve_pf(&pf, 4096), 0);
	assert_int_equal(pf_ggtt_reserve_pf(&pf, 4096), -E2BIG);
}

/* ------------------------------------------------------------------------
 * Manual provisioning
 */

static void test_manual_quotas_round_up(void **state)
{
	(void)state;
	assert_int_equal(pf_init(&pf, 7), 0);
	assert_int_equal(pf_provision_set_ggtt(&pf, 1, 1), 0);
	assert_int_equal(pf.config[1].ggtt.size, 4096);
	assert_int_equal(pf_provision_set_ctxs(&pf, 1, 1), 0);
	assert_int_equal(pf.config[1].num_ctxs, 128);
	assert_int_equal(pf_provision_set_ctxs(&pf, 2, 129), 0);
	assert_int_equal(pf.config[2].num_ctxs, 256);
	assert_int_equal(pf_provision_set_dbs(&pf, 1, 3), 0);
	assert_int_equal(pf.config[1].num_dbs, 3);
	/* manual GGTT goes top-down too */
	assert_int_equal(pf.config[1].ggtt.start, PF_GGTT_TOP - 4096);
}

static void test_manual_quota_errors(void **state)
{
	(void)state;
	assert_int_equal(pf_init(&pf, 7), 0);
	assert_int_equal(pf_provision_set_ggtt(&pf, 1, PF_GGTT_SIZE + 1), -E2BIG);
	assert_int_equal(pf_provision_set_ggtt(&pf, 1, 4014 * MiB - 1420 * 1024 + 4096), -EDQUOT);
	/* contexts_quota and doorbells_quota are u16 (kstrtou16()) */
	assert_int_equal(pf_provision_set_ctxs(&pf, 1, 65536), -ERANGE);
	assert_int_equal(pf_provision_set_dbs(&pf, 1, 65536), -ERANGE);
	assert_int_equal(pf_provision_set_ctxs(&pf, 1, 57344 + 1), -EDQUOT);
	/* pf_alloc_dbs_range(): more than 256 is over quota, not too big */
	assert_int_equal(pf_provision_set_dbs(&pf, 1, 257), -EDQUOT);
	assert_int_equal(pf_provision_set_ggtt(&pf, 0, 4096), -EINVAL);
	assert_int_equal(pf_provision_set_ctxs(&pf, 8, 128), -EINVAL);
	assert_int_equal(pf_provision_set_threshold(&pf, 1, 6, 1), -EINVAL);
	/* nothing changed */
	for (u32 vf = 1; vf <= 7; vf++)
		assert_true(pf_provision_is_empty(&pf, vf));
	assert_true(pf.auto_provisioning);
}

/*
 * pf_provision_dbs() releases the VF's doorbells before it allocates the new
 * count: a change that does not fit leaves the VF with none.
 */
static void test_fragmented_space_gives_enospc_and_releases_the_old_quota(void **state)
{
	(void)state;
	assert_int_equal(pf_init(&pf, 7), 0);
	/* doorbells: 0-99 VF1, 100-199 VF2, free 200-255 (56) */
	assert_int_equal(pf_provision_set_dbs(&pf, 1, 100), 0);
	assert_int_equal(pf_provision_set_dbs(&pf, 2, 100), 0);
	assert_int_equal(pf_provision_set_dbs(&pf, 1, 0), 0);
	/* 156 free in all, but in runs of 100 and 56 */
	assert_int_equal(pf_provision_set_dbs(&pf, 3, 120), -ENOSPC);
	assert_int_equal(pf.config[3].num_dbs, 0);
	/* VF3 takes 0-99; VF2 asks for more than the 156 it could have */
	assert_int_equal(pf_provision_set_dbs(&pf, 3, 100), 0);
	assert_int_equal(pf.config[3].begin_db, 0);
	assert_int_equal(pf_provision_set_dbs(&pf, 2, 157), -EDQUOT);
	/* its 100 are gone: VF3's 100 + 157 > 256 once they were given back */
	assert_int_equal(pf.config[2].num_dbs, 0);
	assert_int_equal(pf.config[2].begin_db, 0);
	for (u32 i = 100; i < 256; i++)
		assert_int_equal(pf.db_owner[i], PF_OWNER_FREE);
	assert_int_equal(pf_provision_set_dbs(&pf, 2, 156), 0);
	assert_int_equal(pf.config[2].begin_db, 100);
}

/*
 * i915_sriov_pf_set_auto_provisioning(): turning auto mode on is refused
 * (-ESTALE) only while intel_iov_provisioning_verify() finds a VF with a
 * resource; scheduling values and thresholds do not count.
 */
static void test_estale_counts_only_resources_as_i915(void **state)
{
	(void)state;
	assert_int_equal(pf_init(&pf, 7), 0);
	assert_int_equal(pf_provision_set_exec_quantum(&pf, 0, 40), 0); /* the PF's own */
	assert_true(pf.auto_provisioning);
	assert_int_equal(pf_provision_set_exec_quantum(&pf, 3, 40), 0);
	assert_false(pf.auto_provisioning);
	assert_int_equal(pf_provision_set_threshold(&pf, 4, 0, 3), 0);
	/* VF3 keeps 40 ms and VF4 a threshold: no resource, so allowed */
	assert_int_equal(pf_provision_set_auto(&pf, true), 0);
	assert_true(pf.auto_provisioning);
	assert_int_equal(pf.config[3].exec_quantum, 40);
	/* a resource turns it off and then blocks turning it on */
	assert_int_equal(pf_provision_set_ctxs(&pf, 2, 128), 0);
	assert_false(pf.auto_provisioning);
	assert_int_equal(pf_provision_set_auto(&pf, true), -ESTALE);
	/* doorbells alone count too (a VF past num_vfs as well: max_vfs is checked) */
	assert_int_equal(pf_provision_set_ctxs(&pf, 2, 0), 0);
	assert_int_equal(pf_provision_set_dbs(&pf, 7, 1), 0);
	assert_int_equal(pf_provision_set_auto(&pf, true), -ESTALE);
	assert_int_equal(pf_provision_set_dbs(&pf, 7, 0), 0);
	assert_int_equal(pf_provision_set_auto(&pf, true), 0);
	/* turning it off is always allowed */
	assert_int_equal(pf_provision_set_auto(&pf, false), 0);
}

/*
 * intel_iov_provisioning_set_ggtt(), _set_ctxs() and _set_dbs() mark manual
 * provisioning whenever the VF had the resource or the request is non-zero,
 * so writing back the very quota auto mode gave turns auto mode off.
 */
static void test_same_quota_write_turns_auto_off_as_i915(void **state)
{
	static const int kinds = 3;
	int k;

	(void)state;
	for (k = 0; k < kinds; k++) {
		assert_int_equal(pf_init(&pf, 7), 0);
		assert_int_equal(pf_provision_auto(&pf, 2), 0);
		assert_true(pf.auto_provisioning);
		if (k == 0)
			assert_int_equal(pf_provision_set_ggtt(&pf, 1, pf.config[1].ggtt.size), 0);
		else if (k == 1)
			assert_int_equal(pf_provision_set_ctxs(&pf, 1, pf.config[1].num_ctxs), 0);
		else
			assert_int_equal(pf_provision_set_dbs(&pf, 1, pf.config[1].num_dbs), 0);
		assert_false(pf.auto_provisioning);
	}
	/* writing 0 to an empty VF is no provisioning at all */
	assert_int_equal(pf_init(&pf, 7), 0);
	assert_int_equal(pf_provision_set_ggtt(&pf, 3, 0), 0);
	assert_int_equal(pf_provision_set_ctxs(&pf, 3, 0), 0);
	assert_int_equal(pf_provision_set_dbs(&pf, 3, 0), 0);
	assert_true(pf.auto_provisioning);
}

/*
 * intel_iov_provisioning_set_exec_quantum(), _set_preempt_timeout() and
 * _set_threshold() call pf_mark_manual_provisioning() only for a non-zero
 * value: writing the default 0 leaves auto mode on.
 */
static void test_zero_scheduling_value_keeps_auto_as_i915(void **state)
{
	(void)state;
	assert_int_equal(pf_init(&pf, 7), 0);
	assert_int_equal(pf_provision_set_exec_quantum(&pf, 1, 0), 0);
	assert_int_equal(pf_provision_set_preempt_timeout(&pf, 2, 0), 0);
	assert_int_equal(pf_provision_set_threshold(&pf, 3, 2, 0), 0);
	assert_true(pf.auto_provisioning);
	/* from a non-zero value back to 0: still no manual mark */
	assert_int_equal(pf_provision_set_auto(&pf, false), 0);
	assert_int_equal(pf_provision_set_exec_quantum(&pf, 1, 25), 0);
	assert_int_equal(pf_provision_set_auto(&pf, true), 0);
	assert_int_equal(pf_provision_set_exec_quantum(&pf, 1, 0), 0);
	assert_true(pf.auto_provisioning);
	/* the same non-zero value again marks it (i915 does, push or not) */
	assert_int_equal(pf_provision_set_exec_quantum(&pf, 1, 25), 0);
	assert_int_equal(pf_provision_set_auto(&pf, true), 0);
	assert_int_equal(pf_provision_set_exec_quantum(&pf, 1, 25), 0);
	assert_false(pf.auto_provisioning);
}

static void test_verify_tells_valid_empty_and_mixed(void **state)
{
	(void)state;
	assert_int_equal(pf_init(&pf, 7), 0);
	assert_int_equal(pf_provision_verify(&pf, 2), -ENODATA);
	assert_int_equal(pf_provision_set_ggtt(&pf, 1, 64 * MiB), 0);
	assert_int_equal(pf_provision_verify(&pf, 2), -ENOKEY); /* partial + empty */
	assert_int_equal(pf_provision_set_ctxs(&pf, 1, 1024), 0);
	assert_int_equal(pf_provision_verify(&pf, 1), 0);
	/* intel_iov_provisioning_verify(): empty next to valid is accepted */
	assert_int_equal(pf_provision_verify(&pf, 2), 0); /* valid + empty */
	assert_int_equal(pf_provision_verify(&pf, 7), 0); /* valid + 6 empty */
	assert_int_equal(pf_provision_set_dbs(&pf, 2, 8), 0);
	assert_int_equal(pf_provision_verify(&pf, 2), -ENOKEY); /* valid + partial */
	assert_int_equal(pf_provision_set_ggtt(&pf, 2, 64 * MiB), 0);
	assert_int_equal(pf_provision_set_ctxs(&pf, 2, 1024), 0);
	assert_int_equal(pf_provision_verify(&pf, 2), 0); /* doorbells are optional */
}

static void test_spare_validation(void **state)
{
	(void)state;
	assert_int_equal(pf_init(&pf, 7), 0);
	assert_int_equal(pf_provision_set_spare_ggtt(&pf, 63 * MiB), -EINVAL);
	assert_int_equal(pf_provision_set_spare_ggtt(&pf, 64 * MiB + 1), 0);
	assert_int_equal(pf.spare.ggtt, 64 * MiB + 4096);
	assert_int_equal(pf_provision_set_spare_ctxs(&pf, 255), -EINVAL);
	/* the sysfs attributes are u16 (kstrtou16()): above that, -ERANGE */
	assert_int_equal(pf_provision_set_spare_ctxs(&pf, 65536), -ERANGE);
	assert_int_equal(pf_provision_set_spare_dbs(&pf, 257), -EINVAL);
	assert_int_equal(pf_provision_set_spare_dbs(&pf, 65536), -ERANGE);
	/*
	 * intel_iov_provisioning_set_spare_ggtt() has no upper bound: a spare
	 * past the GGTT leaves nothing for VFs, one that cannot be rounded up
	 * is U64_MAX
	 */
	assert_int_equal(pf_provision_set_spare_ggtt(&pf, 8ull << 30), 0);
	assert_int_equal(pf_ggtt_max_quota(&pf), 0);
	assert_int_equal(pf_provision_set_spare_ggtt(&pf, ~0ull - 1), 0);
	assert_int_equal(pf.spare.ggtt, ~0ull);
	assert_int_equal(pf_provision_set_spare_ggtt(&pf, 0), 0);
	/* a contexts spare larger than the PF's share comes out of the VFs' */
	assert_int_equal(pf_provision_set_spare_ctxs(&pf, 8191 + 200), 0);
	assert_int_equal(pf_ctx_max_quota(&pf), 57344 - 256);
}

/*
 * i915's pf_reserved_ctxs() keeps the spare beside the IDs the PF's own
 * submissions hold (intel_guc_submission_ids_in_use()): the PF's share
 * minus those must cover it, or whole blocks of 128 come out of the VFs'.
 * With 7 VFs the PF holds IDs 0..8190.
 */
static void test_ctx_spare_counts_the_pf_ids_in_use(void **state)
{
	(void)state;
	assert_int_equal(pf_init(&pf, 7), 0);
	assert_int_equal(pf_ctx_pf_count(&pf), 8191);
	assert_int_equal(pf_provision_set_spare_ctxs(&pf, 8191), 0);
	/* idle: the PF's share is the spare exactly */
	assert_int_equal(pf_ctx_free(&pf), 57344);
	assert_int_equal(pf_ctx_max_quota(&pf), 57344);
	/* one ID in use: 8190 free there, one block from the VFs */
	assert_int_equal(pf_ctx_set_in_use(&pf, 1), 0);
	assert_int_equal(pf_ctx_free(&pf), 57344 - 128);
	assert_int_equal(pf_ctx_max_quota(&pf), 57344 - 128);
	/* 129 in use: 129 short, two blocks */
	assert_int_equal(pf_ctx_set_in_use(&pf, 129), 0);
	assert_int_equal(pf_ctx_free(&pf), 57344 - 256);
	/* the default spare (256) stays covered by far */
	assert_int_equal(pf_provision_set_spare_ctxs(&pf, 0), 0);
	assert_int_equal(pf_ctx_set_in_use(&pf, 7935), 0);
	assert_int_equal(pf_ctx_free(&pf), 57344);
	assert_int_equal(pf_ctx_set_in_use(&pf, 7936), 0);
	assert_int_equal(pf_ctx_free(&pf), 57344 - 128);
	/* the fair share shrinks with it: 57216 / 7 rounded down to 128 */
	assert_int_equal(pf_provision_auto(&pf, 7), 0);
	assert_int_equal(pf.config[1].num_ctxs, 8064);
	assert_int_equal(pf_ctx_set_in_use(&pf, 8192), -EINVAL);
	pf_resources_init(&pf);
	assert_int_equal(pf.pf_ctxs_in_use, 0);
}

/*
 * pf_auto_provision_dbs() shares the 256 doorbells the PF does not hold
 * (256 - configs[0].num_dbs) with no regard for the spare; the spare is
 * enforced later, per VF, by pf_alloc_dbs_range() (-EDQUOT when the VFs'
 * doorbells plus the spare plus the request exceed 256). So a spare larger
 * than 256 % N makes the last VF fail, and auto-provisioning with it.
 */
static void test_fair_doorbells_ignore_the_spare_and_edquot_the_last_vf(void **state)
{
	static const u32 leftover[] = { 0, 0, 0, 1, 0, 1, 4, 4 };
	u32 n, spare;

	(void)state;
	for (n = 1; n <= 7; n++) {
		for (spare = 0; spare <= 8; spare++) {
			int want = spare <= leftover[n] ? 0 : -EDQUOT;

			assert_int_equal(pf_init(&pf, 7), 0);
			assert_int_equal(pf_provision_set_spare_dbs(&pf, spare), 0);
			assert_int_equal(pf_provision_auto(&pf, n), want);
			for (u32 vf = 1; vf <= n; vf++) {
				assert_int_equal(pf.config[vf].num_dbs, want ? 0 : 256 / n);
				/* nothing stays allocated after a failure */
				if (want)
					assert_true(pf_provision_is_empty(&pf, vf));
			}
		}
	}
}

/*
 * pf_alloc_vf_ctxs_range(): the last free run of exactly the size wanted
 * wins over an earlier one; with none, the range comes from the end of the
 * last larger run, even when an earlier larger run is smaller.
 */
static void test_context_placement_takes_the_last_fitting_run_as_i915(void **state)
{
	u32 b;

	(void)state;
	assert_int_equal(pf_init(&pf, 7), 0);
	/* PF 0..63; free runs of 2 at 100, 2 at 200, 5 at 300, 3 at 400 */
	for (b = 64; b < 512; b++)
		pf.ctx_owner[b] = 7;
	for (b = 100; b < 102; b++)
		pf.ctx_owner[b] = PF_OWNER_FREE;
	for (b = 200; b < 202; b++)
		pf.ctx_owner[b] = PF_OWNER_FREE;
	for (b = 300; b < 305; b++)
		pf.ctx_owner[b] = PF_OWNER_FREE;
	for (b = 400; b < 403; b++)
		pf.ctx_owner[b] = PF_OWNER_FREE;
	/* exact size 2: the last such run (200), not the first (100) */
	assert_int_equal(pf_ctx_alloc(&pf, 1, 256, &pf.config[1].begin_ctx), 0);
	assert_int_equal(pf.config[1].begin_ctx, pf_ctx_block_to_id(200));
	/* size 1: no exact run; the end of the last larger run (402) wins over
	 * the smallest (the 2 at 100) */
	assert_int_equal(pf_ctx_alloc(&pf, 2, 128, &pf.config[2].begin_ctx), 0);
	assert_int_equal(pf.config[2].begin_ctx, pf_ctx_block_to_id(402));
	/* size 4: only the 5 at 300, cut from its end */
	assert_int_equal(pf_ctx_alloc(&pf, 3, 512, &pf.config[3].begin_ctx), 0);
	assert_int_equal(pf.config[3].begin_ctx, pf_ctx_block_to_id(301));
	assert_int_equal(pf_ctx_alloc(&pf, 4, 6 * 128, &pf.config[4].begin_ctx), -ENOSPC);
}

/*
 * intel_wopcm_init() and i915_init_ggtt(): usable GGTT starts at the GuC
 * WOPCM size: 2 MiB - 36 KiB (HW context) - ALIGN(HuC upload + 16 KiB, 16 KiB).
 * With tgl_huc.bin (589888 bytes, 384 of them RSA) that is 1420 KiB on all
 * four platforms; the fair plan starts there, not at 2 MiB.
 */
static void test_platform_ggtt_base_is_i915s_guc_wopcm_size(void **state)
{
	static const char *const names[] = { "adl-s", "adl-p", "rpl-s", "rpl-p" };
	u32 i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		const struct pf_platform *p = pf_platform_find(names[i]);

		assert_non_null(p);
		assert_int_equal(pf_platform_guc_wopcm_base(p), 592 * 1024);
		assert_int_equal(pf_platform_guc_wopcm_size(p), 1420 * 1024);
		assert_int_equal(pf_platform_ggtt_base(p), RPL_GGTT_BASE);
	}
	assert_null(pf_platform_find("tgl"));
	/* the project's i5-13600K (UHD 770) and one GPU of each other platform */
	assert_ptr_equal(pf_platform_from_pci_id(0xa780), pf_platform_find("rpl-s"));
	assert_ptr_equal(pf_platform_from_pci_id(0xa7a0), pf_platform_find("rpl-p"));
	assert_ptr_equal(pf_platform_from_pci_id(0xa7a1), pf_platform_find("rpl-p")); /* RPL-U */
	assert_ptr_equal(pf_platform_from_pci_id(0x4680), pf_platform_find("adl-s"));
	assert_ptr_equal(pf_platform_from_pci_id(0x46a6), pf_platform_find("adl-p"));
	assert_null(pf_platform_from_pci_id(0x9a49)); /* Tiger Lake */
	assert_ptr_equal(pf_platform_default(), pf_platform_find("rpl-s"));
	/* with no HuC the GuC region starts at 16 KiB: 1996 KiB */
	{
		struct pf_platform nohuc = *pf_platform_default();

		nohuc.huc_upload_size = 0;
		assert_int_equal(pf_platform_ggtt_base(&nohuc), 1996 * 1024);
		assert_int_equal(pf_init(&pf, 7), 0);
		assert_int_equal(pf_set_platform(&pf, &nohuc), 0);
		assert_int_equal(pf_ggtt_max_quota(&pf), PF_GGTT_TOP - 1996 * 1024 - 64 * MiB);
		assert_int_equal(pf_provision_auto(&pf, 1), 0);
		assert_int_equal(pf_set_platform(&pf, pf_platform_default()), -EBUSY);
	}
	/* the plan's last VF ends right at the platform's base plus the spare */
	assert_int_equal(pf_init(&pf, 7), 0);
	assert_int_equal(pf_provision_auto(&pf, 1), 0);
	assert_int_equal(pf.config[1].ggtt.start, RPL_GGTT_BASE + 64 * MiB);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pf_context_share_for_each_max_vfs),
		cmocka_unit_test(test_fair_contexts_with_max_vfs_7_match_i915),
		cmocka_unit_test(test_fair_doorbells_match_i915),
		cmocka_unit_test(test_fair_ggtt_on_idle_pf),
		cmocka_unit_test(test_every_max_vfs_and_num_vfs_gives_disjoint_fair_ranges),
		cmocka_unit_test(test_auto_rejects_bad_counts_and_leaves_nothing_on_failure),
		cmocka_unit_test(test_pf_ggtt_use_shrinks_the_fair_share),
		cmocka_unit_test(test_ggtt_spare_is_taken_from_smaller_holes_first),
		cmocka_unit_test(test_ggtt_in_many_pieces_as_i915s_hole_walk),
		cmocka_unit_test(test_manual_quotas_round_up),
		cmocka_unit_test(test_manual_quota_errors),
		cmocka_unit_test(test_fragmented_space_gives_enospc_and_releases_the_old_quota),
		cmocka_unit_test(test_estale_counts_only_resources_as_i915),
		cmocka_unit_test(test_zero_scheduling_value_keeps_auto_as_i915),
		cmocka_unit_test(test_same_quota_write_turns_auto_off_as_i915),
		cmocka_unit_test(test_fair_doorbells_ignore_the_spare_and_edquot_the_last_vf),
		cmocka_unit_test(test_context_placement_takes_the_last_fitting_run_as_i915),
		cmocka_unit_test(test_platform_ggtt_base_is_i915s_guc_wopcm_size),
		cmocka_unit_test(test_verify_tells_valid_empty_and_mixed),
		cmocka_unit_test(test_spare_validation),
		cmocka_unit_test(test_doorbell_max_quota_and_free_are_i915s),
		cmocka_unit_test(test_ggtt_free_sums_the_holes_less_the_spare),
		cmocka_unit_test(test_ctx_spare_counts_the_pf_ids_in_use),
	};

	return cmocka_run_group_tests_name("pf_provision", tests, NULL, NULL);
}
