/* SPDX-License-Identifier: MIT */
/*
 * The GGTT layout of a platform: where the GuC's WOPCM ends, which is where
 * i915 lets GGTT allocations that the GuC may see begin (ggtt->pin_bias).
 */
#ifndef PF_PLATFORM_H
#define PF_PLATFORM_H

#include "compat.h"

/**
 * struct pf_platform - what fixes the bottom of usable GGTT on one platform
 * @name: short name (adl-s, adl-p, rpl-s, rpl-p)
 * @desc: marketing name, for messages
 * @pci_ids: its GPUs' PCI device IDs, 0-terminated
 * @wopcm_size: WOPCM in total (2 MiB on Gen11 and later)
 * @ctx_reserved: WOPCM kept at its top for the hardware context (36 KiB
 *                from Gen11)
 * @huc_upload_size: bytes of HuC firmware i915 uploads (CSS header and
 *                   ucode, not the RSA key): its default blob for the
 *                   platform; 0 when no HuC is loaded
 */
struct pf_platform {
	const char *name;
	const char *desc;
	const u16 *pci_ids;
	u32 wopcm_size;
	u32 ctx_reserved;
	u32 huc_upload_size;
};

const struct pf_platform *pf_platform_find(const char *name);
const struct pf_platform *pf_platform_default(void);
const struct pf_platform *pf_platform_from_pci_id(u16 device);
const struct pf_platform *pf_platform_at(u32 index);
u32 pf_platform_guc_wopcm_base(const struct pf_platform *p);
u32 pf_platform_guc_wopcm_size(const struct pf_platform *p);
u64 pf_platform_ggtt_base(const struct pf_platform *p);
u64 pf_platform_lowest_ggtt_base(void);

#endif
