// SPDX-License-Identifier: MIT
/*
 * Benchmark of the CT channel: the real CT code against the mock GuC, in one
 * process, on CLOCK_MONOTONIC.
 *
 *  - request/response round trips per second (PF2GUC_VF_CONTROL);
 *  - H2G throughput of maximum-size fast requests (write by the driver, read
 *    by the model), against a plain memcpy of the same bytes into a ring of
 *    the same size, measured in the same run: the ratio is what the protocol
 *    (headers, wrap, descriptor updates, validation) costs over raw copying;
 *  - G2H throughput of events (written by the model, read and dispatched by
 *    the driver), against the same memcpy.
 *
 * Writes $(O)/bench/guc_ct.json for the bench report (bench_fragment.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/report/bench_fragment.h"
#include "guc/guc_ct.h"
#include "guc/guc_hxg.h"
#include "abi/guc_actions_pf_abi.h"
#include "selftest/mock_guc.h"

#define BLOB_GGTT 0x200000u
#define MIN_SECONDS 1.0

struct bench {
	struct mock_guc guc;
	struct guc_ct ct;
	u8 *blob;
};

static u64 event_dwords;

static int count_event(void *data, const u32 *msg, u32 len)
{
	(void)data;
	event_dwords += len + msg[len - 1] * 0;
	return 0;
}

static const struct guc_ct_event_handler handlers[] = {
	{ GUC_ACTION_GUC2PF_RELAY_FROM_VF, count_event, NULL },
};

static void bench_setup(struct bench *b)
{
	b->blob = aligned_alloc(4096, GUC_CT_BLOB_SIZE);
	mock_guc_init(&b->guc);
	mock_guc_map(&b->guc, BLOB_GGTT, b->blob, GUC_CT_BLOB_SIZE);
	guc_ct_init(&b->ct, &mock_guc_ct_ops, &b->guc, b->blob, BLOB_GGTT);
	guc_ct_set_event_handlers(&b->ct, handlers, ARRAY_SIZE(handlers));
	if (guc_ct_enable(&b->ct)) {
		fprintf(stderr, "bench_guc_ct: CT channel did not come up\n");
		exit(1);
	}
}

static double round_trips(struct bench *b, u64 *n_out)
{
	u32 msg[3] = { guc_hxg_request(GUC_ACTION_PF2GUC_VF_CONTROL, 0), 1,
		       GUC_PF_TRIGGER_VF_STOP };
	double start = bench_now(), t;
	u64 n = 0;

	do {
		for (u32 i = 0; i < 10000; i++, n++)
			if (guc_ct_send_recv(&b->ct, msg, 3, NULL, 0) != 0)
				exit(1);
		t = bench_now() - start;
	} while (t < MIN_SECONDS);
	*n_out = n;
	return n / t;
}

/* bytes per second through H2G, max-size fast requests */
static double h2g_throughput(struct bench *b)
{
	u32 msg[GUC_CTB_MAX_DWORDS] = { guc_hxg_fast_request(GUC_ACTION_PF2GUC_RELAY_TO_VF, 0), 1,
					7 };
	double start = bench_now(), t;
	u64 bytes = 0;

	do {
		for (u32 i = 0; i < 20000; i++) {
			if (guc_ct_send(&b->ct, msg, GUC_CTB_MAX_DWORDS))
				exit(1);
			mock_guc_step(&b->guc);
			bytes += GUC_CTB_MSG_MAX_LEN * 4;
		}
		t = bench_now() - start;
	} while (t < MIN_SECONDS);
	return bytes / t;
}

/* bytes per second through G2H, max-size events */
static double g2h_throughput(struct bench *b)
{
	u32 data[GUC_CTB_MAX_DWORDS - 1] = { 1, 9 };
	double start = bench_now(), t;
	u64 bytes = 0;

	do {
		for (u32 i = 0; i < 20000; i++) {
			if (mock_guc_event(&b->guc, GUC_ACTION_GUC2PF_RELAY_FROM_VF, data,
					   ARRAY_SIZE(data)))
				exit(1);
			if (guc_ct_process_g2h(&b->ct) != 1)
				exit(1);
			bytes += GUC_CTB_MSG_MAX_LEN * 4;
		}
		t = bench_now() - start;
	} while (t < MIN_SECONDS);
	return bytes / t;
}

/* the physical limit: the same messages memcpy'd into a ring of @ring_bytes */
static double memcpy_throughput(size_t ring_bytes)
{
	size_t msg_bytes = GUC_CTB_MSG_MAX_LEN * 4, off = 0;
	u8 *ring = calloc(1, ring_bytes + msg_bytes), src[GUC_CTB_MSG_MAX_LEN * 4];
	double start = bench_now(), t;
	u64 bytes = 0;

	memset(src, 0x5a, sizeof(src));
	do {
		for (u32 i = 0; i < 20000; i++) {
			src[0] = i;
			memcpy(ring + off, src, msg_bytes);
			__asm__ __volatile__("" : : "r"(ring) : "memory");
			off = (off + msg_bytes) % ring_bytes;
			bytes += msg_bytes;
		}
		t = bench_now() - start;
	} while (t < MIN_SECONDS);
	free(ring);
	return bytes / t;
}

int main(int argc, char **argv)
{
	struct bench b;
	struct bench_fragment frag;
	struct json_object *fig;
	double rtt, h2g, g2h, mc_h2g, mc_g2h;
	u64 n;

	if (argc != 2) {
		fprintf(stderr, "usage: %s OUT_DIR\n", argv[0]);
		return 2;
	}
	compat_log_sink = compat_log_discard;
	bench_setup(&b);

	bench_progress("guc_ct", "round trips", 0, 3);
	rtt = round_trips(&b, &n);
	bench_progress("guc_ct", "H2G throughput", 1, 3);
	h2g = h2g_throughput(&b);
	mc_h2g = memcpy_throughput(GUC_CTB_H2G_BUFFER_SIZE);
	bench_progress("guc_ct", "G2H throughput", 2, 3);
	g2h = g2h_throughput(&b);
	mc_g2h = memcpy_throughput(GUC_CTB_G2H_BUFFER_SIZE);
	bench_progress("guc_ct", "done", 3, 3);
	if (b.ct.stats.timeouts || b.ct.state != GUC_CT_ENABLED || !event_dwords ||
	    b.ct.stats.responses != n || b.guc.vf[1].relay_count == 0) {
		fprintf(stderr, "bench_guc_ct: the channel misbehaved during the run\n");
		return 1;
	}

	printf("guc_ct: %.0f request/response round trips/s (%llu requests)\n", rtt,
	       (unsigned long long)n);
	printf("guc_ct: H2G %.0f MiB/s, memcpy %.0f MiB/s, ratio %.3f\n", h2g / (1 << 20),
	       mc_h2g / (1 << 20), h2g / mc_h2g);
	printf("guc_ct: G2H %.0f MiB/s, memcpy %.0f MiB/s, ratio %.3f\n", g2h / (1 << 20),
	       mc_g2h / (1 << 20), g2h / mc_g2h);

	if (bench_fragment_new(&frag, argv[1], "guc_ct"))
		return 3;
	bench_fragment_value(&frag, "round_trips", "1/s", rtt,
			     "PF2GUC_VF_CONTROL through guc_ct_send_recv() against the mock GuC "
			     "in one thread: H2G write, model step, G2H read and fence match");
	fig = bench_fragment_value(&frag, "h2g_throughput", "MiB/s", h2g / (1 << 20),
				   "256-dword fast requests written by guc_ct_send() and read "
				   "and validated by the mock GuC, against memcpy of the same "
				   "messages into a 4 KiB ring");
	bench_figure_ref(fig, "memcpy", mc_h2g / (1 << 20));
	fig = bench_fragment_value(&frag, "g2h_throughput", "MiB/s", g2h / (1 << 20),
				   "256-dword events written by the mock GuC and read and "
				   "dispatched by guc_ct_process_g2h(), against memcpy of the "
				   "same messages into a 16 KiB ring");
	bench_figure_ref(fig, "memcpy", mc_g2h / (1 << 20));
	if (bench_fragment_write(&frag)) {
		fprintf(stderr, "bench_guc_ct: cannot write the fragment in %s\n", argv[1]);
		return 3;
	}
	guc_ct_disable(&b.ct);
	free(b.blob);
	return 0;
}
