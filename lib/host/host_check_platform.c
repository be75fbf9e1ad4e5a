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

/*
 * The other driver's parameters the command line holds, as written
 * ("xe.max_vfs=7 xe.force_probe=7d41 module_blacklist=i915"): what the
 * switch takes off it. Return: whether there is one.
 */
static bool present_params(const struct host_doctor *d, const char *const *keys,
			   const char *blacklist, char *buf, size_t size)
{
	const struct host_cmdline_param *p;
	char one[160];
	size_t i;

	buf[0] = '\0';
	for (i = 0; keys[i]; i++) {
		p = host_cmdline_find(&d->cmdline, keys[i]);
		if (!p)
			continue;
		snprintf(one, sizeof(one), "%.60s%s%.60s", p->key, p->value ? "=" : "",
			 p->value ? p->value : "");
		add_word(buf, size, one);
	}
	p = host_cmdline_find(&d->cmdline, "module_blacklist");
	if (p && p->value && !strcmp(p->value, blacklist)) {
		snprintf(one, sizeof(one), "module_blacklist=%s", blacklist);
		add_word(buf, size, one);
	}
	return buf[0];
}

/* The driver the host is set up for must be the one with SR-IOV on this iGPU. */
static void check_variant(struct host_doctor *d, struct host_report *r)
{
	const struct host_igpu *g = d->igpu;
	enum host_igpu_driver other = d->variant == HOST_IGPU_XE ? HOST_IGPU_I915 : HOST_IGPU_XE;
	struct host_finding *f;
	char id[8];

	if (g->sriov & d->variant) {
		f = host_report_add(r, "platform.driver", HOST_PASS,
				    "The DKMS driver's %s variant is an SR-IOV PF on %s.", d->drv,
				    g->platform);
		host_finding_evidence(f, "%s: SR-IOV with %s%s", g->platform,
				      g->sriov & HOST_IGPU_I915 ? "i915" : "",
				      g->sriov == (HOST_IGPU_I915 | HOST_IGPU_XE) ? " and xe" :
				      g->sriov & HOST_IGPU_XE			  ? "xe" :
										    "");
		host_finding_evidence(f, "configured for: %s", d->drv);
		return;
	}
	f = host_report_add(r, "platform.driver", HOST_FAIL,
			    "The host is set up for %s, which has no SR-IOV PF on %s: use %s.",
			    d->drv, g->platform, host_igpu_driver_name(other));
	host_finding_evidence(f, "%s: SR-IOV with %s only; configured for: %s", g->platform,
			      host_igpu_driver_name(other), d->drv);
	snprintf(id, sizeof(id), "%04x", g->device);
	if (other == HOST_IGPU_I915) {
		static const char *const xe_keys[] = { "xe.max_vfs", "xe.force_probe", NULL };
		static const char want[] = "intel_iommu=on i915.enable_guc=3 i915.max_vfs=7 "
					   "module_blacklist=xe";
		char old[512];

		/* grubby takes them off and puts the new ones on in one command */
		if (d->distro.family == HOST_DISTRO_FEDORA && d->distro.boot == HOST_BOOT_GRUB &&
		    present_params(d, xe_keys, "i915", old, sizeof(old))) {
			doctor_hint_cmdline_replace(d, f, old, want);
			return;
		}
		doctor_hint_cmdline_add(d, f, want);
		host_finding_hint(f, "and remove xe.max_vfs, xe.force_probe and "
				     "module_blacklist=i915 from the command line");
	} else {
		char params[128];

		snprintf(params, sizeof(params),
			 "intel_iommu=on xe.max_vfs=7 xe.force_probe=%s module_blacklist=i915", id);
		doctor_hint_cmdline_add(d, f, params);
		host_finding_hint(f, "and remove i915.enable_guc, i915.max_vfs and "
				     "module_blacklist=xe from the command line");
	}
}

bool host_check_platform(struct host_doctor *d, struct host_report *r)
{
	struct host_finding *f;
	char vendor[64] = "", model[128] = "", flags[4096] = "";
	bool intel, guest;

	intel = cpuinfo(d->root, "vendor_id", vendor, sizeof(vendor)) &&
		!strcmp(vendor, "GenuineIntel");
	cpuinfo(d->root, "model name", model, sizeof(model));
	f = host_report_add(
		r, "platform.cpu", intel ? HOST_PASS : HOST_FAIL,
		intel ? "The CPU is an Intel CPU." :
			"The CPU is not an Intel CPU: there is no Intel iGPU to share.");
	host_finding_evidence(f, "/proc/cpuinfo: vendor_id \"%s\", model name \"%s\"",
			      vendor[0] ? vendor : "?", model[0] ? model : "?");

	/* A guest (the CPU flag the hypervisor sets) sees a VF, if any, elsewhere. */
	guest = cpuinfo(d->root, "flags", flags, sizeof(flags)) && has_word(flags, "hypervisor");
	if (d->ident_err) {
		f = host_report_add(r, "platform.igpu", HOST_FAIL,
				    "No supported Intel iGPU: there is no PCI device at %s.",
				    d->pf);
		host_finding_evidence(f, "/sys/bus/pci/devices/%s: %s", d->pf,
				      strerror(-d->ident_err));
		if (guest) {
			host_finding_evidence(f, "/proc/cpuinfo flags: hypervisor");
			host_finding_hint(f,
					  "this is a virtual machine: the PF and every setup step "
					  "are the host's, so run vfctl doctor on the host; a VF "
					  "passed to this guest is another PCI address here");
			return false;
		}
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
		f = host_report_add(
			r, "platform.igpu", HOST_FAIL,
			"No supported Intel iGPU: device %04x is not one the DKMS driver "
			"has SR-IOV on (Gen12 and later; older iGPUs it drives have "
			"none).",
			d->ident.device);
		host_finding_evidence(f, "%s: [8086:%04x] \"%s\"", d->pf, d->ident.device,
				      d->ident.name);
		host_finding_hint(f, "i915-sriov-dkms shares Tiger Lake, Alder Lake (-S, -P, -N), "
				     "Raptor Lake (-S, -P, -U), Meteor Lake and Arrow Lake iGPUs "
				     "(i915), and Panther Lake (xe)");
		return false;
	}
	if (!d->igpu->sriov) {
		f = host_report_add(r, "platform.igpu", HOST_FAIL,
				    "No supported Intel iGPU: %s (%s): %s.", d->igpu->name,
				    d->igpu->platform, d->igpu->no_sriov);
		host_finding_evidence(f, "%s: [8086:%04x] \"%s\"", d->pf, d->ident.device,
				      d->ident.name);
		host_finding_hint(f, "SR-IOV needs an iGPU the DKMS driver enables it on: Tiger "
				     "Lake, Alder Lake, Raptor Lake, Meteor Lake, Arrow Lake or "
				     "Panther Lake");
		return false;
	}
	f = host_report_add(r, "platform.igpu", HOST_PASS, "%s iGPU at %s: %s.", d->igpu->platform,
			    d->pf, d->ident.name);
	host_finding_evidence(f, "%s: [8086:%04x] rev %02x", d->pf, d->ident.device, d->ident.rev);
	check_variant(d, r);
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
		doctor_hint_cmdline_add(d, f, "intel_iommu=on");
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
		doctor_hint_cmdline_add(d, f, "intel_iommu=on");
		return;
	}
	iommu_groups(d, r);
}
