// SPDX-License-Identifier: MIT
#include "ci/results/ktap_doc.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Skip "<N>" and "[  123.456789] " at the start of a log line. */
static const char *strip_prefix(const char *l)
{
	const char *p = l;

	if (p[0] == '<' && isdigit((unsigned char)p[1])) {
		const char *q = p + 1;

		while (isdigit((unsigned char)*q))
			q++;
		if (*q == '>')
			p = q + 1;
	}
	if (*p == '[') {
		const char *q = p + 1;

		while (*q == ' ')
			q++;
		if (isdigit((unsigned char)*q)) {
			while (isdigit((unsigned char)*q) || *q == '.')
				q++;
			if (*q == ']') {
				q++;
				if (*q == ' ')
					q++;
				p = q;
			}
		}
	}
	return p;
}

static bool is_version(const char *l)
{
	return !strncmp(l, "KTAP version ", 13) || !strncmp(l, "TAP version ", 12);
}

/* Whether a line (at any indent) belongs to a KTAP document. */
static bool is_ktap_line(const char *l)
{
	int a, b;

	while (*l == ' ')
		l++;
	return is_version(l) || !strncmp(l, "ok ", 3) || !strncmp(l, "not ok ", 7) ||
	       (l[0] == '#' && (l[1] == ' ' || !l[1])) || !strncmp(l, "Bail out!", 9) ||
	       (sscanf(l, "%d..%d", &a, &b) == 2);
}

/* A growing text buffer for a case's output. */
struct text {
	char *buf;
	size_t len, cap;
};

static int text_add(struct text *t, const char *line)
{
	size_t n = strlen(line);

	if (t->len + n + 2 > t->cap) {
		size_t cap = (t->len + n + 2) * 2;
		char *b = realloc(t->buf, cap);

		if (!b)
			return -ENOMEM;
		t->buf = b;
		t->cap = cap;
	}
	memcpy(t->buf + t->len, line, n);
	t->len += n;
	t->buf[t->len++] = '\n';
	t->buf[t->len] = '\0';
	return 0;
}

/* Parse "ok N name # DIRECTIVE reason" into its parts (l is modified). */
static int add_result(struct ktap_doc *doc, struct junit_suite *js, char *l, struct text *out)
{
	bool ok = !strncmp(l, "ok ", 3);
	char *p = l + (ok ? 3 : 7), *name, *dir, *reason = NULL;
	enum junit_status st;

	while (isdigit((unsigned char)*p))
		p++;
	while (*p == ' ')
		p++;
	if (p[0] == '-' && p[1] == ' ')
		p += 2;
	name = p;
	dir = strstr(p, " # ");
	if (!dir && p[0] == '#' && p[1] == ' ')
		dir = p - 1; /* "ok 3 # SKIP reason": no name */
	if (dir) {
		*dir = '\0';
		reason = dir + 3;
	}
	if (!*name)
		name = "(unnamed)";
	if (reason && !strncasecmp(reason, "SKIP", 4)) {
		st = JUNIT_SKIP;
		reason += 4;
		while (*reason == ' ')
			reason++;
	} else if (reason && ok &&
		   (!strncasecmp(reason, "TODO", 4) || !strncasecmp(reason, "XFAIL", 5))) {
		st = JUNIT_SKIP;
	} else {
		st = ok ? JUNIT_PASS : JUNIT_FAIL;
	}
	if (st == JUNIT_PASS)
		doc->passed++;
	else if (st == JUNIT_FAIL)
		doc->failed++;
	else
		doc->skipped++;
	if (!js)
		return 0;
	if (st == JUNIT_FAIL && !reason)
		reason = out->buf && *out->buf ? out->buf : "not ok";
	return junit_add(js, NULL, name, st, st == JUNIT_PASS ? NULL : reason, out->buf, 0);
}

int ktap_doc_read(FILE *in, FILE *ktap, struct junit_suite *js, struct ktap_doc *doc)
{
	struct text out = { 0 };
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int ret = 0, results = 0, a, b;

	memset(doc, 0, sizeof(*doc));
	doc->planned = -1;
	while ((n = getline(&line, &cap, in)) >= 0) {
		char *l;

		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		l = (char *)strip_prefix(line);
		if (!doc->found) {
			if (!is_version(l))
				continue;
			doc->found = true;
		} else if (!is_ktap_line(l)) {
			continue;
		}
		if (ktap)
			fprintf(ktap, "%s\n", l);
		if (is_version(l))
			continue;
		if (isdigit((unsigned char)l[0]) && sscanf(l, "%d..%d", &a, &b) == 2 && a == 1 &&
		    doc->planned < 0) {
			doc->planned = b;
		} else if (!strncmp(l, "ok ", 3) || !strncmp(l, "not ok ", 7)) {
			ret = add_result(doc, js, l, &out);
			if (ret)
				break;
			out.len = 0;
			if (out.buf)
				out.buf[0] = '\0';
			if (doc->planned >= 0 && ++results >= doc->planned)
				break;
		} else if (!strncmp(l, "Bail out!", 9)) {
			doc->bail_out = true;
			break;
		} else {
			ret = text_add(&out, l);
			if (ret)
				break;
		}
	}
	free(out.buf);
	free(line);
	return ret;
}

bool ktap_doc_ok(const struct ktap_doc *doc)
{
	return doc->found && !doc->bail_out && !doc->failed && doc->planned >= 0 &&
	       doc->passed + doc->failed + doc->skipped == (unsigned int)doc->planned;
}
