// SPDX-License-Identifier: MIT
/*
 * Checks of the PF's provisioning: range lists, quotas, the PF core's plan
 * and the PF's own share.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iovcheck/iov_check.h"
#include "iovcheck/iov_parse.h"
#include "iov/pf_types.h"

static const char *const res_label[IOV_RES_NUM] = { "GGTT", "contexts", "doorbells" };

void iov_report_init(struct iov_report *r)
{
	r->problems = 0;
	r->len = 0;
	r->text[0] = '\0';
}

int iov_report_add(struct iov_report *r, int err, const char *fmt, ...)
{
	size_t room = sizeof(r->text) - r->len;
	va_list ap;
	int n;

	r->problems++;
	if (room <= 1)
		return err;
	va_start(ap, fmt);
	n = vsnprintf(r->text + r->len, room, fmt, ap);
	va_end(ap);
	if (n < 0)
		return err;
	if ((size_t)n + 1 >= room) {
		/* cut short: mark it */
		r->len = sizeof(r->text) - 1;
		memcpy(r->text + r->len - 4, "...\n", 4);
		r->text[r->len] = '\0';
		return err;
	}
	r->len += (size_t)n;
	r->text[r->len++] = '\n';
	r->text[r->len] = '\0';
	return err;
}

unsigned int iov_vf_mask(unsigned int n)
{
	return n >= IOV_MAX_VFS ? ((1u << (IOV_MAX_VFS + 1)) - 2) : ((1u << (n + 1)) - 2);
}

/* "start-end (count)" as the debugfs file shows it */
static void fmt_range(char *buf, size_t size, enum iov_res res, const struct iov_range *x)
{
	if (!x->count)
		snprintf(buf, size, "none");
	else if (res == IOV_RES_GGTT)
		snprintf(buf, size, "%#" PRIx64 "-%#" PRIx64 " (%" PRIu64 "K)", x->start,
			 x->start + x->count - 1, x->count >> 10);
	else
		snprintf(buf, size, "%" PRIu64 "-%" PRIu64 " (%" PRIu64 ")", x->start,
			 x->start + x->count - 1, x->count);
}

static int first(int ret, int err)
{
	return ret ? ret : err;
}

static bool overlaps(const struct iov_range *a, const struct iov_range *b)
{
	return a->start < b->start + b->count && b->start < a->start + a->count;
}

static int check_bounds(const struct iov_snapshot *s, enum iov_res res, const struct iov_range *x,
			struct iov_report *r)
{
	uint64_t end = x->start + x->count, pf_ctxs;
	char buf[64];
	unsigned int i;
	int ret = 0;

	fmt_range(buf, sizeof(buf), res, x);
	switch (res) {
	case IOV_RES_GGTT:
		if (x->start % PF_GGTT_ALIGN || x->count % PF_GGTT_ALIGN)
			ret = iov_report_add(r, -ERANGE, "VF%u GGTT %s is not 4K aligned", x->vf,
					     buf);
		/* the platform is not known here: the lowest pin_bias of any */
		if (x->start < pf_platform_lowest_ggtt_base() || end > PF_GGTT_TOP ||
		    end < x->start)
			ret = first(
				ret,
				iov_report_add(r, -ERANGE, "VF%u GGTT %s is outside [%#llx, %#llx)",
					       x->vf, buf,
					       (unsigned long long)pf_platform_lowest_ggtt_base(),
					       PF_GGTT_TOP));
		for (i = 0; i < s->holes.num; i++)
			if (overlaps(x, &s->holes.r[i]))
				ret = first(ret, iov_report_add(r, -EADDRINUSE,
								"VF%u GGTT %s overlaps a free hole",
								x->vf, buf));
		break;
	case IOV_RES_CTXS:
		pf_ctxs = iov_plan_pf_contexts(s->total_vfs);
		if (x->start < pf_ctxs)
			ret = iov_report_add(r, -ERANGE,
					     "VF%u contexts %s overlap the PF's 0-%" PRIu64, x->vf,
					     buf, pf_ctxs - 1);
		if (end > PF_MAX_CONTEXT_ID || end < x->start)
			ret = first(ret,
				    iov_report_add(r, -ERANGE, "VF%u contexts %s go past ID %u",
						   x->vf, buf, PF_MAX_CONTEXT_ID - 1));
		break;
	default:
		if (end > PF_NUM_DOORBELLS || end < x->start)
			ret = iov_report_add(r, -ERANGE, "VF%u doorbells %s go past %u", x->vf, buf,
					     PF_NUM_DOORBELLS - 1);
		break;
	}
	return ret;
}

static int cmp_start(const void *a, const void *b)
{
	const struct iov_range *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static int check_list(const struct iov_snapshot *s, enum iov_res res, unsigned int vfs,
		      struct iov_report *r)
{
	const struct iov_ranges *list = &s->prov[res];
	struct iov_range sorted[IOV_MAX_LINES];
	uint64_t seen = 0;
	unsigned int i, vf;
	char a[64], b[64];
	int ret = 0;

	for (i = 0; i < list->num; i++) {
		const struct iov_range *x = &list->r[i];

		fmt_range(a, sizeof(a), res, x);
		if (x->vf > s->total_vfs) {
			ret = first(ret,
				    iov_report_add(r, -ERANGE, "%s lists VF%u but max_vfs is %u",
						   res_label[res], x->vf, s->total_vfs));
			continue;
		}
		if (seen & (1ull << x->vf)) {
			ret = first(ret, iov_report_add(r, -EEXIST, "%s lists VF%u twice",
							res_label[res], x->vf));
			continue;
		}
		seen |= 1ull << x->vf;
		if (!(vfs & (1u << x->vf)))
			ret = first(ret,
				    iov_report_add(r, -ENOTEMPTY,
						   "VF%u still holds %s %s; it should hold none",
						   x->vf, res_label[res], a));
		ret = first(ret, check_bounds(s, res, x, r));
	}
	for (vf = 1; vf <= IOV_MAX_VFS; vf++)
		if ((vfs & (1u << vf)) && !(seen & (1ull << vf)))
			ret = first(ret, iov_report_add(r, -ESRCH, "VF%u holds no %s", vf,
							res_label[res]));

	memcpy(sorted, list->r, list->num * sizeof(sorted[0]));
	qsort(sorted, list->num, sizeof(sorted[0]), cmp_start);
	for (i = 1; i < list->num; i++) {
		if (sorted[i - 1].start + sorted[i - 1].count <= sorted[i].start)
			continue;
		fmt_range(a, sizeof(a), res, &sorted[i - 1]);
		fmt_range(b, sizeof(b), res, &sorted[i]);
		ret = first(ret,
			    iov_report_add(r, -EADDRINUSE, "VF%u %s %s overlap VF%u's %s",
					   sorted[i - 1].vf, res_label[res], a, sorted[i].vf, b));
	}
	return ret;
}

int iov_check_ranges(const struct iov_snapshot *s, unsigned int vfs, struct iov_report *r)
{
	int res, ret = 0;

	for (res = 0; res < IOV_RES_NUM; res++)
		ret = first(ret, check_list(s, res, vfs, r));
	return ret;
}

static const struct iov_range *find_vf(const struct iov_ranges *list, unsigned int vf)
{
	unsigned int i;

	for (i = 0; i < list->num; i++)
		if (list->r[i].vf == vf)
			return &list->r[i];
	return NULL;
}

int iov_check_quotas(const struct iov_snapshot *s, struct iov_report *r)
{
	static const char *const attr[IOV_RES_NUM] = { "ggtt_quota", "contexts_quota",
						       "doorbells_quota" };
	unsigned int vf;
	int res, ret = 0;

	for (vf = 1; vf <= s->total_vfs; vf++) {
		const uint64_t quota[IOV_RES_NUM] = { s->vf[vf].ggtt_quota,
						      s->vf[vf].contexts_quota,
						      s->vf[vf].doorbells_quota };

		for (res = 0; res < IOV_RES_NUM; res++) {
			const struct iov_range *x = find_vf(&s->prov[res], vf);
			uint64_t have = x ? x->count : 0;

			if (quota[res] != have)
				ret = first(ret, iov_report_add(r, -EDOM,
								"VF%u %s is %" PRIu64
								" but %s shows %" PRIu64,
								vf, attr[res], quota[res],
								iov_res_name(res), have));
		}
	}
	return ret;
}

int iov_check_plan(const struct iov_snapshot *s, const struct iov_plan *plan, struct iov_report *r)
{
	static const struct iov_range none;
	char a[64], b[64];
	unsigned int vf;
	int res, ret = 0;

	if (plan->total_vfs != s->total_vfs)
		return iov_report_add(r, -EINVAL, "the plan is for max_vfs=%u, the PF has %u",
				      plan->total_vfs, s->total_vfs);
	for (res = 0; res < IOV_RES_NUM; res++) {
		for (vf = 1; vf <= plan->num_vfs; vf++) {
			const struct iov_range *want = &plan->vf[res][vf];
			const struct iov_range *have = find_vf(&s->prov[res], vf);

			if (!have)
				have = &none;
			if (have->start == want->start && have->count == want->count)
				continue;
			fmt_range(a, sizeof(a), res, have);
			fmt_range(b, sizeof(b), res, want);
			ret = first(ret, iov_report_add(r, -EDOM,
							"VF%u %s: the PF gave %s, the plan is %s",
							vf, res_label[res], a, b));
		}
	}
	return ret;
}

int iov_check_available(const struct iov_snapshot *s, const struct iov_plan *plan,
			struct iov_report *r)
{
	const struct {
		const char *name;
		uint64_t have, want;
	} q[] = {
		{ "ggtt_max_quota", s->ggtt_max_quota, plan->ggtt_max_quota },
		{ "contexts_max_quota", s->contexts_max_quota, plan->contexts_max_quota },
		{ "doorbells_max_quota", s->doorbells_max_quota, plan->doorbells_max_quota },
	};
	unsigned int i;
	int ret = 0;

	for (i = 0; i < sizeof(q) / sizeof(q[0]); i++)
		if (q[i].have != q[i].want)
			ret = first(ret, iov_report_add(r, -EDOM,
							"available/%s is %" PRIu64
							", the PF core computes %" PRIu64,
							q[i].name, q[i].have, q[i].want));
	return ret;
}

int iov_check_pf_share(const struct iov_snapshot *before, const struct iov_snapshot *after,
		       struct iov_report *r)
{
	struct iov_holes *fb, *fa;
	int err, ret = 0;

	fb = malloc(2 * sizeof(*fb));
	if (!fb)
		return -ENOMEM;
	fa = fb + 1;
	err = iov_plan_pf_free(before, fb);
	if (err) {
		ret = iov_report_add(r, err,
				     "before: VF GGTT ranges overlap each other or the free holes");
		goto out;
	}
	err = iov_plan_pf_free(after, fa);
	if (err) {
		ret = iov_report_add(r, err,
				     "after: VF GGTT ranges overlap each other or the free holes");
		goto out;
	}
	if (fb->num != fa->num || memcmp(fb->r, fa->r, fb->num * sizeof(fb->r[0])))
		ret = iov_report_add(r, -EDOM,
				     "the PF's own GGTT changed: %" PRIu64
				     "K left to VFs before, %" PRIu64 "K after (%u and %u ranges)",
				     fb->total >> 10, fa->total >> 10, fb->num, fa->num);
	if (before->ggtt_spare != after->ggtt_spare ||
	    before->contexts_spare != after->contexts_spare ||
	    before->doorbells_spare != after->doorbells_spare)
		ret = first(ret, iov_report_add(r, -EDOM, "the PF's spares changed"));
	if (after->holes.total < after->ggtt_spare)
		ret = first(ret, iov_report_add(r, -ENOSPC,
						"only %" PRIu64
						"K of GGTT is free, the PF's spare is %" PRIu64 "K",
						after->holes.total >> 10, after->ggtt_spare >> 10));
out:
	free(fb);
	return ret;
}
