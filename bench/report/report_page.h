/* SPDX-License-Identifier: MIT */
/*
 * report.html: one self-contained page (inline CSS and SVG, no script, no
 * network). From the top: the headline (verdict and goals), the comparison
 * with a base run when there is one, the machine, the host as vfctl doctor
 * sees it, then each benchmark's figures and charts.
 */
#ifndef REPORT_PAGE_H
#define REPORT_PAGE_H

#include <stdio.h>

struct json_object;

/** struct report_run - everything the page shows */
struct report_run {
	const char *dir; /* bench directory: fragments and sample files */
	const char *plots; /* chart scratch directory, NULL without gnuplot */
	const char *build; /* git describe of the tree, or "unknown" */
	const char *goals_path;
	int goals_err; /* reading the goals file: 0 or a negative errno */
	unsigned int goals_bad; /* lines of it skipped */
	const char *base_path; /* NULL: no comparison */
	struct json_object *machine, *figures, *benches, *host, *goals, *verdict, *cmp, *base;
};

/**
 * report_page_html - write the page
 * @f: output
 * @r: the run
 */
void report_page_html(FILE *f, const struct report_run *r);

#endif
