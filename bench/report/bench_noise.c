// SPDX-License-Identifier: MIT
/*
 * bench_noise: how noisy this machine is while the benchmarks run. The same
 * memcpy (a 16 MiB block, larger than the caches, copied a fixed number of
 * times) is timed in many short runs; the spread of their rates, (p90 - p10)
 * over the median, is how much a figure can move between two identical runs
 * for no reason in the code. The report shows it in its machine section and
 * warns above NOISE_WARN (report_noise.h); bench-compare holds every change
 * against it.
 *
 * Writes DIR/host/noise.json (not a fragment: it describes the machine, not
 * the project) and DIR/host/noise.dat, the rate of each run.
 */
#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bench/report/bench_fragment.h"

#define BLOCK (16u << 20)
#define RUNS 41
#define RUN_SECONDS 0.03

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* @copies memcpy of the block; returns MiB/s */
static double one_run(unsigned char *dst, unsigned char *src, unsigned int copies)
{
	double t0 = bench_now(), t;

	for (unsigned int i = 0; i < copies; i++) {
		src[i % BLOCK]++;
		memcpy(dst, src, BLOCK);
		__asm__ __volatile__("" : : "r"(dst) : "memory");
	}
	t = bench_now() - t0;
	return (double)copies * BLOCK / (1 << 20) / t;
}

int main(int argc, char **argv)
{
	unsigned char *src, *dst;
	double rates[RUNS], t0, spread;
	unsigned int copies = 0;
	struct json_object *o;
	char path[4096];
	FILE *f;

	if (argc != 2) {
		fprintf(stderr, "usage: %s BENCH_DIR\n", argv[0]);
		return 2;
	}
	src = malloc(BLOCK);
	dst = malloc(BLOCK);
	if (!src || !dst)
		return 3;
	memset(src, 0x5a, BLOCK);
	memset(dst, 0xa5, BLOCK);
	/* calibrate: enough copies for RUN_SECONDS, so every run does the same work */
	t0 = bench_now();
	do
		one_run(dst, src, 1), copies++;
	while (bench_now() - t0 < RUN_SECONDS);
	for (int i = 0; i < RUNS; i++) {
		bench_progress("noise", "memcpy runs", (size_t)i, RUNS);
		rates[i] = one_run(dst, src, copies);
	}
	bench_progress_end();
	free(src);
	free(dst);

	snprintf(path, sizeof(path), "%s/host", argv[1]);
	if (mkdir(argv[1], 0755) < 0 && errno != EEXIST)
		return 3;
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		return 3;
	snprintf(path, sizeof(path), "%s/host/noise.dat", argv[1]);
	f = fopen(path, "w");
	if (!f)
		return 3;
	for (int i = 0; i < RUNS; i++)
		fprintf(f, "%.6g\n", rates[i]);
	fclose(f);

	qsort(rates, RUNS, sizeof(rates[0]), cmp_double);
	spread = (bench_percentile(rates, RUNS, 90) - bench_percentile(rates, RUNS, 10)) /
		 bench_percentile(rates, RUNS, 50);
	o = json_object_new_object();
	json_object_object_add(o, "spread", json_object_new_double(spread));
	json_object_object_add(o, "runs", json_object_new_int(RUNS));
	json_object_object_add(o, "copies_per_run", json_object_new_int((int)copies));
	json_object_object_add(o, "block_bytes", json_object_new_int((int)BLOCK));
	json_object_object_add(o, "rate_p10",
			       json_object_new_double(bench_percentile(rates, RUNS, 10)));
	json_object_object_add(o, "rate_p50",
			       json_object_new_double(bench_percentile(rates, RUNS, 50)));
	json_object_object_add(o, "rate_p90",
			       json_object_new_double(bench_percentile(rates, RUNS, 90)));
	json_object_object_add(o, "unit", json_object_new_string("MiB/s"));
	json_object_object_add(o, "samples", json_object_new_string("noise.dat"));
	json_object_object_add(o, "method",
			       json_object_new_string(
				       "the same memcpy of a 16 MiB block timed in "
				       "repeated runs of about 30 ms (CLOCK_MONOTONIC); "
				       "spread = (p90 - p10) / median of the run rates"));
	snprintf(path, sizeof(path), "%s/host/noise.json", argv[1]);
	if (json_object_to_file_ext(path, o, JSON_C_TO_STRING_PRETTY) < 0) {
		fprintf(stderr, "bench_noise: cannot write %s\n", path);
		json_object_put(o);
		return 3;
	}
	printf("noise: memcpy %.0f MiB/s median over %d runs, spread %.1f %%\n",
	       bench_percentile(rates, RUNS, 50), RUNS, spread * 100);
	json_object_put(o);
	return 0;
}
