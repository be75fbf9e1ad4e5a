/* SPDX-License-Identifier: MIT */
/*
 * The setup's file access under a root prefix, safe against planted
 * symlinks: every directory on the way is opened with O_NOFOLLOW from the
 * root down (the merged-/usr links /bin, /lib, ... at the top are the only
 * ones followed), the target itself is never followed, and a write goes to
 * a temporary file in the same directory that is renamed over the target.
 */
#ifndef SETUP_FS_H
#define SETUP_FS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "host/host_atomic.h"

/* What a file was before a change. */
struct setup_fs_old {
	bool exists;
	mode_t mode;
	uid_t uid;
	gid_t gid;
	char *text; /* malloc'ed, NULL when absent */
	size_t len;
};

/**
 * setup_fs_read - a file's contents and metadata, without following links
 * @root: prefix
 * @path: absolute path on the live system
 * @old: result; an absent file (or directory on the way) gives exists=false
 *
 * Return: 0, -ELOOP when @path or a directory on the way is a symlink,
 * -EISDIR or -EINVAL when it is not a regular file, or another read error.
 */
int setup_fs_read(const char *root, const char *path, struct setup_fs_old *old);

/**
 * setup_fs_write - replace a file atomically (host_write_at())
 * @root: prefix
 * @path: absolute path on the live system
 * @text: new contents
 * @len: their length
 * @mode: permissions of a new file; an existing file keeps its own unless
 *        @exact
 * @uid: owner, or (uid_t)-1: an existing file's own, else the directory's
 * @gid: group, likewise
 * @exact: set @mode even on an existing file (undo restores the old mode)
 * @made: directories created on the way are appended here (may be NULL:
 *        then a missing directory is an error)
 *
 * Return: 0, -ELOOP for a symlink at or on the way to @path, or an errno.
 */
int setup_fs_write(const char *root, const char *path, const char *text, size_t len, mode_t mode,
		   uid_t uid, gid_t gid, bool exact, struct host_mkdirs *made);

/**
 * setup_fs_missing_dirs - the directories a write to @path would create
 * @root: prefix
 * @path: absolute path on the live system
 * @made: result, outermost first
 *
 * Return: 0 or -ENAMETOOLONG.
 */
int setup_fs_missing_dirs(const char *root, const char *path, struct host_mkdirs *made);

/**
 * setup_fs_remove - remove a file (absent is fine); a symlink is refused
 * @root: prefix
 * @path: absolute path on the live system
 *
 * Return: 0, -ELOOP, or an errno.
 */
int setup_fs_remove(const char *root, const char *path);

/**
 * setup_fs_rmdir - remove an empty directory (absent or not empty is fine)
 * @root: prefix
 * @path: absolute path on the live system
 *
 * Return: 0 or an errno other than ENOENT/ENOTEMPTY.
 */
int setup_fs_rmdir(const char *root, const char *path);

/**
 * setup_fs_append - append to a file and sync it (the journal)
 * @root: prefix
 * @path: absolute path; created 0600 if absent, directories too
 * @text: bytes
 * @len: their count
 * @made: directories created, as for setup_fs_write()
 *
 * Return: 0 or an errno (-ELOOP for a symlink).
 */
int setup_fs_append(const char *root, const char *path, const char *text, size_t len,
		    struct host_mkdirs *made);

#endif
