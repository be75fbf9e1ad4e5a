/* SPDX-License-Identifier: MIT */
/*
 * Writing a benchmark's JSON fragment, $(O)/bench/<name>.json: an array of
 * figure objects {"name","unit","value"} plus, for distributions, "p50",
 * "p99", "max", "n" and the median's 95 % interval "p50_lo", "p50_hi"; for figures against a limit or a peer, "ratio",
 * "reference" (what) and "reference_value"; always a "method" sentence.
 * Raw samples for plots go next to it and are named by "samples".
 */
#ifndef BENCH_FRAGMENT_H
#define BENCH_FRAGMENT_H

#include <stddef.h>

struct json_object;

struct bench_fragment {
	struct json_object *figures;
	char *dir;
	char *name;
};

/**
 * bench_fragment_new - start a fragment
 * @f: fragment
 * @dir: output directory ($(O)/bench), created if missing
 * @name: benchmark name; the file is @dir/@name.json
 *
 * Return: 0 or a negative errno.
 */
int bench_fragment_new(struct bench_fragment *f, const char *dir, const char *name);

/**
 * bench_fragment_value - add a single-valued figure
 * @f: fragment
 * @name: figure name
 * @unit: unit
 * @value: value
 * @method: how it was measured, one or two sentences
 *
 * Return: the figure object, to add a reference with bench_figure_ref().
 */
struct json_object *bench_fragment_value(struct bench_fragment *f, const char *name,
					 const char *unit, double value, const char *method);

/**
 * bench_fragment_dist - add a distribution; value is the median
 * @f: fragment
 * @name: figure name
 * @unit: unit of @samples
 * @samples: the samples (sorted in place)
 * @n: how many
 * @method: how it was measured
 *
 * Also writes the samples to @dir/@f->name-@name.dat for the report's plots.
 *
 * Return: the figure object.
 */
struct json_object *bench_fragment_dist(struct bench_fragment *f, const char *name,
					const char *unit, double *samples, size_t n,
					const char *method);

/**
 * bench_figure_ref - state a figure against a limit or a peer
 * @fig: figure object
 * @reference: what it is compared with
 * @ref_value: the reference in the figure's unit
 *
 * Sets "ratio" = value / @ref_value.
 */
void bench_figure_ref(struct json_object *fig, const char *reference, double ref_value);

/**
 * bench_fragment_write - write the fragment and free it
 * @f: fragment
 *
 * Return: 0 or a negative errno.
 */
int bench_fragment_write(struct bench_fragment *f);

/**
 * bench_now - CLOCK_MONOTONIC, in seconds
 *
 * Return: the time; every figure of every benchmark is on this clock.
 */
double bench_now(void);

/**
 * bench_percentile - percentile of sorted samples (nearest rank)
 * @sorted: ascending samples
 * @n: count, > 0
 * @p: 0..100
 *
 * Return: the sample.
 */
double bench_percentile(const double *sorted, size_t n, double p);

/**
 * bench_progress - one-line progress on a tty (stderr); silent otherwise
 * @bench: benchmark name
 * @what: current step
 * @done: steps done
 * @total: steps in all (0: no count)
 */
void bench_progress(const char *bench, const char *what, size_t done, size_t total);

/**
 * bench_progress_end - finish the progress line
 */
void bench_progress_end(void);

#endif
