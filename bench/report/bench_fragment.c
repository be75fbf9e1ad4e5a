// SPDX-License-Identifier: MIT
/* JSON fragments of the benchmarks, their sample files, tty progress. */
#include "bench/report/bench_fragment.h"

#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int bench_fragment_new(struct bench_fragment *f, const char *dir, const char *name)
{
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return -errno;
	f->figures = json_object_new_array();
	f->dir = strdup(dir);
	f->name = strdup(name);
	if (!f->figures || !f->dir || !f->name)
		return -ENOMEM;
	return 0;
}

static struct json_object *figure(struct bench_fragment *f, const char *name, const char *unit,
				  double value, const char *method)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "name", json_object_new_string(name));
	json_object_object_add(o, "unit", json_object_new_string(unit));
	json_object_object_add(o, "value", json_object_new_double(value));
	json_object_object_add(o, "method", json_object_new_string(method));
	json_object_array_add(f->figures, o);
	return o;
}

struct json_object *bench_fragment_value(struct bench_fragment *f, const char *name,
					 const char *unit, double value, const char *method)
{
	return figure(f, name, unit, value, method);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double bench_percentile(const double *sorted, size_t n, double p)
{
	size_t rank = (size_t)(p / 100.0 * (double)n + 0.999999);

	if (rank < 1)
		rank = 1;
	if (rank > n)
		rank = n;
	return sorted[rank - 1];
}

/*
 * The 95 % confidence interval of the median from order statistics (ranks
 * n/2 -+ 0.98 sqrt(n)): how far the median of this run could move in another
 * run on its own, which is the noise bench-compare holds a change against.
 */
static void add_median_ci(struct json_object *o, const double *sorted, size_t n)
{
	size_t root = 0, half, lo, hi;

	/* integer square root: no libm for the benchmarks linking this file */
	while ((root + 1) * (root + 1) <= n)
		root++;
	half = (root * 98 + 99) / 100;
	lo = n / 2 > half ? n / 2 - half : 0;
	hi = n / 2 + half < n ? n / 2 + half : n - 1;
	json_object_object_add(o, "p50_lo", json_object_new_double(sorted[lo]));
	json_object_object_add(o, "p50_hi", json_object_new_double(sorted[hi]));
}

struct json_object *bench_fragment_dist(struct bench_fragment *f, const char *name,
					const char *unit, double *samples, size_t n,
					const char *method)
{
	struct json_object *o;
	char path[4096], file[512];
	FILE *fp;

	if (!n)
		return figure(f, name, unit, 0, method);
	qsort(samples, n, sizeof(*samples), cmp_double);
	o = figure(f, name, unit, bench_percentile(samples, n, 50), method);
	json_object_object_add(o, "p50", json_object_new_double(bench_percentile(samples, n, 50)));
	json_object_object_add(o, "p99", json_object_new_double(bench_percentile(samples, n, 99)));
	json_object_object_add(o, "max", json_object_new_double(samples[n - 1]));
	json_object_object_add(o, "n", json_object_new_int64((int64_t)n));
	add_median_ci(o, samples, n);
	snprintf(file, sizeof(file), "%s-%s.dat", f->name, name);
	snprintf(path, sizeof(path), "%s/%s", f->dir, file);
	fp = fopen(path, "w");
	if (fp) {
		for (size_t i = 0; i < n; i++)
			fprintf(fp, "%.6g\n", samples[i]);
		fclose(fp);
		json_object_object_add(o, "samples", json_object_new_string(file));
	}
	return o;
}

void bench_figure_ref(struct json_object *fig, const char *reference, double ref_value)
{
	struct json_object *v;
	double value = 0;

	if (json_object_object_get_ex(fig, "value", &v))
		value = json_object_get_double(v);
	json_object_object_add(fig, "reference", json_object_new_string(reference));
	json_object_object_add(fig, "reference_value", json_object_new_double(ref_value));
	json_object_object_add(fig, "ratio",
			       json_object_new_double(ref_value ? value / ref_value : 0));
}

int bench_fragment_write(struct bench_fragment *f)
{
	char path[4096];
	int ret = 0;

	snprintf(path, sizeof(path), "%s/%s.json", f->dir, f->name);
	if (json_object_to_file_ext(path, f->figures, JSON_C_TO_STRING_PRETTY) < 0)
		ret = -EIO;
	json_object_put(f->figures);
	free(f->dir);
	free(f->name);
	f->figures = NULL;
	return ret;
}

void bench_progress(const char *bench, const char *what, size_t done, size_t total)
{
	if (!isatty(STDERR_FILENO))
		return;
	if (total)
		fprintf(stderr, "\r\033[K[%s] %s %zu/%zu", bench, what, done, total);
	else
		fprintf(stderr, "\r\033[K[%s] %s", bench, what);
	fflush(stderr);
}

void bench_progress_end(void)
{
	if (isatty(STDERR_FILENO))
		fprintf(stderr, "\r\033[K");
}

double bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}
