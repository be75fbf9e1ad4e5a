// SPDX-License-Identifier: MIT
/*
 * Shared helpers of the vfctl subcommands.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host/host_atomic.h"
#include "tools/vfctl/vfctl.h"

int vfctl_read_file(const char *path, uint8_t **buf, size_t *len)
{
	struct stat st;
	uint8_t *p;
	size_t done = 0;
	int fd, ret = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		ret = S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
		close(fd);
		return ret;
	}
	p = malloc(st.st_size ? (size_t)st.st_size : 1);
	if (!p) {
		close(fd);
		return -ENOMEM;
	}
	while (done < (size_t)st.st_size) {
		ssize_t n = read(fd, p + done, (size_t)st.st_size - done);

		if (n <= 0) {
			/* EOF before the size fstat gave: cut while being read */
			ret = n < 0 ? -errno : -ENODATA;
			break;
		}
		done += (size_t)n;
	}
	close(fd);
	if (ret) {
		free(p);
		return ret;
	}
	*buf = p;
	*len = done;
	return 0;
}

int vfctl_write_file(const char *path, const uint8_t *buf, size_t len)
{
	/* Atomic, never through a symlink (host_atomic.h); a GOP, ROM or
	 * domain file is not a secret: readable by all, as cp would leave it.
	 */
	return host_write_atomic(path, buf, len, 0644);
}

bool vfctl_parse_u16(const char *s, uint16_t *val)
{
	unsigned long v;
	char *end;

	if (!s || !*s)
		return false;
	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || *end || v > 0xFFFF)
		return false;
	*val = (uint16_t)v;
	return true;
}

/* Decimal or 0x-hex, at most 64 bits, no sign; returns the end or NULL. */
static const char *parse_number(const char *s, uint64_t *val)
{
	unsigned long long v;
	char *end;

	if (!*s || *s == '-' || *s == '+' || *s == ' ')
		return NULL;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s)
		return NULL;
	*val = v;
	return end;
}

bool vfctl_parse_size(const char *s, uint64_t *val)
{
	const char *end = parse_number(s, val);
	unsigned int shift = 0;

	if (!end)
		return false;
	switch (*end) {
	case 'K':
	case 'k':
		shift = 10;
		break;
	case 'M':
	case 'm':
		shift = 20;
		break;
	case 'G':
	case 'g':
		shift = 30;
		break;
	case '\0':
		return true;
	default:
		return false;
	}
	if (end[1] || *val > (UINT64_MAX >> shift))
		return false;
	*val <<= shift;
	return true;
}

bool vfctl_parse_size_plain(const char *s, uint64_t *val)
{
	const char *end = parse_number(s, val);

	return end && !*end;
}
