// SPDX-License-Identifier: MIT
/*
 * A small unified diff (see setup_diff.h). The files the setup writes are
 * configuration files of at most a few thousand lines, so a quadratic LCS
 * over the part that differs is plenty.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "setup/setup_diff.h"

#define CONTEXT 3
#define LCS_MAX_CELLS (4u << 20)

struct line {
	const char *s;
	size_t len; /* without the newline */
	bool nl; /* ends with a newline */
};

struct lines {
	struct line *l;
	size_t n;
};

struct buf {
	char *s;
	size_t len, cap;
	bool oom;
};

static void put(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->oom)
		return;
	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
		if (n < 0) {
			b->oom = true;
			return;
		}
		if ((size_t)n < b->cap - b->len) {
			b->len += (size_t)n;
			return;
		}
		size_t cap = (b->cap + (size_t)n + 1) * 2;
		char *s = realloc(b->s, cap);

		if (!s) {
			b->oom = true;
			return;
		}
		b->s = s;
		b->cap = cap;
	}
}

static int split(const char *t, size_t len, struct lines *out)
{
	size_t n = 0, i, start = 0;

	out->l = NULL;
	out->n = 0;
	if (!t || !len)
		return 0;
	for (i = 0; i < len; i++)
		if (t[i] == '\n')
			n++;
	if (t[len - 1] != '\n')
		n++;
	out->l = calloc(n, sizeof(*out->l));
	if (!out->l)
		return -1;
	for (i = 0; i <= len; i++) {
		if (i == len || t[i] == '\n') {
			if (i == len && start == len)
				break;
			out->l[out->n++] = (struct line){ t + start, i - start, i < len };
			start = i + 1;
		}
	}
	return 0;
}

static bool same(const struct line *x, const struct line *y)
{
	return x->len == y->len && x->nl == y->nl && !memcmp(x->s, y->s, x->len);
}

/* Edit script: for every position, ' ' (both), '-' (old only), '+' (new only). */
struct op {
	char kind;
	size_t ai, bi; /* indices in the old and new lines */
};

static int script(const struct lines *a, const struct lines *b, struct op **ops, size_t *nops)
{
	size_t head = 0, ta = a->n, tb = b->n, n, m, i, j, k = 0;
	uint32_t *t = NULL;
	struct op *o;

	while (head < a->n && head < b->n && same(&a->l[head], &b->l[head]))
		head++;
	while (ta > head && tb > head && same(&a->l[ta - 1], &b->l[tb - 1])) {
		ta--;
		tb--;
	}
	n = ta - head;
	m = tb - head;
	o = calloc(a->n + b->n + 1, sizeof(*o));
	if (!o)
		return -1;
	for (i = 0; i < head; i++)
		o[k++] = (struct op){ ' ', i, i };
	if (n && m && (n + 1) * (m + 1) <= LCS_MAX_CELLS)
		t = calloc((n + 1) * (m + 1), sizeof(*t));
	if (t) {
		/* t[i][j]: LCS length of old[head+i..ta) and new[head+j..tb) */
		for (i = n; i-- > 0;)
			for (j = m; j-- > 0;)
				t[i * (m + 1) + j] = same(&a->l[head + i], &b->l[head + j]) ?
							     t[(i + 1) * (m + 1) + j + 1] + 1 :
						     t[(i + 1) * (m + 1) + j] >
								     t[i * (m + 1) + j + 1] ?
							     t[(i + 1) * (m + 1) + j] :
							     t[i * (m + 1) + j + 1];
		i = j = 0;
		while (i < n || j < m) {
			if (i < n && j < m && same(&a->l[head + i], &b->l[head + j])) {
				o[k++] = (struct op){ ' ', head + i, head + j };
				i++;
				j++;
			} else if (i < n &&
				   (j == m || t[(i + 1) * (m + 1) + j] >= t[i * (m + 1) + j + 1])) {
				/* removals first, as diff -u prints them */
				o[k++] = (struct op){ '-', head + i, head + j };
				i++;
			} else {
				o[k++] = (struct op){ '+', head + i, head + j };
				j++;
			}
		}
		free(t);
	} else {
		for (i = 0; i < n; i++)
			o[k++] = (struct op){ '-', head + i, head };
		for (j = 0; j < m; j++)
			o[k++] = (struct op){ '+', ta, head + j };
	}
	for (i = 0; i < a->n - ta; i++)
		o[k++] = (struct op){ ' ', ta + i, tb + i };
	*ops = o;
	*nops = k;
	return 0;
}

static void put_line(struct buf *b, char kind, const struct line *l)
{
	put(b, "%c%.*s\n", kind, (int)l->len, l->s);
	if (!l->nl)
		put(b, "\\ No newline at end of file\n");
}

/* "@@ -a,b +c,d @@" with diff's conventions for empty ranges. */
static void put_range(struct buf *b, char sign, size_t start, size_t count)
{
	if (count == 1)
		put(b, "%c%zu", sign, start + 1);
	else
		put(b, "%c%zu,%zu", sign, count ? start + 1 : start, count);
}

static void hunks(struct buf *b, const struct lines *a, const struct lines *bl, const struct op *o,
		  size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t first, last, k, ca = 0, cb = 0, sa, sb;

		while (i < n && o[i].kind == ' ')
			i++;
		if (i == n)
			break;
		/* extend while the next change is within 2*CONTEXT unchanged lines */
		first = i >= CONTEXT ? i - CONTEXT : 0;
		last = i;
		for (k = i; k < n; k++) {
			if (o[k].kind != ' ')
				last = k;
			else if (k - last > 2 * CONTEXT)
				break;
		}
		last = last + CONTEXT < n ? last + CONTEXT : n - 1;
		sa = o[first].ai;
		sb = o[first].bi;
		for (k = first; k <= last; k++) {
			ca += o[k].kind != '+';
			cb += o[k].kind != '-';
		}
		put(b, "@@ ");
		put_range(b, '-', sa, ca);
		put(b, " ");
		put_range(b, '+', sb, cb);
		put(b, " @@\n");
		for (k = first; k <= last; k++)
			put_line(b, o[k].kind, o[k].kind == '+' ? &bl->l[o[k].bi] : &a->l[o[k].ai]);
		i = last + 1;
	}
}

char *setup_diff(const char *path, const char *a, size_t alen, const char *b, size_t blen)
{
	struct lines la, lb;
	struct buf out = { 0 };
	struct op *ops = NULL;
	size_t nops = 0;
	const char *p = path[0] == '/' ? path + 1 : path;

	if ((a == NULL) == (b == NULL) && alen == blen && (!alen || !memcmp(a, b, alen)))
		return strdup("");
	if (split(a, alen, &la) || split(b, blen, &lb) || script(&la, &lb, &ops, &nops)) {
		free(la.l);
		free(lb.l);
		return NULL;
	}
	if (a)
		put(&out, "--- a/%s\n", p);
	else
		put(&out, "--- /dev/null\n");
	if (b)
		put(&out, "+++ b/%s\n", p);
	else
		put(&out, "+++ /dev/null\n");
	hunks(&out, &la, &lb, ops, nops);
	free(ops);
	free(la.l);
	free(lb.l);
	if (out.oom) {
		free(out.s);
		return NULL;
	}
	return out.s ? out.s : strdup("");
}
