/* SPDX-License-Identifier: MIT */
/*
 * Where an i915 PF keeps its SR-IOV files, under a root prefix ("/" on a
 * host, a fixture tree in the unit tests):
 *   ROOT/sys/class/drm/cardN/device/sriov_{totalvfs,numvfs}    (PCI)
 *   ROOT/sys/class/drm/cardN/prelim_iov/{pf,vfK}/...           (i915 sysfs)
 *   ROOT/sys/kernel/debug/dri/{N,BDF}/gt0/iov/...              (i915 debugfs)
 */
#ifndef IOV_DEV_H
#define IOV_DEV_H

#include <stddef.h>
#include <stdint.h>

#include "host/host_fs.h"
#include "iovcheck/iov_types.h"

/**
 * struct iov_dev - the paths of one PF; files are read through lib/host's
 * root-prefixed reader (host_fs.h)
 * @root: the root prefix
 * @card: /sys/class/drm/cardN (below @root)
 * @debugfs: /sys/kernel/debug/dri/N/gt0/iov, or the PCI-address-named
 *           directory of newer kernels (below @root)
 */
struct iov_dev {
	char root[HOST_PATH_MAX];
	char card[HOST_PATH_MAX];
	char debugfs[HOST_PATH_MAX];
};

/* The sysfs threshold names (ATTR of GUC_KLV_VF_CFG_THRESHOLDS), in its order. */
extern const char *const iov_threshold_names[IOV_NUM_THRESHOLDS];

/**
 * iov_dev_init - find the SR-IOV files of DRM card N
 * @dev: filled in
 * @root: root prefix, "/" for the running system
 * @card: the N of cardN (the primary node's minor)
 *
 * Return: 0; -ENOENT if cardN has no prelim_iov directory (not an i915
 * PF: stock driver, max_vfs=0, or the PF was aborted); -ENAMETOOLONG.
 * A missing debugfs directory is not an error here: reading it fails later.
 */
int iov_dev_init(struct iov_dev *dev, const char *root, unsigned int card);

/**
 * iov_read_u64 - read a number from a file under cardN
 * @dev: the PF
 * @rel: path relative to cardN, e.g. "prelim_iov/vf1/gt0/ggtt_quota"
 * @val: the number
 *
 * Return: 0, a negative errno of the read, -EINVAL if it is not a number.
 */
int iov_read_u64(const struct iov_dev *dev, const char *rel, uint64_t *val);

/**
 * iov_write_u64 - write a number to a file under cardN, as `echo N >` does
 * @dev: the PF
 * @rel: path relative to cardN
 * @val: the number
 *
 * Return: 0 or the negative errno of open/write (the driver's answer,
 * e.g. -ESTALE, -EDQUOT).
 */
int iov_write_u64(const struct iov_dev *dev, const char *rel, uint64_t val);

/**
 * iov_read_debugfs - read a whole file of the gt0/iov debugfs directory
 * @dev: the PF
 * @name: e.g. "ggtt_provisioning"
 * @text: the contents, malloc'ed and NUL-terminated
 * @len: their length
 *
 * Return: 0 (free() *@text) or a negative errno of the read.
 */
int iov_read_debugfs(const struct iov_dev *dev, const char *name, char **text, size_t *len);

/**
 * iov_snapshot_read - read every provisioning value of gt0
 * @dev: the PF
 * @s: filled in; VFs 1..total_vfs of @s->vf
 *
 * Return: 0, or the first error (negative errno) of a read or a parse;
 * -ERANGE if sriov_totalvfs is above IOV_MAX_VFS.
 */
int iov_snapshot_read(const struct iov_dev *dev, struct iov_snapshot *s);

#endif
