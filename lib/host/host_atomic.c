// SPDX-License-Identifier: MIT
/*
 * Atomic file replacement (see host_atomic.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host/host_atomic.h"

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (!n)
			return -EIO;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int host_write_atomic(const char *path, const void *buf, size_t len, mode_t mode)
{
	struct stat st;
	size_t plen = strlen(path) + 16;
	char *tmp;
	int fd, ret;

	if (!lstat(path, &st)) {
		if (S_ISLNK(st.st_mode))
			return -ELOOP;
		if (!S_ISREG(st.st_mode))
			return S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
	} else if (errno != ENOENT) {
		return -errno;
	}
	tmp = malloc(plen);
	if (!tmp)
		return -ENOMEM;
	/* mkstemp opens with O_CREAT | O_EXCL: it never follows a link there. */
	snprintf(tmp, plen, "%s.tmpXXXXXX", path);
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		free(tmp);
		return ret;
	}
	ret = write_all(fd, buf, len);
	if (!ret && fchmod(fd, mode))
		ret = -errno;
	/* Synced before the rename, so a crash leaves the old file or the new one. */
	if (!ret && fsync(fd))
		ret = -errno;
	if (close(fd) && !ret)
		ret = -errno;
	if (!ret && rename(tmp, path))
		ret = -errno;
	if (ret)
		unlink(tmp);
	free(tmp);
	return ret;
}
