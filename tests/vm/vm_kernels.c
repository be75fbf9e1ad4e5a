// SPDX-License-Identifier: MIT
/* Installed kernel images and headers, found through dpkg and modprobe. */
#include "tests/vm/vm_kernels.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void copy_str(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src);
}

/* Run argv, hand each output line (without its end) to @fn. */
static int each_line(char *const argv[], int (*fn)(const char *line, void *arg), void *arg)
{
	char line[1024];
	int pfd[2], status, ret = 0;
	FILE *f;
	pid_t pid;

	if (pipe2(pfd, O_CLOEXEC) < 0)
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		dup2(pfd[1], STDOUT_FILENO);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(pfd[1]);
	f = fdopen(pfd[0], "r");
	while (f && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!ret)
			ret = fn(line, arg);
	}
	if (f)
		fclose(f);
	else
		close(pfd[0]);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -ECHILD;
	if (!ret && WEXITSTATUS(status))
		ret = WEXITSTATUS(status) == 127 ? -ENOEXEC : -ENOENT;
	return ret;
}

struct pkg_list {
	char names[64][128];
	int n;
};

static int add_pkg(const char *line, void *arg)
{
	struct pkg_list *l = arg;
	char status[64], name[128];

	/* "install ok installed NAME" */
	if (sscanf(line, "%*s %*s %63s %127s", status, name) == 2 && !strcmp(status, "installed") &&
	    l->n < 64)
		copy_str(l->names[l->n++], sizeof(l->names[0]), name);
	return 0;
}

struct pkg_file {
	const char *prefix, *suffix;
	char *out;
	size_t n;
};

static int find_file(const char *line, void *arg)
{
	struct pkg_file *p = arg;
	size_t len = strlen(line), sl = strlen(p->suffix);

	if (!strncmp(line, p->prefix, strlen(p->prefix)) && len >= sl &&
	    !strcmp(line + len - sl, p->suffix))
		copy_str(p->out, p->n, line);
	return 0;
}

static struct vm_kpkg *slot(struct vm_kpkg *out, int *n, const char *ver)
{
	for (int i = 0; i < *n; i++)
		if (!strcmp(out[i].version, ver))
			return &out[i];
	if (*n == VM_KERNELS_MAX)
		return NULL;
	memset(&out[*n], 0, sizeof(out[*n]));
	copy_str(out[*n].version, sizeof(out[*n].version), ver);
	return &out[(*n)++];
}

static int by_version(const void *a, const void *b)
{
	return strverscmp(((const struct vm_kpkg *)a)->version,
			  ((const struct vm_kpkg *)b)->version);
}

/* An image package: the file /boot/vmlinuz-<ver> names the version. */
static void add_image(struct vm_kpkg *out, int *n, const char *pkg)
{
	char vmlinuz[512] = "";
	char *argv[] = { "dpkg", "-L", (char *)pkg, NULL };
	struct pkg_file f = { "/boot/vmlinuz-", "", vmlinuz, sizeof(vmlinuz) };
	struct vm_kpkg *k;

	if (each_line(argv, find_file, &f) || !vmlinuz[0])
		return; /* a meta package */
	k = slot(out, n, strrchr(vmlinuz, '/') + strlen("/vmlinuz-"));
	if (k)
		copy_str(k->vmlinuz, sizeof(k->vmlinuz), vmlinuz);
}

/* A headers package: its tree ".../linux-headers-<ver>" with a
 * Module.symvers (the -common half has none). */
static void add_headers(struct vm_kpkg *out, int *n, const char *pkg)
{
	const char *ver = pkg + strlen("linux-headers-");
	char tree[512] = "", suffix[160], symvers[600];
	char *argv[] = { "dpkg", "-L", (char *)pkg, NULL };
	struct pkg_file f = { "/", suffix, tree, sizeof(tree) };
	struct vm_kpkg *k;

	snprintf(suffix, sizeof(suffix), "/linux-headers-%s", ver);
	if (each_line(argv, find_file, &f) || !tree[0])
		return;
	snprintf(symvers, sizeof(symvers), "%s/Module.symvers", tree);
	if (access(symvers, R_OK))
		return;
	k = slot(out, n, ver);
	if (k)
		copy_str(k->headers, sizeof(k->headers), tree);
}

int vm_kernels_list(struct vm_kpkg *out)
{
	char *argv[] = { "dpkg-query",	    "-W", "-f=${Status} ${Package}\\n", "linux-image-*",
			 "linux-headers-*", NULL };
	struct pkg_list *l = calloc(1, sizeof(*l));
	int n = 0, ret;

	if (!l)
		return -ENOMEM;
	ret = each_line(argv, add_pkg, l);
	/* dpkg-query exits 1 when a pattern matches nothing */
	if (ret && ret != -ENOENT) {
		free(l);
		return ret;
	}
	for (int i = 0; i < l->n; i++) {
		const char *p = l->names[i];

		if (strstr(p, "-dbg"))
			continue;
		if (!strncmp(p, "linux-image-", 12))
			add_image(out, &n, p);
		else if (!strncmp(p, "linux-headers-", 14))
			add_headers(out, &n, p);
	}
	free(l);
	qsort(out, (size_t)n, sizeof(*out), by_version);
	return n;
}

int vm_kernels_pick(const char *version, struct vm_kpkg *k)
{
	struct vm_kpkg *all = calloc(VM_KERNELS_MAX, sizeof(*all));
	int n = all ? vm_kernels_list(all) : -ENOMEM, ret = -ENOENT;

	for (int i = n - 1; i >= 0; i--) {
		if (!all[i].vmlinuz[0] || !all[i].headers[0] ||
		    (version && strcmp(version, all[i].version)))
			continue;
		*k = all[i];
		ret = 0;
		break;
	}
	free(all);
	return n < 0 ? n : ret;
}

struct mod_list {
	char (*paths)[512];
	int n, max;
};

static int add_mod(const char *line, void *arg)
{
	struct mod_list *m = arg;
	char path[512];

	/* "insmod /lib/modules/.../x.ko [params]" or "builtin x" */
	if (sscanf(line, "insmod %511s", path) != 1)
		return 0;
	for (int i = 0; i < m->n; i++)
		if (!strcmp(m->paths[i], path))
			return 0;
	if (m->n == m->max)
		return -ENOSPC;
	copy_str(m->paths[m->n++], 512, path);
	return 0;
}

int vm_kernel_modules(const char *version, const char *const *names, char (*paths)[512], int max)
{
	struct mod_list m = { paths, 0, max };

	for (int i = 0; names[i]; i++) {
		char *argv[] = { "modprobe",	   "-S", (char *)version, "--show-depends",
				 (char *)names[i], NULL };
		int ret = each_line(argv, add_mod, &m);

		if (ret)
			return ret == -ENOEXEC ? ret : -ENOENT;
	}
	return m.n;
}
