// SPDX-License-Identifier: MIT
/*
 * Charts through gnuplot (Debian gnuplot-nox, svg terminal). Each chart is a
 * script in $(O)/bench/plots/ so a reader can re-run or tweak it; the SVG is
 * read back and embedded so report.html stays one self-contained file.
 */
#include "bench/report/report_plot.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

bool report_plot_available(void)
{
	return system("gnuplot --version >/dev/null 2>&1") == 0;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf, *start;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = malloc((size_t)n + 1);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		fclose(f);
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	fclose(f);
	/* drop the XML prolog and DOCTYPE: not allowed inside HTML */
	start = strstr(buf, "<svg");
	if (start && start != buf)
		memmove(buf, start, strlen(start) + 1);
	return buf;
}

static char *run_script(const char *dir, const char *id, const char *body)
{
	char plots[4096], script[4200], svg[4200], cmd[8600];
	FILE *f;

	snprintf(plots, sizeof(plots), "%s/plots", dir);
	if (mkdir(plots, 0755) < 0 && errno != EEXIST)
		return NULL;
	snprintf(script, sizeof(script), "%s/%s.gp", plots, id);
	snprintf(svg, sizeof(svg), "%s/%s.svg", plots, id);
	f = fopen(script, "w");
	if (!f)
		return NULL;
	fprintf(f,
		"set terminal svg size 560,300 dynamic font 'sans,10'\n"
		"set output '%s'\nset grid\nset key top left\n%s",
		svg, body);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "gnuplot '%s' 2>/dev/null", script);
	if (system(cmd) != 0)
		return NULL;
	return slurp(svg);
}

static void sanitize(char *dst, size_t n, const char *src)
{
	size_t i;

	for (i = 0; i + 1 < n && src[i]; i++)
		dst[i] = (src[i] == '\'' || src[i] == '\\' || src[i] == '\n') ?
				 ' ' :
				 src[i];
	dst[i] = '\0';
}

char *report_plot_dist(const char *dir, const char *samples, const char *title,
		       const char *unit)
{
	char body[4096], id[256], t[256], u[64], *cdf, *hist, *both;
	size_t n;

	sanitize(t, sizeof(t), title);
	sanitize(u, sizeof(u), unit);
	snprintf(id, sizeof(id), "%s-cdf", samples);
	snprintf(body, sizeof(body),
		 "set title '%s: CDF'\nset xlabel '%s'\nset ylabel 'fraction'\n"
		 "stats '%s/%s' using 1 nooutput\n"
		 "plot '%s/%s' using 1:(($0+1)/STATS_records) with steps "
		 "lw 2 title 'CDF'\n",
		 t, u, dir, samples, dir, samples);
	cdf = run_script(dir, id, body);
	snprintf(id, sizeof(id), "%s-hist", samples);
	snprintf(body, sizeof(body),
		 "set title '%s: histogram'\nset xlabel '%s'\n"
		 "set ylabel 'samples'\nset style fill solid 0.6\n"
		 "stats '%s/%s' using 1 nooutput\n"
		 "bw = (STATS_max - STATS_min) / 40.0\n"
		 "if (bw <= 0) bw = 1\n"
		 "bin(x) = bw * floor(x / bw)\n"
		 "plot '%s/%s' using (bin($1)):(1.0) smooth freq with boxes "
		 "title 'count'\n",
		 t, u, dir, samples, dir, samples);
	hist = run_script(dir, id, body);
	if (!cdf || !hist) {
		free(cdf);
		free(hist);
		return NULL;
	}
	n = strlen(cdf) + strlen(hist) + 1;
	both = malloc(n);
	if (both) {
		strcpy(both, cdf);
		strcat(both, hist);
	}
	free(cdf);
	free(hist);
	return both;
}

char *report_plot_bars(const char *dir, const char *id, const char *title,
		       const char *const *labels, const double *values,
		       const double *refs, size_t n, const char *unit)
{
	char data[4096], body[8192], t[256], u[64], l[128];
	FILE *f;

	snprintf(data, sizeof(data), "%s/plots/%s.dat", dir, id);
	snprintf(body, sizeof(body), "%s/plots", dir);
	if (mkdir(body, 0755) < 0 && errno != EEXIST)
		return NULL;
	f = fopen(data, "w");
	if (!f)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		sanitize(l, sizeof(l), labels[i]);
		fprintf(f, "\"%s\" %.6g %.6g\n", l, values[i], refs[i]);
	}
	fclose(f);
	sanitize(t, sizeof(t), title);
	sanitize(u, sizeof(u), unit);
	snprintf(body, sizeof(body),
		 "set title '%s'\nset ylabel '%s'\nset yrange [0:*]\n"
		 "set style data histogram\nset style histogram cluster gap 1\n"
		 "set style fill solid 0.7\nset xtics rotate by -20\n"
		 "plot '%s' using 2:xtic(1) title 'measured', "
		 "'' using 3 title 'memcpy / reference'\n",
		 t, u, data);
	return run_script(dir, id, body);
}
