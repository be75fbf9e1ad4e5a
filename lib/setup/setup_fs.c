// SPDX-License-Identifier: MIT
/*
 * Symlink-safe file access under a root prefix (see setup_fs.h): the walk
 * down the directories and the atomic write are lib/host's (host_atomic.h),
 * the same as every other file vfctl writes.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/common_file.h"
#include "host/host_atomic.h"
#include "setup/setup_fs.h"

/* The largest file setup keeps as a previous content (16 MiB: a GOP driver fits). */
#define SETUP_FS_READ_MAX (16u << 20)

int setup_fs_read(const char *root, const char *path, struct setup_fs_old *old)
{
	const char *leaf;
	struct stat st;
	int dir, fd, ret;
	char *buf;
	size_t done = 0;

	memset(old, 0, sizeof(*old));
	ret = host_open_parent(root, path, NULL, &dir, &leaf);
	if (ret == -ENOENT)
		return 0;
	if (ret)
		return ret;
	fd = openat(dir, leaf, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	ret = fd < 0 ? -errno : 0;
	close(dir);
	if (ret == -ENOENT)
		return 0;
	if (ret)
		return ret;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		ret = S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
		close(fd);
		return ret;
	}
	/* all or nothing: a short read must not become the journal's "previous content" */
	ret = common_read_fd(fd, SETUP_FS_READ_MAX, &buf, &done);
	close(fd);
	if (ret)
		return ret;
	old->exists = true;
	old->mode = st.st_mode & 07777;
	old->uid = st.st_uid;
	old->gid = st.st_gid;
	old->text = buf;
	old->len = done;
	return 0;
}

static int write_all(int fd, const char *text, size_t len)
{
	while (len) {
		ssize_t n = write(fd, text, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		text += n;
		len -= (size_t)n;
	}
	return 0;
}

int setup_fs_write(const char *root, const char *path, const char *text, size_t len, mode_t mode,
		   uid_t uid, gid_t gid, bool exact, struct host_mkdirs *made)
{
	const struct host_write_how how = {
		.mode = mode, .keep_mode = !exact, .uid = uid, .gid = gid, .made = made
	};

	return host_write_at(root, path, text, len, &how);
}

int setup_fs_missing_dirs(const char *root, const char *path, struct host_mkdirs *made)
{
	char dir[512], full[1024];
	struct stat st;

	made->n = 0;
	for (const char *s = strchr(path + 1, '/'); s; s = strchr(s + 1, '/')) {
		if ((size_t)(s - path) >= sizeof(dir))
			return -ENAMETOOLONG;
		snprintf(dir, sizeof(dir), "%.*s", (int)(s - path), path);
		snprintf(full, sizeof(full), "%s%s", root && strcmp(root, "/") ? root : "", dir);
		if (lstat(full, &st) && errno == ENOENT &&
		    made->n < sizeof(made->path) / sizeof(made->path[0]))
			snprintf(made->path[made->n++], sizeof(made->path[0]), "%s", dir);
	}
	return 0;
}

int setup_fs_remove(const char *root, const char *path)
{
	const char *leaf;
	struct stat st;
	int dir, ret = 0;

	ret = host_open_parent(root, path, NULL, &dir, &leaf);
	if (ret)
		return ret == -ENOENT ? 0 : ret;
	if (!fstatat(dir, leaf, &st, AT_SYMLINK_NOFOLLOW)) {
		if (S_ISLNK(st.st_mode))
			ret = -ELOOP;
		else if (unlinkat(dir, leaf, 0))
			ret = -errno;
		else
			fsync(dir);
	} else if (errno != ENOENT) {
		ret = -errno;
	}
	close(dir);
	return ret;
}

int setup_fs_rmdir(const char *root, const char *path)
{
	const char *leaf;
	int dir, ret = 0;

	ret = host_open_parent(root, path, NULL, &dir, &leaf);
	if (ret)
		return ret == -ENOENT ? 0 : ret;
	if (unlinkat(dir, leaf, AT_REMOVEDIR) && errno != ENOENT && errno != ENOTEMPTY &&
	    errno != EEXIST)
		ret = -errno;
	close(dir);
	return ret;
}

int setup_fs_append(const char *root, const char *path, const char *text, size_t len,
		    struct host_mkdirs *made)
{
	const char *leaf;
	int dir, fd, ret;

	ret = host_open_parent(root, path, made, &dir, &leaf);
	if (ret)
		return ret;
	fd = openat(dir, leaf, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	ret = fd < 0 ? -errno : 0;
	close(dir);
	if (ret)
		return ret;
	ret = write_all(fd, text, len);
	if (!ret && fsync(fd))
		ret = -errno;
	if (close(fd) && !ret)
		ret = -errno;
	return ret;
}
