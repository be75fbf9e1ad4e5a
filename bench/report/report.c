// SPDX-License-Identifier: MIT
/*
 * bench_report: merge every benchmark fragment $(O)/bench/<name>.json into
 * $(O)/bench/report.json and a self-contained $(O)/bench/report.html with
 * the machine description, each figure with its method, and gnuplot charts
 * (latency CDF and histogram for every distribution, throughput against the
 * memcpy line). Fragments from any benchmark are taken as they come; a
 * malformed figure is reported and skipped, never fatal.
 */
#include <dirent.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/report/bench_fragment.h"
#include "bench/report/report_host.h"
#include "bench/report/report_machine.h"
#include "bench/report/report_plot.h"

static void html_escape(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '&':
			fputs("&amp;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		default:
			fputc(*s, f);
		}
	}
}

static const char *str(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static bool num(struct json_object *o, const char *key, double *out)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !(json_object_is_type(v, json_type_double) ||
	      json_object_is_type(v, json_type_int)))
		return false;
	*out = json_object_get_double(v);
	return true;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Fragment names (without .json), sorted; report.json is not one. */
static size_t list_fragments(const char *dir, char ***names)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0, cap = 0;

	*names = NULL;
	if (!d)
		return 0;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);

		if (len < 6 || strcmp(e->d_name + len - 5, ".json") ||
		    !strcmp(e->d_name, "report.json"))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			*names = realloc(*names, cap * sizeof(**names));
		}
		(*names)[n++] = strndup(e->d_name, len - 5);
	}
	closedir(d);
	if (n)
		qsort(*names, n, sizeof(**names), cmp_str);
	return n;
}

static void fmt_num(FILE *f, double v)
{
	fprintf(f, "%.4g", v);
}

static void html_figure_row(FILE *f, struct json_object *fig)
{
	double v;
	const char *ref = str(fig, "reference");

	fputs("<tr><td>", f);
	html_escape(f, str(fig, "name"));
	fputs("</td><td class=n>", f);
	num(fig, "value", &v);
	fmt_num(f, v);
	fputs("</td><td>", f);
	html_escape(f, str(fig, "unit"));
	fputs("</td><td class=n>", f);
	if (num(fig, "p50", &v)) {
		fmt_num(f, v);
		fputs(" / ", f);
		num(fig, "p99", &v);
		fmt_num(f, v);
		fputs(" / ", f);
		num(fig, "max", &v);
		fmt_num(f, v);
		if (num(fig, "n", &v))
			fprintf(f, " (n=%.0f)", v);
	}
	fputs("</td><td class=n>", f);
	if (num(fig, "ratio", &v)) {
		fprintf(f, "%.3g&times;", v);
		if (ref) {
			fputs(" <small>", f);
			html_escape(f, ref);
			if (num(fig, "reference_value", &v))
				fprintf(f, " = %.4g", v);
			fputs("</small>", f);
		}
	}
	fputs("</td><td><small>", f);
	html_escape(f, str(fig, "method") ? str(fig, "method") : "");
	fputs("</small></td></tr>\n", f);
}

static bool valid_figure(struct json_object *fig)
{
	double v;

	return json_object_is_type(fig, json_type_object) && str(fig, "name") &&
	       str(fig, "unit") && num(fig, "value", &v);
}

static void html_bench(FILE *f, const char *dir, const char *bench,
		       struct json_object *figs, bool plots)
{
	size_t n = json_object_array_length(figs), nbars = 0;
	const char **labels = calloc(n, sizeof(*labels));
	double *vals = calloc(n, sizeof(double)), *refs = calloc(n, sizeof(double));
	const char *bar_unit = NULL;

	fputs("<h2>", f);
	html_escape(f, bench);
	fputs("</h2>\n<table><tr><th>figure</th><th>value</th><th>unit</th>"
	      "<th>p50 / p99 / max</th><th>ratio</th><th>method</th></tr>\n",
	      f);
	for (size_t i = 0; i < n; i++)
		html_figure_row(f, json_object_array_get_idx(figs, i));
	fputs("</table>\n", f);
	if (!plots)
		goto out;
	for (size_t i = 0; i < n; i++) {
		struct json_object *fig = json_object_array_get_idx(figs, i);
		const char *samples = str(fig, "samples");
		const char *unit = str(fig, "unit");
		char *svg;

		/* rates with a reference go into one bar chart */
		if (!samples && unit && strstr(unit, "/s") &&
		    num(fig, "reference_value", &refs[nbars]) &&
		    (!bar_unit || !strcmp(bar_unit, unit))) {
			bar_unit = unit;
			labels[nbars] = str(fig, "name");
			num(fig, "value", &vals[nbars]);
			nbars++;
			continue;
		}
		if (!samples || strchr(samples, '/') || strchr(samples, '\''))
			continue;
		bench_progress("report", samples, i + 1, n);
		svg = report_plot_dist(dir, samples, str(fig, "name"), unit);
		if (svg) {
			fputs("<div class=plot>", f);
			fputs(svg, f);
			fputs("</div>\n", f);
			free(svg);
		}
	}
	if (nbars) {
		char id[300], *svg;

		snprintf(id, sizeof(id), "%s-rates", bench);
		svg = report_plot_bars(dir, id, "rates against their reference",
				       labels, vals, refs, nbars, bar_unit);
		if (svg) {
			fputs("<div class=plot>", f);
			fputs(svg, f);
			fputs("</div>\n", f);
			free(svg);
		}
	}
out:
	free(labels);
	free(vals);
	free(refs);
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "out/bench";
	struct json_object *report = json_object_new_object();
	struct json_object *all = json_object_new_array();
	struct json_object *per = json_object_new_object();
	struct json_object *machine = report_machine();
	struct json_object *host = report_host_load(dir);
	char **names, path[4096];
	size_t n = list_fragments(dir, &names);
	bool plots = report_plot_available();
	json_object_iter it;
	FILE *f;

	for (size_t i = 0; i < n; i++) {
		struct json_object *frag, *kept = json_object_new_array();

		snprintf(path, sizeof(path), "%s/%s.json", dir, names[i]);
		frag = json_object_from_file(path);
		if (!frag || !json_object_is_type(frag, json_type_array)) {
			fprintf(stderr, "report: %s is not a JSON array, skipped\n",
				path);
			json_object_put(frag);
			json_object_put(kept);
			continue;
		}
		for (size_t j = 0; j < json_object_array_length(frag); j++) {
			struct json_object *fig =
				json_object_array_get_idx(frag, j);

			if (!valid_figure(fig)) {
				fprintf(stderr,
					"report: %s: figure %zu lacks name, "
					"unit or value, skipped\n",
					path, j);
				continue;
			}
			json_object_array_add(kept, json_object_get(fig));
			json_object_object_add(fig, "bench",
					       json_object_new_string(names[i]));
			json_object_array_add(all, json_object_get(fig));
		}
		json_object_object_add(per, names[i], kept);
		json_object_put(frag);
	}
	json_object_object_add(report, "machine", json_object_get(machine));
	json_object_object_add(report, "figures", all);
	if (host)
		json_object_object_add(report, "host", json_object_get(host));
	snprintf(path, sizeof(path), "%s/report.json", dir);
	if (json_object_to_file_ext(path, report, JSON_C_TO_STRING_PRETTY) < 0) {
		fprintf(stderr, "report: cannot write %s\n", path);
		return 1;
	}

	snprintf(path, sizeof(path), "%s/report.html", dir);
	f = fopen(path, "w");
	if (!f) {
		perror(path);
		return 1;
	}
	fputs("<!DOCTYPE html>\n<html><head><meta charset=utf-8>"
	      "<title>SR-IOV / Looking Glass benchmark report</title><style>"
	      "body{font-family:sans-serif;margin:2em;max-width:80em}"
	      "table{border-collapse:collapse;margin:1em 0}"
	      "td,th{border:1px solid #ccc;padding:.25em .5em;vertical-align:top}"
	      "td.n{text-align:right;white-space:nowrap}"
	      ".plot{display:inline-block}</style></head><body>\n"
	      "<h1>Benchmark report</h1>\n<h2>Machine</h2>\n<table>\n",
	      f);
	json_object_object_foreachC(machine, it)
	{
		fputs("<tr><th>", f);
		html_escape(f, it.key);
		fputs("</th><td>", f);
		html_escape(f, json_object_get_string(it.val));
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n", f);
	if (host)
		report_host_html(f, host, html_escape);
	if (!plots)
		fputs("<p>gnuplot was not found: charts omitted.</p>\n", f);
	if (!n)
		fputs("<p>No benchmark fragments were found.</p>\n", f);
	json_object_object_foreachC(per, it)
		html_bench(f, dir, it.key, it.val, plots);
	fputs("</body></html>\n", f);
	fclose(f);
	bench_progress_end();
	printf("report: %zu fragment(s), %zu figure(s) -> %s/report.json, "
	       "%s/report.html\n",
	       n, json_object_array_length(all), dir, dir);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	json_object_put(machine);
	json_object_put(host);
	json_object_put(per);
	json_object_put(report);
	return 0;
}
