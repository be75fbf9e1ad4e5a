/* SPDX-License-Identifier: MIT */
/*
 * A CT channel wired to the mock GuC, with a GGTT of three regions: the CT
 * blob, a 4 KiB KLV buffer (as i915 uses for VF config pushes), and a log
 * recorder that tests use to assert what the driver reported.
 */
#ifndef GUC_FIXTURE_H
#define GUC_FIXTURE_H

#include "guc/guc_ct.h"
#include "selftest/mock_guc.h"

#define FIXTURE_BLOB_GGTT 0x00200000u
#define FIXTURE_KLV_GGTT 0x00300000u
#define FIXTURE_KLV_DWORDS 1024u

struct guc_fixture {
	struct mock_guc guc;
	struct guc_ct ct;
	_Alignas(4096) u8 blob[GUC_CT_BLOB_SIZE];
	_Alignas(4096) u32 klvs[FIXTURE_KLV_DWORDS];
};

int guc_fixture_setup(void **state);
int guc_fixture_setup_enabled(void **state);
int guc_fixture_teardown(void **state);

u32 guc_fixture_log_count(const char *needle);
void guc_fixture_log_reset(void);

int guc_fixture_push_vf_cfg(struct guc_fixture *fx, u32 vfid, u32 num_dwords);
int guc_fixture_vf_control(struct guc_fixture *fx, u32 vfid, u32 cmd);

#endif
