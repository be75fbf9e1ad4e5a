// SPDX-License-Identifier: MIT
/* See report_page.h. */
#include "bench/report/report_page.h"

#include <errno.h>
#include <json-c/json.h>
#include <math.h>
#include <string.h>

#include "bench/report/report_charts.h"
#include "bench/report/report_compare.h"
#include "bench/report/report_host.h"
#include "bench/report/report_machine.h"
#include "bench/report/report_util.h"

static const char style[] =
	"body{font-family:'DejaVu Sans',sans-serif;margin:1.5em auto;max-width:96em;"
	"padding:0 1em;color:#222;line-height:1.35}"
	"h1{margin-bottom:.2em}.sub{color:#555;margin-top:0}"
	"table{border-collapse:collapse;margin:.8em 0}"
	"td,th{border:1px solid #ccc;padding:.25em .5em;vertical-align:top;text-align:left}"
	"td.n{text-align:right;white-space:nowrap}small{color:#555}"
	/* the reference under the value, wrapped, so the goals fit the page */
	"td.n small{display:block;white-space:normal;max-width:22em;margin-left:auto}"
	".verdict{font-size:1.25em;font-weight:bold;padding:.6em .9em;border-radius:4px}"
	".good{background:#e6f4ea;border-left:6px solid #1e8e3e}"
	".bad{background:#fce8e6;border-left:6px solid #d93025}"
	".none{background:#f1f3f4;border-left:6px solid #888}"
	"tr.pass td.res{color:#1e8e3e;font-weight:bold}"
	"tr.miss td.res{color:#d93025;font-weight:bold}"
	"tr.unmeasured td{color:#777}#goals{width:100%}#goals td:nth-child(2){min-width:20em}"
	"tr.regression td{background:#fce8e6}td.regression{color:#d93025;font-weight:bold}"
	"tr.improvement td{background:#e6f4ea}"
	".warn{background:#fef7e0;border-left:6px solid #f9ab00;padding:.5em .8em}"
	".charts{display:flex;flex-wrap:wrap;gap:1em}"
	".plot{margin:0;max-width:100%;overflow-x:auto}"
	".plot svg{display:block;width:640px;height:360px;border:1px solid #ddd}"
	"figcaption{max-width:640px;font-size:.85em;color:#555;margin-top:.3em}";

/* 4 significant digits, but whole numbers up to a million stay whole:
 * %.4g would write 28940 as 2.894e+04 */
static void fmt(FILE *f, double v)
{
	if (fabs(v) >= 1e6 || (fabs(v) < 1e-3 && v != 0))
		fprintf(f, "%.3e", v);
	else if (fabs(v) >= 1e4)
		fprintf(f, "%.0f", v);
	else
		fprintf(f, "%.4g", v);
}

static void change_cell(FILE *f, struct json_object *e)
{
	const char *st = report_str(e, "status");
	double c, noise;

	fprintf(f, "<td class=\"n %s\">", st ? st : "");
	if (report_num(e, "change", &c))
		fprintf(f, "%+.1f %%", c * 100);
	else if (st && (!strcmp(st, "regression") || !strcmp(st, "improvement")))
		fputs("from 0", f);
	fputs(" <small>", f);
	report_escape(f, st);
	if (report_str(e, "compared") && !strcmp(report_str(e, "compared"), "ratio"))
		fputs(" (of the ratio)", f);
	if (report_num(e, "noise", &noise))
		fprintf(f, ", noise %.1f %%", noise * 100);
	fputs("</small></td>", f);
}

/* a compared quantity: a ratio, or a value in the figure's unit */
static void base_cell(FILE *f, struct json_object *e, double v)
{
	const char *by = report_str(e, "compared");

	if (by && !strcmp(by, "ratio")) {
		fprintf(f, "%.3g&times;", v);
		return;
	}
	fmt(f, v);
	fputs(" ", f);
	report_escape(f, report_unit(report_str(e, "unit")));
}

static void headline(FILE *f, const struct report_run *r)
{
	const char *text = report_str(r->verdict, "text");
	struct json_object *v;
	size_t n = json_object_array_length(r->goals);
	bool good = json_object_object_get_ex(r->verdict, "good", &v) && json_object_get_boolean(v);
	double met = 0, missed = 0;

	report_num(r->verdict, "met", &met);
	report_num(r->verdict, "missed", &missed);
	fprintf(f, "<section id=headline>\n<h2>Headline</h2>\n<p id=verdict class=\"verdict %s\">",
		good   ? "good" :
		missed ? "bad" :
			 "none");
	report_escape(f, text);
	fputs("</p>\n", f);
	if (r->goals_err) {
		fputs("<p class=warn>The goals file ", f);
		report_escape(f, r->goals_path);
		fprintf(f, " could not be read (%s): no figure is held against a goal.</p>\n",
			strerror(-r->goals_err));
	}
	if (r->goals_bad)
		fprintf(f,
			"<p class=warn>%u line(s) of the goals file could not be read and were "
			"skipped (see the report's messages).</p>\n",
			r->goals_bad);
	fputs("<table id=goals>\n<tr><th>figure</th><th>what it means</th><th>measured</th>"
	      "<th>goal</th><th>result</th>",
	      f);
	if (r->cmp)
		fputs("<th>against the base run</th>", f);
	fputs("</tr>\n", f);
	for (size_t i = 0; i < n; i++) {
		struct json_object *g = json_object_array_get_idx(r->goals, i);
		const char *st = report_str(g, "status"), *key = report_str(g, "goal");
		double ratio, target, value;
		char bench[128];
		const char *slash = key ? strchr(key, '/') : NULL;

		fprintf(f, "<tr class=%s><td>", !strcmp(st, "not measured") ? "unmeasured" : st);
		report_escape(f, key);
		fputs("</td><td>", f);
		report_escape(f, report_str(g, "what"));
		fputs("</td><td class=n>", f);
		if (report_num(g, "ratio", &ratio)) {
			fprintf(f, "%.3g&times; <small>", ratio);
			report_escape(f, report_str(g, "reference"));
			if (report_num(g, "value", &value)) {
				fputs(" (", f);
				fmt(f, value);
				fputs(" ", f);
				report_escape(f, report_unit(report_str(g, "unit")));
				fputs(")", f);
			}
			fputs("</small>", f);
		} else {
			fputs("&mdash;", f);
		}
		report_num(g, "target", &target);
		fprintf(f, "</td><td class=n>%s %.3g&times;</td><td class=res>",
			!strcmp(report_str(g, "op"), ">=") ? "&ge;" : "&le;", target);
		if (!strcmp(st, "not measured")) {
			fputs("not measured <small>(", f);
			report_escape(f, report_str(g, "why"));
			fputs(")</small>", f);
		} else {
			fputs(!strcmp(st, "pass") ? "pass" : "MISS", f);
		}
		fputs("</td>", f);
		if (r->cmp) {
			struct json_object *e = NULL;

			if (slash && (size_t)(slash - key) < sizeof(bench)) {
				snprintf(bench, sizeof(bench), "%.*s", (int)(slash - key), key);
				e = report_compare_find(r->cmp, bench, slash + 1);
			}
			if (e)
				change_cell(f, e);
			else
				fputs("<td></td>", f);
		}
		fputs("</tr>\n", f);
	}
	if (!n)
		fputs("<tr><td colspan=5>no goals</td></tr>\n", f);
	fputs("</table>\n<p><small>Each goal holds a figure's ratio to the reference measured in the "
	      "same run (memcpy of the same bytes, LG B7's polling, UEFIExtract...), so it means the "
	      "same on any machine. Goals are in ",
	      f);
	report_escape(f, r->goals_path);
	fputs("; a goal whose figure this run lacks is shown as not measured.</small></p>\n"
	      "</section>\n",
	      f);
}

static void comparison(FILE *f, const struct report_run *r)
{
	struct json_object *figs, *notes, *bm = NULL;
	size_t reg = 0, imp = 0, same = 0, other = 0, n;

	json_object_object_get_ex(r->cmp, "figures", &figs);
	json_object_object_get_ex(r->cmp, "notes", &notes);
	json_object_object_get_ex(r->base, "machine", &bm);
	n = json_object_array_length(figs);
	for (size_t i = 0; i < n; i++) {
		const char *st = report_str(json_object_array_get_idx(figs, i), "status");

		if (!strcmp(st, "regression"))
			reg++;
		else if (!strcmp(st, "improvement"))
			imp++;
		else if (!strcmp(st, "within noise"))
			same++;
		else
			other++;
	}
	fputs("<section id=compare>\n<h2>Against the base run</h2>\n", f);
	fprintf(f,
		"<p class=\"verdict %s\" id=compare-verdict>%s: %zu regression(s) beyond noise, "
		"%zu improvement(s), %zu within noise, %zu new, gone or not comparable</p>\n",
		reg ? "bad" : "good", reg ? "REGRESSED" : "NO REGRESSION", reg, imp, same, other);
	fputs("<p>Base: ", f);
	report_escape(f, r->base_path);
	fputs(" (", f);
	report_escape(f, report_str(r->base, "build") ? report_str(r->base, "build") :
							"build unknown");
	fputs(", ", f);
	report_escape(f, report_str(bm, "date") ? report_str(bm, "date") : "date unknown");
	fputs("). A figure with a reference measured in its own run is compared by its ratio to it; "
	      "others by value. A change counts when it is larger than the figure's noise: the larger "
	      "machine noise of the two runs, the change of the machine's memcpy rate between them, "
	      "or for a distribution how far its median moves on its own.</p>\n",
	      f);
	for (size_t i = 0; i < json_object_array_length(notes); i++) {
		fputs("<p class=warn>", f);
		report_escape(f, json_object_get_string(json_object_array_get_idx(notes, i)));
		fputs("</p>\n", f);
	}
	if (reg) {
		fputs("<table id=regressions><tr><th>figure</th><th>base</th><th>this run</th>"
		      "<th>change</th></tr>\n",
		      f);
		for (size_t i = 0; i < n; i++) {
			struct json_object *e = json_object_array_get_idx(figs, i);
			double b = 0, v = 0;

			if (strcmp(report_str(e, "status"), "regression"))
				continue;
			report_num(e, "base", &b);
			report_num(e, "value", &v);
			fputs("<tr class=regression><td>", f);
			report_escape(f, report_str(e, "bench"));
			fputs("/", f);
			report_escape(f, report_str(e, "name"));
			fputs("</td><td class=n>", f);
			base_cell(f, e, b);
			fputs("</td><td class=n>", f);
			base_cell(f, e, v);
			fputs("</td>", f);
			change_cell(f, e);
			fputs("</tr>\n", f);
		}
		fputs("</table>\n", f);
	}
	fputs("</section>\n", f);
}

static void figure_row(FILE *f, const struct report_run *r, const char *bench,
		       struct json_object *fig)
{
	const char *ref = report_str(fig, "reference"), *name = report_str(fig, "name");
	struct json_object *e = report_compare_find(r->cmp, bench, name);
	double v;

	fprintf(f, "<tr class=\"%s\"><td>", e ? report_str(e, "status") : "");
	report_escape(f, name);
	fputs("</td><td class=n>", f);
	if (report_num(fig, "value", &v))
		fmt(f, v);
	fputs("</td><td>", f);
	report_escape(f, report_unit(report_str(fig, "unit")));
	fputs("</td><td class=n>", f);
	if (report_num(fig, "p50", &v)) {
		fmt(f, v);
		fputs(" / ", f);
		if (report_num(fig, "p99", &v))
			fmt(f, v);
		fputs(" / ", f);
		if (report_num(fig, "max", &v))
			fmt(f, v);
		if (report_num(fig, "n", &v))
			fprintf(f, " (n=%.0f)", v);
	}
	fputs("</td><td class=n>", f);
	if (report_figure_ratio(fig, &v)) {
		fprintf(f, "%.3g&times;", v);
		if (ref) {
			fputs(" <small>", f);
			report_escape(f, ref);
			if (report_num(fig, "reference_value", &v)) {
				fputs(" = ", f);
				fmt(f, v);
			}
			fputs("</small>", f);
		}
	}
	fputs("</td>", f);
	if (r->cmp) {
		fputs("<td class=n>", f);
		if (e && report_num(e, "base", &v))
			base_cell(f, e, v);
		fputs("</td>", f);
		if (e)
			change_cell(f, e);
		else
			fputs("<td></td>", f);
	}
	fputs("<td><small>", f);
	report_escape(f, report_str(fig, "method"));
	fputs("</small></td></tr>\n", f);
}

static void bench_section(FILE *f, const struct report_run *r, const char *bench,
			  struct json_object *figs)
{
	size_t n = json_object_array_length(figs);

	fputs("<section class=bench id=\"bench-", f);
	report_escape(f, bench);
	fputs("\">\n<h2>", f);
	report_escape(f, bench);
	fputs("</h2>\n<table><tr><th>figure</th><th>value</th><th>unit</th>"
	      "<th>p50 / p99 / max</th><th>ratio</th>",
	      f);
	if (r->cmp)
		fputs("<th>base</th><th>change</th>", f);
	fputs("<th>method</th></tr>\n", f);
	for (size_t i = 0; i < n; i++)
		figure_row(f, r, bench, json_object_array_get_idx(figs, i));
	fputs("</table>\n", f);
	if (r->plots) {
		fputs("<div class=charts>\n", f);
		report_charts_html(f, r->dir, r->plots, bench, r->figures, r->machine);
		fputs("</div>\n", f);
	}
	fputs("</section>\n", f);
}

void report_page_html(FILE *f, const struct report_run *r)
{
	json_object_iter it;

	fprintf(f,
		"<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>"
		"<meta name=viewport content=\"width=device-width\">"
		"<title>SR-IOV / Looking Glass benchmark report</title><style>%s</style></head>"
		"<body>\n<h1>Benchmark report</h1>\n<p class=sub>build ",
		style);
	report_escape(f, r->build);
	fputs(" &middot; ", f);
	report_escape(f, report_str(r->machine, "cpu"));
	fputs(" &middot; ", f);
	report_escape(f, report_str(r->machine, "date"));
	fputs("</p>\n", f);
	headline(f, r);
	if (r->cmp)
		comparison(f, r);
	report_machine_html(f, r->machine, r->plots, r->dir);
	if (r->host)
		report_host_html(f, r->host, report_escape);
	if (!r->plots)
		fputs("<p class=warn>gnuplot was not found: charts omitted.</p>\n", f);
	if (!json_object_object_length(r->benches))
		fputs("<p class=warn>No benchmark fragments were found.</p>\n", f);
	json_object_object_foreachC(r->benches, it) bench_section(f, r, it.key, it.val);
	fputs("</body></html>\n", f);
}
