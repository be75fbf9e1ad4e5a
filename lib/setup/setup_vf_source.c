// SPDX-License-Identifier: MIT
/*
 * A user's own setting that creates the PF's VFs at boot outside
 * /etc/sysfs.conf, and when the boot applies it (setup_steps.h).
 *
 * Both tools merge their directories the same way (tmpfiles.d(5),
 * udev(7)): every file of /etc, /run, /usr/local/lib and /usr/lib (and
 * /lib) is sorted by its name alone, whatever its directory, and a name
 * in an earlier directory of that list replaces the same name in a later
 * one (a link to /dev/null masks it). Debian 12's systemd-tmpfiles 252,
 * run with --root on a tree, writes the "w" lines of those files in that
 * order, line by line, glob lines too (its manual says globs come after;
 * 252 does not). udev runs the rules of one event in that order, each
 * assignment as its rule runs.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/host_fs.h"
#include "host/host_vfs_boot.h"
#include "setup/setup_steps.h"

#define MAX_CONF 256

static const char *const tmpfiles_dirs[] = {
	"/etc/tmpfiles.d",     "/run/tmpfiles.d", "/usr/local/lib/tmpfiles.d",
	"/usr/lib/tmpfiles.d", "/lib/tmpfiles.d", NULL,
};

static const char *const udev_dirs[] = {
	"/etc/udev/rules.d",	 "/run/udev/rules.d", "/usr/local/lib/udev/rules.d",
	"/usr/lib/udev/rules.d", "/lib/udev/rules.d", NULL,
};

struct conf_file {
	char base[256];
	char path[SETUP_PATH_MAX];
};

static int by_base(const void *a, const void *b)
{
	return strcmp(((const struct conf_file *)a)->base, ((const struct conf_file *)b)->base);
}

/* The files the tool reads, in the order it applies them. */
static unsigned int conf_files(const char *root, const char *const *dirs, const char *suffix,
			       struct conf_file *out, unsigned int max)
{
	size_t sl = strlen(suffix);
	unsigned int n = 0;

	for (unsigned int d = 0; dirs[d]; d++) {
		char p[HOST_PATH_MAX];
		struct dirent *e;
		DIR *dir;

		if (host_path(root, dirs[d], p, sizeof(p)))
			continue;
		dir = opendir(p);
		while (dir && (e = readdir(dir))) {
			size_t l = strlen(e->d_name);
			bool seen = false;

			if (e->d_name[0] == '.' || l <= sl || l >= sizeof(out->base) ||
			    strcmp(e->d_name + l - sl, suffix))
				continue;
			/* the same name in an earlier directory replaces it */
			for (unsigned int i = 0; i < n && !seen; i++)
				seen = !strcmp(out[i].base, e->d_name);
			if (seen || n >= max)
				continue;
			snprintf(out[n].base, sizeof(out[n].base), "%s", e->d_name);
			snprintf(out[n].path, sizeof(out[n].path), "%s/%s", dirs[d], e->d_name);
			n++;
		}
		if (dir)
			closedir(dir);
	}
	qsort(out, n, sizeof(*out), by_base);
	return n;
}

/* The file's text; NULL for a mask (a link to /dev/null), vfctl's own or unreadable. */
static char *conf_text(const char *root, const char *path)
{
	char target[HOST_PATH_MAX], *text;

	if (!host_link_target(root, path, target, sizeof(target)) && !strcmp(target, "/dev/null"))
		return NULL;
	if (host_read(root, path, &text, NULL))
		return NULL;
	if (strstr(text, "# Written by vfctl setup") || strstr(text, "# vfctl setup: begin")) {
		free(text);
		return NULL;
	}
	return text;
}

/* "w" (with its modifiers) on the PF's sriov_numvfs: the VFs it makes, -1 when not. */
static int tmpfiles_line(const char *l, size_t len, const char *pf)
{
	char line[1024], type[16], path[512], mode[32], user[64], group[64], age[32], arg[32];
	int f;

	snprintf(line, sizeof(line), "%.*s", (int)len, l);
	f = sscanf(line, " %15s %511s %31s %63s %63s %31s %31s", type, path, mode, user, group, age,
		   arg);
	if (f < 2 || type[0] != 'w' || strspn(type + 1, "+-!=~^") != strlen(type + 1))
		return -1;
	len = strlen(path);
	if (!strstr(path, pf) || len < 13 || strcmp(path + len - 13, "/sriov_numvfs"))
		return -1;
	return f == 7 ? atoi(arg) : 0;
}

/* The first "w" line of the PF's sriov_numvfs in @text. */
static bool tmpfiles_file(const char *text, const char *pf, struct setup_vf_source *src)
{
	unsigned int lineno = 0;

	for (const char *l = text; *l;) {
		size_t len = strcspn(l, "\n");
		int v = tmpfiles_line(l, len, pf);

		lineno++;
		if (v >= 0) {
			src->n = v;
			src->line = lineno;
			return true;
		}
		l += len + (l[len] == '\n');
	}
	return false;
}

/*
 * The first rule that assigns ATTR{sriov_numvfs} for the PF (named, or by
 * its driver), read as udev reads it (host_vfs_udev_rule_find()), with the
 * events it runs on: the PF's driver binding after the initramfs
 * ("bind"), or the coldplug "add" of a PF the initramfs bound
 * (setup_steps.h). Its line is the one the rule starts on.
 */
static bool udev_file(const char *text, const char *pf, const char *drv,
		      struct setup_vf_source *src)
{
	struct host_vfs_udev_rule u;
	unsigned int at = host_vfs_udev_rule_find(text, pf, drv, &u);

	if (!at || !u.valid || !u.assigns || !u.for_pf)
		return false;
	src->n = u.n;
	src->line = at;
	src->on_add = u.on_add;
	src->on_bind = u.on_bind;
	src->waits_driver = u.waits_driver;
	return true;
}

static bool scan(const struct setup_plan *p, const char *const *dirs, const char *suffix,
		 enum setup_vf_kind kind, struct setup_vf_source *src)
{
	struct conf_file *files = calloc(MAX_CONF, sizeof(*files));
	unsigned int n = files ? conf_files(p->o.root, dirs, suffix, files, MAX_CONF) : 0;
	bool found = false;

	for (unsigned int i = 0; i < n && !found; i++) {
		char *text = conf_text(p->o.root, files[i].path);

		if (text)
			found = kind == SETUP_VF_TMPFILES ?
					tmpfiles_file(text, p->pf, src) :
					udev_file(text, p->pf, setup_pf_driver(p), src);
		if (found) {
			src->kind = kind;
			snprintf(src->path, sizeof(src->path), "%s", files[i].path);
			snprintf(src->base, sizeof(src->base), "%s", files[i].base);
		}
		free(text);
	}
	free(files);
	return found;
}

void setup_vf_source_find(const struct setup_plan *p, struct setup_vf_source *src)
{
	memset(src, 0, sizeof(*src));
	src->n = -1;
	if (!scan(p, tmpfiles_dirs, ".conf", SETUP_VF_TMPFILES, src))
		scan(p, udev_dirs, ".rules", SETUP_VF_UDEV, src);
}
