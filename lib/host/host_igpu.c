// SPDX-License-Identifier: MIT
/*
 * Supported iGPU device IDs (include/drm/intel/pciids.h) and their
 * firmware (i915 intel_uc_fw.c, intel_dmc.c): ADL-S and RPL-S take the TGL
 * GuC and HuC ("GuC firmware i915/tgl_guc_70.bin" in the guide's log) and
 * the ADL-S DMC; ADL-P and RPL-P/U take the ADL-P GuC.
 */
#include <stddef.h>

#include "host/host_igpu.h"

static const char *const tgl_guc[] = { "tgl_guc_70.bin", NULL };
static const char *const adlp_guc[] = { "adlp_guc_70.bin", NULL };
static const char *const tgl_huc[] = { "tgl_huc.bin", NULL };
static const char *const tgl_dmc[] = { "tgl_dmc.bin", "tgl_dmc_ver2_12.bin", NULL };
static const char *const adls_dmc[] = { "adls_dmc_ver2_01.bin", NULL };
static const char *const adlp_dmc[] = { "adlp_dmc.bin", "adlp_dmc_ver2_16.bin", NULL };

#define TGL(id)                                      \
	{                                            \
		id, "TGL", tgl_guc, tgl_huc, tgl_dmc \
	}
#define ADLS(id)                                        \
	{                                               \
		id, "ADL-S", tgl_guc, tgl_huc, adls_dmc \
	}
#define RPLS(id)                                        \
	{                                               \
		id, "RPL-S", tgl_guc, tgl_huc, adls_dmc \
	}
#define ADLP(id)                                         \
	{                                                \
		id, "ADL-P", adlp_guc, tgl_huc, adlp_dmc \
	}
#define ADLN(id)                                         \
	{                                                \
		id, "ADL-N", adlp_guc, tgl_huc, adlp_dmc \
	}
#define RPLP(id)                                         \
	{                                                \
		id, "RPL-P", adlp_guc, tgl_huc, adlp_dmc \
	}
#define RPLU(id)                                         \
	{                                                \
		id, "RPL-U", adlp_guc, tgl_huc, adlp_dmc \
	}

static const struct host_igpu table[] = {
	RPLS(0xa780), RPLS(0xa781), RPLS(0xa782), RPLS(0xa783), RPLS(0xa788), RPLS(0xa789),
	RPLS(0xa78a), RPLS(0xa78b), ADLS(0x4680), ADLS(0x4682), ADLS(0x4688), ADLS(0x468a),
	ADLS(0x468b), ADLS(0x4690), ADLS(0x4692), ADLS(0x4693), ADLP(0x46a0), ADLP(0x46a1),
	ADLP(0x46a2), ADLP(0x46a3), ADLP(0x46a6), ADLP(0x46a8), ADLP(0x46aa), ADLP(0x462a),
	ADLP(0x4626), ADLP(0x4628), ADLP(0x46b0), ADLP(0x46b1), ADLP(0x46b2), ADLP(0x46b3),
	ADLP(0x46c0), ADLP(0x46c1), ADLP(0x46c2), ADLP(0x46c3), ADLN(0x46d0), ADLN(0x46d1),
	ADLN(0x46d2), ADLN(0x46d3), ADLN(0x46d4), RPLP(0xa720), RPLP(0xa7a0), RPLP(0xa7a8),
	RPLP(0xa7aa), RPLP(0xa7ab), RPLU(0xa721), RPLU(0xa7a1), RPLU(0xa7a9), RPLU(0xa7ac),
	RPLU(0xa7ad), TGL(0x9a40),  TGL(0x9a49),  TGL(0x9a59),	TGL(0x9a60),  TGL(0x9a68),
	TGL(0x9a70),  TGL(0x9a78),  TGL(0x9ac0),  TGL(0x9ac9),	TGL(0x9ad9),  TGL(0x9af8),
};

const struct host_igpu *host_igpu_lookup(uint16_t device)
{
	size_t i;

	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (table[i].device == device)
			return &table[i];
	return NULL;
}
