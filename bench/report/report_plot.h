/* SPDX-License-Identifier: MIT */
/*
 * gnuplot charts for the report, returned as inline SVG text with a fixed
 * size in CSS pixels (width and height attributes, not only a viewBox), so a
 * browser shows them at that size whatever box they sit in.
 */
#ifndef REPORT_PLOT_H
#define REPORT_PLOT_H

#include <stdbool.h>
#include <stddef.h>

/* every chart's size in CSS pixels */
#define REPORT_PLOT_WIDTH 640
#define REPORT_PLOT_HEIGHT 360

/** struct report_series - one line of a chart: a sample file and its legend */
struct report_series {
	const char *path; /* one number per line; ascending for a CDF */
	const char *label; /* legend entry */
};

/** struct report_bar - one group of a bar chart: the measured value and its limit */
struct report_bar {
	const char *label; /* x axis */
	double value;
	double ref; /* < 0: no reference bar */
};

/**
 * report_plot_available - whether gnuplot can be run
 *
 * Return: true if `gnuplot --version` succeeds.
 */
bool report_plot_available(void);

/**
 * report_plot_cdf - cumulative distributions of sample files on one set of axes
 * @plots: directory for the chart's script, SVG and gnuplot log
 * @id: file name stem, unique in @plots
 * @title: chart title
 * @xlabel: x axis label with its unit
 * @s: series, each drawn as a step line with its legend entry
 * @n: number of series
 * @logx: logarithmic x axis (for series orders of magnitude apart)
 *
 * Return: malloc'd SVG markup, or NULL on failure.
 */
char *report_plot_cdf(const char *plots, const char *id, const char *title, const char *xlabel,
		      const struct report_series *s, size_t n, bool logx);

/**
 * report_plot_bars - measured values beside their limits, as grouped bars
 * @plots: directory for the chart's files
 * @id: file name stem
 * @title: chart title
 * @ylabel: y axis label with its unit
 * @value_label: legend of the measured bars
 * @ref_label: legend of the reference bars (NULL: no reference bars)
 * @bars: the groups
 * @n: number of groups
 *
 * Return: malloc'd SVG markup, or NULL on failure.
 */
char *report_plot_bars(const char *plots, const char *id, const char *title, const char *ylabel,
		       const char *value_label, const char *ref_label,
		       const struct report_bar *bars, size_t n);

/**
 * report_plot_runs - one value per run, in the order of the runs, and the median
 * @plots: directory for the chart's files
 * @id: file name stem
 * @title: chart title
 * @ylabel: y axis label with its unit
 * @s: the sample file (run order) and its legend
 * @median: drawn as a horizontal line
 *
 * Return: malloc'd SVG markup, or NULL on failure.
 */
char *report_plot_runs(const char *plots, const char *id, const char *title, const char *ylabel,
		       const struct report_series *s, double median);

#endif
