// SPDX-License-Identifier: MIT
/* See report_charts.h. */
#include "bench/report/report_charts.h"

#include <json-c/json.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "bench/report/report_plot.h"
#include "bench/report/report_util.h"

#define MAX_ITEMS 6

struct chart_item {
	const char *figure;
	const char *label;
};

struct chart {
	const char *bench;
	const char *id;
	bool bars; /* else a CDF of the items' samples */
	const char *title; /* may hold one %s: the VM accelerator */
	const char *axis;
	/* bars; a NULL ref_label is the "reference" its figures name, so the
	 * legend says what the benchmark measured them against */
	const char *value_label, *ref_label;
	bool logx;
	const char *caption;
	struct chart_item items[MAX_ITEMS];
};

static const struct chart charts[] = {
	{ "frames",
	  "detect-cdf",
	  false,
	  "Frame detection delay at 1080p: adaptive poller vs LG B7's fixed 1 ms sleep",
	  "post to the consumer seeing the frame (\xc2\xb5s, log scale)",
	  NULL,
	  NULL,
	  true,
	  "Same producer, same random 1-4 ms gaps; only the consumer's polling differs. "
	  "Further left is better.",
	  { { "detect_1080p", "adaptive poller (spin 100 \xc2\xb5s, then 10-100 \xc2\xb5s sleeps)" },
	    { "detect_1080p_lg_b7_polling", "LG B7 client: fixed 1 ms sleep" } } },
	{ "frames",
	  "throughput-bars",
	  true,
	  "Frame throughput per resolution beside the limit it is held against",
	  "frames per second",
	  "measured: producer to consumer over LGMP",
	  NULL,
	  false,
	  "Frames streamed back to back through the 2-buffer KVMFR queue; the grey bar is the "
	  "reference each figure names, measured in the same run.",
	  { { "throughput_1080p", "1080p" },
	    { "throughput_1440p", "1440p" },
	    { "throughput_4k", "4K" } } },
	{ "frames",
	  "two-copy-bars",
	  true,
	  "The two-copy limit per resolution beside one memcpy",
	  "frames per second",
	  "two-copy limit: one copy in and one out at once",
	  NULL,
	  false,
	  "The copies a copying transport makes of each frame, run at once over the shared memory "
	  "without the protocol; the grey bar is one memcpy of the frame alone.",
	  { { "two_copy_limit_1080p", "1080p" },
	    { "two_copy_limit_1440p", "1440p" },
	    { "two_copy_limit_4k", "4K" } } },
	{ "frames",
	  "zero-copy-bars",
	  true,
	  "Zero-copy view throughput beside the copying consumer",
	  "frames per second",
	  "zero-copy view: only the producer copies",
	  NULL,
	  false,
	  "The same stream, the consumer using each frame in shared memory instead of copying it "
	  "out.",
	  { { "zero_copy_throughput_1080p", "1080p" },
	    { "zero_copy_throughput_1440p", "1440p" },
	    { "zero_copy_throughput_4k", "4K" } } },
	{ "frames",
	  "visible-cdf",
	  false,
	  "Publish to visible, per resolution",
	  "post to the whole frame in the consumer's memory (\xc2\xb5s, log scale)",
	  NULL,
	  NULL,
	  true,
	  "Frames at random 1-4 ms gaps, adaptive poller.",
	  { { "publish_to_visible_1080p", "1080p" },
	    { "publish_to_visible_1440p", "1440p" },
	    { "publish_to_visible_4k", "4K" } } },
	{ "frames",
	  "detect-res-cdf",
	  false,
	  "Detection delay per resolution, adaptive poller",
	  "post to the consumer seeing the frame (\xc2\xb5s, log scale)",
	  NULL,
	  NULL,
	  true,
	  NULL,
	  { { "detect_1080p", "1080p" }, { "detect_1440p", "1440p" }, { "detect_4k", "4K" } } },
	{ "frames",
	  "memcpy-cdf",
	  false,
	  "memcpy of one frame, per resolution (the limit)",
	  "time of one copy (\xc2\xb5s, log scale)",
	  NULL,
	  NULL,
	  true,
	  "The copy every frame figure is held against, measured in the same run.",
	  { { "memcpy_1080p", "1080p" }, { "memcpy_1440p", "1440p" }, { "memcpy_4k", "4K" } } },
	{ "guc_ct",
	  "ct-bars",
	  true,
	  "CT channel throughput beside memcpy into a ring of the same size",
	  "MiB/s",
	  "through the CT channel",
	  "memcpy limit",
	  false,
	  "256-dword messages; the grey bar copies the same bytes into a ring without the protocol.",
	  { { "h2g_throughput", "H2G (driver to GuC)" },
	    { "g2h_throughput", "G2H (GuC to driver)" } } },
	{ "pf",
	  "pf-bars",
	  true,
	  "Enabling and disabling 7 VFs beside as many bare CT round trips",
	  "time per cycle (\xc2\xb5s)",
	  "PF enable + disable cycle",
	  "bare round trips (the floor)",
	  false,
	  NULL,
	  { { "enable_disable_cycle", "7 VFs" } } },
	{ "gop",
	  "gop-cpu-bars",
	  true,
	  "GOP extraction: vfctl beside UEFIExtract, CPU time per image layout",
	  "CPU time of one extraction (ms)",
	  "vfctl gop extract",
	  "UEFIExtract",
	  false,
	  "Both tools as fresh processes on the same bytes (Debian's OVMF and two layouts made of it).",
	  { { "gop ovmf: vfctl CPU time", "OVMF (LZMA volume)" },
	    { "gop capsule_fv: vfctl CPU time", "capsule (plain FV)" },
	    { "gop spi_lzma: vfctl CPU time", "SPI image (LZMA)" } } },
	{ "gop",
	  "gop-speedup-bars",
	  true,
	  "GOP extraction: speed-up over UEFIExtract beside its goal",
	  "UEFIExtract CPU time / vfctl CPU time (x)",
	  "speed-up (CPU)",
	  "goal",
	  false,
	  NULL,
	  { { "gop ovmf: speed-up over UEFIExtract (CPU)", "OVMF (LZMA volume)" },
	    { "gop capsule_fv: speed-up over UEFIExtract (CPU)", "capsule (plain FV)" },
	    { "gop spi_lzma: speed-up over UEFIExtract (CPU)", "SPI image (LZMA)" } } },
	{ "gop",
	  "gop-memory-bars",
	  true,
	  "GOP extraction: peak memory beside UEFIExtract",
	  "peak memory (MiB)",
	  "vfctl gop extract",
	  "UEFIExtract",
	  false,
	  NULL,
	  { { "gop ovmf: vfctl peak memory", "OVMF (LZMA volume)" },
	    { "gop capsule_fv: vfctl peak memory", "capsule (plain FV)" },
	    { "gop spi_lzma: vfctl peak memory", "SPI image (LZMA)" } } },
	{ "vm",
	  "vm-input-cdf",
	  false,
	  "VM input to frame (guest under %s)",
	  "QMP key press to the host holding the guest's 1080p frame (ms)",
	  NULL,
	  NULL,
	  false,
	  "Key presses at random 20-100 ms gaps; the guest answers each with a full frame.",
	  { { "input_to_frame", "input to frame" } } },
	{ "vm",
	  "vm-throughput-bars",
	  true,
	  "Guest frame throughput beside a 60 Hz display (under %s)",
	  "frames per second",
	  "guest to host over ivshmem, 1080p",
	  "60 Hz refresh",
	  false,
	  NULL,
	  { { "guest_frame_throughput", "1080p stream" } } },
};

static bool claimed(const char *bench, const char *name)
{
	for (size_t i = 0; i < sizeof(charts) / sizeof(charts[0]); i++) {
		if (strcmp(charts[i].bench, bench))
			continue;
		for (size_t j = 0; j < MAX_ITEMS && charts[i].items[j].figure; j++)
			if (!strcmp(charts[i].items[j].figure, name))
				return true;
	}
	return false;
}

static bool samples_path(const char *bench_dir, struct json_object *fig, char *out, size_t n)
{
	const char *s = report_str(fig, "samples");

	if (!s || strchr(s, '/') || !s[0])
		return false;
	snprintf(out, n, "%s/%s", bench_dir, s);
	return true;
}

static bool bar_of(struct json_object *fig, struct report_bar *bar)
{
	double ratio;

	if (!report_num(fig, "value", &bar->value))
		return false;
	if (!report_num(fig, "reference_value", &bar->ref)) {
		if (report_figure_ratio(fig, &ratio) && ratio > 0)
			bar->ref = bar->value / ratio;
		else
			bar->ref = -1;
	}
	return true;
}

/* the title with its "%s" (if any) replaced by @accel: not a printf format */
static void fill_title(char *out, size_t n, const char *tmpl, const char *accel)
{
	const char *at = strstr(tmpl, "%s");

	if (!at)
		snprintf(out, n, "%s", tmpl);
	else
		snprintf(out, n, "%.*s%s%s", (int)(at - tmpl), tmpl, accel, at + 2);
}

static void emit(FILE *f, const char *id, char *svg, const char *caption)
{
	fputs("<figure class=plot id=\"plot-", f);
	report_escape(f, id);
	fputs("\">", f);
	fputs(svg, f);
	if (caption) {
		fputs("<figcaption>", f);
		report_escape(f, caption);
		fputs("</figcaption>", f);
	}
	fputs("</figure>\n", f);
	free(svg);
}

static int named_chart(FILE *f, const char *bench_dir, const char *plots, const struct chart *c,
		       struct json_object *figures, const char *accel)
{
	char paths[MAX_ITEMS][4096], title[512], id[256];
	struct report_series s[MAX_ITEMS];
	struct report_bar b[MAX_ITEMS];
	const char *ref_label = c->ref_label;
	size_t n = 0;
	bool any_ref = false;
	char *svg;

	for (size_t j = 0; j < MAX_ITEMS && c->items[j].figure; j++) {
		struct json_object *fig = report_find_figure(figures, c->bench, c->items[j].figure);

		if (!fig)
			continue;
		if (c->bars) {
			if (!bar_of(fig, &b[n]))
				continue;
			b[n].label = c->items[j].label;
			any_ref |= b[n].ref >= 0;
			if (!ref_label)
				ref_label = report_str(fig, "reference");
			n++;
		} else if (samples_path(bench_dir, fig, paths[n], sizeof(paths[n]))) {
			s[n].path = paths[n];
			s[n].label = c->items[j].label;
			n++;
		}
	}
	if (!n)
		return 0;
	fill_title(title, sizeof(title), c->title, accel);
	snprintf(id, sizeof(id), "%s-%s", c->bench, c->id);
	svg = c->bars ? report_plot_bars(plots, id, title, c->axis, c->value_label,
					 any_ref ? (ref_label ? ref_label : "reference") : NULL, b,
					 n) :
			report_plot_cdf(plots, id, title, c->axis, s, n, c->logx);
	if (!svg) {
		fprintf(f,
			"<p class=warn>Chart %s could not be drawn (see its gnuplot log in the plots "
			"directory).</p>\n",
			id);
		return 0;
	}
	emit(f, c->id, svg, c->caption);
	return 1;
}

/* charts for what no named chart shows: a CDF per distribution, one bar
 * chart of the rates that have a reference */
static int default_charts(FILE *f, const char *bench_dir, const char *plots, const char *bench,
			  struct json_object *figures)
{
	size_t n = json_object_array_length(figures), nbars = 0;
	struct report_bar *bars = calloc(n ? n : 1, sizeof(*bars));
	const char *bar_unit = NULL;
	char path[4096], axis[300], id[300];
	int drawn = 0;

	for (size_t i = 0; i < n && bars; i++) {
		struct json_object *fig = json_object_array_get_idx(figures, i);
		const char *b = report_str(fig, "bench"), *name = report_str(fig, "name");
		const char *unit = report_str(fig, "unit");
		struct report_series s;
		char *svg;

		if (!b || !name || strcmp(b, bench) || claimed(bench, name))
			continue;
		if (samples_path(bench_dir, fig, path, sizeof(path))) {
			s.path = path;
			s.label = name;
			snprintf(axis, sizeof(axis), "%s (%s)", name, report_unit(unit));
			snprintf(id, sizeof(id), "%s-%s-cdf", bench, report_str(fig, "samples"));
			svg = report_plot_cdf(plots, id, name, axis, &s, 1, false);
			if (svg) {
				emit(f, id, svg, report_str(fig, "method"));
				drawn++;
			}
			continue;
		}
		if (unit && strstr(unit, "/s") && (!bar_unit || !strcmp(bar_unit, unit)) &&
		    bar_of(fig, &bars[nbars]) && bars[nbars].ref >= 0) {
			bar_unit = unit;
			bars[nbars++].label = name;
		}
	}
	if (nbars) {
		char *svg;

		snprintf(id, sizeof(id), "%s-rates", bench);
		svg = report_plot_bars(plots, id, "Rates beside their reference",
				       report_unit(bar_unit), "measured", "reference", bars, nbars);
		if (svg) {
			emit(f, id, svg, NULL);
			drawn++;
		}
	}
	free(bars);
	return drawn;
}

int report_charts_html(FILE *f, const char *bench_dir, const char *plots, const char *bench,
		       struct json_object *figures, struct json_object *machine)
{
	const char *accel = report_str(machine, "vm_accel");
	int drawn = 0;

	for (size_t i = 0; i < sizeof(charts) / sizeof(charts[0]); i++)
		if (!strcmp(charts[i].bench, bench))
			drawn += named_chart(f, bench_dir, plots, &charts[i], figures,
					     accel ? accel : "unknown");
	return drawn + default_charts(f, bench_dir, plots, bench, figures);
}
