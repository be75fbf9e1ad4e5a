// SPDX-License-Identifier: MIT
/*
 * i915 SR-IOV PF (i915-sriov-dkms): enabling VFs, probing a VF on the host,
 * VF FLR, and enable/disable cycles. The checks are lib/iovcheck's, the
 * same code the unit tests run against fixture trees.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "drmtest.h"
#include "igt_aux.h"
#include "igt_core.h"
#include "igt_sriov_device.h"

#include "iovcheck/iov_vfs.h"
#include "i915_sriov_pf_common.h"

/**
 * TEST: i915 sriov pf basic
 * Run type: FULL
 * Category: Core
 * Mega feature: SR-IOV
 * Sub-category: VFs enabling
 * Functionality: i915 PF enables, resets and disables VFs
 * Description: VFs of the i915-sriov-dkms PF (Raptor Lake, max_vfs up to 7)
 *   appear and disappear as PCI functions, probe on the host, survive FLR
 *   and repeated enabling without i915 errors.
 * Test requirement: i915-sriov-dkms loaded with i915.max_vfs=N i915.enable_guc=3
 */

IGT_TEST_DESCRIPTION("i915 SR-IOV PF: VF enabling, probe, FLR and enable/disable stress");

#define STRESS_CYCLES 50
#define KMSG_MAX (1u << 20)

static struct sriov_pf pf;

/**
 * SUBTEST: enable-vfs-%d
 * Description: Enable %arg[1] VFs with autoprobe off: each is a PCI function
 *   at the PF's offset and stride with the PF's vendor and sriov_vf_device ID
 *   and a prelim_iov/vfN/device link; disabling removes all of them.
 *
 * arg[1].values: 1, 2, 3, 4, 5, 6, 7
 */
static void enable_vfs(unsigned int n)
{
	struct iov_report r;

	igt_require_f(n <= pf.total_vfs, "the PF has %u VFs\n", pf.total_vfs);
	sriov_pf_no_vfs(&pf);
	igt_sriov_disable_driver_autoprobe(pf.fd);
	igt_sriov_enable_vfs(pf.fd, n);
	igt_assert_eq(igt_sriov_get_enabled_vfs(pf.fd), n);
	iov_report_init(&r);
	sriov_assert_report(iov_check_vf_functions(&pf.dev, n, &r), &r, "VFs enabled");
	igt_sriov_disable_vfs(pf.fd);
	igt_assert_eq(igt_sriov_get_enabled_vfs(pf.fd), 0);
	iov_report_init(&r);
	sriov_assert_report(iov_check_vf_functions(&pf.dev, 0, &r), &r, "VFs disabled");
}

/* Bind VF @vf to i915 on the host, open it, run a no-op batch, unbind. */
static void probe_vf(unsigned int vf)
{
	int fd;

	igt_sriov_enable_driver_autoprobe(pf.fd);
	igt_sriov_bind_vf_drm_driver(pf.fd, vf);
	igt_assert_f(igt_sriov_is_vf_drm_driver_probed(pf.fd, vf),
		     "VF%u has no DRM node after binding i915\n", vf);
	fd = igt_sriov_open_vf_drm_device(pf.fd, vf);
	igt_assert_f(fd >= 0, "cannot open VF%u's DRM node\n", vf);
	sriov_nop_batch(fd);
	drm_close_driver(fd);
	igt_sriov_unbind_vf_drm_driver(pf.fd, vf);
	igt_assert(!igt_sriov_is_vf_drm_driver_probed(pf.fd, vf));
	igt_sriov_disable_driver_autoprobe(pf.fd);
}

/**
 * SUBTEST: vf-probe
 * Description: Bind VF1 to i915 on the host: the VF initialises, its DRM
 *   node opens and a no-op batch executes; unbinding removes the node.
 */
static void vf_probe(void)
{
	sriov_pf_no_vfs(&pf);
	igt_sriov_disable_driver_autoprobe(pf.fd);
	igt_sriov_enable_vfs(pf.fd, 1);
	probe_vf(1);
	igt_sriov_disable_vfs(pf.fd);
}

static size_t kmsg_read(int fd, char *buf, size_t size);

/* i915's I915_VF_FLR_TIMEOUT_MS: how long the PF itself waits for an FLR */
#define VF_FLR_TIMEOUT_MS 1000
#define VF_FLR_POLL_MS 10

/* Whether the kernel log read so far from @kmsg has a line with @needle. */
static bool kmsg_has(int kmsg, char *log, size_t size, size_t *len, const char *needle)
{
	*len += kmsg_read(kmsg, log + *len, size - *len);
	return strstr(log, needle) != NULL;
}

/* Bind VF @vf, run a no-op batch, unbind: false while it cannot probe yet. */
static bool vf_usable(unsigned int vf)
{
	bool probed;
	int fd;

	igt_sriov_enable_driver_autoprobe(pf.fd);
	igt_sriov_bind_vf_drm_driver(pf.fd, vf);
	probed = igt_sriov_is_vf_drm_driver_probed(pf.fd, vf);
	if (probed) {
		fd = igt_sriov_open_vf_drm_device(pf.fd, vf);
		probed = fd >= 0;
		if (probed) {
			sriov_nop_batch(fd);
			drm_close_driver(fd);
		}
	}
	igt_sriov_unbind_vf_drm_driver(pf.fd, vf);
	igt_sriov_disable_driver_autoprobe(pf.fd);
	return probed;
}

/**
 * SUBTEST: vf-flr
 * Description: Reset VF1 with a PCI FLR: the PF sees it (its "VF1 FLR"
 *   notice), keeps executing, every VF keeps its provisioning, and VF1
 *   probes and executes again within i915's own FLR timeout, polled rather
 *   than waited for.
 */
static void vf_flr(void)
{
	struct iov_snapshot before, after;
	unsigned int n = pf.total_vfs < 2 ? 1 : 2;
	struct iov_report r;
	size_t len = 0;
	char *log;
	int kmsg;

	sriov_pf_no_vfs(&pf);
	igt_sriov_disable_driver_autoprobe(pf.fd);
	igt_sriov_enable_vfs(pf.fd, n);
	igt_require_f(igt_sriov_device_reset_exists(pf.fd, 1), "VF1 has no reset attribute\n");
	kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	igt_require_f(kmsg >= 0, "cannot read /dev/kmsg: %s\n", strerror(errno));
	lseek(kmsg, 0, SEEK_END);
	log = calloc(1, KMSG_MAX);
	igt_assert(log);
	sriov_pf_snapshot(&pf, &before);
	igt_assert_f(igt_sriov_device_reset(pf.fd, 1), "the FLR of VF1 failed\n");
	/*
	 * The PF finishes the FLR with the GuC asynchronously: it logs
	 * "VF1 FLR" when the GuC reports it (intel_iov_state's FLR handler),
	 * then VF1 can probe again once the GuC has released it.
	 */
	igt_assert_f(igt_wait(kmsg_has(kmsg, log, KMSG_MAX, &len, "VF1 FLR"), VF_FLR_TIMEOUT_MS,
			      VF_FLR_POLL_MS),
		     "the PF logged no FLR of VF1 within %u ms\n", VF_FLR_TIMEOUT_MS);
	igt_assert_f(igt_wait(vf_usable(1), VF_FLR_TIMEOUT_MS, VF_FLR_POLL_MS),
		     "VF1 did not probe again within %u ms of its FLR\n", VF_FLR_TIMEOUT_MS);
	kmsg_has(kmsg, log, KMSG_MAX, &len, "");
	igt_assert_f(!strstr(log, "FLR didn't complete") && !strstr(log, "FLR for VF1"),
		     "the PF reported a failed FLR:\n%s\n", log);
	close(kmsg);
	free(log);
	sriov_nop_batch(pf.fd);
	sriov_pf_snapshot(&pf, &after);
	igt_assert_f(!memcmp(before.prov, after.prov, sizeof(before.prov)) &&
			     !memcmp(before.vf, after.vf, sizeof(before.vf)),
		     "the VFs' provisioning changed across VF1's FLR\n");
	iov_report_init(&r);
	sriov_assert_report(iov_check_ranges(&after, iov_vf_mask(n), &r), &r, "after FLR");
	probe_vf(1);
	igt_sriov_disable_vfs(pf.fd);
}

/* Read what the kernel logged since @fd was opened at the end of /dev/kmsg. */
static size_t kmsg_read(int fd, char *buf, size_t size)
{
	size_t len = 0;
	ssize_t n;

	while (len + 1024 < size) {
		n = read(fd, buf + len, size - len - 1);
		if (n < 0 && errno == EPIPE)
			continue; /* records were overwritten; go on with the next */
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	return len;
}

/**
 * SUBTEST: enable-disable-stress
 * Description: Enable all VFs and disable them again many times: each
 *   cycle gives every VF disjoint resources and releases them, and the
 *   kernel log shows no i915 error, warning or SR-IOV failure.
 */
static void enable_disable_stress(void)
{
	struct iov_snapshot s;
	struct iov_report r;
	unsigned int cycle;
	char *log;
	size_t len;
	int kmsg, err;

	kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	igt_require_f(kmsg >= 0, "cannot read /dev/kmsg: %s\n", strerror(errno));
	lseek(kmsg, 0, SEEK_END);
	sriov_pf_no_vfs(&pf);
	igt_sriov_disable_driver_autoprobe(pf.fd);
	iov_report_init(&r);
	for (cycle = 0; cycle < STRESS_CYCLES; cycle++) {
		igt_sriov_enable_vfs(pf.fd, pf.total_vfs);
		sriov_pf_snapshot(&pf, &s);
		err = iov_check_ranges(&s, iov_vf_mask(pf.total_vfs), &r);
		igt_sriov_disable_vfs(pf.fd);
		sriov_assert_report(err, &r, "VFs enabled");
		sriov_pf_snapshot(&pf, &s);
		sriov_assert_report(iov_check_ranges(&s, 0, &r), &r, "VFs disabled");
	}
	log = malloc(KMSG_MAX);
	igt_assert(log);
	len = kmsg_read(kmsg, log, KMSG_MAX);
	close(kmsg);
	err = iov_klog_scan(log, len, &r);
	free(log);
	sriov_assert_report(err, &r, "kernel log");
}

igt_main
{
	unsigned int n;

	igt_fixture
	{
		sriov_pf_open(&pf);
		igt_require_f(sriov_pf_is_default(&pf),
			      "VFs have manual configs; these tests need auto-provisioning\n");
	}

	for (n = 1; n <= IOV_MAX_VFS; n++) {
		igt_describe(
			"Enable N VFs: PCI functions with the right IDs; disable removes them");
		igt_subtest_f("enable-vfs-%u", n) enable_vfs(n);
	}

	igt_describe("A VF bound to i915 on the host initialises and executes a batch");
	igt_subtest("vf-probe") vf_probe();

	igt_describe("VF FLR: the PF survives, provisioning stays, the VF comes back");
	igt_subtest("vf-flr") vf_flr();

	igt_describe("Many enable/disable cycles without an i915 error in the kernel log");
	igt_subtest("enable-disable-stress") enable_disable_stress();

	igt_fixture
	{
		sriov_pf_close(&pf);
	}
}
