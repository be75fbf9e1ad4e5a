// SPDX-License-Identifier: MIT
/*
 * The host tree lint, driver half (see host_tree_lint.h): driver links and
 * driver directories (drivers/base/bus.c, dd.c), the module a bound driver
 * needs, vfio-pci's need of an IOMMU group (drivers/vfio/), what the bound
 * PF driver allows sriov_numvfs and sriov_totalvfs to be (iov.c's store,
 * i915_sriov.c and xe_sriov_pf.c of i915-sriov-dkms), the parameters and
 * taint of i915 and xe under /sys/module (kernel/params.c, i915_params.c,
 * xe_module.c) and their agreement with /proc/cmdline.
 */
#include <dirent.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/host_igpu.h"
#include "host_tree_lint_internal.h"

/* Only in i915-sriov-dkms's i915_params.c, never in the kernel's i915. */
static const char *const i915_dkms_only[] = { "max_vfs", "enable_mtl_rcs_ccs_wa", "vfs_flr_mask" };

/* Every i915 parameter with a sysfs file, stock or DKMS (i915_params.c,
 * display/intel_display_params.c); a name outside is no i915's. */
static const char *const i915_params[] = {
	"modeset",
	"reset",
	"max_vfs",
	"enable_mtl_rcs_ccs_wa",
	"error_capture",
	"enable_hangcheck",
	"force_probe",
	"memtest",
	"mmio_debug",
	"enable_guc",
	"enable_rc6",
	"guc_log_level",
	"guc_firmware_path",
	"huc_firmware_path",
	"gsc_firmware_path",
	"dmc_firmware_path",
	"inject_probe_failure",
	"enable_gvt",
	"request_timeout_ms",
	"vfs_flr_mask",
	"lmem_size",
	"lmem_bar_size",
	"enable_debug_only_api",
	"vbt_firmware",
	"lvds_channel_mode",
	"panel_use_ssc",
	"vbt_sdvo_panel_type",
	"enable_dc",
	"enable_dpt",
	"enable_dsb",
	"enable_flipq",
	"enable_sagv",
	"disable_power_well",
	"enable_ips",
	"invert_brightness",
	"edp_vswing",
	"enable_dpcd_backlight",
	"load_detect_test",
	"force_reset_modeset_test",
	"disable_display",
	"verbose_state_checks",
	"nuclear_pageflip",
	"enable_dp_mst",
	"enable_fbc",
	"enable_psr",
	"enable_panel_replay",
	"psr_safest_params",
	"enable_psr2_sel_fetch",
	"enable_dmc_wl",
};

/* xe_module.c (max_vfs with CONFIG_PCI_IOV, as every distribution builds it). */
static const char *const xe_params[] = {
	"svm_notifier_size", "force_execlist",	  "probe_display",     "vram_bar_size",
	"guc_log_level",     "guc_firmware_path", "huc_firmware_path", "gsc_firmware_path",
	"force_probe",	     "max_vfs",		  "wedged_mode",
};

/* Integer parameters: "%d\n" / "%u\n" (kernel/params.c param_get_int/uint). */
static const char *const int_params[] = { "enable_guc", "max_vfs", "modeset", "reset",
					  "guc_log_level" };

#define N(a) (sizeof(a) / sizeof((a)[0]))

static bool in(const char *name, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(name, list[i]))
			return true;
	return false;
}

bool lint_module_loaded(const struct host_tree_lint *l, const char *module)
{
	char text[8192], *line, *save;
	size_t len = strlen(module);

	if (!lint_read(l, "proc/modules", text, sizeof(text)))
		return true; /* the tree does not say */
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		if (!strncmp(line, module, len) && line[len] == ' ')
			return true;
	return false;
}

/* The value of "<key>=" on the command line, the last one as the kernel
 * and modprobe take it; NULL when absent. */
static const char *cmdline_value(const char *cmdline, const char *key, char *buf, size_t size)
{
	size_t klen = strlen(key);
	const char *s = cmdline, *found = NULL;

	while (*s) {
		size_t w;

		s += strspn(s, " \n");
		w = strcspn(s, " \n");
		if (w > klen && !strncmp(s, key, klen) && s[klen] == '=') {
			lint_path(buf, size, "%.*s", (int)(w - klen - 1), s + klen + 1);
			found = buf;
		}
		s += w;
	}
	return found;
}

static bool read_cmdline(const struct host_tree_lint *l, char *buf, size_t size)
{
	return lint_read(l, "proc/cmdline", buf, size);
}

/* A bound driver: drivers/<name> with bind and unbind (bus.c
 * add_bind_files), its module loaded, vfio-pci only with an IOMMU group. */
void lint_driver(struct host_tree_lint *l, struct lint_dev *d)
{
	char p[LINT_PATH], to[LINT_PATH], f[LINT_PATH + 16], module[64], cmd[4096], list[512];
	const char *name;
	char *c;

	lint_path(p, sizeof(p), "%s/driver", d->dir);
	if (!lint_exists(l, p))
		return;
	if (!lint_resolve(l, p, to, sizeof(to)) || strncmp(to, "sys/bus/pci/drivers/", 20) ||
	    strchr(to + 20, '/') || !lint_is_dir(l, to)) {
		lint_fail(l, "driver.link", p, "does not lead to a sys/bus/pci/drivers/<name>");
		return;
	}
	name = to + 20;
	lint_path(d->driver, sizeof(d->driver), "%s", name);
	lint_path(f, sizeof(f), "%s/bind", to);
	if (!lint_exists(l, f))
		lint_fail(l, "driver.link", f, "missing (every PCI driver has bind and unbind)");
	lint_path(f, sizeof(f), "%s/unbind", to);
	if (!lint_exists(l, f))
		lint_fail(l, "driver.link", f, "missing (every PCI driver has bind and unbind)");
	lint_path(module, sizeof(module), "%s", name);
	for (c = module; *c; c++)
		if (*c == '-')
			*c = '_';
	if (!lint_module_loaded(l, module))
		lint_fail(l, "driver.module", p, "bound to %s, but /proc/modules has no %s", name,
			  module);
	if (read_cmdline(l, cmd, sizeof(cmd)) &&
	    cmdline_value(cmd, "module_blacklist", list, sizeof(list))) {
		for (c = strtok(list, ","); c; c = strtok(NULL, ","))
			if (!strcmp(c, module))
				lint_fail(l, "driver.module", p,
					  "bound to %s, which the command line blacklists", name);
	}
	lint_path(f, sizeof(f), "%s/iommu_group", d->dir);
	if (!strcmp(name, "vfio-pci") && !lint_exists(l, f))
		lint_fail(l, "vfio.iommu", p,
			  "vfio-pci is bound, but the device has no IOMMU group (vfio-pci's probe "
			  "fails without one)");
}

static bool param(const struct host_tree_lint *l, const char *module, const char *name, char *buf,
		  size_t size)
{
	char p[LINT_PATH];

	lint_path(p, sizeof(p), "sys/module/%s/parameters/%s", module, name);
	return lint_read(l, p, buf, size);
}

/* xe binds a platform of xe_pci.c with require_force_probe only when
 * xe.force_probe names its device ID (or is "*"). */
static void xe_force_probe(struct host_tree_lint *l, const struct lint_dev *d)
{
	char p[LINT_PATH], text[32], cmd[4096], fp[256], id[8], *tok;
	const struct host_igpu *g;
	bool named = false;

	lint_path(p, sizeof(p), "%s/device", d->dir);
	if (!lint_read(l, p, text, sizeof(text)) ||
	    !(g = host_igpu_lookup((uint16_t)strtoul(text, NULL, 16))) || !g->xe_force_probe)
		return;
	if (!read_cmdline(l, cmd, sizeof(cmd)))
		return;
	lint_path(id, sizeof(id), "%04x", g->device);
	if (cmdline_value(cmd, "xe.force_probe", fp, sizeof(fp)))
		for (tok = strtok(fp, ","); tok; tok = strtok(NULL, ","))
			named |= !strcmp(tok, "*") || !strcasecmp(tok, id) ||
				 (!strncasecmp(tok, "0x", 2) && !strcasecmp(tok + 2, id));
	if (!named)
		lint_fail(
			l, "driver.force_probe", d->dir,
			"xe drives %s (%s) only with xe.force_probe=%s, which /proc/cmdline lacks",
			g->platform, id, id);
}

static bool out_of_tree(const struct host_tree_lint *l, const char *m)
{
	char p[LINT_PATH], text[64];

	lint_path(p, sizeof(p), "sys/module/%s/taint", m);
	return lint_read(l, p, text, sizeof(text)) && strchr(text, 'O');
}

/* What the bound driver lets sriov_numvfs and sriov_totalvfs be. */
void lint_pf_driver(struct host_tree_lint *l, const struct lint_dev *d)
{
	char max[32];
	unsigned long m;

	if (!d->driver[0]) {
		if (d->num)
			lint_fail(l, "sriov.driver", d->dir,
				  "%lu VFs with no driver bound: the store needs the driver's "
				  "sriov_configure",
				  d->num);
		return;
	}
	if (!strcmp(d->driver, "xe"))
		xe_force_probe(l, d);
	if (!strcmp(d->driver, "vfio-pci")) {
		if (d->num &&
		    (!param(l, "vfio_pci", "enable_sriov", max, sizeof(max)) || strcmp(max, "Y\n")))
			lint_fail(l, "sriov.driver", d->dir,
				  "%lu VFs under vfio-pci without vfio-pci.enable_sriov=1", d->num);
		return;
	}
	if (strcmp(d->driver, "i915") && strcmp(d->driver, "xe"))
		return;
	if (!param(l, d->driver, "max_vfs", max, sizeof(max))) {
		/* the kernel's own i915: no sriov_configure, no pci_sriov_set_totalvfs */
		if (d->num)
			lint_fail(l, "sriov.driver", d->dir,
				  "%lu VFs under an i915 without max_vfs (the stock module has no "
				  "sriov_configure)",
				  d->num);
		return;
	}
	if (!lint_uint(max, &m))
		return; /* reported by lint_modules */
	/* the rest is what the DKMS drivers' sources say; the kernel's own xe
	 * differs between versions, so only the out-of-tree one is held to it */
	if (!strcmp(d->driver, "xe") && !out_of_tree(l, "xe"))
		return;
	/* pf_verify_readiness / xe_sriov_pf_readiness: min(max_vfs, TotalVFs), 0 to
	 * continue as native */
	if (m == 0 && d->total)
		lint_fail(l, "sriov.driver", d->dir,
			  "%s.max_vfs=0 sets sriov_totalvfs to 0 (continuing as native), not %lu",
			  d->driver, d->total);
	else if (d->total > m)
		lint_fail(l, "sriov.driver", d->dir, "sriov_totalvfs %lu above %s.max_vfs=%lu",
			  d->total, d->driver, m);
}

/* /sys/module/<m>: taint, parameters of the module the tree claims. */
static void module(struct host_tree_lint *l, const char *m, const char *const *names, size_t n)
{
	char dir[64], p[LINT_PATH], text[256], list[LINT_NAMES][LINT_NAMES];
	unsigned int k, i;
	bool dkms, out_of_tree = false, have_taint;

	lint_path(dir, sizeof(dir), "sys/module/%s", m);
	lint_path(p, sizeof(p), "%s/taint", dir);
	have_taint = lint_read(l, p, text, sizeof(text));
	if (have_taint) {
		if (text[strspn(text, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")] != '\n' ||
		    text[strspn(text, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") + 1])
			lint_fail(l, "module.format", p, "\"%.*s\" is not taint letters and \\n",
				  (int)strcspn(text, "\n"), text);
		out_of_tree = strchr(text, 'O');
	}
	if (lint_is_dir(l, dir) && !lint_module_loaded(l, m))
		lint_fail(l, "module.loaded", dir, "present, but /proc/modules has no %s", m);
	if (!lint_is_dir(l, dir) && strcmp(m, "vfio_pci") && lint_module_loaded(l, m) &&
	    lint_exists(l, "proc/modules"))
		lint_fail(l, "module.loaded", dir, "missing, but /proc/modules lists %s", m);
	lint_path(p, sizeof(p), "%s/parameters", dir);
	k = lint_list(l, p, list, LINT_NAMES);
	for (i = 0; i < k; i++) {
		char f[LINT_PATH + LINT_NAMES];
		long v;

		lint_path(f, sizeof(f), "%s/%s", p, list[i]);
		if (!in(list[i], names, n)) {
			lint_fail(l, "module.params", f, "%s has no parameter %s", m, list[i]);
			continue;
		}
		if (in(list[i], int_params, N(int_params)) &&
		    (!lint_read(l, f, text, sizeof(text)) || !lint_int(text, &v)))
			lint_fail(l, "module.format", f, "not an integer as the kernel prints it");
	}
	if (strcmp(m, "i915") || !k)
		return;
	lint_path(p, sizeof(p), "%s/parameters/enable_guc", dir);
	if (!lint_exists(l, p))
		lint_fail(l, "module.params", p, "missing (both i915s have enable_guc)");
	lint_path(p, sizeof(p), "%s/parameters/max_vfs", dir);
	dkms = lint_exists(l, p);
	for (i = 0; i < N(i915_dkms_only); i++) {
		lint_path(p, sizeof(p), "%s/parameters/%s", dir, i915_dkms_only[i]);
		if (!dkms && lint_exists(l, p))
			lint_fail(l, "module.params", p,
				  "the DKMS i915's, but the tree has no max_vfs");
	}
	if (have_taint && dkms != out_of_tree)
		lint_fail(l, "module.taint", dir,
			  dkms ? "the DKMS i915 (max_vfs) is out of tree: its taint has O" :
				 "the stock i915 (no max_vfs) is in tree: no O in its taint");
}

void lint_modules(struct host_tree_lint *l)
{
	module(l, "i915", i915_params, N(i915_params));
	module(l, "xe", xe_params, N(xe_params));
	module(l, "vfio_pci",
	       (const char *const[]){ "enable_sriov", "disable_vga", "disable_idle_d3",
				      "nointxmask", "disable_denylist", "ids" },
	       6);
}

/* A process holding /dev/vfio/N holds a group with a device on vfio-pci
 * (vfio/group.c creates the node per group of a vfio-bound device); one
 * holding /dev/vfio/devices/vfioN, a device with that vfio-dev cdev. */
void lint_vfio_users(struct host_tree_lint *l)
{
	char pids[LINT_NAMES][LINT_NAMES], fds[LINT_NAMES][LINT_NAMES], p[LINT_PATH],
		link[LINT_PATH], target[LINT_PATH], dev[LINT_PATH];
	unsigned int np = lint_list(l, "proc", pids, LINT_NAMES), i, j, nf, k, nm;

	for (i = 0; i < np; i++) {
		if (pids[i][0] < '1' || pids[i][0] > '9')
			continue;
		lint_path(p, sizeof(p), "proc/%s/fd", pids[i]);
		nf = lint_list(l, p, fds, LINT_NAMES);
		for (j = 0; j < nf; j++) {
			char members[16][LINT_NAMES], full[LINT_PATH * 2];
			bool vfio = false;
			ssize_t n;

			lint_path(link, sizeof(link), "%s/%s", p, fds[j]);
			lint_path(full, sizeof(full), "%s/%s", l->root, link);
			n = readlink(full, target, sizeof(target) - 1);
			if (n <= 0)
				continue;
			target[n] = '\0';
			if (strncmp(target, "/dev/vfio/", 10) ||
			    !strcmp(target, "/dev/vfio/vfio") ||
			    !strncmp(target, "/dev/vfio/devices/", 18))
				continue;
			lint_path(dev, sizeof(dev), "sys/kernel/iommu_groups/%s/devices",
				  target + 10);
			nm = lint_list(l, dev, members, 16);
			for (k = 0; k < nm; k++) {
				char m[LINT_PATH + LINT_NAMES], drv[LINT_PATH + 8], to[LINT_PATH];

				/* the member link first: the driver link is relative to the
				 * device's own directory */
				lint_path(m, sizeof(m), "%s/%s", dev, members[k]);
				if (!lint_resolve(l, m, to, sizeof(to)))
					continue;
				lint_path(drv, sizeof(drv), "%s/driver", to);
				vfio |= lint_resolve(l, drv, to, sizeof(to)) &&
					!strcmp(to, "sys/bus/pci/drivers/vfio-pci");
			}
			if (!vfio)
				lint_fail(l, "vfio.group", link,
					  "holds %s, but IOMMU group %s has no device on vfio-pci",
					  target, target + 10);
		}
	}
}

/* Does a modprobe.d file set <m>.<p> (then it, not the command line, may win)? */
static bool modprobe_sets(const struct host_tree_lint *l, const char *m, const char *p)
{
	char names[LINT_NAMES][LINT_NAMES], f[LINT_PATH], text[8192], want[96], key[80];
	unsigned int n = lint_list(l, "etc/modprobe.d", names, LINT_NAMES), i;

	lint_path(want, sizeof(want), "options %s ", m);
	lint_path(key, sizeof(key), " %s=", p);
	for (i = 0; i < n; i++) {
		char *line, *save;

		lint_path(f, sizeof(f), "etc/modprobe.d/%s", names[i]);
		if (!lint_read(l, f, text, sizeof(text)))
			continue;
		for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
			if (!strncmp(line, want, strlen(want)) && strstr(line, key))
				return true;
	}
	return false;
}

/* /proc/cmdline is one line; a loaded module shows what it set. */
void lint_cmdline(struct host_tree_lint *l)
{
	static const char *const keys[][2] = {
		{ "i915", "enable_guc" },
		{ "i915", "max_vfs" },
		{ "xe", "max_vfs" },
	};
	char cmd[4096], want[128], have[64], list[512], key[64], p[LINT_PATH], *c;
	size_t i;

	if (!read_cmdline(l, cmd, sizeof(cmd)))
		return;
	if (!cmd[0] || strchr(cmd, '\n') != cmd + strlen(cmd) - 1)
		lint_fail(l, "cmdline.format", "proc/cmdline", "not one line ending in \\n");
	for (i = 0; i < N(keys); i++) {
		long a, b;

		lint_path(key, sizeof(key), "%s.%s", keys[i][0], keys[i][1]);
		if (!cmdline_value(cmd, key, want, sizeof(want) - 1) ||
		    !param(l, keys[i][0], keys[i][1], have, sizeof(have)) ||
		    modprobe_sets(l, keys[i][0], keys[i][1]))
			continue;
		strcat(want, "\n");
		if (!lint_int(want, &a) || !lint_int(have, &b) || a != b)
			lint_fail(l, "module.cmdline", "proc/cmdline",
				  "%s=%.*s, but /sys/module/%s/parameters/%s is %.*s", key,
				  (int)strcspn(want, "\n"), want, keys[i][0], keys[i][1],
				  (int)strcspn(have, "\n"), have);
	}
	if (cmdline_value(cmd, "module_blacklist", list, sizeof(list)))
		for (c = strtok(list, ","); c; c = strtok(NULL, ",")) {
			lint_path(p, sizeof(p), "sys/module/%s", c);
			if (lint_is_dir(l, p) && lint_exists(l, "proc/modules"))
				lint_fail(l, "module.blacklist", p,
					  "present, but the command line blacklists %s", c);
		}
}
