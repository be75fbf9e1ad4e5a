// SPDX-License-Identifier: MIT
/*
 * `vm check`: the VF hostdev, its <rom> element and where QEMU takes the
 * romfile from. The romfile's bytes are judged in vm_check_rom.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vm/vm_check_internal.h"
#include "vm/vm_qemu_opt.h"

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
	xmlNodePtr rom = first_child(hostdev, "rom");
	char *bar = rom ? vm_ck_attr(rom, "bar") : NULL;
	char *file = rom ? vm_ck_attr(rom, "file") : NULL;
	char *enabled = rom ? vm_ck_attr(rom, "enabled") : NULL;

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
	vm_ck_romfile(c, file, bdf);
out:
	free(bar);
	free(file);
}

/*
 * QEMU's host= of a vfio-pci device: [DOMAIN:]BUS:SLOT.FUNC in hex. True
 * for a function of the iGPU (0000:00:02.N), with N in @func.
 */
static bool igpu_host(const char *host, unsigned long *func)
{
	unsigned long dom = 0, bus, slot;
	char end;

	if (sscanf(host, "%lx:%lx:%lx.%lx%c", &dom, &bus, &slot, func, &end) != 4 &&
	    (dom = 0, sscanf(host, "%lx:%lx.%lx%c", &bus, &slot, func, &end) != 3))
		return false;
	return dom == 0 && bus == 0 && slot == 2 && *func <= 7;
}

/*
 * A VF given to QEMU as -device vfio-pci,host=... in <qemu:commandline>
 * (the shape of GVT-d recipes). libvirt does not know the device: it does
 * not bind it to vfio-pci, and QEMU's private /dev (libvirt's namespaces)
 * and its device cgroup hold only the VFIO groups of <hostdev>s, so QEMU
 * cannot open it unless the user arranged all three by hand.
 */
static int ck_cmdline_vfs(struct vm_ck *c)
{
	xmlXPathObjectPtr o = vm_ck_nodes(c, "/domain/qemu:commandline/qemu:arg");
	int i, n = o ? o->nodesetval->nodeNr : 0, vfs = 0;

	for (i = 0; i + 1 < n; i++) {
		char *opt = vm_ck_attr(o->nodesetval->nodeTab[i], "value");
		char *arg = vm_ck_attr(o->nodesetval->nodeTab[i + 1], "value");
		char driver[64], host[64], file[4096], bar[16], bdf[32];
		unsigned long func;

		if (!opt || !arg || strcmp(opt, "-device") || vm_qemu_opt_check(arg) ||
		    vm_qemu_opt_get(arg, "driver", driver, sizeof(driver)) != 1 ||
		    strcmp(driver, "vfio-pci") ||
		    vm_qemu_opt_get(arg, "host", host, sizeof(host)) != 1 ||
		    !igpu_host(host, &func))
			goto next;
		snprintf(bdf, sizeof(bdf), "0000:00:02.%lu", func);
		if (func == 0) {
			vm_ck_add(
				c, "pf-passed", VM_SEV_ERROR,
				"pass a VF instead: host=0000:00:02.1 (or another VF) in the -device vfio-pci argument",
				"<qemu:commandline> passes 0000:00:02.0, the iGPU's physical function: vfio-pci takes it from i915 and every VF disappears (i915-sriov notes, problem 3)");
			goto next;
		}
		vfs++;
		vm_ck_add(
			c, "vf-outside-libvirt", VM_SEV_WARNING,
			"pass the VF as a <hostdev> instead (vfctl vm xml --vf ... writes it); kept on QEMU's command line, it needs the VF bound to vfio-pci by hand, its /dev/vfio/N in qemu.conf's cgroup_device_acl and namespaces = [] in qemu.conf",
			"VF %s is passed in <qemu:commandline> (-device vfio-pci,host=%s), where libvirt does not manage it: QEMU cannot open its VFIO group unless that was arranged by hand",
			bdf, host);
		if (vm_qemu_opt_get(arg, "rombar", bar, sizeof(bar)) == 1 && !strcmp(bar, "0"))
			vm_ck_add(
				c, "rom-bar-off", VM_SEV_ERROR,
				"remove rombar=0 from the -device vfio-pci argument of the VF",
				"the ROM BAR of VF %s is switched off, so the guest never sees the GOP romfile",
				bdf);
		if (vm_qemu_opt_get(arg, "romfile", file, sizeof(file)) == 1 && file[0])
			vm_ck_romfile(c, file, bdf);
		else
			vm_ck_add(
				c, "romfile-missing", VM_SEV_ERROR,
				"extract the GOP with 'vfctl gop extract BIOS.CAP -o /var/lib/libvirt/vbios/IntelGopDriver.efi' and add romfile=/var/lib/libvirt/vbios/IntelGopDriver.efi to the VF's -device vfio-pci argument",
				"VF %s has no romfile: without the GOP driver Windows shows Code 43 (guide section 2)",
				bdf);
		i++;
next:
		free(opt);
		free(arg);
	}
	xmlXPathFreeObject(o);
	return vfs;
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
	vfs += ck_cmdline_vfs(c);
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
