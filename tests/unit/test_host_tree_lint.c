// SPDX-License-Identifier: MIT
/*
 * Every host tree under tests/fixtures/host (the synthetic ones and the
 * real/ ones, present and future: they are found, not listed) against what
 * a real kernel exposes (host_tree_lint.c; the facts and their sources in
 * tests/fixtures/README.md), one cmocka case per tree named after it. Then
 * a small tree a kernel could show, which must lint clean, and one break
 * of each rule on it, which the lint must name.
 *
 * One tree: out/plain/bin/test_host_tree_lint host/real/27-rkl-no-sriov
 */
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixture_tree.h"
#include "host_tree_lint.h"

#define MAX_TREES 128

struct tree_case {
	char name[160]; /* relative to fixture_dir(): "host/..." */
	char test[176];
};

static struct tree_case trees[MAX_TREES];
static size_t ntrees;
static const char *only;

static int find_tree(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	size_t top = strlen(fixture_dir()) + 1;
	struct tree_case *c = &trees[ntrees];

	(void)st;
	if (type != FTW_F || strcmp(path + ftw->base, ".fixture") || ftw->base <= (int)top)
		return 0;
	if (ntrees == MAX_TREES)
		return 1;
	snprintf(c->name, sizeof(c->name), "%.*s", (int)(ftw->base - 1 - top), path + top);
	if (strncmp(c->name, "host/", 5) || (only && strcmp(c->name, only)))
		return 0;
	ntrees++;
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct tree_case *)a)->name, ((const struct tree_case *)b)->name);
}

static void lint_tree(void **state)
{
	const struct tree_case *c = *state;
	static char out[16384];
	struct fixture_tree t;
	unsigned int n;

	assert_int_equal(fixture_tree_make(c->name, &t), 0);
	n = host_tree_lint(t.root, out, sizeof(out));
	fixture_tree_free(&t);
	if (n) {
		/* all of them: cmocka cuts a long message */
		fprintf(stderr, "%s: %u facts of the kernel broken:\n%s", c->name, n, out);
		fail_msg("%s is no tree a kernel could show (see above)", c->name);
	}
}

/* ---- a small tree a kernel could show, and one break of each rule ---- */

static char scratch[PATH_MAX];

/* a link at the path is replaced (ln() makes one where a file was) */
static void put(const char *rel, const char *text)
{
	if (fixture_put(scratch, rel, text, FIXTURE_PUT_REPLACE))
		fail_msg("%s/%s: %s", scratch, rel, strerror(errno));
}

static void ln(const char *rel, const char *target)
{
	char path[PATH_MAX + 256];

	put(rel, "");
	snprintf(path, sizeof(path), "%s/%s", scratch, rel);
	unlink(path);
	assert_int_equal(symlink(target, path), 0);
}

static void rm(const char *rel)
{
	char path[PATH_MAX + 256];

	snprintf(path, sizeof(path), "%s/%s", scratch, rel);
	assert_int_equal(unlink(path), 0);
}

#define PF "sys/devices/pci0000:00/0000:00:02.0/"
#define VF "sys/devices/pci0000:00/0000:00:02.1/"

static void identity(const char *dir, const char *device)
{
	char p[256];

	snprintf(p, sizeof(p), "%svendor", dir);
	put(p, "0x8086\n");
	snprintf(p, sizeof(p), "%sdevice", dir);
	put(p, device);
	snprintf(p, sizeof(p), "%sclass", dir);
	put(p, "0x030000\n");
	snprintf(p, sizeof(p), "%srevision", dir);
	put(p, "0x04\n");
	snprintf(p, sizeof(p), "%sdriver_override", dir);
	put(p, "(null)\n");
	snprintf(p, sizeof(p), "%sdriver", dir);
	ln(p, "../../../bus/pci/drivers/i915");
}

/* The DKMS i915 PF with max_vfs=1, one VF on i915, VT-d on. */
static int good_tree(void **state)
{
	const char *tmp = getenv("TMPDIR");

	(void)state;
	snprintf(scratch, sizeof(scratch), "%s/lint.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(scratch))
		return -1;
	identity(PF, "0xa780\n");
	put(PF "sriov_totalvfs", "1\n");
	put(PF "sriov_numvfs", "1\n");
	put(PF "sriov_offset", "1\n");
	put(PF "sriov_stride", "1\n");
	put(PF "sriov_vf_device", "a780\n");
	put(PF "sriov_drivers_autoprobe", "1\n");
	put(PF "sriov_vf_total_msix", "0\n");
	ln(PF "virtfn0", "../0000:00:02.1");
	ln(PF "iommu_group", "../../../kernel/iommu_groups/2");
	identity(VF, "0xa780\n");
	ln(VF "physfn", "../0000:00:02.0");
	ln(VF "iommu_group", "../../../kernel/iommu_groups/15");
	ln("sys/bus/pci/devices/0000:00:02.0", "../../../devices/pci0000:00/0000:00:02.0");
	ln("sys/bus/pci/devices/0000:00:02.1", "../../../devices/pci0000:00/0000:00:02.1");
	put("sys/bus/pci/drivers/i915/bind", "");
	put("sys/bus/pci/drivers/i915/unbind", "");
	ln("sys/kernel/iommu_groups/2/devices/0000:00:02.0",
	   "../../../../devices/pci0000:00/0000:00:02.0");
	ln("sys/kernel/iommu_groups/15/devices/0000:00:02.1",
	   "../../../../devices/pci0000:00/0000:00:02.1");
	ln("sys/class/iommu/dmar0", "../../devices/virtual/iommu/dmar0");
	put("sys/firmware/acpi/tables/DMAR", "DMAR");
	put("sys/module/i915/parameters/enable_guc", "3\n");
	put("sys/module/i915/parameters/max_vfs", "1\n");
	put("sys/module/i915/taint", "OE\n");
	put("proc/modules", "i915 4800000 0 - Live 0x0 (OE)\n");
	put("proc/cmdline", "BOOT_IMAGE=/vmlinuz ro intel_iommu=on i915.enable_guc=3 "
			    "i915.max_vfs=1 module_blacklist=xe\n");
	return 0;
}

static int drop_tree(void **state)
{
	(void)state;
	return fixture_remove(scratch);
}

/* The lint names @rule among the violations. */
static void breaks(const char *rule)
{
	static char out[8192];
	char want[64];

	assert_true(host_tree_lint(scratch, out, sizeof(out)) > 0);
	snprintf(want, sizeof(want), "%s: ", rule);
	if (!strstr(out, want))
		fail_msg("no %s violation in:\n%s", rule, out);
}

static void test_a_tree_a_kernel_could_show(void **state)
{
	static char out[8192];

	(void)state;
	if (host_tree_lint(scratch, out, sizeof(out)))
		fail_msg("the good tree breaks:\n%s", out);
}

/* the known fault of no-sriov-bios: a lone sriov_numvfs */
static void test_sriov_numvfs_without_the_capability(void **state)
{
	(void)state;
	rm(PF "sriov_totalvfs");
	breaks("sriov.group");
}

static void test_a_vf_with_pf_attributes(void **state)
{
	(void)state;
	put(VF "sriov_totalvfs", "1\n");
	breaks("sriov.group");
}

static void test_a_vf_without_physfn(void **state)
{
	(void)state;
	rm(VF "physfn");
	breaks("vf.physfn");
}

static void test_numvfs_and_virtfn_links_disagree(void **state)
{
	(void)state;
	put(PF "sriov_numvfs", "0\n");
	breaks("sriov.virtfn");
}

static void test_a_vf_at_the_wrong_function(void **state)
{
	(void)state;
	put(PF "sriov_offset", "2\n");
	breaks("sriov.virtfn");
}

static void test_a_vf_device_id_not_the_pfs_vf_device(void **state)
{
	(void)state;
	put(VF "device", "0xa781\n");
	breaks("vf.ids");
}

static void test_ids_not_in_the_kernels_format(void **state)
{
	(void)state;
	put(PF "vendor", "8086\n");
	breaks("pci.format");
}

static void test_sriov_vf_device_with_0x(void **state)
{
	(void)state;
	put(PF "sriov_vf_device", "0xa780\n");
	breaks("sriov.format");
}

static void test_a_value_without_its_newline(void **state)
{
	(void)state;
	put(PF "sriov_numvfs", "1");
	breaks("sriov.format");
}

static void test_iommu_on_and_a_device_without_group(void **state)
{
	(void)state;
	rm(VF "iommu_group");
	breaks("iommu.group");
}

static void test_iommu_off_and_groups_left(void **state)
{
	(void)state;
	rm("sys/class/iommu/dmar0");
	breaks("iommu.off");
}

static void test_a_group_that_does_not_list_its_device(void **state)
{
	(void)state;
	rm("sys/kernel/iommu_groups/15/devices/0000:00:02.1");
	breaks("iommu.group");
}

static void test_vfio_pci_without_iommu_group(void **state)
{
	(void)state;
	put("sys/bus/pci/drivers/vfio-pci/bind", "");
	put("sys/bus/pci/drivers/vfio-pci/unbind", "");
	put("proc/modules", "i915 4800000 0 - Live 0x0 (OE)\nvfio_pci 16384 0 - Live 0x0\n");
	ln(VF "driver", "../../../bus/pci/drivers/vfio-pci");
	rm(VF "iommu_group");
	rm("sys/kernel/iommu_groups/15/devices/0000:00:02.1");
	breaks("vfio.iommu");
}

static void test_a_driver_without_bind(void **state)
{
	(void)state;
	rm("sys/bus/pci/drivers/i915/bind");
	breaks("driver.link");
}

static void test_a_driver_whose_module_is_not_loaded(void **state)
{
	(void)state;
	put("proc/modules", "kvm 1400000 0 - Live 0x0\n");
	breaks("driver.module");
}

static void test_vfs_under_the_stock_i915(void **state)
{
	(void)state;
	rm("sys/module/i915/parameters/max_vfs");
	put("sys/module/i915/taint", "\n");
	put("proc/cmdline", "ro intel_iommu=on i915.enable_guc=3\n");
	breaks("sriov.driver");
}

static void test_totalvfs_above_max_vfs(void **state)
{
	(void)state;
	put(PF "sriov_totalvfs", "7\n");
	breaks("sriov.driver");
}

static void test_max_vfs_in_an_in_tree_i915(void **state)
{
	(void)state;
	put("sys/module/i915/taint", "\n");
	breaks("module.taint");
}

static void test_a_dkms_parameter_without_max_vfs(void **state)
{
	(void)state;
	rm("sys/module/i915/parameters/max_vfs");
	put("sys/module/i915/parameters/enable_mtl_rcs_ccs_wa", "Y\n");
	breaks("module.params");
}

static void test_a_parameter_no_i915_has(void **state)
{
	(void)state;
	put("sys/module/i915/parameters/sriov_numvfs", "7\n");
	breaks("module.params");
}

static void test_cmdline_and_parameter_disagree(void **state)
{
	(void)state;
	put("sys/module/i915/parameters/enable_guc", "-1\n");
	breaks("module.cmdline");
}

static void test_a_blacklisted_module_present(void **state)
{
	(void)state;
	put("sys/module/xe/parameters/max_vfs", "0\n");
	put("sys/module/xe/taint", "\n");
	put("proc/modules", "i915 4800000 0 - Live 0x0 (OE)\nxe 3000000 0 - Live 0x0\n");
	breaks("module.blacklist");
}

static void test_xe_without_force_probe(void **state)
{
	(void)state;
	put("sys/bus/pci/drivers/xe/bind", "");
	put("sys/bus/pci/drivers/xe/unbind", "");
	put("sys/module/xe/parameters/max_vfs", "1\n");
	put("sys/module/xe/taint", "\n");
	put("proc/modules", "i915 4800000 0 - Live 0x0 (OE)\nxe 3000000 0 - Live 0x0\n");
	put("proc/cmdline", "ro intel_iommu=on xe.max_vfs=1\n");
	ln(PF "driver", "../../../bus/pci/drivers/xe");
	breaks("driver.force_probe");
}

static void test_a_function_without_its_bus_link(void **state)
{
	(void)state;
	rm("sys/bus/pci/devices/0000:00:02.1");
	breaks("pci.bus-link");
}

static void test_a_vm_holding_a_group_without_vfio_pci(void **state)
{
	(void)state;
	ln("proc/4242/fd/23", "/dev/vfio/15");
	breaks("vfio.group");
}

static void test_a_cmdline_of_two_lines(void **state)
{
	(void)state;
	put("proc/cmdline", "ro\nintel_iommu=on\n");
	breaks("cmdline.format");
}

int main(int argc, char **argv)
{
	const struct CMUnitTest rules[] = {
#define RULE(f) cmocka_unit_test_setup_teardown(f, good_tree, drop_tree)
		RULE(test_a_tree_a_kernel_could_show),
		RULE(test_sriov_numvfs_without_the_capability),
		RULE(test_a_vf_with_pf_attributes),
		RULE(test_a_vf_without_physfn),
		RULE(test_numvfs_and_virtfn_links_disagree),
		RULE(test_a_vf_at_the_wrong_function),
		RULE(test_a_vf_device_id_not_the_pfs_vf_device),
		RULE(test_ids_not_in_the_kernels_format),
		RULE(test_sriov_vf_device_with_0x),
		RULE(test_a_value_without_its_newline),
		RULE(test_iommu_on_and_a_device_without_group),
		RULE(test_iommu_off_and_groups_left),
		RULE(test_a_group_that_does_not_list_its_device),
		RULE(test_vfio_pci_without_iommu_group),
		RULE(test_a_driver_without_bind),
		RULE(test_a_driver_whose_module_is_not_loaded),
		RULE(test_vfs_under_the_stock_i915),
		RULE(test_totalvfs_above_max_vfs),
		RULE(test_max_vfs_in_an_in_tree_i915),
		RULE(test_a_dkms_parameter_without_max_vfs),
		RULE(test_a_parameter_no_i915_has),
		RULE(test_cmdline_and_parameter_disagree),
		RULE(test_a_blacklisted_module_present),
		RULE(test_xe_without_force_probe),
		RULE(test_a_function_without_its_bus_link),
		RULE(test_a_vm_holding_a_group_without_vfio_pci),
		RULE(test_a_cmdline_of_two_lines),
#undef RULE
	};
	struct CMUnitTest tests[MAX_TREES + sizeof(rules) / sizeof(rules[0])];
	size_t i, nrules = sizeof(rules) / sizeof(rules[0]);

	only = argc > 1 ? argv[1] : NULL;
	if (nftw(fixture_dir(), find_tree, 16, FTW_PHYS) || (!ntrees && !only)) {
		fprintf(stderr, "cannot list the host trees under %s (or more than %d)\n",
			fixture_dir(), MAX_TREES);
		return 1;
	}
	if (only && !ntrees) {
		fprintf(stderr, "no tree %s under %s\n", only, fixture_dir());
		return 2;
	}
	qsort(trees, ntrees, sizeof(trees[0]), by_name);
	for (i = 0; i < ntrees; i++) {
		snprintf(trees[i].test, sizeof(trees[i].test), "lint_%s", trees[i].name);
		tests[i] = (struct CMUnitTest){ trees[i].test, lint_tree, NULL, NULL, &trees[i] };
	}
	if (!only)
		memcpy(tests + ntrees, rules, sizeof(rules));
	return _cmocka_run_group_tests("test_host_tree_lint", tests, ntrees + (only ? 0 : nrules),
				       NULL, NULL);
}
