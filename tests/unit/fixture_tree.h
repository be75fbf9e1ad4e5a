/* SPDX-License-Identifier: MIT */
/*
 * The one composer of fixture trees (convention: tests/fixtures/README.md).
 * A tree is a directory under tests/fixtures holding a .fixture file that
 * names its base ("base = host/base", or "base = none" for a tree that
 * stands alone), the paths of the base to drop ("remove = PATH") and the
 * character devices to create ("node = PATH MODE GROUP", or "node = PATH -"
 * to drop one a base asked for); its other files overlay the base. Bases
 * stack. The composer refuses a missing base, a cycle, a path leaving the
 * tree, a file both removed and overlaid, and never writes through a link.
 */
#ifndef FIXTURE_TREE_H
#define FIXTURE_TREE_H

#include <stdbool.h>
#include <stddef.h>

struct fixture_tree {
	char root[256];
	/* the character devices could be created (mknod needs CAP_MKNOD) */
	bool nodes;
};

/**
 * fixture_dir - the directory holding every fixture tree
 *
 * Return: $FIXTURE_DIR (the composer's own tests set it), or
 * "tests/fixtures" (the tests run from the top of the project).
 */
const char *fixture_dir(void);

/**
 * fixture_compose - compose a tree into an existing empty directory
 * @name: the tree, relative to fixture_dir() ("igt/broken/ctx-overlap")
 * @dest: the directory to fill
 * @nodes: set to whether the character devices could be created
 *
 * Return: 0, or -1 with the reason on stderr.
 */
int fixture_compose(const char *name, const char *dest, bool *nodes);

/**
 * fixture_tree_make - compose a tree into a fresh scratch directory
 * @name: the tree, relative to fixture_dir()
 * @t: result; @t->root is the scratch directory (under $TMPDIR)
 *
 * Return: 0, or -1 with the reason on stderr (nothing is left behind).
 */
int fixture_tree_make(const char *name, struct fixture_tree *t);

/**
 * fixture_tree_free - remove a composed tree, following no link
 * @t: the tree (may be one whose fixture_tree_make() failed)
 */
void fixture_tree_free(struct fixture_tree *t);

/* fixture_put()'s ways with a link already at the path */
enum fixture_put_mode {
	FIXTURE_PUT_THROUGH, /* open it: the file is written where the link points */
	FIXTURE_PUT_REPLACE, /* unlink it first: the file replaces the link */
};

/**
 * fixture_put - write a file into a tree a test builds by hand
 * @root: the tree's top
 * @rel: the file's path under @root; missing directories are made (0755)
 * @text: its content
 * @mode: what a link at @rel gets: written through (the composer's refusal
 *        cases need such a tree) or replaced (a test rewriting a composed
 *        tree's file)
 *
 * Return: 0, or -1 with errno set.
 */
int fixture_put(const char *root, const char *rel, const char *text, enum fixture_put_mode mode);

/**
 * fixture_remove - remove a directory and all below it, following no link
 * @path: the directory
 *
 * Return: 0 or -1.
 */
int fixture_remove(const char *path);

#endif
