// SPDX-License-Identifier: MIT
/*
 * i915 SR-IOV PF (i915-sriov-dkms) provisioning: the fair plan, release on
 * disable, manual quotas, the auto-provisioning switch, scheduling values
 * and thresholds. The expected plan is the PF core's (kernel/iov, the code
 * behind `vfctl provision plan`), seeded with the real PF's free GGTT; the
 * checks are lib/iovcheck's.
 */
#include <errno.h>
#include <string.h>

#include "drmtest.h"
#include "igt_core.h"
#include "intel_chipset.h"
#include "igt_sriov_device.h"

#include "iovcheck/iov_check.h"
#include "iovcheck/iov_parse.h"
#include "iovcheck/iov_plan.h"
#include "i915_sriov_pf_common.h"

/**
 * TEST: i915 sriov pf provisioning
 * Run type: FULL
 * Category: Core
 * Mega feature: SR-IOV
 * Sub-category: provisioning
 * Functionality: i915 PF provisions GGTT, GuC contexts, doorbells and scheduling
 * Description: What the i915-sriov-dkms PF gives each VF (prelim_iov sysfs,
 *   gt0/iov debugfs) against the PF core's plan and the driver's rules.
 * Test requirement: i915-sriov-dkms loaded with i915.max_vfs=N i915.enable_guc=3
 */

IGT_TEST_DESCRIPTION("i915 SR-IOV PF provisioning against the PF core's plan");

static struct sriov_pf pf;

static void check_or_fail(int err, const struct iov_report *r, const char *what)
{
	sriov_assert_report(err, r, what);
}

/*
 * The platform fixes where usable GGTT starts (the GuC's WOPCM size, i915's
 * pin_bias): the plan is computed on its layout. Another GPU is an unmet
 * requirement, not a failure.
 */
static const struct pf_platform *gpu_platform(void)
{
	uint16_t devid = intel_get_drm_devid(pf.fd);
	const struct pf_platform *p = pf_platform_from_pci_id(devid);

	igt_require_f(p, "GPU %#06x is not ADL-S, ADL-P, RPL-S or RPL-P\n", devid);
	return p;
}

/**
 * SUBTEST: auto-provisioning-fair
 * Description: For each N, enabling N VFs gives each the GGTT range, GuC
 *   contexts and doorbells the PF core plans from the PF's free GGTT and
 *   spares; ranges are disjoint, inside bounds, equal to the sysfs quotas,
 *   and the PF keeps its own GGTT, contexts and spares.
 */
static void auto_provisioning_fair(unsigned int n)
{
	struct iov_snapshot before, after;
	struct iov_holes gfree;
	struct iov_plan plan;
	struct iov_report r;
	int err;

	sriov_pf_default(&pf);
	sriov_pf_snapshot(&pf, &before);
	err = iov_plan_pf_free(&before, &gfree);
	igt_assert_f(!err, "the PF's free GGTT: %s\n", strerror(-err));
	/* the PF core models as many pieces as the snapshot can list */
	err = iov_plan_compute_on(&before, &gfree, gpu_platform(), n, &plan);
	igt_assert_f(!err, "the PF core has no plan for %u VFs: %s\n", n, strerror(-err));
	iov_report_init(&r);
	check_or_fail(iov_check_available(&before, &plan, &r), &r, "available/ before enabling");

	igt_sriov_disable_driver_autoprobe(pf.fd);
	igt_sriov_enable_vfs(pf.fd, n);
	sriov_pf_snapshot(&pf, &after);
	igt_sriov_disable_vfs(pf.fd);

	err = iov_check_ranges(&after, iov_vf_mask(n), &r);
	if (!err)
		err = iov_check_quotas(&after, &r);
	if (!err)
		err = iov_check_plan(&after, &plan, &r);
	if (!err)
		err = iov_check_pf_share(&before, &after, &r);
	check_or_fail(err, &r, "auto-provisioned VFs");
}

/**
 * SUBTEST: resources-released-on-disable
 * Description: After disabling auto-provisioned VFs no VF holds GGTT,
 *   contexts or doorbells, every quota reads 0, and the PF's free GGTT is
 *   what it was before enabling.
 */
static void resources_released_on_disable(void)
{
	struct iov_snapshot before, on, off;
	struct iov_report r;
	int err;

	sriov_pf_default(&pf);
	sriov_pf_snapshot(&pf, &before);
	igt_sriov_disable_driver_autoprobe(pf.fd);
	igt_sriov_enable_vfs(pf.fd, pf.total_vfs);
	sriov_pf_snapshot(&pf, &on);
	igt_sriov_disable_vfs(pf.fd);
	sriov_pf_snapshot(&pf, &off);

	iov_report_init(&r);
	check_or_fail(iov_check_ranges(&on, iov_vf_mask(pf.total_vfs), &r), &r, "enabled");
	err = iov_check_ranges(&off, 0, &r);
	if (!err)
		err = iov_check_quotas(&off, &r);
	if (!err)
		err = iov_check_pf_share(&before, &off, &r);
	check_or_fail(err, &r, "after disabling");
	igt_assert_eq_u64(off.holes.total, before.holes.total);
}

static const char *const quota_attr[IOV_RES_NUM] = { "ggtt_quota", "contexts_quota",
						     "doorbells_quota" };

/* Give VFs 1..n the plan's sizes by hand (turns auto-provisioning off). */
static void provision_manually(unsigned int n, const struct iov_plan *plan)
{
	char rel[128];
	unsigned int vf;
	int res;

	for (vf = 1; vf <= n; vf++)
		for (res = 0; res < IOV_RES_NUM; res++) {
			snprintf(rel, sizeof(rel), "prelim_iov/vf%u/gt0/%s", vf, quota_attr[res]);
			sriov_pf_write(&pf, rel, plan->vf[res][vf].count);
		}
}

static void assert_same_ranges(const struct iov_snapshot *a, const struct iov_snapshot *b,
			       const char *when)
{
	int res;

	for (res = 0; res < IOV_RES_NUM; res++)
		igt_assert_f(a->prov[res].num == b->prov[res].num &&
				     !memcmp(a->prov[res].r, b->prov[res].r,
					     a->prov[res].num * sizeof(a->prov[res].r[0])),
			     "%s moved %s\n", when, iov_res_name(res));
	igt_assert_f(!memcmp(a->vf, b->vf, sizeof(a->vf)), "%s changed the VFs' quotas\n", when);
}

/**
 * SUBTEST: manual-quotas-survive-reenable
 * Description: Quotas written by hand are allocated at once, used when the
 *   VFs are enabled, and kept with the same ranges across disabling and
 *   enabling again (only auto-provisioned resources are released).
 */
static void manual_quotas_survive_reenable(void)
{
	struct iov_snapshot idle, s1, s2, s3;
	unsigned int n = pf.total_vfs < 2 ? 1 : 2;
	struct iov_holes gfree;
	struct iov_plan plan;
	struct iov_report r;
	int err;

	sriov_pf_default(&pf);
	sriov_pf_snapshot(&pf, &idle);
	igt_assert_eq(iov_plan_pf_free(&idle, &gfree), 0);
	err = iov_plan_compute_on(&idle, &gfree, gpu_platform(), n, &plan);
	igt_assert_eq(err, 0);
	provision_manually(n, &plan);
	igt_assert_eq_u64(sriov_pf_read(&pf, "prelim_iov/pf/auto_provisioning"), 0);

	igt_sriov_disable_driver_autoprobe(pf.fd);
	igt_sriov_enable_vfs(pf.fd, n);
	sriov_pf_snapshot(&pf, &s1);
	igt_sriov_disable_vfs(pf.fd);
	sriov_pf_snapshot(&pf, &s2);
	igt_sriov_enable_vfs(pf.fd, n);
	sriov_pf_snapshot(&pf, &s3);
	igt_sriov_disable_vfs(pf.fd);

	iov_report_init(&r);
	err = iov_check_ranges(&s1, iov_vf_mask(n), &r);
	if (!err)
		err = iov_check_quotas(&s1, &r);
	if (!err)
		err = iov_check_ranges(&s2, iov_vf_mask(n), &r);
	check_or_fail(err, &r, "manual quotas");
	igt_assert_eq_u64(s1.vf[1].contexts_quota, plan.vf[IOV_RES_CTXS][1].count);
	igt_assert_eq_u64(s1.vf[1].ggtt_quota, plan.vf[IOV_RES_GGTT][1].count);
	assert_same_ranges(&s1, &s2, "disabling");
	assert_same_ranges(&s1, &s3, "enabling again");
	sriov_pf_default(&pf);
}

/**
 * SUBTEST: manual-write-disables-auto
 * Description: A non-zero write of any VF quota, scheduling value or
 *   threshold turns auto-provisioning off; clearing it lets it be turned on.
 */
static void manual_write_disables_auto(const char *attr, uint64_t val)
{
	char rel[128];

	sriov_pf_default(&pf);
	igt_assert_eq_u64(sriov_pf_read(&pf, "prelim_iov/pf/auto_provisioning"), 1);
	snprintf(rel, sizeof(rel), "prelim_iov/vf1/gt0/%s", attr);
	sriov_pf_write(&pf, rel, val);
	igt_assert_f(sriov_pf_read(&pf, "prelim_iov/pf/auto_provisioning") == 0,
		     "writing %s left auto-provisioning on\n", attr);
	sriov_pf_default(&pf);
}

/**
 * SUBTEST: auto-provisioning-estale
 * Description: Turning auto-provisioning back on fails with ESTALE while a
 *   VF has a config, and succeeds once every config is cleared.
 */
static void auto_provisioning_estale(void)
{
	int err;

	sriov_pf_default(&pf);
	sriov_pf_write(&pf, "prelim_iov/vf1/gt0/contexts_quota", 128);
	igt_assert_eq_u64(sriov_pf_read(&pf, "prelim_iov/pf/auto_provisioning"), 0);
	err = iov_write_u64(&pf.dev, "prelim_iov/pf/auto_provisioning", 1);
	igt_assert_f(err == -ESTALE, "auto_provisioning=1 with VF1 configured: %s, not ESTALE\n",
		     strerror(-err));
	igt_assert_eq_u64(sriov_pf_read(&pf, "prelim_iov/pf/auto_provisioning"), 0);
	/* turning it off is always allowed */
	sriov_pf_write(&pf, "prelim_iov/pf/auto_provisioning", 0);
	sriov_pf_write(&pf, "prelim_iov/vf1/gt0/contexts_quota", 0);
	sriov_pf_write(&pf, "prelim_iov/pf/auto_provisioning", 1);
	igt_assert_eq_u64(sriov_pf_read(&pf, "prelim_iov/pf/auto_provisioning"), 1);
}

/*
 * Write each value to @attr of the PF (vf 0) and of every VF with all VFs
 * enabled (the values go to the GuC at once) and read it back.
 */
static void round_trip(const char *attr, const uint64_t *vals, unsigned int nvals)
{
	char rel[128];
	unsigned int vf, i;

	sriov_pf_default(&pf);
	igt_sriov_disable_driver_autoprobe(pf.fd);
	igt_sriov_enable_vfs(pf.fd, pf.total_vfs);
	for (vf = 0; vf <= pf.total_vfs; vf++) {
		if (!vf && strchr(attr, '/'))
			continue; /* thresholds are per VF */
		if (vf)
			snprintf(rel, sizeof(rel), "prelim_iov/vf%u/gt0/%s", vf, attr);
		else
			snprintf(rel, sizeof(rel), "prelim_iov/pf/gt0/%s", attr);
		for (i = 0; i < nvals; i++) {
			sriov_pf_write(&pf, rel, vals[i]);
			igt_assert_f(sriov_pf_read(&pf, rel) == vals[i],
				     "%s: wrote %llu, read %llu\n", rel,
				     (unsigned long long)vals[i],
				     (unsigned long long)sriov_pf_read(&pf, rel));
		}
	}
	sriov_pf_default(&pf);
}

/**
 * SUBTEST: exec-quantum-round-trip
 * Description: exec_quantum_ms of the PF and of every enabled VF reads back
 *   what was written (1, 20, 100 ms, then 0 = infinite).
 *
 * SUBTEST: preempt-timeout-round-trip
 * Description: preempt_timeout_us of the PF and of every enabled VF reads
 *   back what was written (1, 20000, 640000 us, then 0 = infinite).
 *
 * SUBTEST: thresholds-round-trip
 * Description: Every adverse-event threshold of every enabled VF reads back
 *   what was written (1, 5, 1000, then 0 = disabled).
 */
static void exec_quantum_round_trip(void)
{
	static const uint64_t v[] = { 1, 20, 100, 0 };

	round_trip("exec_quantum_ms", v, ARRAY_SIZE(v));
}

static void preempt_timeout_round_trip(void)
{
	static const uint64_t v[] = { 1, 20000, 640000, 0 };

	round_trip("preempt_timeout_us", v, ARRAY_SIZE(v));
}

static void thresholds_round_trip(void)
{
	static const uint64_t v[] = { 1, 5, 1000, 0 };
	char attr[64];
	unsigned int t;

	for (t = 0; t < IOV_NUM_THRESHOLDS; t++) {
		snprintf(attr, sizeof(attr), "threshold/%s", iov_threshold_names[t]);
		round_trip(attr, v, ARRAY_SIZE(v));
	}
}

igt_main
{
	static const struct {
		const char *attr;
		uint64_t val;
	} manual[] = {
		{ "ggtt_quota", 64ull << 20 },	 { "contexts_quota", 128 },
		{ "doorbells_quota", 4 },	 { "exec_quantum_ms", 10 },
		{ "preempt_timeout_us", 10000 }, { "threshold/cat_error_count", 3 },
	};
	unsigned int n, i;

	igt_fixture
	{
		sriov_pf_open(&pf);
		igt_require_f(sriov_pf_is_default(&pf),
			      "VFs have manual configs; clear them (or reload i915) first\n");
	}

	igt_describe("Auto-provisioning gives N VFs the PF core's fair plan");
	igt_subtest_with_dynamic("auto-provisioning-fair")
	{
		for (n = 1; n <= pf.total_vfs; n++)
			igt_dynamic_f("numvfs-%u", n) auto_provisioning_fair(n);
	}

	igt_describe("Disabling VFs releases every auto-provisioned resource");
	igt_subtest("resources-released-on-disable") resources_released_on_disable();

	igt_describe("Manual quotas keep their ranges across disable and re-enable");
	igt_subtest("manual-quotas-survive-reenable") manual_quotas_survive_reenable();

	igt_describe("Any manual VF write turns auto-provisioning off");
	igt_subtest_with_dynamic("manual-write-disables-auto")
	{
		for (i = 0; i < ARRAY_SIZE(manual); i++)
			igt_dynamic_f("%s", strchr(manual[i].attr, '/') ?
						    strchr(manual[i].attr, '/') + 1 :
						    manual[i].attr)
				manual_write_disables_auto(manual[i].attr, manual[i].val);
	}

	igt_describe("auto_provisioning=1 is ESTALE while a VF has a config");
	igt_subtest("auto-provisioning-estale") auto_provisioning_estale();

	igt_describe("exec_quantum_ms round trip on the PF and every VF");
	igt_subtest("exec-quantum-round-trip") exec_quantum_round_trip();

	igt_describe("preempt_timeout_us round trip on the PF and every VF");
	igt_subtest("preempt-timeout-round-trip") preempt_timeout_round_trip();

	igt_describe("Adverse-event thresholds round trip on every VF");
	igt_subtest("thresholds-round-trip") thresholds_round_trip();

	igt_fixture
	{
		sriov_pf_default(&pf);
		sriov_pf_close(&pf);
	}
}
