// SPDX-License-Identifier: MIT
/*
 * Symlink-safe file access under a root prefix (see setup_fs.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "setup/setup_fs.h"

/* The merged-/usr links at the top of a Debian root: followed on purpose. */
static bool usr_link(int dirfd, const char *name, char *to, size_t size)
{
	static const char *const names[] = { "bin", "sbin", "lib", "lib32", "lib64", "libx32" };
	char target[64];
	ssize_t n;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(name, names[i]))
			continue;
		n = readlinkat(dirfd, name, target, sizeof(target) - 1);
		if (n <= 0)
			return false;
		target[n] = '\0';
		snprintf(to, size, "usr/%.16s", names[i]);
		return !strcmp(target, to) || (target[0] == '/' && !strcmp(target + 1, to));
	}
	return false;
}

/*
 * Open the directory holding @path, component by component. @made NULL:
 * a missing directory is -ENOENT. On success *leaf points into @path.
 */
static int open_parent(const char *root, const char *path, struct setup_mkdirs *made, int *out,
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
		if (!len || len >= sizeof(comp) ||
		    (len <= 2 && p[0] == '.' && (len == 1 || p[1] == '.'))) {
			close(fd);
			return -EINVAL;
		}
		memcpy(comp, p, len);
		comp[len] = '\0';
		if (strlen(sofar) + len + 2 > sizeof(sofar)) {
			close(fd);
			return -ENAMETOOLONG;
		}
		strcat(sofar, "/");
		strcat(sofar, comp);
		next = openat(fd, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (next < 0 && (errno == ELOOP || errno == ENOTDIR) && sofar[0] &&
		    !strchr(sofar + 1, '/')) {
			char to[64];

			if (usr_link(fd, comp, to, sizeof(to))) {
				int usr = openat(fd, "usr",
						 O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

				next = usr < 0 ? -1 :
						 openat(usr, comp,
							O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
								O_CLOEXEC);
				if (usr >= 0)
					close(usr);
			} else {
				errno = ELOOP;
			}
		}
		if (next < 0 && errno == ENOENT && made) {
			struct stat st;

			/* a new directory takes its parent's owner, mode 0755 */
			if (fstat(fd, &st) || (mkdirat(fd, comp, 0755) && errno != EEXIST)) {
				close(fd);
				return -errno;
			}
			next = openat(fd, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (next >= 0) {
				if (fchown(next, st.st_uid, st.st_gid) && errno != EPERM) {
					close(next);
					close(fd);
					return -errno;
				}
				if (made->n < sizeof(made->path) / sizeof(made->path[0]))
					snprintf(made->path[made->n++], sizeof(made->path[0]), "%s",
						 sofar);
			}
		}
		if (next < 0) {
			int e = errno == ENOTDIR ? ELOOP : errno;

			/* ENOTDIR from O_NOFOLLOW|O_DIRECTORY: a link or a file */
			close(fd);
			return -e;
		}
		close(fd);
		fd = next;
		p = slash + 1;
	}
	if (!*p) {
		close(fd);
		return -EINVAL;
	}
	*out = fd;
	*leaf = p;
	return 0;
}

int setup_fs_read(const char *root, const char *path, struct setup_fs_old *old)
{
	const char *leaf;
	struct stat st;
	int dir, fd, ret;
	char *buf;
	size_t done = 0;

	memset(old, 0, sizeof(*old));
	ret = open_parent(root, path, NULL, &dir, &leaf);
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
	if (st.st_size > (16 << 20)) {
		close(fd);
		return -EFBIG;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	while (done < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + done, (size_t)st.st_size - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	close(fd);
	buf[done] = '\0';
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
		   uid_t uid, gid_t gid, bool exact, struct setup_mkdirs *made)
{
	char tmp[300];
	const char *leaf;
	struct stat st, dst;
	int dir, fd, ret;

	ret = open_parent(root, path, made, &dir, &leaf);
	if (ret)
		return ret;
	if (!fstatat(dir, leaf, &st, AT_SYMLINK_NOFOLLOW)) {
		if (S_ISLNK(st.st_mode) || !S_ISREG(st.st_mode)) {
			close(dir);
			return S_ISLNK(st.st_mode) ? -ELOOP : -EINVAL;
		}
		if (!exact)
			mode = st.st_mode & 07777;
		if (uid == (uid_t)-1)
			uid = st.st_uid;
		if (gid == (gid_t)-1)
			gid = st.st_gid;
	} else if (errno != ENOENT || fstat(dir, &dst)) {
		ret = -errno;
		close(dir);
		return ret;
	} else {
		if (uid == (uid_t)-1)
			uid = dst.st_uid;
		if (gid == (gid_t)-1)
			gid = dst.st_gid;
	}
	snprintf(tmp, sizeof(tmp), ".%.200s.vfctl-%ld", leaf, (long)getpid());
	unlinkat(dir, tmp, 0);
	fd = openat(dir, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		ret = -errno;
		close(dir);
		return ret;
	}
	ret = write_all(fd, text, len);
	if (!ret && fchown(fd, uid, gid) && (errno != EPERM || uid != geteuid()))
		ret = errno == EPERM ? 0 : -errno;
	if (!ret && fchmod(fd, mode))
		ret = -errno;
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

int setup_fs_missing_dirs(const char *root, const char *path, struct setup_mkdirs *made)
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

	ret = open_parent(root, path, NULL, &dir, &leaf);
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

	ret = open_parent(root, path, NULL, &dir, &leaf);
	if (ret)
		return ret == -ENOENT ? 0 : ret;
	if (unlinkat(dir, leaf, AT_REMOVEDIR) && errno != ENOENT && errno != ENOTEMPTY &&
	    errno != EEXIST)
		ret = -errno;
	close(dir);
	return ret;
}

int setup_fs_append(const char *root, const char *path, const char *text, size_t len,
		    struct setup_mkdirs *made)
{
	const char *leaf;
	int dir, fd, ret;

	ret = open_parent(root, path, made, &dir, &leaf);
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
