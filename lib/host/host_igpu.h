/* SPDX-License-Identifier: MIT */
/*
 * The Intel iGPUs as data: every platform the kernel's PCI ID lists
 * (include/drm/intel/pciids.h) name from Gen12 on, which of the two
 * drivers of the i915-sriov-dkms package is an SR-IOV PF on it (has_sriov
 * in its i915_pci.c and xe_pci.c), and the firmware each driver loads
 * (intel_uc_fw.c, xe_uc_fw.c, intel_dmc.c). Platforms without SR-IOV are
 * listed too, so the doctor can say why they are refused.
 */
#ifndef HOST_IGPU_H
#define HOST_IGPU_H

#include <stdbool.h>
#include <stdint.h>

#define HOST_IGPU_MAX_VFS 7 /* 3-bit VFID in the Gen12 GGTT PTE */

/* The driver variants of the DKMS package, as bits of host_igpu.sriov. */
enum host_igpu_driver {
	HOST_IGPU_I915 = 1 << 0,
	HOST_IGPU_XE = 1 << 1,
};

/* Paths under /lib/firmware ("i915/tgl_guc_70.bin"), each list
 * NULL-terminated in the driver's order of preference; NULL: none. */
struct host_igpu_fw {
	const char *const *guc;
	const char *const *huc;
	const char *const *dmc;
};

struct host_igpu {
	uint16_t device;
	const char *platform; /* "RPL-S", as the DKMS driver's docs name it */
	const char *name; /* "Raptor Lake-S" */
	unsigned int gen; /* graphics generation: 12 (Xe-LP, Xe-LPG), 20, 30 */
	unsigned int sriov; /* HOST_IGPU_* drivers that run an SR-IOV PF on it */
	const char *no_sriov; /* why not, when sriov is 0 */
	struct host_igpu_fw i915, xe;
	bool xe_force_probe; /* xe binds it only when xe.force_probe names it */
};

/**
 * host_igpu_lookup - an Intel iGPU by PCI device ID
 * @device: e.g. 0xa780
 *
 * Return: its entry (with or without SR-IOV), or NULL when the ID is not a
 * Gen12-or-later iGPU of the table.
 */
const struct host_igpu *host_igpu_lookup(uint16_t device);

/**
 * host_igpu_fw - the firmware a driver variant loads on an iGPU
 * @g: entry
 * @driver: HOST_IGPU_I915 or HOST_IGPU_XE
 *
 * Return: the lists (all NULL when that driver does not drive it).
 */
const struct host_igpu_fw *host_igpu_fw(const struct host_igpu *g, enum host_igpu_driver driver);

/**
 * host_igpu_driver_name - "i915" or "xe"
 * @driver: variant
 *
 * Return: a static string.
 */
const char *host_igpu_driver_name(enum host_igpu_driver driver);

/**
 * host_igpu_count - the table's size, for tests
 *
 * Return: the number of entries.
 */
unsigned int host_igpu_count(void);

/**
 * host_igpu_at - the table's entry @i, for tests
 * @i: index below host_igpu_count()
 *
 * Return: the entry.
 */
const struct host_igpu *host_igpu_at(unsigned int i);

#endif
