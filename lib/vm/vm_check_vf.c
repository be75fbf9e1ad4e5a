// SPDX-License-Identifier: MIT
/*
 * `vm check`: the VF hostdev, its <rom> element and where QEMU takes the
 * romfile from. The romfile's bytes are judged in vm_check_rom.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vm/vm_check_internal.h"
#include "vm/vm_native_qemu.h"
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
 * A property QEMU gives a device past what libvirt writes: a property of
 * <qemu:override> (libvirt 8.2) for its alias, else the last -set
 * device.ALIAS.KEY= of <qemu:commandline> (the ArchWiki's GVT-g recipe),
 * read by the QEMU command-line reader (vm_native_qemu.h).
 */
static bool device_prop(struct vm_ck *c, const char *alias, char *const *argv, size_t argc,
			const char *key, char *out, size_t n)
{
	char xpath[400], *ov;

	if (!strchr(alias, '\'') && !strchr(alias, '"')) {
		snprintf(
			xpath, sizeof(xpath),
			"string(/domain/qemu:override/qemu:device[@alias='%s']/qemu:frontend/qemu:property[@name='%s']/@value)",
			alias, key);
		ov = vm_ck_str(c, xpath);
		if (ov && ov[0]) {
			snprintf(out, n, "%s", ov);
			free(ov);
			return true;
		}
		free(ov);
	}
	return vm_native_qemu_set_get((const char *const *)argv, argc, alias, key, out, n) == 1;
}

static bool prop_on(const char *v)
{
	bool b;

	return !vm_qemu_bool_parse(v, &b) && b;
}

/*
 * The IGD quirks and the bus QEMU is given for VF @bdf (@xvga,
 * @opregion, @bus as given, "" when not). x-vga=on and x-igd-opregion=on
 * are QEMU's quirks for a whole GPU / the IGD in legacy mode (GVT-d of
 * 0000:00:02.0): x-vga forwards the legacy VGA ranges, which only the PF
 * decodes; the OpRegion (the VBT the ASLS register points to) is the
 * PF's, and vfio-pci has none to offer for a VF. @alias is the <hostdev>'s
 * (the properties came through -set or <qemu:override>), NULL for a
 * -device vfio-pci of <qemu:commandline>.
 */
static void where_set(char *buf, size_t n, const char *alias, const char *key)
{
	if (alias)
		snprintf(
			buf, n,
			"-set device.%s.%s=... from <qemu:commandline> (or that property of <qemu:override> for %s)",
			alias, key, alias);
	else
		snprintf(
			buf, n,
			"%s= from the VF's -device vfio-pci argument (and any -set device.ID.%s= for its id)",
			key, key);
}

/*
 * Whether @argv defines a bus pci.0 of its own: a -device with id=pci.0
 * (a pci-bridge), or a -readconfig file, whose devices are not read (Proxmox's
 * pve-q35-4.0.cfg adds the pci-bridge "pci.0" behind the DMI bridge).
 */
static bool pci0_defined(char *const *argv, size_t argc)
{
	char id[16];
	size_t i;

	for (i = 0; i + 1 < argc; i++) {
		if (!strcmp(argv[i], "-readconfig"))
			return true;
		if (!strcmp(argv[i], "-device") &&
		    vm_qemu_opt_get(argv[i + 1], "id", id, sizeof(id)) == 1 && !strcmp(id, "pci.0"))
			return true;
	}
	return false;
}

/*
 * bus=pci.0 is i440fx's root bus; q35 has pcie.0 instead, and QEMU refuses
 * the device ("Bus 'pci.0' not found", Debian's qemu-system-x86 10.0).
 */
static void ck_bus_pci0(struct vm_ck *c, const char *bdf, const char *alias, char *const *argv,
			size_t argc)
{
	char hint[640], where[400], *machine;

	machine = vm_ck_str(c, "string(/domain/os/type/@machine)");
	if (machine && strstr(machine, "q35") && !pci0_defined(argv, argc)) {
		where_set(where, sizeof(where), alias, "bus");
		snprintf(
			hint, sizeof(hint),
			"remove %s and the addr= that goes with it (QEMU then picks a free slot on pcie.0), or write bus=pcie.0, q35's root bus",
			where);
		vm_ck_add(
			c, "vf-bus-pci0-q35", VM_SEV_ERROR, hint,
			"VF %s is placed on bus=pci.0, but the machine '%s' has no such bus (pci.0 is i440fx's root bus; q35's is pcie.0): QEMU stops with \"Bus 'pci.0' not found\"",
			bdf, machine);
	}
	free(machine);
}

static void ck_vf_props(struct vm_ck *c, const char *bdf, const char *xvga, const char *opregion,
			const char *bus, const char *alias, char *const *argv, size_t argc)
{
	char hint[640], where[400], *machine;

	if (prop_on(opregion)) {
		where_set(where, sizeof(where), alias, "x-igd-opregion");
		snprintf(
			hint, sizeof(hint),
			"remove %s: a VF gets no OpRegion; the guest's Intel driver takes the display setup from the PF through the GuC",
			where);
		vm_ck_add(
			c, "vf-igd-opregion", VM_SEV_ERROR, hint,
			"VF %s is given x-igd-opregion=on, the quirk for passing the whole iGPU (0000:00:02.0) in legacy mode: the IGD OpRegion (the board's VBT) belongs to the PF, vfio-pci offers none for a VF, and QEMU then stops with 'Device does not support IGD OpRegion feature'",
			bdf);
	}
	if (prop_on(xvga)) {
		where_set(where, sizeof(where), alias, "x-vga");
		snprintf(
			hint, sizeof(hint),
			"remove %s: the VF's display in the guest comes from the GOP romfile and the guest's Intel driver",
			where);
		vm_ck_add(
			c, "vf-x-vga", VM_SEV_WARNING, hint,
			"VF %s is given x-vga=on, the quirk for a GPU (or the whole iGPU in legacy mode) that decodes the legacy VGA ranges: a VF reports the VGA class but decodes none (vgaarb lists the VFs with decodes=none), so the VGA region vfio-pci hands QEMU is the host's legacy VGA, owned by 0000:00:02.0, which i915 drives",
			bdf);
	}
	if (!strcmp(bus, "pci.0")) {
		ck_bus_pci0(c, bdf, alias, argv, argc);
		return;
	}
	if (strcmp(bus, "pcie.0"))
		return;
	machine = vm_ck_str(c, "string(/domain/os/type/@machine)");
	if (machine && !strstr(machine, "q35")) {
		where_set(where, sizeof(where), alias, "bus");
		snprintf(
			hint, sizeof(hint),
			"switch the machine to q35 (where pcie.0 is the root bus; the VF needs a PCIe machine anyway), or remove %s and the addr= that goes with it",
			where);
		vm_ck_add(
			c, "vf-bus-pcie0-i440fx", VM_SEV_ERROR, hint,
			"VF %s is placed on bus=pcie.0, but the machine '%s' has no such bus (pcie.0 is q35's root complex; i440fx's root bus is pci.0): QEMU stops with \"Bus 'pcie.0' not found\"",
			bdf, machine[0] ? machine : "the default (i440fx)");
	}
	free(machine);
}

/* The quirks and bus of a <hostdev> VF, given past libvirt. */
static void ck_hostdev_props(struct vm_ck *c, xmlNodePtr hostdev, const char *bdf)
{
	char alias[128], xvga[16], opregion[16], bus[64];
	size_t argc;
	char **argv = vm_ck_qemu_argv(c, &argc);

	hostdev_alias(c, hostdev, alias, sizeof(alias));
	if (!device_prop(c, alias, argv, argc, "x-vga", xvga, sizeof(xvga)))
		xvga[0] = '\0';
	if (!device_prop(c, alias, argv, argc, "x-igd-opregion", opregion, sizeof(opregion)))
		opregion[0] = '\0';
	if (!device_prop(c, alias, argv, argc, "bus", bus, sizeof(bus)))
		bus[0] = '\0';
	ck_vf_props(c, bdf, xvga, opregion, bus, alias, argv, argc);
	vm_ck_free_argv(argv, argc);
}

/* The romfile QEMU is given for a <hostdev> past its <rom>, or NULL. */
static char *qemu_romfile(struct vm_ck *c, xmlNodePtr hostdev)
{
	char alias[128], file[VM_PATH_MAX];
	size_t argc;
	char **argv = vm_ck_qemu_argv(c, &argc);
	bool found;

	hostdev_alias(c, hostdev, alias, sizeof(alias));
	found = device_prop(c, alias, argv, argc, "romfile", file, sizeof(file));
	vm_ck_free_argv(argv, argc);
	return found ? strdup(file) : NULL;
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
/* Option @key of a -device, after what -set device.ID.KEY= changes; "" when none. */
static void device_opt(char *const *argv, size_t argc, const char *arg, const char *key, char *out,
		       size_t n)
{
	char id[128];

	if (vm_qemu_opt_get(arg, key, out, n) != 1)
		out[0] = '\0';
	if (vm_qemu_opt_get(arg, "id", id, sizeof(id)) == 1 &&
	    vm_native_qemu_set_get((const char *const *)argv, argc, id, key, out, n) < 0)
		out[0] = '\0';
}

static int ck_cmdline_vfs(struct vm_ck *c)
{
	size_t i, n;
	char **argv = vm_ck_qemu_argv(c, &n);
	int vfs = 0;

	for (i = 0; i + 1 < n; i++) {
		const char *opt = argv[i], *arg = argv[i + 1];
		char driver[64], host[64], file[4096], bar[16], bdf[32];
		char xvga[16], opregion[16], bus[64];
		unsigned long func;

		if (strcmp(opt, "-device") || vm_qemu_opt_check(arg) ||
		    vm_qemu_opt_get(arg, "driver", driver, sizeof(driver)) != 1 ||
		    strcmp(driver, "vfio-pci") ||
		    vm_qemu_opt_get(arg, "host", host, sizeof(host)) != 1 ||
		    !igpu_host(host, &func))
			continue;
		snprintf(bdf, sizeof(bdf), "0000:00:02.%lu", func);
		i++;
		if (func == 0) {
			vm_ck_add(
				c, "pf-passed", VM_SEV_ERROR,
				"pass a VF instead: host=0000:00:02.1 (or another VF) in the -device vfio-pci argument",
				"<qemu:commandline> passes 0000:00:02.0, the iGPU's physical function: vfio-pci takes it from i915 and every VF disappears (i915-sriov notes, problem 3)");
			continue;
		}
		vfs++;
		vm_ck_add(
			c, "vf-outside-libvirt", VM_SEV_WARNING,
			"pass the VF as a <hostdev> instead (vfctl vm xml --vf ... writes it); kept on QEMU's command line, it needs the VF bound to vfio-pci by hand, its /dev/vfio/N in qemu.conf's cgroup_device_acl and namespaces = [] in qemu.conf",
			"VF %s is passed in <qemu:commandline> (-device vfio-pci,host=%s), where libvirt does not manage it: QEMU cannot open its VFIO group unless that was arranged by hand",
			bdf, host);
		device_opt(argv, n, arg, "rombar", bar, sizeof(bar));
		if (!strcmp(bar, "0"))
			vm_ck_add(
				c, "rom-bar-off", VM_SEV_ERROR,
				"remove rombar=0 from the -device vfio-pci argument of the VF",
				"the ROM BAR of VF %s is switched off, so the guest never sees the GOP romfile",
				bdf);
		device_opt(argv, n, arg, "romfile", file, sizeof(file));
		if (file[0])
			vm_ck_romfile(c, file, bdf);
		else
			vm_ck_add(
				c, "romfile-missing", VM_SEV_ERROR,
				"extract the GOP with 'vfctl gop extract BIOS.CAP -o /var/lib/libvirt/vbios/IntelGopDriver.efi' and add romfile=/var/lib/libvirt/vbios/IntelGopDriver.efi to the VF's -device vfio-pci argument",
				"VF %s has no romfile: without the GOP driver Windows shows Code 43 (guide section 2)",
				bdf);
		device_opt(argv, n, arg, "x-vga", xvga, sizeof(xvga));
		device_opt(argv, n, arg, "x-igd-opregion", opregion, sizeof(opregion));
		device_opt(argv, n, arg, "bus", bus, sizeof(bus));
		ck_vf_props(c, bdf, xvga, opregion, bus, NULL, argv, n);
	}
	vm_ck_free_argv(argv, n);
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
		ck_hostdev_props(c, h, bdf);
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
