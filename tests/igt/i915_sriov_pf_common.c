// SPDX-License-Identifier: MIT
/*
 * Shared glue of the i915 SR-IOV PF tests (see i915_sriov_pf_common.h).
 */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "drmtest.h"
#include "i915/gem_create.h"
#include "igt_core.h"
#include "igt_debugfs.h"
#include "igt_sriov_device.h"
#include "intel_gpu_commands.h"
#include "ioctl_wrappers.h"

#include "i915_sriov_pf_common.h"

void sriov_pf_open(struct sriov_pf *pf)
{
	char path[HOST_PATH_MAX + 8];
	struct stat st;
	int err;

	pf->fd = drm_open_driver(DRIVER_INTEL);
	igt_require_f(igt_sriov_is_pf(pf->fd),
		      "not an SR-IOV PF: boot with i915.max_vfs=7 (and i915.enable_guc=3)\n");
	igt_assert_eq(fstat(pf->fd, &st), 0);
	err = iov_dev_init(&pf->dev, "/", minor(st.st_rdev));
	igt_require_f(
		!err,
		"card%u has no prelim_iov tree (%s): not the i915-sriov-dkms PF, or the PF was aborted\n",
		minor(st.st_rdev), strerror(-err));
	igt_debugfs_mount();
	snprintf(path, sizeof(path), "%s", pf->dev.debugfs);
	igt_require_f(access(path, R_OK) == 0, "no PF debugfs at %s\n", path);
	igt_require_f(igt_sriov_get_enabled_vfs(pf->fd) == 0,
		      "VFs are enabled already; disable them first\n");
	pf->total_vfs = igt_sriov_get_total_vfs(pf->fd);
	igt_require_f(pf->total_vfs <= IOV_MAX_VFS, "sriov_totalvfs %u is above %u\n",
		      pf->total_vfs, IOV_MAX_VFS);
	pf->autoprobe = igt_sriov_is_driver_autoprobe_enabled(pf->fd);
}

void sriov_pf_close(struct sriov_pf *pf)
{
	igt_sriov_disable_vfs(pf->fd);
	igt_abort_on_f(igt_sriov_get_enabled_vfs(pf->fd) > 0, "Failed to disable VF(s)");
	if (pf->autoprobe)
		igt_sriov_enable_driver_autoprobe(pf->fd);
	else
		igt_sriov_disable_driver_autoprobe(pf->fd);
	igt_abort_on_f(pf->autoprobe != igt_sriov_is_driver_autoprobe_enabled(pf->fd),
		       "Failed to restore sriov_drivers_autoprobe value\n");
	drm_close_driver(pf->fd);
}

void sriov_pf_snapshot(struct sriov_pf *pf, struct iov_snapshot *s)
{
	int err = iov_snapshot_read(&pf->dev, s);

	igt_assert_f(!err, "reading the PF's provisioning: %s\n", strerror(-err));
}

void sriov_pf_write(struct sriov_pf *pf, const char *rel, uint64_t val)
{
	int err = iov_write_u64(&pf->dev, rel, val);

	igt_assert_f(!err, "writing %llu to %s: %s\n", (unsigned long long)val, rel,
		     strerror(-err));
}

uint64_t sriov_pf_read(struct sriov_pf *pf, const char *rel)
{
	uint64_t v = 0;
	int err = iov_read_u64(&pf->dev, rel, &v);

	igt_assert_f(!err, "reading %s: %s\n", rel, strerror(-err));
	return v;
}

bool sriov_pf_is_default(struct sriov_pf *pf)
{
	struct iov_snapshot s;
	struct iov_report r;
	unsigned int vf, t;

	sriov_pf_snapshot(pf, &s);
	iov_report_init(&r);
	if (!s.auto_provisioning || iov_check_ranges(&s, 0, &r))
		return false;
	for (vf = 1; vf <= s.total_vfs; vf++) {
		const struct iov_vf_attrs *a = &s.vf[vf];

		if (a->ggtt_quota || a->contexts_quota || a->doorbells_quota ||
		    a->exec_quantum_ms || a->preempt_timeout_us)
			return false;
		for (t = 0; t < IOV_NUM_THRESHOLDS; t++)
			if (a->threshold[t])
				return false;
	}
	return true;
}

void sriov_pf_no_vfs(struct sriov_pf *pf)
{
	if (igt_sriov_get_enabled_vfs(pf->fd))
		igt_sriov_disable_vfs(pf->fd);
}

void sriov_pf_default(struct sriov_pf *pf)
{
	static const char *const attrs[] = { "ggtt_quota", "contexts_quota", "doorbells_quota",
					     "exec_quantum_ms", "preempt_timeout_us" };
	char rel[128];
	unsigned int vf, i;

	sriov_pf_no_vfs(pf);
	for (vf = 1; vf <= pf->total_vfs; vf++) {
		for (i = 0; i < ARRAY_SIZE(attrs); i++) {
			snprintf(rel, sizeof(rel), "prelim_iov/vf%u/gt0/%s", vf, attrs[i]);
			sriov_pf_write(pf, rel, 0);
		}
		for (i = 0; i < IOV_NUM_THRESHOLDS; i++) {
			snprintf(rel, sizeof(rel), "prelim_iov/vf%u/gt0/threshold/%s", vf,
				 iov_threshold_names[i]);
			sriov_pf_write(pf, rel, 0);
		}
	}
	sriov_pf_write(pf, "prelim_iov/pf/auto_provisioning", 1);
	igt_assert_f(sriov_pf_is_default(pf), "the PF kept VF configs after clearing them\n");
}

void sriov_assert_report(int err, const struct iov_report *r, const char *what)
{
	igt_assert_f(!err, "%s: %s (%u problems)\n%s", what, strerror(-err), r->problems, r->text);
}

void sriov_nop_batch(int fd)
{
	const uint32_t bbe = MI_BATCH_BUFFER_END;
	struct drm_i915_gem_exec_object2 obj = {};
	struct drm_i915_gem_execbuffer2 execbuf = {};

	obj.handle = gem_create(fd, 4096);
	gem_write(fd, obj.handle, 0, &bbe, sizeof(bbe));
	execbuf.buffers_ptr = to_user_pointer(&obj);
	execbuf.buffer_count = 1;
	gem_execbuf(fd, &execbuf);
	gem_sync(fd, obj.handle);
	gem_close(fd, obj.handle);
}
