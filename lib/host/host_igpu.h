/* SPDX-License-Identifier: MIT */
/*
 * The Intel iGPUs the i915 SR-IOV PF supports (has_sriov: TGL, ADL-S,
 * ADL-P; RPL-S runs on ADL-S's device info, RPL-P/U on ADL-P's) and the
 * firmware blobs i915 loads for each.
 */
#ifndef HOST_IGPU_H
#define HOST_IGPU_H

#include <stdint.h>

#define HOST_IGPU_MAX_VFS 7 /* 3-bit VFID in the Gen12 GGTT PTE */

struct host_igpu {
	uint16_t device;
	const char *platform; /* "RPL-S" */
	/* i915 firmware file names under /lib/firmware/i915/, each list
	 * NULL-terminated in i915's order of preference */
	const char *const *guc;
	const char *const *huc;
	const char *const *dmc;
};

/**
 * host_igpu_lookup - the table entry of a device ID
 * @device: PCI device ID of the PF
 *
 * Return: the entry, or NULL when i915 has no SR-IOV PF for it.
 */
const struct host_igpu *host_igpu_lookup(uint16_t device);

#endif
