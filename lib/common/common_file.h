/* SPDX-License-Identifier: MIT */
/*
 * Reading a whole file into memory, the one way every part of the harness
 * does it. The files are often not ours (a firmware dump, a domain XML, a
 * sysfs attribute, a decompressor's output), so the reader trusts no size:
 * it reads to end of file whatever stat() says (sysfs reports 4096 or 0), is
 * bounded by the caller's limit, never blocks on a FIFO nobody writes, and
 * hands back either the whole content or nothing.
 */
#ifndef COMMON_FILE_H
#define COMMON_FILE_H

#include <stddef.h>
#include <sys/types.h>

/* common_read_file() flags: refuse anything but a regular file (-EINVAL);
 * a regular file that ends before the size it had when opened was cut while
 * being read (-ENODATA). Not for sysfs, whose sizes are a guess (4096). */
#define COMMON_READ_REGULAR 0x1u
#define COMMON_READ_STABLE 0x2u

/**
 * typedef common_read_fn - one read of a byte source, as read(2) does it
 * @ctx: the source (a file descriptor, a gzFile...)
 * @dst: where the bytes go
 * @n: at most this many
 *
 * Return: the bytes read, 0 at the end, or a negative errno.
 */
typedef ssize_t (*common_read_fn)(void *ctx, void *dst, size_t n);

/**
 * common_read_stream - read a byte source to its end
 * @fn: the read function
 * @ctx: its source
 * @max: the most bytes accepted; one more is -EFBIG
 * @buf: on success the malloc'ed bytes, NUL-terminated (free() it); on
 *       failure NULL
 * @len: on success their count, the NUL not included (may be NULL); on
 *       failure 0
 *
 * Return: 0, -EFBIG when the source holds more than @max bytes, -ENOMEM, or
 * the negative errno @fn returned.
 */
int common_read_stream(common_read_fn fn, void *ctx, size_t max, char **buf, size_t *len);

/**
 * common_read_fd - read an open file descriptor to its end
 * @fd: the descriptor (a file, a pipe, a socket); read(2) is retried on EINTR
 * @max: the most bytes accepted
 * @buf: as for common_read_stream()
 * @len: as for common_read_stream()
 *
 * Return: as common_read_stream().
 */
int common_read_fd(int fd, size_t max, char **buf, size_t *len);

/**
 * common_read_file - read a whole file
 * @path: the file; a FIFO without a writer reads as empty, never blocks
 * @max: the most bytes accepted
 * @flags: 0, COMMON_READ_REGULAR, COMMON_READ_STABLE
 * @buf: as for common_read_stream()
 * @len: as for common_read_stream()
 *
 * Return: 0; the negative errno of open(2) (-ENOENT, -EACCES...); -EISDIR for
 * a directory; -EINVAL for a file that is not regular under
 * COMMON_READ_REGULAR; -ENODATA for a shorter one under COMMON_READ_STABLE;
 * or as common_read_stream().
 */
int common_read_file(const char *path, size_t max, unsigned int flags, char **buf, size_t *len);

#endif
