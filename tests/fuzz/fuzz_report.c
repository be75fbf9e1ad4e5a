// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: the bench report over a report.json it did not write
 * (bench-compare's BASE comes from another machine or CI run). The bytes are
 * read through report_compare_load() as a base report and compared both ways
 * with a small run of our own (so every status can come out), the same bytes
 * are read as a goals file and held against both runs' figures, and the
 * whole page is written (without charts) into memory.
 */
#include <json-c/json.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bench/report/report_compare.h"
#include "bench/report/report_goals.h"
#include "bench/report/report_page.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* this run: a rate with a reference, a distribution, a count, a VM figure */
static const char our_run[] =
	"{\"build\":\"fuzz\",\"machine\":{\"cpu\":\"A\",\"vm_accel\":\"TCG\",\"noise_spread\":0.05,"
	"\"noise_memcpy_median\":9000},\"figures\":["
	"{\"bench\":\"frames\",\"name\":\"throughput_1080p\",\"unit\":\"frames/s\",\"value\":600,"
	"\"ratio\":0.5,\"reference\":\"memcpy\",\"reference_value\":1200},"
	"{\"bench\":\"frames\",\"name\":\"detect_1080p\",\"unit\":\"us\",\"value\":50,\"p50\":50,"
	"\"p99\":90,\"max\":99,\"n\":200,\"p50_lo\":45,\"p50_hi\":56},"
	"{\"bench\":\"frames\",\"name\":\"torn_1080p\",\"unit\":\"frames\",\"value\":0},"
	"{\"bench\":\"vm\",\"name\":\"input_to_frame\",\"unit\":\"ms\",\"value\":8}]}";

static void page(struct json_object *figs, struct json_object *machine, struct json_object *base,
		 struct json_object *cmp, const struct report_goals *goals)
{
	struct report_run r = { .dir = "/nonexistent", .build = "fuzz", .goals_path = "fuzz" };
	char *html = NULL;
	size_t len = 0;
	FILE *f;

	r.machine = machine;
	r.figures = figs;
	r.base = base;
	r.base_path = base ? "fuzz" : NULL;
	r.cmp = cmp;
	r.benches = json_object_new_object();
	json_object_object_add(r.benches, "frames", json_object_get(figs));
	r.goals = report_goals_eval(goals, figs);
	r.verdict = report_verdict(r.goals, machine);
	f = open_memstream(&html, &len);
	if (f) {
		report_page_html(f, &r);
		fclose(f);
	}
	free(html);
	json_object_put(r.goals);
	json_object_put(r.verdict);
	json_object_put(r.benches);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct json_object *ours = json_tokener_parse(our_run), *base, *figs, *bfigs = NULL;
	struct json_object *machine = NULL, *bmachine = NULL, *cmp;
	struct report_goals goals;
	char *text = strndup((const char *)data, size), path[64];
	const char *why;
	size_t regressions;
	int fd;

	if (!text || !ours)
		goto out;
	if (report_goals_parse(text, "fuzz", &goals))
		goto out;
	json_object_object_get_ex(ours, "figures", &figs);
	json_object_object_get_ex(ours, "machine", &machine);

	fd = memfd_create("fuzz-report", MFD_CLOEXEC);
	if (fd < 0 || write(fd, data, size) != (ssize_t)size) {
		if (fd >= 0)
			close(fd);
		report_goals_free(&goals);
		goto out;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	base = report_compare_load(path, &why);
	close(fd);

	cmp = base ? report_compare(figs, machine, base, &regressions) : NULL;
	page(figs, machine, base, cmp, &goals);
	json_object_put(cmp);
	if (base) {
		json_object_object_get_ex(base, "figures", &bfigs);
		json_object_object_get_ex(base, "machine", &bmachine);
		cmp = report_compare(bfigs, bmachine, ours, &regressions);
		page(bfigs, bmachine, ours, cmp, &goals);
		json_object_put(cmp);
	}
	json_object_put(base);
	report_goals_free(&goals);
out:
	free(text);
	json_object_put(ours);
	return 0;
}
