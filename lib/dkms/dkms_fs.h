/* SPDX-License-Identifier: MIT */
/*
 * Reads under a root prefix, so every check of lib/dkms runs the same on the
 * host ("/") and on a fixture tree. Absolute symlinks inside the prefix are
 * taken relative to it (as /lib/modules/K/build -> /usr/src/linux-headers-K
 * is on Debian), never to the host.
 */
#ifndef DKMS_FS_H
#define DKMS_FS_H

#include <stdbool.h>
#include <stddef.h>

/* The largest file read: dkms.conf, framework.conf, an EFI variable. */
#define DKMS_READ_MAX (1u << 20)

/**
 * dkms_path - <root><path>, with root "" or "/" meaning the host
 * Return: 0 or -ENAMETOOLONG.
 */
int dkms_path(const char *root, const char *path, char *buf, size_t size);

/**
 * dkms_read - a whole file under @root, at most DKMS_READ_MAX bytes
 * @text: malloc'd bytes, NUL-terminated (free() it)
 * @len: their count (the NUL not included)
 * Return: 0 or a negative errno (-EFBIG when larger).
 */
int dkms_read(const char *root, const char *path, char **text, size_t *len);

/**
 * dkms_resolve - follow symlinks of @path inside @root (at most 8 hops,
 * absolute targets taken under @root)
 * @out: the resolved path, under @root, without the prefix
 * Return: 0 or a negative errno.
 */
int dkms_resolve(const char *root, const char *path, char *out, size_t size);

/** dkms_exists - <root><path> exists (after dkms_resolve()) */
bool dkms_exists(const char *root, const char *path);

#endif
