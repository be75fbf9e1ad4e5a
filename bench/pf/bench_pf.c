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

#include "bench/report/bench_fragment.h"
#include "guc/guc_ct.h"
#include "guc/guc_hxg.h"
#include "iov/pf_sriov.h"
#include "selftest/pf_world.h"

#define MIN_SECONDS 1.0

int main(int argc, char **argv)
{
	u32 msg[3] = { guc_hxg_request(GUC_ACTION_PF2GUC_VF_CONTROL, 0), 1,
		       GUC_PF_TRIGGER_VF_STOP };
	u64 h2g0, g2h0, cycles = 0, i, rtts;
	double start, t_cycle, t_rtt, h2g_per, g2h_per;
	struct bench_fragment frag;
	struct json_object *fig;
	struct pf_world *w;

	if (argc != 2) {
		fprintf(stderr, "usage: %s OUT_DIR\n", argv[0]);
		return 2;
	}
	compat_log_sink = compat_log_discard;
	w = pf_world_create(7);
	if (!w)
		return 1;

	h2g0 = w->ct.stats.h2g_messages;
	g2h0 = w->ct.stats.g2h_messages;
	start = bench_now();
	do {
		for (i = 0; i < 500; i++, cycles++) {
			if (pf_enable_vfs(&w->pf, 7) || pf_disable_vfs(&w->pf)) {
				fprintf(stderr, "bench_pf: enable/disable failed\n");
				return 1;
			}
		}
		t_cycle = bench_now() - start;
	} while (t_cycle < MIN_SECONDS);
	t_cycle /= cycles;
	h2g_per = (double)(w->ct.stats.h2g_messages - h2g0) / cycles;
	g2h_per = (double)(w->ct.stats.g2h_messages - g2h0) / cycles;

	/* the floor: as many bare round trips as one cycle sends requests */
	rtts = (u64)(h2g_per + 0.5) * cycles;
	start = bench_now();
	for (i = 0; i < rtts; i++)
		if (guc_ct_send_recv(&w->ct, msg, 3, NULL, 0))
			return 1;
	t_rtt = (bench_now() - start) / cycles;
	if (w->ct.stats.timeouts || w->pf.stats.push_failures) {
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
	pf_world_destroy(w);
	return 0;
}
