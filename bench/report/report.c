// SPDX-License-Identifier: MIT
/*
 * bench_report: merge every benchmark fragment $(O)/bench/<name>.json into
 * $(O)/bench/report.json and a self-contained $(O)/bench/report.html: the
 * headline (each key figure against bench/goals, a verdict), the machine
 * (VM accelerator and why, noise), the host, and each benchmark's figures
 * with charts. With -b BASE it also compares every figure with an older
 * report.json and exits 1 when one regressed beyond its noise.
 *
 * Fragments from any benchmark are taken as they come; a malformed figure
 * is reported and skipped, never fatal.
 *
 * Exit: 0 written (no regression), 1 a figure regressed against BASE,
 * 2 usage or an unreadable BASE, 3 the report could not be written.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/report/bench_fragment.h"
#include "bench/report/report_compare.h"
#include "bench/report/report_goals.h"
#include "bench/report/report_host.h"
#include "bench/report/report_machine.h"
#include "bench/report/report_page.h"
#include "bench/report/report_plot.h"
#include "bench/report/report_util.h"

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
			char **more;

			cap = cap ? cap * 2 : 8;
			more = realloc(*names, cap * sizeof(**names));
			if (!more)
				break;
			*names = more;
		}
		(*names)[n++] = strndup(e->d_name, len - 5);
	}
	closedir(d);
	if (n)
		qsort(*names, n, sizeof(**names), cmp_str);
	return n;
}

static bool valid_figure(struct json_object *fig)
{
	double v;

	return json_object_is_type(fig, json_type_object) && report_str(fig, "name") &&
	       report_str(fig, "unit") && report_num(fig, "value", &v);
}

/* every fragment's figures, each tagged with its bench; per bench in @benches */
static size_t load_fragments(const char *dir, struct json_object *all, struct json_object *benches)
{
	char **names, path[4096];
	size_t n = list_fragments(dir, &names);

	for (size_t i = 0; i < n; i++) {
		struct json_object *frag, *kept;

		snprintf(path, sizeof(path), "%s/%s.json", dir, names[i]);
		frag = json_object_from_file(path);
		if (!frag || !json_object_is_type(frag, json_type_array)) {
			fprintf(stderr, "report: %s is not a JSON array, skipped\n", path);
			json_object_put(frag);
			continue;
		}
		kept = json_object_new_array();
		for (size_t j = 0; j < json_object_array_length(frag); j++) {
			struct json_object *fig = json_object_array_get_idx(frag, j);

			if (!valid_figure(fig)) {
				fprintf(stderr,
					"report: %s: figure %zu lacks name, unit or value, skipped\n",
					path, j);
				continue;
			}
			json_object_object_add(fig, "bench", json_object_new_string(names[i]));
			json_object_array_add(kept, json_object_get(fig));
			json_object_array_add(all, json_object_get(fig));
		}
		json_object_object_add(benches, names[i], kept);
		json_object_put(frag);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return n;
}

/* the source tree the benchmarks were built from */
static char *build_id(void)
{
	FILE *p = popen("git describe --always --dirty 2>/dev/null", "r");
	char buf[128] = "";

	if (p) {
		if (!fgets(buf, sizeof(buf), p))
			buf[0] = '\0';
		pclose(p);
	}
	buf[strcspn(buf, "\n")] = '\0';
	return strdup(buf[0] ? buf : "unknown");
}

static int write_json(const char *path, struct json_object *o)
{
	const char *s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY);

	return report_write_file(path, s, strlen(s));
}

static void print_regressions(struct json_object *cmp)
{
	struct json_object *figs;
	double b, v, c;

	if (!cmp || !json_object_object_get_ex(cmp, "figures", &figs))
		return;
	for (size_t i = 0; i < json_object_array_length(figs); i++) {
		struct json_object *e = json_object_array_get_idx(figs, i);
		const char *st = report_str(e, "status");

		if (!st || strcmp(st, "regression") || !report_num(e, "base", &b) ||
		    !report_num(e, "value", &v))
			continue;
		printf("  regression: %s/%s %.4g -> %.4g %s", report_str(e, "bench"),
		       report_str(e, "name"), b, v,
		       strcmp(report_str(e, "compared"), "ratio") ? report_str(e, "unit") :
								    "(ratio to its reference)");
		if (report_num(e, "change", &c))
			printf(" (%+.1f %%)", c * 100);
		printf("\n");
	}
}

static void usage(void)
{
	fprintf(stderr,
		"usage: bench_report [-g GOALS] [-b BASE_REPORT_JSON] [-v VM_DIR] [BENCH_DIR]\n");
}

int main(int argc, char **argv)
{
	const char *goals_path = "bench/goals", *vm_dir = NULL, *why = NULL;
	struct report_run r = { 0 };
	struct report_goals goals;
	struct json_object *report = json_object_new_object();
	char path[4096], plots[4096], *html = NULL;
	size_t nfrag, html_len = 0, regressions = 0;
	FILE *f;
	int opt, ret, status;

	while ((opt = getopt(argc, argv, "g:b:v:h")) != -1) {
		switch (opt) {
		case 'g':
			goals_path = optarg;
			break;
		case 'b':
			r.base_path = optarg;
			break;
		case 'v':
			vm_dir = optarg;
			break;
		default:
			usage();
			return 2;
		}
	}
	if (argc - optind > 1) {
		usage();
		return 2;
	}
	r.dir = optind < argc ? argv[optind] : "out/bench";
	if (r.base_path) {
		r.base = report_compare_load(r.base_path, &why);
		if (!r.base) {
			fprintf(stderr,
				"report: the base report %s %s; nothing to compare against\n",
				r.base_path, why);
			return 2;
		}
	}
	r.figures = json_object_new_array();
	r.benches = json_object_new_object();
	nfrag = load_fragments(r.dir, r.figures, r.benches);
	r.machine = report_machine(r.dir, vm_dir, r.figures);
	r.host = report_host_load(r.dir);
	r.build = build_id();
	r.goals_path = goals_path;
	r.goals_err = report_goals_load(goals_path, &goals);
	if (r.goals_err)
		fprintf(stderr, "report: cannot read the goals file %s: %s\n", goals_path,
			strerror(-r.goals_err));
	r.goals_bad = (unsigned int)goals.bad;
	r.goals = report_goals_eval(&goals, r.figures);
	r.verdict = report_verdict(r.goals, r.machine);
	if (r.base)
		r.cmp = report_compare(r.figures, r.machine, r.base, &regressions);
	snprintf(plots, sizeof(plots), "%s/plots", r.dir);
	r.plots = report_plot_available() ? plots : NULL;

	json_object_object_add(report, "build", json_object_new_string(r.build));
	json_object_object_add(report, "machine", json_object_get(r.machine));
	json_object_object_add(report, "verdict", json_object_get(r.verdict));
	json_object_object_add(report, "goals", json_object_get(r.goals));
	json_object_object_add(report, "figures", json_object_get(r.figures));
	if (r.host)
		json_object_object_add(report, "host", json_object_get(r.host));
	if (r.cmp) {
		json_object_object_add(r.cmp, "base", json_object_new_string(r.base_path));
		json_object_object_add(report, "comparison", json_object_get(r.cmp));
	}
	snprintf(path, sizeof(path), "%s/report.json", r.dir);
	ret = write_json(path, report);
	if (ret)
		goto unwritten;
	f = open_memstream(&html, &html_len);
	if (!f) {
		ret = -ENOMEM;
		goto unwritten;
	}
	report_page_html(f, &r);
	fclose(f);
	bench_progress_end();
	snprintf(path, sizeof(path), "%s/report.html", r.dir);
	ret = report_write_file(path, html, html_len);
	free(html);
	if (ret)
		goto unwritten;
	printf("report: %zu fragment(s), %zu figure(s) -> %s/report.json, %s/report.html\n", nfrag,
	       json_object_array_length(r.figures), r.dir, r.dir);
	printf("verdict: %s\n", report_str(r.verdict, "text"));
	if (r.cmp)
		printf("compare: %zu figure(s) regressed beyond their noise against %s\n",
		       regressions, r.base_path);
	print_regressions(r.cmp);
	status = regressions ? 1 : 0;
	goto out;
unwritten:
	fprintf(stderr, "report: cannot write %s: %s\n", path, strerror(-ret));
	status = 3;
out:
	report_goals_free(&goals);
	free((char *)r.build);
	json_object_put(r.machine);
	json_object_put(r.host);
	json_object_put(r.benches);
	json_object_put(r.figures);
	json_object_put(r.goals);
	json_object_put(r.verdict);
	json_object_put(r.cmp);
	json_object_put(r.base);
	json_object_put(report);
	return status;
}
