/* SPDX-License-Identifier: MIT */
/*
 * The report's charts: named charts that put related figures on one set of
 * axes (the adaptive poller against LG B7's fixed sleep, throughput per
 * resolution beside the memcpy limit, the VM input-to-frame CDF, ...), and a
 * chart of its own for every distribution or rate no named chart shows, so a
 * figure a benchmark adds later is plotted without a change here. A named
 * chart draws the figures the run has and is left out when it has none.
 */
#ifndef REPORT_CHARTS_H
#define REPORT_CHARTS_H

#include <stdio.h>

struct json_object;

/**
 * report_charts_html - every chart of one benchmark, as <figure> elements
 * @f: the HTML output
 * @bench_dir: where the sample files are
 * @plots: directory for the charts' scripts and SVGs
 * @bench: the benchmark whose charts to write
 * @figures: the report's "figures" array
 * @machine: the machine description (the VM accelerator goes into titles)
 *
 * Return: the number of charts written.
 */
int report_charts_html(FILE *f, const char *bench_dir, const char *plots, const char *bench,
		       struct json_object *figures, struct json_object *machine);

#endif
