// SPDX-License-Identifier: MIT
/*
 * The driver steps: the firmware package, the i915-sriov-dkms module and
 * i915's options (modprobe.d, then the initramfs, which loads i915 early).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/host_fs.h"
#include "host/host_igpu.h"
#include "setup/setup_steps.h"

#define OPTIONS_CONF "/etc/modprobe.d/i915-sriov.conf"

/*
 * The unattended install of package @name (the user said yes to the whole
 * plan). Without a known package manager there is nothing to run: the
 * step needs the user, and says what to install.
 */
static int install_named(struct setup_step *s, const struct host_distro *d, const char *name)
{
	char cmd[SETUP_CMD_MAX];
	int ret = host_distro_install_named(d, name, true, cmd, sizeof(cmd));

	if (ret == -EOPNOTSUPP) {
		setup_step_reason(s, SETUP_USER, "no known package manager: %s.", cmd);
		return 1;
	}
	if (ret)
		return ret;
	/* removing a package could break other users of it: no inverse */
	return setup_step_cmd(s, cmd, NULL);
}

static int install_cmd(struct setup_step *s, const struct host_distro *d, enum host_pkg pkg)
{
	return install_named(s, d, host_distro_pkg(d, pkg));
}

/*
 * The headers of the root's kernel (p->release), by the name its
 * distribution gives them: never "$(uname -r)", which under --root (a
 * chroot) would name the kernel of the machine running vfctl.
 */
static int install_headers(struct setup_step *s, const struct setup_plan *p)
{
	char name[192];
	int ret = host_distro_headers_pkg(&p->distro, p->release, name, sizeof(name));

	return ret ? ret : install_named(s, &p->distro, name);
}

/* A firmware file in any of the compressions the kernel loads. */
static bool firmware_has(const char *root, const char *name)
{
	static const char *const ext[] = { "", ".xz", ".zst" };
	char path[256];

	for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		snprintf(path, sizeof(path), "/lib/firmware/i915/%s%s", name, ext[i]);
		if (host_exists(root, path))
			return true;
	}
	return false;
}

int setup_build_firmware(struct setup_plan *p, struct setup_step *s)
{
	int ret;

	/* Raptor Lake-S loads the TGL GuC; Alder Lake-P/N their own */
	if (firmware_has(p->o.root, "tgl_guc_70.bin") ||
	    firmware_has(p->o.root, "adlp_guc_70.bin")) {
		setup_step_reason(s, SETUP_DONE, "the i915 GuC firmware is installed.");
		return 0;
	}
	ret = install_cmd(s, &p->distro, HOST_PKG_FIRMWARE);
	if (ret)
		return ret < 0 ? ret : 0;
	setup_step_reason(s, SETUP_TODO, "no i915 GuC firmware in /lib/firmware/i915: %s.",
			  host_distro_pkg(&p->distro, HOST_PKG_FIRMWARE));
	return 0;
}

/* The DKMS i915 for the root's kernel: updates/dkms/i915.ko[.xz|.zst]. */
static bool dkms_installed(const struct setup_plan *p)
{
	static const char *const ext[] = { ".ko", ".ko.xz", ".ko.zst", ".ko.gz" };
	char path[256];

	if (!p->release[0])
		return false;
	for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		snprintf(path, sizeof(path), "/lib/modules/%s/updates/dkms/i915%s", p->release,
			 ext[i]);
		if (host_exists(p->o.root, path))
			return true;
	}
	return false;
}

/* PACKAGE_NAME or PACKAGE_VERSION of a dkms.conf, quotes removed. */
static bool conf_value(const char *text, const char *key, char *buf, size_t size)
{
	size_t kl = strlen(key);

	for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		if (strncmp(l, key, kl) || l[kl] != '=')
			continue;
		l += kl + 1;
		if (*l == '"' || *l == '\'')
			l++;
		snprintf(buf, size, "%.*s", (int)strcspn(l, "\"'\n"), l);
		/* the name and version go into a shell command */
		for (char *c = buf; *c; c++)
			if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+-~",
				    *c))
				return false;
		return buf[0] != '\0';
	}
	return false;
}

int setup_build_dkms(struct setup_plan *p, struct setup_step *s)
{
	char conf[600], name[64], ver[64], cmd[SETUP_CMD_MAX], undo[SETUP_CMD_MAX], headers[256];
	char *text;
	int ret;

	if (dkms_installed(p)) {
		setup_step_reason(s, SETUP_DONE, "the DKMS i915 is installed for %s.", p->release);
		return 0;
	}
	if (!p->o.dkms_src) {
		setup_step_reason(s, SETUP_USER,
				  "needs the driver's source: clone i915-sriov-dkms and pass "
				  "--dkms-src DIR.");
		return 0;
	}
	snprintf(conf, sizeof(conf), "%s/dkms.conf", p->o.dkms_src);
	if (strchr(p->o.dkms_src, '\'') || host_read(p->o.root, conf, &text, NULL)) {
		setup_step_reason(s, SETUP_USER, "%s is not a DKMS source tree (no dkms.conf).",
				  p->o.dkms_src);
		return 0;
	}
	ret = conf_value(text, "PACKAGE_NAME", name, sizeof(name)) &&
	      conf_value(text, "PACKAGE_VERSION", ver, sizeof(ver));
	free(text);
	if (!ret) {
		setup_step_reason(s, SETUP_USER,
				  "%s has no usable PACKAGE_NAME and PACKAGE_VERSION.", conf);
		return 0;
	}
	if (!p->release[0]) {
		/* nothing to name: $(uname -r) in a chroot is the machine's kernel */
		setup_step_reason(s, SETUP_USER,
				  "no kernel to build for: %s has no /proc/sys/kernel/osrelease, "
				  "no /vmlinuz link and no /lib/modules/REL with its image.",
				  p->o.root && strcmp(p->o.root, "/") ? p->o.root : "the system");
		return 0;
	}
	if (!host_exists(p->o.root, "/usr/sbin/dkms") && !host_exists(p->o.root, "/usr/bin/dkms")) {
		ret = install_cmd(s, &p->distro, HOST_PKG_DKMS);
		if (ret)
			return ret < 0 ? ret : 0;
	}
	snprintf(headers, sizeof(headers), "/lib/modules/%s/build", p->release);
	if (!host_exists(p->o.root, headers)) {
		ret = install_headers(s, p);
		if (ret)
			return ret < 0 ? ret : 0;
	}
	snprintf(cmd, sizeof(cmd), "dkms add '%s'", p->o.dkms_src);
	snprintf(undo, sizeof(undo), "dkms remove %s/%s --all", name, ver);
	ret = setup_step_cmd(s, cmd, undo);
	/* for the root's kernel: without -k dkms builds for uname -r, which
	 * in a chroot is the kernel of the machine running vfctl */
	snprintf(cmd, sizeof(cmd), "dkms install %s/%s -k '%s'", name, ver, p->release);
	if (!ret)
		ret = setup_step_cmd(s, cmd, NULL);
	s->reboot = true;
	setup_step_reason(s, SETUP_TODO, "dkms builds and installs %s %s for %s.", name, ver,
			  p->release);
	return ret;
}

int setup_build_options(struct setup_plan *p, struct setup_step *s)
{
	char text[256], said[256];
	int ret;

	snprintf(text, sizeof(text),
		 "# Written by vfctl setup: i915 as the SR-IOV PF (GuC submission and HuC,\n"
		 "# up to %u VFs).\n"
		 "options i915 enable_guc=3 max_vfs=%u\n",
		 HOST_IGPU_MAX_VFS, HOST_IGPU_MAX_VFS);
	ret = setup_step_write(p, s, OPTIONS_CONF, text, 0644);
	if (!ret)
		ret = setup_initramfs_carry(p, s, OPTIONS_CONF);
	if (ret)
		return ret;
	s->reboot = true;
	if (!s->nfile) {
		setup_step_reason(s, SETUP_DONE, "%s sets enable_guc=3 max_vfs=%u.", OPTIONS_CONF,
				  HOST_IGPU_MAX_VFS);
		return 0;
	}
	/* the initramfs loads i915 before the root is mounted, with the
	 * modprobe.d it holds (initramfs-tools copies it; dracut and
	 * mkinitcpio get the drop-in above): rebuild it, and again after undo
	 * restored the options */
	setup_initramfs_said(p, said, sizeof(said));
	setup_step_reason(s, SETUP_TODO, "i915 gets enable_guc=3 max_vfs=%u; %s.",
			  HOST_IGPU_MAX_VFS, said);
	return setup_initramfs_rebuild(p, s);
}
