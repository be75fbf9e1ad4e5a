// SPDX-License-Identifier: MIT
/*
 * Transport benchmark: a KVMFR/LGMP producer and consumer as two host
 * processes over the same shared memory (/dev/kvmfr0 when present, else an
 * unnamed /dev/shm file), at 1080p, 1440p and 4K BGRA, each figure held against a
 * limit or a peer measured in the same run:
 *
 * - throughput, frames back to back, against the two-copy limit (the
 *   producer's copy in and the consumer's copy out done by plain memcpy in
 *   two processes at once); repeated until two runs agree;
 * - publish-to-visible at random gaps, against one memcpy of the frame; the
 *   same with the zero-copy view and with a B7-style client (its p99 is the
 *   tail's reference), and the producer's write time under each;
 * - detection delay and consumer CPU at a display cadence (60, 120, 144 Hz
 *   with jitter) and at random gaps: the cadence-predicting poller against
 *   LG B7's 1 ms sleep loop;
 * - how noisy the machine was: spread of the repeated memcpy, and the CPU
 *   other processes took while the benchmark ran.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "bench/frames/frames_backing.h"
#include "bench/frames/frames_limits.h"
#include "bench/frames/frames_pair.h"
#include "bench/report/bench_fragment.h"

#define MEMCPY_REPS 32
#define TRIES 3 /* throughput runs at most, until two agree */
#define AGREE 0.05 /* "agree": ratios within 5 % of each other */
#define TWO_COPY_MS 250
#define JITTER_US 30.0 /* sigma of the cadence's arrival jitter */
#define WINDOW_NS 15000ull /* least half-width of the cadence spin window */
/* Above these the run says its machine was too noisy to tell. */
#define NOISE_OTHERS_CPUS 0.25
#define NOISE_SPREAD 0.25

struct resolution {
	const char *name;
	uint32_t w, h, shm_mib; /* shm size from LG's B7 sizing formula */
};

static const struct resolution resolutions[] = {
	{ "1080p", 1920, 1080, 32 },
	{ "1440p", 2560, 1440, 64 },
	{ "4k", 3840, 2160, 128 },
};

struct ctx {
	struct bench_fragment frag;
	const char *shm_path, *backing;
	bool device;
	uint32_t n;
	struct frames_shared *sh;
	struct frames_result *res;
	double adaptive_p50_1080p;
	double max_spread; /* of the repeated memcpy, over the resolutions */
	int status;
};

static char name[96], method[768];

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Percentile of @v, sorted in place (the fragment's dist sorts them too). */
static double pct(double *v, uint32_t n, double p)
{
	if (!n)
		return 0;
	qsort(v, n, sizeof(*v), cmp_double);
	return bench_percentile(v, n, p);
}

static void run(struct ctx *x, struct frames_run *r, const char *tag)
{
	int ret = frames_run_pair(r, x->res, tag);

	if (ret) {
		fprintf(stderr, "frames: %s failed: %s\n", tag, strerror(-ret));
		x->status = 1;
	}
}

/* The last run's publish-to-visible as figure @name, against a memcpy. */
static void visible_vs_memcpy(struct ctx *x, double memcpy_us)
{
	struct json_object *fig;

	fig = bench_fragment_dist(&x->frag, name, "us", x->res->visible_us, x->res->n, method);
	bench_figure_ref(fig, "memcpy of the same frame (median)", memcpy_us);
}

static struct frames_run base_run(struct ctx *x, const struct resolution *res)
{
	return (struct frames_run){
		.path = x->shm_path,
		.create_size = x->device ? 0 : (size_t)res->shm_mib << 20,
		.w = res->w,
		.h = res->h,
		.sh = x->sh,
	};
}

static double fps_of(const struct frames_result *c)
{
	return c->n > 1 && c->last_ns > c->first_ns ?
		       (double)c->n * 1e9 / (double)(c->last_ns - c->first_ns) :
		       0;
}

/* Frames streamed per throughput run: -n at 1080p, fewer for larger frames
 * so each run moves about the same bytes (the bench stays near 30 s).
 */
static uint32_t stream_frames(const struct ctx *x, size_t bytes)
{
	uint64_t n = (uint64_t)x->n * (1920u * 1080u * 4u) / bytes;

	return n < 24 ? 24 : (uint32_t)n;
}

/* Throughput against the two-copy limit, both measured again until two
 * consecutive tries agree; returns the copying throughput.
 */
static double throughput(struct ctx *x, const struct resolution *res, size_t bytes,
			 double memcpy_fps)
{
	struct frames_run r = base_run(x, res);
	double ratio[TRIES], fps = 0, limit = 0, lo = 1e9, hi = 0;
	struct two_copy tc = { 0 }, best = { 0 };
	struct json_object *fig;
	int tries = 0;
	bool stable = false;

	r.n = stream_frames(x, bytes);
	while (tries < TRIES && !stable) {
		snprintf(name, sizeof(name), "%s two-copy limit", res->name);
		bench_progress("frames", name, (size_t)tries, TRIES);
		if (frames_two_copy(x->shm_path, r.create_size, bytes, TWO_COPY_MS, &tc) ||
		    !tc.limit_fps) {
			x->status = 1;
			return 0;
		}
		lgmp_poll_init_adaptive(&r.poll, 100000, 10000, 100000);
		snprintf(name, sizeof(name), "%s throughput", res->name);
		run(x, &r, name);
		/* noise only ever slows a run down: the best of the tries is
		 * the nearest to what the machine can do, for both
		 */
		if (fps_of(x->res) > fps)
			fps = fps_of(x->res);
		if (tc.limit_fps > limit) {
			limit = tc.limit_fps;
			best = tc;
		}
		ratio[tries] = fps_of(x->res) / tc.limit_fps;
		if (ratio[tries] < lo)
			lo = ratio[tries];
		if (ratio[tries] > hi)
			hi = ratio[tries];
		stable = tries > 0 && ratio[tries] > 0 &&
			 ratio[tries - 1] / ratio[tries] < 1 + AGREE &&
			 ratio[tries] / ratio[tries - 1] < 1 + AGREE;
		tries++;
	}
	snprintf(name, sizeof(name), "two_copy_limit_%s", res->name);
	snprintf(method, sizeof(method),
		 "frames/s of exactly the two copies a copying transport makes "
		 "of each %zu B frame: one process memcpy'ing a private frame "
		 "into two frame buffers of %s while another memcpy's two "
		 "others out to a private frame, both at once for %u ms (writer %.0f, reader %.0f "
		 "frames/s; the limit is the slower), best of %d tries; "
		 "against one memcpy alone (median)",
		 bytes, x->backing, TWO_COPY_MS, best.writer_fps, best.reader_fps, tries);
	fig = bench_fragment_value(&x->frag, name, "frames/s", limit, method);
	bench_figure_ref(fig, "memcpy rate of the same frame, alone", memcpy_fps);

	snprintf(name, sizeof(name), "throughput_%s", res->name);
	snprintf(method, sizeof(method),
		 "%u frames streamed back to back through the 2-buffer KVMFR "
		 "frame queue, each written by the producer and copied out by "
		 "the consumer (chasing the write pointer); frames over the "
		 "time from the first post to the last frame visible; best of "
		 "%d tries, each after a measure of the two-copy limit, "
		 "against the best limit; the tries' own ratios were %s "
		 "(%.3f to %.3f)",
		 x->res->n, tries, stable ? "stable" : "NOT stable", lo, hi);
	fig = bench_fragment_value(&x->frag, name, "frames/s", fps, method);
	bench_figure_ref(fig, "two-copy limit of the same frame (same run)", limit);
	snprintf(name, sizeof(name), "throughput_spread_%s", res->name);
	bench_fragment_value(&x->frag, name, "ratio", lo > 0 ? hi / lo - 1 : 0,
			     "spread of throughput over two-copy limit between "
			     "the tries of this run: max / min - 1");
	return fps;
}

/* One latency run at random gaps with the given consumer; keeps the
 * producer's write times (sorted) in @write_us.
 */
static void latency(struct ctx *x, const struct resolution *res, enum frames_consumer kind,
		    uint32_t chunk, const char *tag, double *write_us, double *write_cpu_us,
		    uint32_t *n_write)
{
	struct frames_run r = base_run(x, res);

	r.publish_chunk = chunk;
	r.n = x->n / 2;
	r.pacing = PACE_RANDOM;
	r.consumer = kind;
	if (kind == CONSUME_B7)
		lgmp_poll_init_fixed(&r.poll, 1000000);
	else
		lgmp_poll_init_adaptive(&r.poll, 100000, 10000, 100000);
	run(x, &r, tag);
	*n_write = 0;
	for (uint32_t s = 0; s < r.n; s++) {
		if (x->sh->write_us[s] <= 0)
			continue;
		write_cpu_us[*n_write] = x->sh->write_cpu_us[s];
		write_us[(*n_write)++] = x->sh->write_us[s];
	}
}

static void per_resolution(struct ctx *x, const struct resolution *res)
{
	size_t bytes = (size_t)res->w * res->h * 4;
	static double mc[MEMCPY_REPS], w_ours[FRAMES_MAX], w_b7[FRAMES_MAX];
	static double c_ours[FRAMES_MAX], c_b7[FRAMES_MAX];
	double mc_med, copy_fps, b7_p99, ours_p99, spread;
	uint32_t nw_ours, nw_b7;
	struct json_object *fig;

	bench_progress("frames", "memcpy", 0, 0);
	if (frames_memcpy_us(bytes, mc, MEMCPY_REPS)) {
		x->status = 1;
		return;
	}
	snprintf(name, sizeof(name), "memcpy_%s", res->name);
	snprintf(method, sizeof(method),
		 "memcpy of one %ux%u BGRA frame (%zu B) between two private "
		 "buffers (huge pages advised), %d runs, CLOCK_MONOTONIC",
		 res->w, res->h, bytes, MEMCPY_REPS);
	bench_fragment_dist(&x->frag, name, "us", mc, MEMCPY_REPS, method);
	mc_med = pct(mc, MEMCPY_REPS, 50);
	spread = (pct(mc, MEMCPY_REPS, 90) - pct(mc, MEMCPY_REPS, 10)) / mc_med;
	if (spread > x->max_spread)
		x->max_spread = spread;
	snprintf(name, sizeof(name), "noise_memcpy_spread_%s", res->name);
	bench_fragment_value(&x->frag, name, "ratio", spread,
			     "(p90 - p10) / median of the repeated memcpy of "
			     "one frame: how much this machine moves the same "
			     "work between runs");

	copy_fps = throughput(x, res, bytes, 1e6 / mc_med);

	/* publish-to-visible with the project's copying consumer */
	snprintf(name, sizeof(name), "%s latency", res->name);
	latency(x, res, CONSUME_COPY, 0, name, w_ours, c_ours, &nw_ours);
	ours_p99 = pct(x->res->visible_us, x->res->n, 99);
	snprintf(name, sizeof(name), "publish_to_visible_%s", res->name);
	snprintf(method, sizeof(method),
		 "producer and consumer processes over %s; frames posted at "
		 "random 1-4 ms gaps; from the producer posting the frame "
		 "(before writing pixels, as LG B7) to the consumer holding the "
		 "whole frame in private memory; adaptive polling (spin 100 us, "
		 "then sleeps 10-100 us); the copy chases the write pointer",
		 x->backing);
	visible_vs_memcpy(x, mc_med);
	snprintf(name, sizeof(name), "detect_%s", res->name);
	snprintf(method, sizeof(method),
		 "from the producer posting the frame to the consumer's poll "
		 "seeing it (adaptive polling: spin 100 us, then sleeps "
		 "10-100 us), same run as publish_to_visible_%s",
		 res->name);
	if (res == &resolutions[0])
		x->adaptive_p50_1080p = pct(x->res->detect_us, x->res->n, 50);
	bench_fragment_dist(&x->frag, name, "us", x->res->detect_us, x->res->n, method);
	snprintf(name, sizeof(name), "torn_%s", res->name);
	bench_fragment_value(&x->frag, name, "frames",
			     x->res->torn + x->res->bad + x->res->timeouts,
			     "frames the consumer dropped as torn, invalid or "
			     "stalled in the latency run");

	/* the tail after the producer's last byte is one publication long:
	 * the same with the write pointer published every 256 KiB
	 */
	snprintf(name, sizeof(name), "%s latency 256 KiB", res->name);
	latency(x, res, CONSUME_COPY, 256u << 10, name, w_b7, c_b7, &nw_b7);
	snprintf(name, sizeof(name), "publish_to_visible_256k_%s", res->name);
	snprintf(method, sizeof(method),
		 "as publish_to_visible_%s, but the producer publishes its "
		 "write pointer every 256 KiB instead of B7's 1 MiB (the "
		 "consumer's last copy is a quarter as long)",
		 res->name);
	visible_vs_memcpy(x, mc_med);

	/* the same frames taken as B7's client takes them: the tail's peer */
	snprintf(name, sizeof(name), "%s latency B7 client", res->name);
	latency(x, res, CONSUME_B7, 0, name, w_b7, c_b7, &nw_b7);
	b7_p99 = pct(x->res->visible_us, x->res->n, 99);
	snprintf(name, sizeof(name), "publish_to_visible_b7_client_%s", res->name);
	snprintf(method, sizeof(method),
		 "as publish_to_visible_%s, but the consumer takes frames as "
		 "LG B7's client: 1 ms sleep between empty polls, copy in fixed "
		 "1 MiB chunks each waited for whole with usleep(1)",
		 res->name);
	visible_vs_memcpy(x, mc_med);
	snprintf(name, sizeof(name), "publish_to_visible_p99_vs_b7_%s", res->name);
	fig = bench_fragment_value(&x->frag, name, "us", ours_p99,
				   "p99 of publish_to_visible (the project's consumer) against "
				   "the p99 of the B7-style client on the same kind of run");
	bench_figure_ref(fig, "B7-style client's p99 (same run)", b7_p99);
	snprintf(name, sizeof(name), "producer_write_%s", res->name);
	snprintf(method, sizeof(method),
		 "producer's time from posting a frame to its last byte "
		 "written (1 MiB chunks, wp published after each) while the "
		 "project's consumer follows it, against the same with the "
		 "B7-style client (medians), publish_to_visible runs");
	fig = bench_fragment_dist(&x->frag, name, "us", w_ours, nw_ours, method);
	bench_figure_ref(fig, "producer write time under the B7-style client",
			 pct(w_b7, nw_b7, 50));
	snprintf(name, sizeof(name), "producer_write_cpu_%s", res->name);
	fig = bench_fragment_dist(&x->frag, name, "us", c_ours, nw_ours,
				  "as producer_write, in the producer's CPU time (blind to "
				  "preemption, so it holds on a busy machine): what the "
				  "project's consumer following the producer costs it, against "
				  "the B7-style client (medians)");
	bench_figure_ref(fig,
			 "producer write CPU time under the B7-style "
			 "client",
			 pct(c_b7, nw_b7, 50));

	/* zero-copy: the frame used in place, tear check after use */
	snprintf(name, sizeof(name), "%s zero-copy", res->name);
	latency(x, res, CONSUME_ZERO_COPY, 0, name, w_b7, c_b7, &nw_b7);
	snprintf(name, sizeof(name), "zero_copy_publish_to_view_%s", res->name);
	snprintf(method, sizeof(method),
		 "as publish_to_visible_%s, but the consumer takes the "
		 "validated view of the frame in shared memory (what a client "
		 "uploading or importing straight from it uses) once the "
		 "producer has written it all, then checks for a tear; "
		 "%u torn",
		 res->name, x->res->torn);
	visible_vs_memcpy(x, mc_med);
	{
		struct frames_run r = base_run(x, res);

		r.n = stream_frames(x, bytes);
		r.consumer = CONSUME_ZERO_COPY;
		lgmp_poll_init_adaptive(&r.poll, 100000, 10000, 100000);
		snprintf(name, sizeof(name), "%s zero-copy throughput", res->name);
		run(x, &r, name);
		snprintf(name, sizeof(name), "zero_copy_throughput_%s", res->name);
		snprintf(method, sizeof(method),
			 "as throughput_%s with the zero-copy view (only the "
			 "producer copies), against the copying consumer's "
			 "throughput; %u torn",
			 res->name, x->res->torn);
		fig = bench_fragment_value(&x->frag, name, "frames/s", fps_of(x->res), method);
		bench_figure_ref(fig, "copying consumer's throughput (same run)", copy_fps);
	}
}

/* The cadence-predicting poller against B7's 1 ms loop, one pacing. */
static void policies(struct ctx *x, double hz, const char *label)
{
	static const struct resolution *res = &resolutions[0];
	double b7_p50, b7_cpu;
	struct json_object *fig;
	struct frames_run r = base_run(x, res);
	char pacing[128];

	if (hz > 0) {
		r.pacing = PACE_CADENCE;
		r.hz = hz;
		r.jitter_us = JITTER_US;
		r.n = (uint32_t)(hz * 0.8);
		snprintf(pacing, sizeof(pacing),
			 "1080p frames at %.0f Hz with normal jitter "
			 "(sigma %.0f us)",
			 hz, JITTER_US);
	} else {
		r.pacing = PACE_RANDOM;
		r.n = x->n / 2;
		snprintf(pacing, sizeof(pacing), "1080p frames at random 1-4 ms gaps");
	}
	lgmp_poll_init_fixed(&r.poll, 1000000);
	snprintf(name, sizeof(name), "%s B7 loop", label);
	run(x, &r, name);
	b7_p50 = pct(x->res->detect_us, x->res->n, 50);
	b7_cpu = x->res->cpu_frac * 100;
	/* at random gaps this is the figure the report has long shown */
	if (hz > 0)
		snprintf(name, sizeof(name), "detect_b7_%s", label);
	else
		snprintf(name, sizeof(name), "detect_1080p_lg_b7_polling");
	snprintf(method, sizeof(method),
		 "%s; from the producer posting a frame to the consumer's poll "
		 "seeing it, the consumer sleeping a fixed 1 ms between empty "
		 "polls as LG B7's client (app:framePollInterval=1000)",
		 pacing);
	bench_fragment_dist(&x->frag, name, "us", x->res->detect_us, x->res->n, method);
	snprintf(name, sizeof(name), "cpu_b7_%s", label);
	bench_fragment_value(&x->frag, name, "% of a core", b7_cpu,
			     "CPU time of the consumer process (polling and "
			     "copying the frames) over its wall time, B7 loop");

	if (hz <= 0 && x->adaptive_p50_1080p > 0) {
		fig = bench_fragment_value(&x->frag, "detect_1080p_adaptive_vs_lg", "us",
					   x->adaptive_p50_1080p,
					   "median detection delay of the adaptive poller "
					   "(detect_1080p), against the median with LG B7's 1 ms "
					   "polling at random gaps");
		bench_figure_ref(fig, "LG B7 fixed 1 ms polling (median)", b7_p50);
	}
	lgmp_poll_init_cadence(&r.poll, WINDOW_NS);
	snprintf(name, sizeof(name), "%s cadence poller", label);
	run(x, &r, name);
	snprintf(name, sizeof(name), "detect_cadence_%s", label);
	snprintf(method, sizeof(method),
		 "%s; detection delay with the cadence-predicting poller (one "
		 "sleep to a window around the arrival predicted from the "
		 "learned period, 3 sigma of the learned jitter and at least "
		 "%llu us either side, spin inside it; %llu arrivals outside "
		 "the window); against the B7 loop's median in the same run",
		 pacing, WINDOW_NS / 1000, (unsigned long long)x->res->misses);
	fig = bench_fragment_dist(&x->frag, name, "us", x->res->detect_us, x->res->n, method);
	bench_figure_ref(fig, "B7 1 ms loop's median (same run)", b7_p50);
	snprintf(name, sizeof(name), "cpu_cadence_%s", label);
	fig = bench_fragment_value(&x->frag, name, "% of a core", x->res->cpu_frac * 100,
				   "CPU time of the consumer process (polling "
				   "and copying the frames) over its wall "
				   "time, cadence poller; against the B7 "
				   "loop's on the same frames");
	bench_figure_ref(fig, "B7 1 ms loop's CPU (same run)", b7_cpu);
}

static void usage(void)
{
	fprintf(stderr, "usage: frames_bench -o DIR [-n FRAMES] [-s SHM] [-P]\n"
			"  -s  shared memory to use (default /dev/kvmfr0 if usable, else\n"
			"      an unnamed /dev/shm file); a file is kept afterwards\n"
			"  -P  only the polling policies (cadence poller, B7 loop)\n");
}

int main(int argc, char **argv)
{
	static const double cadences[] = { 60, 120, 144 };
	const char *out = NULL;
	char path[256], label[32];
	struct cpu_mark m0, m1;
	struct ctx x = { .n = 200 };
	bool polls_only = false;
	double t0, others;
	int opt, backing_fd = -1;

	while ((opt = getopt(argc, argv, "o:n:s:P")) != -1) {
		switch (opt) {
		case 'P':
			polls_only = true;
			break;
		case 'o':
			out = optarg;
			break;
		case 'n':
			x.n = (uint32_t)strtoul(optarg, NULL, 0);
			break;
		case 's':
			x.shm_path = optarg;
			break;
		default:
			usage();
			return 2;
		}
	}
	if (!out || x.n < 4 || x.n > FRAMES_MAX) {
		usage();
		return 2;
	}
	/* 1 us timer slack so short poll sleeps are short (default 50 us) */
	prctl(PR_SET_TIMERSLACK, 1000UL, 0, 0, 0);
	if (!x.shm_path && !access("/dev/kvmfr0", R_OK | W_OK))
		x.shm_path = "/dev/kvmfr0";
	x.device = x.shm_path && !strncmp(x.shm_path, "/dev/kvmfr", 10);
	/* Our own backing has no name: a killed run leaves no file behind and
	 * a new run cannot meet an old one's. A path given with -s is the
	 * user's: used as it is and left in place.
	 */
	if (!x.shm_path) {
		backing_fd = frames_backing_open(path, sizeof(path));
		if (backing_fd < 0) {
			fprintf(stderr, "frames: no shared memory: %s\n", strerror(-backing_fd));
			return 3;
		}
		x.shm_path = path;
	}
	x.backing = x.device ? "/dev/kvmfr0" : "a /dev/shm file";
	x.sh = mmap(NULL, sizeof(*x.sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	x.res = malloc(sizeof(*x.res));
	if (x.sh == MAP_FAILED || !x.res || bench_fragment_new(&x.frag, out, "frames"))
		return 3;

	t0 = bench_now();
	frames_cpu_mark(&m0);
	for (size_t i = 0; i < sizeof(resolutions) / sizeof(resolutions[0]) && !polls_only; i++)
		per_resolution(&x, &resolutions[i]);
	for (size_t i = 0; i < sizeof(cadences) / sizeof(cadences[0]); i++) {
		snprintf(label, sizeof(label), "%.0fhz", cadences[i]);
		policies(&x, cadences[i], label);
	}
	policies(&x, 0, "random");
	frames_cpu_mark(&m1);
	bench_progress_end();
	snprintf(method, sizeof(method),
		 "CPU time taken by other processes of this machine while the "
		 "frames benchmark ran (%.0f s): /proc/stat busy time minus "
		 "this benchmark's own, in CPUs (the machine has %ld)",
		 bench_now() - t0, sysconf(_SC_NPROCESSORS_ONLN));
	others = frames_cpu_others(&m0, &m1);
	bench_fragment_value(&x.frag, "noise_other_cpu", "CPUs", others, method);
	/* Say it where make bench prints: ratios from a busy machine are not
	 * the transport's.
	 */
	if (others > NOISE_OTHERS_CPUS || x.max_spread > NOISE_SPREAD)
		printf("frames: NOISY machine: other processes took %.2f CPUs "
		       "and the same memcpy spread %.0f %% (p90-p10 over "
		       "median); these ratios do not measure the transport\n",
		       others, x.max_spread * 100);
	else
		printf("frames: quiet machine (others %.2f CPUs, memcpy "
		       "spread %.0f %%)\n",
		       others, x.max_spread * 100);
	if (polls_only)
		printf("frames: -P: no memcpy was repeated, the spread is "
		       "not measured\n");
	if (bench_fragment_write(&x.frag))
		x.status = 1;
	printf("frames: wrote %s/frames.json\n", out);
	if (backing_fd >= 0)
		close(backing_fd);
	return x.status;
}
