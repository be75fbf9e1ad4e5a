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
#include <strings.h>
#include <unistd.h>
#include <xf86drm.h>

#include "host/host_doctor_internal.h"
#include "host/host_fs.h"
#include "host/host_modprobe.h"
#include "host/host_module.h"
#include "host/host_pve_pf.h"

#define DKMS_NAME "i915-sriov-dkms"
#define BANNER "You are using the i915-sriov-dkms module"
/* Forcing the DKMS module over the stock one needs a DKMS module to force. */
#define HINT_BUILD_FIRST "first get the DKMS module built (see driver.dkms)"

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

/* modprobe picks the DKMS build: modules.dep names it under updates/ or extra/. */
static bool dep_is_dkms(const char *file)
{
	return !strncmp(file, "updates/", 8) || !strncmp(file, "extra/", 6);
}

static void hint_dkms_install(const struct host_doctor *d, struct host_finding *f)
{
	char then[512];

	snprintf(then, sizeof(then),
		 "dkms autoinstall -k $(uname -r) && %s && reboot (the kernel must be in the "
		 "DKMS release's supported range)",
		 host_distro_initramfs_update(&d->distro));
	doctor_hint_install(d, f, HOST_PKG_HEADERS, then);
}

/* Why nothing is built, each cause with its own fix: headers are only one. */
static void hint_not_built(const struct host_doctor *d, struct host_finding *f)
{
	char log[300], err[320];

	if (doctor_dkms_excluded(d)) {
		host_finding_hint(
			f,
			"no registered release supports kernel %s (see dkms.kernel), "
			"and no header package is missing: install a release of " DKMS_NAME
			" whose BUILD_EXCLUSIVE_KERNEL matches %s",
			d->release, d->release);
		return;
	}
	if (doctor_dkms_build_failed(d, log, sizeof(log), err, sizeof(err))) {
		snprintf(f->message, sizeof(f->message),
			 "i915-sriov-dkms failed to build for the running kernel %s.", d->release);
		host_finding_evidence(f, "%s: %s%s%s", log,
				      err[0] ? "\"" : "the build of this kernel", err,
				      err[0] ? "\"" : "");
		/* log is /var/lib/dkms/NAME/VER/build/make.log */
		const char *ver = log + strlen("/var/lib/dkms/" DKMS_NAME "/");
		int vlen = (int)(strcspn(ver, "/"));

		host_finding_hint(
			f,
			"the headers are installed and make ran: the build itself failed; "
			"its first error is in %s (dkms build " DKMS_NAME
			"/%.*s -k $(uname -r) shows it again); fix that, or install a "
			"release made for kernel %s",
			log, vlen, ver, d->release);
		return;
	}
	hint_dkms_install(d, f);
}

static void check_installed(struct host_doctor *d, struct host_report *r)
{
	struct host_finding *f;
	char ver[128], file[256];
	bool built = d->have_release && dkms_built(d, ver, sizeof(ver));
	int ret = d->have_release ?
			  host_module_file(d->root, d->release, d->drv, file, sizeof(file)) :
			  -ENOENT;

	if (!built && doctor_stock_xe_pf(d)) {
		/* Newer kernels' own xe has the PF on these iGPUs. */
		f = host_report_add(
			r, "driver.dkms", HOST_PASS,
			"i915-sriov-dkms is not built, and not needed: the kernel's own "
			"xe runs the SR-IOV PF.");
		host_finding_evidence(f,
				      "/var/lib/dkms/" DKMS_NAME ": nothing for %s; %s: xe, "
				      "SR-IOV PF",
				      d->release, d->pf);
		f = host_report_add(r, "driver.module_file", HOST_PASS,
				    "modprobe xe loads the kernel's xe, which runs the PF.");
		host_finding_evidence(f, "/lib/modules/%s/modules.dep: %s", d->release,
				      ret ? "no xe" : file);
		return;
	}
	f = host_report_add(r, "driver.dkms", built ? HOST_PASS : HOST_FAIL,
			    built ? "i915-sriov-dkms %s is built for kernel %s." :
				    "i915-sriov-dkms is not built for the running kernel%s%s.",
			    built ? ver : " ", d->release);
	host_finding_evidence(f, "/var/lib/dkms/" DKMS_NAME ": %s",
			      built ? "built for this kernel" : "nothing for this kernel");
	if (!built)
		hint_not_built(d, f);

	if (ret) {
		f = host_report_add(r, "driver.module_file", HOST_FAIL,
				    "No %s module is installed for kernel %s.", d->drv, d->release);
		host_finding_evidence(f, "/lib/modules/%s/modules.dep: no %s", d->release, d->drv);
		hint_dkms_install(d, f);
		return;
	}
	if (dep_is_dkms(file)) {
		f = host_report_add(r, "driver.module_file", HOST_PASS,
				    "modprobe %s loads the DKMS module.", d->drv);
		host_finding_evidence(f, "/lib/modules/%s/modules.dep: %s", d->release, file);
		return;
	}
	f = host_report_add(r, "driver.module_file", HOST_FAIL,
			    "modprobe %s loads the stock module, not the DKMS one.", d->drv);
	host_finding_evidence(f, "/lib/modules/%s/modules.dep: %s", d->release, file);
	if (!built) {
		host_finding_hint(f, HINT_BUILD_FIRST);
		return;
	}
	host_finding_hint(f,
			  "echo " DKMS_NAME " > /usr/share/dkms/modules_to_force_install/" DKMS_NAME
			  " && dkms install --force " DKMS_NAME "/<version> -k $(uname -r) && "
			  "depmod -a && %s && reboot",
			  host_distro_initramfs_update(&d->distro));
}

/* Where the initramfs tool is told to load the module early, for the evidence. */
static void early_config(const struct host_doctor *d, struct host_finding *f)
{
	static const char *const files[] = {
		"/etc/initramfs-tools/modules",
		"/etc/mkinitcpio.conf",
		"/etc/dracut.conf.d/i915.conf",
		"/etc/modules-load.d/i915.conf",
		NULL,
	};
	size_t i;

	for (i = 0; files[i]; i++) {
		char *text, *line, *save = NULL;

		if (host_read(d->root, files[i], &text, NULL))
			continue;
		for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
			const char *m;
			size_t n = strlen(d->drv);

			/* mkinitcpio's kms hook adds the GPU drivers without naming them */
			if (!strcmp(files[i], "/etc/mkinitcpio.conf") &&
			    !strncmp(line, "HOOKS=", 6) && (m = strstr(line, "kms")) &&
			    strchr("( ", m[-1]) && strchr(") ", m[3])) {
				host_finding_evidence(f,
						      "%s: \"%.100s\" (the kms hook puts %s in "
						      "the initramfs)",
						      files[i], line, d->drv);
				break;
			}
			m = strstr(line, d->drv);
			if (line[0] == '#' || !m || (m != line && strchr("( =\"", m[-1]) == NULL) ||
			    (m[n] && strchr(") \"", m[n]) == NULL))
				continue;
			host_finding_evidence(f, "%s: \"%.100s\" (loads it early)", files[i], line);
			break;
		}
		free(text);
	}
}

bool doctor_dkms_loaded(const struct host_doctor *d, bool *known)
{
	char val[32], taint[16] = "";
	long banner = -1, unknown = -1, nosysfs = -1;
	bool maxvfs;

	*known = host_module_loaded(d->root, d->drv);
	if (!*known)
		return false;
	maxvfs = !host_module_param(d->root, d->drv, "max_vfs", val, sizeof(val));
	host_read_line(d->root,
		       d->variant == HOST_IGPU_XE ? "/sys/module/xe/taint" :
						    "/sys/module/i915/taint",
		       taint, sizeof(taint));
	if (!d->klog_err) {
		banner = host_klog_find(&d->klog, 0, BANNER);
		unknown = host_klog_find(&d->klog, 0, "unknown parameter 'max_vfs' ignored");
		nosysfs = host_klog_find(&d->klog, 0,
					 "driver does not support SR-IOV configuration via sysfs");
	}
	/* Stock xe has max_vfs too: only the out-of-tree taint or the banner tell. */
	if (d->variant == HOST_IGPU_XE)
		return (strchr(taint, 'O') || banner >= 0) && nosysfs < 0;
	return (maxvfs || banner >= 0) && unknown < 0 && nosysfs < 0;
}

bool doctor_stock_xe_pf(const struct host_doctor *d)
{
	char drv[64] = "", v[16], vf[32];
	bool known;

	if (d->variant != HOST_IGPU_XE || doctor_dkms_loaded(d, &known) || !known)
		return false;
	host_pci_driver(d->root, d->pf, drv, sizeof(drv));
	if (strcmp(drv, "xe"))
		return false;
	if (!doctor_pf_attr(d, "sriov_numvfs", v, sizeof(v)) && strtoul(v, NULL, 10) > 0 &&
	    !host_pci_virtfn(d->root, d->pf, 1, vf, sizeof(vf)))
		return true;
	return !d->klog_err && host_klog_find(&d->klog, 0, "Running in SR-IOV PF mode") >= 0;
}

/*
 * What keeps the driver from loading: its init function blacklisted
 * (doctor_initcall_blacklisted()), nomodeset (doctor_nomodeset()), or
 * modprobe.d lines as GPU-passthrough guides write them: "install i915
 * /bin/false" makes kmod run the command instead of inserting the module
 * (the first install line counts; one that runs modprobe itself only wraps
 * it), and "blacklist i915" makes udev's load by the device's alias skip
 * it. The initramfs holds a copy.
 */
static bool kept_off(const struct host_doctor *d, struct host_finding *f)
{
	char cmd[256], file[HOST_PATH_MAX];

	if (doctor_initcall_blacklisted(d, cmd, sizeof(cmd))) {
		snprintf(f->message, sizeof(f->message),
			 "%s is not loaded: initcall_blacklist lists its init function %s, which "
			 "the kernel then refuses to run.",
			 d->drv, cmd);
		host_finding_hint(f,
				  "take %s out of initcall_blacklist (see "
				  "cmdline.initcall_blacklist)",
				  cmd);
		return true;
	}

	if (doctor_nomodeset(d)) {
		snprintf(f->message, sizeof(f->message),
			 "%s is not loaded: nomodeset on the command line makes its init fail "
			 "(-ENODEV).",
			 d->drv);
		host_finding_hint(f, "take nomodeset off the command line (see cmdline.nomodeset)");
		return true;
	}

	if (!host_modprobe_command(d->root, d->drv, "install", cmd, sizeof(cmd), file,
				   sizeof(file)) &&
	    !strstr(cmd, "modprobe")) {
		snprintf(f->message, sizeof(f->message),
			 "%s is not loaded: modprobe.d runs \"%s\" instead of loading it.", d->drv,
			 cmd);
		host_finding_evidence(f, "%s: install %s %s", file, d->drv, cmd);
		host_finding_hint(f,
				  "remove the line \"install %s %s\" from %s, then: %s && reboot",
				  d->drv, cmd, file, host_distro_initramfs_update(&d->distro));
		return true;
	}
	if (!host_modprobe_command(d->root, d->drv, "blacklist", cmd, sizeof(cmd), file,
				   sizeof(file))) {
		snprintf(f->message, sizeof(f->message),
			 "%s is not loaded: modprobe.d blacklists it, so udev does not load it "
			 "for the iGPU.",
			 d->drv);
		host_finding_evidence(f, "%s: blacklist %s", file, d->drv);
		host_finding_hint(f, "remove the line \"blacklist %s\" from %s, then: %s && reboot",
				  d->drv, file, host_distro_initramfs_update(&d->distro));
		return true;
	}
	return false;
}

/* The loaded module is the DKMS one: banner, max_vfs known, out-of-tree taint. */
static void check_loaded(struct host_doctor *d, struct host_report *r)
{
	struct host_finding *f;
	char val[32], taint[32] = "", p[64], file[256] = "";
	long banner = -1, unknown = -1, nosysfs = -1;
	bool maxvfs, dkms, loaded, dep;

	dkms = doctor_dkms_loaded(d, &loaded);
	if (loaded && !dkms && doctor_stock_xe_pf(d)) {
		f = host_report_add(
			r, "driver.loaded", HOST_PASS,
			"The loaded xe is the kernel's own, and it runs the SR-IOV PF.");
		host_finding_evidence(f, "/proc/modules: xe (in-tree); %s: xe", d->pf);
		return;
	}
	if (!loaded) {
		f = host_report_add(r, "driver.loaded", HOST_FAIL, "%s is not loaded.", d->drv);
		host_finding_evidence(f, "/proc/modules: no %s", d->drv);
		if (!kept_off(d, f))
			host_finding_hint(f, "modprobe %s (and check the log: dmesg | grep %s)",
					  d->drv, d->drv);
		return;
	}
	maxvfs = !host_module_param(d->root, d->drv, "max_vfs", val, sizeof(val));
	snprintf(p, sizeof(p), "/sys/module/%s/taint", d->drv);
	host_read_line(d->root, p, taint, sizeof(taint));
	if (!d->klog_err) {
		banner = host_klog_find(&d->klog, 0, BANNER);
		unknown = host_klog_find(&d->klog, 0, "unknown parameter 'max_vfs' ignored");
		nosysfs = host_klog_find(&d->klog, 0,
					 "driver does not support SR-IOV configuration via sysfs");
	}
	dep = d->have_release &&
	      !host_module_file(d->root, d->release, d->drv, file, sizeof(file)) &&
	      dep_is_dkms(file);
	f = host_report_add(r, "driver.loaded", dkms ? HOST_PASS : HOST_FAIL,
			    dkms ? "The loaded %s is the DKMS (SR-IOV) module." :
			    dep	 ? "The loaded %s is the stock module although modprobe picks the "
				   "DKMS one: an early copy (the initramfs) loaded the stale "
				   "module." :
				   "The loaded %s is the stock module: it has no SR-IOV PF.",
			    d->drv);
	host_finding_evidence(f, "/sys/module/%s/parameters/max_vfs: %s", d->drv,
			      maxvfs ? val : "absent");
	host_finding_evidence(f, "/sys/module/%s/taint: %s", d->drv,
			      taint[0] ? taint : "none (in-tree)");
	if (dep)
		host_finding_evidence(f, "/lib/modules/%s/modules.dep: %s", d->release, file);
	if (!d->klog_err) {
		doctor_log_evidence(d, f, banner, BANNER);
		if (unknown >= 0)
			doctor_log_evidence(d, f, unknown, "");
		if (nosysfs >= 0)
			doctor_log_evidence(d, f, nosysfs, "");
	}
	if (dkms)
		return;
	if (dep) {
		early_config(d, f);
		host_finding_hint(f, "%s && reboot", host_distro_initramfs_update(&d->distro));
		return;
	}
	if (!d->have_release || !dkms_built(d, file, sizeof(file))) {
		host_finding_hint(f, HINT_BUILD_FIRST);
		return;
	}
	host_finding_hint(f,
			  "echo " DKMS_NAME " > /usr/share/dkms/modules_to_force_install/" DKMS_NAME
			  " && dkms autoinstall --force && %s && reboot; then modinfo -n %s must "
			  "show .../updates/dkms/%s.ko*",
			  host_distro_initramfs_update(&d->distro), d->drv, d->drv);
}

/*
 * vfio-pci's ids= ("vendor:device[:...]", comma-separated) makes vfio-pci
 * bind every device it lists when it loads, before i915 can: from
 * modprobe.d (kmod passes its options) or the command line
 * (vfio-pci.ids=, kmod's too). A list naming the iGPU, often kept from a
 * whole-GPU passthrough or an NPU guide, holds the PF at every boot.
 */
static bool ids_list_one(const char *s, size_t n, const char *id)
{
	return n >= 9 && !strncasecmp(s, id, 9) && (n == 9 || s[9] == ':');
}

static bool ids_list(const char *ids, const char *id)
{
	for (const char *s = ids; *s;) {
		size_t n = strcspn(s, ",");

		if (ids_list_one(s, n, id))
			return true;
		s += n + (s[n] == ',');
	}
	return false;
}

/* @ids without the entries of @id ("8086:7d55"), into @out. */
static void ids_without(const char *ids, const char *id, char *out, size_t size)
{
	size_t o = 0;

	out[0] = '\0';
	for (const char *s = ids; *s;) {
		size_t n = strcspn(s, ",");

		if (n && !ids_list_one(s, n, id) && o + n + 2 < size) {
			if (o)
				out[o++] = ',';
			memcpy(out + o, s, n);
			out[o += n] = '\0';
		}
		s += n + (s[n] == ',');
	}
}

static bool vfio_claims_pf(struct host_doctor *d, struct host_report *r)
{
	const struct host_cmdline_param *p = host_cmdline_find(&d->cmdline, "vfio-pci.ids");
	char id[16], ids[256], file[HOST_PATH_MAX];
	struct host_finding *f;
	bool on_cmdline;

	if (d->ident_err)
		return false;
	snprintf(id, sizeof(id), "%04x:%04x", d->ident.vendor, d->ident.device);
	on_cmdline = p && p->value && ids_list(p->value, id);
	if (!on_cmdline && (host_modprobe_option(d->root, "vfio-pci", "ids", ids, sizeof(ids), file,
						 sizeof(file)) ||
			    !ids_list(ids, id)))
		return false;
	f = host_report_add(r, "driver.bound", HOST_FAIL,
			    "vfio-pci takes the PF %s at every boot: its ids= lists the iGPU "
			    "(%s), so %s never drives it and it has no VFs.",
			    d->pf, id, d->drv);
	host_finding_evidence(f, "/sys/bus/pci/devices/%s/driver: vfio-pci", d->pf);
	if (on_cmdline) {
		char from[300], to[300], rest[256], cmd[1024];

		/* as written: vfio_pci.ids is the same parameter */
		host_finding_evidence(f, "/proc/cmdline: %s=%s", p->key, p->value);
		snprintf(from, sizeof(from), "%.40s=%s", p->key, p->value);
		ids_without(p->value, id, rest, sizeof(rest));
		if (rest[0]) {
			snprintf(to, sizeof(to), "%.40s=%s", p->key, rest);
			doctor_hint_cmdline_replace(d, f, from, to);
		} else {
			host_distro_cmdline_remove(&d->distro, from, cmd, sizeof(cmd));
			host_finding_hint(f, "%s", cmd);
		}
		return true;
	}
	host_finding_evidence(f, "%s: options vfio-pci ids=%s", file, ids);
	host_finding_hint(f, "remove %s from ids= in %s (keep the other IDs), then: %s && reboot",
			  id, file, host_distro_initramfs_update(&d->distro));
	return true;
}

static void check_bound(struct host_doctor *d, struct host_report *r)
{
	const char *other = d->variant == HOST_IGPU_XE ? "i915" : "xe";
	struct host_pve_pf vm;
	struct host_finding *f;
	char drv[64], id[32], bl[48];

	snprintf(bl, sizeof(bl), "module_blacklist=%s", other);
	host_pci_driver(d->root, d->pf, drv, sizeof(drv));
	if (!strcmp(drv, d->drv)) {
		f = host_report_add(r, "driver.bound", HOST_PASS, "%s drives the PF %s.", d->drv,
				    d->pf);
	} else if (!strcmp(drv, "vfio-pci") && vfio_claims_pf(d, r)) {
		return;
	} else if (!strcmp(drv, "vfio-pci") && host_pve_find_pf(d->root, d->pf, &vm)) {
		/* the VM takes it again at its every start: its entry is the cause */
		f = host_report_add(r, "driver.bound", HOST_FAIL,
				    "The PF %s is bound to vfio-pci: VM %s is given %s, and "
				    "starting it took the PF and removed every VF.",
				    d->pf, vm.vmid,
				    vm.all_functions ? "every function of 00:02, the PF with them" :
						       "the PF itself");
		host_finding_evidence(f, "/sys/bus/pci/devices/%s/driver: vfio-pci", d->pf);
		host_finding_evidence(f, "%s: %s: %s", vm.conf, vm.key, vm.value);
		host_finding_hint(f,
				  "give VM %s a VF instead (stop it first if it runs): qm set %s "
				  "--%s 0000:00:02.1%s",
				  vm.vmid, vm.vmid, vm.key, vm.opts);
		host_finding_hint(f, "then give the PF back: vfctl vfio unbind %s", d->pf);
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
	} else if (!strcmp(drv, other)) {
		f = host_report_add(r, "driver.bound", HOST_FAIL, "%s drives the PF %s, not %s.",
				    other, d->pf, d->drv);
		doctor_hint_cmdline_add(d, f, bl);
	} else {
		const struct host_finding *ld = host_report_get(r, "driver.loaded");

		f = host_report_add(r, "driver.bound", HOST_FAIL,
				    "No driver is bound to the PF %s%s%s.", d->pf,
				    drv[0] ? " other than " : "", drv);
		if (ld && ld->status == HOST_FAIL && !host_module_loaded(d->root, d->drv))
			host_finding_hint(f, "first get %s loaded (see driver.loaded)", d->drv);
		else
			host_finding_hint(f,
					  "modprobe %s; dmesg | grep %s shows why it did not bind",
					  d->drv, d->drv);
	}
	host_finding_evidence(f, "/sys/bus/pci/devices/%s/driver: %s", d->pf,
			      drv[0] ? drv : "none");

	if (strcmp(drv, other) && host_module_loaded(d->root, other)) {
		snprintf(id, sizeof(id), "driver.%s", other);
		f = host_report_add(
			r, id, HOST_WARN,
			"%s is loaded next to %s; it can take the iGPU on the next boot.", other,
			d->drv);
		host_finding_evidence(f, "/proc/modules: %s", other);
		doctor_hint_cmdline_add(d, f, bl);
	}
}

/* VFs exist now under the DKMS driver: the PF came up, whatever the log
 * still holds (the ring buffer of a long-running host has lost its boot
 * lines, a report's excerpt may stop early). */
static unsigned int live_vfs(const struct host_doctor *d)
{
	char v[16], vf[32];
	bool known;

	if (!doctor_dkms_loaded(d, &known) && !doctor_stock_xe_pf(d))
		return 0;
	if (doctor_pf_attr(d, "sriov_numvfs", v, sizeof(v)) ||
	    host_pci_virtfn(d->root, d->pf, 1, vf, sizeof(vf)))
		return 0;
	return (unsigned int)strtoul(v, NULL, 10);
}

/* A success line missing from the log, vouched for by live VFs. */
static bool vouched(const struct host_doctor *d, struct host_finding *f, unsigned int vfs,
		    const char *what)
{
	if (!vfs)
		return false;
	f->status = HOST_PASS;
	host_finding_evidence(f, "%s: no \"%s\", but %u VFs exist now", d->klog.source, what, vfs);
	return true;
}

/*
 * The PF tried to enable VFs (and the PCI core or the driver refused
 * them), or did ("Enabled 3 VFs", xe's "PF: Enabled 7 of 7 VFs", a VF's
 * own "Running in SR-IOV VF mode"): i915 enables VFs only once its GuC
 * runs and it has announced them, so such a line vouches for success
 * lines a cut log lacks, even when the VFs are gone since. A report's
 * excerpt often keeps these and drops the probe lines before them.
 */
static long pf_tried_vfs(const struct host_doctor *d)
{
	long idx = host_klog_find(&d->klog, 0, "not enough MMIO resources for SR-IOV");

	if (idx < 0)
		idx = host_klog_find2(&d->klog, "Failed to enable", "VFs (");
	if (idx < 0)
		idx = host_klog_find2(&d->klog, "Enabled ", " VFs");
	if (idx < 0)
		idx = host_klog_find(&d->klog, 0, "Running in SR-IOV VF mode");
	return idx;
}

/* A success line missing from the log, vouched for by an attempt to enable VFs. */
static bool vouched_by_try(const struct host_doctor *d, struct host_finding *f, long tried,
			   const char *what)
{
	if (tried < 0)
		return false;
	f->status = HOST_PASS;
	host_finding_evidence(f, "%s: no \"%s\", but the PF went on to enable VFs: \"%s\"",
			      d->klog.source, what, d->klog.l[tried].text);
	return true;
}

/*
 * The log no longer reaches back to the PF driver's probe: it does not
 * start at the boot (the ring buffer of a long-running host wrapped) and
 * holds none of the probe's lines. A success line missing from such a log
 * says nothing about the probe.
 */
enum probe_seen { PROBE_SEEN, PROBE_START_CUT };

static enum probe_seen probe_seen(const struct host_doctor *d)
{
	static const char *const probe[] = {
		"Running in SR-IOV PF mode",
		"VT-d active for gfx access",
		"DMC firmware",
		"GuC firmware",
		"GUC: submission",
		"GuC submission",
		"Initialized i915",
		"Initialized xe",
		"Incompatible option",
		"module verification failed",
		"loading out-of-tree module",
		NULL,
	};
	size_t i;

	/* an empty log (a tree whose report showed none) has no start to judge */
	if (d->klog.from_boot || !d->klog.n)
		return PROBE_SEEN;
	for (i = 0; probe[i]; i++)
		if (host_klog_find(&d->klog, 0, probe[i]) >= 0)
			return PROBE_SEEN;
	return PROBE_START_CUT;
}

/* What a cut log cannot tell: skipped, with how to read the whole boot's log. */
static void cut_skip(const struct host_doctor *d, struct host_finding *f, const char *what)
{
	f->status = HOST_SKIP;
	snprintf(f->message, sizeof(f->message),
		 "The kernel log was cut: it no longer reaches back to the %s probe, so it "
		 "cannot tell \"%s\".",
		 d->drv, what);
	host_finding_evidence(f, "%s: starts with \"%s\", not with the boot's first message",
			      d->klog.source, d->klog.l[0].text);
	host_finding_hint(f, "the journal keeps the whole boot's kernel log: journalctl -k -b > "
			     "kernel.log && vfctl doctor --dmesg kernel.log");
}

/* The firmware's own failure messages, in i915's and xe's words. */
static const struct klog_failure {
	const char *a, *b; /* both substrings on one line; b may be NULL */
	const char *what;
} guc_failures[] = {
	{ "GuC firmware", "fetch failed", "the GuC blob could not be read" },
	{ "GUC: load failed", NULL, "the GuC rejected its firmware at load" },
	{ "GuC load failed", NULL, "the GuC rejected its firmware at load" },
	{ "GuC initialization failed", NULL, "GuC initialization failed" },
	{ "Enabling uc failed", NULL, "the microcontrollers (GuC/HuC) could not be enabled" },
	{ "Incompatible option enable_guc", NULL, "i915 refused the enable_guc value" },
	{ "GUC: submission disabled", NULL,
	  "GuC submission is disabled (i915.enable_guc lacks bit 0, or GuC failed)" },
}, huc_failures[] = {
	{ "HuC firmware", "fetch failed", "the HuC blob could not be read" },
	{ "HuC: load failed", NULL, "the HuC firmware did not load" },
	{ "HuC: authentication failed", NULL, "the HuC firmware was not authenticated" },
};

/* The earliest line of the log that matches one of @fl; its entry in @what. */
static long find_failure(const struct host_doctor *d, const struct klog_failure *fl, size_t n,
			 const char **what)
{
	long best = -1;
	size_t i;

	for (i = 0; i < n; i++) {
		long idx = fl[i].b ? host_klog_find2(&d->klog, fl[i].a, fl[i].b) :
				     host_klog_find(&d->klog, 0, fl[i].a);

		if (idx >= 0 && (best < 0 || idx < best)) {
			best = idx;
			*what = fl[i].what;
		}
	}
	return best;
}

/* A line of the PF driver: "i915 0000:00:02.0: ...", "i915: ...", "[i915]". */
static bool drv_line(const struct host_doctor *d, const char *text)
{
	size_t n = strlen(d->drv);
	char tag[16];

	snprintf(tag, sizeof(tag), "[%s]", d->drv);
	return (!strncmp(text, d->drv, n) && (text[n] == ' ' || text[n] == ':')) ||
	       strstr(text, tag);
}

/*
 * A line of a VF the driver drives on the host ("i915 0000:00:02.7: ..."):
 * its errors are the VF's, not the PF's. VFs bound to i915 print some on
 * every kernel (IOV interface version, GET_HWCONFIG) with no effect on the
 * PF (i915-sriov-dkms#67).
 */
static bool vf_line(const struct host_doctor *d, const char *text)
{
	size_t n = strlen(d->drv), b = strlen(d->pf);

	return !strncmp(text, d->drv, n) && text[n] == ' ' && strlen(text + n + 1) > b &&
	       text[n + 1 + b] == ':' && strncmp(text + n + 1, d->pf, b) &&
	       !strncmp(text + n + 1, d->pf, b - 1);
}

/*
 * An error of the PF driver. With syslog levels: err or worse. Without (a
 * plain `dmesg > file`, `dmesg -T`): DRM's "*ERROR*" marker, which only
 * drm_err() prints, and the driver's dev_err() messages of the probe path.
 */
static bool drv_error(const struct host_doctor *d, const struct host_klog_line *l)
{
	static const char *const dev_err[] = {
		"GuC initialization failed",
		"Enabling uc failed",
		"declaring it wedged",
		"Device initialization failed",
		NULL,
	};
	size_t i;

	if (!drv_line(d, l->text) || vf_line(d, l->text) || strstr(l->text, "0x4100") ||
	    strstr(l->text, "hwconfig"))
		return false;
	if (l->level >= 0)
		return l->level <= 3;
	if (strstr(l->text, "*ERROR*"))
		return true;
	for (i = 0; dev_err[i]; i++)
		if (strstr(l->text, dev_err[i]))
			return true;
	return false;
}

/*
 * Whether the log reaches the end of the PF driver's probe: its DRM device
 * registered ("[drm] Initialized i915 ... on minor N", the probe's last
 * message), or i915 said which way GuC submission went ("submission
 * enabled" or "disabled": __uc_init_hw() prints one of them whenever GuC
 * is loaded). A log that stops before either (an excerpt the user cut, a
 * `dmesg | tail`) cannot tell what the probe did after it.
 */
static bool probe_ended(const struct host_doctor *d)
{
	static const char *const end[] = {
		"GUC: submission",
		"GuC submission",
		"declaring it wedged",
		NULL,
	};
	char init[32];
	size_t i;

	snprintf(init, sizeof(init), "Initialized %s ", d->drv);
	if (host_klog_find(&d->klog, 0, init) >= 0)
		return true;
	for (i = 0; end[i]; i++)
		if (host_klog_find(&d->klog, 0, end[i]) >= 0)
			return true;
	return false;
}

/*
 * A saved log that stops inside the driver's output before its probe
 * ended: an excerpt. /dev/kmsg ends now, so there a probe that never ended
 * is a fact of this boot; and a log with none of the driver's lines last
 * (a full boot's, or the command line alone) shows no probe to be cut.
 */
static bool log_cut_in_probe(const struct host_doctor *d)
{
	return d->o.dmesg && d->klog.n && drv_line(d, d->klog.l[d->klog.n - 1].text) &&
	       !probe_ended(d);
}

/* A log that ends before the probe did: what it lacks is not in this log,
 * not missing from the boot. */
static void end_cut_skip(const struct host_doctor *d, struct host_finding *f, const char *what)
{
	f->status = HOST_SKIP;
	snprintf(f->message, sizeof(f->message),
		 "Not in this log: it ends before the %s probe finished, so it cannot tell "
		 "\"%s\".",
		 d->drv, what);
	host_finding_evidence(f, "%s: ends with \"%s\"; no \"Initialized %s\"", d->klog.source,
			      d->klog.l[d->klog.n - 1].text, d->drv);
	host_finding_hint(f, "the journal keeps the whole boot's kernel log: journalctl -k -b > "
			     "kernel.log && vfctl doctor --dmesg kernel.log");
}

long doctor_guc_submission(const struct host_doctor *d)
{
	long i = host_klog_find(&d->klog, 0, "GUC: submission enabled");

	/* the i915 of 6.2-era releases: "GT0: GuC submission enabled" */
	return i >= 0 ? i : host_klog_find(&d->klog, 0, "GuC submission enabled");
}

static void check_guc_log(struct host_doctor *d, struct host_report *r, long wedged,
			  unsigned int vfs)
{
	struct host_finding *f;
	const char *what = NULL, *hwhat = NULL;
	char then[256];
	long ok, bad, huc;

	bad = find_failure(d, guc_failures, sizeof(guc_failures) / sizeof(guc_failures[0]), &what);
	ok = doctor_guc_submission(d);
	if (bad >= 0) {
		f = host_report_add(r, "driver.guc", HOST_FAIL, "GuC failed: %s%s.", what,
				    wedged >= 0 ? ", so the GPU is wedged and there is no PF" : "");
		doctor_log_evidence(d, f, bad, "");
		const struct host_cmdline_param *eg =
			host_cmdline_find(&d->cmdline, "i915.enable_guc");

		/* A wrong enable_guc, not the blob, when the command line has one. */
		int guc;

		if (strstr(d->klog.l[bad].text, "enable_guc") ||
		    (d->variant == HOST_IGPU_I915 && eg &&
		     (host_cmdline_int(eg->value, &guc) || guc != 3))) {
			host_finding_hint(f, "set i915.enable_guc=3 (see cmdline.enable_guc)");
		} else {
			snprintf(then, sizeof(then), "%s && reboot",
				 host_distro_initramfs_update(&d->distro));
			host_finding_hint(
				f, "install the current GuC firmware and rebuild the initramfs "
				   "(it holds its own copy of the blobs):");
			doctor_hint_install(d, f, HOST_PKG_FIRMWARE, then);
			host_finding_hint(f, "if it still fails: the DKMS release must match the "
					     "kernel (see driver.dkms)");
		}
	} else if (d->variant == HOST_IGPU_XE) {
		f = host_report_add(r, "driver.guc", HOST_PASS,
				    "No GuC failure in the log (xe always submits through GuC).");
		doctor_log_evidence(d, f, host_klog_find(&d->klog, 0, "GuC firmware"),
				    "GuC firmware");
	} else {
		f = host_report_add(r, "driver.guc", ok >= 0 ? HOST_PASS : HOST_FAIL,
				    ok >= 0 ? "GuC submission is enabled." :
					      "GuC submission is not enabled.");
		if (ok < 0 && (vouched(d, f, vfs, "GUC: submission enabled") ||
			       vouched_by_try(d, f, pf_tried_vfs(d), "GUC: submission enabled"))) {
			snprintf(f->message, sizeof(f->message), "GuC submission is enabled.");
			ok = 0;
		} else if (ok < 0 && probe_seen(d) == PROBE_START_CUT) {
			cut_skip(d, f, "GUC: submission enabled");
		} else if (ok < 0 && log_cut_in_probe(d)) {
			end_cut_skip(d, f, "GUC: submission enabled");
		} else {
			doctor_log_evidence(d, f, ok, "GUC: submission enabled");
		}
		if (ok < 0 && f->status != HOST_SKIP)
			host_finding_hint(f, "GuC submission needs i915.enable_guc=3, the GuC "
					     "firmware and the DKMS i915: see the cmdline.*, "
					     "firmware.* and driver.* findings");
	}

	huc = find_failure(d, huc_failures, sizeof(huc_failures) / sizeof(huc_failures[0]), &hwhat);
	if (huc >= 0) {
		f = host_report_add(r, "driver.huc", HOST_WARN,
				    "HuC failed: %s (media decode in VMs is slower).", hwhat);
		doctor_log_evidence(d, f, huc, "");
		snprintf(then, sizeof(then), "%s && reboot",
			 host_distro_initramfs_update(&d->distro));
		doctor_hint_install(d, f, HOST_PKG_FIRMWARE, then);
	}
}

/* The guide's log lines, in the order the driver prints them. */
static void check_log(struct host_doctor *d, struct host_report *r)
{
	const struct host_finding *mmio, *bound;
	struct host_finding *f;
	long i, ok, bad, wedged;
	unsigned int vfs = live_vfs(d);

	if (d->klog_err) {
		doctor_skip_no_log(d, r, "driver.pf_mode");
		return;
	}
	wedged = host_klog_find(&d->klog, 0, "declaring it wedged");
	ok = host_klog_find(&d->klog, 0, "Running in SR-IOV PF mode");
	bad = host_klog_find(&d->klog, 0, "IOV: Initialization failed");
	if (bad < 0)
		bad = host_klog_find(&d->klog, 0, "PF aborted");
	if (bad < 0)
		bad = wedged;
	f = host_report_add(r, "driver.pf_mode", ok >= 0 && bad < 0 ? HOST_PASS : HOST_FAIL,
			    ok >= 0 && bad < 0 ? "%s runs in SR-IOV PF mode." :
			    wedged >= 0 ? "%s declared the GPU wedged: no PF (see driver.guc)." :
			    bad >= 0	? "The %s PF failed to initialize." :
					  "%s did not start in SR-IOV PF mode.",
			    d->drv);
	if (ok < 0 && bad < 0 &&
	    (vouched(d, f, vfs, "Running in SR-IOV PF mode") ||
	     vouched_by_try(d, f, pf_tried_vfs(d), "Running in SR-IOV PF mode"))) {
		snprintf(f->message, sizeof(f->message), "%s runs in SR-IOV PF mode.", d->drv);
		ok = 0;
	} else if (ok < 0 && bad < 0 && probe_seen(d) == PROBE_START_CUT) {
		cut_skip(d, f, "Running in SR-IOV PF mode");
		ok = 0; /* no hint: the log cannot say what is wrong */
	} else {
		doctor_log_evidence(d, f, bad >= 0 ? bad : ok, "Running in SR-IOV PF mode");
	}
	/* a PF the driver does not hold never becomes its PF; the DKMS i915
	 * gives up PF mode when VF BAR 0 has no address */
	bound = host_report_get(r, "driver.bound");
	mmio = host_report_get(r, "bios.mmio");
	/* the log tells the boot's probe; the PF may have been taken since */
	if (f->status == HOST_PASS && bound && bound->status == HOST_FAIL) {
		f->status = HOST_WARN;
		snprintf(f->message, sizeof(f->message),
			 "%s ran in SR-IOV PF mode this boot, but no longer drives the PF (see "
			 "driver.bound).",
			 d->drv);
	}
	if (ok < 0 && bad < 0 && bound && bound->status == HOST_FAIL)
		host_finding_hint(f, "first give the PF to %s (see driver.bound)", d->drv);
	else if (ok < 0 && bad < 0 && mmio && mmio->status == HOST_FAIL &&
		 d->variant == HOST_IGPU_I915)
		host_finding_hint(f,
				  "first give the VF BARs their MMIO space (see bios.mmio): "
				  "without VF BAR 0 the DKMS %s does not become a PF",
				  d->drv);
	else if (ok < 0 && bad < 0)
		host_finding_hint(
			f,
			"needs the DKMS %s with %s, %s.max_vfs=7 and the GuC firmware; see "
			"the cmdline.*, firmware.* and driver.loaded findings",
			d->drv, d->variant == HOST_IGPU_XE ? "xe.force_probe" : "i915.enable_guc=3",
			d->drv);
	else if (bad >= 0)
		host_finding_hint(f, "the first cause is in driver.guc and driver.errors");

	check_guc_log(d, r, wedged, vfs);

	if (d->variant == HOST_IGPU_I915) {
		ok = host_klog_find(&d->klog, 0, "VFs could be associated with this PF");
		bad = host_klog_find(&d->klog, 0, "No VFs could be associated with this PF");
		f = host_report_add(r, "driver.vfs_possible",
				    ok >= 0 && bad < 0 ? HOST_PASS : HOST_FAIL,
				    ok >= 0 && bad < 0 ? "The PF announced its VFs." :
							 "The PF announced no VFs.");
		if (ok < 0 && bad < 0 &&
		    (vouched(d, f, vfs, "VFs could be associated with this PF") ||
		     vouched_by_try(d, f, pf_tried_vfs(d),
				    "VFs could be associated with this PF"))) {
			snprintf(f->message, sizeof(f->message), "The PF offers VFs.");
			ok = 0;
		} else if (ok < 0 && bad < 0 && probe_seen(d) == PROBE_START_CUT) {
			cut_skip(d, f, "VFs could be associated with this PF");
			ok = 0;
		} else {
			doctor_log_evidence(d, f, bad >= 0 ? bad : ok,
					    "VFs could be associated with this PF");
		}
		if (ok < 0 || bad >= 0)
			host_finding_hint(f, "the PF announces VFs with i915.max_vfs=1..7 once it "
					     "runs in PF mode: see driver.pf_mode");
	}

	/* Errors of the PF driver, minus the GET_HWCONFIG noise VFs always print. */
	f = host_report_add(r, "driver.errors", HOST_PASS, "No %s errors in the kernel log.",
			    d->drv);
	for (i = 0, bad = 0; i < (long)d->klog.n; i++) {
		const struct host_klog_line *l = &d->klog.l[i];

		if (!drv_error(d, l))
			continue;
		if (bad++ < 5)
			host_finding_evidence(f, "%s: \"%s\"", d->klog.source, l->text);
	}
	if (bad) {
		f->status = HOST_WARN;
		snprintf(f->message, sizeof(f->message), "%ld %s error%s in the kernel log.", bad,
			 d->drv, bad > 1 ? "s" : "");
		host_finding_hint(f, "dmesg | grep -e '\\*ERROR\\*' -e failed | grep %s", d->drv);
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
		bool ok = !strcmp(v->name, d->drv);

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

/*
 * The host is set up for the driver that has no SR-IOV PF on this iGPU
 * (platform.driver fails): what is wrong with that driver's module, load
 * and probe is beside the point, and its fixes (the DKMS build of that
 * driver) lead nowhere. Those findings wait for the switch.
 */
static void wait_for_variant(const struct host_doctor *d, struct host_report *r)
{
	static const char *const ids[] = {
		"driver.module_file", "driver.loaded",	     "driver.pf_mode",
		"driver.guc",	      "driver.vfs_possible", NULL,
	};
	enum host_igpu_driver other = d->variant == HOST_IGPU_XE ? HOST_IGPU_I915 : HOST_IGPU_XE;
	const struct host_finding *pd = host_report_get(r, "platform.driver");
	size_t i, j;

	if (!pd || pd->status != HOST_FAIL)
		return;
	for (i = 0; i < r->n; i++) {
		struct host_finding *f = &r->f[i];

		for (j = 0; ids[j] && strcmp(ids[j], f->id); j++)
			;
		if (!ids[j] || f->status == HOST_PASS)
			continue;
		f->status = HOST_SKIP;
		snprintf(f->message, sizeof(f->message),
			 "Depends on platform.driver: this judges %s, which has no SR-IOV PF on "
			 "%s.",
			 d->drv, d->igpu->platform);
		f->hint[0] = '\0';
		host_finding_hint(f,
				  "set the host up for %s (see platform.driver), then run "
				  "vfctl doctor again",
				  host_igpu_driver_name(other));
	}
}

void host_check_driver(struct host_doctor *d, struct host_report *r)
{
	check_installed(d, r);
	check_loaded(d, r);
	check_bound(d, r);
	check_log(d, r);
	check_drm(d, r);
	wait_for_variant(d, r);
}
