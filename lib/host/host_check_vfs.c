// SPDX-License-Identifier: MIT
/*
 * VF checks: the guide's "turn on SR-IOV" (sriov_numvfs, lspci shows
 * 00:02.1..), "Detaching VFs from host" (vfio-pci) and sysfs.conf.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/host_doctor_internal.h"
#include "host/host_vfs.h"
#include "host/host_vfs_boot.h"

/* "vfctl vfs enable N" is refused while the stock driver is loaded, and
 * fails while the PF is down or the VF BARs have no MMIO space (the kernel
 * refuses the write with ENOMEM): those causes come first in every VF hint. */
static bool stock_first(const struct host_doctor *d, const struct host_report *r,
			struct host_finding *f)
{
	const struct host_finding *mmio = host_report_get(r, "bios.mmio");
	const struct host_finding *bound = host_report_get(r, "driver.bound");
	const struct host_finding *variant = host_report_get(r, "platform.driver");
	bool known, dkms = doctor_dkms_loaded(d, &known);

	/* set up for the driver with no PF on this iGPU: switching comes first */
	if (variant && variant->status == HOST_FAIL) {
		host_finding_hint(f, "first set the host up for %s (see platform.driver); then:",
				  host_igpu_driver_name(d->variant == HOST_IGPU_XE ?
								HOST_IGPU_I915 :
								HOST_IGPU_XE));
		return true;
	}

	/* the PF held by vfio-pci or the other driver: no VF until it is back */
	if (bound && bound->status == HOST_FAIL) {
		host_finding_hint(f, "first give the PF to %s (see driver.bound); then:", d->drv);
		return true;
	}
	if (!dkms) {
		host_finding_hint(
			f,
			"first load the DKMS %s (see driver.loaded and driver.module_file): "
			"the stock one cannot create VFs; then:",
			d->drv);
		return true;
	}
	/* The DKMS driver is there but its PF did not come up (wedged GPU,
	 * GuC failure): VFs cannot be created until that is fixed. */
	if (!d->klog_err && (host_klog_find(&d->klog, 0, "declaring it wedged") >= 0 ||
			     host_klog_find(&d->klog, 0, "PF aborted") >= 0)) {
		host_finding_hint(f,
				  "first get the PF running (see driver.pf_mode and driver.guc); "
				  "then:");
		return true;
	}
	if (mmio && mmio->status == HOST_FAIL) {
		host_finding_hint(f, "first give the VF BARs their MMIO space (see bios.mmio); "
				     "then:");
		return true;
	}
	return false;
}

/* The PF's limit the boot asks for: <drv>.max_vfs read as the kernel
 * reads it (0x3 is 3), or 0 when unset or not 1..7. */
static unsigned int asked_max_vfs(const struct host_doctor *d)
{
	const struct host_cmdline_param *mv;
	char param[32];
	int v;

	snprintf(param, sizeof(param), "%s.max_vfs", d->drv);
	mv = host_cmdline_find(&d->cmdline, param);
	if (!mv || host_cmdline_int(mv->value, &v) || v < 1 || v > HOST_IGPU_MAX_VFS)
		return 0;
	return (unsigned int)v;
}

/*
 * How many VFs a hint enables: what the user asked for, first the boot
 * setting of sriov_numvfs (when the PF offers that many, or offers none yet
 * to tell), then max_vfs, then what the PF offers; the iGPUs' 7 when
 * nothing says (never 0: that would remove a setting).
 */
static unsigned int asked_vfs(const struct host_doctor *d, const struct host_vfs_status *st)
{
	unsigned int mv = asked_max_vfs(d);

	if (st->persisted > 0 && !st->persist_conflict &&
	    (!st->total || (unsigned int)st->persisted <= st->total))
		return (unsigned int)st->persisted;
	if (mv && (!st->total || mv <= st->total))
		return mv;
	return st->total ? st->total : HOST_IGPU_MAX_VFS;
}

static void check_persist(struct host_doctor *d, struct host_report *r,
			  const struct host_vfs_status *st)
{
	const struct host_cmdline_param *mv;
	struct host_vfs_boot b;
	struct host_finding *f;
	const struct host_finding *mmio = host_report_get(r, "bios.mmio");
	char param[32];
	long made;
	bool bad;

	/* No MMIO space for the VF BARs: no boot setting can create a VF, so
	 * whether one exists is beside the point until bios.mmio passes. */
	if (mmio && mmio->status == HOST_FAIL) {
		f = host_report_add(r, "vfs.persist", HOST_SKIP,
				    "Depends on bios.mmio: the VF BARs get no MMIO space, so no "
				    "VF can be created at boot or by hand.");
		if (st->persisted >= 0)
			host_finding_evidence(f, "%s: sriov_numvfs = %d", st->persist_src,
					      st->persisted);
		else
			host_finding_evidence(f, "no boot setting of sriov_numvfs for %s", d->pf);
		host_finding_hint(f, "fix bios.mmio first, then run vfctl doctor again");
		return;
	}
	if (st->persisted < 0) {
		f = host_report_add(r, "vfs.persist", HOST_WARN,
				    "VFs are not enabled at boot: they are gone after a reboot.");
		host_finding_evidence(f,
				      "/etc/sysfs.conf, /etc/sysfs.d, /etc/tmpfiles.d, "
				      "/etc/udev/rules.d, /etc/systemd/system: no sriov_numvfs "
				      "for %s",
				      d->pf);
		/* max_vfs is the PF's limit: a common belief is that it creates them */
		snprintf(param, sizeof(param), "%s.max_vfs", d->drv);
		mv = host_cmdline_find(&d->cmdline, param);
		if (asked_max_vfs(d))
			host_finding_hint(f,
					  "%s=%s only allows %u VFs; nothing creates them at "
					  "boot until sriov_numvfs is written:",
					  param, mv->value, asked_max_vfs(d));
		/* the VFs there now, else what the user asked for */
		host_finding_hint(f, "vfctl vfs persist %u", st->num ? st->num : asked_vfs(d, st));
		return;
	}
	host_vfs_boot_check(d->root, d->pf, st->persist_src, &b);
	if (!b.runs) {
		f = host_report_add(r, "vfs.persist", HOST_FAIL,
				    "%s asks for %d VFs at boot, but it never applies: %s.",
				    st->persist_src, st->persisted, b.problem);
		host_finding_evidence(f, "%s: sriov_numvfs = %d", st->persist_src, st->persisted);
		if (b.evidence[0])
			host_finding_evidence(f, "%s", b.evidence);
		host_finding_evidence(f, "sriov_numvfs now: %u", st->num);
		stock_first(d, r, f);
		if (b.need_sysfsutils) {
			if (d->distro.family == HOST_DISTRO_DEBIAN ||
			    d->distro.family == HOST_DISTRO_UBUNTU ||
			    d->distro.family == HOST_DISTRO_PROXMOX)
				doctor_hint_install(d, f, HOST_PKG_SYSFSUTILS, "");
			else
				host_finding_hint(f,
						  "this distribution's sysfsutils has no boot "
						  "script: vfctl vfs persist %d (systemd-tmpfiles) "
						  "and remove the line from %s",
						  st->persisted, st->persist_src);
		} else if (b.fix[0]) {
			host_finding_hint(f, "%s", b.fix);
		}
		return;
	}
	/* a udev rule on one of the boot's two events: right on this host's
	 * boots only by chance (the initramfs holding the driver or not) */
	if (b.some_boots) {
		f = host_report_add(r, "vfs.persist", HOST_WARN,
				    "%s asks for %d VFs at boot, but not on every boot: %s.",
				    st->persist_src, st->persisted, b.problem);
		host_finding_evidence(f, "%s: sriov_numvfs = %d", st->persist_src, st->persisted);
		host_finding_evidence(f, "sriov_numvfs now: %u", st->num);
		stock_first(d, r, f);
		host_finding_hint(f, "%s", b.fix);
		return;
	}
	/* the PF offers none: the cause is bios.sriov's, not the setting's */
	if (!st->persist_conflict && !st->total) {
		f = host_report_add(r, "vfs.persist", HOST_WARN,
				    "%s asks for %d VFs at boot, but the PF offers none (see "
				    "bios.sriov).",
				    st->persist_src, st->persisted);
		host_finding_evidence(f, "%s: sriov_numvfs = %d", st->persist_src, st->persisted);
		host_finding_evidence(f, "/sys/bus/pci/devices/%s/sriov_totalvfs: 0", d->pf);
		if (!stock_first(d, r, f))
			host_finding_hint(f, "fix bios.sriov first; then:");
		host_finding_hint(f, "vfctl vfs enable %d", st->persisted);
		return;
	}
	bad = st->persist_conflict || (unsigned int)st->persisted > st->total;
	made = d->klog_err ? -1 : host_klog_find2(&d->klog, "Enabled ", " VFs");
	if (made < 0 && !d->klog_err)
		made = host_klog_find(&d->klog, 0, "Running in SR-IOV VF mode");
	/* made this boot and gone now: not a setting that failed to apply */
	if (!bad && !st->num && made >= 0) {
		f = host_report_add(r, "vfs.persist", HOST_WARN,
				    "%s asks for %d VFs at boot; VFs were made this boot (the log "
				    "says so), but they are gone now: something removed them.",
				    st->persist_src, st->persisted);
		host_finding_evidence(f, "%s: sriov_numvfs = %d", st->persist_src, st->persisted);
		host_finding_evidence(f, "%s: \"%s\"", d->klog.source, d->klog.l[made].text);
		host_finding_evidence(f, "/sys/bus/pci/devices/%s/sriov_numvfs: 0", d->pf);
		if (!stock_first(d, r, f))
			host_finding_hint(f,
					  "a VM given the PF (00:02.0, or all functions of 00:02), "
					  "a hook script or a write of 0 to sriov_numvfs removes "
					  "them; journalctl -k -b | grep -e 'Disabled' -e vfio-pci "
					  "shows when; then:");
		host_finding_hint(f, "vfctl vfs enable %d", st->persisted);
		return;
	}
	if (!bad && (unsigned int)st->persisted != st->num) {
		f = host_report_add(r, "vfs.persist", HOST_WARN,
				    "%s asks for %d VFs at boot, but sriov_numvfs is %u: it did "
				    "not take effect this boot.",
				    st->persist_src, st->persisted, st->num);
		host_finding_evidence(f, "%s: sriov_numvfs = %d", st->persist_src, st->persisted);
		if (b.evidence[0])
			host_finding_evidence(f, "%s", b.evidence);
		host_finding_evidence(f, "/sys/bus/pci/devices/%s/sriov_numvfs: %u", d->pf,
				      st->num);
		if (!stock_first(d, r, f))
			host_finding_hint(f,
					  "journalctl -b | grep -i -e sriov -e sysfs shows why; "
					  "vfctl vfs enable %d applies it now",
					  st->persisted);
		else
			host_finding_hint(f, "vfctl vfs enable %d", st->persisted);
		return;
	}
	f = host_report_add(r, "vfs.persist", bad ? HOST_WARN : HOST_PASS,
			    st->persist_conflict ? "Several files set sriov_numvfs at boot, "
						   "with different values." :
			    bad ? "The boot setting asks for more VFs than the PF offers." :
				  "%d VFs are enabled at boot.",
			    st->persisted);
	host_finding_evidence(f, "%s: sriov_numvfs = %d", st->persist_src, st->persisted);
	if (b.evidence[0])
		host_finding_evidence(f, "%s", b.evidence);
	if (bad)
		host_finding_hint(f, "keep one: vfctl vfs persist N writes " HOST_TMPFILES_CONF
				     "; remove the others");
}

void host_check_vfs(struct host_doctor *d, struct host_report *r)
{
	struct host_vfs_status st;
	struct host_finding *f;
	unsigned int i;

	if (host_vfs_status(d->root, d->pf, &st) || !st.sriov) {
		host_report_add(r, "vfs", HOST_SKIP, "No SR-IOV on the PF (see bios.sriov).");
		return;
	}
	if (!st.num) {
		f = host_report_add(r, "vfs.enabled", HOST_WARN, "No VFs are enabled.");
		/* the kernel refuses more VFs than sriov_totalvfs with ERANGE */
		if (!stock_first(d, r, f) && !st.total)
			host_finding_hint(f, "first make the PF offer VFs (see bios.sriov): until "
					     "then writing sriov_numvfs fails with \"Numerical "
					     "result out of range\"; then:");
		host_finding_hint(f, "vfctl vfs enable %u", asked_vfs(d, &st));
	} else if (st.nvf != st.num) {
		f = host_report_add(r, "vfs.enabled", HOST_FAIL,
				    "sriov_numvfs says %u VFs but %u exist.", st.num, st.nvf);
		host_finding_hint(f, "dmesg | grep -e 'VFs' -e sriov");
	} else {
		f = host_report_add(r, "vfs.enabled", HOST_PASS, "%u of %u VFs are enabled.",
				    st.num, st.total);
	}
	host_finding_evidence(f, "/sys/bus/pci/devices/%s/sriov_numvfs: %u", d->pf, st.num);
	host_finding_evidence(f, "sriov_totalvfs: %u", st.total);

	if (st.nvf) {
		unsigned int none = 0;

		f = host_report_add(r, "vfs.drivers", HOST_PASS,
				    "Each VF is bound to %s (host use) or vfio-pci (for a VM).",
				    d->drv);
		for (i = 0; i < st.nvf; i++) {
			const struct host_vf *vf = &st.vf[i];

			host_finding_evidence(f, "VF%u %s: %s%s", vf->n, vf->bdf,
					      vf->driver[0] ? vf->driver : "no driver",
					      vf->user ? " (in use by a VM)" : "");
			none += !vf->driver[0];
		}
		if (none) {
			char probe[8] = "";

			f->status = HOST_WARN;
			snprintf(
				f->message, sizeof(f->message),
				"%u VF%s bound to no driver: neither the host nor a VM can use it.",
				none, none > 1 ? "s are" : " is");
			host_finding_hint(f, "vfctl vfio bind all (for VMs), or echo <VF> > "
					     "/sys/bus/pci/drivers_probe");
			/* iov.c: with sriov_drivers_autoprobe 0 the PCI core probes no
			 * driver for a new VF; that, not a failed probe, is the cause */
			if (!doctor_pf_attr(d, "sriov_drivers_autoprobe", probe, sizeof(probe)) &&
			    !strcmp(probe, "0")) {
				host_finding_evidence(f,
						      "sriov_drivers_autoprobe: 0 (new VFs get no "
						      "driver)");
				host_finding_hint(f,
						  "for %s on the host: echo 1 > "
						  "/sys/bus/pci/devices/%s/sriov_drivers_autoprobe "
						  "before enabling VFs",
						  d->drv, d->pf);
			}
		}
	}
	check_persist(d, r, &st);
}
