// SPDX-License-Identifier: MIT
/* See report_goals.h. */
#include "bench/report/report_goals.h"

#include <errno.h>
#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/report/report_util.h"

static char *trimmed(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	return strndup(s, n);
}

/* "bench/figure >= 0.9 words": 0, or -EINVAL with *why set */
static int parse_line(char *line, struct report_goal *g, const char **why)
{
	char *op = strstr(line, ">="), *le = strstr(line, "<="), *slash, *end, *key;
	double target;

	if (!op || (le && le < op))
		op = le;
	if (!op) {
		*why = "no >= or <=";
		return -EINVAL;
	}
	key = trimmed(line, (size_t)(op - line));
	if (!key)
		return -ENOMEM;
	slash = strchr(key, '/');
	if (!slash || slash == key || !slash[1]) {
		*why = "the figure is not named BENCH/FIGURE";
		free(key);
		return -EINVAL;
	}
	errno = 0;
	target = strtod(op + 2, &end);
	if (end == op + 2 || errno || !isfinite(target) || (*end && *end != ' ' && *end != '\t')) {
		*why = "no number after the comparison";
		free(key);
		return -EINVAL;
	}
	*slash = '\0';
	g->bench = strdup(key);
	g->figure = strdup(slash + 1);
	free(key);
	g->ge = op[0] == '>';
	g->target = target;
	g->what = trimmed(end, strlen(end));
	if (!g->bench || !g->figure || !g->what)
		return -ENOMEM;
	return 0;
}

int report_goals_parse(const char *text, const char *name, struct report_goals *out)
{
	unsigned int lineno = 0;

	memset(out, 0, sizeof(*out));
	while (text && *text) {
		size_t len = strcspn(text, "\n");
		char *line = strndup(text, len), *hash;
		const char *why = NULL;
		struct report_goal g = { 0 };
		int ret;

		text += len + (text[len] == '\n');
		lineno++;
		if (!line)
			return -ENOMEM;
		hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		if (!line[strspn(line, " \t\r")]) {
			free(line);
			continue;
		}
		ret = parse_line(line, &g, &why);
		free(line);
		if (ret == -EINVAL) {
			fprintf(stderr, "report: %s:%u: %s; line skipped\n", name, lineno, why);
			out->bad++;
			free(g.bench);
			free(g.figure);
			free(g.what);
			continue;
		}
		if (!ret) {
			struct report_goal *more = realloc(out->g, (out->n + 1) * sizeof(*more));

			if (more) {
				out->g = more;
				g.line = lineno;
				out->g[out->n++] = g;
				continue;
			}
		}
		free(g.bench);
		free(g.figure);
		free(g.what);
		return -ENOMEM;
	}
	return 0;
}

int report_goals_load(const char *path, struct report_goals *out)
{
	FILE *f = fopen(path, "r");
	char *text = NULL;
	size_t cap = 0;
	ssize_t n;
	int ret;

	memset(out, 0, sizeof(*out));
	if (!f)
		return -errno;
	n = getdelim(&text, &cap, '\0', f);
	fclose(f);
	if (n < 0) {
		free(text);
		return 0; /* empty file: no goals */
	}
	if ((size_t)n != strlen(text))
		fprintf(stderr, "report: %s holds a NUL byte; read up to it\n", path);
	ret = report_goals_parse(text, path, out);
	free(text);
	return ret;
}

void report_goals_free(struct report_goals *g)
{
	for (size_t i = 0; i < g->n; i++) {
		free(g->g[i].bench);
		free(g->g[i].figure);
		free(g->g[i].what);
	}
	free(g->g);
	memset(g, 0, sizeof(*g));
}

struct json_object *report_goals_eval(const struct report_goals *g, struct json_object *figures)
{
	struct json_object *all = json_object_new_array();

	for (size_t i = 0; i < g->n; i++) {
		const struct report_goal *x = &g->g[i];
		struct json_object *r = json_object_new_object();
		struct json_object *fig = report_find_figure(figures, x->bench, x->figure);
		char key[512];
		double ratio, v;

		snprintf(key, sizeof(key), "%s/%s", x->bench, x->figure);
		json_object_object_add(r, "goal", json_object_new_string(key));
		json_object_object_add(r, "what", json_object_new_string(x->what));
		json_object_object_add(r, "op", json_object_new_string(x->ge ? ">=" : "<="));
		json_object_object_add(r, "target", json_object_new_double(x->target));
		if (!fig || !report_figure_ratio(fig, &ratio)) {
			json_object_object_add(r, "status", json_object_new_string("not measured"));
			json_object_object_add(
				r, "why",
				json_object_new_string(
					fig ? "the figure states no ratio to a reference" :
					      "this run has no such figure"));
			json_object_array_add(all, r);
			continue;
		}
		json_object_object_add(
			r, "status",
			json_object_new_string((x->ge ? ratio >= x->target : ratio <= x->target) ?
						       "pass" :
						       "miss"));
		json_object_object_add(r, "ratio", json_object_new_double(ratio));
		if (report_num(fig, "value", &v))
			json_object_object_add(r, "value", json_object_new_double(v));
		if (report_str(fig, "unit"))
			json_object_object_add(r, "unit",
					       json_object_new_string(report_str(fig, "unit")));
		if (report_str(fig, "reference"))
			json_object_object_add(
				r, "reference",
				json_object_new_string(report_str(fig, "reference")));
		json_object_array_add(all, r);
	}
	return all;
}

struct json_object *report_verdict(struct json_object *results, struct json_object *machine)
{
	struct json_object *v = json_object_new_object(), *warn;
	size_t n = json_object_array_length(results), met = 0, missed = 0, unmeasured = 0;
	char *text = NULL, missed_list[512] = "";
	size_t len = 0;
	const char *accel = report_str(machine, "vm_accel");
	double noise;
	FILE *f;

	for (size_t i = 0; i < n; i++) {
		struct json_object *r = json_object_array_get_idx(results, i);
		const char *s = report_str(r, "status");

		if (!strcmp(s, "pass")) {
			met++;
		} else if (!strcmp(s, "miss")) {
			size_t used = strlen(missed_list);

			if (missed++ < 4)
				snprintf(missed_list + used, sizeof(missed_list) - used, "%s%s",
					 used ? ", " : "", report_str(r, "goal"));
		} else {
			unmeasured++;
		}
	}
	f = open_memstream(&text, &len);
	if (!met && !missed)
		fprintf(f, "NO ANSWER: none of the %zu goals was measured in this run", n);
	else if (!missed)
		fprintf(f, "GOOD: all %zu measured goals met", met);
	else
		fprintf(f, "NOT GOOD: %zu of %zu measured goals missed (%s%s)", missed,
			met + missed, missed_list, missed > 4 ? ", ..." : "");
	if (unmeasured && (met || missed))
		fprintf(f, "; %zu not measured", unmeasured);
	if (json_object_object_get_ex(machine, "noise_warning", &warn) &&
	    json_object_get_boolean(warn) && report_num(machine, "noise_spread", &noise))
		fprintf(f,
			"; the machine was too noisy (memcpy spread %.0f %%) for the figures to mean much",
			noise * 100);
	if (accel && !strcmp(accel, "TCG"))
		fputs("; VM figures under TCG emulation, not KVM", f);
	fclose(f);
	json_object_object_add(v, "met", json_object_new_int((int)met));
	json_object_object_add(v, "missed", json_object_new_int((int)missed));
	json_object_object_add(v, "not_measured", json_object_new_int((int)unmeasured));
	json_object_object_add(v, "good", json_object_new_boolean(met && !missed));
	json_object_object_add(v, "text", json_object_new_string(text ? text : ""));
	free(text);
	return v;
}
