// SPDX-License-Identifier: MIT
/*
 * Boot checks: the guide's steps 2 (kernel config), 3 (firmware) and 6
 * (kernel command line).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/host_doctor_internal.h"
#include "host/host_fs.h"
#include "host/host_module.h"

/* The guide's optional parameters, each with the reason it is there. */
static const struct {
	const char *key, *value, *role;
} optional[] = {
	{ "iommu", "pt", "IOMMU passthrough for host devices (less overhead)" },
	{ "clocksource", "tsc", "stable guest timing" },
	{ "nohpet", NULL, "stable guest timing" },
	{ "kvm.ignore_msrs", "1", "Windows guests touch MSRs KVM does not emulate" },
	{ "kvm.report_ignored_msrs", "0", "keeps the log quiet about ignored MSRs" },
	{ "split_lock_detect", "off", "no split-lock slowdowns of guests" },
	{ "initcall_blacklist", "sysfb_init", "keeps the firmware framebuffer off the iGPU" },
	{ "vfio-pci.enable_sriov", "1", "lets vfio-pci own SR-IOV PFs (not needed for the iGPU)" },
	{ "i915.modeset", "1", "i915 drives the display (0 would stop the PF driver)" },
	{ "i915.reset", "1", "GPU reset after hangs" },
	{ "transparent_hugepage", "never", "the guide's latency tuning" },
};

static const char *param_text(const struct host_cmdline_param *p, char *buf, size_t size)
{
	if (p->value)
		snprintf(buf, size, "%s=%s", p->key, p->value);
	else
		snprintf(buf, size, "%s", p->key);
	return buf;
}

/* The effective module parameter, when the module is loaded. */
static bool runtime_param(const struct host_doctor *d, const char *mod, const char *param,
			  char *buf, size_t size)
{
	return !host_module_param(d->root, mod, param, buf, size);
}

/* The IOMMU is on when /sys/class/iommu has a unit (host_check_iommu reads the same). */
static bool iommu_active(const struct host_doctor *d)
{
	char p[HOST_PATH_MAX];
	struct dirent *e;
	bool on = false;
	DIR *dir;

	host_path(d->root, "/sys/class/iommu", p, sizeof(p));
	dir = opendir(p);
	while (dir && !on && (e = readdir(dir)))
		on = e->d_name[0] != '.';
	if (dir)
		closedir(dir);
	return on;
}

/* intel_iommu=...,igfx_off: the IOMMU is on for every device but the iGPU
 * and its VFs, so vfio-pci finds no IOMMU group for a VF. */
static void check_igfx_off(struct host_doctor *d, struct host_report *r)
{
	const struct host_cmdline_param *p = host_cmdline_igfx_off(&d->cmdline);
	char text[256], to[256];
	struct host_finding *f;
	size_t n;

	f = host_report_add(r, "cmdline.intel_iommu", HOST_FAIL,
			    "%s turns the IOMMU off for the iGPU (igfx_off): its VFs get no "
			    "IOMMU group, so vfio-pci cannot pass them to a VM.",
			    param_text(p, text, sizeof(text)));
	host_finding_evidence(f, "/proc/cmdline: %s", text);
	/* the same word without igfx_off, and "on" when nothing else turns it on */
	n = (size_t)snprintf(to, sizeof(to), "%s=", p->key);
	for (const char *t = p->value; *t && n < sizeof(to);) {
		size_t len = strcspn(t, ",");

		if (len && strncmp(t, "igfx_off", 8))
			n += (size_t)snprintf(to + n, sizeof(to) - n, "%s%.*s",
					      to[n - 1] == '=' ? "" : ",", (int)len, t);
		t += len + (t[len] == ',');
	}
	if (n < sizeof(to) &&
	    host_cmdline_intel_iommu_value(to + strlen(p->key) + 1, strlen(to) - strlen(p->key) - 1,
					   -1) != 1 &&
	    host_cmdline_intel_iommu(&d->cmdline) != 1)
		snprintf(to + n, sizeof(to) - n, "%son", to[n - 1] == '=' ? "" : ",");
	doctor_hint_cmdline_replace(d, f, text, to);
}

static void check_intel_iommu(struct host_doctor *d, struct host_report *r)
{
	const struct host_cmdline_param *p = host_cmdline_find(&d->cmdline, "intel_iommu");
	struct host_finding *f;
	char text[256];

	/* igfx_off wins over any "on": the iGPU's unit stays off (host_cmdline.h) */
	if (host_cmdline_igfx_off(&d->cmdline)) {
		check_igfx_off(d, r);
		return;
	}
	/* every intel_iommu= word counts, token by token (host_cmdline.h) */
	if (p && host_cmdline_intel_iommu(&d->cmdline) == 1) {
		f = host_report_add(r, "cmdline.intel_iommu", HOST_PASS,
				    "intel_iommu=on turns the IOMMU on (required).");
		host_finding_evidence(f, "/proc/cmdline: %s", param_text(p, text, sizeof(text)));
		return;
	}
	/* Kernels built with INTEL_IOMMU_DEFAULT_ON need no parameter: an active
	 * IOMMU without it is not a fault (and iommu.active already says so). */
	if (!p && iommu_active(d)) {
		f = host_report_add(r, "cmdline.intel_iommu", HOST_PASS,
				    "The IOMMU is on without intel_iommu=on (the kernel's "
				    "default).");
		host_finding_evidence(f, "/proc/cmdline: no intel_iommu; /sys/class/iommu: active");
		return;
	}
	f = host_report_add(r, "cmdline.intel_iommu", HOST_FAIL,
			    "intel_iommu=on is required for VF passthrough%s.",
			    p ? ", but the command line sets another value" : " and is missing");
	if (p) {
		host_finding_evidence(f, "/proc/cmdline: %s", param_text(p, text, sizeof(text)));
		doctor_hint_cmdline_replace(d, f, text, "intel_iommu=on");
	} else {
		host_finding_evidence(f, "/proc/cmdline: no intel_iommu");
		doctor_hint_cmdline_add(d, f, "intel_iommu=on");
	}
}

static void check_enable_guc(struct host_doctor *d, struct host_report *r)
{
	const struct host_cmdline_param *p = host_cmdline_find(&d->cmdline, "i915.enable_guc");
	struct host_finding *f;
	char text[256], rt[32];
	long guc;
	int v;

	/* i915 reads it as the kernel reads any int parameter: 0x3 and 03 are 3 */
	if (p && !host_cmdline_int(p->value, &v) && v == 3) {
		f = host_report_add(r, "cmdline.enable_guc", HOST_PASS,
				    "%s enables GuC submission and HuC (required).",
				    param_text(p, text, sizeof(text)));
		host_finding_evidence(f, "/proc/cmdline: %s", text);
		return;
	}
	if (p) {
		bool bad = host_cmdline_int(p->value, &v);

		f = host_report_add(r, "cmdline.enable_guc", HOST_FAIL,
				    "i915.enable_guc=%s is wrong: the SR-IOV PF needs exactly 3%s.",
				    p->value ? p->value : "",
				    bad	  ? " (the kernel refuses a value that is not a number, so "
					    "i915 keeps its default)" :
				    v > 3 ? " (other bits are rejected as an undocumented flag)" :
					    " (GuC submission and HuC)");
		host_finding_evidence(f, "/proc/cmdline: %s", param_text(p, text, sizeof(text)));
		doctor_hint_cmdline_replace(d, f, text, "i915.enable_guc=3");
		return;
	}
	/* Set in /etc/modprobe.d instead: the loaded module shows the value. */
	if (runtime_param(d, "i915", "enable_guc", rt, sizeof(rt)) && !host_cmdline_int(rt, &v) &&
	    v == 3) {
		f = host_report_add(r, "cmdline.enable_guc", HOST_PASS,
				    "enable_guc=3 is set outside the command line (modprobe.d).");
		host_finding_evidence(f, "/proc/cmdline: no i915.enable_guc");
		host_finding_evidence(f, "/sys/module/i915/parameters/enable_guc: 3");
		return;
	}
	/* The driver's default turned GuC submission on this boot (the log says
	 * so): the PF does not lack it, but the default is the driver's to
	 * change between releases and platforms. */
	guc = d->klog_err ? -1 : doctor_guc_submission(d);
	if (guc >= 0) {
		f = host_report_add(r, "cmdline.enable_guc", HOST_WARN,
				    "i915.enable_guc is not set: GuC submission is on only by the "
				    "driver's default this boot.");
		host_finding_evidence(f, "/proc/cmdline: no i915.enable_guc");
		host_finding_evidence(f, "%s: \"%s\"", d->klog.source, d->klog.l[guc].text);
		doctor_hint_cmdline_add(d, f, "i915.enable_guc=3");
		return;
	}
	f = host_report_add(r, "cmdline.enable_guc", HOST_FAIL,
			    "i915.enable_guc=3 is missing: without GuC submission there is no PF.");
	host_finding_evidence(f, "/proc/cmdline: no i915.enable_guc");
	doctor_hint_cmdline_add(d, f, "i915.enable_guc=3");
}

static void check_max_vfs(struct host_doctor *d, struct host_report *r)
{
	struct host_finding *f;
	char key[32], text[256], rt[32], want[48];
	const struct host_cmdline_param *p;
	int v = -1;

	snprintf(key, sizeof(key), "%s.max_vfs", d->drv);
	snprintf(want, sizeof(want), "%s=7", key);
	p = host_cmdline_find(&d->cmdline, key);
	if (p && host_cmdline_int(p->value, &v))
		v = -1;
	if (v >= 1 && v <= HOST_IGPU_MAX_VFS) {
		f = host_report_add(r, "cmdline.max_vfs", HOST_PASS,
				    "%s=%s allows up to %d VFs (required, 1..7).", key, p->value,
				    v);
		host_finding_evidence(f, "/proc/cmdline: %s", param_text(p, text, sizeof(text)));
		return;
	}
	if (p) {
		f = host_report_add(r, "cmdline.max_vfs", HOST_FAIL,
				    "%s=%s is out of range: it must be 1..7 on this iGPU.", key,
				    p->value ? p->value : "");
		host_finding_evidence(f, "/proc/cmdline: %s", param_text(p, text, sizeof(text)));
		doctor_hint_cmdline_replace(d, f, text, want);
		return;
	}
	if (runtime_param(d, d->drv, "max_vfs", rt, sizeof(rt)) && !host_cmdline_int(rt, &v) &&
	    v >= 1) {
		f = host_report_add(r, "cmdline.max_vfs", HOST_PASS,
				    "max_vfs=%s is set outside the command line (modprobe.d).", rt);
		host_finding_evidence(f, "/proc/cmdline: no %s", key);
		host_finding_evidence(f, "/sys/module/%s/parameters/max_vfs: %s", d->drv, rt);
		return;
	}
	f = host_report_add(r, "cmdline.max_vfs", HOST_FAIL,
			    "%s is missing: with the default 0 the PF offers no VFs.", key);
	host_finding_evidence(f, "/proc/cmdline: no %s", key);
	doctor_hint_cmdline_add(d, f, want);
}

/* xe binds the older iGPUs only when xe.force_probe names them (or "*"). */
static void check_force_probe(struct host_doctor *d, struct host_report *r)
{
	const struct host_cmdline_param *p = host_cmdline_find(&d->cmdline, "xe.force_probe");
	struct host_finding *f;
	char id[8], hex[8], param[48];
	bool listed = false;

	if (!d->igpu->xe_force_probe)
		return;
	snprintf(id, sizeof(id), "%04x", d->igpu->device);
	snprintf(hex, sizeof(hex), "0x%04x", d->igpu->device);
	if (p && p->value)
		listed = host_cmdline_list_has(p->value, id) ||
			 host_cmdline_list_has(p->value, hex) ||
			 host_cmdline_list_has(p->value, "*");
	f = host_report_add(r, "cmdline.force_probe", listed ? HOST_PASS : HOST_FAIL,
			    listed ? "xe.force_probe lets xe drive %s." :
				     "xe does not drive %s without xe.force_probe=%s.",
			    d->igpu->platform, id);
	host_finding_evidence(f, "/proc/cmdline: %s%s", p ? "xe.force_probe=" : "no xe.force_probe",
			      p && p->value ? p->value : "");
	if (!listed) {
		snprintf(param, sizeof(param), "xe.force_probe=%s", id);
		if (p && p->value) {
			char from[256];

			snprintf(from, sizeof(from), "xe.force_probe=%s", p->value);
			doctor_hint_cmdline_replace(d, f, from, param);
		} else {
			doctor_hint_cmdline_add(d, f, param);
		}
	}
}

/* The other driver of the package must not take the PF first. */
static void check_blacklist(struct host_doctor *d, struct host_report *r)
{
	const struct host_cmdline_param *p = host_cmdline_find(&d->cmdline, "module_blacklist");
	const char *other = d->variant == HOST_IGPU_XE ? "i915" : "xe";
	const char *by = host_cmdline_blacklists(&d->cmdline, other);
	struct host_finding *f;
	char id[48], file[256], word[32];
	const struct host_cmdline_param *fp;
	char neg[16];

	/* "i915.force_probe=!7d67" keeps i915 off this one device: as good. */
	snprintf(neg, sizeof(neg), "!%04x", d->igpu->device);
	snprintf(id, sizeof(id), "%s.force_probe", other);
	fp = host_cmdline_find(&d->cmdline, id);
	if (!by && fp && fp->value && host_cmdline_list_has(fp->value, neg)) {
		snprintf(id, sizeof(id), "cmdline.blacklist_%s", other);
		f = host_report_add(r, id, HOST_PASS, "%s.force_probe=%s keeps %s off the iGPU.",
				    other, neg, other);
		host_finding_evidence(f, "/proc/cmdline: %s.force_probe=%s", other, fp->value);
		return;
	}
	bool present = d->have_release &&
		       !host_module_file(d->root, d->release, other, file, sizeof(file));

	snprintf(id, sizeof(id), "cmdline.blacklist_%s", other);
	snprintf(word, sizeof(word), "module_blacklist=%s", other);
	if (by || !present) {
		f = host_report_add(r, id, HOST_PASS,
				    by ? "%s=%s keeps %s off the iGPU." :
					 "No %s module is installed to compete with %s.",
				    by ? by : other, other, by ? other : d->drv);
		host_finding_evidence(f, "/proc/cmdline: %s%s", by ? by : "no module_blacklist",
				      by ? " lists it" : "");
		return;
	}
	f = host_report_add(r, id, HOST_WARN,
			    "%s is installed and not blacklisted: it may bind the iGPU instead of "
			    "%s.",
			    other, d->drv);
	host_finding_evidence(f, "/lib/modules/%s: %s", d->release, file);
	host_finding_evidence(f, "/proc/cmdline: %s",
			      p ? "module_blacklist without it" : "no module_blacklist");
	if (p && p->value) {
		char from[256], to[300];

		snprintf(from, sizeof(from), "module_blacklist=%s", p->value);
		snprintf(to, sizeof(to), "module_blacklist=%s,%s", p->value, other);
		doctor_hint_cmdline_replace(d, f, from, to);
	} else {
		doctor_hint_cmdline_add(d, f, word);
	}
}

/* iommu=pt by what the kernel makes of it: iommu= is a list ("pt,nomerge"),
 * and iommu.passthrough=1 sets the same (host_cmdline_iommu_pt()). */
static void optional_pt(const struct host_doctor *d, struct host_finding *f, const char *role)
{
	const struct host_cmdline_param *by;
	char text[256];
	int pt = host_cmdline_iommu_pt(&d->cmdline, &by);

	if (pt < 0)
		host_finding_evidence(f, "iommu=pt: not set (%s)", role);
	else
		host_finding_evidence(f, "%s: %s (%s)", param_text(by, text, sizeof(text)),
				      pt ? "set, passthrough on" : "passthrough off", role);
}

/*
 * nomodeset (its "Booted with the nomodeset parameter" line) keeps the PF
 * driver from loading (doctor_nomodeset()); with i915.modeset=1 i915 still
 * loads, and says the option is deprecated.
 */
static void check_nomodeset(struct host_doctor *d, struct host_report *r)
{
	const struct host_cmdline_param *p = host_cmdline_nomodeset(&d->cmdline);
	struct host_finding *f;
	char cmd[512], word[256];

	if (!p)
		return;
	if (!doctor_nomodeset(d))
		f = host_report_add(
			r, "cmdline.nomodeset", HOST_WARN,
			"nomodeset is on the command line: only i915.modeset keeps i915 "
			"loading, an option i915 calls deprecated.");
	else
		f = host_report_add(
			r, "cmdline.nomodeset", HOST_FAIL,
			"nomodeset keeps %s from loading: it leaves only the firmware framebuffer, "
			"%s's init gives up (-ENODEV) and the iGPU gets no PF driver, so no VFs.",
			d->drv, d->drv);
	host_finding_evidence(f, "/proc/cmdline: %s", param_text(p, word, sizeof(word)));
	if (!d->klog_err && host_klog_find(&d->klog, 0, "Booted with the nomodeset parameter") >= 0)
		host_finding_evidence(f, "kernel log: \"Booted with the nomodeset parameter\"");
	host_distro_cmdline_remove(&d->distro, word, cmd, sizeof(cmd));
	host_finding_hint(f, "%s", cmd);
}

/* initcall_blacklist naming the driver's init function: it never loads. */
static void check_initcall(struct host_doctor *d, struct host_report *r)
{
	char fn[32], word[256], rest[256], to[300];
	const struct host_cmdline_param *p = doctor_initcall_blacklisted(d, fn, sizeof(fn));
	struct host_finding *f;

	if (!p)
		return;
	f = host_report_add(
		r, "cmdline.initcall_blacklist", HOST_FAIL,
		"initcall_blacklist lists %s, %s's init function: the kernel refuses to "
		"run it, so %s never loads (modprobe: Operation not permitted).",
		fn, d->drv, d->drv);
	host_finding_evidence(f, "/proc/cmdline: %s", param_text(p, word, sizeof(word)));
	if (host_cmdline_list_without(p->value, fn, rest, sizeof(rest)) || !rest[0]) {
		host_distro_cmdline_remove(&d->distro, word, to, sizeof(to));
		host_finding_hint(f, "%s", to);
		return;
	}
	snprintf(to, sizeof(to), "%s=%s", p->key, rest);
	doctor_hint_cmdline_replace(d, f, word, to);
}

void host_check_cmdline(struct host_doctor *d, struct host_report *r)
{
	struct host_finding *f;
	const struct host_cmdline_param *p;
	char text[256];
	int modeset;
	size_t i;

	if (d->cmdline_err) {
		f = host_report_add(r, "cmdline", HOST_SKIP,
				    "/proc/cmdline could not be read (%s).",
				    strerror(-d->cmdline_err));
		return;
	}
	check_intel_iommu(d, r);
	if (d->variant == HOST_IGPU_I915)
		check_enable_guc(d, r);
	else
		check_force_probe(d, r);
	check_max_vfs(d, r);
	check_blacklist(d, r);
	check_nomodeset(d, r);
	check_initcall(d, r);

	p = host_cmdline_find(&d->cmdline, "i915.modeset");
	if (p && !host_cmdline_int(p->value, &modeset) && !modeset) {
		f = host_report_add(r, "cmdline.modeset", HOST_FAIL,
				    "%s keeps i915 from driving the iGPU.",
				    param_text(p, text, sizeof(text)));
		host_finding_evidence(f, "/proc/cmdline: %s", text);
		doctor_hint_cmdline_replace(d, f, text, "i915.modeset=1");
	}

	/* One finding for the optional ones: present, absent, or another value. */
	f = host_report_add(r, "cmdline.optional", HOST_PASS,
			    "The guide's optional parameters (tuning, not required):");
	for (i = 0; i < sizeof(optional) / sizeof(optional[0]); i++) {
		if (!strcmp(optional[i].key, "iommu")) {
			optional_pt(d, f, optional[i].role);
			continue;
		}
		p = host_cmdline_find(&d->cmdline, optional[i].key);
		if (!p)
			host_finding_evidence(f, "%s%s%s: not set (%s)", optional[i].key,
					      optional[i].value ? "=" : "",
					      optional[i].value ? optional[i].value : "",
					      optional[i].role);
		else
			host_finding_evidence(f, "%s: set (%s)", param_text(p, text, sizeof(text)),
					      optional[i].role);
	}
}

void host_check_kconfig(struct host_doctor *d, struct host_report *r)
{
	static const struct {
		const char *name, *want, *why;
	} opts[] = {
		{ "CONFIG_SYSFS", "y", "sriov_numvfs and every check here live in sysfs" },
		{ "CONFIG_DRM_I915_PXP", "y", "the guide's PXP support in i915" },
		{ "CONFIG_INTEL_MEI_PXP", "m", "the MEI PXP module the PXP path needs" },
		{ "CONFIG_INTEL_IOMMU", "y", "VT-d" },
		{ "CONFIG_VFIO_PCI", "m", "passing VFs to VMs" },
	};
	struct host_finding *f;
	size_t i;

	if (d->kconfig_err) {
		f = host_report_add(r, "kconfig", HOST_SKIP,
				    "The kernel configuration could not be read (%s).",
				    strerror(-d->kconfig_err));
		host_finding_evidence(f, "/boot/config-%s and /proc/config.gz: absent",
				      d->have_release ? d->release : "?");
		return;
	}
	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		const char *v = host_kconfig_get(&d->kconfig, opts[i].name, NULL);
		char id[64];
		/* =m where the guide says =y builds it as a module: also fine
		 * for the MEI and VFIO ones, not for SYSFS/I915_PXP (bool). */
		bool ok = v && (!strcmp(v, opts[i].want) ||
				(!strcmp(opts[i].want, "m") && !strcmp(v, "y")));

		snprintf(id, sizeof(id), "kconfig.%s", opts[i].name + 7);
		f = host_report_add(r, id, ok ? HOST_PASS : HOST_FAIL, "%s=%s%s (%s).",
				    opts[i].name, v ? v : "n", ok ? "" : ", needed", opts[i].why);
		host_finding_evidence(f, "%s: %s=%s", d->kconfig.source, opts[i].name,
				      v ? v : "(not set)");
		if (!ok)
			host_finding_hint(f,
					  "install your distribution's stock kernel (it is built "
					  "with %s=%s), or rebuild yours: scripts/config --set-val "
					  "%s %s",
					  opts[i].name, opts[i].want, opts[i].name, opts[i].want);
	}
}

/* <root>/lib/firmware/<name>, plain or compressed as the kernel loads it. */
static bool firmware(const struct host_doctor *d, const char *const *names, char *found,
		     size_t size)
{
	static const char *const ext[] = { "", ".zst", ".xz" };
	size_t i, j;

	for (i = 0; names[i]; i++)
		for (j = 0; j < 3; j++) {
			char p[256];

			snprintf(p, sizeof(p), "/lib/firmware/%s%s", names[i], ext[j]);
			if (host_exists(d->root, p)) {
				snprintf(found, size, "%s", p);
				return true;
			}
		}
	return false;
}

/* "GuC firmware i915/tgl_guc_70.9.1.bin version 70.9.1": that file, if present. */
static bool logged_blob(const struct host_doctor *d, const char *key, char *found, size_t size)
{
	size_t i;

	for (i = 0; i < d->klog.n; i++) {
		const char *t = strstr(d->klog.l[i].text, key), *name, *end;
		char p[256];

		if (!t || !strstr(t, " version "))
			continue;
		name = t + strlen(key);
		while (*name == ' ')
			name++;
		end = strchr(name, ' ');
		if (!end || end == name || !memchr(name, '/', (size_t)(end - name)))
			continue;
		snprintf(p, sizeof(p), "/lib/firmware/%.*s", (int)(end - name), name);
		if (host_exists(d->root, p)) {
			snprintf(found, size, "%s", p);
			return true;
		}
	}
	return false;
}

/* The driver refused the blob it found: "Failed to load DMC firmware
 * i915/adlp_dmc.bin.", after "DMC firmware has wrong CSS header length". */
static long rejected(const struct host_doctor *d, const char *what)
{
	char key[32];
	long idx;

	snprintf(key, sizeof(key), "%s firmware", what);
	idx = host_klog_find2(&d->klog, key, " wrong ");
	if (idx < 0)
		idx = host_klog_find2(&d->klog, "Failed to load", key);
	return idx;
}

/* A file that is there but bad comes back from its own package, reinstalled:
 * installing an installed package does nothing. */
static void hint_reinstall(const struct host_doctor *d, struct host_finding *f, const char *file)
{
	const char *then = host_distro_initramfs_update(&d->distro);

	switch (d->distro.family) {
	case HOST_DISTRO_DEBIAN:
	case HOST_DISTRO_UBUNTU:
	case HOST_DISTRO_PROXMOX:
		host_finding_hint(f,
				  "apt install --reinstall $(dpkg -S %s | cut -d: -f1) && %s && "
				  "reboot",
				  file, then);
		break;
	case HOST_DISTRO_FEDORA:
		host_finding_hint(f, "dnf reinstall $(rpm -qf %s) && %s && reboot", file, then);
		break;
	case HOST_DISTRO_SUSE:
		host_finding_hint(f, "zypper install -f $(rpm -qf %s) && %s && reboot", file, then);
		break;
	case HOST_DISTRO_ARCH:
		host_finding_hint(f, "pacman -S $(pacman -Qqo %s) && %s && reboot", file, then);
		break;
	default:
		host_finding_hint(f, "reinstall the package that owns %s, then %s && reboot", file,
				  then);
		break;
	}
}

static void check_blob(struct host_doctor *d, struct host_report *r, const char *what,
		       const char *const *names, enum host_status missing, const char *log_key)
{
	struct host_finding *f;
	char id[32], found[256], lower[8], then[256];
	long idx = -1, nocopy;
	size_t i;

	for (i = 0; what[i] && i < sizeof(lower) - 1; i++)
		lower[i] = (char)(what[i] | 0x20);
	lower[i] = '\0';
	snprintf(id, sizeof(id), "firmware.%s", lower);
	if (!names) {
		f = host_report_add(r, id, HOST_PASS, "%s on %s loads no %s firmware.", d->drv,
				    d->igpu->platform, what);
		host_finding_evidence(f, "%s on %s: no %s blob", d->drv, d->igpu->platform, what);
		return;
	}
	/* Older DKMS releases ask for other file names (tgl_guc_70.9.1.bin): the
	 * blob the log shows loaded counts when it is installed. */
	if (!d->klog_err && log_key && logged_blob(d, log_key, found, sizeof(found))) {
		f = host_report_add(r, id, HOST_PASS, "The %s firmware is installed.", what);
		host_finding_evidence(f, "%s: present", found);
		doctor_log_evidence(d, f, host_klog_find(&d->klog, 0, log_key), log_key);
		return;
	}
	if (!firmware(d, names, found, sizeof(found))) {
		f = host_report_add(r, id, missing, "The %s firmware %s for %s (%s) is missing.",
				    what, names[0], d->igpu->platform, d->drv);
		host_finding_evidence(f, "/lib/firmware/%s(.zst|.xz): absent", names[0]);
		snprintf(then, sizeof(then), "%s && reboot",
			 host_distro_initramfs_update(&d->distro));
		doctor_hint_install(d, f, HOST_PKG_FIRMWARE, then);
		return;
	}
	idx = d->klog_err ? -1 : rejected(d, what);
	/* Not found at boot although on disk: the initramfs i915 loaded from has
	 * no copy ("Direct firmware load for i915/... failed with error -2"). */
	nocopy = idx >= 0 ? host_klog_find2(&d->klog, "failed with error -2", lower) : -1;
	if (nocopy >= 0) {
		f = host_report_add(r, id, missing,
				    "The %s firmware %s is installed, but %s found none at boot: "
				    "the initramfs it loaded from has no copy.",
				    what, found, d->drv);
		host_finding_evidence(f, "%s: present", found);
		doctor_log_evidence(d, f, nocopy, "");
		host_finding_hint(f, "%s && reboot", host_distro_initramfs_update(&d->distro));
		return;
	}
	if (idx >= 0) {
		f = host_report_add(r, id, missing,
				    "The %s firmware %s is installed, but %s rejected it: the file "
				    "is not a valid blob.",
				    what, found, d->drv);
		host_finding_evidence(f, "%s: present", found);
		doctor_log_evidence(d, f, idx, "");
		host_finding_hint(f, "reinstall it, then rebuild the initramfs (it holds its own "
				     "copy of the blobs):");
		hint_reinstall(d, f, found);
		return;
	}
	f = host_report_add(r, id, HOST_PASS, "The %s firmware is installed.", what);
	host_finding_evidence(f, "%s: present", found);
	if (!d->klog_err && log_key) {
		idx = host_klog_find(&d->klog, 0, log_key);
		if (idx >= 0)
			doctor_log_evidence(d, f, idx, log_key);
	}
}

void host_check_firmware(struct host_doctor *d, struct host_report *r)
{
	const struct host_igpu_fw *fw = host_igpu_fw(d->igpu, d->variant);

	/* GuC is the PF's channel to the firmware: without it, no SR-IOV. */
	check_blob(d, r, "GuC", fw->guc, HOST_FAIL, "GuC firmware");
	check_blob(d, r, "HuC", fw->huc, HOST_WARN, "HuC firmware");
	check_blob(d, r, "DMC", fw->dmc, HOST_WARN, "DMC firmware");
}
