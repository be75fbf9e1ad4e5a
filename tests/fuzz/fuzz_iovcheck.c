// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: lib/iovcheck's debugfs parsers and the checks over
 * whatever they accept. The input is up to four files separated by NUL
 * bytes: ggtt_provisioning, contexts_provisioning, doorbells_provisioning,
 * ggtt_available; the first byte picks which VFs the range check expects.
 *
 * Properties checked besides memory safety: accepted ranges have a count
 * and never wrap; accepted holes are ascending, apart, and add up to the
 * total; the PF's free GGTT is sorted and apart, and a snapshot compared
 * with itself keeps the PF's share; a report never overruns.
 */
#include <stdlib.h>
#include <string.h>

#include "iovcheck/iov_check.h"
#include "iovcheck/iov_parse.h"
#include "iovcheck/iov_plan.h"
#include "compat.h"

static struct iov_snapshot s;
static struct iov_holes gfree;
static struct iov_plan plan;
static struct iov_report report;

static void quiet(int level, const char *msg)
{
	(void)level;
	(void)msg;
}

static void check_ranges(const struct iov_ranges *r)
{
	unsigned int i;

	for (i = 0; i < r->num; i++)
		if (!r->r[i].count || r->r[i].start + r->r[i].count < r->r[i].start ||
		    r->r[i].vf < 1 || r->r[i].vf > IOV_MAX_VF_ID)
			abort();
}

static void check_sorted(const struct iov_holes *h, bool sum)
{
	uint64_t total = 0;
	unsigned int i;

	for (i = 0; i < h->num; i++) {
		if (!h->r[i].count || h->r[i].start + h->r[i].count < h->r[i].start)
			abort();
		if (i && h->r[i - 1].start + h->r[i - 1].count > h->r[i].start)
			abort();
		total += h->r[i].count;
	}
	if (sum && total != h->total)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data + 1, *end = (const char *)data + size;
	unsigned int part, mask;
	int err = 0;

	if (!size)
		return 0;
	compat_log_sink = quiet;
	mask = data[0] & iov_vf_mask(IOV_MAX_VFS);
	memset(&s, 0, sizeof(s));
	s.total_vfs = IOV_MAX_VFS;
	s.ggtt_spare = 64ull << 20;
	for (part = 0; part < 4 && !err; part++) {
		const char *nul = memchr(p, '\0', (size_t)(end - p));
		size_t len = (size_t)((nul ? nul : end) - p);

		if (part < IOV_RES_NUM) {
			err = iov_parse_provisioning(part, p, len, &s.prov[part]);
			if (!err)
				check_ranges(&s.prov[part]);
		} else {
			err = iov_parse_ggtt_available(p, len, &s.holes);
			if (!err)
				check_sorted(&s.holes, true);
		}
		p = nul ? nul + 1 : end;
	}
	if (err)
		return 0;

	iov_report_init(&report);
	iov_check_ranges(&s, mask, &report);
	iov_check_quotas(&s, &report);
	if (!iov_plan_pf_free(&s, &gfree)) {
		check_sorted(&gfree, true);
		if (iov_check_pf_share(&s, &s, &report) == -EDOM)
			abort();
		if (!iov_plan_compute(&s, &gfree, 1 + data[0] % IOV_MAX_VFS, &plan))
			iov_check_plan(&s, &plan, &report);
	}
	if (report.len >= sizeof(report.text) || strlen(report.text) != report.len)
		abort();
	return 0;
}
