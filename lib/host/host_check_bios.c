// SPDX-License-Identifier: MIT
/*
 * The BIOS's part of SR-IOV: the PF's SR-IOV capability (sriov_totalvfs)
 * and MMIO space for its VF BARs.
 *
 * sriov_totalvfs 0 under the DKMS driver has two causes, both in i915's
 * pf_verify_readiness(): max_vfs=0 (the module's default), or VF BAR 0
 * (resource 7, the VFs' GTTMMADR) without an address, after which the
 * driver lowers the count to 0 and goes on as a plain GPU, saying so only
 * in debug builds. The PCI core says why at boot; kernels since 6.8 write
 * "pci <bdf>: VF BAR 0 [mem size ...]: can't assign; no space" and
 * "...: failed to assign", older ones "BAR 7: no space for [...]" and
 * "BAR 7: failed to assign [...]". A VF BAR 2 without space leaves the PF
 * up, and the kernel refuses the VFs when they are enabled ("not enough
 * MMIO resources for SR-IOV", sriov_enable()).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/host_doctor_internal.h"
#include "host/host_module.h"

#define VF_BARS 6 /* PCI_SRIOV_NUM_BARS: resources 7..12 */

/*
 * The line of a VF BAR of the PF that the PCI core failed to assign and
 * never assigned after (pci=realloc retries, and the last word counts),
 * or -1.
 */
static long vf_bar_unassigned(const struct host_doctor *d)
{
	long failed[VF_BARS];
	char pfx[48];
	size_t n, i;
	int b;

	for (b = 0; b < VF_BARS; b++)
		failed[b] = -1;
	n = (size_t)snprintf(pfx, sizeof(pfx), "pci %s: ", d->pf);
	for (i = 0; i < d->klog.n; i++) {
		const char *t = d->klog.l[i].text;

		if (strncmp(t, pfx, n))
			continue;
		t += n;
		if (sscanf(t, "VF BAR %d ", &b) == 1 && b >= 0 && b < VF_BARS)
			;
		else if (sscanf(t, "BAR %d:", &b) == 1 && b >= 7 && b < 7 + VF_BARS)
			b -= 7;
		else
			continue;
		if (strstr(t, "failed to assign"))
			failed[b] = (long)i;
		else if (strstr(t, ": assigned"))
			failed[b] = -1;
	}
	for (b = 0; b < VF_BARS; b++)
		if (failed[b] >= 0)
			return failed[b];
	return -1;
}

static void hint_mmio(struct host_doctor *d, struct host_finding *f)
{
	host_finding_hint(f, "BIOS: set Above 4G Decoding = Enabled and Re-Size BAR = "
			     "Enabled; if that is not enough:");
	doctor_hint_cmdline_add(d, f, "pci=realloc");
}

/*
 * sriov_totalvfs 0: which of the two causes. Return: whether it is the
 * VF BARs (bios.mmio then fails too).
 */
static bool zero_vfs(struct host_doctor *d, struct host_report *r, long bar)
{
	struct host_finding *f;
	char mv[16], param[32], want[40];
	bool have = !host_module_param(d->root, d->drv, "max_vfs", mv, sizeof(mv));
	long max = have ? strtol(mv, NULL, 10) : -1;
	const struct host_cmdline_param *p;

	snprintf(param, sizeof(param), "%s.max_vfs", d->drv);
	if (max == 0 || (!have && bar < 0)) {
		f = host_report_add(r, "bios.sriov", HOST_FAIL,
				    "The iGPU offers 0 VFs: %s was loaded with max_vfs=0%s.",
				    d->drv, have ? " (its default)" : "");
		host_finding_evidence(f, "/sys/bus/pci/devices/%s/sriov_totalvfs: 0", d->pf);
		if (have)
			host_finding_evidence(f, "/sys/module/%s/parameters/max_vfs: 0", d->drv);
		p = host_cmdline_find(&d->cmdline, param);
		snprintf(want, sizeof(want), "%s=7", param);
		if (p && p->value) {
			char from[64];

			snprintf(from, sizeof(from), "%s=%s", param, p->value);
			doctor_hint_cmdline_replace(d, f, from, want);
		} else {
			doctor_hint_cmdline_add(d, f, want);
		}
		return false;
	}
	if (d->variant == HOST_IGPU_XE && bar < 0) {
		/* xe_sriov_pf_readiness(): GuC submission off, or no SR-IOV in xe here */
		f = host_report_add(r, "bios.sriov", HOST_FAIL,
				    "The iGPU offers 0 VFs although xe has max_vfs=%ld: xe runs it "
				    "without SR-IOV.",
				    max);
		host_finding_evidence(f, "/sys/bus/pci/devices/%s/sriov_totalvfs: 0", d->pf);
		host_finding_hint(f, "see platform.driver and driver.pf_mode for why");
		return false;
	}
	f = host_report_add(r, "bios.sriov", HOST_FAIL,
			    "The iGPU offers 0 VFs: its VF BARs got no MMIO space, so %s drives it "
			    "without SR-IOV.",
			    d->drv);
	host_finding_evidence(f, "/sys/bus/pci/devices/%s/sriov_totalvfs: 0", d->pf);
	if (have)
		host_finding_evidence(
			f,
			"/sys/module/%s/parameters/max_vfs: %ld (with max_vfs above 0, "
			"only a VF BAR 0 without an address gives 0 VFs)",
			d->drv, max);
	if (bar >= 0)
		doctor_log_evidence(d, f, bar, "");
	hint_mmio(d, f);
	return true;
}

void host_check_bios(struct host_doctor *d, struct host_report *r)
{
	struct host_finding *f;
	char total[32];
	long idx, bar = d->klog_err ? -1 : vf_bar_unassigned(d);
	bool bars = false;

	if (doctor_pf_attr(d, "sriov_totalvfs", total, sizeof(total))) {
		f = host_report_add(
			r, "bios.sriov", HOST_FAIL,
			"The iGPU has no SR-IOV capability: SR-IOV is off in the BIOS.");
		host_finding_evidence(f, "/sys/bus/pci/devices/%s/sriov_totalvfs: absent", d->pf);
		host_finding_hint(f, "BIOS: set SR-IOV = Enabled (and VT-d = Enabled)");
	} else if (!strcmp(total, "0")) {
		bars = zero_vfs(d, r, bar);
	} else {
		f = host_report_add(r, "bios.sriov", HOST_PASS, "The iGPU offers %s VFs.", total);
		host_finding_evidence(f, "/sys/bus/pci/devices/%s/sriov_totalvfs: %s", d->pf,
				      total);
	}

	if (d->klog_err && !bars) {
		doctor_skip_no_log(d, r, "bios.mmio");
		return;
	}
	idx = d->klog_err ? -1 :
			    host_klog_find(&d->klog, 0, "not enough MMIO resources for SR-IOV");
	if (idx < 0 && !d->klog_err)
		idx = host_klog_find2(&d->klog, "Failed to enable", "VFs (-12)");
	if (idx < 0 && !d->klog_err)
		idx = host_klog_find2(&d->klog, "Failed to enable", "VFs (-ENOMEM)");
	if (idx < 0)
		idx = bar;
	if (idx >= 0 || bars) {
		f = host_report_add(r, "bios.mmio", HOST_FAIL,
				    "The BIOS left too little 64-bit MMIO space for the VF BARs "
				    "(7 VFs need 3.5 GiB).");
		if (idx >= 0)
			doctor_log_evidence(d, f, idx, "");
		else
			host_finding_evidence(f, "sriov_totalvfs: 0 under max_vfs above 0 (see "
						 "bios.sriov)");
		hint_mmio(d, f);
	} else {
		f = host_report_add(r, "bios.mmio", HOST_PASS,
				    "No MMIO resource shortage for SR-IOV in the kernel log.");
		doctor_log_evidence(d, f, -1, "not enough MMIO resources for SR-IOV");
	}
}
