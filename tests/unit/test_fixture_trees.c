// SPDX-License-Identifier: MIT
/*
 * The fixture composer (fixture_tree.c): every tree under tests/fixtures
 * composes, one cmocka case per tree named after it, and what it composes
 * keeps the convention of tests/fixtures/README.md; then small trees made
 * here, each breaking one rule the composer must refuse: a missing base, a
 * cycle, a path or link leaving the tree, a file both removed and
 * overlaid, a write through a link to outside the tree.
 */
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixture_tree.h"

#define MAX_TREES 128

struct tree_case {
	char name[160]; /* relative to fixture_dir() */
	char test[176];
};

static struct tree_case trees[MAX_TREES];
static size_t ntrees;

static int find_tree(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	size_t top = strlen(fixture_dir()) + 1;
	const char *base = path + ftw->base;

	(void)st;
	if (type != FTW_F || strcmp(base, ".fixture") || ntrees == MAX_TREES ||
	    ftw->base <= (int)top)
		return ntrees == MAX_TREES;
	snprintf(trees[ntrees].name, sizeof(trees[ntrees].name), "%.*s", (int)(ftw->base - 1 - top),
		 path + top);
	ntrees++;
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct tree_case *)a)->name, ((const struct tree_case *)b)->name);
}

/* ---- every tree of the project ---- */

static char composed[PATH_MAX];

/* A relative link that resolves must resolve inside the composed tree. */
static int link_inside(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	char target[PATH_MAX], where[PATH_MAX * 2], real[PATH_MAX];
	size_t len = strlen(composed);
	ssize_t n;

	(void)st;
	(void)ftw;
	if (type != FTW_SL && type != FTW_SLN)
		return 0;
	n = readlink(path, target, sizeof(target) - 1);
	assert_true(n > 0);
	target[n] = '\0';
	if (target[0] == '/')
		return 0; /* read inside the tree, as the tools do under --root */
	snprintf(where, sizeof(where), "%.*s/%s", (int)ftw->base, path, target);
	if (realpath(where, real) &&
	    (strncmp(real, composed, len) || (real[len] != '/' && real[len] != '\0')))
		fail_msg("the link %s -> %s leads out of the tree (%s)", path, target, real);
	return 0;
}

static void first_line(const char *dir, const char *file, char *buf, size_t size)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s/%s", fixture_dir(), dir, file);
	f = fopen(path, "r");
	if (!f || !fgets(buf, (int)size, f))
		fail_msg("%s has no %s", dir, file);
	fclose(f);
}

static void compose_tree(void **state)
{
	const struct tree_case *c = *state;
	struct fixture_tree t;
	char line[256];
	struct dirent *e;
	DIR *d;

	first_line(c->name, ".description", line, sizeof(line));
	/* a tree rebuilt from a public report cites it first */
	if (!strncmp(c->name, "host/real/", 10) && strncmp(line, "Source: https://", 16))
		fail_msg("%s/.description does not start with \"Source: https://\": %s", c->name,
			 line);
	assert_int_equal(fixture_tree_make(c->name, &t), 0);
	assert_non_null(realpath(t.root, composed));
	d = opendir(t.root);
	assert_non_null(d);
	while ((e = readdir(d)))
		if (e->d_name[0] == '.' && strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			fail_msg("%s: the fixture's own %s is in the tree", c->name, e->d_name);
	closedir(d);
	assert_int_equal(nftw(t.root, link_inside, 16, FTW_PHYS), 0);
	fixture_tree_free(&t);
	assert_int_equal(access(composed, F_OK), -1);
}

/* ---- small trees that break one rule each ---- */

static char scratch[PATH_MAX];

/* written through a link at the path: the refusal cases build such trees */
static void put(const char *rel, const char *text)
{
	if (fixture_put(scratch, rel, text, FIXTURE_PUT_THROUGH))
		fail_msg("%s/%s: %s", scratch, rel, strerror(errno));
}

static void link_at(const char *rel, const char *target)
{
	char path[PATH_MAX + 256];

	snprintf(path, sizeof(path), "%s/%s", scratch, rel);
	assert_int_equal(symlink(target, path), 0);
}

static const char *at(const char *root, const char *rel)
{
	static char path[PATH_MAX + 256];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	return path;
}

static char *slurp(const char *path)
{
	static char buf[256];
	FILE *f = fopen(path, "r");
	size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;

	buf[n] = '\0';
	if (f)
		fclose(f);
	return f ? buf : NULL;
}

/* The trees live in @scratch (FIXTURE_DIR), the composed ones in @scratch/tmp. */
static int scratch_up(void **state)
{
	const char *tmp = getenv("TMPDIR");

	(void)state;
	snprintf(scratch, sizeof(scratch), "%s/fixture-rules-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(scratch))
		return -1;
	put("tmp/.keep", "");
	unlink(at(scratch, "tmp/.keep"));
	put("a/.fixture", "# a tree on its own\nbase = none\n");
	put("a/f1", "a\n");
	put("a/d/f2", "a\n");
	link_at("a/l", "d");
	setenv("FIXTURE_DIR", scratch, 1);
	setenv("TMPDIR", at(scratch, "tmp"), 1);
	return 0;
}

static char saved_tmpdir[PATH_MAX];

static int scratch_down(void **state)
{
	(void)state;
	unsetenv("FIXTURE_DIR");
	if (saved_tmpdir[0])
		setenv("TMPDIR", saved_tmpdir, 1);
	else
		unsetenv("TMPDIR");
	return fixture_remove(scratch);
}

/* @name must not compose, and must leave nothing behind. */
static void refused(const char *name)
{
	struct fixture_tree t;
	struct dirent *e;
	DIR *d;

	if (!fixture_tree_make(name, &t)) {
		fixture_tree_free(&t);
		fail_msg("%s composed; it breaks a rule", name);
	}
	assert_string_equal(t.root, "");
	d = opendir(at(scratch, "tmp"));
	assert_non_null(d);
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			fail_msg("%s left %s behind", name, e->d_name);
	closedir(d);
}

static void test_layers_stack_in_order(void **state)
{
	struct fixture_tree t;
	struct stat st;

	(void)state;
	put("b/.fixture",
	    "base = a\nremove = d/f2\nnode = dev/n 0640 root\nnode = dev/m 0600 root\n");
	put("b/.description", "not copied\n");
	put("b/f1", "b\n");
	put("b/dev/.keep", "");
	put("c/.fixture", "base = b\nnode = dev/n -\n");
	put("c/f3", "c\n");
	assert_int_equal(fixture_tree_make("c", &t), 0);
	assert_string_equal(slurp(at(t.root, "f1")), "b\n");
	assert_string_equal(slurp(at(t.root, "f3")), "c\n");
	assert_int_equal(stat(at(t.root, "d"), &st), 0);
	assert_int_equal(lstat(at(t.root, "d/f2"), &st), -1);
	assert_int_equal(lstat(at(t.root, "l"), &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_int_equal(lstat(at(t.root, ".fixture"), &st), -1);
	assert_int_equal(lstat(at(t.root, ".description"), &st), -1);
	/* c drops the node b asked for; b's other one is made (with CAP_MKNOD) */
	assert_int_equal(lstat(at(t.root, "dev/n"), &st), -1);
	if (t.nodes) {
		assert_int_equal(lstat(at(t.root, "dev/m"), &st), 0);
		assert_true(S_ISCHR(st.st_mode));
		assert_int_equal(st.st_mode & 07777, 0600);
	}
	fixture_tree_free(&t);
}

static void test_a_base_that_does_not_exist(void **state)
{
	(void)state;
	put("x/.fixture", "base = nope\n");
	refused("x");
	refused("not-a-tree");
}

static void test_bases_in_a_cycle(void **state)
{
	(void)state;
	put("p/.fixture", "base = q\n");
	put("q/.fixture", "base = p\n");
	put("s/.fixture", "base = s\n");
	refused("p");
	refused("s");
}

static void test_a_description_that_names_no_base(void **state)
{
	(void)state;
	put("x/.fixture", "remove = f1\n");
	put("y/.fixture", "base = a\nbase = a\n");
	put("z/.fixture", "base = a\nrename = f1 f9\n");
	refused("x");
	refused("y");
	refused("z");
}

static void test_paths_that_leave_the_tree(void **state)
{
	(void)state;
	put("r1/.fixture", "base = a\nremove = ../a/f1\n");
	put("r2/.fixture", "base = a\nremove = /etc/passwd\n");
	put("r3/.fixture", "base = a\nremove = d/./f2\n");
	put("n1/.fixture", "base = a\nnode = ../n 0600 root\n");
	put("b1/.fixture", "base = ../a\n");
	refused("r1");
	refused("r2");
	refused("r3");
	refused("n1");
	refused("b1");
	refused("../a");
}

static void test_a_removal_the_base_does_not_have(void **state)
{
	(void)state;
	put("x/.fixture", "base = a\nremove = d/f9\n");
	refused("x");
}

static void test_a_file_both_removed_and_overlaid(void **state)
{
	struct fixture_tree t;

	(void)state;
	put("x/.fixture", "base = a\nremove = f1\n");
	put("x/f1", "x\n");
	refused("x");
	/* a removed directory the overlay fills again is a replacement */
	put("y/.fixture", "base = a\nremove = d\n");
	put("y/d/f3", "y\n");
	assert_int_equal(fixture_tree_make("y", &t), 0);
	assert_null(slurp(at(t.root, "d/f2")));
	assert_string_equal(slurp(at(t.root, "d/f3")), "y\n");
	fixture_tree_free(&t);
}

static void test_a_link_that_leaves_the_tree(void **state)
{
	(void)state;
	put("x/.fixture", "base = a\n");
	put("x/d/.keep", "");
	link_at("x/d/up", "../../outside");
	refused("x");
}

static void test_no_link_is_followed_out_of_the_tree(void **state)
{
	struct fixture_tree t;
	char outside[PATH_MAX + 16];
	struct stat st;

	(void)state;
	/* an absolute link is read inside the tree; the composer must not follow
	 * it on this machine when a later layer writes below it */
	put("outside/secret", "keep\n");
	snprintf(outside, sizeof(outside), "%s/outside", scratch);
	put("o/.fixture", "base = a\n");
	link_at("o/etc", outside);
	put("w/.fixture", "base = o\n");
	put("w/etc/secret", "overwritten\n");
	put("r/.fixture", "base = o\nremove = etc/secret\n");
	put("n/.fixture", "base = o\nnode = etc/n 0600 root\n");
	/* and a link inside the tree: an overlay does not write through it either */
	put("i/.fixture", "base = a\n");
	put("i/l/f2", "through the link\n");
	refused("w");
	refused("r");
	assert_string_equal(slurp(at(outside, "secret")), "keep\n");
	assert_int_equal(fixture_tree_make("n", &t), 0);
	assert_false(t.nodes);
	assert_int_equal(lstat(at(outside, "n"), &st), -1);
	fixture_tree_free(&t);
	assert_string_equal(slurp(at(scratch, "a/d/f2")), "a\n");
	refused("i");
	assert_string_equal(slurp(at(scratch, "a/d/f2")), "a\n");
	/* an overlay's file replaces a base's link rather than writing through it */
	put("v/.fixture", "base = o\n");
	put("v/etc", "a file now\n");
	assert_int_equal(fixture_tree_make("v", &t), 0);
	assert_string_equal(slurp(at(t.root, "etc")), "a file now\n");
	fixture_tree_free(&t);
	assert_string_equal(slurp(at(outside, "secret")), "keep\n");
}

int main(void)
{
	const struct CMUnitTest rules[] = {
#define RULE(f) cmocka_unit_test_setup_teardown(f, scratch_up, scratch_down)
		RULE(test_layers_stack_in_order),
		RULE(test_a_base_that_does_not_exist),
		RULE(test_bases_in_a_cycle),
		RULE(test_a_description_that_names_no_base),
		RULE(test_paths_that_leave_the_tree),
		RULE(test_a_removal_the_base_does_not_have),
		RULE(test_a_file_both_removed_and_overlaid),
		RULE(test_a_link_that_leaves_the_tree),
		RULE(test_no_link_is_followed_out_of_the_tree),
#undef RULE
	};
	struct CMUnitTest tests[MAX_TREES + sizeof(rules) / sizeof(rules[0])];
	const char *tmp = getenv("TMPDIR");
	size_t i;

	snprintf(saved_tmpdir, sizeof(saved_tmpdir), "%s", tmp ? tmp : "");
	if (nftw(fixture_dir(), find_tree, 16, FTW_PHYS) || !ntrees) {
		fprintf(stderr, "cannot list the trees under %s (or more than %d)\n", fixture_dir(),
			MAX_TREES);
		return 1;
	}
	qsort(trees, ntrees, sizeof(trees[0]), by_name);
	for (i = 0; i < ntrees; i++) {
		snprintf(trees[i].test, sizeof(trees[i].test), "compose_%s", trees[i].name);
		tests[i] =
			(struct CMUnitTest){ trees[i].test, compose_tree, NULL, NULL, &trees[i] };
	}
	memcpy(tests + ntrees, rules, sizeof(rules));
	return _cmocka_run_group_tests("test_fixture_trees", tests,
				       ntrees + sizeof(rules) / sizeof(rules[0]), NULL, NULL);
}
