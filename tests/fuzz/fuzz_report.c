// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: the bench report over a report.json it did not write
 * (bench-compare's BASE comes from another machine or CI run). The bytes are
 * read as a base report and compared with a copy of itself, its figures are
 * held against the same bytes read as a goals file, and the whole page is
 * written (without charts) into memory.
 */
#include <json-c/json.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/report/report_compare.h"
#include "bench/report/report_goals.h"
#include "bench/report/report_page.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = strndup((const char *)data, size), *html = NULL;
	struct json_object *base, *figs = NULL, *machine = NULL, *copy = NULL;
	struct report_run r = { .dir = "/nonexistent", .build = "fuzz", .goals_path = "fuzz" };
	struct report_goals goals;
	size_t regressions, len = 0;
	FILE *f;

	if (!text)
		return 0;
	if (report_goals_parse(text, "fuzz", &goals)) {
		free(text);
		return 0;
	}
	base = json_tokener_parse(text);
	free(text);
	if (!base || !json_object_is_type(base, json_type_object) ||
	    !json_object_object_get_ex(base, "figures", &figs) ||
	    !json_object_is_type(figs, json_type_array)) {
		json_object_put(base);
		report_goals_free(&goals);
		return 0;
	}
	json_object_object_get_ex(base, "machine", &machine);
	if (json_object_deep_copy(base, &copy, NULL) == 0) {
		r.base = copy;
		r.base_path = "fuzz";
		r.cmp = report_compare(figs, machine, copy, &regressions);
	}
	r.machine = machine;
	r.figures = figs;
	r.benches = json_object_new_object();
	r.goals = report_goals_eval(&goals, figs);
	r.verdict = report_verdict(r.goals, machine);
	f = open_memstream(&html, &len);
	if (f) {
		report_page_html(f, &r);
		fclose(f);
	}
	free(html);
	json_object_put(r.cmp);
	json_object_put(r.goals);
	json_object_put(r.verdict);
	json_object_put(r.benches);
	json_object_put(copy);
	json_object_put(base);
	report_goals_free(&goals);
	return 0;
}
