// SPDX-License-Identifier: MIT
/*
 * Files of the root's machine, resolved inside the root (see vm_root.h).
 * glibc has no openat2() wrapper before 2.42, so it is called through
 * syscall(2).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "vm/vm_root.h"

static bool whole_machine(const char *root)
{
	return !root || !root[0] || !strcmp(root, "/");
}

static int open_plain(const char *path, int flags)
{
	int fd = open(path, flags);

	return fd < 0 ? -errno : fd;
}

int vm_root_open_checked(const char *root, const char *path, int flags)
{
	char real_root[PATH_MAX], joined[PATH_MAX * 2], real[PATH_MAX];
	size_t rl;
	int len;

	if (whole_machine(root))
		return open_plain(path, flags);
	if (!realpath(root, real_root))
		return -errno;
	len = snprintf(joined, sizeof(joined), "%s/%s", real_root, path);
	if (len < 0 || (size_t)len >= sizeof(joined))
		return -ENAMETOOLONG;
	if (!realpath(joined, real))
		return -errno;
	rl = strlen(real_root);
	/* "/" as the real root holds everything */
	if (rl > 1 && (strncmp(real, real_root, rl) || (real[rl] && real[rl] != '/')))
		return -EXDEV;
	return open_plain(real, flags);
}

int vm_root_open(const char *root, const char *path, int flags)
{
	struct open_how how = {
		.flags = (unsigned long long)flags,
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	int dir, fd, err;

	if (whole_machine(root))
		return open_plain(path, flags);
	dir = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0)
		return -errno;
	fd = (int)syscall(SYS_openat2, dir, path, &how, sizeof(how));
	err = fd < 0 ? errno : 0;
	close(dir);
	/* no openat2 (before 5.6), or a seccomp filter that refuses it */
	if (fd < 0 && (err == ENOSYS || err == EPERM))
		return vm_root_open_checked(root, path, flags);
	return fd < 0 ? -err : fd;
}
