// SPDX-License-Identifier: MIT
/*
 * Benchmark of the PF core: enable 7 VFs (fair auto-provisioning, one
 * UPDATE_VF_CFG per VF) and disable them again (FLR per VF, resets highest
 * first), through the real CT channel against the mock GuC, on
 * CLOCK_MONOTONIC.
 *
 * Reported: H2G and G2H messages per cycle, time per cycle, and that time
 * against the same number of bare request/response round trips measured in
 * the same run: the ratio is what provisioning, KLV encoding and the FLR
 * state machine add over the channel itself.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "bench/report/bench_fragment.h"
#include "guc/guc_ct.h"
#include "guc/guc_hxg.h"
#include "iov/pf_sriov.h"
#include "selftest/mock_guc.h"

#define BLOB_GGTT 0x200000u
#define KLV_GGTT 0x300000u
#define MIN_SECONDS 1.0

static struct mock_guc guc;
static struct guc_ct ct;
static struct pf pf;
static u32 klvs[1024];

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void quiet(int level, const char *msg)
{
	(void)level;
	(void)msg;
}

int main(int argc, char **argv)
{
	u32 msg[3] = { guc_hxg_request(GUC_ACTION_PF2GUC_VF_CONTROL, 0), 1,
		       GUC_PF_TRIGGER_VF_STOP };
	u64 h2g0, g2h0, cycles = 0, i, rtts;
	double start, t_cycle, t_rtt, h2g_per, g2h_per;
	struct bench_fragment frag;
	struct json_object *fig;
	u8 *blob;

	if (argc != 2) {
		fprintf(stderr, "usage: %s OUT_DIR\n", argv[0]);
		return 2;
	}
	compat_log_sink = quiet;
	blob = aligned_alloc(4096, GUC_CT_BLOB_SIZE);
	mock_guc_init(&guc);
	mock_guc_map(&guc, BLOB_GGTT, blob, GUC_CT_BLOB_SIZE);
	mock_guc_map(&guc, KLV_GGTT, klvs, sizeof(klvs));
	guc_ct_init(&ct, &mock_guc_ct_ops, &guc, blob, BLOB_GGTT);
	if (guc_ct_enable(&ct) || pf_init(&pf, 7))
		return 1;
	pf_attach(&pf, &ct, NULL, NULL, klvs, KLV_GGTT, 1024);

	h2g0 = ct.stats.h2g_messages;
	g2h0 = ct.stats.g2h_messages;
	start = now_s();
	do {
		for (i = 0; i < 500; i++, cycles++) {
			if (pf_enable_vfs(&pf, 7) || pf_disable_vfs(&pf)) {
				fprintf(stderr, "bench_pf: enable/disable failed\n");
				return 1;
			}
		}
		t_cycle = now_s() - start;
	} while (t_cycle < MIN_SECONDS);
	t_cycle /= cycles;
	h2g_per = (double)(ct.stats.h2g_messages - h2g0) / cycles;
	g2h_per = (double)(ct.stats.g2h_messages - g2h0) / cycles;

	/* the floor: as many bare round trips as one cycle sends requests */
	rtts = (u64)(h2g_per + 0.5) * cycles;
	start = now_s();
	for (i = 0; i < rtts; i++)
		if (guc_ct_send_recv(&ct, msg, 3, NULL, 0))
			return 1;
	t_rtt = (now_s() - start) / cycles;
	if (ct.stats.timeouts || pf.stats.push_failures) {
		fprintf(stderr, "bench_pf: the channel misbehaved during the run\n");
		return 1;
	}

	printf("pf: enable+disable of 7 VFs: %.1f us per cycle, %.0f H2G and %.0f G2H messages\n",
	       t_cycle * 1e6, h2g_per, g2h_per);
	printf("pf: the same number of bare round trips: %.1f us, ratio %.2f\n", t_rtt * 1e6,
	       t_cycle / t_rtt);

	if (bench_fragment_new(&frag, argv[1], "pf"))
		return 3;
	fig = bench_fragment_value(&frag, "enable_disable_cycle", "us", t_cycle * 1e6,
				   "pf_enable_vfs(7) then pf_disable_vfs() against the mock GuC: "
				   "fair auto-provisioning, 7 UPDATE_VF_CFG pushes, an FLR per VF, "
				   "7 resets");
	bench_figure_ref(fig, "bare CT round trips", t_rtt * 1e6);
	bench_fragment_value(&frag, "h2g_messages_per_cycle", "messages", h2g_per,
			     "H2G messages the PF sends per enable/disable cycle");
	bench_fragment_value(&frag, "g2h_messages_per_cycle", "messages", g2h_per,
			     "G2H replies and events per enable/disable cycle");
	if (bench_fragment_write(&frag)) {
		fprintf(stderr, "bench_pf: cannot write the fragment in %s\n", argv[1]);
		return 3;
	}
	free(blob);
	return 0;
}
