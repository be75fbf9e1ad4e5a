// SPDX-License-Identifier: MIT
/*
 * The iGPU table against facts from outside it: device IDs and firmware
 * names as real users' logs show them loaded, and the DKMS driver's split
 * of SR-IOV between its i915 and xe variants.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "host/host_igpu.h"

static const struct host_igpu *get(uint16_t id)
{
	const struct host_igpu *g = host_igpu_lookup(id);

	if (!g)
		fail_msg("%04x is not in the table", id);
	return g;
}

/* Each line of a real log: "GuC firmware i915/adlp_guc_70.bin version ...". */
static void test_firmware_as_logged(void **state)
{
	(void)state;
	/* the setup guide's RPL-S log */
	assert_string_equal(get(0xa780)->i915.guc[0], "i915/tgl_guc_70.bin");
	assert_string_equal(get(0xa780)->i915.dmc[0], "i915/adls_dmc_ver2_01.bin");
	/* an N100 (ADL-N, 46d1) under the DKMS i915: strongtz/i915-sriov-dkms#186 */
	assert_string_equal(get(0x46d1)->i915.guc[0], "i915/adlp_guc_70.bin");
	assert_string_equal(get(0x46d1)->i915.huc[0], "i915/tgl_huc.bin");
	assert_string_equal(get(0x46d1)->i915.dmc[0], "i915/adlp_dmc.bin");
	/* xe has its own ADL-N entry: the TGL GuC */
	assert_string_equal(get(0x46d1)->xe.guc[0], "i915/tgl_guc_70.bin");
	/* ADL-P as Upinel/PVE-Intel-vGPU#11 logs it: adlp_dmc.bin (v2.20) */
	assert_string_equal(get(0x46a8)->i915.dmc[0], "i915/adlp_dmc.bin");
	/* RKL's DMC as i915 loads it (strongtz/i915-sriov-dkms#96) */
	assert_string_equal(get(0x4c8a)->i915.dmc[0], "i915/rkl_dmc_ver2_03.bin");
	/* MTL and ARL share MTL's blobs */
	assert_string_equal(get(0x7d67)->i915.guc[0], "i915/mtl_guc_70.bin");
	assert_string_equal(get(0x7d55)->i915.huc[0], "i915/mtl_huc_gsc.bin");
}

static void test_sriov_split(void **state)
{
	(void)state;
	/* both variants on Gen12 Xe-LP */
	assert_int_equal(get(0xa780)->sriov, HOST_IGPU_I915 | HOST_IGPU_XE);
	assert_int_equal(get(0x46d1)->sriov, HOST_IGPU_I915 | HOST_IGPU_XE);
	assert_true(get(0x46d1)->xe_force_probe);
	/* MTL and ARL: i915 only (xe has no SR-IOV on their device info) */
	assert_int_equal(get(0x7d55)->sriov, HOST_IGPU_I915);
	assert_int_equal(get(0x7d67)->sriov, HOST_IGPU_I915);
	assert_string_equal(get(0x7d67)->platform, "ARL");
	/* PTL: xe only */
	assert_int_equal(get(0xb080)->sriov, HOST_IGPU_XE);
	assert_null(get(0xb080)->i915.guc);
	/* RKL is Gen12 without SR-IOV (strongtz/i915-sriov-dkms#27: no SR-IOV
	 * capability on 4c8a); the reason says Gen12 */
	assert_int_equal(get(0x4c8a)->sriov, 0);
	assert_int_equal(get(0x4c8a)->gen, 12);
	assert_non_null(strstr(get(0x4c8a)->no_sriov, "Gen12"));
	/* a pre-Gen12 iGPU (UHD 630, 3e92) is not in the table */
	assert_null(host_igpu_lookup(0x3e92));
}

static void test_table_whole(void **state)
{
	unsigned int i, j, n = host_igpu_count();

	(void)state;
	assert_true(n >= 90);
	for (i = 0; i < n; i++) {
		const struct host_igpu *g = host_igpu_at(i);

		assert_non_null(g->platform);
		assert_non_null(g->name);
		assert_true(g->gen >= 12);
		assert_true(g->sriov || g->no_sriov);
		if (g->sriov & HOST_IGPU_I915)
			assert_non_null(g->i915.guc);
		if (g->sriov & HOST_IGPU_XE)
			assert_non_null(g->xe.guc);
		for (j = i + 1; j < n; j++)
			if (host_igpu_at(j)->device == g->device)
				fail_msg("%04x listed twice", g->device);
	}
	assert_null(host_igpu_at(n));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_firmware_as_logged),
		cmocka_unit_test(test_sriov_split),
		cmocka_unit_test(test_table_whole),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
