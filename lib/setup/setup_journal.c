// SPDX-License-Identifier: MIT
/*
 * The journal's format: writer and parser (see setup_journal.h).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "setup/setup_journal.h"

#define PAYLOAD_MAX (64u << 20)

static const char *const tags[] = {
	[SETUP_REC_STEP] = "step", [SETUP_REC_MKDIR] = "mkdir", [SETUP_REC_FILE] = "file",
	[SETUP_REC_CMD] = "cmd",   [SETUP_REC_RAN] = "ran",	[SETUP_REC_UNDONE] = "undone",
};

char *setup_journal_record(enum setup_rec_kind kind, const struct setup_rec *r, size_t *len)
{
	char head[160];
	size_t hl, total;
	char *out;
	int n;

	switch (kind) {
	case SETUP_REC_STEP:
	case SETUP_REC_MKDIR:
		n = snprintf(head, sizeof(head), "%s %zu\n", tags[kind], r->alen);
		break;
	case SETUP_REC_FILE:
		n = snprintf(head, sizeof(head), "file %d %o %u %u %zu %zu\n", r->exists ? 1 : 0,
			     (unsigned int)r->mode, (unsigned int)r->uid, (unsigned int)r->gid,
			     r->alen, r->blen);
		break;
	case SETUP_REC_CMD:
		n = snprintf(head, sizeof(head), "cmd %zu %zu\n", r->alen, r->blen);
		break;
	default:
		n = snprintf(head, sizeof(head), "%s %ld\n", tags[kind], r->status);
		break;
	}
	hl = (size_t)n;
	total = hl + r->alen + r->blen + 1;
	if (kind == SETUP_REC_RAN || kind == SETUP_REC_UNDONE)
		total = hl;
	out = malloc(total);
	if (!out)
		return NULL;
	memcpy(out, head, hl);
	if (total > hl) {
		if (r->alen)
			memcpy(out + hl, r->a, r->alen);
		if (r->blen)
			memcpy(out + hl + r->alen, r->b, r->blen);
		out[total - 1] = '\n';
	}
	*len = total;
	return out;
}

/* Parse "N" decimal (or octal when @base 8) up to a space or newline. */
static bool num(const char **p, const char *end, int base, uint64_t max, uint64_t *v)
{
	const char *s = *p;
	uint64_t x = 0;

	if (s >= end || *s < '0' || *s > (base == 8 ? '7' : '9'))
		return false;
	if (*s == '-')
		return false;
	while (s < end && *s >= '0' && *s <= (base == 8 ? '7' : '9')) {
		uint64_t d = (uint64_t)(*s - '0');

		if (x > (max - d) / (uint64_t)base)
			return false;
		x = x * (uint64_t)base + d;
		s++;
	}
	*p = s;
	*v = x;
	return true;
}

static bool sep(const char **p, const char *end, char c)
{
	if (*p >= end || **p != c)
		return false;
	(*p)++;
	return true;
}

/*
 * One record at *p. Returns 1 parsed, 0 torn (ends before the record is
 * complete), -1 damaged.
 */
static int one(const char **pp, const char *end, struct setup_rec *r)
{
	const char *p = *pp, *nl = memchr(p, '\n', (size_t)(end - p));
	size_t tl = 0;
	uint64_t v[6] = { 0 };
	int k, want;

	if (!nl)
		return 0;
	memset(r, 0, sizeof(*r));
	for (k = 0; k < (int)(sizeof(tags) / sizeof(tags[0])); k++) {
		tl = strlen(tags[k]);
		if ((size_t)(nl - p) > tl && !memcmp(p, tags[k], tl) && p[tl] == ' ')
			break;
	}
	if (k == (int)(sizeof(tags) / sizeof(tags[0])))
		return -1;
	r->kind = (enum setup_rec_kind)k;
	p += tl + 1;
	want = k == SETUP_REC_FILE ? 6 : k == SETUP_REC_CMD ? 2 : 1;
	for (int i = 0; i < want; i++) {
		uint64_t max = i >= 4 || k != SETUP_REC_FILE ? PAYLOAD_MAX : UINT32_MAX;

		if (k == SETUP_REC_FILE && i == 0)
			max = 1;
		if (k == SETUP_REC_RAN || k == SETUP_REC_UNDONE)
			max = INT32_MAX;
		if (k == SETUP_REC_FILE && i == 1 ? !num(&p, nl, 8, 07777, &v[i]) :
						    !num(&p, nl, 10, max, &v[i]))
			return -1;
		if (!sep(&p, nl + 1, i == want - 1 ? '\n' : ' '))
			return -1;
	}
	switch (r->kind) {
	case SETUP_REC_STEP:
	case SETUP_REC_MKDIR:
		r->alen = v[0];
		break;
	case SETUP_REC_FILE:
		r->exists = v[0];
		r->mode = (mode_t)v[1];
		r->uid = (uid_t)v[2];
		r->gid = (gid_t)v[3];
		r->alen = v[4];
		r->blen = v[5];
		break;
	case SETUP_REC_CMD:
		r->alen = v[0];
		r->blen = v[1];
		break;
	default:
		r->status = (long)v[0];
		*pp = p;
		return 1;
	}
	if ((size_t)(end - p) < r->alen + r->blen + 1)
		return 0;
	r->a = p;
	r->b = p + r->alen;
	p += r->alen + r->blen;
	if (*p != '\n')
		return -1;
	/* a path or a step id is one line of text without NUL */
	if (r->kind != SETUP_REC_CMD &&
	    (memchr(r->a, '\n', r->alen) || memchr(r->a, '\0', r->alen) || !r->alen))
		return -1;
	if ((r->kind == SETUP_REC_MKDIR || r->kind == SETUP_REC_FILE) && r->a[0] != '/')
		return -1;
	if (r->kind == SETUP_REC_FILE && !r->exists && r->blen)
		return -1;
	*pp = p + 1;
	return 1;
}

int setup_journal_parse(const char *buf, size_t len, struct setup_journal *j)
{
	const char *p = buf, *end = buf + len;
	size_t ml = strlen(SETUP_JOURNAL_MAGIC), cap = 0;

	memset(j, 0, sizeof(*j));
	if (len < ml || memcmp(buf, SETUP_JOURNAL_MAGIC, ml))
		return -EBADMSG;
	p += ml;
	while (p < end) {
		struct setup_rec r;
		int ret = one(&p, end, &r);

		if (ret == 0) {
			j->torn = true;
			break;
		}
		if (ret < 0) {
			setup_journal_free(j);
			return -EBADMSG;
		}
		if (r.kind == SETUP_REC_UNDONE && (size_t)r.status >= j->n) {
			setup_journal_free(j);
			return -EBADMSG;
		}
		if (j->n == cap) {
			struct setup_rec *n;

			if (cap >= SETUP_JOURNAL_MAX_RECORDS) {
				setup_journal_free(j);
				return -E2BIG;
			}
			cap = cap ? cap * 2 : 16;
			n = realloc(j->rec, cap * sizeof(*n));
			if (!n) {
				setup_journal_free(j);
				return -ENOMEM;
			}
			j->rec = n;
		}
		j->rec[j->n++] = r;
	}
	return 0;
}

void setup_journal_free(struct setup_journal *j)
{
	free(j->rec);
	j->rec = NULL;
	j->n = 0;
}
