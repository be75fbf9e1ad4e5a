// SPDX-License-Identifier: MIT
/*
 * VFs as PCI functions (addresses from sriov_offset/stride, IDs from
 * sriov_vf_device) on the fixture trees, and the kernel-log scan the
 * enable/disable stress test relies on.
 */
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

#include "iovcheck/iov_vfs.h"
#include "fixture_tree.h"

#define FIX "tests/fixtures/igt/"

static struct iov_report report;
/* rpl-7vfs is rpl-idle plus an overlay: composed once, read by every case */
static struct fixture_tree vfs7;
static char scratch[256];

static void assert_report_has(const char *needle)
{
	if (!strstr(report.text, needle))
		fail_msg("report lacks \"%s\":\n%s", needle, report.text);
}

static int check(const char *root, unsigned int n)
{
	struct iov_dev dev;

	assert_int_equal(iov_dev_init(&dev, root, 0), 0);
	iov_report_init(&report);
	return iov_check_vf_functions(&dev, n, &report);
}

static void test_vf_functions_of_the_healthy_trees(void **state)
{
	(void)state;
	assert_int_equal(check(vfs7.root, 7), 0);
	assert_int_equal(check(FIX "rpl-idle", 0), 0);
	assert_int_equal(report.problems, 0);
}

static void test_vf_functions_that_should_not_be_there_or_are_missing(void **state)
{
	(void)state;
	/* 7 exist where 3 were asked for */
	assert_int_equal(check(vfs7.root, 3), -ENOTEMPTY);
	assert_int_equal(report.problems, 8);
	assert_report_has("VF4 still exists with 3 VFs enabled");
	assert_report_has("prelim_iov/vf7/device still exists");
	/* none exists where 2 were asked for */
	assert_int_equal(check(FIX "rpl-idle", 2), -ESRCH);
	assert_report_has("VF1: no virtfn0 link");
	assert_int_equal(check(FIX "rpl-idle", 8), -EINVAL);
}

static const char *at(char *buf, const char *rel)
{
	snprintf(buf, 1024, "%s/%s", scratch, rel);
	return buf;
}

static void write_file(const char *rel, const char *text)
{
	char path[1024];
	FILE *f = fopen(at(path, rel), "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* A copy of rpl-7vfs to break. */
static struct fixture_tree broken;

static void scratch_copy(void)
{
	assert_int_equal(fixture_tree_make("igt/rpl-7vfs", &broken), 0);
	snprintf(scratch, sizeof(scratch), "%s", broken.root);
}

static void test_vf_functions_with_wrong_ids_or_addresses(void **state)
{
	char a[1024];

	(void)state;
	scratch_copy();
	/* VF2's device ID is not sriov_vf_device */
	write_file("sys/devices/pci0000:00/0000:00:02.2/device", "0xa7a0\n");
	/* a stride of 2 puts VF2 at 02.3 and VF3 at 02.5 */
	assert_int_equal(check(scratch, 7), -EDOM);
	assert_report_has("VF2 is 8086:a7a0, not 8086:a780");
	write_file("sys/devices/pci0000:00/0000:00:02.0/sriov_stride", "2\n");
	assert_int_equal(check(scratch, 3), -EDOM);
	assert_report_has(
		"VF2 is 0000:00:02.2; the PF's offset and stride place it at 0000:00:02.3");
	assert_report_has(
		"VF3 is 0000:00:02.3; the PF's offset and stride place it at 0000:00:02.5");
	write_file("sys/devices/pci0000:00/0000:00:02.0/sriov_stride", "1\n");
	write_file("sys/devices/pci0000:00/0000:00:02.2/device", "0xa780\n");
	/* i915 did not add its link for VF5 */
	assert_int_equal(unlink(at(a, "sys/class/drm/card0/prelim_iov/vf5/device")), 0);
	assert_int_equal(check(scratch, 7), -EDOM);
	assert_int_equal(report.problems, 1);
	assert_report_has("prelim_iov/vf5/device is missing, not 0000:00:02.5");
	fixture_tree_free(&broken);
}

static int scan(const char *text)
{
	iov_report_init(&report);
	return iov_klog_scan(text, strlen(text), &report);
}

static void test_klog_clean_cycles(void **state)
{
	(void)state;
	assert_int_equal(
		scan("6,1001,5000,-;i915 0000:00:02.0: Enabled 7 VFs\n"
		     "6,1002,5100,-;pci 0000:00:02.1: [8086:a780] type 00 class 0x030000\n"
		     "4,1003,5200,-;i915 0000:00:02.0: VFs auto-provisioning was turned off\n"
		     "6,1004,5300,-;i915 0000:00:02.0: Disabled 7 VFs\n"
		     /* an error of another driver is not the PF's */
		     "3,1005,5400,-;usb 1-1: device descriptor read/64, error -71\n"),
		0);
	assert_int_equal(report.problems, 0);
	assert_int_equal(scan(""), 0);
}

static void test_klog_i915_errors_and_failures(void **state)
{
	(void)state;
	assert_int_equal(
		scan("6,1,1,-;i915 0000:00:02.0: Enabled 2 VFs\n"
		     "3,2,2,-;i915 0000:00:02.0: [drm] *ERROR* GT0: GUC: CT: dead\n"
		     " SUBSYSTEM=pci\n"
		     "6,3,3,-;i915 0000:00:02.0: IOV: Failed to auto provision 7 VFs (-28)\n"
		     "4,4,4,-;WARNING: CPU: 3 PID: 77 at drivers/gpu/drm/i915/gt/intel_gt.c:1\n"
		     "6,5,5,-;i915 0000:00:02.0: Disabled 2 VFs\n"),
		-EIO);
	assert_int_equal(report.problems, 3);
	assert_report_has("kernel: i915 0000:00:02.0: [drm] *ERROR* GT0: GUC: CT: dead\n");
	assert_report_has("Failed to auto provision 7 VFs (-28)");
	assert_report_has("kernel: WARNING: CPU: 3");
	/* plain dmesg lines (no kmsg prefix): markers still count */
	assert_int_equal(
		scan("[  12.5] i915 0000:00:02.0: Can't disable 2 VFs, 1 are still assigned"),
		-EIO);
	assert_int_equal(report.problems, 1);
}

static int compose(void **state)
{
	(void)state;
	return fixture_tree_make("igt/rpl-7vfs", &vfs7);
}

static int discard(void **state)
{
	(void)state;
	fixture_tree_free(&vfs7);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vf_functions_of_the_healthy_trees),
		cmocka_unit_test(test_vf_functions_that_should_not_be_there_or_are_missing),
		cmocka_unit_test(test_vf_functions_with_wrong_ids_or_addresses),
		cmocka_unit_test(test_klog_clean_cycles),
		cmocka_unit_test(test_klog_i915_errors_and_failures),
	};

	return cmocka_run_group_tests(tests, compose, discard);
}
