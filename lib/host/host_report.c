// SPDX-License-Identifier: MIT
/*
 * Finding lists (see host_report.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/host_report.h"

static struct host_finding scratch;

static void append(char *buf, size_t size, const char *sep, const char *fmt, va_list ap)
{
	size_t n = strlen(buf);

	if (n && n + strlen(sep) < size) {
		strcpy(buf + n, sep);
		n += strlen(sep);
	}
	if (n < size)
		vsnprintf(buf + n, size - n, fmt, ap);
}

struct host_finding *host_report_add(struct host_report *r, const char *id, enum host_status status,
				     const char *fmt, ...)
{
	struct host_finding *f;
	va_list ap;

	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 32;

		f = realloc(r->f, cap * sizeof(*f));
		if (!f) {
			memset(&scratch, 0, sizeof(scratch));
			return &scratch;
		}
		r->f = f;
		r->cap = cap;
	}
	f = &r->f[r->n++];
	memset(f, 0, sizeof(*f));
	snprintf(f->id, sizeof(f->id), "%s", id);
	f->status = status;
	va_start(ap, fmt);
	vsnprintf(f->message, sizeof(f->message), fmt, ap);
	va_end(ap);
	return f;
}

void host_finding_evidence(struct host_finding *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	append(f->evidence, sizeof(f->evidence), "; ", fmt, ap);
	va_end(ap);
}

void host_finding_hint(struct host_finding *f, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	append(f->hint, sizeof(f->hint), "\n", fmt, ap);
	va_end(ap);
}

const struct host_finding *host_report_get(const struct host_report *r, const char *id)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (!strcmp(r->f[i].id, id))
			return &r->f[i];
	return NULL;
}

size_t host_report_count(const struct host_report *r, enum host_status status)
{
	size_t i, n = 0;

	for (i = 0; i < r->n; i++)
		n += r->f[i].status == status;
	return n;
}

const char *host_status_name(enum host_status s)
{
	switch (s) {
	case HOST_PASS:
		return "pass";
	case HOST_WARN:
		return "warn";
	case HOST_FAIL:
		return "fail";
	default:
		return "skip";
	}
}

void host_report_free(struct host_report *r)
{
	free(r->f);
	memset(r, 0, sizeof(*r));
}
