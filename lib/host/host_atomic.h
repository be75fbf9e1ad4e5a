/* SPDX-License-Identifier: MIT */
/*
 * Writing the files the tools write (persistence files, guest files, -o
 * outputs, everything `vfctl setup` changes) so that a crash, a full disk or
 * a planted symlink never leaves a half-written file or writes through
 * someone else's link. One implementation for all of them:
 *
 * - the directories from the root prefix down to the file are opened one by
 *   one with O_NOFOLLOW, so a directory on the way that is a symlink is
 *   refused (only the merged-/usr links /bin, /sbin, /lib, ... right under
 *   the root are followed, to where they must point); the root prefix
 *   itself is the caller's choice and opened as it is;
 * - a symlink, directory or other non-regular file at the target is refused;
 * - the contents go to a new file with a random name in the same directory
 *   (O_CREAT | O_EXCL | O_NOFOLLOW: a link planted there is never followed),
 *   get their mode and owner, are synced, and the file is renamed over the
 *   target; the directory is synced after. On failure the target is as it
 *   was and the temporary file is gone.
 */
#ifndef HOST_ATOMIC_H
#define HOST_ATOMIC_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Directories a write had to create, outermost first (undo removes them). */
struct host_mkdirs {
	char path[8][512];
	unsigned int n;
};

/* The metadata host_write_at() gives the file, and what it may create. */
struct host_write_how {
	mode_t mode; /* permissions of a new file, or of any with !keep_mode */
	bool keep_mode; /* an existing file keeps its own permissions */
	uid_t uid; /* owner, or (uid_t)-1: an existing file's own, else the directory's */
	gid_t gid; /* group, likewise */
	/* missing directories are created (0755, their parent's owner) and
	 * listed here; NULL: a missing directory is -ENOENT */
	struct host_mkdirs *made;
};

/**
 * host_open_parent - open the directory that holds @path, refusing links
 * @root: prefix, opened as it is; NULL or "" for "/"
 * @path: absolute path under @root; no "." or ".." components
 * @made: create missing directories and list them here, or NULL
 * @dirfd: result: the directory, to be closed by the caller
 * @leaf: result: the last component, pointing into @path
 *
 * Return: 0, -ELOOP when a directory on the way is a symlink (or not a
 * directory), -ENOENT when one is missing and @made is NULL, -EINVAL for a
 * relative path or one with "."/".." or an empty last component, or an errno.
 */
int host_open_parent(const char *root, const char *path, struct host_mkdirs *made, int *dirfd,
		     const char **leaf);

/**
 * host_write_at - replace @root/@path atomically, never through a symlink
 * @root: prefix, opened as it is; NULL for "/"
 * @path: absolute path under @root
 * @buf: contents
 * @len: their size
 * @how: mode, owner and directories (see struct host_write_how)
 *
 * Return: 0, -ELOOP for a symlink at or on the way to @path, -EISDIR or
 * -EINVAL for a directory or other non-regular file there, or an errno.
 */
int host_write_at(const char *root, const char *path, const void *buf, size_t len,
		  const struct host_write_how *how);

/**
 * host_write_atomic - replace a file the user named (-o FILE) atomically
 * @path: the file; its directory is the user's and opened as it is
 * @buf: contents
 * @len: their size
 * @mode: the file's mode, set explicitly (neither the umask nor 0600)
 *
 * host_write_at() with the directory of @path as the root: the target is
 * never followed; an existing file keeps its owner, a new one takes the
 * directory's.
 *
 * Return: as host_write_at().
 */
int host_write_atomic(const char *path, const void *buf, size_t len, mode_t mode);

#endif
