// SPDX-License-Identifier: MIT
/* Single-memcpy and two-copy limits, and the machine's noise. */
#include "bench/frames/frames_limits.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench/frames/frames_backing.h"
#include "bench/frames/frames_pair.h"
#include "lgmp/lgmp_atomic.h"
#include "lgmp/lgmp_shm.h"

int frames_memcpy_us(size_t bytes, double *samples, int reps)
{
	uint8_t *a = frames_buf_alloc(bytes), *b = frames_buf_alloc(bytes);

	if (!a || !b) {
		free(a);
		free(b);
		return -ENOMEM;
	}
	for (int i = 0; i < reps; i++) {
		uint64_t t0 = lgmp_now_ns();

		memcpy(b, a, bytes);
		samples[i] = (double)(lgmp_now_ns() - t0) / 1e3;
		a[i % bytes]++; /* keep the copy observable */
	}
	free(a);
	free(b);
	return 0;
}

struct two_copy_sync {
	uint32_t ready, go;
	uint64_t start_ns, stop_ns;
	double fps[2];
};

/* One side: 0 writes private -> shared, 1 reads shared -> private. */
static void copier(struct two_copy_sync *s, int side, uint8_t *shm, uint8_t *priv, size_t bytes)
{
	uint64_t n = 0, last = 0;

	while (!lgmp_load(&s->go))
		lgmp_cpu_relax();
	while ((last = lgmp_now_ns()) < s->stop_ns) {
		uint8_t *buf = shm + ((n + (uint64_t)side) & 1) * bytes;

		if (side == 0)
			memcpy(buf, priv, bytes);
		else
			memcpy(priv, buf, bytes);
		n++;
	}
	s->fps[side] = (double)n * 1e9 / (double)(last - s->start_ns);
}

int frames_two_copy(const char *path, size_t create_size, size_t bytes, unsigned int ms,
		    struct two_copy *out)
{
	struct two_copy_sync *s;
	struct lgmp_shm shm;
	uint8_t *priv;
	size_t base = 1u << 20; /* after where the LGMP header would be */
	int status, ret;
	pid_t pid;

	size_t apart = base + 4 * bytes;
	uint8_t *wbuf, *rbuf;

	memset(out, 0, sizeof(*out));
	/* A file is made large enough for writer and reader to have two
	 * buffers each: copying into and out of the very same lines at the
	 * same moment is cache-line ping-pong, not the transport's pattern
	 * (its consumer reads behind the producer). A device is what it is.
	 */
	if (create_size && create_size < apart)
		create_size = apart;
	ret = lgmp_shm_open(&shm, path, create_size);
	if (ret)
		return ret;
	if (base + 2 * bytes > shm.size) {
		lgmp_shm_close(&shm);
		return -ENOSPC;
	}
	wbuf = (uint8_t *)shm.mem + base;
	/* too small to keep them apart: the reader keeps a buffer behind */
	rbuf = shm.size >= apart ? wbuf + 2 * bytes : wbuf;
	memset(shm.mem, 0, shm.size);
	s = mmap(NULL, sizeof(*s), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (s == MAP_FAILED) {
		lgmp_shm_close(&shm);
		return -errno;
	}
	memset(s, 0, sizeof(*s));
	pid = frames_fork();
	if (pid < 0) {
		ret = -errno;
		goto out;
	}
	priv = frames_buf_alloc(bytes); /* faulted in before the clock runs */
	if (pid == 0) {
		if (!priv)
			_exit(2);
		lgmp_fetch_add(&s->ready, 1);
		copier(s, 0, wbuf, priv, bytes);
		_exit(0);
	}
	while (lgmp_load(&s->ready) < 1)
		lgmp_cpu_relax();
	s->start_ns = lgmp_now_ns();
	s->stop_ns = s->start_ns + (uint64_t)ms * 1000000ull;
	lgmp_store(&s->go, 1);
	if (priv) /* this process reads */
		copier(s, 1, rbuf, priv, bytes);
	else
		ret = -ENOMEM; /* the writer's window still ends */
	free(priv);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status))
		ret = -EIO;
	out->writer_fps = s->fps[0];
	out->reader_fps = s->fps[1];
	out->limit_fps = s->fps[0] < s->fps[1] ? s->fps[0] : s->fps[1];
out:
	munmap(s, sizeof(*s));
	lgmp_shm_close(&shm);
	return ret;
}

void frames_cpu_mark(struct cpu_mark *m)
{
	unsigned long long v[10] = { 0 };
	long hz = sysconf(_SC_CLK_TCK);
	struct rusage self, kids;
	FILE *f = fopen("/proc/stat", "re");

	memset(m, 0, sizeof(*m));
	if (f) {
		/* cpu user nice system idle iowait irq softirq steal ... */
		if (fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2],
			   &v[3], &v[4], &v[5], &v[6], &v[7]) == 8 &&
		    hz > 0) {
			uint64_t busy = v[0] + v[1] + v[2] + v[5] + v[6] + v[7];
			uint64_t total = busy + v[3] + v[4];

			m->busy_ns = busy * (1000000000ull / (uint64_t)hz);
			m->total_ns = total * (1000000000ull / (uint64_t)hz);
		}
		fclose(f);
	}
	getrusage(RUSAGE_SELF, &self);
	getrusage(RUSAGE_CHILDREN, &kids);
	m->own_ns = ((uint64_t)self.ru_utime.tv_sec + self.ru_stime.tv_sec + kids.ru_utime.tv_sec +
		     kids.ru_stime.tv_sec) *
			    1000000000ull +
		    ((uint64_t)self.ru_utime.tv_usec + self.ru_stime.tv_usec +
		     kids.ru_utime.tv_usec + kids.ru_stime.tv_usec) *
			    1000ull;
}

double frames_cpu_others(const struct cpu_mark *a, const struct cpu_mark *b)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	double wall, others;

	if (b->total_ns <= a->total_ns || cpus < 1)
		return 0;
	wall = (double)(b->total_ns - a->total_ns) / (double)cpus;
	others = (double)(b->busy_ns - a->busy_ns) - (double)(b->own_ns - a->own_ns);
	return others > 0 ? others / wall : 0;
}
