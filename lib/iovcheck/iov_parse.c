// SPDX-License-Identifier: MIT
/*
 * Parsers of the i915 PF debugfs range files (intel_iov_provisioning.c:
 * intel_iov_provisioning_print_{ggtt,available_ggtt,ctxs,dbs}).
 */
#include <errno.h>
#include <string.h>

#include "iovcheck/iov_parse.h"

struct cursor {
	const char *p;
	const char *end;
};

static bool at_end(const struct cursor *c)
{
	return c->p == c->end;
}

static bool eat(struct cursor *c, const char *lit)
{
	size_t n = strlen(lit);

	if ((size_t)(c->end - c->p) < n || memcmp(c->p, lit, n))
		return false;
	c->p += n;
	return true;
}

/* At least one blank (tab or space); the driver prints a tab. */
static bool blanks(struct cursor *c)
{
	const char *start = c->p;

	while (!at_end(c) && (*c->p == '\t' || *c->p == ' '))
		c->p++;
	return c->p != start;
}

static int digit(char ch, unsigned int base)
{
	int d;

	if (ch >= '0' && ch <= '9')
		d = ch - '0';
	else if (ch >= 'a' && ch <= 'f')
		d = ch - 'a' + 10;
	else if (ch >= 'A' && ch <= 'F')
		d = ch - 'A' + 10;
	else
		return -1;
	return d < (int)base ? d : -1;
}

/*
 * A number in @base; in base 16 an optional 0x prefix. Returns 0, -EBADMSG
 * (no digits) or -ERANGE (overflow).
 */
static int number(struct cursor *c, unsigned int base, uint64_t *val)
{
	uint64_t v = 0;
	bool any = false;
	int d;

	if (base == 16 && (c->end - c->p) > 2 && c->p[0] == '0' && (c->p[1] | 0x20) == 'x' &&
	    digit(c->p[2], 16) >= 0)
		c->p += 2;
	while (!at_end(c) && (d = digit(*c->p, base)) >= 0) {
		if (v > (UINT64_MAX - (uint64_t)d) / base)
			return -ERANGE;
		v = v * base + (uint64_t)d;
		any = true;
		c->p++;
	}
	if (!any)
		return -EBADMSG;
	*val = v;
	return 0;
}

/* End of line: a newline, or the end of the text. */
static bool eol(struct cursor *c)
{
	if (at_end(c))
		return true;
	return eat(c, "\n");
}

/* "START-END" in @base; END is inclusive and not below START. */
static int span(struct cursor *c, unsigned int base, uint64_t *start, uint64_t *count)
{
	uint64_t last;
	int err;

	err = number(c, base, start);
	if (err)
		return err;
	if (!eat(c, "-"))
		return -EBADMSG;
	err = number(c, base, &last);
	if (err)
		return err;
	if (last < *start)
		return -EBADMSG;
	/* so that start + count never wraps */
	if (last == UINT64_MAX)
		return -ERANGE;
	*count = last - *start + 1;
	return 0;
}

/* "(N)" or, for kib, "(NK)"; N must be @expect (bytes when kib). */
static int bracket(struct cursor *c, bool kib, uint64_t expect)
{
	uint64_t n;
	int err;

	if (!eat(c, "("))
		return -EBADMSG;
	err = number(c, 10, &n);
	if (err)
		return err;
	if (kib && !eat(c, "K"))
		return -EBADMSG;
	if (!eat(c, ")"))
		return -EBADMSG;
	if (kib ? (expect % 1024 || n != expect / 1024) : n != expect)
		return -EBADMSG;
	return 0;
}

static int range_line(struct cursor *c, enum iov_res res, struct iov_range *r)
{
	bool ggtt = res == IOV_RES_GGTT;
	uint64_t vf;
	int err;

	if (!eat(c, "VF"))
		return -EBADMSG;
	err = number(c, 10, &vf);
	if (err)
		return err;
	if (vf == 0 || vf > IOV_MAX_VF_ID)
		return -ERANGE;
	if (!eat(c, ":") || !blanks(c))
		return -EBADMSG;
	err = span(c, ggtt ? 16 : 10, &r->start, &r->count);
	if (err)
		return err;
	if (!blanks(c))
		return -EBADMSG;
	err = bracket(c, ggtt, r->count);
	if (err)
		return err;
	if (!eol(c))
		return -EBADMSG;
	r->vf = (unsigned int)vf;
	return 0;
}

int iov_parse_provisioning(enum iov_res res, const char *text, size_t len, struct iov_ranges *out)
{
	struct cursor c = { text, text + len };
	int err;

	if (res >= IOV_RES_NUM)
		return -EINVAL;
	out->num = 0;
	while (!at_end(&c)) {
		if (out->num == IOV_MAX_LINES)
			return -E2BIG;
		err = range_line(&c, res, &out->r[out->num]);
		if (err)
			return err;
		out->num++;
	}
	return 0;
}

/* "NAME:\tBYTES\t(KK)" */
static int total_line(struct cursor *c, const char *name, uint64_t *bytes)
{
	int err;

	if (!eat(c, name) || !blanks(c))
		return -EBADMSG;
	err = number(c, 10, bytes);
	if (err)
		return err;
	if (!blanks(c))
		return -EBADMSG;
	/* the driver prints bytes / 1024, rounded down */
	err = bracket(c, true, *bytes & ~1023ull);
	if (err)
		return err;
	return eol(c) ? 0 : -EBADMSG;
}

int iov_parse_ggtt_available(const char *text, size_t len, struct iov_holes *out)
{
	struct cursor c = { text, text + len };
	uint64_t sum = 0;
	int err;

	memset(out, 0, sizeof(*out));
	while (eat(&c, "range:")) {
		struct iov_range *r = &out->r[out->num];

		if (out->num == IOV_MAX_LINES)
			return -E2BIG;
		if (!blanks(&c))
			return -EBADMSG;
		err = span(&c, 16, &r->start, &r->count);
		if (err)
			return err;
		if (!blanks(&c))
			return -EBADMSG;
		err = bracket(&c, true, r->count);
		if (err)
			return err;
		if (!eol(&c))
			return -EBADMSG;
		if (out->num && r->start < out->r[out->num - 1].start + out->r[out->num - 1].count)
			return -EBADMSG;
		if (sum + r->count < sum)
			return -ERANGE;
		sum += r->count;
		out->num++;
	}
	err = total_line(&c, "total:", &out->total);
	if (!err)
		err = total_line(&c, "avail:", &out->avail);
	if (err)
		return err;
	if (!at_end(&c) || out->total != sum || out->avail > out->total)
		return -EBADMSG;
	return 0;
}

const char *iov_res_name(enum iov_res res)
{
	static const char *const names[IOV_RES_NUM] = {
		[IOV_RES_GGTT] = "ggtt_provisioning",
		[IOV_RES_CTXS] = "contexts_provisioning",
		[IOV_RES_DBS] = "doorbells_provisioning",
	};

	return res < IOV_RES_NUM ? names[res] : NULL;
}
