// SPDX-License-Identifier: MIT
/*
 * VFs at boot: reading every mechanism users set it up with (the guide's
 * sysfsutils /etc/sysfs.conf, sysfs.d, systemd-tmpfiles as i915-sriov-dkms
 * ships it, udev rules) and writing the tmpfiles one.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host/host_atomic.h"
#include "host/host_fs.h"
#include "host/host_pci.h"
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

static void consider(const char *root, const char *path, const char *pf, int *n, char *src,
		     size_t size, bool *conflict)
{
	int v = file_value(root, path, pf);

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

int host_vfs_persisted(const char *root, const char *pf, char *src, size_t size, bool *conflict)
{
	bool c = false;
	int n = -1;

	consider(root, "/etc/sysfs.conf", pf, &n, src, size, &c);
	scan_dir(root, "/etc/sysfs.d", ".conf", pf, &n, src, size, &c);
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
