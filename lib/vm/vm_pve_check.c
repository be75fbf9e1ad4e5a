// SPDX-License-Identifier: MIT
/*
 * `vm check` of a Proxmox VE configuration (see vm_pve.h): the libvirt
 * checks run on the domain vm_pve_xml.c makes of it, then each finding's
 * fix is said in Proxmox's terms (qm set, hostpciN options, /usr/share/kvm/)
 * and the libvirt-only findings are left out: Proxmox runs QEMU as root
 * itself, with no libvirt device cgroup, AppArmor profile or domain parser.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vm/vm_pve.h"
#include "vm/vm_pve_internal.h"

/* Findings of libvirt's own machinery, which a Proxmox VM does not have. */
static const char *const libvirt_only[] = {
	"libvirt-missing",
	"qemu-conf-unreadable",
	"qemu-conf-unparsable",
	"kvmfr-not-in-acl",
	"apparmor-kvmfr",
	"libvirt-rejects",
	"libvirt-parse-unavailable",
	"phys-bits-limit-dropped",
	/* libvirt's JSON -device beside comma-syntax args; qemu-server writes
	 * its own devices in the comma syntax */
	"ivshmem-legacy-syntax",
};

/* The fix in Proxmox's terms; "%s" is the VF's hostpciN. */
static const struct {
	const char *id;
	const char *hint;
} pve_hints[] = {
	{ "machine-not-q35",
	  "set machine: q35 (qm set VMID --machine q35) with the VM stopped; Windows then finds its devices again" },
	{ "no-uefi",
	  "set bios: ovmf and add an EFI disk (qm set VMID --bios ovmf --efidisk0 STORAGE:1,efitype=4m); the guest must be installed for UEFI" },
	{ "cpu-not-host", "set cpu: host (qm set VMID --cpu host)" },
	{ "hypervisor-hidden",
	  "remove -hypervisor (or hypervisor=off) from the -cpu in args:; hidden=1 of cpu: only hides KVM and may stay" },
	{ "nested-virt-exposed",
	  "set cpu: host,flags=-nested-virt (qemu-server 9.0.27 and later; before, a custom CPU model with flags -vmx in /etc/pve/virtual-guest/cpu-models.conf), unless the guest really needs nested virtualisation" },
	/* qemu-server's phys-bits=N is QEMU's, which a host CPU ignores */
	{ "phys-bits-unlimited",
	  "add args: -global host-x86_64-cpu.host-phys-bits-limit=N (qm set VMID --args ...), N from 'address sizes : N bits physical' in the host's /proc/cpuinfo; cpu: host,phys-bits=N does not limit a host CPU" },
	{ "phys-bits-ignored",
	  "remove phys-bits=N from cpu: and add args: -global host-x86_64-cpu.host-phys-bits-limit=N (qm set VMID --args ...), N from 'address sizes : N bits physical' in the host's /proc/cpuinfo" },
	{ "phys-bits-above-host",
	  "lower N in args: -global host-x86_64-cpu.host-phys-bits-limit=N (or in the -cpu of args:) to 'address sizes : N bits physical' in the host's /proc/cpuinfo" },
	{ "hyperv-nested",
	  "remove +hv-evmcs from the flags of cpu: (and hv-evmcs from a -cpu in args:)" },
	{ "qxl-present",
	  "once the Intel driver, IddSampleDriver and the Looking Glass host work, set vga: none (guide section 3 step 7)" },
	{ "spice-autoport",
	  "give the Looking Glass client a SPICE server of its own in args: -spice port=5900,addr=127.0.0.1,disable-ticketing=on -device virtio-serial-pci -chardev spicevmc,id=vdagent,name=vdagent -device virtserialport,chardev=vdagent,name=com.redhat.spice.0" },
	{ "client-spice-missing",
	  "add a SPICE server for the client in args: -spice port=5900,addr=127.0.0.1,disable-ticketing=on -device virtio-serial-pci -chardev spicevmc,id=vdagent,name=vdagent -device virtserialport,chardev=vdagent,name=com.redhat.spice.0, or set enable=no under [spice]" },
	{ "pf-passed",
	  "pass a VF instead: %s: 0000:00:02.1,pcie=1,romfile=IntelGopDriver.efi (one function, not 0000:00:02 with All Functions ticked)" },
	{ "no-vf",
	  "add the VF: qm set VMID --hostpci0 0000:00:02.1,pcie=1,romfile=IntelGopDriver.efi (the GOP file in /usr/share/kvm/)" },
	{ "rom-bar-off", "remove rombar=0 from %s (tick ROM-Bar in the GUI)" },
	{ "vf-unmanaged",
	  "remove driver=keep from %s, so that Proxmox binds the VF to vfio-pci at every start, or bind it by hand before each start" },
	{ "romfile-missing",
	  "extract the GOP with 'vfctl gop extract BIOS.CAP -o /usr/share/kvm/IntelGopDriver.efi' and add romfile=IntelGopDriver.efi to %s (a file name: Proxmox looks in /usr/share/kvm/)" },
	{ "romfile-unreadable",
	  "put the GOP driver in /usr/share/kvm/ under the name romfile= of %s gives (Proxmox looks nowhere else)" },
	{ "romfile-invalid",
	  "extract the Intel GOP driver from the board's BIOS update with 'vfctl gop extract' (or wrap it with 'vfctl gop rom') into /usr/share/kvm/ and name that file in romfile= of %s" },
	{ "romfile-gop-consumer",
	  "extract the Intel GOP driver itself with 'vfctl gop extract' (it refuses drivers that only use GOP) into /usr/share/kvm/ and name it in romfile= of %s" },
	{ "romfile-unsigned-secure-boot",
	  "boot without enforced Secure Boot: turn it off in OVMF's setup (Device Manager, Secure Boot Configuration), or replace efidisk0 by one made with pre-enrolled-keys=0" },
	{ "vf-outside-libvirt",
	  "pass the VF as a PCI device instead: qm set VMID --hostpci0 0000:00:02.1,pcie=1,romfile=IntelGopDriver.efi, and remove its -device vfio-pci from args:" },
	{ "no-ivshmem",
	  "add ivshmem: size=32,name=looking-glass (the client then reads /dev/shm/pve-shm-looking-glass), or a kvmfr -device/-object pair in args:" },
	{ "ivshmem-no-device",
	  "add -device ivshmem-plain,memdev=ID to args:, ID being the memory-backend-file's id" },
	{ "shm-not-shared", "add share=on to the memory-backend-file in args:" },
	{ "shm-size-invalid",
	  "give it a size: ivshmem: size=32 (MiB), or size=32M on the memory-backend-file in args:" },
	{ "qemu-arg-malformed",
	  "fix the -object/-device value in args: (key=value,... or QEMU's JSON with balanced braces and quotes)" },
	{ "vf-x-vga",
	  "remove x-vga=1 from %s (untick Primary GPU in the GUI) and any -set device.%s.x-vga= from args:; vga: none removes the emulated display instead, and the VF's display comes from the GOP romfile" },
	{ "vf-igd-opregion",
	  "remove -set device.%s.x-igd-opregion=on from args: (that recipe passes the whole iGPU, 0000:00:02.0, in legacy mode); a VF needs only its GOP romfile" },
	{ "vf-bus-pcie0-i440fx",
	  "remove -set device.%s.bus=pcie.0 and its -set device.%s.addr= from args:, or set machine: q35 (qm set VMID --machine q35) with the VM stopped" },
};

/* Wording of the libvirt messages that has a Proxmox equivalent. */
static const struct {
	const char *from;
	const char *to;
} pve_words[] = {
	{ "<qemu:commandline>", "args:" },
	{ "the hostdev is 0000:00:02.0",
	  "a hostpci entry passes 0000:00:02.0 (or all functions of 0000:00:02)" },
	{ ", where libvirt does not manage it: QEMU cannot open its VFIO group unless that was arranged by hand",
	  ": Proxmox binds only hostpciN devices to vfio-pci, so QEMU cannot use it unless it was bound by hand" },
	{ "the VARS template OVMF_VARS_4M.ms.fd has keys enrolled",
	  "efidisk0 was made with pre-enrolled-keys=1, Microsoft's keys" },
	{ "is not managed: libvirt will not bind it to vfio-pci",
	  "has driver=keep: Proxmox will not bind it to vfio-pci" },
	{ "to this domain", "to this VM" },
	{ "the domain", "the VM" },
};

static bool is_libvirt_only(const char *id)
{
	size_t i;

	for (i = 0; i < sizeof(libvirt_only) / sizeof(libvirt_only[0]); i++)
		if (!strcmp(id, libvirt_only[i]))
			return true;
	return false;
}

static void replace(char *s, size_t n, const char *from, const char *to)
{
	char *at = strstr(s, from), tmp[1024];
	size_t len;

	if (!at)
		return;
	snprintf(tmp, sizeof(tmp), "%.*s%s%s", (int)(at - s), s, to, at + strlen(from));
	len = strnlen(tmp, n - 1); /* cut as the finding's own buffer does */
	memcpy(s, tmp, len);
	s[len] = '\0';
}

static void pve_wording(struct vm_finding *f, const struct vm_pve_facts *facts)
{
	const char *key = facts->vf_key[0] ? facts->vf_key : "hostpciN";
	size_t i;

	for (i = 0; i < sizeof(pve_words) / sizeof(pve_words[0]); i++)
		replace(f->message, sizeof(f->message), pve_words[i].from, pve_words[i].to);
	for (i = 0; i < sizeof(pve_hints) / sizeof(pve_hints[0]); i++)
		if (!strcmp(f->id, pve_hints[i].id)) {
			snprintf(f->hint, sizeof(f->hint), "%s", pve_hints[i].hint);
			while (strstr(f->hint, "%s"))
				replace(f->hint, sizeof(f->hint), "%s", key);
			break;
		}
	if (!strcmp(f->id, "romfile-unreadable") && facts->rom_absolute)
		snprintf(
			f->hint, sizeof(f->hint),
			"give only the file name in romfile= of %s, the file in /usr/share/kvm/: Proxmox puts /usr/share/kvm/ in front of every romfile=, an absolute path included",
			key);
	/* args: -set device.hostpciN.romfile= replaces romfile=, and QEMU
	 * opens it as given */
	if (!strcmp(f->id, "romfile-unreadable") && facts->rom_from_set)
		snprintf(
			f->hint, sizeof(f->hint),
			"put the GOP driver where -set device.%s.romfile= in args: names it (QEMU opens an absolute path as given, a bare name from /usr/share/kvm/), or drop that -set and give romfile=NAME in %s, the file in /usr/share/kvm/",
			key, key);
	else if (facts->rom_from_set &&
		 (!strcmp(f->id, "romfile-invalid") || !strcmp(f->id, "romfile-gop-consumer")))
		snprintf(
			f->hint, sizeof(f->hint),
			"extract the Intel GOP driver with 'vfctl gop extract' (or wrap it with 'vfctl gop rom') and name that file in -set device.%s.romfile= of args:, which replaces romfile= of %s",
			key, key);
}

static int append(struct vm_check_report *r, const struct vm_finding *f)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 8;
		struct vm_finding *nf = realloc(r->f, cap * sizeof(*nf));

		if (!nf)
			return -ENOMEM;
		r->f = nf;
		r->cap = cap;
	}
	r->f[r->n++] = *f;
	return 0;
}

bool vm_pve_detect(const char *text, size_t len)
{
	return vm_pve_looks_like(text, len);
}

int vm_check_pve(const char *text, size_t len, const struct vm_check_opts *o,
		 struct vm_check_report *r)
{
	static const struct vm_check_opts defaults = { 0 };
	struct vm_check_opts lo;
	struct vm_pve_facts *facts;
	struct vm_pve_conf *c;
	struct vm_finding note = { .id = "pve-libvirt-only", .severity = VM_SEV_INFO };
	size_t i, kept = 0, xlen;
	char *xml;
	int ret;

	memset(r, 0, sizeof(*r));
	lo = o ? *o : defaults;
	lo.libvirt = false;
	if (!lo.root)
		lo.root = "/";
	if (!vm_pve_looks_like(text, len))
		return -EINVAL;
	c = malloc(sizeof(*c));
	facts = malloc(sizeof(*facts));
	ret = c && facts ? vm_pve_conf_parse(text, len, c) : -ENOMEM;
	if (ret) {
		free(c);
		free(facts);
		return ret;
	}
	ret = vm_pve_domain_xml(c, lo.root, &xml, &xlen, facts);
	if (!ret) {
		ret = vm_check_xml(xml, xlen, &lo, r);
		free(xml);
	}
	/* a domain of our own making that the checks refuse is a bug here */
	if (ret == -EINVAL)
		ret = -EPROTO;
	for (i = 0; !ret && i < r->n; i++) {
		if (is_libvirt_only(r->f[i].id))
			continue;
		pve_wording(&r->f[i], facts);
		r->f[kept++] = r->f[i];
	}
	if (!ret)
		r->n = kept;
	for (i = 0; !ret && i < facts->n_extra; i++)
		ret = append(r, &facts->extra[i]);
	snprintf(
		note.message, sizeof(note.message),
		"libvirt's device cgroup (qemu.conf), its AppArmor profile and its own parse of the domain are not checked: Proxmox VE starts QEMU itself, as root, without them");
	snprintf(note.hint, sizeof(note.hint),
		 "nothing to change: these settings do not exist on Proxmox VE");
	if (!ret)
		ret = append(r, &note);
	if (ret)
		vm_check_report_free(r);
	vm_pve_conf_free(c);
	free(c);
	free(facts);
	return ret;
}
