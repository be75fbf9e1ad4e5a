// SPDX-License-Identifier: MIT
/*
 * The host section of the bench report: see report_host.h. Figures from a
 * machine whose setup is broken (no VF, no kvmfr, stock driver) mean little,
 * so the report says what the doctor found next to them.
 */
#include <json-c/json.h>
#include <stdio.h>

#include "bench/report/report_host.h"

struct json_object *report_host_load(const char *dir)
{
	struct json_object *doctor, *findings;
	char path[4096];

	snprintf(path, sizeof(path), "%s/host/doctor.json", dir);
	doctor = json_object_from_file(path);
	if (!doctor)
		return NULL;
	if (!json_object_is_type(doctor, json_type_object) ||
	    !json_object_object_get_ex(doctor, "findings", &findings) ||
	    !json_object_is_type(findings, json_type_array)) {
		fprintf(stderr, "report: %s is not vfctl doctor's JSON, skipped\n", path);
		json_object_put(doctor);
		return NULL;
	}
	return doctor;
}

static const char *field(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || !v)
		return "";
	return json_object_get_string(v);
}

void report_host_html(FILE *f, struct json_object *doctor, void (*escape)(FILE *f, const char *s))
{
	struct json_object *findings, *summary;
	size_t i;

	fputs("<h2>Host (vfctl doctor)</h2>\n", f);
	if (json_object_object_get_ex(doctor, "summary", &summary)) {
		static const char *const kinds[] = { "pass", "warn", "fail", "skip" };
		struct json_object *v;

		fputs("<p>", f);
		for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
			json_object_object_get_ex(summary, kinds[i], &v);
			fprintf(f, "%s%d %s", i ? ", " : "", v ? json_object_get_int(v) : 0,
				kinds[i]);
		}
		fputs("</p>\n", f);
	}
	json_object_object_get_ex(doctor, "findings", &findings);
	fputs("<table>\n<tr><th>check</th><th>status</th><th>finding</th><th>fix</th></tr>\n", f);
	for (i = 0; i < json_object_array_length(findings); i++) {
		struct json_object *x = json_object_array_get_idx(findings, i);

		fputs("<tr><td>", f);
		escape(f, field(x, "id"));
		fputs("</td><td>", f);
		escape(f, field(x, "status"));
		fputs("</td><td>", f);
		escape(f, field(x, "message"));
		fputs("</td><td>", f);
		escape(f, field(x, "hint"));
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n", f);
}
