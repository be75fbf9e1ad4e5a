// SPDX-License-Identifier: MIT
/*
 * Atomic file replacement, symlink-safe under a root prefix (see
 * host_atomic.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host/host_atomic.h"

#define DIR_FLAGS (O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)

/* A merged-/usr link right under the root (bin -> usr/bin): followed on purpose. */
static int usr_link(int rootfd, const char *name)
{
	static const char *const names[] = { "bin", "sbin", "lib", "lib32", "lib64", "libx32" };
	char target[64], want[32];
	ssize_t n;
	int usr, fd;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(name, names[i]))
			continue;
		n = readlinkat(rootfd, name, target, sizeof(target) - 1);
		if (n <= 0)
			break;
		target[n] = '\0';
		snprintf(want, sizeof(want), "usr/%s", names[i]);
		if (strcmp(target, want) && (target[0] != '/' || strcmp(target + 1, want)))
			break;
		usr = openat(rootfd, "usr", DIR_FLAGS);
		if (usr < 0)
			return -1;
		fd = openat(usr, name, DIR_FLAGS);
		close(usr);
		return fd;
	}
	errno = ELOOP;
	return -1;
}

/* The next directory below @fd, created when missing and @made is set. */
static int open_dir(int fd, const char *comp, bool top, const char *sofar, struct host_mkdirs *made)
{
	struct stat st;
	int next = openat(fd, comp, DIR_FLAGS);

	if (next < 0 && (errno == ELOOP || errno == ENOTDIR) && top)
		next = usr_link(fd, comp);
	if (next >= 0 || errno != ENOENT || !made)
		return next < 0 && errno == ENOTDIR ? (errno = ELOOP, -1) : next;
	/* a new directory takes its parent's owner, mode 0755 */
	if (fstat(fd, &st) || (mkdirat(fd, comp, 0755) && errno != EEXIST))
		return -1;
	next = openat(fd, comp, DIR_FLAGS);
	if (next < 0)
		return -1;
	if (fchown(next, st.st_uid, st.st_gid) && errno != EPERM) {
		close(next);
		return -1;
	}
	if (made->n < sizeof(made->path) / sizeof(made->path[0]))
		snprintf(made->path[made->n++], sizeof(made->path[0]), "%s", sofar);
	return next;
}

int host_open_parent(const char *root, const char *path, struct host_mkdirs *made, int *dirfd,
		     const char **leaf)
{
	char comp[256], sofar[512] = "";
	const char *p = path, *slash;
	int fd, next;

	if (path[0] != '/')
		return -EINVAL;
	fd = open(root && *root ? root : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	for (;;) {
		size_t len;

		while (*p == '/')
			p++;
		slash = strchr(p, '/');
		if (!slash)
			break;
		len = (size_t)(slash - p);
		if (len >= sizeof(comp) || (len <= 2 && p[0] == '.' && (len == 1 || p[1] == '.'))) {
			close(fd);
			return -EINVAL;
		}
		if (strlen(sofar) + len + 2 > sizeof(sofar)) {
			close(fd);
			return -ENAMETOOLONG;
		}
		memcpy(comp, p, len);
		comp[len] = '\0';
		strcat(sofar, "/");
		strcat(sofar, comp);
		next = open_dir(fd, comp, !strchr(sofar + 1, '/'), sofar, made);
		if (next < 0) {
			int e = errno;

			close(fd);
			return -e;
		}
		close(fd);
		fd = next;
		p = slash + 1;
	}
	if (!*p || !strcmp(p, ".") || !strcmp(p, "..")) {
		close(fd);
		return -EINVAL;
	}
	*dirfd = fd;
	*leaf = p;
	return 0;
}

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

/* A new file with a name no one can guess, beside the target (".NAME.tmp"
 * and 12 hex digits: the tests look for ".tmp" to see that none is left). */
static int open_temp(int dir, const char *leaf, char *tmp, size_t size)
{
	for (int tries = 0; tries < 100; tries++) {
		unsigned char r[6];
		int fd;

		if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r))
			return -EIO;
		snprintf(tmp, size, ".%.200s.tmp%02x%02x%02x%02x%02x%02x", leaf, r[0], r[1], r[2],
			 r[3], r[4], r[5]);
		fd = openat(dir, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd >= 0 || errno != EEXIST)
			return fd >= 0 ? fd : -errno;
	}
	return -EEXIST;
}

int host_write_at(const char *root, const char *path, const void *buf, size_t len,
		  const struct host_write_how *how)
{
	mode_t mode = how->mode;
	uid_t uid = how->uid;
	gid_t gid = how->gid;
	char tmp[300];
	const char *leaf;
	struct stat st;
	int dir, fd, ret;

	ret = host_open_parent(root, path, how->made, &dir, &leaf);
	if (ret)
		return ret;
	if (!fstatat(dir, leaf, &st, AT_SYMLINK_NOFOLLOW)) {
		if (!S_ISREG(st.st_mode)) {
			close(dir);
			return S_ISLNK(st.st_mode) ? -ELOOP :
			       S_ISDIR(st.st_mode) ? -EISDIR :
						     -EINVAL;
		}
		if (how->keep_mode)
			mode = st.st_mode & 07777;
	} else if (errno != ENOENT || fstat(dir, &st)) {
		ret = -errno;
		close(dir);
		return ret;
	}
	/* an existing file's owner, else the directory's (st is either) */
	if (uid == (uid_t)-1)
		uid = st.st_uid;
	if (gid == (gid_t)-1)
		gid = st.st_gid;
	fd = open_temp(dir, leaf, tmp, sizeof(tmp));
	if (fd < 0) {
		close(dir);
		return fd;
	}
	ret = write_all(fd, buf, len);
	/* a user who is not root keeps the file as their own */
	if (!ret && fchown(fd, uid, gid) && errno != EPERM)
		ret = -errno;
	if (!ret && fchmod(fd, mode))
		ret = -errno;
	/* synced before the rename, so a crash leaves the old file or the new one */
	if (!ret && fsync(fd))
		ret = -errno;
	if (close(fd) && !ret)
		ret = -errno;
	if (!ret && renameat(dir, tmp, dir, leaf))
		ret = -errno;
	if (ret)
		unlinkat(dir, tmp, 0);
	else
		fsync(dir);
	close(dir);
	return ret;
}

int host_write_atomic(const char *path, const void *buf, size_t len, mode_t mode)
{
	const struct host_write_how how = { .mode = mode, .uid = (uid_t)-1, .gid = (gid_t)-1 };
	const char *slash = strrchr(path, '/');
	char *dir, leaf[300];
	int ret;

	if (!slash) {
		/* a bare name: in the current directory */
		if (snprintf(leaf, sizeof(leaf), "/%s", path) >= (int)sizeof(leaf))
			return -ENAMETOOLONG;
		return host_write_at(".", leaf, buf, len, &how);
	}
	dir = strndup(path, slash == path ? 1 : (size_t)(slash - path));
	if (!dir)
		return -ENOMEM;
	ret = host_write_at(dir, slash, buf, len, &how);
	free(dir);
	return ret;
}
