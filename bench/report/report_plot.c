// SPDX-License-Identifier: MIT
/*
 * Charts through gnuplot (Debian gnuplot-nox, svg terminal). Each chart is a
 * script in the plots directory so a reader can re-run or tweak it; the SVG
 * is read back and embedded so report.html stays one self-contained file.
 * "fixed" makes gnuplot write width and height next to the viewBox: with a
 * viewBox alone an inline SVG has no size of its own and a browser draws it
 * a few pixels wide.
 */
#include "bench/report/report_plot.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/common_file.h"

bool report_plot_available(void)
{
	return system("gnuplot --version >/dev/null 2>&1") == 0;
}

/* gnuplot's SVG: charts of a few hundred points are tens of KiB. */
#define SVG_MAX (16u << 20)

static char *slurp(const char *path)
{
	char *buf, *start;

	if (common_read_file(path, SVG_MAX, 0, &buf, NULL))
		return NULL;
	/* drop the XML prolog and DOCTYPE: not allowed inside HTML */
	start = strstr(buf, "<svg");
	if (!start) {
		free(buf);
		return NULL;
	}
	memmove(buf, start, strlen(start) + 1);
	return buf;
}

/* gnuplot strings are single-quoted; a path that cannot be quoted is refused */
static bool quotable(const char *s)
{
	return !strpbrk(s, "'\n\\");
}

/* text for a single-quoted gnuplot string: gnuplot reads '' there as one
 * apostrophe ('the consumer''s copy' is drawn "the consumer's copy") */
static void sanitize(char *dst, size_t n, const char *src)
{
	size_t o = 0;

	for (size_t i = 0; src && src[i] && o + 4 < n; i++) {
		if (src[i] == '\'') {
			memcpy(dst + o, "''", 2);
			o += 2;
		} else {
			dst[o++] = (src[i] == '\\' || src[i] == '\n') ? ' ' : src[i];
		}
	}
	dst[o] = '\0';
}

/* common settings: size, font, white background, grid, no enhanced text
 * (figure names hold underscores, which enhanced mode would subscript) */
static char *run_script(const char *plots, const char *id, const char *title, const char *body)
{
	char script[4200], svg[4200], log[4200], cmd[12800], t[256];
	FILE *f;

	if (!quotable(plots) || !quotable(id) || strchr(id, '/'))
		return NULL;
	if (mkdir(plots, 0755) < 0 && errno != EEXIST)
		return NULL;
	snprintf(script, sizeof(script), "%s/%s.gp", plots, id);
	snprintf(svg, sizeof(svg), "%s/%s.svg", plots, id);
	snprintf(log, sizeof(log), "%s/%s.log", plots, id);
	sanitize(t, sizeof(t), title);
	f = fopen(script, "w");
	if (!f)
		return NULL;
	fprintf(f,
		"set encoding utf8\n"
		"set terminal svg size %d,%d fixed noenhanced font 'DejaVu Sans,11' "
		"background '#ffffff'\n"
		"set output '%s'\nset title '%s' font 'DejaVu Sans,12'\n"
		"set grid lc rgb '#dddddd'\nset border lc rgb '#444444'\n"
		"set key box opaque\nset lmargin 11\n%s",
		REPORT_PLOT_WIDTH, REPORT_PLOT_HEIGHT, svg, t, body);
	fclose(f);
	remove(svg);
	snprintf(cmd, sizeof(cmd), "gnuplot '%s' 2>'%s'", script, log);
	if (system(cmd) != 0)
		return NULL;
	return slurp(svg);
}

char *report_plot_cdf(const char *plots, const char *id, const char *title, const char *xlabel,
		      const struct report_series *s, size_t n, bool logx)
{
	char x[256], l[256];
	char *body = NULL, *svg;
	size_t len = 0;
	FILE *f;

	if (!n)
		return NULL;
	f = open_memstream(&body, &len);
	if (!f)
		return NULL;
	/* stats first: it obeys the ranges set after it */
	for (size_t i = 0; i < n; i++) {
		if (!quotable(s[i].path)) {
			fclose(f);
			free(body);
			return NULL;
		}
		fprintf(f, "stats '%s' using 1 nooutput name 'S%zu'\n", s[i].path, i);
	}
	sanitize(x, sizeof(x), xlabel);
	fprintf(f,
		"set xlabel '%s'\nset ylabel 'fraction of samples \xe2\x89\xa4 x'\n"
		"set yrange [0:1.02]\nset ytics 0.1\n"
		/* the legend under the x label, one line per series */
		"set key below vertical\nset xlabel offset 0,0.3\nset bmargin %zu\n",
		x, 4 + n);
	if (logx)
		fputs("set logscale x\nset format x '%g'\n", f);
	fputs("plot ", f);
	for (size_t i = 0; i < n; i++) {
		sanitize(l, sizeof(l), s[i].label);
		fprintf(f,
			"%s'%s' using 1:(($0+1)/S%zu_records) with steps lw 2 "
			"title sprintf('%%s (n=%%d)', '%s', S%zu_records)",
			i ? ", \\\n  " : "", s[i].path, i, l, i);
	}
	fputc('\n', f);
	fclose(f);
	svg = run_script(plots, id, title, body);
	free(body);
	return svg;
}

char *report_plot_bars(const char *plots, const char *id, const char *title, const char *ylabel,
		       const char *value_label, const char *ref_label,
		       const struct report_bar *bars, size_t n)
{
	char data[4200], y[256], vl[256], rl[256], l[128], body[6000];
	FILE *f;

	if (!n || !quotable(plots) || !quotable(id))
		return NULL;
	if (mkdir(plots, 0755) < 0 && errno != EEXIST)
		return NULL;
	snprintf(data, sizeof(data), "%s/%s.dat", plots, id);
	f = fopen(data, "w");
	if (!f)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		sanitize(l, sizeof(l), bars[i].label);
		for (char *c = l; *c; c++)
			if (*c == '"')
				*c = ' ';
		fprintf(f, "\"%s\" %.6g %.6g\n", l, bars[i].value,
			bars[i].ref >= 0 ? bars[i].ref : 0);
	}
	fclose(f);
	sanitize(y, sizeof(y), ylabel);
	sanitize(vl, sizeof(vl), value_label);
	sanitize(rl, sizeof(rl), ref_label);
	snprintf(body, sizeof(body),
		 "set ylabel '%s'\nset yrange [0:*]\nset xlabel ''\n"
		 "set style data histogram\nset style histogram cluster gap 1\n"
		 "set style fill solid 0.8 border -1\nset boxwidth 0.9\n"
		 "set key below\nset grid noxtics ytics\n"
		 "plot '%s' using 2:xtic(1) title '%s' lc rgb '#3465a4'%s%s%s\n",
		 y, data, vl, ref_label ? ", '' using 3 title '" : "", ref_label ? rl : "",
		 ref_label ? "' lc rgb '#babdb6'" : "");
	return run_script(plots, id, title, body);
}

char *report_plot_runs(const char *plots, const char *id, const char *title, const char *ylabel,
		       const struct report_series *s, double median)
{
	char body[6000], y[256], l[256];

	if (!quotable(s->path))
		return NULL;
	sanitize(y, sizeof(y), ylabel);
	sanitize(l, sizeof(l), s->label);
	snprintf(body, sizeof(body),
		 "set xlabel 'run (in the order they ran)'\nset ylabel '%s'\n"
		 "set key below\nset xlabel offset 0,0.3\nset bmargin 5\nset yrange [0:*]\n"
		 "plot '%s' using ($0+1):1 with linespoints lw 2 pt 7 ps 0.6 title '%s', "
		 "%.6g with lines dt 2 lw 2 lc rgb '#cc0000' title 'median'\n",
		 y, s->path, l, median);
	return run_script(plots, id, title, body);
}
