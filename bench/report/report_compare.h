/* SPDX-License-Identifier: MIT */
/*
 * This run against a base run (an older report.json): each figure's change,
 * held against its noise. A figure measured against a reference of its own
 * run (memcpy of the same bytes, a peer tool) is compared by that ratio, so
 * a machine that is busier or faster as a whole does not move it; any other
 * by its value. A figure's noise is the largest of the two runs' machine
 * noise (bench_noise's memcpy spread), the change of the machine's memcpy
 * rate between the runs and, for a distribution, how far its median can move
 * on its own (the 95 % interval of both medians). A change beyond that in
 * the worse direction is a regression: for a rate (unit "../s") or a factor
 * (unit "x": a speed-up or saving) lower is worse, for everything else
 * (times, sizes, counts) higher is worse.
 */
#ifndef REPORT_COMPARE_H
#define REPORT_COMPARE_H

#include <stddef.h>

struct json_object;

/**
 * report_compare_load - read a base report
 * @path: the base report.json
 * @why: on failure, one sentence saying why (static)
 *
 * Return: the report object, or NULL when it cannot be read or is not a
 * bench report (an object with a "figures" array).
 */
struct json_object *report_compare_load(const char *path, const char **why);

/**
 * report_compare - compare this run's figures with the base report's
 * @figures: this run's "figures" array
 * @machine: this run's machine description
 * @base: what report_compare_load() returned
 * @regressions: number of figures that regressed beyond their noise
 *
 * Return: a new object: "figures", one entry per figure of either run with
 * "bench", "name", "unit", "compared" ("ratio" or "value"), "base" and
 * "value" (of what is compared), "change" (relative), "noise"
 * (relative) and "status" ("regression", "improvement", "within noise",
 * "new", "gone", "not comparable"); and "notes" (differences of the two
 * machines that make a comparison weaker).
 */
struct json_object *report_compare(struct json_object *figures, struct json_object *machine,
				   struct json_object *base, size_t *regressions);

/**
 * report_compare_find - the comparison entry of a figure
 * @cmp: what report_compare() returned (may be NULL)
 * @bench: benchmark
 * @name: figure
 *
 * Return: the entry (borrowed) or NULL.
 */
struct json_object *report_compare_find(struct json_object *cmp, const char *bench,
					const char *name);

#endif
