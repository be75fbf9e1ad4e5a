// SPDX-License-Identifier: MIT
/*
 * ci_results - turn test results into files every CI system reads.
 *
 *   ci_results ktap [-n NAME] [-o KTAP] [-j JUNIT] LOG
 *       the first KTAP document in LOG (kernel log or guest console), kept
 *       clean in KTAP and as JUnit; fails on "not ok", an unmet plan, a
 *       bail-out, or no KTAP at all
 *   ci_results igt [-j JUNIT] RESULTS.JSON
 *       igt_runner's results.json; fails on any result but pass, skip and
 *       notrun (igt_runner itself exits 0 when tests fail)
 *   ci_results stages [-j JUNIT] STAGES.TSV
 *       ci/hw/pipeline.sh's stage table (stage, status, seconds, reason and
 *       optionally a detail file, relative to the table's directory, whose
 *       text becomes the case's system-out: a build's first error and the
 *       end of its make.log)
 *
 * Each prints one line "NAME: N passed, N failed, N skipped". Exit codes:
 * 0 nothing failed, 1 something failed, 2 usage, 3 input unreadable.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ci/results/igt_results.h"
#include "ci/results/junit.h"
#include "ci/results/ktap_doc.h"

static int usage(void)
{
	fprintf(stderr, "usage: ci_results ktap [-n NAME] [-o KTAP] [-j JUNIT] LOG\n"
			"       ci_results igt [-j JUNIT] RESULTS.JSON\n"
			"       ci_results stages [-j JUNIT] STAGES.TSV\n");
	return 2;
}

static int finish(struct junit_suite *js, const char *junit, int failed)
{
	int ret;

	printf("%s: %u passed, %u failed, %u skipped\n", js->name, js->passed, js->failed,
	       js->skipped);
	if (junit) {
		ret = junit_write_file(js, junit);
		if (ret) {
			fprintf(stderr, "ci_results: %s: %s\n", junit, strerror(-ret));
			failed = 1;
		}
	}
	junit_free(js);
	return failed ? 1 : 0;
}

static int cmd_ktap(const char *name, const char *ktap_path, const char *junit, const char *log)
{
	struct junit_suite js;
	struct ktap_doc doc;
	FILE *in, *out = NULL;
	int ret;

	in = fopen(log, "r");
	if (!in) {
		fprintf(stderr, "ci_results: %s: %s\n", log, strerror(errno));
		return 3;
	}
	if (ktap_path && !(out = fopen(ktap_path, "w"))) {
		fprintf(stderr, "ci_results: %s: %s\n", ktap_path, strerror(errno));
		fclose(in);
		return 3;
	}
	if (junit_init(&js, name)) {
		fclose(in);
		if (out)
			fclose(out);
		return 3;
	}
	ret = ktap_doc_read(in, out, &js, &doc);
	fclose(in);
	if (out && fclose(out))
		ret = -EIO;
	if (ret) {
		fprintf(stderr, "ci_results: %s: %s\n", log, strerror(-ret));
		junit_free(&js);
		return 3;
	}
	if (!doc.found) {
		fprintf(stderr, "ci_results: %s: no KTAP document\n", log);
		junit_add(&js, NULL, "ktap", JUNIT_FAIL, "no KTAP version line in the log", NULL,
			  0);
	} else if (doc.bail_out) {
		junit_add(&js, NULL, "ktap", JUNIT_FAIL, "Bail out!", NULL, 0);
	} else if (doc.planned < 0 ||
		   doc.passed + doc.failed + doc.skipped != (unsigned int)doc.planned) {
		char msg[96];

		snprintf(msg, sizeof(msg), "plan 1..%d, %u results", doc.planned,
			 doc.passed + doc.failed + doc.skipped);
		fprintf(stderr, "ci_results: %s: incomplete KTAP: %s\n", log, msg);
		junit_add(&js, NULL, "ktap_plan", JUNIT_FAIL, msg, NULL, 0);
	}
	return finish(&js, junit, !ktap_doc_ok(&doc));
}

static int cmd_igt(const char *junit, const char *path)
{
	struct junit_suite js;
	int ret;

	if (junit_init(&js, "igt"))
		return 3;
	ret = igt_results_read(path, &js);
	if (ret == -ENODATA) {
		junit_add(&js, NULL, "igt_runner", JUNIT_FAIL, "results.json lists no test", NULL,
			  0);
	} else if (ret) {
		fprintf(stderr, "ci_results: %s: %s\n", path,
			ret == -EBADMSG ? "not an IGT results.json" : strerror(-ret));
		junit_free(&js);
		return 3;
	} else {
		igt_results_print_failed(&js, stdout);
	}
	return finish(&js, junit, js.failed > 0);
}

/* A stage's detail file (at most 64 KiB of it), relative to the table's
 * directory; a missing one is said in its place, never fatal. */
static char *read_detail(const char *table, const char *rel)
{
	const char *slash = strrchr(table, '/');
	char p[4096], *buf;
	size_t n;
	FILE *f;

	if (rel[0] == '/' || !slash)
		snprintf(p, sizeof(p), "%s", rel);
	else
		snprintf(p, sizeof(p), "%.*s/%s", (int)(slash - table), table, rel);
	buf = malloc(65536 + 1);
	if (!buf)
		return NULL;
	f = fopen(p, "r");
	if (!f) {
		snprintf(buf, 65536, "(detail %s: %s)", rel, strerror(errno));
		return buf;
	}
	n = fread(buf, 1, 65536, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static int cmd_stages(const char *junit, const char *path)
{
	struct junit_suite js;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	FILE *in;
	int ret = 0;

	in = fopen(path, "r");
	if (!in) {
		fprintf(stderr, "ci_results: %s: %s\n", path, strerror(errno));
		return 3;
	}
	if (junit_init(&js, "ci-hw")) {
		fclose(in);
		return 3;
	}
	while (!ret && (n = getline(&line, &cap, in)) >= 0) {
		char *f[5] = { 0 }, *p = line, *detail = NULL;
		enum junit_status st;
		int i;

		if (n && line[n - 1] == '\n')
			line[n - 1] = '\0';
		for (i = 0; i < 5 && p; i++) {
			f[i] = p;
			p = i < 4 ? strchr(p, '\t') : NULL;
			if (p)
				*p++ = '\0';
		}
		if (!f[1] || !f[2]) {
			fprintf(stderr, "ci_results: %s: malformed line '%s'\n", path, line);
			ret = -EBADMSG;
			break;
		}
		if (!strcmp(f[1], "pass"))
			st = JUNIT_PASS;
		else if (!strcmp(f[1], "skip"))
			st = JUNIT_SKIP;
		else
			st = JUNIT_FAIL;
		if (f[4] && *f[4])
			detail = read_detail(path, f[4]);
		ret = junit_add(&js, "ci-hw", f[0], st, f[3] && *f[3] ? f[3] : NULL, detail,
				strtod(f[2], NULL));
		free(detail);
	}
	free(line);
	fclose(in);
	if (ret) {
		junit_free(&js);
		return 3;
	}
	return finish(&js, junit, js.failed > 0);
}

int main(int argc, char **argv)
{
	const char *name = "ktap", *ktap = NULL, *junit = NULL, *cmd;
	int opt;

	if (argc < 2)
		return usage();
	cmd = argv[1];
	if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help")) {
		usage();
		return 0;
	}
	optind = 2;
	while ((opt = getopt(argc, argv, "n:o:j:")) != -1) {
		switch (opt) {
		case 'n':
			name = optarg;
			break;
		case 'o':
			ktap = optarg;
			break;
		case 'j':
			junit = optarg;
			break;
		default:
			return usage();
		}
	}
	if (optind != argc - 1)
		return usage();
	if (!strcmp(cmd, "ktap"))
		return cmd_ktap(name, ktap, junit, argv[optind]);
	if (!strcmp(cmd, "igt"))
		return cmd_igt(junit, argv[optind]);
	if (!strcmp(cmd, "stages"))
		return cmd_stages(junit, argv[optind]);
	return usage();
}
