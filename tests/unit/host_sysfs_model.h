/* SPDX-License-Identifier: MIT */
/*
 * A model of the kernel's sysfs store handlers behind the lifecycle's
 * writes, over a fixture tree: the PCI core's sriov_numvfs_store (ERANGE
 * above sriov_totalvfs, ENOENT without a driver or without
 * sriov_configure, EBUSY from M to N != 0, then the driver's own result),
 * driver_override, unbind and drivers_probe. Enabling creates each VF as
 * the PCI core does (its directory with the PF's vendor and sriov_vf_device,
 * physfn, virtfn and bus links, an IOMMU group of its own when the IOMMU is
 * on, the PF's driver only with sriov_drivers_autoprobe 1), disabling
 * removes all of it; what it leaves passes host_tree_lint(). Every write is
 * logged.
 */
#ifndef HOST_SYSFS_MODEL_H
#define HOST_SYSFS_MODEL_H

#include <stdbool.h>

#include "host/host_vfs.h"

struct host_sysfs_model {
	const char *root;
	int enable_err; /* what the PF driver's sriov_configure returns (-ENOMEM) */
	int disable_err; /* i915 refusing a disable (-EPERM) */
	/*
	 * Fault injection: write number fail_at (1-based, 0: none) returns
	 * fail_err without any effect, as a store handler that refuses; with
	 * fail_rest every later write fails too (the kernel stays broken).
	 */
	unsigned int fail_at;
	int fail_err;
	bool fail_rest;
	char log[2048]; /* "path=text\n" per write, sysfs part of the path only */
	unsigned int writes;
};

/**
 * host_sysfs_model_io - a host_io that routes writes through the model
 * @m: model, with @m->root set
 *
 * Return: the io structure (points into @m).
 */
struct host_io host_sysfs_model_io(struct host_sysfs_model *m);

#endif
