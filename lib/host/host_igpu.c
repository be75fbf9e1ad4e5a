// SPDX-License-Identifier: MIT
/*
 * The iGPU table (see host_igpu.h). Device IDs are the kernel's lists;
 * which driver has SR-IOV, and which blobs it asks for, are the DKMS
 * driver's (i915 and xe trees of i915-sriov-dkms 2026.05). Real logs agree:
 * ADL-N under i915 loads "i915/adlp_guc_70.bin" (ADL-P's device info),
 * under xe "i915/tgl_guc_70.bin" (xe has its own ADL-N entry).
 */
#include <stddef.h>

#include "host/host_igpu.h"

#define LIST(name, ...) static const char *const name[] = { __VA_ARGS__, NULL }

/* i915: GuC by major version first, then the older full-version names. */
LIST(guc_tgl_mmp, "i915/tgl_guc_70.1.1.bin");
LIST(guc_tgl, "i915/tgl_guc_70.bin", "i915/tgl_guc_70.1.1.bin", "i915/tgl_guc_69.0.3.bin");
LIST(guc_adlp, "i915/adlp_guc_70.bin", "i915/adlp_guc_70.1.1.bin", "i915/adlp_guc_69.0.3.bin");
LIST(guc_mtl, "i915/mtl_guc_70.bin");
LIST(huc_tgl_mmp, "i915/tgl_huc_7.9.3.bin");
LIST(huc_tgl, "i915/tgl_huc.bin", "i915/tgl_huc_7.9.3.bin");
LIST(huc_mtl, "i915/mtl_huc_gsc.bin");
LIST(dmc_tgl, "i915/tgl_dmc_ver2_12.bin");
LIST(dmc_rkl, "i915/rkl_dmc_ver2_03.bin");
LIST(dmc_adls, "i915/adls_dmc_ver2_01.bin");
LIST(dmc_adlp, "i915/adlp_dmc.bin", "i915/adlp_dmc_ver2_16.bin");
LIST(dmc_mtl, "i915/mtl_dmc.bin");
LIST(dmc_lnl, "i915/xe2lpd_dmc.bin");
LIST(dmc_ptl, "i915/xe3lpd_dmc.bin");
LIST(dmc_wcl, "i915/xe3lpd_3002_dmc.bin");
/* xe: major-version names only; Xe2 and Xe3 blobs live in xe/. */
LIST(xguc_tgl, "i915/tgl_guc_70.bin");
LIST(xguc_adlp, "i915/adlp_guc_70.bin");
LIST(xguc_mtl, "i915/mtl_guc_70.bin");
LIST(xguc_lnl, "xe/lnl_guc_70.bin");
LIST(xguc_ptl, "xe/ptl_guc_70.bin");
LIST(xhuc_tgl, "i915/tgl_huc.bin");
LIST(xhuc_mtl, "i915/mtl_huc_gsc.bin");
LIST(xhuc_lnl, "xe/lnl_huc.bin");
LIST(xhuc_ptl, "xe/ptl_huc.bin");

#define I915 HOST_IGPU_I915
#define XE HOST_IGPU_XE
#define FW(g, h, d)     \
	{               \
		g, h, d \
	}
#define NOFW                     \
	{                        \
		NULL, NULL, NULL \
	}

/*
 * Per platform: abbreviation, name, generation, SR-IOV drivers, why not,
 * firmware of i915 and of xe, whether xe needs force_probe (xe_pci.c).
 */
#define TGL_F                                                                            \
	"TGL", "Tiger Lake", 12, I915 | XE, NULL, FW(guc_tgl_mmp, huc_tgl_mmp, dmc_tgl), \
		FW(xguc_tgl, xhuc_tgl, dmc_tgl), true
#define RKL_F                                                                              \
	"RKL", "Rocket Lake", 12, 0,                                                       \
		"Rocket Lake is Gen12, but its iGPU has no SR-IOV capability and neither " \
		"driver enables a PF on it",                                               \
		FW(guc_tgl_mmp, huc_tgl_mmp, dmc_rkl), FW(xguc_tgl, xhuc_tgl, dmc_rkl), true
#define ADLS_F                                                                        \
	"ADL-S", "Alder Lake-S", 12, I915 | XE, NULL, FW(guc_tgl, huc_tgl, dmc_adls), \
		FW(xguc_tgl, xhuc_tgl, dmc_adls), true
#define RPLS_F                                                                         \
	"RPL-S", "Raptor Lake-S", 12, I915 | XE, NULL, FW(guc_tgl, huc_tgl, dmc_adls), \
		FW(xguc_tgl, xhuc_tgl, dmc_adls), true
#define ADLP_F                                                                         \
	"ADL-P", "Alder Lake-P", 12, I915 | XE, NULL, FW(guc_adlp, huc_tgl, dmc_adlp), \
		FW(xguc_adlp, xhuc_tgl, dmc_adlp), true
#define ADLN_F                                                                         \
	"ADL-N", "Alder Lake-N", 12, I915 | XE, NULL, FW(guc_adlp, huc_tgl, dmc_adlp), \
		FW(xguc_tgl, xhuc_tgl, dmc_adlp), true
#define RPLP_F                                                                          \
	"RPL-P", "Raptor Lake-P", 12, I915 | XE, NULL, FW(guc_adlp, huc_tgl, dmc_adlp), \
		FW(xguc_adlp, xhuc_tgl, dmc_adlp), true
#define RPLU_F                                                                          \
	"RPL-U", "Raptor Lake-U", 12, I915 | XE, NULL, FW(guc_adlp, huc_tgl, dmc_adlp), \
		FW(xguc_adlp, xhuc_tgl, dmc_adlp), true
/* xe has no SR-IOV on MTL's device info, which ARL shares: i915 only (the
 * DKMS xe had it in 2025.10.09 only, and dropped it the next day). */
#define MTL_F                                                                \
	"MTL", "Meteor Lake", 12, I915, NULL, FW(guc_mtl, huc_mtl, dmc_mtl), \
		FW(xguc_mtl, xhuc_mtl, dmc_mtl), false
#define ARL_F                                                               \
	"ARL", "Arrow Lake", 12, I915, NULL, FW(guc_mtl, huc_mtl, dmc_mtl), \
		FW(xguc_mtl, xhuc_mtl, dmc_mtl), false
#define LNL_F                                                                           \
	"LNL", "Lunar Lake", 20, 0,                                                     \
		"neither driver of i915-sriov-dkms enables SR-IOV on Lunar Lake", NOFW, \
		FW(xguc_lnl, xhuc_lnl, dmc_lnl), false
#define PTL_F "PTL", "Panther Lake", 30, XE, NULL, NOFW, FW(xguc_ptl, xhuc_ptl, dmc_ptl), false
#define WCL_F "WCL", "Wildcat Lake", 30, XE, NULL, NOFW, FW(xguc_ptl, xhuc_ptl, dmc_wcl), false

static const struct host_igpu table[] = {
	/* INTEL_TGL_GT1_IDS, INTEL_TGL_GT2_IDS */
	{ 0x9a60, TGL_F },
	{ 0x9a68, TGL_F },
	{ 0x9a70, TGL_F },
	{ 0x9a40, TGL_F },
	{ 0x9a49, TGL_F },
	{ 0x9a59, TGL_F },
	{ 0x9a78, TGL_F },
	{ 0x9ac0, TGL_F },
	{ 0x9ac9, TGL_F },
	{ 0x9ad9, TGL_F },
	{ 0x9af8, TGL_F },
	/* INTEL_RKL_IDS */
	{ 0x4c80, RKL_F },
	{ 0x4c8a, RKL_F },
	{ 0x4c8b, RKL_F },
	{ 0x4c8c, RKL_F },
	{ 0x4c90, RKL_F },
	{ 0x4c9a, RKL_F },
	/* INTEL_ADLS_IDS */
	{ 0x4680, ADLS_F },
	{ 0x4682, ADLS_F },
	{ 0x4688, ADLS_F },
	{ 0x468a, ADLS_F },
	{ 0x468b, ADLS_F },
	{ 0x4690, ADLS_F },
	{ 0x4692, ADLS_F },
	{ 0x4693, ADLS_F },
	/* INTEL_ADLP_IDS */
	{ 0x46a0, ADLP_F },
	{ 0x46a1, ADLP_F },
	{ 0x46a2, ADLP_F },
	{ 0x46a3, ADLP_F },
	{ 0x46a6, ADLP_F },
	{ 0x46a8, ADLP_F },
	{ 0x46aa, ADLP_F },
	{ 0x462a, ADLP_F },
	{ 0x4626, ADLP_F },
	{ 0x4628, ADLP_F },
	{ 0x46b0, ADLP_F },
	{ 0x46b1, ADLP_F },
	{ 0x46b2, ADLP_F },
	{ 0x46b3, ADLP_F },
	{ 0x46c0, ADLP_F },
	{ 0x46c1, ADLP_F },
	{ 0x46c2, ADLP_F },
	{ 0x46c3, ADLP_F },
	/* INTEL_ADLN_IDS */
	{ 0x46d0, ADLN_F },
	{ 0x46d1, ADLN_F },
	{ 0x46d2, ADLN_F },
	{ 0x46d3, ADLN_F },
	{ 0x46d4, ADLN_F },
	/* INTEL_RPLS_IDS */
	{ 0xa780, RPLS_F },
	{ 0xa781, RPLS_F },
	{ 0xa782, RPLS_F },
	{ 0xa783, RPLS_F },
	{ 0xa788, RPLS_F },
	{ 0xa789, RPLS_F },
	{ 0xa78a, RPLS_F },
	{ 0xa78b, RPLS_F },
	/* INTEL_RPLU_IDS */
	{ 0xa721, RPLU_F },
	{ 0xa7a1, RPLU_F },
	{ 0xa7a9, RPLU_F },
	{ 0xa7ac, RPLU_F },
	{ 0xa7ad, RPLU_F },
	/* INTEL_RPLP_IDS */
	{ 0xa720, RPLP_F },
	{ 0xa7a0, RPLP_F },
	{ 0xa7a8, RPLP_F },
	{ 0xa7aa, RPLP_F },
	{ 0xa7ab, RPLP_F },
	/* INTEL_MTL_IDS (MTL-U and the others) */
	{ 0x7d40, MTL_F },
	{ 0x7d45, MTL_F },
	{ 0x7d55, MTL_F },
	{ 0x7d60, MTL_F },
	{ 0x7dd5, MTL_F },
	/* INTEL_ARL_IDS: H, U, S */
	{ 0x7d51, ARL_F },
	{ 0x7dd1, ARL_F },
	{ 0x7d41, ARL_F },
	{ 0x7d67, ARL_F },
	{ 0xb640, ARL_F },
	/* INTEL_LNL_IDS */
	{ 0x6420, LNL_F },
	{ 0x64a0, LNL_F },
	{ 0x64b0, LNL_F },
	/* INTEL_PTL_IDS, INTEL_WCL_IDS */
	{ 0xb080, PTL_F },
	{ 0xb081, PTL_F },
	{ 0xb082, PTL_F },
	{ 0xb083, PTL_F },
	{ 0xb084, PTL_F },
	{ 0xb085, PTL_F },
	{ 0xb086, PTL_F },
	{ 0xb087, PTL_F },
	{ 0xb08f, PTL_F },
	{ 0xb090, PTL_F },
	{ 0xb0a0, PTL_F },
	{ 0xb0b0, PTL_F },
	{ 0xfd80, WCL_F },
	{ 0xfd81, WCL_F },
};

#define N_IDS (sizeof(table) / sizeof(table[0]))

const struct host_igpu *host_igpu_lookup(uint16_t device)
{
	size_t i;

	for (i = 0; i < N_IDS; i++)
		if (table[i].device == device)
			return &table[i];
	return NULL;
}

const struct host_igpu_fw *host_igpu_fw(const struct host_igpu *g, enum host_igpu_driver driver)
{
	return driver == HOST_IGPU_XE ? &g->xe : &g->i915;
}

const char *host_igpu_driver_name(enum host_igpu_driver driver)
{
	return driver == HOST_IGPU_XE ? "xe" : "i915";
}

unsigned int host_igpu_count(void)
{
	return N_IDS;
}

const struct host_igpu *host_igpu_at(unsigned int i)
{
	return i < N_IDS ? &table[i] : NULL;
}
