// SPDX-License-Identifier: MIT
/*
 * What the tests of lib/setup share (see setup_fixture.h).
 */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "setup/setup.h"
#include "setup/setup_fs.h"
#include "setup/setup_journal.h"
#include "setup_fixture.h"

#define FIXTURES "tests/fixtures/setup"

void tree_make(struct tree *t, const char *fixture)
{
	snprintf(t->dir, sizeof(t->dir), "/tmp/vfctl-setup-XXXXXX");
	assert_non_null(mkdtemp(t->dir));
	snprintf(t->root, sizeof(t->root), "%s/root", t->dir);
	sh("cp -a '%s/%s' '%s'", FIXTURES, fixture, t->root);
}

char *read_in(const struct tree *t, const char *path)
{
	char p[1024], *buf = calloc(1, 8192);
	FILE *f;
	size_t n;

	assert_non_null(buf);
	snprintf(p, sizeof(p), "%s%s", t->root, path);
	f = fopen(p, "r");
	assert_non_null(f);
	n = fread(buf, 1, 8191, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

void tree_free(struct tree *t)
{
	sh("rm -rf '%s'", t->dir);
}

/* Every entry under @dir: path, type, mode, owner, contents or link target. */
static void snap_dir(const char *dir, const char *rel, char **out, size_t *len)
{
	struct dirent **list;
	int n = scandir(dir, &list, NULL, alphasort);

	for (int i = 0; i < n; i++) {
		char p[1024], r[1024], line[2048];
		struct stat st;
		const char *name = list[i]->d_name;

		if (!strcmp(name, ".") || !strcmp(name, "..")) {
			free(list[i]);
			continue;
		}
		snprintf(p, sizeof(p), "%s/%s", dir, name);
		snprintf(r, sizeof(r), "%s/%s", rel, name);
		free(list[i]);
		assert_int_equal(lstat(p, &st), 0);
		snprintf(line, sizeof(line), "%s %o %u %u", r, st.st_mode, st.st_uid, st.st_gid);
		*out = realloc(*out, *len + strlen(line) + 2);
		strcpy(*out + *len, line);
		*len += strlen(line);
		if (S_ISLNK(st.st_mode)) {
			char target[512];
			ssize_t k = readlink(p, target, sizeof(target) - 1);

			target[k > 0 ? k : 0] = '\0';
			*out = realloc(*out, *len + strlen(target) + 8);
			*len += (size_t)sprintf(*out + *len, " -> %s", target);
		} else if (S_ISREG(st.st_mode)) {
			FILE *f = fopen(p, "rb");
			int c;

			/* NUL and backslash escaped: the snapshot stays one C string
			 * (a GOP driver is binary) */
			*out = realloc(*out, *len + 2 * (size_t)st.st_size + 4);
			(*out)[(*len)++] = ' ';
			while ((c = getc(f)) != EOF) {
				if (c == '\0' || c == '\\')
					(*out)[(*len)++] = '\\';
				(*out)[(*len)++] = c ? (char)c : '0';
			}
			fclose(f);
		}
		(*out)[(*len)++] = '\n';
		(*out)[*len] = '\0';
		if (S_ISDIR(st.st_mode))
			snap_dir(p, r, out, len);
	}
	if (n >= 0)
		free(list);
}

char *snap(const struct tree *t)
{
	char *out = calloc(1, 1);
	size_t len = 0;

	snap_dir(t->dir, "", &out, &len);
	return out;
}

static int rec_run(void *priv, const char *root, const char *cmd)
{
	struct rec *r = priv;

	snprintf(r->log + strlen(r->log), sizeof(r->log) - strlen(r->log), "%s\n", cmd);
	if (++r->cmds == r->fail_cmd)
		return 1;
	return r->emulate ? r->emulate(root, cmd) : 0;
}

static int rec_write(void *priv, const char *step, const char *path)
{
	struct rec *r = priv;

	(void)step;
	if (++r->writes != r->fail_write)
		return 0;
	if (r->plant) {
		char p[1024], victim[600];

		snprintf(p, sizeof(p), "%s%s", r->plant->root, path);
		snprintf(victim, sizeof(victim), "%s/victim", r->plant->dir);
		sh("mkdir -p \"$(dirname '%s')\"", p);
		unlink(p);
		assert_int_equal(symlink(victim, p), 0);
		return 0; /* the write itself must refuse it */
	}
	return -ENOSPC;
}

struct setup_runner runner(struct rec *r)
{
	return (struct setup_runner){ .run = rec_run, .before_write = rec_write, .priv = r };
}

void plan(const struct tree *t, struct setup_plan *p, const char *skip)
{
	struct setup_opts o = { .root = t->root, .skip = skip };

	assert_int_equal(setup_plan_build(&o, p), 0);
}

const struct setup_step *step(const struct setup_plan *p, const char *id)
{
	for (unsigned int i = 0; i < p->n; i++)
		if (!strcmp(p->step[i].id, id))
			return &p->step[i];
	fail_msg("no step %s", id);
	return NULL;
}

enum setup_state state_of(const struct tree *t, const char *skip, const char *id)
{
	struct setup_plan p;
	enum setup_state st;

	plan(t, &p, skip);
	st = step(&p, id)->state;
	setup_plan_free(&p);
	return st;
}

void apply_ok(struct setup_plan *p, const struct setup_runner *run)
{
	struct setup_result res;

	assert_int_equal(setup_apply(p, run, &res), 0);
	setup_plan_free(p);
}

void plan_apply(const struct tree *t, const char *skip, const struct setup_runner *run)
{
	struct setup_plan p;

	plan(t, &p, skip);
	apply_ok(&p, run);
}

void undo_exact(const struct tree *t, const struct setup_runner *run, char *before)
{
	struct setup_result res;
	char *undone;

	assert_int_equal(setup_undo(t->root, run, &res), 0);
	undone = snap(t);
	assert_string_equal(before, undone);
	free(before);
	free(undone);
}

/* The fresh host with the DKMS driver installed: every step can be applied. */
void tree_ready(struct tree *t)
{
	tree_make(t, "fresh");
	sh("mkdir -p '%s/lib/modules/6.1.0-57-amd64/updates/dkms' && "
	   "touch '%s/lib/modules/6.1.0-57-amd64/updates/dkms/i915.ko.xz'",
	   t->root, t->root);
}

void tree_initramfs(struct tree *t, const char *name)
{
	tree_ready(t);
	sh("rm '%s/usr/sbin/update-initramfs' && cp -a '" FIXTURES "/initramfs/%s/.' '%s/'",
	   t->root, name, t->root);
}

/* The scenario's tree and its plan (plans only read the tree). */
static void scen_plan(const struct scen *sc, struct tree *t, struct setup_plan *p)
{
	struct setup_opts o = { 0 };

	if (sc && sc->make)
		sc->make(t);
	else
		tree_ready(t);
	o.root = t->root;
	if (sc && sc->opts)
		sc->opts(t, &o);
	assert_int_equal(setup_plan_build(&o, p), 0);
}

/* Journal consistent and undo complete after a failure at write/command k. */
void fail_at(const struct scen *sc, bool cmd, int k, bool plant)
{
	struct tree t;
	struct setup_plan p;
	struct setup_result res;
	struct rec r = { .emulate = sc ? sc->emulate : NULL };
	struct setup_runner run = runner(&r);
	struct setup_fs_old j;
	struct setup_journal jj;
	char *before;
	int ret;

	scen_plan(sc, &t, &p);
	sh("echo outside > '%s/victim'", t.dir);
	before = snap(&t);
	if (cmd)
		r.fail_cmd = k;
	else
		r.fail_write = k;
	r.plant = plant ? &t : NULL;
	ret = setup_apply(&p, &run, &res);
	assert_int_equal(ret, cmd ? -EIO : plant ? -ELOOP : -ENOSPC);
	assert_non_null(res.failed_step);
	assert_true(res.msg[0]);
	setup_plan_free(&p);
	assert_int_equal(setup_fs_read(t.root, SETUP_JOURNAL, &j), 0);
	assert_true(j.exists);
	assert_int_equal(setup_journal_parse(j.text, j.len, &jj), 0);
	assert_false(jj.torn);
	setup_journal_free(&jj);
	free(j.text);
	if (plant) {
		/* nothing went through the link; the link stays the user's */
		char *now;

		assert_int_equal(setup_undo(t.root, &run, &res), -ELOOP);
		now = snap(&t);
		if (!strstr(now, "/victim 100644 0 0 outside\n"))
			fail_msg("write %d: the file outside the root changed:\n%s", k,
				 strstr(now, "\n/victim") ? strstr(now, "\n/victim") : "(gone)");
		free(now);
		free(before);
		tree_free(&t);
		return;
	}
	undo_exact(&t, &run, before);
	tree_free(&t);
}

void count_changes(const struct scen *sc, int *writes, int *cmds)
{
	struct tree t;
	struct setup_plan p;
	struct rec r = { .emulate = sc ? sc->emulate : NULL };
	struct setup_runner run = runner(&r);

	scen_plan(sc, &t, &p);
	apply_ok(&p, &run);
	*writes = r.writes;
	*cmds = r.cmds;
	tree_free(&t);
}
