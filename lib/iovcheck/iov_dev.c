// SPDX-License-Identifier: MIT
/*
 * Reading and writing the i915 PF's SR-IOV files under a root prefix,
 * through lib/host's reader.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "iovcheck/iov_dev.h"
#include "iovcheck/iov_parse.h"

/* clang-format off */
#define THRESHOLD_ATTR(tag, key, log, attr) [GUC_KLV_VF_CFG_THRESHOLD_INDEX_##tag] = #attr,
const char *const iov_threshold_names[IOV_NUM_THRESHOLDS] = {
	GUC_KLV_VF_CFG_THRESHOLDS(THRESHOLD_ATTR)
};
#undef THRESHOLD_ATTR
/* clang-format on */

__attribute__((format(printf, 3, 4))) static int path_fmt(char *buf, size_t size, const char *fmt,
							  ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

static bool is_dir(const char *root, const char *path)
{
	struct stat st;

	return !host_stat(root, path, &st) && S_ISDIR(st.st_mode);
}

int iov_dev_init(struct iov_dev *dev, const char *root, unsigned int card)
{
	char tmp[HOST_PATH_MAX], bdf[256];
	int err;

	err = path_fmt(dev->root, sizeof(dev->root), "%s", root ? root : "/");
	if (!err)
		err = path_fmt(dev->card, sizeof(dev->card), "/sys/class/drm/card%u", card);
	if (!err)
		err = path_fmt(tmp, sizeof(tmp), "%s/prelim_iov", dev->card);
	if (err)
		return err;
	if (!is_dir(dev->root, tmp))
		return -ENOENT;

	/* debugfs: dri/<minor>, or dri/<PCI address> on newer kernels */
	err = path_fmt(dev->debugfs, sizeof(dev->debugfs), "/sys/kernel/debug/dri/%u/gt0/iov",
		       card);
	if (err || is_dir(dev->root, dev->debugfs))
		return err;
	err = path_fmt(tmp, sizeof(tmp), "%s/device", dev->card);
	if (err || host_link_name(dev->root, tmp, bdf, sizeof(bdf)))
		return err;
	err = path_fmt(tmp, sizeof(tmp), "/sys/kernel/debug/dri/%s/gt0/iov", bdf);
	if (!err && is_dir(dev->root, tmp))
		strcpy(dev->debugfs, tmp);
	return err;
}

int iov_read_u64(const struct iov_dev *dev, const char *rel, uint64_t *val)
{
	char path[HOST_PATH_MAX];
	int err;

	err = path_fmt(path, sizeof(path), "%s/%s", dev->card, rel);
	return err ?: host_read_u64(dev->root, path, val);
}

int iov_write_u64(const struct iov_dev *dev, const char *rel, uint64_t val)
{
	char path[HOST_PATH_MAX], text[32];
	int err;

	err = path_fmt(path, sizeof(path), "%s/%s", dev->card, rel);
	if (err)
		return err;
	snprintf(text, sizeof(text), "%" PRIu64 "\n", val);
	return host_write(dev->root, path, text);
}

int iov_read_debugfs(const struct iov_dev *dev, const char *name, char **text, size_t *len)
{
	char path[HOST_PATH_MAX];
	int err;

	err = path_fmt(path, sizeof(path), "%s/%s", dev->debugfs, name);
	return err ?: host_read(dev->root, path, text, len);
}

static int read_vf(const struct iov_dev *dev, unsigned int vf, struct iov_vf_attrs *a)
{
	static const struct {
		const char *name;
		size_t off;
	} attrs[] = {
		{ "ggtt_quota", offsetof(struct iov_vf_attrs, ggtt_quota) },
		{ "contexts_quota", offsetof(struct iov_vf_attrs, contexts_quota) },
		{ "doorbells_quota", offsetof(struct iov_vf_attrs, doorbells_quota) },
		{ "exec_quantum_ms", offsetof(struct iov_vf_attrs, exec_quantum_ms) },
		{ "preempt_timeout_us", offsetof(struct iov_vf_attrs, preempt_timeout_us) },
	};
	char rel[128];
	unsigned int i;
	int err;

	for (i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++) {
		snprintf(rel, sizeof(rel), "prelim_iov/vf%u/gt0/%s", vf, attrs[i].name);
		err = iov_read_u64(dev, rel, (uint64_t *)((char *)a + attrs[i].off));
		if (err)
			return err;
	}
	for (i = 0; i < IOV_NUM_THRESHOLDS; i++) {
		snprintf(rel, sizeof(rel), "prelim_iov/vf%u/gt0/threshold/%s", vf,
			 iov_threshold_names[i]);
		err = iov_read_u64(dev, rel, &a->threshold[i]);
		if (err)
			return err;
	}
	return 0;
}

static int read_pf(const struct iov_dev *dev, struct iov_snapshot *s)
{
	static const struct {
		const char *rel;
		size_t off;
	} attrs[] = {
		{ "prelim_iov/pf/gt0/ggtt_spare", offsetof(struct iov_snapshot, ggtt_spare) },
		{ "prelim_iov/pf/gt0/contexts_spare",
		  offsetof(struct iov_snapshot, contexts_spare) },
		{ "prelim_iov/pf/gt0/doorbells_spare",
		  offsetof(struct iov_snapshot, doorbells_spare) },
		{ "prelim_iov/pf/gt0/available/ggtt_max_quota",
		  offsetof(struct iov_snapshot, ggtt_max_quota) },
		{ "prelim_iov/pf/gt0/available/contexts_max_quota",
		  offsetof(struct iov_snapshot, contexts_max_quota) },
		{ "prelim_iov/pf/gt0/available/doorbells_max_quota",
		  offsetof(struct iov_snapshot, doorbells_max_quota) },
	};
	uint64_t v;
	unsigned int i;
	int err;

	err = iov_read_u64(dev, "device/sriov_totalvfs", &v);
	if (err)
		return err;
	if (v > IOV_MAX_VFS)
		return -ERANGE;
	s->total_vfs = (unsigned int)v;
	err = iov_read_u64(dev, "device/sriov_numvfs", &v);
	if (err)
		return err;
	if (v > s->total_vfs)
		return -ERANGE;
	s->num_vfs = (unsigned int)v;
	err = iov_read_u64(dev, "prelim_iov/pf/auto_provisioning", &v);
	if (err)
		return err;
	if (v > 1)
		return -EINVAL;
	s->auto_provisioning = v;
	for (i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++) {
		err = iov_read_u64(dev, attrs[i].rel, (uint64_t *)((char *)s + attrs[i].off));
		if (err)
			return err;
	}
	return 0;
}

int iov_snapshot_read(const struct iov_dev *dev, struct iov_snapshot *s)
{
	unsigned int vf;
	char *text;
	size_t len;
	int res, err;

	memset(s, 0, sizeof(*s));
	err = read_pf(dev, s);
	for (vf = 1; !err && vf <= s->total_vfs; vf++)
		err = read_vf(dev, vf, &s->vf[vf]);
	for (res = 0; !err && res < IOV_RES_NUM; res++) {
		err = iov_read_debugfs(dev, iov_res_name(res), &text, &len);
		if (err)
			break;
		err = iov_parse_provisioning(res, text, len, &s->prov[res]);
		free(text);
	}
	if (err)
		return err;
	err = iov_read_debugfs(dev, "ggtt_available", &text, &len);
	if (err)
		return err;
	err = iov_parse_ggtt_available(text, len, &s->holes);
	free(text);
	return err;
}
