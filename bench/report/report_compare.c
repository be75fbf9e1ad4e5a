// SPDX-License-Identifier: MIT
/* See report_compare.h. */
#include "bench/report/report_compare.h"

#include <json-c/json.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "bench/report/report_util.h"

struct json_object *report_compare_load(const char *path, const char **why)
{
	struct json_object *base = json_object_from_file(path), *figs;

	if (!base) {
		*why = "cannot be read as JSON";
		return NULL;
	}
	if (!json_object_is_type(base, json_type_object) ||
	    !json_object_object_get_ex(base, "figures", &figs) ||
	    !json_object_is_type(figs, json_type_array)) {
		*why = "is not a bench report (no \"figures\" array)";
		json_object_put(base);
		return NULL;
	}
	return base;
}

/* a rate, or a factor ("x": a speed-up or saving over a peer or a limit) */
static bool higher_is_better(const char *unit)
{
	return unit && (strstr(unit, "/s") || !strcmp(unit, "x"));
}

/* half the 95 % interval of a distribution's median, relative to it */
static double median_noise(struct json_object *fig)
{
	double lo, hi, v;

	if (!report_num(fig, "p50_lo", &lo) || !report_num(fig, "p50_hi", &hi) ||
	    !report_num(fig, "value", &v) || v == 0)
		return 0;
	return fabs(hi - lo) / 2 / fabs(v);
}

static double machine_noise(struct json_object *machine)
{
	double n;

	return report_num(machine, "noise_spread", &n) && n > 0 ? n : 0;
}

static const char *mstr(struct json_object *m, const char *key)
{
	const char *s = report_str(m, key);

	return s ? s : "unknown";
}

static void note(struct json_object *notes, const char *what, const char *a, const char *b)
{
	char buf[1024];

	snprintf(buf, sizeof(buf), "%s differs: base %s, this run %s", what, a, b);
	json_object_array_add(notes, json_object_new_string(buf));
}

static struct json_object *entry(struct json_object *fig, const char *status)
{
	struct json_object *e = json_object_new_object();

	json_object_object_add(e, "bench", json_object_new_string(report_str(fig, "bench")));
	json_object_object_add(e, "name", json_object_new_string(report_str(fig, "name")));
	json_object_object_add(
		e, "unit",
		json_object_new_string(report_str(fig, "unit") ? report_str(fig, "unit") : ""));
	json_object_object_add(e, "status", json_object_new_string(status));
	return e;
}

struct json_object *report_compare(struct json_object *figures, struct json_object *machine,
				   struct json_object *base, size_t *regressions)
{
	struct json_object *out = json_object_new_object(), *all = json_object_new_array();
	struct json_object *notes = json_object_new_array(), *bfigs = NULL, *bmach = NULL;
	size_t n = json_object_array_length(figures), nb;
	double noise, speed, bspeed;
	bool vm_differs;

	*regressions = 0;
	json_object_object_get_ex(base, "figures", &bfigs);
	json_object_object_get_ex(base, "machine", &bmach);
	nb = json_object_array_length(bfigs);
	noise = fmax(machine_noise(machine), machine_noise(bmach));
	if (report_num(machine, "noise_memcpy_median", &speed) &&
	    report_num(bmach, "noise_memcpy_median", &bspeed) && speed > 0 && bspeed > 0) {
		/* a machine that is faster or slower as a whole moves every figure */
		double drift = fabs(speed / bspeed - 1);
		char buf[256];

		if (drift > noise) {
			snprintf(buf, sizeof(buf),
				 "the machine's memcpy rate differs by %.0f %% between the runs "
				 "(%.0f against %.0f MiB/s): figures without a reference are held "
				 "against that",
				 drift * 100, speed, bspeed);
			json_object_array_add(notes, json_object_new_string(buf));
		}
		noise = fmax(noise, drift);
	}
	if (strcmp(mstr(bmach, "cpu"), mstr(machine, "cpu")))
		note(notes, "the CPU", mstr(bmach, "cpu"), mstr(machine, "cpu"));
	vm_differs = strcmp(mstr(bmach, "vm_accel"), mstr(machine, "vm_accel")) != 0;
	if (vm_differs)
		note(notes, "what the VM figures ran under", mstr(bmach, "vm_accel"),
		     mstr(machine, "vm_accel"));
	if (!report_num(bmach, "noise_spread", &(double){ 0 }))
		json_object_array_add(notes,
				      json_object_new_string("the base run has no noise figure: "
							     "only this run's noise is used"));

	for (size_t i = 0; i < n; i++) {
		struct json_object *fig = json_object_array_get_idx(figures, i), *e;
		const char *bench = report_str(fig, "bench"), *name = report_str(fig, "name");
		const char *unit = report_str(fig, "unit");
		struct json_object *old = bench && name ? report_find_figure(bfigs, bench, name) :
							  NULL;
		double v, b, rv, rb, change, fnoise, worse;
		const char *status;
		bool by_ratio;

		if (!bench || !name || !report_num(fig, "value", &v))
			continue;
		if (!old || !report_num(old, "value", &b)) {
			e = entry(fig, "new");
			json_object_object_add(e, "value", json_object_new_double(v));
			json_object_array_add(all, e);
			continue;
		}
		fnoise = fmax(noise, hypot(median_noise(fig), median_noise(old)));
		/* against its reference of the same run when both runs have one:
		 * the machine's speed of the moment cancels out */
		by_ratio = report_figure_ratio(fig, &rv) && report_figure_ratio(old, &rb);
		if (by_ratio) {
			v = rv;
			b = rb;
		}
		if (b == 0)
			change = v == 0 ? 0 : (v > 0 ? INFINITY : -INFINITY);
		else
			change = (v - b) / fabs(b);
		worse = higher_is_better(unit) ? -change : change;
		if (!strcmp(bench, "vm") && vm_differs)
			status = "not comparable";
		else if (worse > fnoise)
			status = "regression";
		else if (-worse > fnoise)
			status = "improvement";
		else
			status = "within noise";
		if (!strcmp(status, "regression"))
			(*regressions)++;
		e = entry(fig, status);
		json_object_object_add(e, "compared",
				       json_object_new_string(by_ratio ? "ratio" : "value"));
		json_object_object_add(e, "base", json_object_new_double(b));
		json_object_object_add(e, "value", json_object_new_double(v));
		if (isfinite(change))
			json_object_object_add(e, "change", json_object_new_double(change));
		json_object_object_add(e, "noise", json_object_new_double(fnoise));
		json_object_array_add(all, e);
	}
	for (size_t i = 0; i < nb; i++) {
		struct json_object *old = json_object_array_get_idx(bfigs, i), *e;
		const char *bench = report_str(old, "bench"), *name = report_str(old, "name");
		double b;

		if (!bench || !name || !report_num(old, "value", &b) ||
		    report_find_figure(figures, bench, name))
			continue;
		e = entry(old, "gone");
		json_object_object_add(e, "base", json_object_new_double(b));
		json_object_array_add(all, e);
	}
	json_object_object_add(out, "figures", all);
	json_object_object_add(out, "notes", notes);
	json_object_object_add(out, "regressions", json_object_new_int((int)*regressions));
	return out;
}

struct json_object *report_compare_find(struct json_object *cmp, const char *bench,
					const char *name)
{
	struct json_object *figs;

	if (!cmp || !json_object_object_get_ex(cmp, "figures", &figs))
		return NULL;
	return report_find_figure(figs, bench, name);
}
