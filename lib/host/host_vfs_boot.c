// SPDX-License-Identifier: MIT
/*
 * The boot-time VF mechanisms (see host_vfs_boot.h), as they work:
 * - sysfsutils (Debian's 2.1.1): /etc/init.d/sysfsutils, started through
 *   its rc links (systemd runs it through its SysV generator), writes each
 *   "attribute = value" of /etc/sysfs.conf and the .conf files of /etc/sysfs.d to
 *   /sys/<attribute>: the attribute is relative to /sys. A native unit,
 *   where a distribution ships one, counts as well. Arch's and Fedora's
 *   sysfsutils ship no boot script at all.
 * - systemd-tmpfiles: only type "w" (or "w+") lines write a file.
 * - udev: ATTR{sriov_numvfs}="N" assigns (so do += and :=, which udev
 *   reads as =); "==" only matches. A rule is a line with its '\'
 *   continuations, read pair by pair (host_udev.h): one pair udev cannot
 *   read, a comment after the pairs for one, and it drops the whole rule.
 *   The rule runs on the events its ACTION keys let through: at boot
 *   the PF sees the coldplug "add" and, when its driver binds in the
 *   root's udev, "bind"; any other action never comes at boot.
 * - a unit of the admin's: only when a .wants link enables it.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/host_fs.h"
#include "host/host_udev.h"
#include "host/host_vfs_boot.h"

static bool any(const char *root, const char *const *paths, const char **found)
{
	for (; *paths; paths++)
		if (host_exists(root, *paths)) {
			if (found)
				*found = *paths;
			return true;
		}
	return false;
}

/* A .wants link to @unit in /etc/systemd/system/<target>.wants/. */
static bool unit_enabled(const char *root, const char *unit, char *where, size_t size)
{
	char p[HOST_PATH_MAX], f[600];
	struct dirent *e;
	bool found = false;
	DIR *dir;

	host_path(root, "/etc/systemd/system", p, sizeof(p));
	dir = opendir(p);
	while (dir && !found && (e = readdir(dir))) {
		size_t n = strlen(e->d_name);

		if (n < 6 || strcmp(e->d_name + n - 6, ".wants"))
			continue;
		snprintf(f, sizeof(f), "/etc/systemd/system/%.200s/%.100s", e->d_name, unit);
		if (host_lstat(root, f, &(struct stat){ 0 }) == 0) {
			snprintf(where, size, "%.*s", (int)(size - 1), f);
			found = true;
		}
	}
	if (dir)
		closedir(dir);
	return found;
}

/* An rc link "S..sysfsutils" in /etc/rc2.d .. /etc/rc5.d. */
static bool rc_enabled(const char *root, char *where, size_t size)
{
	char dir[32], p[HOST_PATH_MAX];
	struct dirent *e;
	bool found = false;
	int lvl;

	for (lvl = 2; lvl <= 5 && !found; lvl++) {
		DIR *d;

		snprintf(dir, sizeof(dir), "/etc/rc%d.d", lvl);
		host_path(root, dir, p, sizeof(p));
		d = opendir(p);
		while (d && !found && (e = readdir(d))) {
			size_t n = strlen(e->d_name);

			if (e->d_name[0] == 'S' && n > 10 &&
			    !strcmp(e->d_name + n - 10, "sysfsutils")) {
				snprintf(where, size, "%s/%.100s", dir, e->d_name);
				found = true;
			}
		}
		if (d)
			closedir(d);
	}
	return found;
}

/* The setting's own line, for the syntax checks. */
static bool find_line(const char *root, const char *src, const char *pf, char *buf, size_t size)
{
	char *text, *line, *save = NULL;
	bool found = false;

	if (host_read(root, src, &text, NULL))
		return false;
	for (line = strtok_r(text, "\n", &save); line && !found;
	     line = strtok_r(NULL, "\n", &save)) {
		while (*line == ' ' || *line == '\t')
			line++;
		if (*line == '#' || !strstr(line, pf) || !strstr(line, "sriov_numvfs"))
			continue;
		snprintf(buf, size, "%s", line);
		found = true;
	}
	free(text);
	return found;
}

static void sysfsutils(const char *root, const char *line, struct host_vfs_boot *b)
{
	static const char *const script[] = { "/etc/init.d/sysfsutils", NULL };
	static const char *const unit[] = {
		"/lib/systemd/system/sysfsutils.service",
		"/usr/lib/systemd/system/sysfsutils.service",
		NULL,
	};
	const char *found = NULL;
	char where[300] = "";

	if (!strncmp(line, "/sys/", 5)) {
		snprintf(b->problem, sizeof(b->problem),
			 "the attribute starts with /sys/, but sysfsutils prefixes /sys itself "
			 "(\"/sys//sys/...\" does not exist)");
		snprintf(b->fix, sizeof(b->fix), "sed -i 's|^[[:space:]]*/sys/||' <file>");
		return;
	}
	if (any(root, unit, &found)) {
		if (!host_link_target(root, "/etc/systemd/system/sysfsutils.service", where,
				      sizeof(where)) &&
		    !strcmp(where, "/dev/null")) {
			snprintf(b->problem, sizeof(b->problem), "sysfsutils.service is masked");
			snprintf(b->fix, sizeof(b->fix),
				 "systemctl unmask sysfsutils.service && systemctl enable "
				 "sysfsutils.service");
			return;
		}
		if (unit_enabled(root, "sysfsutils.service", where, sizeof(where))) {
			snprintf(b->evidence, sizeof(b->evidence), "%s: enabled (%s)", found,
				 where);
			b->runs = true;
			return;
		}
	}
	if (any(root, script, NULL)) {
		if (rc_enabled(root, where, sizeof(where))) {
			snprintf(b->evidence, sizeof(b->evidence),
				 "/etc/init.d/sysfsutils: enabled (%s)", where);
			b->runs = true;
			return;
		}
		snprintf(b->problem, sizeof(b->problem),
			 "sysfsutils' boot script is not enabled (no S..sysfsutils link in "
			 "/etc/rc2.d..rc5.d)");
		snprintf(b->fix, sizeof(b->fix), "update-rc.d sysfsutils defaults");
		return;
	}
	if (found) {
		snprintf(b->problem, sizeof(b->problem), "%s is not enabled", found);
		snprintf(b->fix, sizeof(b->fix), "systemctl enable sysfsutils.service");
		return;
	}
	b->need_sysfsutils = true;
	snprintf(b->problem, sizeof(b->problem),
		 "nothing reads it at boot: sysfsutils' boot script is not installed "
		 "(/etc/init.d/sysfsutils absent)");
}

static void tmpfiles(const char *root, const char *line, struct host_vfs_boot *b)
{
	static const char *const bin[] = { "/usr/bin/systemd-tmpfiles", "/bin/systemd-tmpfiles",
					   NULL };

	if (strncmp(line, "w ", 2) && strncmp(line, "w+ ", 3) && strncmp(line, "w\t", 2)) {
		snprintf(b->problem, sizeof(b->problem),
			 "the line's type is not \"w\": systemd-tmpfiles does not write it");
		snprintf(b->fix, sizeof(b->fix), "vfctl vfs persist N (writes a \"w\" line)");
		return;
	}
	if (!any(root, bin, NULL)) {
		snprintf(b->problem, sizeof(b->problem), "systemd-tmpfiles is not installed");
		return;
	}
	b->runs = true;
}

/* The count the kernel reads from the value udev writes (kstrtou16, base 0). */
static int count_of(const char *v)
{
	char *end;
	long n;

	if (*v < '0' || *v > '9')
		return -1;
	n = strtol(v, &end, 0);
	return *end || n > 65535 ? -1 : (int)n;
}

void host_vfs_udev_rule_read(const char *line, const char *pf, const char *drv,
			     struct host_vfs_udev_rule *u)
{
	const char *p = line;
	struct host_udev_pair kv;
	struct host_udev_boot ev;
	int r;

	memset(u, 0, sizeof(*u));
	u->n = -1;
	while ((r = host_udev_pair_next(&p, &kv)) > 0) {
		bool match = kv.op == HOST_UDEV_MATCH || kv.op == HOST_UDEV_NOMATCH;
		bool drv_key = !strcmp(kv.key, "DRIVER") || !strcmp(kv.key, "DRIVERS");

		/* udev refuses ATTR{}, ATTR, ATTR{x}-= and the i prefix on an assignment */
		if ((!strcmp(kv.key, "ATTR") && (!kv.attr[0] || kv.op == HOST_UDEV_REMOVE)) ||
		    (kv.nocase && !match))
			return;
		if (kv.op == HOST_UDEV_MATCH &&
		    (strstr(kv.value, pf) || (drv_key && drv && !strcmp(kv.value, drv))))
			u->for_pf = true;
		u->waits_driver |= drv_key && kv.op == HOST_UDEV_MATCH;
		if (match || strcmp(kv.key, "ATTR") || strcmp(kv.attr, "sriov_numvfs"))
			continue;
		/* the last assignment is the value left written */
		u->n = count_of(kv.value);
		u->assigns = u->n >= 0;
	}
	u->valid = r == 0;
	host_udev_boot_events(line, &ev);
	u->on_add = ev.on_add;
	u->on_bind = ev.on_bind;
}

unsigned int host_vfs_udev_rule_find(const char *text, const char *pf, const char *drv,
				     struct host_vfs_udev_rule *u)
{
	char *line = malloc(HOST_VFS_UDEV_LINE_MAX);
	unsigned int lineno = 1, found = 0;

	memset(u, 0, sizeof(*u));
	u->n = -1;
	for (const char *t = text; line && *t;) {
		size_t len = host_udev_logical_line(t, line, HOST_VFS_UDEV_LINE_MAX);
		struct host_vfs_udev_rule r;
		unsigned int start = lineno;

		for (size_t k = 0; k < len; k++)
			lineno += t[k] == '\n';
		t += len;
		if (!line[0] || !strstr(line, "sriov_numvfs"))
			continue;
		host_vfs_udev_rule_read(line, pf, drv, &r);
		/* one that names the PF but does not create its VFs explains why */
		if ((r.valid && r.assigns && r.for_pf) || (!found && strstr(line, pf))) {
			*u = r;
			found = start;
		}
		if (r.valid && r.assigns && r.for_pf)
			break;
	}
	free(line);
	return found;
}

static void udev(const char *root, const char *src, const char *pf, struct host_vfs_boot *b)
{
	struct host_vfs_udev_rule u;
	unsigned int at = 0;
	char *text;

	if (!host_read(root, src, &text, NULL)) {
		at = host_vfs_udev_rule_find(text, pf, NULL, &u);
		free(text);
	}
	if (at && !u.valid) {
		snprintf(b->problem, sizeof(b->problem),
			 "udev ignores the rule: one of its pairs is not KEY OP \"VALUE\" (a "
			 "comment, for one, must start a line of its own)");
		snprintf(b->fix, sizeof(b->fix),
			 "correct the rule (udev logs \"Invalid key/value pair, ignoring\" for "
			 "it), or remove it and run vfctl vfs persist N");
		return;
	}
	if (!at || !u.assigns) {
		snprintf(b->problem, sizeof(b->problem),
			 "the rule does not assign ATTR{sriov_numvfs}=\"N\" (\"==\" only "
			 "matches)");
		snprintf(b->fix, sizeof(b->fix), "vfctl vfs persist N");
		return;
	}
	snprintf(b->fix, sizeof(b->fix),
		 "match ACTION==\"add|bind\" with the PF's DRIVER key in the rule, or remove "
		 "it and run vfctl vfs persist N");
	if (!u.on_add && !u.on_bind) {
		snprintf(b->problem, sizeof(b->problem),
			 "its ACTION key lets neither \"add\" nor \"bind\" through, the only "
			 "events the boot sends the PF");
		return;
	}
	b->runs = true;
	if (u.on_add && u.on_bind) {
		b->fix[0] = '\0';
		return;
	}
	b->some_boots = true;
	snprintf(b->problem, sizeof(b->problem), "%s",
		 u.on_bind ? "it runs only on \"bind\": when the initramfs binds the PF's "
			     "driver, the root's udev sees only the coldplug \"add\"" :
			     "it runs only on \"add\": when the PF's driver binds after the "
			     "initramfs, \"add\" comes before it and the kernel refuses "
			     "sriov_numvfs without a driver");
}

static void unit(const char *root, const char *src, struct host_vfs_boot *b)
{
	const char *name = strrchr(src, '/');
	char where[300];

	name = name ? name + 1 : src;
	if (unit_enabled(root, name, where, sizeof(where))) {
		snprintf(b->evidence, sizeof(b->evidence), "%s: enabled (%s)", name, where);
		b->runs = true;
		return;
	}
	snprintf(b->problem, sizeof(b->problem), "%s is not enabled", name);
	snprintf(b->fix, sizeof(b->fix), "systemctl enable %s", name);
}

void host_vfs_boot_check(const char *root, const char *pf, const char *src, struct host_vfs_boot *b)
{
	char line[512] = "";

	memset(b, 0, sizeof(*b));
	if (!strncmp(src, "/etc/udev/", 10)) {
		b->kind = HOST_VFS_BOOT_UDEV;
		udev(root, src, pf, b);
		return;
	}
	find_line(root, src, pf, line, sizeof(line));
	if (!strncmp(src, "/etc/sysfs", 10)) {
		b->kind = HOST_VFS_BOOT_SYSFSUTILS;
		sysfsutils(root, line, b);
	} else if (!strncmp(src, "/etc/tmpfiles.d/", 16)) {
		b->kind = HOST_VFS_BOOT_TMPFILES;
		tmpfiles(root, line, b);
	} else {
		b->kind = HOST_VFS_BOOT_UNIT;
		unit(root, src, b);
	}
}
