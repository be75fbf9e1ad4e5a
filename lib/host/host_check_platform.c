// SPDX-License-Identifier: MIT
/*
 * Platform, virtualization and BIOS checks: the guide's step 1 (UEFI
 * settings: VT-d, VMX, SR-IOV, Above 4G decoding) seen from Linux.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/host_doctor_internal.h"
#include "host/host_fs.h"

/* The value of the first "key : value" line of /proc/cpuinfo. */
static bool cpuinfo(const char *root, const char *key, char *buf, size_t size)
{
	char *text, *line, *save = NULL;
	bool found = false;

	if (host_read(root, "/proc/cpuinfo", &text, NULL))
		return false;
	for (line = strtok_r(text, "\n", &save); line && !found;
	     line = strtok_r(NULL, "\n", &save)) {
		char *colon = strchr(line, ':');
		size_t n = strlen(key);

		if (!colon || strncmp(line, key, n) || (line[n] != ' ' && line[n] != '\t'))
			continue;
		colon++;
		while (*colon == ' ')
			colon++;
		snprintf(buf, size, "%s", colon);
		found = true;
	}
	free(text);
	return found;
}

/* Append " word" (or "word" to an empty list) when it fits. */
static void add_word(char *buf, size_t size, const char *word)
{
	size_t n = strlen(buf), w = strlen(word);

	if (n + w + 2 > size)
		return;
	if (n)
		buf[n++] = ' ';
	memcpy(buf + n, word, w + 1);
}

static bool has_word(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *s = list;

	while ((s = strstr(s, word))) {
		if ((s == list || s[-1] == ' ') && (s[n] == ' ' || !s[n]))
			return true;
		s += n;
	}
	return false;
}

bool host_check_platform(struct host_doctor *d, struct host_report *r)
{
	struct host_finding *f;
	char vendor[64] = "", model[128] = "";
	bool intel;

	intel = cpuinfo(d->root, "vendor_id", vendor, sizeof(vendor)) &&
		!strcmp(vendor, "GenuineIntel");
	cpuinfo(d->root, "model name", model, sizeof(model));
	f = host_report_add(
		r, "platform.cpu", intel ? HOST_PASS : HOST_FAIL,
		intel ? "The CPU is an Intel CPU." :
			"The CPU is not an Intel CPU: there is no Intel iGPU to share.");
	host_finding_evidence(f, "/proc/cpuinfo: vendor_id \"%s\", model name \"%s\"",
			      vendor[0] ? vendor : "?", model[0] ? model : "?");

	if (d->ident_err) {
		f = host_report_add(r, "platform.igpu", HOST_FAIL,
				    "No supported Intel iGPU: there is no PCI device at %s.",
				    d->pf);
		host_finding_evidence(f, "/sys/bus/pci/devices/%s: %s", d->pf,
				      strerror(-d->ident_err));
		host_finding_hint(f,
				  "run vfctl doctor on the Raptor Lake host; if the iGPU is "
				  "disabled, set iGPU = Enabled (iGPU multi-monitor) in the BIOS");
		return false;
	}
	if (d->ident.vendor != 0x8086 || (d->ident.class >> 16) != 0x03) {
		f = host_report_add(
			r, "platform.igpu", HOST_FAIL,
			"No supported Intel iGPU: %s is not an Intel display controller.", d->pf);
		host_finding_evidence(f, "%s: [%04x:%04x] class %06x \"%s\"", d->pf,
				      d->ident.vendor, d->ident.device, d->ident.class,
				      d->ident.name);
		return false;
	}
	if (!d->igpu) {
		f = host_report_add(r, "platform.igpu", HOST_FAIL,
				    "No supported Intel iGPU: device %04x has no SR-IOV support "
				    "in i915.",
				    d->ident.device);
		host_finding_evidence(f, "%s: [8086:%04x] \"%s\"", d->pf, d->ident.device,
				      d->ident.name);
		host_finding_hint(f, "SR-IOV needs a Gen12 iGPU: Tiger Lake, Alder Lake or Raptor "
				     "Lake (e.g. 8086:a780, UHD Graphics 770)");
		return false;
	}
	f = host_report_add(r, "platform.igpu", HOST_PASS, "%s iGPU at %s: %s.", d->igpu->platform,
			    d->pf, d->ident.name);
	host_finding_evidence(f, "%s: [8086:%04x] rev %02x", d->pf, d->ident.device, d->ident.rev);
	return intel;
}

/* Groups and their members, for the evidence. */
static void iommu_groups(struct host_doctor *d, struct host_report *r)
{
	struct host_finding *f;
	char rel[64], path[HOST_PATH_MAX], members[512] = "", vf[32];
	int pfg, g, bad = 0;
	unsigned int i;
	DIR *dir;
	struct dirent *e;

	pfg = host_pci_iommu_group(d->root, d->pf);
	if (pfg < 0) {
		f = host_report_add(r, "iommu.groups", HOST_FAIL,
				    "The iGPU is in no IOMMU group, so its VFs cannot go to VMs.");
		host_finding_evidence(f, "/sys/bus/pci/devices/%s/iommu_group: absent", d->pf);
		doctor_hint_cmdline_add(f, "intel_iommu=on");
		return;
	}
	/* host_path() writes its result while reading its input: two buffers. */
	snprintf(rel, sizeof(rel), "/sys/kernel/iommu_groups/%d/devices", pfg);
	host_path(d->root, rel, path, sizeof(path));
	dir = opendir(path);
	while (dir && (e = readdir(dir))) {
		if (e->d_name[0] == '.')
			continue;
		add_word(members, sizeof(members), e->d_name);
		/* Another function in the PF's group would go to the VM with it. */
		if (strcmp(e->d_name, d->pf))
			bad++;
	}
	if (dir)
		closedir(dir);
	f = host_report_add(r, "iommu.groups", HOST_PASS, "The iGPU has its own IOMMU group %d.",
			    pfg);
	host_finding_evidence(f, "/sys/kernel/iommu_groups/%d/devices: %s", pfg, members);
	for (i = 1; i <= HOST_IGPU_MAX_VFS; i++) {
		if (host_pci_virtfn(d->root, d->pf, i, vf, sizeof(vf)))
			break;
		g = host_pci_iommu_group(d->root, vf);
		host_finding_evidence(f, "VF%u %s: group %d", i, vf, g);
		if (g < 0 || g == pfg)
			bad++;
	}
	if (bad) {
		f->status = HOST_FAIL;
		snprintf(f->message, sizeof(f->message),
			 "The iGPU's IOMMU group %d is shared: a VF cannot be passed alone.", pfg);
		host_finding_hint(f,
				  "enable ACS / VT-d for the iGPU in the BIOS; with intel_iommu=on "
				  "each Gen12 VF gets its own group");
	}
}

void host_check_iommu(struct host_doctor *d, struct host_report *r)
{
	struct host_finding *f;
	char flags[4096] = "";
	bool vmx, dmar, active = false;
	struct stat st;
	DIR *dir;
	struct dirent *e;
	char p[HOST_PATH_MAX], units[256] = "";

	vmx = cpuinfo(d->root, "flags", flags, sizeof(flags)) && has_word(flags, "vmx");
	f = host_report_add(r, "iommu.vmx", vmx ? HOST_PASS : HOST_FAIL,
			    vmx ? "VMX (Intel VT-x) is enabled." :
				  "VMX (Intel VT-x) is off: VMs cannot use KVM.");
	host_finding_evidence(f, "/proc/cpuinfo flags: %s", vmx ? "vmx" : "no vmx");
	if (!vmx)
		host_finding_hint(f, "BIOS: set Intel Virtualization Technology (VMX) = Enabled");

	if (!host_stat(d->root, "/dev/kvm", &st) && S_ISCHR(st.st_mode)) {
		f = host_report_add(r, "iommu.kvm", HOST_PASS, "/dev/kvm exists.");
		host_finding_evidence(f, "/dev/kvm: character device");
	} else {
		f = host_report_add(r, "iommu.kvm", HOST_FAIL, "/dev/kvm is missing: no KVM.");
		host_finding_evidence(f, "/dev/kvm: absent");
		host_finding_hint(f, "modprobe kvm_intel (and enable VMX in the BIOS)");
	}

	dmar = host_exists(d->root, "/sys/firmware/acpi/tables/DMAR");
	f = host_report_add(r, "iommu.dmar", dmar ? HOST_PASS : HOST_FAIL,
			    dmar ? "The BIOS publishes VT-d (ACPI DMAR table)." :
				   "VT-d is off in the BIOS: there is no ACPI DMAR table.");
	host_finding_evidence(f, "/sys/firmware/acpi/tables/DMAR: %s", dmar ? "present" : "absent");
	if (!dmar)
		host_finding_hint(f, "BIOS: set VT-d = Enabled");

	host_path(d->root, "/sys/class/iommu", p, sizeof(p));
	dir = opendir(p);
	while (dir && (e = readdir(dir))) {
		if (e->d_name[0] == '.')
			continue;
		active = true;
		add_word(units, sizeof(units), e->d_name);
	}
	if (dir)
		closedir(dir);
	f = host_report_add(r, "iommu.active", active ? HOST_PASS : HOST_FAIL,
			    active ? "The IOMMU is active." :
				     "The IOMMU is not active: VFs cannot be assigned to VMs.");
	host_finding_evidence(f, "/sys/class/iommu: %s", active ? units : "empty");
	if (!active) {
		if (!dmar)
			host_finding_hint(f, "BIOS: set VT-d = Enabled, then:");
		doctor_hint_cmdline_add(f, "intel_iommu=on");
		return;
	}
	iommu_groups(d, r);
}

void host_check_bios(struct host_doctor *d, struct host_report *r)
{
	struct host_finding *f;
	char total[32];
	long idx;

	if (doctor_pf_attr(d, "sriov_totalvfs", total, sizeof(total))) {
		f = host_report_add(
			r, "bios.sriov", HOST_FAIL,
			"The iGPU has no SR-IOV capability: SR-IOV is off in the BIOS.");
		host_finding_evidence(f, "/sys/bus/pci/devices/%s/sriov_totalvfs: absent", d->pf);
		host_finding_hint(f, "BIOS: set SR-IOV = Enabled (and VT-d = Enabled)");
	} else if (!strcmp(total, "0")) {
		f = host_report_add(r, "bios.sriov", HOST_FAIL,
				    "The iGPU offers 0 VFs: i915 was loaded with max_vfs=0.");
		host_finding_evidence(f, "/sys/bus/pci/devices/%s/sriov_totalvfs: 0", d->pf);
		doctor_hint_cmdline_add(f, "i915.max_vfs=7");
	} else {
		f = host_report_add(r, "bios.sriov", HOST_PASS, "The iGPU offers %s VFs.", total);
		host_finding_evidence(f, "/sys/bus/pci/devices/%s/sriov_totalvfs: %s", d->pf,
				      total);
	}

	if (d->klog_err) {
		doctor_skip_no_log(d, r, "bios.mmio");
		return;
	}
	idx = host_klog_find(&d->klog, 0, "not enough MMIO resources for SR-IOV");
	if (idx < 0)
		idx = host_klog_find2(&d->klog, "Failed to enable", "VFs (-12)");
	if (idx < 0)
		idx = host_klog_find2(&d->klog, "Failed to enable", "VFs (-ENOMEM)");
	if (idx >= 0) {
		f = host_report_add(r, "bios.mmio", HOST_FAIL,
				    "The BIOS left too little 64-bit MMIO space for the VF BARs "
				    "(7 VFs need 3.5 GiB).");
		doctor_log_evidence(d, f, idx, "");
		host_finding_hint(f, "BIOS: set Above 4G Decoding = Enabled and Re-Size BAR = "
				     "Enabled; if that is not enough:");
		doctor_hint_cmdline_add(f, "pci=realloc");
	} else {
		f = host_report_add(r, "bios.mmio", HOST_PASS,
				    "No MMIO resource shortage for SR-IOV in the kernel log.");
		doctor_log_evidence(d, f, -1, "not enough MMIO resources for SR-IOV");
	}
}
