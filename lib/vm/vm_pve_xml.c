// SPDX-License-Identifier: MIT
/*
 * A Proxmox VE configuration as the libvirt domain the vm_check*.c checks
 * read, following what qemu-server puts on QEMU's command line (its
 * QemuServer.pm, PCI.pm, CPUConfig.pm and OVMF.pm):
 *
 * - machine: q35 only when the type says q35; no type is i440fx.
 * - bios: ovmf boots OVMF; an efidisk0 with efitype=4m on q35 gets the
 *   Secure Boot build (OVMF_CODE_4M.secboot.fd), and pre-enrolled-keys=1
 *   the VARS template with Microsoft's keys (OVMF_VARS_4M.ms.fd).
 * - cpu: kvm64 unless set; "host" is host-passthrough; VM flags are
 *   ';'-separated (+hv-evmcs, -nested-virt); phys-bits=N or host. A -cpu
 *   in args: comes last on the command line and replaces all of it.
 * - hostpciN: one or more ';'-separated functions, or mapping=NAME; an
 *   address without ".F" is every function of the device (so 0000:00:02
 *   includes the PF); romfile= is always under /usr/share/kvm/; rombar=0;
 *   mdev= makes it a mediated device. Proxmox binds it to vfio-pci itself
 *   (libvirt's managed='yes') unless driver=keep. x-vga=1 hides KVM and,
 *   unless vga: says otherwise, removes the emulated VGA; only without
 *   OVMF does it also give QEMU x-vga=on. The -device of a one-function
 *   hostpciN has id=hostpciN, which args: -set device.hostpciN.KEY= can
 *   change: read by the QEMU command-line reader (vm_native_qemu.h), a
 *   romfile there replaces romfile= and is opened as given (a bare name
 *   from QEMU's data directory, /usr/share/kvm/ on Proxmox); the IGD
 *   quirks and the bus become <qemu:override> properties of the hostdev.
 * - vga: qxl is QXL with Proxmox's SPICE on a port chosen at start.
 * - ivshmem: size=N[,name=X] is a shared memory-backend-file on
 *   /dev/shm/pve-shm-X (the VMID when unnamed) and an ivshmem-plain.
 * - q35 gets -readconfig pve-q35-4.0.cfg (QEMU 4.0 on): qemu-server's
 *   buses, the pci-bridge pci.0 (so bus=pci.0 is valid there) and the
 *   ich9-pcie-port-N root ports.
 * - args: split into words as a shell does, kept as <qemu:commandline>;
 *   a -spice there is the SPICE server the Looking Glass client dials. Its
 *   -cpu and -spice are read by the QEMU command-line reader.
 *
 * The CPU "mode" of a model other than host is the model's name: the
 * checks print it, and only host-passthrough has a meaning to them.
 */
#include <errno.h>
#include <libxml/tree.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vm/vm_native_qemu.h"
#include "vm/vm_pve_internal.h"
#include "vm/vm_xml.h"

#define X(s) ((const xmlChar *)(s))
#define MAX_HOSTPCI 16
#define VAL 512

struct cpu {
	char model[64];
	bool hypervisor_off;
	bool vmx_off;
	bool evmcs;
	bool kvm_hidden;
	unsigned int phys_bits; /* emulate N */
	bool host_phys; /* passthrough */
	unsigned int host_phys_limit;
};

struct tr {
	const struct vm_pve_conf *c;
	const char *root;
	struct vm_pve_facts *f;
	xmlDocPtr doc;
	xmlNodePtr dom, os, features, devices, cmdline, override;
	unsigned int n_hostdev; /* <hostdev>s so far: libvirt's hostdevN alias */
	xmlNsPtr qemu;
	bool q35, ovmf, err;
	bool vga_none; /* x-vga=1 without a vga: line */
	bool xvga; /* some hostpciN has x-vga=1: Proxmox's -cpu gets kvm=off */
	struct cpu cpu;
	char **argv;
	size_t argc;
};

void vm_pve_extra(struct vm_pve_facts *f, const char *id, enum vm_severity sev, const char *hint,
		  const char *fmt, ...)
{
	struct vm_finding *x;
	va_list ap;

	if (f->n_extra == VM_PVE_MAX_EXTRA)
		return;
	x = &f->extra[f->n_extra++];
	x->id = id;
	x->severity = sev;
	va_start(ap, fmt);
	vsnprintf(x->message, sizeof(x->message), fmt, ap);
	va_end(ap);
	snprintf(x->hint, sizeof(x->hint), "%s", hint);
}

static xmlNodePtr child(struct tr *t, xmlNodePtr parent, const char *name, const char *text)
{
	xmlNodePtr n = xmlNewTextChild(parent, NULL, X(name), text ? X(text) : NULL);

	if (!n)
		t->err = true;
	return n;
}

static void attr(struct tr *t, xmlNodePtr n, const char *name, const char *value)
{
	if (n && !xmlNewProp(n, X(name), X(value)))
		t->err = true;
}

static const char *get(struct tr *t, const char *key)
{
	return vm_pve_get(t->c, key);
}

/* The type of a property string whose default key is a type (machine, vga, cpu). */
static void type_of(const char *value, const char *key, char *out, size_t n)
{
	if (!value ||
	    (vm_pve_prop(value, NULL, out, n) != 1 && vm_pve_prop(value, key, out, n) != 1))
		out[0] = '\0';
}

static void tr_machine(struct tr *t)
{
	xmlNodePtr type;
	char m[64];

	type_of(get(t, "machine"), "type", m, sizeof(m));
	t->q35 = strstr(m, "q35") != NULL;
	type = child(t, t->os, "type", "hvm");
	attr(t, type, "arch", "x86_64");
	if (m[0])
		attr(t, type, "machine", m);
}

static void tr_firmware(struct tr *t)
{
	const char *bios = get(t, "bios"), *efidisk = get(t, "efidisk0");
	char type[16] = "";
	bool keys = false, sb;
	xmlNodePtr loader, nvram;
	char code[128], vars[128];

	t->ovmf = bios && !strcmp(bios, "ovmf");
	if (!t->ovmf)
		return; /* SeaBIOS, the default */
	if (efidisk) {
		if (vm_pve_prop(efidisk, "efitype", type, sizeof(type)) != 1)
			type[0] = '\0';
		keys = vm_pve_bool(efidisk, "pre-enrolled-keys", false);
	}
	if (!strcmp(type, "4m")) {
		/* SMM, which Secure Boot needs, comes with q35 */
		sb = t->q35;
		snprintf(code, sizeof(code), VM_PVE_EDK2_DIR "OVMF_CODE_4M%s.fd",
			 sb ? ".secboot" : "");
		snprintf(vars, sizeof(vars), VM_PVE_EDK2_DIR "OVMF_VARS_4M%s.fd",
			 keys ? ".ms" : "");
	} else {
		sb = false;
		snprintf(code, sizeof(code), VM_PVE_EDK2_DIR "OVMF_CODE.fd");
		snprintf(vars, sizeof(vars), VM_PVE_EDK2_DIR "OVMF_VARS.fd");
	}
	loader = child(t, t->os, "loader", code);
	attr(t, loader, "readonly", "yes");
	attr(t, loader, "type", "pflash");
	if (sb)
		attr(t, loader, "secure", "yes");
	nvram = child(t, t->os, "nvram", NULL);
	attr(t, nvram, "template", vars);
}

/* QEMU's -cpu as given in args:, which replaces Proxmox's whole -cpu. */
static void cpu_from_qemu(struct cpu *cpu, const char *v)
{
	struct vm_qemu_cpu q;

	vm_qemu_cpu_parse(v, &q);
	memset(cpu, 0, sizeof(*cpu));
	snprintf(cpu->model, sizeof(cpu->model), "%.*s", (int)sizeof(cpu->model) - 1, q.model);
	cpu->hypervisor_off = q.hypervisor_off;
	cpu->vmx_off = q.vmx_off;
	cpu->evmcs = q.hv_evmcs;
	cpu->kvm_hidden = q.kvm_hidden;
	cpu->phys_bits = (unsigned int)q.phys_bits;
	cpu->host_phys = q.host_phys_bits;
	cpu->host_phys_limit = (unsigned int)q.phys_limit;
}

static void cpu_from_pve(struct tr *t, struct cpu *cpu)
{
	const char *v = get(t, "cpu");
	char flags[VAL], pb[16], *save = NULL, *tok;

	memset(cpu, 0, sizeof(*cpu));
	type_of(v, "cputype", cpu->model, sizeof(cpu->model));
	if (!cpu->model[0])
		snprintf(cpu->model, sizeof(cpu->model), "kvm64");
	if (!v)
		return;
	cpu->kvm_hidden = vm_pve_bool(v, "hidden", false);
	if (vm_pve_prop(v, "flags", flags, sizeof(flags)) == 1)
		for (tok = strtok_r(flags, ";", &save); tok; tok = strtok_r(NULL, ";", &save)) {
			if (!strcmp(tok, "-nested-virt"))
				cpu->vmx_off = true;
			else if (!strcmp(tok, "+hv-evmcs"))
				cpu->evmcs = true;
		}
	if (vm_pve_prop(v, "phys-bits", pb, sizeof(pb)) == 1) {
		if (!strcmp(pb, "host"))
			cpu->host_phys = true;
		else
			cpu->phys_bits = (unsigned int)strtoul(pb, NULL, 10);
	}
}

static void tr_cpu(struct tr *t)
{
	struct cpu *cpu = &t->cpu;
	xmlNodePtr n, k;
	char bits[16];
	size_t i;

	cpu_from_pve(t, cpu);
	if (t->xvga)
		cpu->kvm_hidden = true;
	for (i = 0; i + 1 < t->argc; i++)
		if (!strcmp(t->argv[i], "-cpu"))
			cpu_from_qemu(cpu, t->argv[i + 1]);
	n = child(t, t->dom, "cpu", NULL);
	attr(t, n, "mode", !strcmp(cpu->model, "host") ? "host-passthrough" : cpu->model);
	if (cpu->phys_bits) {
		snprintf(bits, sizeof(bits), "%u", cpu->phys_bits);
		k = child(t, n, "maxphysaddr", NULL);
		attr(t, k, "mode", "emulate");
		attr(t, k, "bits", bits);
	} else if (cpu->host_phys || cpu->host_phys_limit) {
		k = child(t, n, "maxphysaddr", NULL);
		attr(t, k, "mode", "passthrough");
		if (cpu->host_phys_limit) {
			snprintf(bits, sizeof(bits), "%u", cpu->host_phys_limit);
			attr(t, k, "limit", bits);
		}
	}
	if (cpu->hypervisor_off) {
		k = child(t, n, "feature", NULL);
		attr(t, k, "policy", "disable");
		attr(t, k, "name", "hypervisor");
	}
	if (cpu->vmx_off) {
		k = child(t, n, "feature", NULL);
		attr(t, k, "policy", "disable");
		attr(t, k, "name", "vmx");
	}
	if (cpu->evmcs) {
		k = child(t, child(t, t->features, "hyperv", NULL), "evmcs", NULL);
		attr(t, k, "state", "on");
	}
	if (cpu->kvm_hidden) {
		k = child(t, child(t, t->features, "kvm", NULL), "hidden", NULL);
		attr(t, k, "state", "on");
	}
}

static void hostdev(struct tr *t, unsigned int dom, unsigned int bus, unsigned int slot,
		    unsigned int func, bool managed, const char *rombar_off, const char *romfile)
{
	xmlNodePtr h = child(t, t->devices, "hostdev", NULL), a, rom;
	char v[16];

	t->n_hostdev++;
	attr(t, h, "mode", "subsystem");
	attr(t, h, "type", "pci");
	attr(t, h, "managed", managed ? "yes" : "no");
	a = child(t, child(t, h, "source", NULL), "address", NULL);
	snprintf(v, sizeof(v), "0x%04x", dom);
	attr(t, a, "domain", v);
	snprintf(v, sizeof(v), "0x%02x", bus);
	attr(t, a, "bus", v);
	snprintf(v, sizeof(v), "0x%02x", slot);
	attr(t, a, "slot", v);
	snprintf(v, sizeof(v), "0x%x", func);
	attr(t, a, "function", v);
	if (!rombar_off && !romfile)
		return;
	rom = child(t, h, "rom", NULL);
	if (rombar_off)
		attr(t, rom, "bar", "off");
	if (romfile)
		attr(t, rom, "file", romfile);
}

/* The functions of hostpciN: its host= list, or its mapping on this node. */
static bool hostpci_ids(struct tr *t, const char *key, const char *v, char *ids, size_t n)
{
	char map[128];
	int ret;

	if (vm_pve_prop(v, "mapping", map, sizeof(map)) != 1)
		return vm_pve_prop(v, NULL, ids, n) == 1 || vm_pve_prop(v, "host", ids, n) == 1;
	ret = vm_pve_mapping_path(t->root, map, ids, n);
	if (ret == 1)
		return true;
	vm_pve_extra(
		t->f, "pve-mapping-unresolved", VM_SEV_INFO,
		"run vfctl vm check on the Proxmox node itself (or with --root at a copy of its /etc/pve), or give the VF's address: hostpciN: 0000:00:02.1,pcie=1",
		"%s uses the PCI mapping '%s', which %s%s does not give this node: its device is not checked",
		key, map, VM_PVE_MAPPING_PATH, ret < 0 ? " (unreadable)" : "");
	return false;
}

/* What args: -set device.ID.KEY= gives the device ID. */
static bool set_prop(struct tr *t, const char *id, const char *key, char *out, size_t n)
{
	return t->argv &&
	       vm_native_qemu_set_get((const char *const *)t->argv, t->argc, id, key, out, n) == 1;
}

/* A property QEMU gets for hostdev number @idx past its <rom>. */
static void override_prop(struct tr *t, unsigned int idx, const char *name, const char *value)
{
	xmlNodePtr d, p;
	char alias[32];

	if (!t->override)
		t->override = xmlNewChild(t->dom, t->qemu, X("override"), NULL);
	snprintf(alias, sizeof(alias), "hostdev%u", idx);
	d = t->override ? xmlNewChild(t->override, t->qemu, X("device"), NULL) : NULL;
	attr(t, d, "alias", alias);
	d = d ? xmlNewChild(d, t->qemu, X("frontend"), NULL) : NULL;
	p = d ? xmlNewChild(d, t->qemu, X("property"), NULL) : NULL;
	if (!p) {
		t->err = true;
		return;
	}
	attr(t, p, "name", name);
	attr(t, p, "type", "string");
	attr(t, p, "value", value);
}

/* The IGD quirks and bus the -device of hostpciN (hostdev @idx) ends up with. */
static void hostpci_props(struct tr *t, const char *key, const char *v, bool single,
			  unsigned int idx)
{
	static const char *const keys[] = { "x-vga", "x-igd-opregion", "bus", NULL };
	char val[VAL];
	size_t k;

	for (k = 0; keys[k]; k++) {
		bool given = false;

		if (!strcmp(keys[k], "x-vga") && vm_pve_bool(v, "x-vga", false) && !t->ovmf) {
			snprintf(val, sizeof(val), "on");
			given = true;
		}
		if (single && set_prop(t, key, keys[k], val, sizeof(val)))
			given = true;
		if (given)
			override_prop(t, idx, keys[k], val);
	}
}

/*
 * legacy-igd=1: QEMU's legacy IGD mode, which qemu-server gives the device
 * at guest address 00:02.0 of i440fx. It is for the iGPU as a whole; and
 * qemu-server refuses to start the VM unless vga: is none, the machine is
 * not q35 and x-vga is off (PCI.pm's checks).
 */
static void legacy_igd(struct tr *t, const char *key, const char *v, const char *ids)
{
	struct vm_pve_pci_id id;
	const char *why = NULL, *vga = get(t, "vga");
	char first[64], vtype[32];

	if (!vm_pve_bool(v, "legacy-igd", false))
		return;
	snprintf(first, sizeof(first), "%.*s", (int)strcspn(ids, ";"), ids);
	type_of(vga, "type", vtype, sizeof(vtype));
	if (strcmp(vtype, "none"))
		why = "it needs vga: none";
	else if (t->q35)
		why = "it is not compatible with q35";
	else if (vm_pve_bool(v, "x-vga", false))
		why = "it is not compatible with x-vga=1";
	if (why)
		vm_pve_extra(
			t->f, "pve-legacy-igd-refused", VM_SEV_ERROR,
			"drop legacy-igd=1 (it is for passing the whole iGPU, not a VF), or meet its terms: vga: none, an i440fx machine, no x-vga=1",
			"%s has legacy-igd=1 and qemu-server refuses to start the VM: %s", key,
			why);
	if (vm_pve_pci_id(first, &id) && id.domain == 0 && id.bus == 0 && id.slot == 2 &&
	    id.func > 0)
		vm_pve_extra(
			t->f, "pve-legacy-igd-vf", VM_SEV_ERROR,
			"remove legacy-igd=1 and pass the VF as the guide does: hostpciN: 0000:00:02.N,pcie=1,romfile=IntelGopDriver.efi with machine: q35 and bios: ovmf (the GOP driver, not a legacy-mode ROM such as igd.rom)",
			"%s passes VF 0000:00:02.%d with legacy-igd=1, Proxmox's switch for QEMU's legacy IGD mode: that mode is for the whole iGPU (0000:00:02.0), with the OpRegion and legacy VGA a VF does not have",
			key, id.func);
}

static void tr_hostpci(struct tr *t, unsigned int i)
{
	char key[16], ids[VAL], romfile[VAL], setrom[VAL], path[VAL + 32], driver[16];
	char *save = NULL, *id;
	const char *v;
	bool first = true, mdev, rombar, managed, single, from_set = false;

	snprintf(key, sizeof(key), "hostpci%u", i);
	v = get(t, key);
	if (!v || !hostpci_ids(t, key, v, ids, sizeof(ids)))
		return;
	mdev = vm_pve_prop(v, "mdev", romfile, sizeof(romfile)) == 1;
	rombar = vm_pve_bool(v, "rombar", true);
	/* driver=keep: neither reset nor bound to vfio-pci at start */
	managed = vm_pve_prop(v, "driver", driver, sizeof(driver)) != 1 || strcmp(driver, "keep");
	if (vm_pve_prop(v, "romfile", romfile, sizeof(romfile)) != 1)
		romfile[0] = '\0';
	/* qemu-server refuses to start such a VM */
	if (vm_pve_bool(v, "pcie", false) && !t->q35)
		vm_pve_extra(
			t->f, "pve-pcie-needs-q35", VM_SEV_ERROR,
			"set machine: q35 (the VF needs a PCIe machine), or drop pcie=1",
			"%s has pcie=1 but the machine is not q35: Proxmox refuses to start the VM ('q35 machine model is not enabled')",
			key);
	legacy_igd(t, key, v, ids);
	if (vm_pve_bool(v, "x-vga", false) && !get(t, "vga"))
		t->vga_none = true;
	if (vm_pve_bool(v, "x-vga", false))
		t->xvga = true;
	if (mdev) {
		xmlNodePtr h = child(t, t->devices, "hostdev", NULL);

		t->n_hostdev++;
		attr(t, h, "mode", "subsystem");
		attr(t, h, "type", "mdev");
		attr(t, h, "model", "vfio-pci");
		return;
	}
	/* one function: the -device is id=hostpciN, which -set can name */
	single = !strchr(ids, ';');
	for (id = strtok_r(ids, ";", &save); id; id = strtok_r(NULL, ";", &save)) {
		struct vm_pve_pci_id pci;
		bool igpu;

		if (!vm_pve_pci_id(id, &pci)) {
			vm_pve_extra(
				t->f, "pve-hostpci-invalid", VM_SEV_ERROR,
				"write the device as lspci names it, in lower case: hostpciN: 0000:00:02.1,pcie=1 (or 00:02.1)",
				"%s names the device '%.64s', which is not a PCI ID as qemu-server reads one ([DOMAIN:]BUS:SLOT[.F], two hex digits for bus and slot): Proxmox refuses the configuration",
				key, id);
			continue;
		}
		single = single && pci.func >= 0;
		igpu = pci.domain == 0 && pci.bus == 0 && pci.slot == 2;
		if (first && single && set_prop(t, key, "romfile", setrom, sizeof(setrom))) {
			snprintf(romfile, sizeof(romfile), "%s", setrom);
			snprintf(path, sizeof(path), "%s%s", setrom[0] == '/' ? "" : VM_PVE_ROM_DIR,
				 setrom);
			from_set = true;
		} else {
			snprintf(path, sizeof(path), VM_PVE_ROM_DIR "%s", romfile);
		}
		/* QEMU's rombar is a number: 0 hides the ROM */
		if (first && single && set_prop(t, key, "rombar", setrom, sizeof(setrom)))
			rombar = strcmp(setrom, "0") != 0;
		if (igpu && !t->f->vf_key[0]) {
			snprintf(t->f->vf_key, sizeof(t->f->vf_key), "%s", key);
			t->f->rom_absolute = romfile[0] == '/' && !from_set;
			t->f->rom_from_set = from_set;
		}
		/* every function of the device: its function 0 stands for all
		 * (for the iGPU that is the PF) */
		if (first && igpu)
			hostpci_props(t, key, v, single, t->n_hostdev);
		hostdev(t, pci.domain, pci.bus, pci.slot, pci.func < 0 ? 0 : (unsigned int)pci.func,
			managed, first && !rombar ? "off" : NULL,
			first && romfile[0] ? path : NULL);
		first = false;
	}
}

static void tr_display(struct tr *t)
{
	char vga[32];
	size_t i;
	bool spice_args = false;
	xmlNodePtr g;

	type_of(get(t, "vga"), "type", vga, sizeof(vga));
	if (!strncmp(vga, "qxl", 3) && !t->vga_none)
		attr(t, child(t, child(t, t->devices, "video", NULL), "model", NULL), "type",
		     "qxl");
	for (i = 0; i + 1 < t->argc; i++) {
		struct vm_qemu_spice sp;

		if (strcmp(t->argv[i], "-spice"))
			continue;
		spice_args = true;
		vm_qemu_spice_parse(t->argv[i + 1], &sp);
		if (!vm_qemu_spice_xml(t->devices, &sp))
			t->err = true;
	}
	/* Proxmox's own SPICE: a port from its range, chosen at every start */
	if (!spice_args && !strncmp(vga, "qxl", 3) && !t->vga_none) {
		g = child(t, t->devices, "graphics", NULL);
		attr(t, g, "type", "spice");
		attr(t, g, "autoport", "yes");
	}
}

static void qemu_arg(struct tr *t, const char *v)
{
	xmlNodePtr a;

	if (!t->cmdline) {
		t->cmdline = xmlNewChild(t->dom, t->qemu, X("commandline"), NULL);
		if (!t->cmdline) {
			t->err = true;
			return;
		}
	}
	a = xmlNewChild(t->cmdline, t->qemu, X("arg"), NULL);
	if (!a)
		t->err = true;
	attr(t, a, "value", v);
}

static void tr_ivshmem(struct tr *t)
{
	const char *v = get(t, "ivshmem");
	char size[32], name[128], obj[VAL];

	if (!v)
		return;
	if (vm_pve_prop(v, "size", size, sizeof(size)) != 1)
		size[0] = '\0';
	if (vm_pve_prop(v, "name", name, sizeof(name)) != 1)
		snprintf(name, sizeof(name), "VMID");
	snprintf(obj, sizeof(obj),
		 "memory-backend-file,id=ivshmem,share=on,mem-path=/dev/shm/pve-shm-%s,size=%sM",
		 name, size);
	qemu_arg(t, "-device");
	qemu_arg(t, "ivshmem-plain,memdev=ivshmem");
	qemu_arg(t, "-object");
	qemu_arg(t, obj);
}

static void tr_args(struct tr *t)
{
	const char *args = get(t, "args");
	int ret;

	if (!args)
		return;
	ret = vm_pve_split_args(args, &t->argv, &t->argc);
	if (ret == -ENOMEM)
		t->err = true;
	else if (ret)
		vm_pve_extra(
			t->f, "pve-args-unsplittable", VM_SEV_ERROR,
			"close the quote in args: (qemu-server splits it as a shell does)",
			"args: (line %u) has an unterminated quote, so it cannot be split into QEMU arguments",
			vm_pve_line(t->c, "args"));
}

static void tr_notes(struct tr *t)
{
	const char *hook = get(t, "hookscript");

	if (hook)
		vm_pve_extra(
			t->f, "pve-hookscript", VM_SEV_INFO,
			"read the script: at pre-start it must not unbind 0000:00:02.0 from i915 or change sriov_numvfs while a VF is passed",
			"hookscript %s runs at every start and stop, and what it does is not checked; a hook that takes the PF from i915 removes every VF before QEMU starts (ProxMenux#179: 'no pci device info for device')",
			hook);
	if (t->c->bad_lines)
		vm_pve_extra(
			t->f, "pve-lines-skipped", VM_SEV_INFO,
			"write each setting as 'key: value' on its own line; qm config shows what Proxmox kept",
			"%u line%s (the first is line %u) %s not 'key: value' and %s skipped, as qemu-server skips them",
			t->c->bad_lines, t->c->bad_lines > 1 ? "s" : "", t->c->first_bad,
			t->c->bad_lines > 1 ? "are" : "is", t->c->bad_lines > 1 ? "are" : "is");
}

int vm_pve_domain_xml(const struct vm_pve_conf *c, const char *root, char **xml, size_t *len,
		      struct vm_pve_facts *facts)
{
	struct tr t = { .c = c, .root = root, .f = facts };
	const char *kvm = vm_pve_get(c, "kvm"), *name = vm_pve_get(c, "name");
	xmlChar *out = NULL;
	unsigned int i;
	size_t k;
	int n = 0;

	memset(facts, 0, sizeof(*facts));
	*xml = NULL;
	t.doc = xmlNewDoc(X("1.0"));
	t.dom = t.doc ? xmlNewNode(NULL, X("domain")) : NULL;
	if (!t.dom) {
		xmlFreeDoc(t.doc);
		return -ENOMEM;
	}
	xmlDocSetRootElement(t.doc, t.dom);
	t.qemu = xmlNewNs(t.dom, X(VM_XML_QEMU_NS), X("qemu"));
	attr(&t, t.dom, "type", kvm && !vm_pve_bool(kvm, NULL, true) ? "qemu" : "kvm");
	child(&t, t.dom, "name", name ? name : "proxmox-vm");
	t.os = child(&t, t.dom, "os", NULL);
	t.features = child(&t, t.dom, "features", NULL);
	t.devices = t.os && t.features ? child(&t, t.dom, "devices", NULL) : NULL;
	if (!t.qemu || !t.devices)
		t.err = true;
	tr_args(&t);
	if (!t.err) {
		tr_machine(&t);
		tr_firmware(&t);
		for (i = 0; i < MAX_HOSTPCI; i++)
			tr_hostpci(&t, i);
		tr_cpu(&t);
		tr_display(&t);
		tr_ivshmem(&t);
		/* qemu-server's q35 devices, among them the pci-bridge "pci.0" */
		if (t.q35) {
			qemu_arg(&t, "-readconfig");
			qemu_arg(&t, "/usr/share/qemu-server/pve-q35-4.0.cfg");
		}
		for (k = 0; k < t.argc; k++)
			qemu_arg(&t, t.argv[k]);
		tr_notes(&t);
	}
	vm_pve_argv_free(t.argv);
	if (!t.err)
		xmlDocDumpMemory(t.doc, &out, &n);
	xmlFreeDoc(t.doc);
	if (!out)
		return -ENOMEM;
	*xml = strdup((const char *)out);
	xmlFree(out);
	if (!*xml)
		return -ENOMEM;
	*len = (size_t)n;
	return 0;
}
