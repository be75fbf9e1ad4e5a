/* SPDX-License-Identifier: MIT */
/*
 * Reading (and, for the VF lifecycle, writing) the system through a root
 * prefix. Every path lib/host uses is an absolute path of a live system
 * ("/sys/...", "/proc/...", "/etc/...") joined to the prefix, so the same
 * code reads a fixture tree in the tests and "/" on a real host.
 */
#ifndef HOST_FS_H
#define HOST_FS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#define HOST_PATH_MAX 1024
/* Larger files are refused: nothing lib/host reads is that big. */
#define HOST_READ_MAX (32u << 20)

/**
 * host_path - join a root prefix and an absolute path
 * @root: prefix, "/" or NULL for the live system
 * @path: absolute path on the live system, e.g. "/proc/cmdline"
 * @buf: result; must not be @path (it is written while @path is read)
 * @size: size of @buf
 *
 * Return: 0, or -ENAMETOOLONG.
 */
int host_path(const char *root, const char *path, char *buf, size_t size);

/**
 * host_read - read a whole file under @root, NUL-terminated
 * @root: prefix
 * @path: absolute path below it
 * @text: on success the malloc'ed contents (free() it)
 * @len: on success their length, without the terminating NUL (may be NULL)
 *
 * Works on sysfs attributes (size 0 in stat) as on regular files.
 *
 * Return: 0 or a negative errno (-ENOENT, -EACCES, -EFBIG...).
 */
int host_read(const char *root, const char *path, char **text, size_t *len);

/**
 * host_read_max - host_read() with another limit than HOST_READ_MAX
 * @root: prefix
 * @path: absolute path below it
 * @max: the most bytes accepted (-EFBIG beyond)
 * @text: as for host_read()
 * @len: as for host_read()
 *
 * Return: as host_read().
 */
int host_read_max(const char *root, const char *path, size_t max, char **text, size_t *len);

/**
 * host_read_line - the first line of a file, trailing white space removed
 * @root: prefix
 * @path: absolute path below it
 * @buf: result
 * @size: size of @buf; a longer line is cut
 *
 * Return: 0 or a negative errno.
 */
int host_read_line(const char *root, const char *path, char *buf, size_t size);

/**
 * host_read_u64 - a file that holds one number (decimal, 0x hex or 0 octal)
 * @root: prefix
 * @path: absolute path below it
 * @val: result
 *
 * Return: 0, -EINVAL when the file is not one number, or a read error.
 */
int host_read_u64(const char *root, const char *path, uint64_t *val);

/**
 * host_exists - whether a path exists under @root (symlinks followed)
 * @root: prefix
 * @path: absolute path below it
 *
 * Return: true when stat() succeeds.
 */
bool host_exists(const char *root, const char *path);

/**
 * host_lstat - lstat() of a path under @root
 * @root: prefix
 * @path: absolute path below it
 * @st: result
 *
 * Return: 0 or a negative errno.
 */
int host_lstat(const char *root, const char *path, struct stat *st);

/**
 * host_stat - stat() of a path under @root (symlinks followed)
 * @root: prefix
 * @path: absolute path below it
 * @st: result
 *
 * Return: 0 or a negative errno.
 */
int host_stat(const char *root, const char *path, struct stat *st);

/**
 * host_link_name - the last component of a symlink's target
 * @root: prefix
 * @path: absolute path of the link below it, e.g. ".../0000:00:02.0/driver"
 * @buf: result, e.g. "i915"
 * @size: size of @buf
 *
 * Return: 0, -ENOENT when there is no link, -EINVAL when @path is not a
 * link, -ENAMETOOLONG.
 */
int host_link_name(const char *root, const char *path, char *buf, size_t size);

/**
 * host_link_target - the target of a symlink as stored
 * @root: prefix
 * @path: absolute path of the link below it
 * @buf: result
 * @size: size of @buf
 *
 * Return: 0 or a negative errno.
 */
int host_link_target(const char *root, const char *path, char *buf, size_t size);

/**
 * host_write - write a text to a file under @root, as `echo -n text > file`
 * @root: prefix
 * @path: absolute path below it
 * @text: what to write
 *
 * sysfs returns the store handler's error from write(); it is passed on
 * as is, so the caller can map it to a cause.
 *
 * Return: 0 or a negative errno.
 */
int host_write(const char *root, const char *path, const char *text);

/**
 * host_release - the running kernel's release (uname -r)
 * @root: prefix; read from /proc/sys/kernel/osrelease under it
 * @buf: result; must not be @path (it is written while @path is read)
 * @size: size of @buf
 *
 * Return: 0 or a negative errno.
 */
int host_release(const char *root, char *buf, size_t size);

#endif
