/* SPDX-License-Identifier: MIT */
/* gnuplot charts for the report, returned as inline SVG text. */
#ifndef REPORT_PLOT_H
#define REPORT_PLOT_H

#include <stdbool.h>
#include <stddef.h>

/**
 * report_plot_available - whether gnuplot can be run
 *
 * Return: true if `gnuplot --version` succeeds.
 */
bool report_plot_available(void);

/**
 * report_plot_dist - CDF and histogram of a sample file
 * @dir: directory of the sample file; scratch files go to @dir/plots
 * @samples: file name inside @dir, one value per line, sorted
 * @title: chart title
 * @unit: axis unit
 *
 * Return: malloc'd SVG markup (two charts), or NULL on failure.
 */
char *report_plot_dist(const char *dir, const char *samples, const char *title,
		       const char *unit);

/**
 * report_plot_bars - measured values against their references, as bars
 * @dir: scratch directory parent (@dir/plots)
 * @id: unique name for the scratch files
 * @title: chart title
 * @labels: one label per pair
 * @values: measured values
 * @refs: reference values (drawn as a second bar, e.g. the memcpy line)
 * @n: pairs
 * @unit: axis unit
 *
 * Return: malloc'd SVG markup or NULL.
 */
char *report_plot_bars(const char *dir, const char *id, const char *title,
		       const char *const *labels, const double *values,
		       const double *refs, size_t n, const char *unit);

#endif
