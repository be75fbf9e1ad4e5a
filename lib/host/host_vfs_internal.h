/* SPDX-License-Identifier: MIT */
/*
 * Shared by host_vfs.c and host_vfio.c: a device's binding as found, and
 * putting it back after a lifecycle write failed half-way.
 */
#ifndef HOST_VFS_INTERNAL_H
#define HOST_VFS_INTERNAL_H

#include "host/host_vfs.h"

struct host_binding {
	char driver[64]; /* "" when unbound */
	char override[64]; /* driver_override as read; "(null)" when unset */
};

int host_io_write(const struct host_io *io, const char *root, const char *path, const char *text);

/* Return: 0, or -ENOENT when the device does not exist. */
int host_binding_read(const char *root, const char *bdf, struct host_binding *b);

/*
 * Bind @bdf to @b->driver again (through driver_override and a probe)
 * and restore @b->override. Return: 0 when the device is as in @b.
 */
int host_binding_restore(const char *root, const char *bdf, const struct host_binding *b,
			 const struct host_io *io);

#endif
