/* SPDX-License-Identifier: MIT */
/*
 * Replacing a file the tools write (persistence files, guest files, -o
 * outputs) so that a crash, a full disk or a planted symlink never leaves
 * a half-written file or writes through someone else's link.
 */
#ifndef HOST_ATOMIC_H
#define HOST_ATOMIC_H

#include <stddef.h>
#include <sys/types.h>

/**
 * host_write_atomic - replace a file's contents all at once
 * @path: the file, as the process sees it (callers join a root first)
 * @buf: contents
 * @len: their size
 * @mode: the file's mode, set explicitly (neither the umask nor mkstemp's 0600)
 *
 * The contents go to a new file with a random name in the same directory,
 * created with O_EXCL (a symlink planted in the directory is never
 * followed), are synced, and the file is renamed over @path. A symlink at
 * @path itself is refused, as is anything there but a regular file. On
 * failure @path is as it was and the temporary file is gone.
 *
 * Return: 0, -ELOOP for a symlink at @path, -EISDIR or -EINVAL for a
 * directory or other non-regular file there, or a negative errno.
 */
int host_write_atomic(const char *path, const void *buf, size_t len, mode_t mode);

#endif
