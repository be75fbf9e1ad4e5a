/* SPDX-License-Identifier: MIT */
/*
 * vfctl setup: the guide as one plan, applied, verified and undone.
 *
 * plan reads the host through the root prefix and never writes. apply runs
 * the steps to do in order; every file is written atomically with its mode
 * and owner and never through a symlink, and every change is journaled with
 * the previous contents before it is made (HOST: /var/lib/vfctl under the
 * root), so that undo restores every file byte for byte and reverses every
 * command that has an inverse. A failure stops at its step and leaves the
 * journal consistent with the tree.
 */
#ifndef SETUP_H
#define SETUP_H

#include <stdio.h>

#include "setup/setup_types.h"

#define SETUP_JOURNAL_DIR "/var/lib/vfctl"
#define SETUP_JOURNAL "/var/lib/vfctl/setup.journal"

/* What apply or undo did, for the report. */
struct setup_result {
	unsigned int steps; /* steps applied (or undone) */
	unsigned int files; /* files written (or restored) */
	unsigned int cmds; /* commands run */
	bool reboot; /* a change takes effect at the next boot */
	const char *failed_step; /* the step that failed, or NULL */
	char msg[512]; /* what failed and why, "" on success */
};

/**
 * setup_plan_build - every step of the guide with its state on this host
 * @o: options (copied)
 * @p: result; release with setup_plan_free()
 *
 * Reads only. Each step's old contents are the file as the earlier steps
 * leave it, so the diffs of one plan apply one after the other.
 *
 * Return: 0, -EINVAL for bad options (@p->step[0].reason says which),
 * -ENOMEM.
 */
int setup_plan_build(const struct setup_opts *o, struct setup_plan *p);

/**
 * setup_plan_free - release a plan's file contents
 * @p: plan; may be zeroed
 */
void setup_plan_free(struct setup_plan *p);

/**
 * setup_plan_todo - number of steps apply would run
 * @p: plan
 *
 * Return: the count of SETUP_TODO steps.
 */
unsigned int setup_plan_todo(const struct setup_plan *p);

/**
 * setup_state_name - "done", "todo", "blocked", "user" or "skipped"
 * @s: state
 *
 * Return: a static string.
 */
const char *setup_state_name(enum setup_state s);

/**
 * setup_plan_print - the plan for people: one line per step, then each
 * change as a unified diff and the commands
 * @p: plan
 * @out: stream
 */
void setup_plan_print(const struct setup_plan *p, FILE *out);

/**
 * setup_apply - make the plan's changes, step by step
 * @p: a plan just built on the same root
 * @run: command runner, or NULL for /bin/sh
 * @res: what was done; on failure the failed step and why
 *
 * Return: 0, or a negative errno of the first failure (-ELOOP for a
 * symlink at a target, -EIO for a command that failed).
 */
int setup_apply(const struct setup_plan *p, const struct setup_runner *run,
		struct setup_result *res);

/**
 * setup_undo - reverse everything the journal under @root records
 * @root: prefix
 * @run: command runner, or NULL for /bin/sh
 * @res: what was done
 *
 * Files are restored newest change first, then the inverse commands run;
 * the journal and the directories apply created are removed at the end.
 *
 * Return: 0, -ENOENT when there is no journal, -EBADMSG for a damaged one
 * (nothing is changed then), or the first failure.
 */
int setup_undo(const char *root, const struct setup_runner *run, struct setup_result *res);

#endif
