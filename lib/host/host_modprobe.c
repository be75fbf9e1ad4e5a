// SPDX-License-Identifier: MIT
/*
 * modprobe.d options (see host_modprobe.h).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/host_cmdline.h"
#include "host/host_fs.h"
#include "host/host_modprobe.h"

static const char *const conf_dirs[] = {
	"/etc/modprobe.d",     "/run/modprobe.d", "/usr/local/lib/modprobe.d",
	"/usr/lib/modprobe.d", "/lib/modprobe.d",
};

#define MAX_CONFS 128

struct conf {
	char name[128];
	const char *dir;
};

static bool is_conf(const char *n)
{
	size_t len = strlen(n);

	return n[0] != '.' && len >= 6 && !strcmp(n + len - 5, ".conf");
}

/* Every config file once, the first directory's of each name, by name. */
static size_t list_confs(const char *root, struct conf *c)
{
	size_t n = 0, i, j;

	for (i = 0; i < sizeof(conf_dirs) / sizeof(conf_dirs[0]); i++) {
		char p[HOST_PATH_MAX];
		struct dirent *e;
		DIR *dir;

		host_path(root, conf_dirs[i], p, sizeof(p));
		dir = opendir(p);
		while (dir && (e = readdir(dir)) && n < MAX_CONFS) {
			bool seen = false;

			if (!is_conf(e->d_name) || strlen(e->d_name) >= sizeof(c[0].name))
				continue;
			for (j = 0; j < n && !seen; j++)
				seen = !strcmp(c[j].name, e->d_name);
			if (seen)
				continue;
			memcpy(c[n].name, e->d_name, strlen(e->d_name) + 1);
			c[n++].dir = conf_dirs[i];
		}
		if (dir)
			closedir(dir);
	}
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && strcmp(c[j - 1].name, c[j].name) > 0; j--) {
			struct conf t = c[j];

			c[j] = c[j - 1];
			c[j - 1] = t;
		}
	return n;
}

/* @param=... among the words of one options line's arguments. */
static bool take(const char *args, const char *param, char *value, size_t vsize)
{
	size_t plen = strlen(param);
	const char *s = args;
	bool found = false;

	while (*s) {
		size_t len;

		while (*s == ' ' || *s == '\t')
			s++;
		len = strcspn(s, " \t");
		if (len > plen && s[plen] == '=' && host_cmdline_name_eq(s, plen, param, plen)) {
			size_t vl = len - plen - 1;

			if (vl >= vsize)
				vl = vsize - 1;
			memcpy(value, s + plen + 1, vl);
			value[vl] = '\0';
			found = true;
		}
		s += len;
	}
	return found;
}

/* Each "KEYWORD MODULE REST" line of @text (cut in place) to @fn until it
 * returns true. Return: whether it did. */
static bool scan(char *text, const char *file, const char *keyword, const char *module,
		 bool (*fn)(const char *rest, const char *file, void *arg), void *arg)
{
	char *line, *save = NULL;

	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *cmd, *mod, *rest, *sp = NULL;

		cmd = strtok_r(line, " \t", &sp);
		mod = cmd ? strtok_r(NULL, " \t", &sp) : NULL;
		rest = mod ? strtok_r(NULL, "", &sp) : NULL;
		if (!mod || strcmp(cmd, keyword) ||
		    !host_cmdline_name_eq(mod, strlen(mod), module, strlen(module)))
			continue;
		if (fn(rest ? rest : "", file, arg))
			return true;
	}
	return false;
}

/* The same over every config file, in kmod's order. */
static int each_line(const char *root, const char *keyword, const char *module,
		     bool (*fn)(const char *rest, const char *file, void *arg), void *arg)
{
	struct conf *c = calloc(MAX_CONFS, sizeof(*c));
	size_t n, i;
	int ret = -ENOENT;

	if (!c)
		return -ENOMEM;
	n = list_confs(root, c);
	for (i = 0; i < n && ret; i++) {
		char f[HOST_PATH_MAX], *text;

		snprintf(f, sizeof(f), "%s/%s", c[i].dir, c[i].name);
		if (host_read(root, f, &text, NULL))
			continue;
		if (scan(text, f, keyword, module, fn, arg))
			ret = 0;
		free(text);
	}
	free(c);
	return ret;
}

struct option_arg {
	const char *param;
	char *value, *file;
	size_t vsize, fsize;
	bool found;
};

/* every options line: the last one that sets the parameter wins */
static bool on_option(const char *rest, const char *file, void *arg)
{
	struct option_arg *a = arg;

	if (take(rest, a->param, a->value, a->vsize)) {
		snprintf(a->file, a->fsize, "%s", file);
		a->found = true;
	}
	return false;
}

int host_modprobe_option(const char *root, const char *module, const char *param, char *value,
			 size_t vsize, char *file, size_t fsize)
{
	struct option_arg a = { param, value, file, vsize, fsize, false };
	int ret = each_line(root, "options", module, on_option, &a);

	if (ret == -ENOMEM)
		return ret;
	return a.found ? 0 : -ENOENT;
}

struct command_arg {
	char *cmd, *file;
	size_t csize, fsize;
};

/* the first one: kmod takes the first install command it has for a module */
static bool on_command(const char *rest, const char *file, void *arg)
{
	struct command_arg *a = arg;

	snprintf(a->cmd, a->csize, "%s", rest);
	snprintf(a->file, a->fsize, "%s", file);
	return true;
}

int host_modprobe_command(const char *root, const char *module, const char *what, char *cmd,
			  size_t csize, char *file, size_t fsize)
{
	struct command_arg a = { cmd, file, csize, fsize };

	return each_line(root, what, module, on_command, &a);
}

/* A copy of the bytes with a NUL, for strtok_r. */
static char *terminated(const char *text, size_t len)
{
	char *t = malloc(len + 1);

	if (t) {
		memcpy(t, text, len);
		t[len] = '\0';
	}
	return t;
}

int host_modprobe_text_option(const char *text, size_t len, const char *module, const char *param,
			      char *value, size_t vsize)
{
	char file[8];
	struct option_arg a = { param, value, file, vsize, sizeof(file), false };
	char *t = terminated(text, len);

	if (!t)
		return -ENOMEM;
	scan(t, "", "options", module, on_option, &a);
	free(t);
	return a.found ? 0 : -ENOENT;
}

int host_modprobe_text_command(const char *text, size_t len, const char *module, const char *what,
			       char *cmd, size_t csize)
{
	char file[8];
	struct command_arg a = { cmd, file, csize, sizeof(file) };
	char *t = terminated(text, len);
	bool found;

	if (!t)
		return -ENOMEM;
	found = scan(t, "", what, module, on_command, &a);
	free(t);
	return found ? 0 : -ENOENT;
}
