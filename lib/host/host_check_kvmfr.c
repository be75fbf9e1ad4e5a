// SPDX-License-Identifier: MIT
/*
 * Looking Glass host side: the kvmfr module, /dev/kvmfr0, its size against
 * the resolution (the LG B7 formula, lib/vm/vm_shm.c), and libvirt's
 * device cgroup.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>

#include "host/host_doctor_internal.h"
#include "host/host_fs.h"
#include "host/host_module.h"
#include "vm/vm_shm.h"

#define UDEV_RULE "/etc/udev/rules.d/70-kvmfr.rules"
#define UDEV_TEXT "SUBSYSTEM==\"kvmfr\", GROUP=\"kvm\", MODE=\"0660\""

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

static void check_size(struct host_doctor *d, struct host_report *r)
{
	uint64_t need = vm_shm_size_mib(d->o.width, d->o.height, d->o.hdr);
	struct host_finding *f;
	char src[300] = "";
	long mb = static_size(d, src, sizeof(src));

	if (mb < 0) {
		f = host_report_add(r, "kvmfr.size", HOST_FAIL,
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
			r, "kvmfr.size", HOST_FAIL,
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
}

static void check_node(struct host_doctor *d, struct host_report *r)
{
	struct host_finding *f;
	struct stat st;
	long kvm = doctor_gid(d->root, "kvm"), qemu = doctor_gid(d->root, "libvirt-qemu");

	if (host_stat(d->root, "/dev/kvmfr0", &st)) {
		f = host_report_add(r, "kvmfr.device", HOST_FAIL, "/dev/kvmfr0 does not exist.");
		host_finding_evidence(f, "/dev/kvmfr0: absent");
		host_finding_hint(f, "modprobe kvmfr (with static_size_mb set, see kvmfr.size)");
		return;
	}
	if (!S_ISCHR(st.st_mode)) {
		f = host_report_add(r, "kvmfr.device", HOST_FAIL,
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

	/* QEMU runs as libvirt-qemu in group kvm on Debian: either group works. */
	if ((st.st_mode & 07777) == 0660 &&
	    ((kvm >= 0 && st.st_gid == (gid_t)kvm) || (qemu >= 0 && st.st_gid == (gid_t)qemu))) {
		f = host_report_add(r, "kvmfr.permissions", HOST_PASS,
				    "/dev/kvmfr0 is 0660 for QEMU's group.");
	} else {
		f = host_report_add(r, "kvmfr.permissions", HOST_FAIL,
				    "/dev/kvmfr0 is not 0660 for group kvm: QEMU and the Looking "
				    "Glass client cannot open it.");
		host_finding_hint(f, "echo '" UDEV_TEXT "' > " UDEV_RULE
				     " && udevadm control --reload && udevadm trigger -s kvmfr");
	}
	host_finding_evidence(f, "/dev/kvmfr0: mode %04o gid %u (kvm=%ld, libvirt-qemu=%ld)",
			      st.st_mode & 07777, st.st_gid, kvm, qemu);
}

/* cgroup_device_acl = [ "/dev/null", ..., "/dev/kvmfr0" ], uncommented. */
static void check_acl(struct host_doctor *d, struct host_report *r)
{
	struct host_finding *f;
	char *text, *s, *line;
	bool set = false, listed = false;

	if (host_read(d->root, "/etc/libvirt/qemu.conf", &text, NULL)) {
		f = host_report_add(r, "kvmfr.cgroup_acl", HOST_SKIP,
				    "libvirt is not installed (no /etc/libvirt/qemu.conf).");
		return;
	}
	for (line = text; line && *line; line = s ? s + 1 : NULL) {
		s = strchr(line, '\n');
		while (*line == ' ' || *line == '\t')
			line++;
		if (strncmp(line, "cgroup_device_acl", 17))
			continue;
		set = true;
		/* The list runs until its closing bracket, over several lines. */
		s = strchr(line, ']');
		if (s) {
			char save = *s;

			*s = '\0';
			listed = strstr(line, "\"/dev/kvmfr0\"") != NULL;
			*s = save;
		}
		break;
	}
	free(text);
	f = host_report_add(r, "kvmfr.cgroup_acl", listed ? HOST_PASS : HOST_FAIL,
			    listed ?
				    "libvirt lets QEMU open /dev/kvmfr0 (cgroup_device_acl)." :
				    "libvirt's cgroup_device_acl does not list /dev/kvmfr0: the VM "
				    "cannot start with it.");
	host_finding_evidence(f, "/etc/libvirt/qemu.conf: %s",
			      listed ? "cgroup_device_acl lists /dev/kvmfr0" :
			      set    ? "cgroup_device_acl without /dev/kvmfr0" :
				       "cgroup_device_acl commented out");
	if (!listed)
		host_finding_hint(
			f, "in /etc/libvirt/qemu.conf set cgroup_device_acl = [ "
			   "\"/dev/null\", \"/dev/full\", \"/dev/zero\", \"/dev/random\", "
			   "\"/dev/urandom\", \"/dev/ptmx\", \"/dev/kvm\", \"/dev/kvmfr0\" ] "
			   "then systemctl restart libvirtd");
}

void host_check_kvmfr(struct host_doctor *d, struct host_report *r)
{
	struct host_finding *f;
	char file[256];
	bool installed = d->have_release &&
			 !host_module_file(d->root, d->release, "kvmfr", file, sizeof(file));
	bool loaded = host_module_loaded(d->root, "kvmfr");

	f = host_report_add(r, "kvmfr.installed", installed ? HOST_PASS : HOST_FAIL,
			    installed ? "The kvmfr module is installed." :
					"The kvmfr module (Looking Glass) is not installed.");
	host_finding_evidence(f, "/lib/modules/%s/modules.dep: %s", d->release,
			      installed ? file : "no kvmfr");
	if (!installed)
		host_finding_hint(f,
				  "from the Looking Glass B7 source: cd module && dkms install .");
	f = host_report_add(r, "kvmfr.loaded", loaded ? HOST_PASS : HOST_FAIL,
			    loaded ? "kvmfr is loaded." : "kvmfr is not loaded.");
	host_finding_evidence(f, "/proc/modules: %s", loaded ? "kvmfr" : "no kvmfr");
	if (!loaded)
		host_finding_hint(f,
				  "modprobe kvmfr && echo kvmfr > /etc/modules-load.d/kvmfr.conf");
	check_size(d, r);
	if (loaded)
		check_node(d, r);
	check_acl(d, r);
}
