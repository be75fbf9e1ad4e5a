// SPDX-License-Identifier: MIT
/*
 * Symlinks inside a root prefix, for lib/dkms (see dkms_fs.h); the prefix
 * itself and the reads are lib/host's (host_fs.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dkms/dkms_fs.h"

int dkms_resolve(const char *root, const char *path, char *out, size_t size)
{
	char cur[PATH_MAX], p[PATH_MAX], target[PATH_MAX];
	int hops;

	if (snprintf(cur, sizeof(cur), "%s", path) >= (int)sizeof(cur))
		return -ENAMETOOLONG;
	for (hops = 0; hops < 8; hops++) {
		struct stat st;
		ssize_t n;

		if (host_path(root, cur, p, sizeof(p)))
			return -ENAMETOOLONG;
		if (lstat(p, &st))
			return -errno;
		if (!S_ISLNK(st.st_mode)) {
			if (snprintf(out, size, "%s", cur) >= (int)size)
				return -ENAMETOOLONG;
			return 0;
		}
		n = readlink(p, target, sizeof(target) - 1);
		if (n < 0)
			return -errno;
		target[n] = '\0';
		if (target[0] == '/') {
			if (snprintf(cur, sizeof(cur), "%s", target) >= (int)sizeof(cur))
				return -ENAMETOOLONG;
		} else {
			char *slash = strrchr(cur, '/');
			char dir[PATH_MAX];

			snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - cur) : 0, cur);
			if (snprintf(cur, sizeof(cur), "%s/%s", dir, target) >= (int)sizeof(cur))
				return -ENAMETOOLONG;
		}
	}
	return -ELOOP;
}

bool dkms_exists(const char *root, const char *path)
{
	char r[PATH_MAX], p[PATH_MAX];
	struct stat st;

	if (dkms_resolve(root, path, r, sizeof(r)) || host_path(root, r, p, sizeof(p)))
		return false;
	return stat(p, &st) == 0;
}
