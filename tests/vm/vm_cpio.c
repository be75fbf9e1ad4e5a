// SPDX-License-Identifier: MIT
/* cpio newc writer: entries, automatic parent directories, decompression. */
#include "tests/vm/vm_cpio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/common_file.h"

static bool ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && !strcmp(s + a - b, suffix);
}

/* A kernel image or a module, decompressed: far below this. */
#define VM_FILE_MAX (512u << 20)

static int read_all(int fd, unsigned char **buf, size_t *n)
{
	char *p;
	int ret = common_read_fd(fd, VM_FILE_MAX, &p, n);

	if (!ret)
		*buf = (unsigned char *)p;
	return ret;
}

/* Run "xz -dc FILE" or "zstd -dc FILE" and collect its output. */
static int read_decompressed(const char *tool, const char *path, unsigned char **buf, size_t *n)
{
	int pfd[2], status, ret;
	pid_t pid;

	if (pipe2(pfd, O_CLOEXEC) < 0)
		return -errno;
	pid = fork();
	if (pid < 0) {
		close(pfd[0]);
		close(pfd[1]);
		return -errno;
	}
	if (pid == 0) {
		dup2(pfd[1], STDOUT_FILENO);
		execlp(tool, tool, "-dc", "--", path, (char *)NULL);
		_exit(127);
	}
	close(pfd[1]);
	ret = read_all(pfd[0], buf, n);
	close(pfd[0]);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status)) {
		if (!ret)
			free(*buf);
		return ret ? ret : -ENOEXEC;
	}
	return ret;
}

int vm_read_file(const char *path, unsigned char **buf, size_t *n)
{
	int fd, ret;

	if (ends_with(path, ".xz"))
		return read_decompressed("xz", path, buf, n);
	if (ends_with(path, ".zst"))
		return read_decompressed("zstd", path, buf, n);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = read_all(fd, buf, n);
	close(fd);
	return ret;
}

int vm_cpio_open(struct vm_cpio *c, const char *path)
{
	memset(c, 0, sizeof(*c));
	c->ino = 1;
	c->f = fopen(path, "wb");
	return c->f ? 0 : -errno;
}

static void entry(struct vm_cpio *c, const char *name, unsigned int mode, const void *data,
		  size_t size)
{
	static const char zeros[4];
	size_t namesize = strlen(name) + 1;

	fprintf(c->f, "070701%08X%08X%08X%08X%08X%08X%08zX%08X%08X%08X%08X%08zX%08X", c->ino++,
		mode, 0u, 0u, 1u, 0u, size, 0u, 0u, 0u, 0u, namesize, 0u);
	fwrite(name, 1, namesize, c->f);
	fwrite(zeros, 1, (4 - ((110 + namesize) & 3)) & 3, c->f);
	if (size) {
		fwrite(data, 1, size, c->f);
		fwrite(zeros, 1, (4 - (size & 3)) & 3, c->f);
	}
}

/* Emit every parent directory of @name not written yet. */
static void parents(struct vm_cpio *c, const char *name)
{
	char dir[512];

	for (const char *s = strchr(name, '/'); s; s = strchr(s + 1, '/')) {
		size_t i, len = (size_t)(s - name);

		if (len >= sizeof(dir))
			break;
		memcpy(dir, name, len);
		dir[len] = '\0';
		for (i = 0; i < c->ndirs && strcmp(c->dirs[i], dir); i++)
			;
		if (i < c->ndirs)
			continue;
		if (c->ndirs == VM_CPIO_MAX_DIRS) {
			c->err = -ENOSPC;
			return;
		}
		c->dirs[c->ndirs++] = strdup(dir);
		entry(c, dir, 040755, NULL, 0);
	}
}

void vm_cpio_dir(struct vm_cpio *c, const char *name)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/", name);
	parents(c, path);
}

void vm_cpio_data(struct vm_cpio *c, const char *name, unsigned int mode, const void *data,
		  size_t size)
{
	parents(c, name);
	entry(c, name, 0100000 | mode, data, size);
}

int vm_cpio_file(struct vm_cpio *c, const char *name, const char *src, unsigned int mode)
{
	unsigned char *buf;
	size_t n;
	int ret = vm_read_file(src, &buf, &n);

	if (ret) {
		if (!c->err)
			c->err = ret;
		return ret;
	}
	vm_cpio_data(c, name, mode, buf, n);
	free(buf);
	return 0;
}

void vm_cpio_symlink(struct vm_cpio *c, const char *name, const char *target)
{
	parents(c, name);
	entry(c, name, 0120777, target, strlen(target));
}

int vm_cpio_close(struct vm_cpio *c)
{
	int ret = c->err;

	entry(c, "TRAILER!!!", 0, NULL, 0);
	if (fclose(c->f) && !ret)
		ret = -EIO;
	for (size_t i = 0; i < c->ndirs; i++)
		free(c->dirs[i]);
	c->ndirs = 0;
	return ret;
}
