// SPDX-License-Identifier: MIT
/*
 * The CT channel + mock GuC fixture shared by the GuC test suites.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "guc_fixture.h"
#include "guc/guc_hxg.h"
#include "abi/guc_actions_pf_abi.h"

static char log_buf[64 * 1024];
static size_t log_len;

/*
 * Keep what the driver logged so tests can assert on it, each line after
 * its level as the kernel's ring buffer shows it ("<6>" for info); echo
 * when asked.
 */
static void log_record(int level, const char *msg)
{
	int n;

	if (getenv("GUC_TEST_VERBOSE"))
		fprintf(stderr, "<%d>%s", level, msg);
	n = snprintf(log_buf + log_len, sizeof(log_buf) - log_len, "<%d>%s", level, msg);
	if (n > 0 && log_len + n < sizeof(log_buf))
		log_len += n;
	else
		log_buf[log_len] = '\0';
}

/**
 * guc_fixture_log_count - how many logged lines contain a string
 * @needle: the string
 *
 * Return: the count since the last guc_fixture_log_reset().
 */
u32 guc_fixture_log_count(const char *needle)
{
	const char *p = log_buf;
	u32 n = 0;

	while ((p = strstr(p, needle))) {
		n++;
		p += strlen(needle);
	}
	return n;
}

/**
 * guc_fixture_log_reset - forget what was logged
 */
void guc_fixture_log_reset(void)
{
	log_len = 0;
	log_buf[0] = '\0';
}

/**
 * guc_fixture_setup - a disabled channel and a fresh mock GuC
 * @state: cmocka state; receives the fixture
 *
 * Return: 0.
 */
int guc_fixture_setup(void **state)
{
	struct guc_fixture *fx = aligned_alloc(4096, sizeof(*fx));

	assert_non_null(fx);
	memset(fx, 0, sizeof(*fx));
	mock_guc_init(&fx->guc);
	mock_guc_map(&fx->guc, FIXTURE_BLOB_GGTT, fx->blob, sizeof(fx->blob));
	mock_guc_map(&fx->guc, FIXTURE_KLV_GGTT, fx->klvs, sizeof(fx->klvs));
	guc_ct_init(&fx->ct, &mock_guc_ct_ops, &fx->guc, fx->blob, FIXTURE_BLOB_GGTT);
	compat_log_sink = log_record;
	guc_fixture_log_reset();
	*state = fx;
	return 0;
}

/**
 * guc_fixture_setup_enabled - as guc_fixture_setup(), then enable the channel
 * @state: cmocka state
 *
 * Return: 0, or -1 if the channel did not come up.
 */
int guc_fixture_setup_enabled(void **state)
{
	struct guc_fixture *fx;

	guc_fixture_setup(state);
	fx = *state;
	if (guc_ct_enable(&fx->ct))
		return -1;
	fx->guc.nlog = 0; /* tests look at what follows registration */
	return 0;
}

/**
 * guc_fixture_teardown - free the fixture
 * @state: cmocka state
 *
 * Return: 0.
 */
int guc_fixture_teardown(void **state)
{
	free(*state);
	return 0;
}

/**
 * guc_fixture_push_vf_cfg - send PF2GUC_UPDATE_VF_CFG for the KLV buffer
 * @fx: the fixture
 * @vfid: the VF
 * @num_dwords: how much of fx->klvs to send (0 sends address 0: a reset)
 *
 * Return: what guc_ct_send_recv() returned.
 */
int guc_fixture_push_vf_cfg(struct guc_fixture *fx, u32 vfid, u32 num_dwords)
{
	u32 addr = num_dwords ? FIXTURE_KLV_GGTT : 0;
	u32 msg[PF2GUC_UPDATE_VF_CFG_REQUEST_MSG_LEN] = {
		guc_hxg_request(GUC_ACTION_PF2GUC_UPDATE_VF_CFG, 0), vfid, addr, 0, num_dwords,
	};

	return guc_ct_send_recv(&fx->ct, msg, ARRAY_SIZE(msg), NULL, 0);
}

/**
 * guc_fixture_vf_control - send PF2GUC_VF_CONTROL
 * @fx: the fixture
 * @vfid: the VF
 * @cmd: GUC_PF_TRIGGER_VF_*
 *
 * Return: what guc_ct_send_recv() returned.
 */
int guc_fixture_vf_control(struct guc_fixture *fx, u32 vfid, u32 cmd)
{
	u32 msg[PF2GUC_VF_CONTROL_REQUEST_MSG_LEN] = {
		guc_hxg_request(GUC_ACTION_PF2GUC_VF_CONTROL, 0),
		vfid,
		cmd,
	};

	return guc_ct_send_recv(&fx->ct, msg, ARRAY_SIZE(msg), NULL, 0);
}
