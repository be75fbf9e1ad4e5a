// SPDX-License-Identifier: MIT
/*
 * The bottom of usable GGTT per platform, computed as i915 does.
 *
 * intel_wopcm_init() places the GuC's WOPCM region above the HuC image: its
 * base is the HuC upload size plus the 16 KiB reserved above it, rounded up
 * to 16 KiB; its size is what is left of the 2 MiB WOPCM under the 36 KiB
 * hardware-context reserve, rounded down to 4 KiB. i915_init_ggtt() then
 * sets ggtt->pin_bias to that size (at least one page): GGTT below it maps
 * to WOPCM for the GuC, so nothing the GuC reads may live there, and the PF
 * allocates VF ranges only above it.
 *
 * ADL-S and RPL-S (RPL-S is an ADL-S subplatform in i915) load tgl_huc.bin;
 * ADL-P and RPL-P (an ADL-P subplatform) load the same HuC blob (public
 * i915-sriov-dkms boot logs show "HuC firmware i915/tgl_huc.bin version
 * 7.9.3" on these machines). The blob is 589888 bytes in linux-firmware; i915 uploads it without its
 * 384-byte RSA signature, which leaves 589504 bytes. Any size between 560
 * and 576 KiB gives the same 16 KiB-aligned base (592 KiB) and so the same
 * usable start: 1420 KiB (0x163000), below the 2 MiB a fixed WOPCM size
 * would give.
 */
#include "iov/pf_platform.h"

#define WOPCM_SIZE_GEN11 (2u << 20)
#define WOPCM_HW_CTX_RESERVED_GEN11 (36u << 10)
#define WOPCM_RESERVED_ABOVE_HUC (16u << 10)
#define GUC_WOPCM_OFFSET_ALIGN (16u << 10)
#define GUC_WOPCM_SIZE_ALIGN (4u << 10)
#define GTT_PAGE_SIZE 4096u

#define TGL_HUC_UPLOAD_SIZE (589888u - 384u)

/* PCI device IDs, as i915's pciids.h lists them (RPL-U counts as RPL-P) */
static const u16 rpls_ids[] = { 0xa780, 0xa781, 0xa782, 0xa783, 0xa788, 0xa789, 0xa78a, 0xa78b, 0 };
static const u16 rplp_ids[] = { 0xa720, 0xa7a0, 0xa7a8, 0xa7aa, 0xa7ab, 0xa721,
				0xa7a1, 0xa7a9, 0xa7ac, 0xa7ad, 0 };
static const u16 adls_ids[] = { 0x4680, 0x4682, 0x4688, 0x468a, 0x468b, 0x4690, 0x4692, 0x4693, 0 };
static const u16 adlp_ids[] = { 0x46a0, 0x46a1, 0x46a2, 0x46a3, 0x46a6, 0x46a8, 0x46aa,
				0x462a, 0x4626, 0x4628, 0x46b0, 0x46b1, 0x46b2, 0x46b3,
				0x46c0, 0x46c1, 0x46c2, 0x46c3, 0 };

static const struct pf_platform pf_platforms[] = {
	{ "rpl-s", "Raptor Lake-S", rpls_ids, WOPCM_SIZE_GEN11, WOPCM_HW_CTX_RESERVED_GEN11,
	  TGL_HUC_UPLOAD_SIZE },
	{ "rpl-p", "Raptor Lake-P", rplp_ids, WOPCM_SIZE_GEN11, WOPCM_HW_CTX_RESERVED_GEN11,
	  TGL_HUC_UPLOAD_SIZE },
	{ "adl-s", "Alder Lake-S", adls_ids, WOPCM_SIZE_GEN11, WOPCM_HW_CTX_RESERVED_GEN11,
	  TGL_HUC_UPLOAD_SIZE },
	{ "adl-p", "Alder Lake-P", adlp_ids, WOPCM_SIZE_GEN11, WOPCM_HW_CTX_RESERVED_GEN11,
	  TGL_HUC_UPLOAD_SIZE },
};

/**
 * pf_platform_from_pci_id - the platform of a GPU
 * @device: its PCI device ID
 *
 * Return: the entry, or NULL for a GPU that is none of these platforms.
 */
const struct pf_platform *pf_platform_from_pci_id(u16 device)
{
	const u16 *id;
	u32 i;

	for (i = 0; i < ARRAY_SIZE(pf_platforms); i++)
		for (id = pf_platforms[i].pci_ids; *id; id++)
			if (*id == device)
				return &pf_platforms[i];
	return NULL;
}

/**
 * pf_platform_at - the platform table, one entry at a time
 * @index: 0..
 *
 * Return: the entry, or NULL past the end.
 */
const struct pf_platform *pf_platform_at(u32 index)
{
	return index < ARRAY_SIZE(pf_platforms) ? &pf_platforms[index] : NULL;
}

/**
 * pf_platform_default - the project's platform: Raptor Lake-S (UHD 770)
 *
 * Return: the entry.
 */
const struct pf_platform *pf_platform_default(void)
{
	return &pf_platforms[0];
}

/**
 * pf_platform_find - a platform by its short name
 * @name: adl-s, adl-p, rpl-s or rpl-p
 *
 * Return: the entry, or NULL.
 */
const struct pf_platform *pf_platform_find(const char *name)
{
	u32 i;

	for (i = 0; i < ARRAY_SIZE(pf_platforms); i++)
		if (!strcmp(pf_platforms[i].name, name))
			return &pf_platforms[i];
	return NULL;
}

/**
 * pf_platform_guc_wopcm_base - where the GuC's WOPCM region starts
 * @p: the platform
 *
 * Return: bytes from the start of WOPCM.
 */
u32 pf_platform_guc_wopcm_base(const struct pf_platform *p)
{
	u32 base = ALIGN(p->huc_upload_size + WOPCM_RESERVED_ABOVE_HUC, GUC_WOPCM_OFFSET_ALIGN);

	return min(base, p->wopcm_size - p->ctx_reserved);
}

/**
 * pf_platform_guc_wopcm_size - the size of the GuC's WOPCM region
 * @p: the platform
 *
 * Return: bytes, 4 KiB aligned.
 */
u32 pf_platform_guc_wopcm_size(const struct pf_platform *p)
{
	u32 size = p->wopcm_size - p->ctx_reserved - pf_platform_guc_wopcm_base(p);

	return ALIGN_DOWN(size, GUC_WOPCM_SIZE_ALIGN);
}

/**
 * pf_platform_ggtt_base - the lowest GGTT address a VF range may use
 * @p: the platform
 *
 * Return: i915's ggtt->pin_bias: the GuC WOPCM size, at least one page.
 */
u64 pf_platform_ggtt_base(const struct pf_platform *p)
{
	return max_t(u64, GTT_PAGE_SIZE, pf_platform_guc_wopcm_size(p));
}

/**
 * pf_platform_lowest_ggtt_base - the lowest usable GGTT start of any platform
 *
 * For checks that do not know the platform: no VF range may start below it.
 *
 * Return: bytes.
 */
u64 pf_platform_lowest_ggtt_base(void)
{
	u64 low = U64_MAX;
	u32 i;

	for (i = 0; i < ARRAY_SIZE(pf_platforms); i++)
		low = min_t(u64, low, pf_platform_ggtt_base(&pf_platforms[i]));
	return low;
}
