// SPDX-License-Identifier: MIT
/*
 * Looking Glass host side: the kvmfr module, /dev/kvmfr0, its size against
 * the resolution (the LG B7 formula, lib/vm/vm_shm.c), and libvirt's
 * device cgroup.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "host/host_doctor_internal.h"
#include "host/host_fs.h"
#include "host/host_module.h"
#include "lgmp/kvmfr_abi.h"
#include "vm/vm_qemu_conf.h"
#include "vm/vm_shm.h"

#define UDEV_RULE "/etc/udev/rules.d/70-kvmfr.rules"
/* systemd's default highest system uid (SYS_UID_MAX). */
#define SYS_UID_MAX 999

/* What the host's kvmfr findings rest on, read once. */
struct kvmfr_ctx {
	bool used; /* a module or a domain uses Looking Glass: failures are failures */
	char used_by[512];
	enum host_status bad; /* HOST_FAIL when used, HOST_WARN when not */
};

/* static_size_mb's first value from modprobe.d or the command line. */
static long static_size(const struct host_doctor *d, char *src, size_t size)
{
	const struct host_cmdline_param *p = host_cmdline_find(&d->cmdline, "kvmfr.static_size_mb");
	char dir[HOST_PATH_MAX], f[300], *text, *line, *save;
	struct dirent **list;
	long v = -1;
	int i, n;

	if (p && p->value) {
		snprintf(src, size, "/proc/cmdline");
		return strtol(p->value, NULL, 10);
	}
	host_path(d->root, "/etc/modprobe.d", dir, sizeof(dir));
	n = scandir(dir, &list, NULL, alphasort);
	for (i = 0; i < n; i++) {
		snprintf(f, sizeof(f), "/etc/modprobe.d/%.200s", list[i]->d_name);
		free(list[i]);
		if (v >= 0 || host_read(d->root, f, &text, NULL))
			continue;
		save = NULL;
		for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
			char *s = strstr(line, "static_size_mb=");

			while (*line == ' ' || *line == '\t')
				line++;
			if (strncmp(line, "options", 7) || !strstr(line, "kvmfr") || !s)
				continue;
			v = strtol(s + 15, NULL, 10);
			snprintf(src, size, "%.250s", f);
		}
		free(text);
	}
	if (n >= 0)
		free(list);
	return v;
}

/* The size the module really gave /dev/kvmfr0: the live parameter where the
 * module exports it (kvmfr's own static_size_mb has no sysfs file), else
 * GETSIZE on the device. -1 when neither tells. */
static long live_size(const struct host_doctor *d, char *src, size_t size)
{
	char v[64], p[HOST_PATH_MAX];
	struct stat st;
	long mb = -1;
	int fd;

	if (!host_read_line(d->root, "/sys/module/kvmfr/parameters/static_size_mb", v, sizeof(v)) &&
	    v[0] >= '0' && v[0] <= '9') {
		snprintf(src, size, "/sys/module/kvmfr/parameters/static_size_mb");
		return strtol(v, NULL, 10);
	}
	if (host_stat(d->root, "/dev/kvmfr0", &st) || !S_ISCHR(st.st_mode) ||
	    host_path(d->root, "/dev/kvmfr0", p, sizeof(p)))
		return -1;
	fd = open(p, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd >= 0) {
		long bytes = ioctl(fd, KVMFR_DMABUF_GETSIZE, 0);

		if (bytes > 0) {
			mb = bytes >> 20;
			snprintf(src, size, "/dev/kvmfr0 (GETSIZE)");
		}
		close(fd);
	}
	return mb;
}

static void check_size(struct host_doctor *d, struct host_report *r, const struct kvmfr_ctx *k)
{
	uint64_t need = vm_shm_size_mib(d->o.width, d->o.height, d->o.hdr);
	struct host_finding *f;
	char src[300] = "", lsrc[300] = "";
	long mb = static_size(d, src, sizeof(src)), live = live_size(d, lsrc, sizeof(lsrc));
	struct stat st;
	bool node = !host_stat(d->root, "/dev/kvmfr0", &st) && S_ISCHR(st.st_mode);
	long idx = d->klog_err ? -1 : host_klog_find(&d->klog, 0, "kvmfr: creating");

	if (mb < 0 && (live >= 0 || node)) {
		/* `modprobe kvmfr static_size_mb=N` by hand, as the guide does: it
		 * works now, and nothing sets it again after a reboot. */
		if (live >= 0)
			f = host_report_add(
				r, "kvmfr.size", (uint64_t)live < need ? k->bad : HOST_WARN,
				"kvmfr was loaded by hand with %ld MiB%s: no modprobe.d "
				"file sets it again at boot.",
				live, (uint64_t)live < need ? ", too small" : "");
		else
			f = host_report_add(r, "kvmfr.size", HOST_WARN,
					    "kvmfr was loaded by hand (its size is not readable "
					    "here): no modprobe.d file sets it again at boot.");
		if (live >= 0)
			host_finding_evidence(f, "%s: %ld MiB", lsrc, live);
		host_finding_evidence(f, "/etc/modprobe.d/*.conf, /proc/cmdline: no kvmfr "
					 "static_size_mb");
		if (idx >= 0)
			doctor_log_evidence(d, f, idx, "");
		if (live >= 0 && (uint64_t)live < need)
			host_finding_hint(f, "%ld MiB is too small for %ux%u%s (needs %llu):", live,
					  d->o.width, d->o.height, d->o.hdr ? " HDR" : "",
					  (unsigned long long)need);
		host_finding_hint(f,
				  "echo 'options kvmfr static_size_mb=%llu' > "
				  "/etc/modprobe.d/kvmfr.conf && echo kvmfr > "
				  "/etc/modules-load.d/kvmfr.conf",
				  (unsigned long long)(live >= 0 && (uint64_t)live >= need ?
							       (uint64_t)live :
							       need));
		return;
	}
	if (mb < 0) {
		f = host_report_add(r, "kvmfr.size", k->bad,
				    "static_size_mb is not set: kvmfr creates no /dev/kvmfr0.");
		host_finding_evidence(f, "/etc/modprobe.d/*.conf, /proc/cmdline: no kvmfr "
					 "static_size_mb");
		host_finding_hint(f,
				  "echo 'options kvmfr static_size_mb=%llu' > "
				  "/etc/modprobe.d/kvmfr.conf",
				  (unsigned long long)need);
		return;
	}
	if ((uint64_t)mb < need || !vm_shm_is_pow2((uint64_t)mb) || mb > VM_SHM_KVMFR_MAX_MIB) {
		f = host_report_add(
			r, "kvmfr.size", k->bad,
			(uint64_t)mb < need ?
				"static_size_mb=%ld is too small for %ux%u%s (needs %llu)." :
			mb > VM_SHM_KVMFR_MAX_MIB ?
				"static_size_mb=%ld overflows in kvmfr (%ux%u%s needs %llu)." :
				"static_size_mb=%ld is not a power of two, which QEMU's "
				"ivshmem requires (%ux%u%s needs %llu).",
			mb, d->o.width, d->o.height, d->o.hdr ? " HDR" : "",
			(unsigned long long)need);
		host_finding_hint(f,
				  "sed -i 's/static_size_mb=[0-9]*/static_size_mb=%llu/' %s && "
				  "modprobe -r kvmfr && modprobe kvmfr",
				  (unsigned long long)need, src);
	} else {
		f = host_report_add(r, "kvmfr.size", HOST_PASS,
				    "static_size_mb=%ld holds %ux%u%s (needs %llu MiB).", mb,
				    d->o.width, d->o.height, d->o.hdr ? " HDR" : "",
				    (unsigned long long)need);
	}
	host_finding_evidence(f, "%s: static_size_mb=%ld", src, mb);
	if (live >= 0)
		host_finding_evidence(f, "%s: %ld MiB", lsrc, live);
}

/* A uid from <root>/etc/passwd, -1 when the user does not exist. */
static long passwd_uid(const char *root, const char *name)
{
	return doctor_db_id(root, "/etc/passwd", name);
}

/* systemd's version from libsystemd-shared-NNN*.so, 0 when not found. */
static int systemd_version(const char *root)
{
	static const char *const dirs[] = { "/usr/lib/systemd", "/usr/lib/x86_64-linux-gnu/systemd",
					    "/lib/systemd", NULL };
	char p[HOST_PATH_MAX];
	int v = 0;
	size_t i;

	for (i = 0; dirs[i] && !v; i++) {
		struct dirent *e;
		DIR *dir;

		host_path(root, dirs[i], p, sizeof(p));
		dir = opendir(p);
		while (dir && (e = readdir(dir)))
			if (!strncmp(e->d_name, "libsystemd-shared-", 18))
				v = atoi(e->d_name + 18);
		if (dir)
			closedir(dir);
	}
	return v;
}

/* A kvmfr rule in /etc/udev/rules.d with OWNER set to a non-system user. */
static bool owner_rule(const struct host_doctor *d, char *file, size_t fsize, char *user,
		       size_t usize)
{
	char dir[HOST_PATH_MAX], f[300], *text, *line, *save;
	struct dirent **list;
	bool found = false;
	int i, n;

	host_path(d->root, "/etc/udev/rules.d", dir, sizeof(dir));
	n = scandir(dir, &list, NULL, alphasort);
	for (i = 0; i < n; i++) {
		snprintf(f, sizeof(f), "/etc/udev/rules.d/%.200s", list[i]->d_name);
		free(list[i]);
		if (found || host_read(d->root, f, &text, NULL))
			continue;
		save = NULL;
		for (line = strtok_r(text, "\n", &save); line && !found;
		     line = strtok_r(NULL, "\n", &save)) {
			char *o = strstr(line, "OWNER=\""), *end;

			if (line[0] == '#' || !strstr(line, "kvmfr") || !o)
				continue;
			o += 7;
			end = strchr(o, '"');
			if (!end || end == o)
				continue;
			snprintf(user, usize, "%.*s", (int)(end - o), o);
			if (passwd_uid(d->root, user) > SYS_UID_MAX) {
				snprintf(file, fsize, "%s", f);
				found = true;
			}
		}
		free(text);
	}
	if (n >= 0)
		free(list);
	return found;
}

/* qemu.conf's "group = "name"", or "" when it keeps the build's default. */
static void qemu_conf_group(const struct host_doctor *d, char *buf, size_t size)
{
	char *text, *line, *save = NULL;

	buf[0] = '\0';
	if (host_read(d->root, "/etc/libvirt/qemu.conf", &text, NULL))
		return;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *q;

		while (*line == ' ' || *line == '\t')
			line++;
		if (strncmp(line, "group", 5) || (line[5] != ' ' && line[5] != '='))
			continue;
		q = strchr(line, '"');
		if (q && strchr(q + 1, '"'))
			snprintf(buf, size, "%.*s", (int)(strchr(q + 1, '"') - q - 1), q + 1);
	}
	free(text);
}

static void check_node(struct host_doctor *d, struct host_report *r, const struct kvmfr_ctx *k)
{
	struct host_finding *f;
	struct stat st;
	char conf[64], group[64], rule[300], user[64];
	const char *distro_group = host_distro_qemu_group(&d->distro);
	long kvm = doctor_gid(d->root, "kvm"), qemu, cg = -1;
	int sd;

	qemu_conf_group(d, conf, sizeof(conf));
	qemu = doctor_gid(d->root, distro_group);
	if (conf[0])
		cg = doctor_gid(d->root, conf);
	if (host_stat(d->root, "/dev/kvmfr0", &st)) {
		f = host_report_add(r, "kvmfr.device", k->bad, "/dev/kvmfr0 does not exist.");
		host_finding_evidence(f, "/dev/kvmfr0: absent");
		host_finding_hint(f, "modprobe kvmfr (with static_size_mb set, see kvmfr.size)");
		return;
	}
	if (!S_ISCHR(st.st_mode)) {
		f = host_report_add(r, "kvmfr.device", k->bad,
				    "/dev/kvmfr0 is a regular file, not the kvmfr device: QEMU "
				    "created it before the module was loaded.");
		host_finding_evidence(f, "/dev/kvmfr0: regular file, %lld bytes",
				      (long long)st.st_size);
		host_finding_hint(f, "stop the VM, then: rm /dev/kvmfr0 && modprobe kvmfr");
		return;
	}
	f = host_report_add(r, "kvmfr.device", HOST_PASS, "/dev/kvmfr0 is the kvmfr device.");
	host_finding_evidence(f, "/dev/kvmfr0: character device %u:%u", major(st.st_rdev),
			      minor(st.st_rdev));

	/* QEMU's group: kvm (Debian's libvirt-qemu is in it), the distribution's
	 * QEMU group (libvirt-qemu, qemu), or what qemu.conf says. */
	if ((st.st_mode & 07777) == 0660 &&
	    ((kvm >= 0 && st.st_gid == (gid_t)kvm) || (qemu >= 0 && st.st_gid == (gid_t)qemu) ||
	     (cg >= 0 && st.st_gid == (gid_t)cg))) {
		f = host_report_add(r, "kvmfr.permissions", HOST_PASS,
				    "/dev/kvmfr0 is 0660 for QEMU's group.");
		host_finding_evidence(f, "/dev/kvmfr0: mode %04o gid %u (kvm=%ld, %s=%ld%s%s)",
				      st.st_mode & 07777, st.st_gid, kvm, distro_group, qemu,
				      conf[0] ? ", qemu.conf group=" : "", conf);
		return;
	}
	snprintf(group, sizeof(group), "%s", conf[0] ? conf : qemu >= 0 ? distro_group : "kvm");
	sd = systemd_version(d->root);
	if (owner_rule(d, rule, sizeof(rule), user, sizeof(user)) && (!sd || sd >= 258)) {
		f = host_report_add(r, "kvmfr.permissions", k->bad,
				    "%s sets OWNER=\"%s\", not a system user: systemd%s ignores "
				    "that whole rule, so /dev/kvmfr0 keeps the kernel's mode.",
				    rule, user, sd ? " >= 258" : " 258 and later");
		host_finding_evidence(f, "%s: OWNER=\"%s\" (uid %ld > %d)", rule, user,
				      passwd_uid(d->root, user), SYS_UID_MAX);
		if (sd)
			host_finding_evidence(f, "systemd %d", sd);
	} else {
		f = host_report_add(r, "kvmfr.permissions", k->bad,
				    "/dev/kvmfr0 is not 0660 for QEMU's group (%s): QEMU and the "
				    "Looking Glass client cannot open it.",
				    group);
	}
	host_finding_evidence(f, "/dev/kvmfr0: mode %04o uid %u gid %u (kvm=%ld, %s=%ld)",
			      st.st_mode & 07777, st.st_uid, st.st_gid, kvm, distro_group, qemu);
	host_finding_hint(f,
			  "echo 'SUBSYSTEM==\"kvmfr\", GROUP=\"%s\", MODE=\"0660\", "
			  "TAG+=\"uaccess\"' > " UDEV_RULE
			  " && udevadm control --reload && udevadm trigger -s kvmfr",
			  group);
	host_finding_hint(f,
			  "and add the user who runs the Looking Glass client to that group: "
			  "usermod -aG %s \"$USER\" (log in again)",
			  group);
}

/* cgroup_device_acl = [ "/dev/null", ..., "/dev/kvmfr0" ], uncommented
 * (lib/vm's parser of the setting, the one vm check uses). */
static void check_acl(struct host_doctor *d, struct host_report *r, const struct kvmfr_ctx *k)
{
	struct host_finding *f;
	char *text;
	bool listed;
	int has;

	if (host_read(d->root, VM_QEMU_CONF_PATH, &text, NULL)) {
		f = host_report_add(r, "kvmfr.cgroup_acl", HOST_SKIP,
				    "libvirt is not installed (no /etc/libvirt/qemu.conf).");
		return;
	}
	has = vm_qemu_conf_acl_has(text, "/dev/kvmfr0");
	free(text);
	listed = has == 1;
	f = host_report_add(r, "kvmfr.cgroup_acl", listed ? HOST_PASS : k->bad,
			    listed ?
				    "libvirt lets QEMU open /dev/kvmfr0 (cgroup_device_acl)." :
				    "libvirt's cgroup_device_acl does not list /dev/kvmfr0: the VM "
				    "cannot start with it.");
	host_finding_evidence(f, "/etc/libvirt/qemu.conf: %s",
			      listed	     ? "cgroup_device_acl lists /dev/kvmfr0" :
			      !has	     ? "cgroup_device_acl without /dev/kvmfr0" :
			      has == -ENOENT ? "cgroup_device_acl commented out" :
					       "cgroup_device_acl cannot be parsed");
	if (!listed)
		host_finding_hint(
			f, "in /etc/libvirt/qemu.conf set cgroup_device_acl = [ "
			   "\"/dev/null\", \"/dev/full\", \"/dev/zero\", \"/dev/random\", "
			   "\"/dev/urandom\", \"/dev/ptmx\", \"/dev/kvm\", \"/dev/kvmfr0\" ] "
			   "then systemctl restart libvirtd");
}

/* Looking Glass is in use when its module is there or a domain has its shm. */
static void lg_used(const struct host_doctor *d, bool installed, bool loaded, struct kvmfr_ctx *k)
{
	static const char *const dirs[] = { "/etc/libvirt/qemu", "/etc/pve/qemu-server", NULL };
	static const char *const keys[] = { "kvmfr", "ivshmem", "looking-glass", NULL };
	size_t i, j;

	k->used = installed || loaded;
	snprintf(k->used_by, sizeof(k->used_by), "%s",
		 loaded	   ? "kvmfr is loaded" :
		 installed ? "kvmfr is installed" :
			     "");
	for (i = 0; dirs[i] && !k->used; i++) {
		char p[HOST_PATH_MAX], f[400], *text;
		struct dirent *e;
		DIR *dir;

		host_path(d->root, dirs[i], p, sizeof(p));
		dir = opendir(p);
		while (dir && !k->used && (e = readdir(dir))) {
			if (e->d_name[0] == '.')
				continue;
			snprintf(f, sizeof(f), "%s/%.200s", dirs[i], e->d_name);
			if (host_read(d->root, f, &text, NULL))
				continue;
			for (j = 0; keys[j] && !k->used; j++)
				if (strstr(text, keys[j])) {
					k->used = true;
					snprintf(k->used_by, sizeof(k->used_by), "%s uses %s", f,
						 keys[j]);
				}
			free(text);
		}
		if (dir)
			closedir(dir);
	}
	k->bad = k->used ? HOST_FAIL : HOST_WARN;
}

void host_check_kvmfr(struct host_doctor *d, struct host_report *r)
{
	struct host_finding *f;
	struct kvmfr_ctx k;
	char file[256];
	bool installed = d->have_release &&
			 !host_module_file(d->root, d->release, "kvmfr", file, sizeof(file));
	bool loaded = host_module_loaded(d->root, "kvmfr");

	lg_used(d, installed, loaded, &k);
	f = host_report_add(r, "kvmfr.installed", installed ? HOST_PASS : k.bad,
			    installed ? "The kvmfr module is installed." :
			    k.used    ? "The kvmfr module (Looking Glass) is not installed." :
					"The kvmfr module (Looking Glass) is not installed; no VM "
					"here uses Looking Glass.");
	host_finding_evidence(f, "/lib/modules/%s/modules.dep: %s", d->release,
			      installed ? file : "no kvmfr");
	if (k.used_by[0] && !installed)
		host_finding_evidence(f, "%s", k.used_by);
	if (!installed)
		host_finding_hint(f,
				  "for Looking Glass: from the Looking Glass B7 source, cd module "
				  "&& dkms install .");
	f = host_report_add(r, "kvmfr.loaded", loaded ? HOST_PASS : k.bad,
			    loaded ? "kvmfr is loaded." : "kvmfr is not loaded.");
	host_finding_evidence(f, "/proc/modules: %s", loaded ? "kvmfr" : "no kvmfr");
	if (!loaded)
		host_finding_hint(f,
				  "modprobe kvmfr && echo kvmfr > /etc/modules-load.d/kvmfr.conf");
	check_size(d, r, &k);
	if (loaded)
		check_node(d, r, &k);
	check_acl(d, r, &k);
}
