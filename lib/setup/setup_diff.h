/* SPDX-License-Identifier: MIT */
/*
 * Unified diffs of the files a step writes, in the format of `diff -u`
 * (three lines of context, "\ No newline at end of file"), so that a user
 * can read them and `patch -p1` could apply them to the root.
 */
#ifndef SETUP_DIFF_H
#define SETUP_DIFF_H

#include <stddef.h>

/**
 * setup_diff - the unified diff from one contents of a file to another
 * @path: the file's absolute path; shown as a/PATH and b/PATH
 * @a: old contents, or NULL when the file is created (/dev/null)
 * @alen: their length
 * @b: new contents, or NULL when the file is removed
 * @blen: their length
 *
 * Lines are compared by a longest common subsequence after the common head
 * and tail are set aside; a change too large for that is shown as one hunk
 * that replaces everything between them.
 *
 * Return: the malloc'ed diff ("" when equal), or NULL when out of memory.
 */
char *setup_diff(const char *path, const char *a, size_t alen, const char *b, size_t blen);

#endif
