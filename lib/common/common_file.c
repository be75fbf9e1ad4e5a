// SPDX-License-Identifier: MIT
/*
 * Whole-file reading (see common_file.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/common_file.h"

/* The first allocation when the source's size is not known. */
#define FIRST_CAP 8192u

/* Read @fn to its end into a buffer of @hint bytes at first, grown by doubling. */
static int read_with_hint(common_read_fn fn, void *ctx, size_t max, size_t hint, char **buf,
			  size_t *len)
{
	/* Room for one byte past @max: that is how a larger source shows. */
	size_t limit = (max < SIZE_MAX / 2 ? max : SIZE_MAX / 2) + 1;
	size_t cap = hint < 1 ? 1 : hint < limit ? hint : limit, used = 0;
	char *p = malloc(cap + 1), *tmp;
	int ret = p ? 0 : -ENOMEM;

	*buf = NULL;
	if (len)
		*len = 0;
	while (!ret) {
		ssize_t n;

		if (used == cap) {
			cap = cap < limit / 2 ? cap * 2 : limit;
			tmp = realloc(p, cap + 1);
			if (!tmp) {
				ret = -ENOMEM;
				break;
			}
			p = tmp;
		}
		n = fn(ctx, p + used, cap - used);
		if (n <= 0) {
			ret = (int)n;
			break;
		}
		used += (size_t)n;
		if (used > max)
			ret = -EFBIG;
	}
	if (ret) {
		free(p);
		return ret;
	}
	p[used] = '\0';
	*buf = p;
	if (len)
		*len = used;
	return 0;
}

int common_read_stream(common_read_fn fn, void *ctx, size_t max, char **buf, size_t *len)
{
	return read_with_hint(fn, ctx, max, FIRST_CAP, buf, len);
}

static ssize_t fd_read(void *ctx, void *dst, size_t n)
{
	ssize_t r;

	do
		r = read(*(int *)ctx, dst, n);
	while (r < 0 && errno == EINTR);
	return r < 0 ? -errno : r;
}

int common_read_fd(int fd, size_t max, char **buf, size_t *len)
{
	return common_read_stream(fd_read, &fd, max, buf, len);
}

int common_read_file(const char *path, size_t max, unsigned int flags, char **buf, size_t *len)
{
	size_t hint = FIRST_CAP, got = 0;
	struct stat st;
	int fd, ret;

	*buf = NULL;
	if (len)
		*len = 0;
	/* O_NONBLOCK: opening a FIFO for reading waits for a writer otherwise. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st)) {
		ret = -errno;
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		ret = -EISDIR;
		goto out;
	}
	if ((flags & COMMON_READ_REGULAR) && !S_ISREG(st.st_mode)) {
		ret = -EINVAL;
		goto out;
	}
	/* Reads block again: a FIFO's writer may be slower than us. */
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)) {
		ret = -errno;
		goto out;
	}
	/* A hint only (sysfs says 4096 or 0, a file may grow meanwhile); one
	 * byte more, so that the read which finds the end needs no growth. */
	if (S_ISREG(st.st_mode) && st.st_size > 0 && (uint64_t)st.st_size < max)
		hint = (size_t)st.st_size + 1;
	ret = read_with_hint(fd_read, &fd, max, hint, buf, &got);
	if (!ret && (flags & COMMON_READ_STABLE) && S_ISREG(st.st_mode) &&
	    (uint64_t)got < (uint64_t)st.st_size) {
		free(*buf);
		*buf = NULL;
		got = 0;
		ret = -ENODATA;
	}
	if (len)
		*len = got;
out:
	close(fd);
	return ret;
}
