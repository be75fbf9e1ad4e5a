// SPDX-License-Identifier: MIT
/*
 * Transport benchmark: a KVMFR/LGMP producer (what LG's host app does in the
 * guest) and consumer (what the LG client does) as two host processes over
 * the same shared memory (/dev/kvmfr0 when present, else a /dev/shm file),
 * at 1080p, 1440p and 4K BGRA. Every time is CLOCK_MONOTONIC of this host.
 *
 * - publish-to-visible: from the producer posting a frame (B7 posts before
 *   writing pixels) to the consumer holding the complete frame in its own
 *   memory, frames posted at random 1-4 ms gaps so the consumer is idle;
 * - detection delay: post to the consumer's poll seeing the message, with
 *   the adaptive poller and with LG B7's fixed 1 ms sleep;
 * - throughput: frames streamed back to back, consumed and copied out.
 * Each is reported against a memcpy of the same frame measured in this run.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench/report/bench_fragment.h"
#include "lgmp/kvmfr_client.h"
#include "lgmp/kvmfr_host.h"
#include "lgmp/lgmp_shm.h"

#define MAX_FRAMES 4096

struct resolution {
	const char *name;
	uint32_t w, h, shm_mib; /* shm size from LG's B7 sizing formula */
};

static const struct resolution resolutions[] = {
	{ "1080p", 1920, 1080, 32 },
	{ "1440p", 2560, 1440, 64 },
	{ "4k", 3840, 2160, 128 },
};

/* Shared between the two processes, outside the LGMP memory. */
struct shared {
	uint64_t publish_ns[MAX_FRAMES + 1]; /* by frame serial */
	uint32_t done;                       /* consumer finished */
};

struct run {
	const char *path;
	size_t create_size;
	uint32_t w, h, n;
	bool paced;
	struct shared *sh;
};

static uint32_t rnd_state = 2463534242u;

static uint32_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state;
}

static void sleep_ns(uint64_t ns)
{
	struct timespec ts = { (time_t)(ns / 1000000000ull),
			       (long)(ns % 1000000000ull) };

	nanosleep(&ts, NULL);
}

/* Runs in the child: publish r->n frames, keep the heartbeat going. */
static int producer(const struct run *r)
{
	struct kvmfr_frame_desc d = { .type = KVMFR_FRAME_BGRA,
				      .width = r->w, .height = r->h,
				      .pitch = r->w * 4, .format_ver = 1 };
	size_t bytes = (size_t)r->w * r->h * 4;
	uint64_t last_beat = 0, deadline;
	struct kvmfr_host kh;
	struct lgmp_shm shm;
	uint8_t *src, *px;
	uint32_t i;

	if (lgmp_shm_open(&shm, r->path, 0) ||
	    kvmfr_host_init(&kh, shm.mem, shm.size, NULL))
		return 2;
	src = malloc(bytes);
	if (!src)
		return 2;
	memset(src, 0x5a, bytes);
	deadline = lgmp_now_ns() + 10000000000ull;
	while (!lgmp_host_queue_has_subs(kh.frame_q)) {
		if (lgmp_now_ns() > deadline)
			return 3;
		kvmfr_host_process(&kh);
		sleep_ns(1000000);
	}
	for (i = 1; i <= r->n; i++) {
		uint64_t t0;
		int ret;

		if (r->paced) {
			uint64_t until = lgmp_now_ns() + 1000000 +
					 rnd() % 3000000;

			while (lgmp_now_ns() < until) {
				kvmfr_host_process(&kh);
				sleep_ns(500000);
			}
		}
		for (;;) {
			uint64_t now = lgmp_now_ns();

			if (now - last_beat > 10000000) {
				kvmfr_host_process(&kh); /* B7: every 10 ms */
				last_beat = now;
			}
			t0 = lgmp_now_ns();
			ret = kvmfr_host_frame_begin(&kh, &d, &px);
			if (ret != -EAGAIN)
				break;
			if (now > deadline + 60000000000ull)
				return 4;
			lgmp_cpu_relax();
		}
		if (ret)
			return 5;
		r->sh->publish_ns[kh.frame_serial] = t0;
		memcpy(src, &kh.frame_serial, sizeof(kh.frame_serial));
		kvmfr_host_frame_write(&kh, src, bytes);
	}
	/* Stay alive (heartbeat) until the consumer has everything. */
	deadline = lgmp_now_ns() + 30000000000ull;
	while (!__atomic_load_n(&r->sh->done, __ATOMIC_ACQUIRE) &&
	       lgmp_now_ns() < deadline) {
		kvmfr_host_process(&kh);
		sleep_ns(1000000);
	}
	return 0;
}

struct consumed {
	double visible_us[MAX_FRAMES], detect_us[MAX_FRAMES];
	uint32_t n, torn, timeouts, bad;
	uint64_t first_ns, last_ns;
};

static int consumer(const struct run *r, struct lgmp_shm *shm,
		    struct lgmp_poll *poll, struct consumed *c, const char *tag)
{
	struct lgmp_client cl;
	struct lgmp_client_queue *q;
	uint8_t *dst = malloc((size_t)r->w * r->h * 4);
	uint64_t deadline = lgmp_now_ns() + 120000000000ull;
	uint32_t got = 0;
	int ret;

	memset(c, 0, sizeof(*c));
	if (!dst)
		return -ENOMEM;
	memset(dst, 0, (size_t)r->w * r->h * 4); /* fault it in */
	lgmp_client_init(&cl, shm->mem, shm->size);
	while ((ret = lgmp_client_session_init(&cl, NULL, NULL)) != 0) {
		if (lgmp_now_ns() > deadline)
			goto out;
		sleep_ns(1000000);
	}
	while ((ret = lgmp_client_subscribe(&cl, KVMFR_QUEUE_FRAME, &q)) != 0) {
		if (lgmp_now_ns() > deadline)
			goto out;
		sleep_ns(1000000);
	}
	while (got < r->n && lgmp_now_ns() < deadline) {
		struct lgmp_message m;
		struct kvmfr_frame_view v;
		uint64_t t_detect, t_vis, t_pub;
		uint32_t serial;

		ret = lgmp_client_process(q, &m);
		if (ret == -EAGAIN) {
			ret = lgmp_client_session_valid(&cl);
			if (ret)
				goto out;
			lgmp_poll_idle(poll);
			continue;
		}
		if (ret)
			goto out;
		t_detect = lgmp_now_ns();
		lgmp_poll_hit(poll);
		if (kvmfr_frame_validate(&m, &v)) {
			c->bad++;
			lgmp_client_message_done(q);
			continue;
		}
		ret = kvmfr_frame_copy(&v, dst, poll, 1000000000ull);
		t_vis = lgmp_now_ns();
		lgmp_client_message_done(q);
		if (ret == -ESTALE) {
			c->torn++;
			continue;
		}
		if (ret) {
			c->timeouts++;
			continue;
		}
		memcpy(&serial, dst, sizeof(serial));
		if (serial != v.hdr.frame_serial || serial > MAX_FRAMES) {
			c->bad++;
			continue;
		}
		t_pub = r->sh->publish_ns[serial];
		if (!c->first_ns)
			c->first_ns = t_pub;
		c->last_ns = t_vis;
		c->visible_us[got] = (double)(t_vis - t_pub) / 1e3;
		c->detect_us[got] = (double)(t_detect - t_pub) / 1e3;
		got++;
		bench_progress("frames", tag, got, r->n);
	}
	ret = got == r->n ? 0 : -ETIMEDOUT;
out:
	c->n = got;
	__atomic_store_n(&r->sh->done, 1, __ATOMIC_RELEASE);
	lgmp_client_unsubscribe(q);
	free(dst);
	return ret;
}

/* One producer/consumer session; returns 0 when every frame arrived. */
static int run_pair(struct run *r, struct lgmp_poll *poll, struct consumed *c,
		    const char *tag)
{
	struct lgmp_shm shm;
	int status, ret;
	pid_t pid;

	memset(r->sh, 0, sizeof(*r->sh));
	ret = lgmp_shm_open(&shm, r->path, r->create_size);
	if (ret)
		return ret;
	memset(shm.mem, 0, shm.size); /* no stale header from an earlier run */
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0)
		_exit(producer(r));
	ret = consumer(r, &shm, poll, c, tag);
	if (waitpid(pid, &status, 0) == pid &&
	    (!WIFEXITED(status) || WEXITSTATUS(status))) {
		fprintf(stderr, "frames: producer failed (status %d)\n", status);
		ret = ret ? ret : -EIO;
	}
	lgmp_shm_close(&shm);
	return ret;
}

static void memcpy_us(size_t bytes, double *samples, int reps)
{
	uint8_t *a = malloc(bytes), *b = malloc(bytes);

	memset(a, 1, bytes);
	memset(b, 2, bytes);
	for (int i = 0; i < reps; i++) {
		uint64_t t0 = lgmp_now_ns();

		memcpy(b, a, bytes);
		samples[i] = (double)(lgmp_now_ns() - t0) / 1e3;
		a[i % bytes]++; /* keep the copy observable */
	}
	free(a);
	free(b);
}

static void usage(void)
{
	fprintf(stderr, "usage: frames_bench -o DIR [-n FRAMES] [-s SHM]\n");
}

int main(int argc, char **argv)
{
	const char *out = NULL, *shm_path = NULL;
	char path[256], name[64], method[512];
	uint32_t n = 200;
	struct bench_fragment frag;
	struct shared *sh;
	struct consumed *c;
	int opt, status = 0;
	bool device;

	while ((opt = getopt(argc, argv, "o:n:s:")) != -1) {
		switch (opt) {
		case 'o':
			out = optarg;
			break;
		case 'n':
			n = (uint32_t)strtoul(optarg, NULL, 0);
			break;
		case 's':
			shm_path = optarg;
			break;
		default:
			usage();
			return 2;
		}
	}
	if (!out || !n || n > MAX_FRAMES) {
		usage();
		return 2;
	}
	/* 1 us timer slack so short poll sleeps are short (default 50 us) */
	prctl(PR_SET_TIMERSLACK, 1000UL, 0, 0, 0);
	if (!shm_path && !access("/dev/kvmfr0", R_OK | W_OK))
		shm_path = "/dev/kvmfr0";
	device = shm_path && !strncmp(shm_path, "/dev/kvmfr", 10);
	if (!shm_path) {
		snprintf(path, sizeof(path), "/dev/shm/lg-frames-bench-%d",
			 (int)getpid());
		shm_path = path;
	}
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	c = malloc(sizeof(*c));
	if (sh == MAP_FAILED || !c || bench_fragment_new(&frag, out, "frames"))
		return 3;

	for (size_t i = 0; i < sizeof(resolutions) / sizeof(resolutions[0]);
	     i++) {
		const struct resolution *res = &resolutions[i];
		size_t bytes = (size_t)res->w * res->h * 4;
		struct run r = { .path = shm_path, .w = res->w, .h = res->h,
				 .sh = sh };
		uint32_t nres = bytes > (16u << 20) ? n / 2 : n;
		double mc[64], mc_med, mc_fps;
		struct lgmp_poll poll;
		struct json_object *fig;
		int ret;

		r.create_size = device ? 0 : (size_t)res->shm_mib << 20;
		bench_progress("frames", "memcpy", i, 3);
		memcpy_us(bytes, mc, 64);
		snprintf(name, sizeof(name), "memcpy_%s", res->name);
		snprintf(method, sizeof(method),
			 "memcpy of one %ux%u BGRA frame (%zu B) between two "
			 "private buffers, 64 runs, CLOCK_MONOTONIC",
			 res->w, res->h, bytes);
		fig = bench_fragment_dist(&frag, name, "us", mc, 64, method);
		mc_med = bench_percentile(mc, 64, 50); /* mc is sorted now */
		mc_fps = 1e6 / mc_med;

		/* latency, frames at random gaps, adaptive poller */
		r.n = nres;
		r.paced = true;
		lgmp_poll_init_adaptive(&poll, 100000, 10000, 100000);
		snprintf(name, sizeof(name), "%s latency", res->name);
		ret = run_pair(&r, &poll, c, name);
		if (ret) {
			fprintf(stderr, "frames: %s latency run failed: %s\n",
				res->name, strerror(-ret));
			status = 1;
		}
		snprintf(name, sizeof(name), "publish_to_visible_%s",
			 res->name);
		snprintf(method, sizeof(method),
			 "producer and consumer processes over %s; frames posted "
			 "at random 1-4 ms gaps; from the producer posting the "
			 "frame (before writing pixels, as LG B7) to the consumer "
			 "holding the whole frame in private memory; adaptive "
			 "polling (spin 100 us, then sleeps 10-100 us)",
			 device ? "/dev/kvmfr0" : "a /dev/shm file");
		fig = bench_fragment_dist(&frag, name, "us", c->visible_us,
					  c->n, method);
		bench_figure_ref(fig, "memcpy of the same frame (median)",
				 mc_med);
		snprintf(name, sizeof(name), "detect_%s", res->name);
		snprintf(method, sizeof(method),
			 "from the producer posting the frame to the consumer's "
			 "poll seeing it (adaptive polling: spin 100 us, then "
			 "sleeps 10-100 us), same run as publish_to_visible_%s",
			 res->name);
		bench_fragment_dist(&frag, name, "us", c->detect_us, c->n,
				    method);
		snprintf(name, sizeof(name), "torn_%s", res->name);
		bench_fragment_value(&frag, name, "frames",
				     c->torn + c->bad + c->timeouts,
				     "frames the consumer dropped as torn, "
				     "invalid or stalled in the latency run");

		if (i == 0) {
			/* the same with Looking Glass B7's polling */
			double adaptive_p50 = bench_percentile(c->detect_us,
							       c->n, 50);

			r.n = n / 2;
			lgmp_poll_init_fixed(&poll, 1000000);
			ret = run_pair(&r, &poll, c, "1080p LG-1ms polling");
			if (ret)
				status = 1;
			fig = bench_fragment_dist(
				&frag, "detect_1080p_lg_b7_polling", "us",
				c->detect_us, c->n,
				"as detect_1080p but the consumer sleeps a fixed "
				"1 ms between empty polls, as the LG B7 client "
				"(app:framePollInterval=1000)");
			fig = bench_fragment_value(
				&frag, "detect_1080p_adaptive_vs_lg", "us",
				adaptive_p50,
				"median detection delay of the adaptive poller, "
				"against the median with LG B7's 1 ms polling");
			bench_figure_ref(fig,
					 "LG B7 fixed 1 ms polling (median)",
					 bench_percentile(c->detect_us, c->n,
							  50));
		}

		/* throughput: back to back */
		r.n = nres;
		r.paced = false;
		lgmp_poll_init_adaptive(&poll, 100000, 10000, 100000);
		snprintf(name, sizeof(name), "%s throughput", res->name);
		ret = run_pair(&r, &poll, c, name);
		if (ret)
			status = 1;
		snprintf(name, sizeof(name), "throughput_%s", res->name);
		snprintf(method, sizeof(method),
			 "%u frames streamed back to back through the 2-buffer "
			 "KVMFR frame queue, each written by the producer and "
			 "copied out by the consumer; frames over the time from "
			 "the first post to the last frame visible",
			 c->n);
		fig = bench_fragment_value(
			&frag, name, "frames/s",
			c->n > 1 && c->last_ns > c->first_ns ?
				(double)c->n * 1e9 /
					(double)(c->last_ns - c->first_ns) :
				0,
			method);
		bench_figure_ref(fig, "memcpy rate of the same frame", mc_fps);
	}
	bench_progress_end();
	if (!device)
		unlink(shm_path);
	if (bench_fragment_write(&frag))
		status = 1;
	printf("frames: wrote %s/frames.json\n", out);
	return status;
}
