// SPDX-License-Identifier: MIT
/*
 * The sysfs model (kernel/iov/pf_sysfs.c) against what i915's
 * i915_sriov_sysfs.c and intel_iov_sysfs.c do: the text of each read, the
 * kstrto*() parse of each write and its errnos, what reaches the GuC, and
 * the files each node has.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "pf_fixture.h"
#include "iov/pf_provision.h"
#include "iov/pf_sriov.h"
#include "iov/pf_sysfs.h"

#define MiB (1ull << 20)

static int setup(void **state)
{
	return pf_fixture_setup(state);
}

static int teardown(void **state)
{
	return pf_fixture_teardown(state);
}

/* Read @path of node @id; the text, which must fit. */
static const char *rd(struct pf_fixture *fx, u32 id, const char *path)
{
	static char buf[64];
	ssize_t n = pf_sysfs_show(&fx->pf, id, path, buf, sizeof(buf));

	if (n < 0)
		fail_msg("%s of node %u: %zd", path, id, n);
	assert_true((size_t)n < sizeof(buf));
	assert_int_equal(strlen(buf), n);
	return buf;
}

/* Write @text to @path of node @id: the count, or the errno. */
static ssize_t wr(struct pf_fixture *fx, u32 id, const char *path, const char *text)
{
	return pf_sysfs_store(&fx->pf, id, path, text, strlen(text));
}

static void test_an_idle_pf_reads_as_i915s(void **state)
{
	struct pf_fixture *fx = *state;

	assert_string_equal(rd(fx, 0, "auto_provisioning"), "1\n");
	/* the spares read their minimum until set: 64 MiB and 256 contexts */
	assert_string_equal(rd(fx, 0, "gt0/ggtt_spare"), "67108864\n");
	assert_string_equal(rd(fx, 0, "gt0/contexts_spare"), "256\n");
	assert_string_equal(rd(fx, 0, "gt0/doorbells_spare"), "0\n");
	assert_string_equal(rd(fx, 0, "gt0/available/doorbells_free"), "256\n");
	assert_string_equal(rd(fx, 0, "gt0/available/doorbells_max_quota"), "256\n");
	assert_string_equal(rd(fx, 0, "gt0/policies/sched_if_idle"), "0\n");
	assert_string_equal(rd(fx, 0, "gt0/policies/sample_period_ms"), "0\n");
	assert_string_equal(rd(fx, 0, "gt0/exec_quantum_ms"), "0\n");
	assert_string_equal(rd(fx, 3, "id"), "3\n");
	assert_string_equal(rd(fx, 3, "gt0/ggtt_quota"), "0\n");
	assert_string_equal(rd(fx, 3, "gt0/threshold/doorbell_time_us"), "0\n");
}

/* kstrtou32(buf, 0, ...): hex, octal, '+', one newline; nothing else. */
static void test_writes_parse_as_kstrtou_base_0(void **state)
{
	struct pf_fixture *fx = *state;
	const char *q = "gt0/exec_quantum_ms";

	assert_int_equal(wr(fx, 1, q, "0x14\n"), 5);
	assert_string_equal(rd(fx, 1, q), "20\n");
	assert_int_equal(wr(fx, 1, q, "010"), 3);
	assert_string_equal(rd(fx, 1, q), "8\n");
	assert_int_equal(wr(fx, 1, q, "+5\n"), 3);
	assert_string_equal(rd(fx, 1, q), "5\n");
	assert_int_equal(wr(fx, 1, q, "5 "), -EINVAL);
	assert_int_equal(wr(fx, 1, q, "5\n\n"), -EINVAL);
	assert_int_equal(wr(fx, 1, q, ""), -EINVAL);
	assert_int_equal(wr(fx, 1, q, "\n"), -EINVAL);
	assert_int_equal(wr(fx, 1, q, "-1"), -EINVAL);
	assert_int_equal(wr(fx, 1, q, "08"), -EINVAL);
	assert_int_equal(wr(fx, 1, q, "0x"), -EINVAL);
	assert_int_equal(wr(fx, 1, q, "4294967295"), 10);
	assert_int_equal(wr(fx, 1, q, "4294967296"), -ERANGE);
	/* overflow is found before what follows the digits */
	assert_int_equal(wr(fx, 1, q, "99999999999999999999x"), -ERANGE);
	assert_string_equal(rd(fx, 1, q), "4294967295\n");
}

/*
 * contexts_quota and doorbells_quota are u16 attributes: kstrtou16 refuses
 * more than 65535 with -ERANGE before the setter sees it; doorbells past 256
 * are the setter's -EDQUOT.
 */
static void test_u16_quotas_are_range_checked_by_the_parse(void **state)
{
	struct pf_fixture *fx = *state;

	assert_int_equal(wr(fx, 1, "gt0/contexts_quota", "65536"), -ERANGE);
	assert_int_equal(wr(fx, 1, "gt0/doorbells_quota", "0x10000"), -ERANGE);
	assert_int_equal(wr(fx, 1, "gt0/doorbells_quota", "257"), -EDQUOT);
	assert_int_equal(wr(fx, 1, "gt0/doorbells_quota", "16\n"), 3);
	assert_string_equal(rd(fx, 1, "gt0/doorbells_quota"), "16\n");
	assert_string_equal(rd(fx, 0, "gt0/available/doorbells_free"), "240\n");
	assert_int_equal(wr(fx, 2, "gt0/contexts_quota", "1000"), 4);
	assert_string_equal(rd(fx, 2, "gt0/contexts_quota"), "1024\n");
	assert_int_equal(wr(fx, 2, "gt0/ggtt_quota", "0x1001"), 6);
	assert_string_equal(rd(fx, 2, "gt0/ggtt_quota"), "8192\n");
	/* any of them turned auto-provisioning off */
	assert_string_equal(rd(fx, 0, "auto_provisioning"), "0\n");
}

/*
 * i915's align_ctxs() rounds up into a u16: 65409..65535 contexts wrap to 0.
 * A VF without contexts is then left as it is (success, and auto mode off,
 * the request being non-zero); one with contexts
 * loses them and is "given" 0 contexts at the end of the last free run
 * (pf_alloc_vf_ctxs_range() with 0 blocks), the write succeeding, where an
 * unwrapped count would be -EDQUOT.
 */
static void test_a_context_quota_that_wraps_its_u16_succeeds_as_on_i915(void **state)
{
	struct pf_fixture *fx = *state;
	const struct pf_req want[] = {
		{ 1, GUC_KLV_VF_CFG_BEGIN_CONTEXT_ID_KEY, 0 },
		{ 1, GUC_KLV_VF_CFG_NUM_CONTEXTS_KEY, 0 },
		{ 1, GUC_KLV_VF_CFG_BEGIN_CONTEXT_ID_KEY, 65535 },
	};
	u32 n;

	assert_int_equal(wr(fx, 1, "gt0/contexts_quota", "65500"), 5);
	assert_string_equal(rd(fx, 1, "gt0/contexts_quota"), "0\n");
	/* nothing changed, but a non-zero request counts as manual */
	assert_string_equal(rd(fx, 0, "auto_provisioning"), "0\n");
	assert_int_equal(wr(fx, 1, "gt0/contexts_quota", "1024"), 4);
	assert_int_equal(wr(fx, 1, "gt0/contexts_quota", "65535\n"), 6);
	assert_string_equal(rd(fx, 1, "gt0/contexts_quota"), "0\n");
	assert_int_equal(fx->pf.config[1].begin_ctx, 65535); /* past the last run, block 512 */
	assert_int_equal(wr(fx, 1, "gt0/contexts_quota", "65408"), -EDQUOT);

	/*
	 * Live, the GuC is asked for none, then for none from ID 65535: the
	 * GuC model refuses that start, and the VF is left without contexts.
	 */
	assert_int_equal(wr(fx, 1, "gt0/ggtt_quota", "0x10000000"), 10);
	assert_int_equal(wr(fx, 1, "gt0/contexts_quota", "1024"), 4);
	assert_int_equal(pf_enable_vfs(&fx->pf, 1), 0);
	assert_int_equal(fx->g->guc.vf[1].num_ctxs, 1024);
	n = fx->g->guc.nlog;
	assert_int_equal(wr(fx, 1, "gt0/contexts_quota", "65535"), -EIO);
	pf_fixture_assert_requests(fx, n, want, ARRAY_SIZE(want));
	assert_int_equal(fx->g->guc.vf[1].num_ctxs, 0);
	assert_string_equal(rd(fx, 1, "gt0/contexts_quota"), "0\n");
}

/* The setters' errnos come back as the write's. */
static void test_setter_errnos_come_back(void **state)
{
	struct pf_fixture *fx = *state;

	assert_int_equal(wr(fx, 1, "gt0/ggtt_quota", "0x100000001"), -E2BIG);
	assert_int_equal(wr(fx, 1, "gt0/ggtt_quota", "4294967295"), -EDQUOT);
	assert_int_equal(wr(fx, 0, "gt0/ggtt_spare", "1048576"), -EINVAL);
	assert_int_equal(wr(fx, 0, "gt0/contexts_spare", "255"), -EINVAL);
	assert_int_equal(wr(fx, 0, "gt0/doorbells_spare", "257"), -EINVAL);
	assert_int_equal(wr(fx, 0, "gt0/ggtt_spare", "0x4000001"), 9);
	assert_string_equal(rd(fx, 0, "gt0/ggtt_spare"), "67112960\n"); /* 4 KiB up */
	/* auto_provisioning=1 while a VF has a resource */
	assert_int_equal(wr(fx, 1, "gt0/contexts_quota", "128"), 3);
	assert_int_equal(wr(fx, 0, "auto_provisioning", "1"), -ESTALE);
	assert_int_equal(wr(fx, 0, "auto_provisioning", "off"), 3);
	assert_int_equal(wr(fx, 0, "auto_provisioning", "maybe"), -EINVAL);
	assert_int_equal(wr(fx, 1, "gt0/contexts_quota", "0"), 1);
	assert_int_equal(wr(fx, 0, "auto_provisioning", "Y\n"), 2);
	assert_string_equal(rd(fx, 0, "auto_provisioning"), "1\n");
}

/* Policies and thresholds reach the GuC at once. */
static void test_policy_and_threshold_writes_reach_the_guc(void **state)
{
	struct pf_fixture *fx = *state;
	const struct mock_guc *guc = &fx->g->guc;

	assert_int_equal(wr(fx, 0, "gt0/policies/sched_if_idle", "on\n"), 3);
	assert_string_equal(rd(fx, 0, "gt0/policies/sched_if_idle"), "1\n");
	assert_int_equal(guc->sched_if_idle, 1);
	assert_int_equal(wr(fx, 0, "gt0/policies/engine_reset", "1"), 1);
	assert_string_equal(rd(fx, 0, "gt0/policies/engine_reset"), "1\n");
	assert_int_equal(wr(fx, 0, "gt0/policies/sample_period_ms", "0x3e8"), 5);
	assert_string_equal(rd(fx, 0, "gt0/policies/sample_period_ms"), "1000\n");
	assert_int_equal(guc->sample_period, 1000);
	assert_int_equal(wr(fx, 4, "gt0/threshold/cat_error_count", "3"), 1);
	assert_string_equal(rd(fx, 4, "gt0/threshold/cat_error_count"), "3\n");
	assert_int_equal(guc->vf[4].thresholds[0], 3);
	assert_int_equal(wr(fx, 0, "gt0/preempt_timeout_us", "640000"), 6);
	assert_string_equal(rd(fx, 0, "gt0/preempt_timeout_us"), "640000\n");
}

/*
 * The files each node has: the PF has no quotas or thresholds, a VF no
 * spares, policies or available/; nodes past max_vfs do not exist.
 * Read-only and write-only files refuse the other way with -EACCES.
 */
static void test_each_node_has_i915s_files(void **state)
{
	struct pf_fixture *fx = *state;
	char buf[64];

	assert_int_equal(pf_sysfs_show(&fx->pf, 0, "gt0/ggtt_quota", buf, sizeof(buf)), -ENOENT);
	assert_int_equal(pf_sysfs_show(&fx->pf, 0, "gt0/threshold/cat_error_count", buf,
				       sizeof(buf)),
			 -ENOENT);
	assert_int_equal(pf_sysfs_show(&fx->pf, 0, "id", buf, sizeof(buf)), -ENOENT);
	assert_int_equal(pf_sysfs_show(&fx->pf, 1, "gt0/ggtt_spare", buf, sizeof(buf)), -ENOENT);
	assert_int_equal(pf_sysfs_show(&fx->pf, 1, "auto_provisioning", buf, sizeof(buf)), -ENOENT);
	assert_int_equal(pf_sysfs_show(&fx->pf, 1, "gt0/policies/sched_if_idle", buf, sizeof(buf)),
			 -ENOENT);
	assert_int_equal(pf_sysfs_show(&fx->pf, 8, "gt0/ggtt_quota", buf, sizeof(buf)), -ENOENT);
	assert_int_equal(wr(fx, 8, "control", "stop"), -ENOENT);
	assert_int_equal(pf_sysfs_show(&fx->pf, 1, "control", buf, sizeof(buf)), -EACCES);
	assert_int_equal(wr(fx, 0, "gt0/available/ggtt_free", "1"), -EACCES);
	assert_int_equal(wr(fx, 2, "id", "2"), -EACCES);
	/* a short buffer gets what fits, as scnprintf() */
	assert_int_equal(pf_sysfs_show(&fx->pf, 0, "gt0/ggtt_spare", buf, 4), 3);
	assert_string_equal(buf, "671");
}

/*
 * control: stop, pause, resume, clear (sysfs_streq(): one newline allowed);
 * "pause" only sends PAUSE (intel_iov_state_pause_vf()), so a second one
 * while it is on its way is -EBUSY.
 */
static void test_control_takes_i915s_words(void **state)
{
	struct pf_fixture *fx = *state;
	const struct mock_guc_vf *vf = &fx->g->guc.vf[1];
	u32 n;

	assert_int_equal(pf_enable_vfs(&fx->pf, 2), 0);
	n = fx->g->guc.nlog;
	assert_int_equal(wr(fx, 1, "control", "pause\n"), 6);
	assert_int_equal(fx->g->guc.nlog, n + 1); /* PAUSE sent, PAUSE_DONE not awaited */
	assert_int_equal(wr(fx, 1, "control", "pause"), -EBUSY);
	assert_int_equal(wr(fx, 1, "control", "resume"), 6);
	assert_int_equal(wr(fx, 1, "control", "stop"), 4);
	assert_int_equal(wr(fx, 1, "control", "Stop"), -EINVAL);
	assert_int_equal(wr(fx, 1, "control", "stop "), -EINVAL);
	assert_int_equal(wr(fx, 1, "control", ""), -EINVAL);
	assert_true(vf->ggtt_size);
	assert_int_equal(wr(fx, 1, "control", "clear\n"), 6);
	assert_false(vf->ggtt_size);
	assert_string_equal(rd(fx, 1, "gt0/ggtt_quota"), "0\n");
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_an_idle_pf_reads_as_i915s),
		T(test_writes_parse_as_kstrtou_base_0),
		T(test_u16_quotas_are_range_checked_by_the_parse),
		T(test_a_context_quota_that_wraps_its_u16_succeeds_as_on_i915),
		T(test_setter_errnos_come_back),
		T(test_policy_and_threshold_writes_reach_the_guc),
		T(test_each_node_has_i915s_files),
		T(test_control_takes_i915s_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
