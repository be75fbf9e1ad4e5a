// SPDX-License-Identifier: MIT
/*
 * VFs at boot: reading every mechanism users set it up with (the guide's
 * sysfsutils /etc/sysfs.conf, sysfs.d, systemd-tmpfiles as i915-sriov-dkms
 * ships it, udev rules) and writing the tmpfiles one.
 */
#include <dirent.h>
#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host/host_atomic.h"
#include "host/host_fs.h"
#include "host/host_pci.h"
#include "host/host_sysfs_conf.h"
#include "host/host_vfs.h"

/* The last number on a line that names the PF's sriov_numvfs. */
static int line_value(const char *line, const char *pf)
{
	const char *s, *num = NULL;

	while (*line == ' ' || *line == '\t')
		line++;
	if (*line == '#' || !strstr(line, pf) || !strstr(line, "sriov_numvfs"))
		return -1;
	for (s = line; *s; s++)
		if (*s >= '0' && *s <= '9' &&
		    (s == line || s[-1] == ' ' || s[-1] == '=' || s[-1] == '"' || s[-1] == '\t'))
			num = s;
	if (!num)
		return -1;
	/* A number must stand alone: "0000:00:02.0" is not one. */
	for (s = num; *s >= '0' && *s <= '9'; s++)
		;
	if (*s && *s != ' ' && *s != '"' && *s != '\t' && *s != '\r')
		return -1;
	return atoi(num);
}

static int file_value(const char *root, const char *path, const char *pf)
{
	char *text, *line, *save = NULL;
	int v = -1, lv;

	if (host_read(root, path, &text, NULL))
		return -1;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		lv = line_value(line, pf);
		if (lv >= 0)
			v = lv;
	}
	free(text);
	return v;
}

/* @s with glob(7)'s special characters escaped, for a literal prefix. */
static bool glob_escape(const char *s, char *buf, size_t size)
{
	size_t o = 0;

	for (; *s; s++) {
		if (o + 3 > size)
			return false;
		if (strchr("*?[\\", *s))
			buf[o++] = '\\';
		buf[o++] = *s;
	}
	buf[o] = '\0';
	return true;
}

/* Whether a path the shell expands @pattern to is a directory @dir is. */
static bool expands_to(const char *pattern, const char *dir)
{
	char real[PATH_MAX];
	glob_t g;
	bool hit = false;

	if (glob(pattern, GLOB_NOSORT, NULL, &g))
		return false;
	for (size_t i = 0; i < g.gl_pathc && !hit; i++)
		hit = realpath(g.gl_pathv[i], real) && !strcmp(real, dir);
	globfree(&g);
	return hit;
}

/*
 * Whether sysfsutils' "/sys/ATTR" is the PF's sriov_numvfs: the shell
 * expands it (a glob, through any link: bus/pci/devices/..., class/drm/
 * card0/device/...), and its directory must be the PF's. The attribute
 * itself may be missing this boot (SR-IOV off in the BIOS): the line still
 * says what the user asks for.
 */
static bool names_numvfs(const char *root, const char *pf, const char *attr)
{
	char pfdir[PATH_MAX], p[HOST_PATH_MAX], esc[HOST_PATH_MAX], pat[2 * HOST_PATH_MAX];
	const char *slash = strrchr(attr, '/');

	snprintf(p, sizeof(p), "/sys/bus/pci/devices/%s", pf);
	if (!slash || strcmp(slash + 1, "sriov_numvfs") || host_path(root, p, esc, sizeof(esc)) ||
	    !realpath(esc, pfdir) || host_path(root, "/sys/", p, sizeof(p)) ||
	    !glob_escape(p, esc, sizeof(esc)))
		return false;
	snprintf(pat, sizeof(pat), "%s%.*s", esc, (int)(slash - attr), attr);
	return expands_to(pat, pfdir);
}

/*
 * What sysfsutils writes to the PF's sriov_numvfs from one file: the last
 * such line, up to a syntax error, where the script stops (*stop: the
 * later files are not read either).
 */
static int sysfs_conf_value(const char *root, const char *path, const char *pf, bool *stop)
{
	struct host_sysfs_conf_line l;
	char *text, *line, *next;
	int v = -1;

	if (host_read(root, path, &text, NULL))
		return -1;
	for (line = text; line && !*stop; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		switch (host_sysfs_conf_line(line, strlen(line), &l)) {
		case HOST_SYSFS_CONF_VALUE:
			/* a value the kernel refuses changes nothing */
			if (host_sysfs_value_u16(l.value) >= 0 && names_numvfs(root, pf, l.attr))
				v = host_sysfs_value_u16(l.value);
			break;
		case HOST_SYSFS_CONF_SYNTAX:
			*stop = true;
			break;
		default:
			break;
		}
	}
	free(text);
	return v;
}

static void consider_value(int v, const char *path, int *n, char *src, size_t size, bool *conflict)
{
	if (v < 0)
		return;
	if (*n >= 0 && *n != v)
		*conflict = true;
	if (*n < 0) {
		*n = v;
		if (src)
			snprintf(src, size, "%s", path);
	}
}

static void consider(const char *root, const char *path, const char *pf, int *n, char *src,
		     size_t size, bool *conflict)
{
	consider_value(file_value(root, path, pf), path, n, src, size, conflict);
}

static void scan_dir(const char *root, const char *dir, const char *suffix, const char *pf, int *n,
		     char *src, size_t size, bool *conflict)
{
	char p[HOST_PATH_MAX], f[512];
	struct dirent **list;
	int i, cnt;

	host_path(root, dir, p, sizeof(p));
	cnt = scandir(p, &list, NULL, alphasort);
	for (i = 0; i < cnt; i++) {
		size_t l = strlen(list[i]->d_name), sl = strlen(suffix);

		if (l > sl && !strcmp(list[i]->d_name + l - sl, suffix)) {
			snprintf(f, sizeof(f), "%s/%s", dir, list[i]->d_name);
			consider(root, f, pf, n, src, size, conflict);
		}
		free(list[i]);
	}
	if (cnt >= 0)
		free(list);
}

/* The script reads /etc/sysfs.conf, then the .conf files of /etc/sysfs.d in order. */
static void sysfs_conf_files(const char *root, const char *pf, int *n, char *src, size_t size,
			     bool *conflict)
{
	char p[HOST_PATH_MAX], f[512];
	struct dirent **list;
	bool stop = false;
	int i, cnt;

	consider_value(sysfs_conf_value(root, "/etc/sysfs.conf", pf, &stop), "/etc/sysfs.conf", n,
		       src, size, conflict);
	host_path(root, "/etc/sysfs.d", p, sizeof(p));
	cnt = scandir(p, &list, NULL, alphasort);
	for (i = 0; i < cnt; i++) {
		size_t l = strlen(list[i]->d_name);

		if (!stop && l > 5 && !strcmp(list[i]->d_name + l - 5, ".conf")) {
			snprintf(f, sizeof(f), "/etc/sysfs.d/%s", list[i]->d_name);
			consider_value(sysfs_conf_value(root, f, pf, &stop), f, n, src, size,
				       conflict);
		}
		free(list[i]);
	}
	if (cnt >= 0)
		free(list);
}

int host_vfs_persisted(const char *root, const char *pf, char *src, size_t size, bool *conflict)
{
	bool c = false;
	int n = -1;

	sysfs_conf_files(root, pf, &n, src, size, &c);
	scan_dir(root, "/etc/tmpfiles.d", ".conf", pf, &n, src, size, &c);
	scan_dir(root, "/etc/udev/rules.d", ".rules", pf, &n, src, size, &c);
	scan_dir(root, "/etc/systemd/system", ".service", pf, &n, src, size, &c);
	if (conflict)
		*conflict = c;
	return n;
}

/* "/sys/devices/pci0000:00/0000:00:02.0", from the bus link. */
static void device_path(const char *root, const char *pf, char *buf, size_t size)
{
	char link[128], target[HOST_PATH_MAX];
	const char *s;

	host_pci_attr_path(pf, "", link, sizeof(link));
	if (!host_link_target(root, link, target, sizeof(target)) &&
	    (s = strstr(target, "devices/")) && s != target) {
		snprintf(buf, size, "/sys/%s", s);
		return;
	}
	snprintf(buf, size, "%s", link);
}

int host_vfs_persist(const char *root, const char *pf, unsigned int n, struct host_err *e)
{
	char p[HOST_PATH_MAX], dev[HOST_PATH_MAX], text[2 * HOST_PATH_MAX];
	struct host_mkdirs made = { .n = 0 };
	const struct host_write_how how = {
		.mode = 0644, .uid = (uid_t)-1, .gid = (gid_t)-1, .made = &made
	};
	int ret = 0;

	memset(e, 0, sizeof(*e));
	if (n > HOST_IGPU_MAX_VFS) {
		e->kind = HOST_ERR_USAGE;
		snprintf(e->msg, sizeof(e->msg), "%u VFs: the iGPU has at most %u.", n,
			 HOST_IGPU_MAX_VFS);
		return -ERANGE;
	}
	host_path(root, HOST_TMPFILES_CONF, p, sizeof(p));
	if (!n) {
		if (unlink(p) && errno != ENOENT)
			ret = -errno;
		goto out;
	}
	device_path(root, pf, dev, sizeof(dev));
	snprintf(text, sizeof(text),
		 "# Written by vfctl vfs persist: enable %u SR-IOV VFs of the iGPU at boot.\n"
		 "w %s/sriov_numvfs - - - - %u\n",
		 n, dev, n);
	/* Replaced whole: a failed write keeps the old setting, never half of
	 * it; /etc/tmpfiles.d is created if missing, a link on the way refused. */
	ret = host_write_at(root, HOST_TMPFILES_CONF, text, strlen(text), &how);
out:
	if (ret) {
		e->kind = ret == -EACCES || ret == -EROFS ? HOST_ERR_ENV : HOST_ERR_FAILED;
		snprintf(e->msg, sizeof(e->msg), "%s could not be written: %s; it is as it was.",
			 HOST_TMPFILES_CONF, strerror(-ret));
		snprintf(e->hint, sizeof(e->hint), "%s",
			 ret == -ELOOP ? "it, or a directory on the way, is a symlink: "
					 "remove it, then run this again" :
					 "run as root");
	}
	return ret;
}
