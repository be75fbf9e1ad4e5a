// SPDX-License-Identifier: MIT
/*
 * lib/iovcheck against fixture trees (tests/fixtures/igt): a Raptor Lake PF
 * with max_vfs=7, idle and with 7 VFs auto-provisioned (rpl-7vfs is rpl-idle
 * plus an overlay), and broken variants (tests/fixtures/igt/broken/<name>,
 * each laid over the tree its .fixture names), composed by fixture_tree.c.
 * Each check must pass on the healthy trees and name the exact problem of
 * each broken one, one cmocka case per broken tree; the expected plan comes
 * from the PF core.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <setjmp.h>
#include <cmocka.h>

#include "iovcheck/iov_check.h"
#include "iovcheck/iov_dev.h"
#include "iovcheck/iov_plan.h"
#include "fixture_tree.h"

#define FIX "tests/fixtures/igt/"
#define MiB (1ull << 20)

static struct iov_snapshot idle, vfs7, snap;
static struct iov_plan plan;
static struct iov_holes gfree;
static struct iov_report report;

static int load_tree(const char *name, struct iov_snapshot *s);

static int setup(void **state)
{
	(void)state;
	assert_int_equal(load_tree("igt/rpl-idle", &idle), 0);
	assert_int_equal(load_tree("igt/rpl-7vfs", &vfs7), 0);
	return 0;
}

/* Read the composed tree @name into @s; returns iov_snapshot_read()'s result. */
static int load_tree(const char *name, struct iov_snapshot *s)
{
	struct fixture_tree t;
	struct iov_dev dev;
	int err;

	assert_int_equal(fixture_tree_make(name, &t), 0);
	if (iov_dev_init(&dev, t.root, 0)) {
		fixture_tree_free(&t);
		fail_msg("%s: not an i915 PF", name);
	}
	err = iov_snapshot_read(&dev, s);
	fixture_tree_free(&t);
	return err;
}

static void assert_report_has(const char *needle)
{
	if (!strstr(report.text, needle))
		fail_msg("report lacks \"%s\":\n%s", needle, report.text);
}

/* ---- the healthy trees ---- */

static void test_snapshot_of_seven_vfs(void **state)
{
	const struct iov_ranges *ctx = &vfs7.prov[IOV_RES_CTXS], *db = &vfs7.prov[IOV_RES_DBS];
	unsigned int i;

	(void)state;
	assert_int_equal(vfs7.total_vfs, 7);
	assert_int_equal(vfs7.num_vfs, 7);
	assert_true(vfs7.auto_provisioning);
	assert_int_equal(vfs7.ggtt_spare, 64 * MiB);
	assert_int_equal(vfs7.contexts_spare, 256);
	/* i915's layout with max_vfs=7 (research i915-sriov.md 3.3): VF1 on top */
	assert_int_equal(ctx->num, 7);
	assert_int_equal(ctx->r[0].vf, 1);
	assert_int_equal(ctx->r[0].start, 57343);
	assert_int_equal(ctx->r[6].start, 8191);
	assert_int_equal(db->r[6].start, 216);
	assert_int_equal(db->r[6].count, 36);
	for (i = 0; i < 7; i++) {
		assert_int_equal(ctx->r[i].count, 8192);
		assert_int_equal(vfs7.prov[IOV_RES_GGTT].r[i].count, 582800 * 1024ull);
	}
	assert_int_equal(vfs7.vf[4].contexts_quota, 8192);
	assert_int_equal(vfs7.holes.num, 2);
	assert_int_equal(vfs7.holes.avail, 16384);
}

static void test_healthy_trees_pass_every_check(void **state)
{
	(void)state;
	iov_report_init(&report);
	assert_int_equal(iov_check_ranges(&vfs7, iov_vf_mask(7), &report), 0);
	assert_int_equal(iov_check_quotas(&vfs7, &report), 0);
	assert_int_equal(iov_check_ranges(&idle, iov_vf_mask(0), &report), 0);
	assert_int_equal(iov_check_quotas(&idle, &report), 0);
	assert_int_equal(iov_check_pf_share(&idle, &vfs7, &report), 0);
	assert_int_equal(report.problems, 0);
	assert_string_equal(report.text, "");
}

static void test_pf_free_is_the_same_before_and_after(void **state)
{
	(void)state;
	/* with VFs: holes plus VF ranges merge back into the idle holes */
	assert_int_equal(iov_plan_pf_free(&vfs7, &gfree), 0);
	assert_int_equal(gfree.num, 2);
	assert_int_equal(gfree.r[0].start, 0x1a00000);
	assert_int_equal(gfree.r[0].count, 2 * MiB);
	assert_int_equal(gfree.r[1].start, 0x2000000);
	assert_int_equal(gfree.r[1].count, 0xfee00000ull - 0x2000000);
	assert_int_equal(gfree.total, idle.holes.total);
}

static void test_the_pf_core_plans_what_the_fixture_shows(void **state)
{
	(void)state;
	assert_int_equal(iov_plan_pf_free(&idle, &gfree), 0);
	assert_int_equal(iov_plan_compute(&idle, &gfree, 7, &plan), 0);
	/* 4046 MiB hole less the 62 MiB of spare the 2 MiB hole did not absorb */
	assert_int_equal(plan.ggtt_max_quota, 3984 * MiB);
	assert_int_equal(plan.pf_contexts, 8191);
	assert_int_equal(plan.vf[IOV_RES_GGTT][1].start, 0xdb4dc000);
	iov_report_init(&report);
	assert_int_equal(iov_check_available(&idle, &plan, &report), 0);
	assert_int_equal(iov_check_plan(&vfs7, &plan, &report), 0);
	assert_int_equal(report.problems, 0);
	/* the same plan from the enabled tree's holes */
	assert_int_equal(iov_plan_pf_free(&vfs7, &gfree), 0);
	assert_int_equal(iov_plan_compute(&vfs7, &gfree, 7, &plan), 0);
	assert_int_equal(iov_check_plan(&vfs7, &plan, &report), 0);
}

static void test_a_plan_for_fewer_vfs_does_not_match(void **state)
{
	(void)state;
	assert_int_equal(iov_plan_pf_free(&idle, &gfree), 0);
	assert_int_equal(iov_plan_compute(&idle, &gfree, 6, &plan), 0);
	assert_int_equal(plan.vf[IOV_RES_CTXS][1].count, 9472);
	iov_report_init(&report);
	assert_int_equal(iov_check_plan(&vfs7, &plan, &report), -EDOM);
	/* 3 resources x 6 VFs all differ */
	assert_int_equal(report.problems, 18);
	assert_report_has("VF1 contexts: the PF gave 57343-65534 (8192), the plan is");
}

static void test_available_quotas_that_the_pf_core_disagrees_with(void **state)
{
	(void)state;
	assert_int_equal(iov_plan_compute(&idle, NULL, 7, &plan), 0);
	/* an idle PF in the model has more GGTT than the fixture's */
	iov_report_init(&report);
	assert_int_equal(iov_check_available(&idle, &plan, &report), -EDOM);
	assert_int_equal(report.problems, 1);
	assert_report_has("available/ggtt_max_quota is 4177526784, the PF core computes");
}

static void test_plan_arguments(void **state)
{
	struct iov_snapshot s = idle;
	struct iov_holes many = { 0 };
	unsigned int i;

	(void)state;
	assert_int_equal(iov_plan_compute(&idle, NULL, 0, &plan), -EINVAL);
	assert_int_equal(iov_plan_compute(&idle, NULL, 8, &plan), -EINVAL);
	s.ggtt_spare = MiB; /* the PF core refuses a spare below 64 MiB */
	assert_int_equal(iov_plan_compute(&s, NULL, 1, &plan), -EINVAL);
	/* the PF core models a GGTT in as many pieces as a snapshot lists:
	 * twelve 1 MiB holes are taken as they are (and leave no room) */
	for (i = 0; i < 12; i++)
		many.r[many.num++] = (struct iov_range){ .start = (4 + 4 * i) * MiB, .count = MiB };
	assert_int_equal(iov_plan_compute(&idle, &many, 1, &plan), -ENOSPC);
	/* a hole the GuC cannot use */
	many.num = 1;
	many.r[0] = (struct iov_range){ .start = 0, .count = MiB };
	assert_int_equal(iov_plan_compute(&idle, &many, 1, &plan), -EINVAL);
}

static void test_report_is_cut_short_not_overrun(void **state)
{
	unsigned int i;

	(void)state;
	assert_int_equal(iov_plan_compute(&idle, NULL, 1, &plan), 0);
	iov_report_init(&report);
	for (i = 0; i < 200; i++)
		iov_check_plan(&vfs7, &plan, &report);
	assert_int_equal(report.problems, 600);
	assert_int_equal(strlen(report.text), sizeof(report.text) - 1);
	assert_string_equal(report.text + sizeof(report.text) - 5, "...\n");
}

/* ---- broken trees ---- */

struct broken {
	const char *name;
	int read; /* iov_snapshot_read() */
	int ranges; /* iov_check_ranges() with VFs 1..7 (0 for an idle base) */
	int quotas; /* iov_check_quotas() */
	int plan; /* iov_check_plan() against the 7-VF plan */
	int share; /* iov_check_pf_share() from the idle tree */
	const char *says; /* in the report */
};

static const struct broken broken[] = {
	{ "ctx-overlap", 0, -EADDRINUSE, 0, -EDOM, 0,
	  "VF3 contexts 40959-49150 (8192) overlap VF2's 49000-57191 (8192)" },
	{ "db-missing-vf", 0, -ESRCH, -EDOM, -EDOM, 0, "VF7 holds no doorbells" },
	{ "ctx-in-pf-share", 0, -ERANGE, 0, -EDOM, 0,
	  "VF7 contexts 8063-16254 (8192) overlap the PF's 0-8190" },
	{ "ggtt-unaligned", 0, -ERANGE, -EDOM, -EDOM, -EDOM,
	  "VF3 GGTT 0x94294800-0xb7bb7fff (582798K) is not 4K aligned" },
	{ "quota-mismatch", 0, 0, -EDOM, 0, 0,
	  "VF4 contexts_quota is 8064 but contexts_provisioning shows 8192" },
	{ "db-vf-twice", 0, -EEXIST, 0, 0, 0, "doorbells lists VF3 twice" },
	{ "vf-beyond-max", 0, -ERANGE, -EDOM, -EDOM, 0, "GGTT lists VF8 but max_vfs is 7" },
	{ "ggtt-unfair", 0, 0, 0, -EDOM, 0,
	  "VF7 GGTT: the PF gave 0x5e05000-0x29727fff (582796K), the plan is "
	  "0x5e04000-0x29727fff (582800K)" },
	{ "pf-ggtt-grew", 0, 0, 0, 0, -EDOM, "the PF's own GGTT changed" },
	{ "ggtt-in-hole", 0, -EADDRINUSE, 0, 0, -EADDRINUSE, "VF7 GGTT" },
	{ "not-released", 0, -ENOTEMPTY, -EDOM, 0, 0,
	  "VF1 still holds contexts 57343-65534 (8192); it should hold none" },
	{ "bad-syntax", -EBADMSG },
	{ "bad-count", -EBADMSG },
};

#define NBROKEN (sizeof(broken) / sizeof(broken[0]))

/* One cmocka case per broken tree (its state is its row). */
static void check_broken(void **state)
{
	const struct broken *b = *state;
	int ranges, quotas, pl, share;
	char name[128];
	bool idle_base;

	snprintf(name, sizeof(name), "igt/broken/%s", b->name);
	assert_int_equal(load_tree(name, &snap), b->read);
	if (b->read)
		return;
	idle_base = snap.num_vfs == 0;
	assert_int_equal(iov_plan_pf_free(&idle, &gfree), 0);
	assert_int_equal(iov_plan_compute(&idle, &gfree, 7, &plan), 0);

	iov_report_init(&report);
	ranges = iov_check_ranges(&snap, iov_vf_mask(idle_base ? 0 : 7), &report);
	quotas = iov_check_quotas(&snap, &report);
	pl = idle_base ? 0 : iov_check_plan(&snap, &plan, &report);
	share = iov_check_pf_share(&idle, &snap, &report);
	if (ranges != b->ranges || quotas != b->quotas || pl != b->plan || share != b->share)
		fail_msg("%s: ranges %d quotas %d plan %d share %d; report:\n%s", b->name, ranges,
			 quotas, pl, share, report.text);
	assert_true(report.problems > 0);
	assert_report_has(b->says);
}

/* A tree added without a row (or a row left without its tree) fails here. */
static void test_every_broken_tree_has_its_case(void **state)
{
	unsigned int i, found = 0;
	struct dirent *d;
	DIR *dir;

	(void)state;
	dir = opendir(FIX "broken");
	assert_non_null(dir);
	while ((d = readdir(dir))) {
		if (d->d_name[0] == '.')
			continue;
		for (i = 0; i < NBROKEN && strcmp(broken[i].name, d->d_name); i++)
			;
		if (i == NBROKEN) {
			closedir(dir);
			fail_msg("broken/%s has no row in broken[]", d->d_name);
		}
		found++;
	}
	closedir(dir);
	assert_int_equal(found, NBROKEN);
}

/* ---- device discovery, writes ---- */

static void test_not_an_i915_pf(void **state)
{
	struct iov_dev dev;

	(void)state;
	/* no prelim_iov: stock i915, max_vfs=0, or an aborted PF */
	assert_int_equal(iov_dev_init(&dev, FIX "rpl-idle", 1), -ENOENT);
	assert_int_equal(iov_dev_init(&dev, FIX "does-not-exist", 0), -ENOENT);
}

static struct fixture_tree tree;

static const char *at(char *buf, const char *rel)
{
	snprintf(buf, 1024, "%s/%s", tree.root, rel);
	return buf;
}

static void test_debugfs_named_by_pci_address(void **state)
{
	char a[1024], b[1024];
	struct iov_dev dev;
	struct iov_snapshot s;

	(void)state;
	assert_int_equal(fixture_tree_make("igt/rpl-idle", &tree), 0);
	/* newer kernels name the debugfs directory by PCI address, found
	 * through cardN/device -> the PCI function */
	assert_int_equal(rename(at(a, "sys/kernel/debug/dri/0"),
				at(b, "sys/kernel/debug/dri/0000:00:02.0")),
			 0);

	assert_int_equal(iov_dev_init(&dev, tree.root, 0), 0);
	assert_string_equal(dev.debugfs, "/sys/kernel/debug/dri/0000:00:02.0/gt0/iov");
	assert_int_equal(iov_snapshot_read(&dev, &s), 0);
	assert_int_equal(s.total_vfs, 7);
	assert_int_equal(s.holes.num, 2);
	fixture_tree_free(&tree);
}

static void test_write_then_read_back(void **state)
{
	struct iov_dev dev;
	uint64_t v = 0;

	(void)state;
	assert_int_equal(fixture_tree_make("igt/rpl-idle", &tree), 0);
	assert_int_equal(iov_dev_init(&dev, tree.root, 0), 0);
	assert_int_equal(iov_write_u64(&dev, "prelim_iov/vf2/gt0/exec_quantum_ms", 25), 0);
	assert_int_equal(iov_read_u64(&dev, "prelim_iov/vf2/gt0/exec_quantum_ms", &v), 0);
	assert_int_equal(v, 25);
	assert_int_equal(iov_read_u64(&dev, "prelim_iov/vf2/gt0/nope", &v), -ENOENT);
	assert_int_equal(iov_write_u64(&dev, "prelim_iov/vf9/gt0/exec_quantum_ms", 1), -ENOENT);
	/* a file that is not one number */
	assert_int_equal(iov_read_u64(&dev, "prelim_iov/mode", &v), -EINVAL);
	fixture_tree_free(&tree);
}

int main(void)
{
	static char names[NBROKEN][64];
	struct CMUnitTest tests[] = {
		cmocka_unit_test(test_snapshot_of_seven_vfs),
		cmocka_unit_test(test_healthy_trees_pass_every_check),
		cmocka_unit_test(test_pf_free_is_the_same_before_and_after),
		cmocka_unit_test(test_the_pf_core_plans_what_the_fixture_shows),
		cmocka_unit_test(test_a_plan_for_fewer_vfs_does_not_match),
		cmocka_unit_test(test_available_quotas_that_the_pf_core_disagrees_with),
		cmocka_unit_test(test_plan_arguments),
		cmocka_unit_test(test_report_is_cut_short_not_overrun),
		cmocka_unit_test(test_every_broken_tree_has_its_case),
		cmocka_unit_test(test_not_an_i915_pf),
		cmocka_unit_test(test_debugfs_named_by_pci_address),
		cmocka_unit_test(test_write_then_read_back),
	};
	struct CMUnitTest all[sizeof(tests) / sizeof(tests[0]) + NBROKEN];
	size_t n = sizeof(tests) / sizeof(tests[0]), i;

	memcpy(all, tests, sizeof(tests));
	for (i = 0; i < NBROKEN; i++) {
		snprintf(names[i], sizeof(names[i]), "broken_%s", broken[i].name);
		all[n + i] = (struct CMUnitTest){ names[i], check_broken, NULL, NULL,
						  (void *)&broken[i] };
	}
	return _cmocka_run_group_tests("test_iovcheck_tree", all, n + NBROKEN, setup, NULL);
}
