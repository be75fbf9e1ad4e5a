/* SPDX-License-Identifier: MIT */
/*
 * The tests of lib/setup on fixture roots (tests/fixtures/setup copied to a
 * scratch directory): snapshots of a whole tree (paths, modes, owners,
 * contents, link targets) to compare byte for byte, a command runner that
 * records and fails on purpose, and a failure injected at one write or
 * command of an apply with the journal and undo checked after it.
 */
#ifndef SETUP_FIXTURE_H
#define SETUP_FIXTURE_H

#include <stdbool.h>

#include "setup/setup.h"
#include "setup_fixture_sh.h"

struct tree {
	char dir[256]; /* the scratch directory: root/ and files outside it */
	char root[300];
};

/* The runner of the tests: records, and fails command number fail_cmd. */
struct rec {
	char log[8192];
	int cmds, writes;
	int fail_cmd, fail_write; /* 1-based; 0 = never */
	struct tree *plant; /* plant a symlink at the path of write fail_write */
	/* does what a command would do to the tree (virsh define), or NULL */
	int (*emulate)(const char *root, const char *cmd);
};

/* How a test's host is made and planned. */
struct scen {
	void (*make)(struct tree *t); /* NULL: tree_ready() */
	void (*opts)(const struct tree *t, struct setup_opts *o); /* after .root */
	int (*emulate)(const char *root, const char *cmd);
};

/* The contents of @path (absolute, inside the root); malloc'ed. */
char *read_in(const struct tree *t, const char *path);

/* A copy of fixture @fixture (a directory of tests/fixtures/setup). */
void tree_make(struct tree *t, const char *fixture);
/* The fresh host with the DKMS driver installed: every step can be applied. */
void tree_ready(struct tree *t);
/*
 * tree_ready() with another initramfs tool: Debian's update-initramfs
 * taken out, then tests/fixtures/setup/initramfs/@name laid over it.
 */
void tree_initramfs(struct tree *t, const char *name);
void tree_free(struct tree *t);
/* Every entry of the tree, one line each; malloc'ed. */
char *snap(const struct tree *t);
struct setup_runner runner(struct rec *r);
/* The plan of the tree with default options and --skip @skip. */
void plan(const struct tree *t, struct setup_plan *p, const char *skip);
const struct setup_step *step(const struct setup_plan *p, const char *id);
/* The state of step @id in the plan of the tree (--skip @skip). */
enum setup_state state_of(const struct tree *t, const char *skip, const char *id);
/* Apply @p with @run, which must succeed, and free it. */
void apply_ok(struct setup_plan *p, const struct setup_runner *run);
/* Plan the tree (--skip @skip) and apply_ok() it. */
void plan_apply(const struct tree *t, const char *skip, const struct setup_runner *run);
/* Undo with @run succeeds and gives back the tree of snapshot @before (freed). */
void undo_exact(const struct tree *t, const struct setup_runner *run, char *before);
/*
 * Apply fails at write (or command) @k, or a symlink is planted there
 * just before it: the journal is whole, and undo gives back the tree as
 * it was (a planted link is refused and stays the user's).
 */
void fail_at(const struct scen *sc, bool cmd, int k, bool plant);
/* How many writes and commands a full apply of the scenario makes. */
void count_changes(const struct scen *sc, int *writes, int *cmds);

#endif
