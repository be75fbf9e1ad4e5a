// SPDX-License-Identifier: MIT
/*
 * Driver checks: the guide's step 4 (DKMS i915) and its "Check that
 * everything works" log, plus the ways it goes wrong in practice (the
 * stock i915 loaded instead, xe or vfio-pci bound to the PF).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xf86drm.h>

#include "host/host_doctor_internal.h"
#include "host/host_fs.h"
#include "host/host_module.h"

#define DKMS_NAME "i915-sriov-dkms"
#define BANNER "You are using the i915-sriov-dkms module"

/* /var/lib/dkms/<name>/<version>/<release>/: what `dkms status` reads. */
static bool dkms_built(const struct host_doctor *d, char *ver, size_t size)
{
	char p[HOST_PATH_MAX], sub[600];
	struct dirent *e;
	bool found = false;
	DIR *dir;

	host_path(d->root, "/var/lib/dkms/" DKMS_NAME, p, sizeof(p));
	dir = opendir(p);
	while (dir && !found && (e = readdir(dir))) {
		if (e->d_name[0] == '.' || !strcmp(e->d_name, "source"))
			continue;
		snprintf(sub, sizeof(sub), "/var/lib/dkms/" DKMS_NAME "/%s/%s", e->d_name,
			 d->release);
		if (host_exists(d->root, sub)) {
			snprintf(ver, size, "%.100s", e->d_name);
			found = true;
		}
	}
	if (dir)
		closedir(dir);
	return found;
}

static void check_installed(struct host_doctor *d, struct host_report *r)
{
	struct host_finding *f;
	char ver[128], file[256];
	bool built = d->have_release && dkms_built(d, ver, sizeof(ver));
	int ret = d->have_release ?
			  host_module_file(d->root, d->release, "i915", file, sizeof(file)) :
			  -ENOENT;

	f = host_report_add(r, "driver.dkms", built ? HOST_PASS : HOST_FAIL,
			    built ? "i915-sriov-dkms %s is built for kernel %s." :
				    "i915-sriov-dkms is not built for the running kernel%s%s.",
			    built ? ver : " ", d->release);
	host_finding_evidence(f, "/var/lib/dkms/" DKMS_NAME ": %s",
			      built ? "built for this kernel" : "nothing for this kernel");
	if (!built)
		host_finding_hint(f,
				  "apt install linux-headers-$(uname -r) && cd /usr/src/" DKMS_NAME
				  "-* && dkms add . ; dkms autoinstall -k $(uname -r) (kernel "
				  "must be in the release's supported range)");

	if (ret) {
		f = host_report_add(r, "driver.module_file", HOST_FAIL,
				    "No i915 module is installed for kernel %s.", d->release);
		host_finding_evidence(f, "/lib/modules/%s/modules.dep: no i915", d->release);
		host_finding_hint(f, "dkms autoinstall -k $(uname -r)");
		return;
	}
	if (!strncmp(file, "updates/", 8) || !strncmp(file, "extra/", 6)) {
		f = host_report_add(r, "driver.module_file", HOST_PASS,
				    "modprobe i915 loads the DKMS module.");
		host_finding_evidence(f, "/lib/modules/%s/modules.dep: %s", d->release, file);
		return;
	}
	f = host_report_add(r, "driver.module_file", HOST_FAIL,
			    "modprobe i915 loads the stock module, not the DKMS one.");
	host_finding_evidence(f, "/lib/modules/%s/modules.dep: %s", d->release, file);
	host_finding_hint(f,
			  "echo " DKMS_NAME " > /usr/share/dkms/modules_to_force_install/" DKMS_NAME
			  " && dkms install --force " DKMS_NAME "/<version> -k $(uname -r) && "
			  "depmod -a && update-initramfs -u && reboot");
}

/* The loaded i915 is the DKMS one: banner, max_vfs known, out-of-tree taint. */
static void check_loaded(struct host_doctor *d, struct host_report *r)
{
	struct host_finding *f;
	char val[32], taint[16] = "";
	long banner = -1, unknown = -1, nosysfs = -1;
	bool maxvfs, dkms;

	if (!host_module_loaded(d->root, "i915")) {
		f = host_report_add(r, "driver.loaded", HOST_FAIL, "i915 is not loaded.");
		host_finding_evidence(f, "/proc/modules: no i915");
		host_finding_hint(f, "modprobe i915 (and check the log: dmesg | grep i915)");
		return;
	}
	maxvfs = !host_module_param(d->root, "i915", "max_vfs", val, sizeof(val));
	host_read_line(d->root, "/sys/module/i915/taint", taint, sizeof(taint));
	if (!d->klog_err) {
		banner = host_klog_find(&d->klog, 0, BANNER);
		unknown = host_klog_find(&d->klog, 0, "unknown parameter 'max_vfs' ignored");
		nosysfs = host_klog_find(&d->klog, 0,
					 "driver does not support SR-IOV configuration via sysfs");
	}
	dkms = (maxvfs || banner >= 0) && unknown < 0 && nosysfs < 0;
	f = host_report_add(r, "driver.loaded", dkms ? HOST_PASS : HOST_FAIL,
			    dkms ? "The loaded i915 is the DKMS (SR-IOV) module." :
				   "The loaded i915 is the stock module: it has no SR-IOV PF.");
	host_finding_evidence(f, "/sys/module/i915/parameters/max_vfs: %s",
			      maxvfs ? val : "absent");
	if (taint[0])
		host_finding_evidence(f, "/sys/module/i915/taint: %s", taint);
	if (!d->klog_err) {
		doctor_log_evidence(d, f, banner, BANNER);
		if (unknown >= 0)
			doctor_log_evidence(d, f, unknown, "");
		if (nosysfs >= 0)
			doctor_log_evidence(d, f, nosysfs, "");
	}
	if (!dkms)
		host_finding_hint(f,
				  "echo " DKMS_NAME
				  " > /usr/share/dkms/modules_to_force_install/" DKMS_NAME
				  " && dkms autoinstall --force && update-initramfs -u && reboot; "
				  "then modinfo -n i915 must show .../updates/dkms/i915.ko*");
}

static void check_bound(struct host_doctor *d, struct host_report *r)
{
	struct host_finding *f;
	char drv[64];

	host_pci_driver(d->root, d->pf, drv, sizeof(drv));
	if (!strcmp(drv, "i915")) {
		f = host_report_add(r, "driver.bound", HOST_PASS, "i915 drives the PF %s.", d->pf);
	} else if (!strcmp(drv, "vfio-pci")) {
		f = host_report_add(r, "driver.bound", HOST_FAIL,
				    "The PF %s is bound to vfio-pci: it was given to a VM, and its "
				    "VFs are gone.",
				    d->pf);
		host_finding_hint(
			f,
			"pass VFs (00:02.1..00:02.7), never 00:02.0 or \"All Functions\", "
			"to VMs; give the PF back: vfctl vfio unbind %s",
			d->pf);
	} else if (!strcmp(drv, "xe")) {
		f = host_report_add(r, "driver.bound", HOST_FAIL, "xe drives the PF %s, not i915.",
				    d->pf);
		doctor_hint_cmdline_add(d, f, "module_blacklist=xe");
	} else {
		f = host_report_add(r, "driver.bound", HOST_FAIL,
				    "No driver is bound to the PF %s%s%s.", d->pf,
				    drv[0] ? " other than " : "", drv);
		host_finding_hint(f, "modprobe i915; dmesg | grep i915 shows why it did not bind");
	}
	host_finding_evidence(f, "/sys/bus/pci/devices/%s/driver: %s", d->pf,
			      drv[0] ? drv : "none");

	if (strcmp(drv, "xe") && host_module_loaded(d->root, "xe")) {
		f = host_report_add(
			r, "driver.xe", HOST_WARN,
			"xe is loaded next to i915; it can take the iGPU on the next boot.");
		host_finding_evidence(f, "/proc/modules: xe");
		doctor_hint_cmdline_add(d, f, "module_blacklist=xe");
	}
}

/* The guide's log lines, in the order i915 prints them. */
static void check_log(struct host_doctor *d, struct host_report *r)
{
	struct host_finding *f;
	long i, ok, bad;

	if (d->klog_err) {
		doctor_skip_no_log(d, r, "driver.pf_mode");
		return;
	}
	ok = host_klog_find(&d->klog, 0, "Running in SR-IOV PF mode");
	bad = host_klog_find(&d->klog, 0, "IOV: Initialization failed");
	if (bad < 0)
		bad = host_klog_find(&d->klog, 0, "PF aborted");
	f = host_report_add(r, "driver.pf_mode", ok >= 0 && bad < 0 ? HOST_PASS : HOST_FAIL,
			    ok >= 0 && bad < 0 ? "i915 runs in SR-IOV PF mode." :
			    bad >= 0	       ? "The i915 PF failed to initialize." :
						 "i915 did not start in SR-IOV PF mode.");
	doctor_log_evidence(d, f, bad >= 0 ? bad : ok, "Running in SR-IOV PF mode");
	if (ok < 0 || bad >= 0)
		host_finding_hint(f,
				  "needs the DKMS i915 with i915.enable_guc=3 i915.max_vfs=7 and "
				  "the GuC firmware; see the cmdline.*, firmware.* and "
				  "driver.loaded findings");

	ok = host_klog_find(&d->klog, 0, "GUC: submission enabled");
	bad = host_klog_find(&d->klog, 0, "Incompatible option enable_guc");
	f = host_report_add(r, "driver.guc", ok >= 0 && bad < 0 ? HOST_PASS : HOST_FAIL,
			    ok >= 0 && bad < 0 ? "GuC submission is enabled." :
						 "GuC submission is not enabled.");
	doctor_log_evidence(d, f, bad >= 0 ? bad : ok, "GUC: submission enabled");
	if (bad >= 0)
		host_finding_hint(f, "set i915.enable_guc=3 (see cmdline.enable_guc)");
	else if (ok < 0)
		host_finding_hint(
			f, "GuC submission needs i915.enable_guc=3, the GuC firmware and "
			   "the DKMS i915: see the cmdline.*, firmware.* and driver.* findings");

	ok = host_klog_find(&d->klog, 0, "VFs could be associated with this PF");
	bad = host_klog_find(&d->klog, 0, "No VFs could be associated with this PF");
	f = host_report_add(r, "driver.vfs_possible", ok >= 0 && bad < 0 ? HOST_PASS : HOST_FAIL,
			    ok >= 0 && bad < 0 ? "The PF announced its VFs." :
						 "The PF announced no VFs.");
	doctor_log_evidence(d, f, bad >= 0 ? bad : ok, "VFs could be associated with this PF");
	if (ok < 0 || bad >= 0)
		host_finding_hint(f,
				  "the PF announces VFs with i915.max_vfs=1..7 once it runs in PF "
				  "mode: see driver.pf_mode");

	/* i915 errors, minus the GET_HWCONFIG noise VFs always print. */
	f = host_report_add(r, "driver.errors", HOST_PASS, "No i915 errors in the kernel log.");
	for (i = 0, bad = 0; i < (long)d->klog.n; i++) {
		const struct host_klog_line *l = &d->klog.l[i];

		if (!strstr(l->text, "i915") || l->level < 0 || l->level > 3 ||
		    strstr(l->text, "0x4100") || strstr(l->text, "hwconfig"))
			continue;
		if (bad++ < 5)
			host_finding_evidence(f, "%s: \"%s\"", d->klog.source, l->text);
	}
	if (bad) {
		f->status = HOST_WARN;
		snprintf(f->message, sizeof(f->message), "%ld i915 error%s in the kernel log.", bad,
			 bad > 1 ? "s" : "");
		host_finding_hint(f, "dmesg --level=err,crit,alert,emerg | grep i915");
	}
}

/* Ask the DRM node itself through libdrm, where there is one. */
static void check_drm(struct host_doctor *d, struct host_report *r)
{
	char dir[128], p[HOST_PATH_MAX], card[300] = "";
	struct host_finding *f;
	drmVersionPtr v;
	struct dirent *e;
	DIR *dd;
	int fd;

	host_pci_attr_path(d->pf, "drm", dir, sizeof(dir));
	host_path(d->root, dir, p, sizeof(p));
	dd = opendir(p);
	while (dd && (e = readdir(dd)))
		if (!strncmp(e->d_name, "card", 4))
			snprintf(card, sizeof(card), "/dev/dri/%s", e->d_name);
	if (dd)
		closedir(dd);
	if (!card[0]) {
		f = host_report_add(r, "driver.drm", HOST_SKIP, "The PF has no DRM node.");
		host_finding_evidence(f, "/sys/bus/pci/devices/%s/drm: no card", d->pf);
		return;
	}
	host_path(d->root, card, p, sizeof(p));
	fd = open(p, O_RDONLY | O_CLOEXEC);
	v = fd >= 0 ? drmGetVersion(fd) : NULL;
	if (!v) {
		f = host_report_add(r, "driver.drm", HOST_SKIP,
				    "%s could not be asked for its driver (%s).", card,
				    fd < 0 ? strerror(errno) : "not a DRM device");
	} else {
		bool ok = !strcmp(v->name, "i915");

		f = host_report_add(r, "driver.drm", ok ? HOST_PASS : HOST_FAIL,
				    "%s is driven by %s %d.%d.%d.", card, v->name, v->version_major,
				    v->version_minor, v->version_patchlevel);
		host_finding_evidence(f, "DRM_IOCTL_VERSION on %s: %s \"%s\" %s", card, v->name,
				      v->desc, v->date);
		drmFreeVersion(v);
	}
	if (fd >= 0)
		close(fd);
}

void host_check_driver(struct host_doctor *d, struct host_report *r)
{
	check_installed(d, r);
	check_loaded(d, r);
	check_bound(d, r);
	check_log(d, r);
	check_drm(d, r);
}
