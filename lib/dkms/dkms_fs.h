/* SPDX-License-Identifier: MIT */
/*
 * lib/dkms reads under a root prefix, so every check runs the same on the
 * host ("/") and on a fixture tree: the prefix and the reads are lib/host's
 * (host_path(), host_read_max()). What lib/dkms adds: absolute symlinks
 * inside the prefix are taken relative to it (as /lib/modules/K/build ->
 * /usr/src/linux-headers-K is on Debian), never to the host.
 */
#ifndef DKMS_FS_H
#define DKMS_FS_H

#include <stdbool.h>
#include <stddef.h>

#include "host/host_fs.h"

/* The largest file lib/dkms reads: dkms.conf, framework.conf, an EFI variable. */
#define DKMS_READ_MAX (1u << 20)

/**
 * dkms_resolve - follow symlinks of @path inside @root (at most 8 hops,
 * absolute targets taken under @root)
 * @root: prefix
 * @path: absolute path below it
 * @out: the resolved path, under @root, without the prefix
 * @size: size of @out
 *
 * Return: 0 or a negative errno.
 */
int dkms_resolve(const char *root, const char *path, char *out, size_t size);

/** dkms_exists - <root><path> exists (after dkms_resolve()) */
bool dkms_exists(const char *root, const char *path);

#endif
