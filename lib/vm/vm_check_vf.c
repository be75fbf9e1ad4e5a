// SPDX-License-Identifier: MIT
/*
 * `vm check`: the VF hostdev and its romfile. The romfile is judged with
 * lib/uefi, as firmware would: a raw GOP driver must be an x64 EFI boot
 * driver holding the Graphics Output Protocol GUID; an option ROM must
 * have the headers PciBusDxe checks and an x64 EFI image inside. Then, as
 * `vfctl gop extract` does, the driver must install GOP, not only use it
 * (uefi_gop_role.h): a console driver as romfile leaves the VF without GOP.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "uefi/pci_optrom.h"
#include "uefi/sha256.h"
#include "uefi/uefi_gop.h"
#include "uefi/uefi_pe.h"
#include "vm/vm_check_internal.h"

#define MAX_ROM_IMAGES 8

static bool hexattr(xmlNodePtr n, const char *name, unsigned long *v)
{
	char *s = n ? vm_ck_attr(n, name) : NULL, *end;
	bool ok;

	if (!s)
		return false;
	*v = strtoul(s, &end, 0);
	ok = end != s && !*end;
	free(s);
	return ok;
}

static xmlNodePtr first_child(xmlNodePtr n, const char *name)
{
	for (n = n ? n->children : NULL; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE && !xmlStrcmp(n->name, (const xmlChar *)name))
			return n;
	return NULL;
}

/* The producer/consumer verdict of a driver that passed the PE checks (a
 * romfile has no FFS file GUID or UI name: its bytes and hash decide). */
static void rom_role(const uint8_t *pe, size_t len, struct uefi_gop_role_info *role)
{
	char sha[SHA256_HEX_SIZE];

	sha256_hex(pe, len, sha);
	uefi_gop_role(pe, len, NULL, NULL, uefi_gop_known(sha), role);
}

/* NULL when the bytes can serve as the VF's GOP, else why not; @role is
 * the verdict of the driver judged (UEFI_GOP_ROLE_NONE when none was). */
static const char *rom_problem(const uint8_t *buf, size_t len, char *why, size_t n,
			       struct uefi_gop_role_info *role)
{
	struct optrom_image img[MAX_ROM_IMAGES];
	enum uefi_pe_verdict v;
	int i, count;
	bool x64 = false;

	role->role = UEFI_GOP_ROLE_NONE;
	if (len >= 2 && buf[0] == 'M' && buf[1] == 'Z') {
		v = uefi_pe_check_gop(buf, len, NULL);
		if (v == UEFI_PE_OK) {
			rom_role(buf, len, role);
			if (role->role == UEFI_GOP_ROLE_PRODUCER)
				return NULL;
			snprintf(why, n, "is not a GOP driver: %s", role->why);
			return why;
		}
		snprintf(why, n, "is not a usable GOP driver: %s", uefi_pe_verdict_str(v));
		return why;
	}
	if (len < 2 || buf[0] != 0x55 || buf[1] != 0xAA) {
		snprintf(
			why, n,
			"is neither an EFI driver (.efi, starting with MZ) nor a PCI option ROM (starting with 55 AA)");
		return why;
	}
	count = optrom_parse(buf, len, img, MAX_ROM_IMAGES);
	if (count < 0) {
		snprintf(why, n,
			 "is a broken PCI option ROM: its headers fail the checks OVMF applies");
		return why;
	}
	for (i = 0; i < count; i++) {
		const struct optrom_image *o = &img[i];

		if (o->code_type != OPTROM_CODE_TYPE_EFI || o->machine != PE_MACHINE_X64)
			continue;
		x64 = true;
		/* Compressed images would need the EFI decompressor: trust the headers. */
		if (o->compression)
			return NULL;
		v = uefi_pe_check_gop(buf + o->offset + o->efi_offset, o->init_size - o->efi_offset,
				      NULL);
		if (v == UEFI_PE_OK) {
			struct uefi_gop_role_info r;

			rom_role(buf + o->offset + o->efi_offset, o->init_size - o->efi_offset, &r);
			if (r.role == UEFI_GOP_ROLE_PRODUCER)
				return NULL;
			if (role->role == UEFI_GOP_ROLE_NONE)
				*role = r; /* the first image's verdict speaks */
		}
	}
	if (role->role != UEFI_GOP_ROLE_NONE) {
		snprintf(why, n, "is an option ROM whose x64 EFI image is not a GOP driver: %s",
			 role->why);
		return why;
	}
	snprintf(why, n,
		 x64 ? "is an option ROM whose x64 EFI image is not a GOP driver" :
		       "is an option ROM without an x64 EFI image (a legacy VBIOS only)");
	return why;
}

/* A driver that only uses GOP is an error; one that may not install it, a
 * warning; both say how sure the verdict is. */
static void rom_finding(struct vm_ck *c, const char *file, const char *bdf, const char *why,
			const struct uefi_gop_role_info *role)
{
	const char *sure = uefi_gop_confidence_str(role->confidence);

	if (role->role == UEFI_GOP_ROLE_CONSUMER)
		vm_ck_add(
			c, "romfile-gop-consumer", VM_SEV_ERROR,
			"extract the Intel GOP driver itself with 'vfctl gop extract' (it refuses drivers that only use GOP) and point <rom file=...> at it",
			"the romfile %s of VF %s uses the Graphics Output Protocol but does not install it (GOP consumer, %s confidence: %s): the VF gets no GOP, Windows shows Code 43",
			file, bdf, sure, role->why);
	else if (role->role == UEFI_GOP_ROLE_UNSURE)
		vm_ck_add(
			c, "romfile-gop-unsure", VM_SEV_WARNING,
			"use the GOP driver 'vfctl gop extract' writes from the board's BIOS update",
			"the romfile %s of VF %s may not install the Graphics Output Protocol (GOP role unsure, %s confidence: %s)",
			file, bdf, sure, role->why);
	else
		vm_ck_add(
			c, "romfile-invalid", VM_SEV_ERROR,
			"extract the Intel GOP driver from the board's BIOS update with 'vfctl gop extract' (or wrap it with 'vfctl gop rom') and point <rom file=...> at it",
			"the romfile %s of VF %s %s", file, bdf, why);
}

/*
 * libvirt's alias of a hostdev, the id QEMU knows the device by: a user
 * alias (only "ua-" ones are kept), else hostdevN, numbered over the
 * <interface type='hostdev'> (named first) and then the <hostdev>s in
 * document order.
 */
static void hostdev_alias(struct vm_ck *c, xmlNodePtr hostdev, char *buf, size_t n)
{
	xmlXPathObjectPtr o = vm_ck_nodes(c, "/domain/devices/interface[@type='hostdev']");
	xmlNodePtr an = first_child(hostdev, "alias");
	char *ua = an ? vm_ck_attr(an, "name") : NULL;
	xmlNodePtr k;
	int idx = o ? o->nodesetval->nodeNr : 0;

	xmlXPathFreeObject(o);
	if (ua && !strncmp(ua, "ua-", 3)) {
		snprintf(buf, n, "%s", ua);
		free(ua);
		return;
	}
	free(ua);
	for (k = hostdev->parent ? hostdev->parent->children : NULL; k && k != hostdev; k = k->next)
		idx += k->type == XML_ELEMENT_NODE &&
		       !xmlStrcmp(k->name, (const xmlChar *)"hostdev");
	snprintf(buf, n, "hostdev%d", idx);
}

/*
 * A romfile given to QEMU past libvirt's <rom>: -set device.ALIAS.romfile=
 * in <qemu:commandline> (the ArchWiki's GVT-g recipe) or a romfile property
 * in <qemu:override> (libvirt 8.2). The last one given wins, as in QEMU.
 */
static char *qemu_romfile(struct vm_ck *c, xmlNodePtr hostdev)
{
	xmlXPathObjectPtr o = vm_ck_nodes(c, "/domain/qemu:commandline/qemu:arg");
	char alias[128], want[160], xpath[400], *found = NULL, *ov;
	int i, n = o ? o->nodesetval->nodeNr : 0;

	hostdev_alias(c, hostdev, alias, sizeof(alias));
	snprintf(want, sizeof(want), "device.%s.romfile=", alias);
	for (i = 0; i + 1 < n; i++) {
		char *opt = vm_ck_attr(o->nodesetval->nodeTab[i], "value");
		char *arg = vm_ck_attr(o->nodesetval->nodeTab[i + 1], "value");

		if (opt && arg && !strcmp(opt, "-set") && !strncmp(arg, want, strlen(want))) {
			free(found);
			found = strdup(arg + strlen(want));
			i++;
		}
		free(opt);
		free(arg);
	}
	xmlXPathFreeObject(o);
	if (strchr(alias, '\'') || strchr(alias, '"'))
		return found;
	snprintf(
		xpath, sizeof(xpath),
		"string(/domain/qemu:override/qemu:device[@alias='%s']/qemu:frontend/qemu:property[@name='romfile']/@value)",
		alias);
	ov = vm_ck_str(c, xpath);
	if (ov && ov[0]) {
		free(found);
		return ov;
	}
	free(ov);
	return found;
}

static void ck_rom(struct vm_ck *c, xmlNodePtr hostdev, const char *bdf)
{
	struct uefi_gop_role_info role;
	xmlNodePtr rom = first_child(hostdev, "rom");
	char *bar = rom ? vm_ck_attr(rom, "bar") : NULL;
	char *file = rom ? vm_ck_attr(rom, "file") : NULL;
	char *enabled = rom ? vm_ck_attr(rom, "enabled") : NULL;
	char why[256];
	uint8_t *buf;
	size_t len;
	int ret;

	/* libvirt's enabled='no' gives the device no ROM at all (and refuses a
	 * file beside it): the romfile-missing fix alone would not undo it */
	if (enabled && !strcmp(enabled, "no")) {
		vm_ck_add(
			c, "rom-disabled", VM_SEV_ERROR,
			"replace <rom enabled='no'/> of the VF with <rom file='/var/lib/libvirt/vbios/IntelGopDriver.efi'/> (the GOP 'vfctl gop extract' writes)",
			"ROM loading of VF %s is switched off (<rom enabled='no'/>), so the guest never gets the GOP driver: Windows shows Code 43",
			bdf);
		free(enabled);
		goto out;
	}
	free(enabled);
	if (bar && !strcmp(bar, "off"))
		vm_ck_add(
			c, "rom-bar-off", VM_SEV_ERROR,
			"remove bar='off' from the <rom> element of the VF",
			"the ROM BAR of VF %s is switched off, so the guest never sees the GOP romfile",
			bdf);
	if (!file || !file[0]) {
		free(file);
		file = qemu_romfile(c, hostdev);
	}
	if (!file || !file[0]) {
		vm_ck_add(
			c, "romfile-missing", VM_SEV_ERROR,
			"extract the GOP with 'vfctl gop extract BIOS.CAP -o /var/lib/libvirt/vbios/IntelGopDriver.efi' and add <rom file='/var/lib/libvirt/vbios/IntelGopDriver.efi'/> to the VF's <hostdev>",
			"VF %s has no romfile: without the GOP driver Windows shows Code 43 (guide section 2)",
			bdf);
		goto out;
	}
	ret = vm_ck_read(c, file, &buf, &len, OPTROM_MAX_SIZE);
	if (ret == -ENOMEM) {
		c->err = ret;
		goto out;
	}
	if (ret) {
		vm_ck_add(
			c, "romfile-unreadable", VM_SEV_ERROR,
			"check the path in <rom file=...>; QEMU must be able to read it (libvirt's usual place is /var/lib/libvirt/vbios/)",
			"the romfile %s of VF %s cannot be read: %s", file, bdf, strerror(-ret));
		goto out;
	}
	if (rom_problem(buf, len, why, sizeof(why), &role))
		rom_finding(c, file, bdf, why, &role);
	else
		vm_ck_rom_secure_boot(c, buf, len, file, bdf);
	free(buf);
out:
	free(bar);
	free(file);
}

void vm_ck_vf(struct vm_ck *c)
{
	xmlXPathObjectPtr o = vm_ck_nodes(c, "/domain/devices/hostdev[@type='pci']");
	int i, vfs = 0;

	for (i = 0; o && i < o->nodesetval->nodeNr; i++) {
		xmlNodePtr h = o->nodesetval->nodeTab[i];
		xmlNodePtr addr = first_child(first_child(h, "source"), "address");
		unsigned long dom = 0, bus, slot, func;
		char bdf[32], *managed;

		if (!hexattr(addr, "bus", &bus) || !hexattr(addr, "slot", &slot) ||
		    !hexattr(addr, "function", &func))
			continue;
		hexattr(addr, "domain", &dom);
		if (dom != 0 || bus != 0 || slot != 2)
			continue; /* not the iGPU */
		snprintf(bdf, sizeof(bdf), "%04lx:%02lx:%02lx.%lx", dom & 0xffff, bus & 0xff,
			 slot & 0xff, func & 0xff);
		if (func == 0) {
			vm_ck_add(
				c, "pf-passed", VM_SEV_ERROR,
				"pass a VF instead: set function='0x1' (0000:00:02.1, or another VF) in the hostdev's source address",
				"the hostdev is 0000:00:02.0, the iGPU's physical function: vfio-pci takes it from i915 and every VF disappears (i915-sriov notes, problem 3)");
			continue;
		}
		vfs++;
		managed = vm_ck_attr(h, "managed");
		if (!managed || strcmp(managed, "yes"))
			vm_ck_add(
				c, "vf-unmanaged", VM_SEV_WARNING,
				"set managed='yes' on the <hostdev>, or run 'virsh nodedev-detach pci_0000_00_02_N' before every start",
				"VF %s is not managed: libvirt will not bind it to vfio-pci, so the VM fails to start unless it was detached by hand",
				bdf);
		free(managed);
		ck_rom(c, h, bdf);
	}
	xmlXPathFreeObject(o);
	o = vm_ck_nodes(c, "/domain/devices/hostdev[@type='mdev']");
	if (!vfs && o)
		vm_ck_add(
			c, "no-vf", VM_SEV_ERROR,
			"pass a VF instead: vfctl vm xml --vf 0000:00:02.1 ... writes the <hostdev> with its romfile",
			"the domain passes a mediated device (<hostdev type='mdev'>, an Intel GVT-g vGPU), not an SR-IOV VF: GVT-g ends with Comet Lake (10th generation), the UHD 770 and its successors give VFs 0000:00:02.1 to 00:02.7 instead");
	else if (!vfs)
		vm_ck_add(
			c, "no-vf", VM_SEV_ERROR,
			"add the VF: vfctl vm xml --vf 0000:00:02.1 ... writes the <hostdev> with its romfile",
			"no iGPU VF (0000:00:02.1 to 00:02.7) is passed to this domain");
	xmlXPathFreeObject(o);
}
