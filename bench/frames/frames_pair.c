// SPDX-License-Identifier: MIT
/* Producer and consumer processes of the frames benchmark. */
#include "bench/frames/frames_pair.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench/frames/frames_backing.h"
#include "bench/report/bench_fragment.h"
#include "lgmp/kvmfr_client.h"
#include "lgmp/kvmfr_host.h"
#include "lgmp/lgmp_atomic.h"
#include "lgmp/lgmp_shm.h"

#define HUGE_PAGE (2u << 20)

static uint32_t rnd_state = 2463534242u;

static uint32_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 17;
	rnd_state ^= rnd_state << 5;
	return rnd_state;
}

/* Normal-ish jitter: the sum of four uniforms, scaled to sigma, clipped. */
static double jitter_ns(double sigma_us)
{
	double s = 0;

	for (int i = 0; i < 4; i++)
		s += (double)rnd() / 4294967296.0 - 0.5;
	/* four uniforms on [-0.5, 0.5] have sigma 1/sqrt(3) */
	return s * sqrt(3.0) * sigma_us * 1e3;
}

static void nap_ns(uint64_t ns)
{
	struct timespec ts = { (time_t)(ns / 1000000000ull), (long)(ns % 1000000000ull) };

	nanosleep(&ts, NULL);
}

void *frames_buf_alloc(size_t bytes)
{
	size_t size = (bytes + HUGE_PAGE - 1) & ~(size_t)(HUGE_PAGE - 1);
	void *p = aligned_alloc(HUGE_PAGE, size);

	if (!p)
		return NULL;
	madvise(p, size, MADV_HUGEPAGE); /* advice: fine if refused */
	memset(p, 1, size);
	return p;
}

static uint64_t thread_cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* Keep the heartbeat going (B7: every 10 ms) until @until_ns. */
static void beat_until(struct kvmfr_host *kh, uint64_t until_ns)
{
	uint64_t now;

	while ((now = lgmp_now_ns()) < until_ns) {
		uint64_t left = until_ns - now;

		kvmfr_host_process(kh);
		if (left > 300000)
			nap_ns(left - 300000 < 5000000 ? left - 300000 : 5000000);
		else
			lgmp_cpu_relax(); /* spin to the exact time */
	}
}

/* Runs in the child: publish r->n frames, keep the heartbeat going. */
static int producer(const struct frames_run *r)
{
	struct kvmfr_frame_desc d = { .type = KVMFR_FRAME_BGRA,
				      .width = r->w,
				      .height = r->h,
				      .pitch = r->w * 4,
				      .format_ver = 1 };
	size_t bytes = (size_t)r->w * r->h * 4;
	uint64_t last_beat = 0, deadline, next = 0, period = 0;
	struct kvmfr_host kh;
	struct lgmp_shm shm;
	uint8_t *src, *px;

	const struct kvmfr_host_config cfg = { .publish_chunk = r->publish_chunk };

	if (lgmp_shm_open(&shm, r->path, 0) || kvmfr_host_init(&kh, shm.mem, shm.size, &cfg))
		return 2;
	src = frames_buf_alloc(bytes);
	if (!src)
		return 2;
	memset(src, 0x5a, bytes);
	deadline = lgmp_now_ns() + 10000000000ull;
	while (!lgmp_host_queue_has_subs(kh.frame_q)) {
		if (lgmp_now_ns() > deadline)
			return 3;
		kvmfr_host_process(&kh);
		nap_ns(1000000);
	}
	if (r->pacing == PACE_CADENCE) {
		period = (uint64_t)(1e9 / r->hz);
		next = lgmp_now_ns() + 20000000;
	}
	for (uint32_t i = 0; i < r->n; i++) {
		uint64_t t0, c0;
		int ret;

		if (r->pacing == PACE_RANDOM) {
			beat_until(&kh, lgmp_now_ns() + 1000000 + rnd() % 3000000);
		} else if (r->pacing == PACE_CADENCE) {
			beat_until(&kh, next + (uint64_t)(int64_t)jitter_ns(r->jitter_us));
			next += period;
		}
		for (;;) {
			uint64_t now = lgmp_now_ns();

			if (now - last_beat > 10000000) {
				kvmfr_host_process(&kh);
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
		c0 = thread_cpu_ns();
		memcpy(src, &kh.frame_serial, sizeof(kh.frame_serial));
		kvmfr_host_frame_write(&kh, src, bytes);
		r->sh->write_us[kh.frame_serial] = (double)(lgmp_now_ns() - t0) / 1e3;
		/* CPU time is blind to preemption: on a busy machine it still
		 * shows what a following consumer costs the producer
		 */
		r->sh->write_cpu_us[kh.frame_serial] = (double)(thread_cpu_ns() - c0) / 1e3;
	}
	/* Stay alive (heartbeat) until the consumer has everything. */
	deadline = lgmp_now_ns() + 30000000000ull;
	while (!lgmp_load(&r->sh->done) && lgmp_now_ns() < deadline) {
		kvmfr_host_process(&kh);
		nap_ns(1000000);
	}
	return 0;
}

/* B7's client copy (framebuffer_read_linear): 1 MiB at a time, each chunk
 * waited for completely, sleeping usleep(1) between looks at wp.
 */
static int b7_copy(const struct kvmfr_frame_view *v, uint8_t *dst)
{
	uint32_t rp = 0;

	while (rp < v->data_size) {
		uint32_t n = v->data_size - rp;
		int spins = 0;

		if (n > KVMFR_FB_CHUNK_SIZE)
			n = KVMFR_FB_CHUNK_SIZE;
		while (lgmp_load(&v->fb->wp) < rp + n) {
			if (++spins == 10000) /* B7's FB_SPIN_LIMIT */
				return -ETIMEDOUT;
			nap_ns(1000);
		}
		memcpy(dst + rp, v->fb->data + rp, n);
		rp += n;
	}
	return kvmfr_frame_verify(v);
}

/* Take one frame the configured way; *serial is what its pixels say. */
static int take(struct frames_run *r, const struct kvmfr_frame_view *v, uint8_t *dst,
		uint32_t *serial)
{
	const uint8_t *view;
	int ret;

	switch (r->consumer) {
	case CONSUME_ZERO_COPY:
		ret = kvmfr_frame_map(v, &view, &r->poll, 1000000000ull);
		if (ret)
			return ret;
		/* what an uploader reads, then the tear check after use */
		memcpy(serial, view, sizeof(*serial));
		return kvmfr_frame_verify(v);
	case CONSUME_B7:
		ret = b7_copy(v, dst);
		break;
	default:
		ret = kvmfr_frame_copy(v, dst, &r->poll, 1000000000ull);
		break;
	}
	memcpy(serial, dst, sizeof(*serial));
	return ret;
}

static uint64_t cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int consumer(struct frames_run *r, struct lgmp_shm *shm, struct frames_result *c,
		    const char *tag)
{
	size_t bytes = (size_t)r->w * r->h * 4;
	uint64_t deadline = lgmp_now_ns() + 120000000000ull, cpu0, wall0;
	struct lgmp_client_queue *q = NULL;
	struct lgmp_client cl;
	uint8_t *dst = frames_buf_alloc(bytes);
	uint32_t got = 0;
	int ret;

	memset(c, 0, sizeof(*c));
	if (!dst)
		return -ENOMEM;
	lgmp_client_init(&cl, shm->mem, shm->size);
	while ((ret = lgmp_client_session_init(&cl, NULL, NULL)) != 0) {
		if (lgmp_now_ns() > deadline)
			goto out;
		nap_ns(1000000);
	}
	while ((ret = lgmp_client_subscribe(&cl, KVMFR_QUEUE_FRAME, &q)) != 0) {
		if (lgmp_now_ns() > deadline)
			goto out;
		nap_ns(1000000);
	}
	cpu0 = cpu_ns();
	wall0 = lgmp_now_ns();
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
			lgmp_poll_idle(&r->poll);
			continue;
		}
		if (ret)
			goto out;
		t_detect = lgmp_now_ns();
		lgmp_poll_hit(&r->poll);
		if (kvmfr_frame_validate(&m, &v)) {
			c->bad++;
			lgmp_client_message_done(q);
			continue;
		}
		ret = take(r, &v, dst, &serial);
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
		if (serial != v.hdr.frame_serial || serial >= FRAMES_MAX) {
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
	c->cpu_frac = (double)(cpu_ns() - cpu0) / (double)(lgmp_now_ns() - wall0);
	c->misses = r->poll.misses;
	ret = got == r->n ? 0 : -ETIMEDOUT;
out:
	c->n = got;
	lgmp_store(&r->sh->done, 1);
	if (q)
		lgmp_client_unsubscribe(q);
	free(dst);
	return ret;
}

int frames_run_pair(struct frames_run *r, struct frames_result *res, const char *tag)
{
	struct lgmp_shm shm;
	int status, ret;
	pid_t pid;

	memset(r->sh, 0, sizeof(*r->sh));
	ret = lgmp_shm_open(&shm, r->path, r->create_size);
	if (ret)
		return ret;
	memset(shm.mem, 0, shm.size); /* no stale header from an earlier run */
	pid = frames_fork();
	if (pid < 0) {
		ret = -errno;
		lgmp_shm_close(&shm);
		return ret;
	}
	if (pid == 0)
		_exit(producer(r));
	ret = consumer(r, &shm, res, tag);
	if (waitpid(pid, &status, 0) == pid && (!WIFEXITED(status) || WEXITSTATUS(status))) {
		fprintf(stderr, "frames: producer failed (status %d)\n", status);
		ret = ret ? ret : -EIO;
	}
	lgmp_shm_close(&shm);
	return ret;
}
