// SPDX-License-Identifier: MIT
/*
 * The C end-to-end checks' harness (see cli_check.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli_check.h"

static unsigned int passed, failed;
static const char *tool, *results;

void cli_check_start(const char *t, const char *r)
{
	tool = t;
	results = r;
}

void cli_check(int ok, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	printf("%s ", ok ? "ok  " : "FAIL");
	vprintf(fmt, ap);
	putchar('\n');
	va_end(ap);
	if (ok)
		passed++;
	else
		failed++;
}

/* stderr goes to a file in the results directory, read back after the run */
static int make_errfile(char *name, size_t size)
{
	int fd;

	snprintf(name, size, "%s/cli-check-errXXXXXX", results);
	fd = mkstemp(name);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

int cli_run(const char *args, char *out, size_t size, char *err, size_t esize)
{
	char cmd[2048], ename[512] = "/dev/null";
	size_t n = 0;
	FILE *p, *f;
	int st;

	out[0] = '\0';
	if (err)
		err[0] = '\0';
	if (err && make_errfile(ename, sizeof(ename)))
		return -1;
	snprintf(cmd, sizeof(cmd), "%s %s 2>%s", tool, args, ename);
	p = popen(cmd, "r");
	if (p) {
		while (n + 1 < size && !feof(p))
			n += fread(out + n, 1, size - n - 1, p);
		out[n] = '\0';
		st = pclose(p);
	}
	if (err) {
		f = fopen(ename, "r");
		n = f ? fread(err, 1, esize - 1, f) : 0;
		err[n] = '\0';
		if (f)
			fclose(f);
		unlink(ename);
	}
	return p && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

int cli_check_finish(const char *label)
{
	char path[512];
	FILE *f;

	printf("%s: %u passed, %u failed\n", label, passed, failed);
	snprintf(path, sizeof(path), "%s/%s.counts", results, label);
	f = fopen(path, "w");
	if (f) {
		fprintf(f, "%u %u\n", passed, failed);
		fclose(f);
	}
	return failed ? 1 : 0;
}
