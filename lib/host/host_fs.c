// SPDX-License-Identifier: MIT
/*
 * File access under a root prefix (see host_fs.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/common_file.h"
#include "host/host_fs.h"

int host_path(const char *root, const char *path, char *buf, size_t size)
{
	int n;

	if (!root || !*root || !strcmp(root, "/"))
		root = "";
	/* "root/" + "/sys" would give "root//sys": harmless but ugly in evidence. */
	if (*root && root[strlen(root) - 1] == '/' && *path == '/')
		path++;
	n = snprintf(buf, size, "%s%s", root, path);
	if (n < 0 || (size_t)n >= size)
		return -ENAMETOOLONG;
	return 0;
}

int host_read(const char *root, const char *path, char **text, size_t *len)
{
	return host_read_max(root, path, HOST_READ_MAX, text, len);
}

int host_read_max(const char *root, const char *path, size_t max, char **text, size_t *len)
{
	char p[HOST_PATH_MAX];
	int ret = host_path(root, path, p, sizeof(p));

	/* sysfs files report size 0 or 4096: the reader goes to EOF instead. */
	return ret ? ret : common_read_file(p, max, 0, text, len);
}

int host_read_line(const char *root, const char *path, char *buf, size_t size)
{
	char *text, *nl;
	size_t n;
	int ret;

	if (!size)
		return -EINVAL;
	ret = host_read(root, path, &text, NULL);
	if (ret)
		return ret;
	nl = strchr(text, '\n');
	if (nl)
		*nl = '\0';
	n = strlen(text);
	while (n && (text[n - 1] == ' ' || text[n - 1] == '\t' || text[n - 1] == '\r'))
		text[--n] = '\0';
	snprintf(buf, size, "%s", text);
	free(text);
	return 0;
}

int host_read_u64(const char *root, const char *path, uint64_t *val)
{
	char line[64], *end;
	unsigned long long v;
	int ret;

	ret = host_read_line(root, path, line, sizeof(line));
	if (ret)
		return ret;
	if (!line[0] || line[0] == '-')
		return -EINVAL;
	errno = 0;
	v = strtoull(line, &end, 0);
	if (errno || *end)
		return -EINVAL;
	*val = v;
	return 0;
}

bool host_exists(const char *root, const char *path)
{
	struct stat st;

	return host_stat(root, path, &st) == 0;
}

int host_lstat(const char *root, const char *path, struct stat *st)
{
	char p[HOST_PATH_MAX];
	int ret = host_path(root, path, p, sizeof(p));

	if (ret)
		return ret;
	return lstat(p, st) ? -errno : 0;
}

int host_stat(const char *root, const char *path, struct stat *st)
{
	char p[HOST_PATH_MAX];
	int ret = host_path(root, path, p, sizeof(p));

	if (ret)
		return ret;
	return stat(p, st) ? -errno : 0;
}

int host_link_target(const char *root, const char *path, char *buf, size_t size)
{
	char p[HOST_PATH_MAX];
	ssize_t n;
	int ret = host_path(root, path, p, sizeof(p));

	if (ret)
		return ret;
	if (!size)
		return -EINVAL;
	n = readlink(p, buf, size);
	if (n < 0)
		return -errno;
	if ((size_t)n >= size)
		return -ENAMETOOLONG;
	buf[n] = '\0';
	return 0;
}

int host_link_name(const char *root, const char *path, char *buf, size_t size)
{
	char target[HOST_PATH_MAX];
	const char *base;
	int ret = host_link_target(root, path, target, sizeof(target));

	if (ret)
		return ret;
	base = strrchr(target, '/');
	base = base ? base + 1 : target;
	if ((size_t)snprintf(buf, size, "%s", base) >= size)
		return -ENAMETOOLONG;
	return 0;
}

int host_write(const char *root, const char *path, const char *text)
{
	char p[HOST_PATH_MAX];
	size_t len = strlen(text);
	ssize_t n;
	int fd, ret = host_path(root, path, p, sizeof(p));

	if (ret)
		return ret;
	/*
	 * No O_CREAT: a sysfs attribute that does not exist means the feature
	 * is missing, and creating a file for it would hide that.
	 */
	fd = open(p, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* One write() call: sysfs hands the whole buffer to one store(). */
	n = write(fd, text, len);
	ret = n < 0 ? -errno : (size_t)n != len ? -EIO : 0;
	if (close(fd) && !ret)
		ret = -errno;
	return ret;
}

int host_release(const char *root, char *buf, size_t size)
{
	int ret = host_read_line(root, "/proc/sys/kernel/osrelease", buf, size);

	if (!ret && !buf[0])
		ret = -EINVAL;
	return ret;
}
