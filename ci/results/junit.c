// SPDX-License-Identifier: MIT
#include "ci/results/junit.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/common_escape.h"

int junit_init(struct junit_suite *s, const char *name)
{
	memset(s, 0, sizeof(*s));
	s->name = strdup(name);
	return s->name ? 0 : -ENOMEM;
}

static char *dup_or_null(const char *str, int *err)
{
	char *d;

	if (!str)
		return NULL;
	d = strdup(str);
	if (!d)
		*err = -ENOMEM;
	return d;
}

int junit_add(struct junit_suite *s, const char *classname, const char *name,
	      enum junit_status status, const char *message, const char *output, double seconds)
{
	struct junit_case *c;
	int err = 0;

	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 16;
		struct junit_case *n = realloc(s->cases, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		s->cases = n;
		s->cap = cap;
	}
	c = &s->cases[s->n];
	memset(c, 0, sizeof(*c));
	c->classname = dup_or_null(classname ? classname : s->name, &err);
	c->name = dup_or_null(name, &err);
	c->message = dup_or_null(message, &err);
	c->output = dup_or_null(output, &err);
	c->status = status;
	c->seconds = seconds;
	if (err) {
		free(c->classname);
		free(c->name);
		free(c->message);
		free(c->output);
		return err;
	}
	s->n++;
	if (status == JUNIT_PASS)
		s->passed++;
	else if (status == JUNIT_FAIL)
		s->failed++;
	else
		s->skipped++;
	return 0;
}

void junit_escape(FILE *f, const char *str)
{
	common_escape(f, str, COMMON_ESCAPE_XML);
}

int junit_write(const struct junit_suite *s, FILE *f)
{
	double total = 0;
	size_t i;

	for (i = 0; i < s->n; i++)
		total += s->cases[i].seconds;
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n", f);
	fputs("  <testsuite name=\"", f);
	junit_escape(f, s->name);
	fprintf(f, "\" tests=\"%zu\" failures=\"%u\" errors=\"0\" skipped=\"%u\" time=\"%.3f\">\n",
		s->n, s->failed, s->skipped, total);
	for (i = 0; i < s->n; i++) {
		const struct junit_case *c = &s->cases[i];

		fputs("    <testcase classname=\"", f);
		junit_escape(f, c->classname);
		fputs("\" name=\"", f);
		junit_escape(f, c->name);
		fprintf(f, "\" time=\"%.3f\"", c->seconds);
		if (c->status == JUNIT_PASS && !c->output) {
			fputs("/>\n", f);
			continue;
		}
		fputs(">\n", f);
		if (c->status != JUNIT_PASS) {
			fputs(c->status == JUNIT_FAIL ? "      <failure message=\"" :
							"      <skipped message=\"",
			      f);
			junit_escape(f, c->message ? c->message : "");
			fputs("\"/>\n", f);
		}
		if (c->output) {
			fputs("      <system-out>", f);
			junit_escape(f, c->output);
			fputs("</system-out>\n", f);
		}
		fputs("    </testcase>\n", f);
	}
	fputs("  </testsuite>\n</testsuites>\n", f);
	return ferror(f) ? -EIO : 0;
}

int junit_write_file(const struct junit_suite *s, const char *path)
{
	FILE *f = fopen(path, "w");
	int ret;

	if (!f)
		return -errno;
	ret = junit_write(s, f);
	if (fclose(f) && !ret)
		ret = -EIO;
	return ret;
}

void junit_free(struct junit_suite *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		free(s->cases[i].classname);
		free(s->cases[i].name);
		free(s->cases[i].message);
		free(s->cases[i].output);
	}
	free(s->cases);
	free(s->name);
	memset(s, 0, sizeof(*s));
}
