// SPDX-License-Identifier: MIT
/*
 * dkms_matrix_report: the table ci/dkms/dkms-matrix.sh wrote (matrix.tsv)
 * as JSON (one object per cell) and a self-contained HTML page, kernels as
 * columns and drivers as rows, in the style of the bench report.
 *
 * usage: dkms_matrix_report MATRIX.tsv OUT.json OUT.html
 * Exit: 0, 1 a malformed line (reported, skipped), 2 usage, 3 unreadable.
 */
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define COLS 8
#define MAX_CELLS 512

struct cell {
	char *f[COLS]; /* driver version kernel result seconds predicted modules first_error */
};

static void esc(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '<')
			fputs("&lt;", f);
		else if (*s == '>')
			fputs("&gt;", f);
		else if (*s == '&')
			fputs("&amp;", f);
		else if (*s == '"')
			fputs("&quot;", f);
		else
			fputc(*s, f);
	}
}

/* Files are written beside their name (mkstemp: never through a planted
 * link) and renamed over it, so a reader never sees half a table. */
static FILE *open_tmp(const char *path, char *tmp, size_t size)
{
	FILE *f;
	int fd;

	snprintf(tmp, size, "%s.XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0)
		return NULL;
	fchmod(fd, 0644); /* a report, for anyone to read (mkstemp makes 0600) */
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		unlink(tmp);
	}
	return f;
}

static int commit_tmp(FILE *f, const char *tmp, const char *path)
{
	if (fflush(f) || fsync(fileno(f)) || fclose(f) || rename(tmp, path)) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

static int split(char *line, struct cell *c)
{
	int i;

	line[strcspn(line, "\r\n")] = '\0';
	for (i = 0; i < COLS; i++) {
		char *tab = strchr(line, '\t');

		c->f[i] = line;
		if (i < COLS - 1) {
			if (!tab)
				return -1;
			*tab = '\0';
			line = tab + 1;
		}
	}
	return 0;
}

static int seen(char **list, int n, const char *s)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(list[i], s))
			return i;
	return -1;
}

static void write_html(FILE *f, struct cell *c, int n)
{
	char *drv[MAX_CELLS], *ker[MAX_CELLS];
	int nd = 0, nk = 0, i, j, k;

	for (i = 0; i < n; i++) {
		if (seen(drv, nd, c[i].f[0]) < 0)
			drv[nd++] = c[i].f[0];
		if (seen(ker, nk, c[i].f[2]) < 0)
			ker[nk++] = c[i].f[2];
	}
	fputs("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
	      "<title>DKMS driver by kernel</title><style>"
	      "body{font-family:sans-serif;margin:2em;max-width:80em}"
	      "table{border-collapse:collapse;margin:1em 0}"
	      "td,th{border:1px solid #ccc;padding:.25em .5em;vertical-align:top}"
	      "td.built{background:#dfd}td.fail{background:#fdd}td.excl{background:#eee}"
	      "small{color:#555}</style></head><body>\n"
	      "<h1>DKMS driver by kernel</h1>\n"
	      "<p>Each cell: what dkms did, in seconds, the modules it built, the first "
	      "compiler error, and what lib/dkms's check predicted.</p>\n<table>\n<tr><th>driver</th>",
	      f);
	for (k = 0; k < nk; k++) {
		fputs("<th>", f);
		esc(f, ker[k]);
		fputs("</th>", f);
	}
	fputs("</tr>\n", f);
	for (j = 0; j < nd; j++) {
		fputs("<tr><th>", f);
		esc(f, drv[j]);
		fputs("</th>", f);
		for (k = 0; k < nk; k++) {
			struct cell *x = NULL;
			const char *cls;

			for (i = 0; i < n && !x; i++)
				if (!strcmp(c[i].f[0], drv[j]) && !strcmp(c[i].f[2], ker[k]))
					x = &c[i];
			if (!x) {
				fputs("<td></td>", f);
				continue;
			}
			cls = !strcmp(x->f[3], "built")	       ? "built" :
			      !strncmp(x->f[3], "excluded", 8) ? "excl" :
								 "fail";
			fprintf(f, "<td class=\"%s\"><b>", cls);
			esc(f, x->f[3]);
			fputs("</b> ", f);
			esc(f, x->f[4]);
			fputs(" s, ", f);
			esc(f, x->f[6]);
			fputs(" modules<br><small>version ", f);
			esc(f, x->f[1]);
			fputs("; predicted ", f);
			esc(f, x->f[5]);
			fputs("</small>", f);
			if (x->f[7][0]) {
				fputs("<br><code>", f);
				esc(f, x->f[7]);
				fputs("</code>", f);
			}
			fputs("</td>", f);
		}
		fputs("</tr>\n", f);
	}
	fputs("</table>\n</body></html>\n", f);
}

int main(int argc, char **argv)
{
	static const char *const keys[COLS] = { "driver",  "version",	"kernel",  "result",
						"seconds", "predicted", "modules", "first_error" };
	struct cell *cells = calloc(MAX_CELLS, sizeof(*cells));
	struct json_object *arr;
	char *line = NULL, tmp[4096];
	size_t cap = 0;
	int n = 0, bad = 0, lineno = 0, i, j;
	FILE *in, *h;

	if (argc != 4 || !cells) {
		fputs("usage: dkms_matrix_report MATRIX.tsv OUT.json OUT.html\n", stderr);
		return 2;
	}
	in = fopen(argv[1], "r");
	if (!in) {
		perror(argv[1]);
		return 3;
	}
	while (getline(&line, &cap, in) > 0) {
		char *copy;

		if (lineno++ == 0)
			continue; /* header */
		copy = strdup(line);
		if (!copy || n >= MAX_CELLS || split(copy, &cells[n])) {
			fprintf(stderr, "%s:%d: not a matrix line, skipped\n", argv[1], lineno);
			free(copy);
			bad = 1;
			continue;
		}
		n++;
	}
	free(line);
	fclose(in);
	arr = json_object_new_array();
	for (i = 0; i < n; i++) {
		struct json_object *o = json_object_new_object();

		for (j = 0; j < COLS; j++) {
			if (j == 4 || j == 6)
				json_object_object_add(o, keys[j],
						       json_object_new_int(atoi(cells[i].f[j])));
			else
				json_object_object_add(o, keys[j],
						       json_object_new_string(cells[i].f[j]));
		}
		json_object_array_add(arr, o);
	}
	{
		struct json_object *root = json_object_new_object();

		FILE *jf = open_tmp(argv[2], tmp, sizeof(tmp));

		json_object_object_add(root, "dkms_matrix", arr);
		if (!jf ||
		    fputs(json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY), jf) < 0 ||
		    fputc('\n', jf) == EOF || commit_tmp(jf, tmp, argv[2])) {
			fprintf(stderr, "%s: cannot write\n", argv[2]);
			return 3;
		}
		json_object_put(root);
	}
	h = open_tmp(argv[3], tmp, sizeof(tmp));
	if (!h) {
		perror(argv[3]);
		return 3;
	}
	write_html(h, cells, n);
	if (commit_tmp(h, tmp, argv[3])) {
		perror(argv[3]);
		return 3;
	}
	for (i = 0; i < n; i++)
		free(cells[i].f[0]);
	free(cells);
	return bad;
}
