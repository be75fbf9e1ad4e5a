// SPDX-License-Identifier: MIT
/*
 * The doctor against hosts rebuilt from public failure reports: each tree
 * under tests/fixtures/host/real/ is one report (its source and the facts
 * it lacks are in the tree's .description, the user's log lines verbatim
 * in its dmesg.txt). The tree's .expect lists every finding a right
 * diagnosis gives that is not a pass, and text its hints must hold:
 *   <id> <pass|warn|fail|skip>
 *   hint <id> <text>
 *   unsupported
 * .options may say "dmesg FILE" (a log inside the tree, passed as
 * --dmesg) and "resolution WxH". One cmocka case per tree.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "host/host_doctor.h"
#include "host_fixture.h"

#define MAX_CASES 64
#define MAX_EXPECT 48

struct expect {
	char id[64];
	int status; /* enum host_status, or -1 for a hint line */
	char text[256];
};

struct real_case {
	char name[128]; /* "real/<dir>" */
	char test[160];
};

static struct real_case cases[MAX_CASES];

static int status_of(const char *s)
{
	static const char *const names[] = { "pass", "warn", "fail", "skip" };
	int i;

	for (i = 0; i < 4; i++)
		if (!strcmp(s, names[i]))
			return i;
	return -2;
}

static size_t read_expect(const char *dir, struct expect *e, bool *unsupported)
{
	char path[600], line[512];
	size_t n = 0;
	FILE *f;

	*unsupported = false;
	snprintf(path, sizeof(path), "%s/.expect", dir);
	f = fopen(path, "r");
	if (!f)
		fail_msg("%s: no .expect", dir);
	while (fgets(line, sizeof(line), f)) {
		char a[64], b[64];
		int off = 0;

		line[strcspn(line, "\n")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		if (!strcmp(line, "unsupported")) {
			*unsupported = true;
			continue;
		}
		if (n == MAX_EXPECT)
			fail_msg("%s: more than %d expectations", dir, MAX_EXPECT);
		if (sscanf(line, "hint %47s %n", a, &off) == 1 && off) {
			snprintf(e[n].id, sizeof(e[n].id), "%s", a);
			snprintf(e[n].text, sizeof(e[n].text), "%s", line + off);
			e[n++].status = -1;
			continue;
		}
		if (sscanf(line, "%47s %63s", a, b) != 2 || status_of(b) < 0)
			fail_msg("%s/.expect: bad line \"%s\"", dir, line);
		snprintf(e[n].id, sizeof(e[n].id), "%s", a);
		e[n++].status = status_of(b);
	}
	fclose(f);
	return n;
}

static void read_options(const char *dir, struct host_doctor_opts *o, char *dmesg, size_t size)
{
	char path[600], line[512], v[400];
	FILE *f;

	snprintf(path, sizeof(path), "%s/.options", dir);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f)) {
		unsigned int w, h;

		if (sscanf(line, "dmesg %399s", v) == 1) {
			snprintf(dmesg, size, "%s/%s", dir, v);
			o->dmesg = dmesg;
		} else if (sscanf(line, "resolution %ux%u", &w, &h) == 2) {
			o->width = w;
			o->height = h;
		}
	}
	if (f)
		fclose(f);
}

/* Pairs a right diagnosis never gives together: "a pass" next to "b fail". */
static void no_contradiction(const char *name, const struct host_report *r)
{
	static const struct {
		const char *pass, *fail;
	} pairs[] = {
		{ "iommu.active", "cmdline.intel_iommu" }, /* IOMMU on, yet "missing" */
		{ "driver.pf_mode", "driver.loaded" }, /* a PF from the stock driver */
		{ "driver.pf_mode", "driver.bound" },
		{ "vfs.enabled", "driver.pf_mode" }, /* VFs without a PF */
		{ "kvmfr.device", "kvmfr.loaded" },
	};
	size_t i;

	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		const struct host_finding *a = host_report_get(r, pairs[i].pass);
		const struct host_finding *b = host_report_get(r, pairs[i].fail);

		if (a && b && a->status == HOST_PASS && b->status == HOST_FAIL)
			fail_msg("%s: %s passes while %s fails: %s / %s", name, a->id, b->id,
				 a->message, b->message);
	}
}

static void run_case(void **state)
{
	const struct real_case *c = *state;
	struct expect e[MAX_EXPECT];
	struct host_doctor_opts o = { 0 };
	struct host_report r = { 0 };
	struct host_fixture fx;
	char dir[512], dmesg[1024];
	bool unsupported;
	size_t n, i, j;

	snprintf(dir, sizeof(dir), "%s/%s", host_fixture_dir(), c->name);
	n = read_expect(dir, e, &unsupported);
	assert_int_equal(host_fixture_make(c->name, &fx), 0);
	if (!fx.nodes) {
		host_fixture_free(&fx);
		print_message("the fixture's device nodes need root (mknod, CAP_MKNOD)\n");
		skip();
	}
	o.root = fx.root;
	read_options(dir, &o, dmesg, sizeof(dmesg));
	assert_int_equal(host_doctor_run(&o, &r), 0);
	if (r.unsupported != unsupported)
		fail_msg("%s: unsupported is %d, expected %d", c->name, r.unsupported, unsupported);
	for (i = 0; i < n; i++) {
		const struct host_finding *f = host_report_get(&r, e[i].id);

		if (!f)
			fail_msg("%s: no finding %s", c->name, e[i].id);
		if (e[i].status < 0) {
			if (!strstr(f->hint, e[i].text))
				fail_msg("%s: %s's hint lacks \"%s\": %s", c->name, f->id,
					 e[i].text, f->hint);
			continue;
		}
		if ((int)f->status != e[i].status)
			fail_msg("%s: %s is %s, expected %s: %s | %s", c->name, f->id,
				 host_status_name(f->status), host_status_name(e[i].status),
				 f->message, f->evidence);
	}
	no_contradiction(c->name, &r);
	for (j = 0; j < r.n; j++) {
		bool listed = false;

		for (i = 0; i < n; i++)
			listed |= e[i].status >= 0 && !strcmp(e[i].id, r.f[j].id);
		if (!listed && r.f[j].status != HOST_PASS)
			fail_msg("%s: unexpected %s %s: %s | %s", c->name,
				 host_status_name(r.f[j].status), r.f[j].id, r.f[j].message,
				 r.f[j].evidence);
	}
	host_report_free(&r);
	host_fixture_free(&fx);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct real_case *)a)->name, ((const struct real_case *)b)->name);
}

int main(void)
{
	struct CMUnitTest tests[MAX_CASES];
	char dir[512];
	struct dirent *d;
	size_t n = 0, i;
	DIR *dd;

	snprintf(dir, sizeof(dir), "%s/real", host_fixture_dir());
	dd = opendir(dir);
	if (!dd) {
		fprintf(stderr, "no %s\n", dir);
		return 1;
	}
	while ((d = readdir(dd)) && n < MAX_CASES) {
		if (d->d_name[0] == '.')
			continue;
		snprintf(cases[n].name, sizeof(cases[n].name), "real/%.100s", d->d_name);
		n++;
	}
	closedir(dd);
	qsort(cases, n, sizeof(cases[0]), by_name);
	for (i = 0; i < n; i++) {
		snprintf(cases[i].test, sizeof(cases[i].test), "case_%s", cases[i].name + 5);
		tests[i] = (struct CMUnitTest){ cases[i].test, run_case, NULL, NULL, &cases[i] };
	}
	return _cmocka_run_group_tests("host_cases", tests, n, NULL, NULL);
}
