// SPDX-License-Identifier: MIT
/*
 * libvirt domain XML generation (see vm_xml.h). Each choice that is not
 * plain libvirt boilerplate says why next to it.
 */
#include <errno.h>
#include <stdarg.h>
#include <inttypes.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vm/vm_domain.h"
#include "vm/vm_xml.h"

#define X(s) ((const xmlChar *)(s))

struct xb {
	xmlDocPtr doc;
	bool oom;
};

static xmlNodePtr child(struct xb *b, xmlNodePtr parent, xmlNsPtr ns, const char *name,
			const char *text)
{
	xmlNodePtr n = xmlNewTextChild(parent, ns, X(name), text ? X(text) : NULL);

	if (!n)
		b->oom = true;
	return n;
}

static void attr(struct xb *b, xmlNodePtr n, const char *name, const char *value)
{
	if (!n || !xmlNewProp(n, X(name), X(value)))
		b->oom = true;
}

static xmlNodePtr child_fmt(struct xb *b, xmlNodePtr parent, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static xmlNodePtr child_fmt(struct xb *b, xmlNodePtr parent, const char *name, const char *fmt, ...)
{
	char buf[64];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return child(b, parent, NULL, name, buf);
}

/* <name state='on'/> and friends */
static xmlNodePtr on(struct xb *b, xmlNodePtr parent, const char *name)
{
	xmlNodePtr n = child(b, parent, NULL, name, NULL);

	attr(b, n, "state", "on");
	return n;
}

static void add_metadata(struct xb *b, xmlNodePtr dom, const struct vm_domain *d)
{
	xmlNodePtr md = child(b, dom, NULL, "metadata", NULL), lg;
	xmlNsPtr ns;
	char buf[32];
	size_t i;

	if (!md)
		return;
	lg = child(b, md, NULL, "looking-glass", NULL);
	if (!lg)
		return;
	ns = xmlNewNs(lg, X(VM_XML_VFCTL_NS), X("vfctl"));
	if (!ns) {
		b->oom = true;
		return;
	}
	xmlSetNs(lg, ns);
	attr(b, lg, "hdr", d->hdr ? "yes" : "no");
	for (i = 0; i < d->n_res; i++) {
		xmlNodePtr m = child(b, lg, ns, "mode", NULL);

		snprintf(buf, sizeof(buf), "%u", d->res[i].width);
		attr(b, m, "width", buf);
		snprintf(buf, sizeof(buf), "%u", d->res[i].height);
		attr(b, m, "height", buf);
		snprintf(buf, sizeof(buf), "%u", d->res[i].refresh);
		attr(b, m, "refresh", buf);
	}
}

static void add_os(struct xb *b, xmlNodePtr dom, const struct vm_domain *d)
{
	xmlNodePtr os = child(b, dom, NULL, "os", NULL), n;

	n = child(b, os, NULL, "type", "hvm");
	attr(b, n, "arch", "x86_64");
	/* q35: the VF is a PCIe device; i440fx has no PCIe (Code 43 reports). */
	attr(b, n, "machine", "q35");
	n = child(b, os, NULL, "loader", d->fw.code);
	attr(b, n, "readonly", "yes");
	attr(b, n, "type", "pflash");
	n = child(b, os, NULL, "nvram", NULL);
	attr(b, n, "template", d->fw.vars);
	if (d->kernel) {
		/* OVMF boots a kernel QEMU hands it before any boot entry. */
		child(b, os, NULL, "kernel", d->kernel);
		if (d->initrd)
			child(b, os, NULL, "initrd", d->initrd);
		if (d->cmdline)
			child(b, os, NULL, "cmdline", d->cmdline);
	}
	n = child(b, os, NULL, "boot", NULL);
	attr(b, n, "dev", "hd");
	if (d->cdrom) {
		/* an empty disk falls through to the installer */
		n = child(b, os, NULL, "boot", NULL);
		attr(b, n, "dev", "cdrom");
	}
}

static void add_features(struct xb *b, xmlNodePtr dom)
{
	xmlNodePtr f = child(b, dom, NULL, "features", NULL), hv, n;

	child(b, f, NULL, "acpi", NULL);
	child(b, f, NULL, "apic", NULL);
	/*
	 * The enlightenments of the guide's working domain. Windows guests
	 * with these (Proxmox's win11 set) keep the VF, guests without them
	 * were reported with Code 43 (i915-sriov-dkms#225). Deliberately not
	 * mode='passthrough': that also offers evmcs, which only serves a
	 * Hyper-V inside the guest, and Hyper-V/VBS/WSL in the guest is a
	 * known Code 43 cause (#309).
	 */
	hv = child(b, f, NULL, "hyperv", NULL);
	attr(b, hv, "mode", "custom");
	on(b, hv, "relaxed");
	on(b, hv, "vapic");
	n = on(b, hv, "spinlocks");
	attr(b, n, "retries", "8191");
	n = on(b, hv, "vendor_id");
	attr(b, n, "value", "GenuineIntel");
	n = child(b, f, NULL, "vmport", NULL);
	attr(b, n, "state", "off");
}

static void add_cpu(struct xb *b, xmlNodePtr dom, const struct vm_domain *d)
{
	xmlNodePtr cpu = child(b, dom, NULL, "cpu", NULL), n;
	char buf[16];

	if (d->accel == VM_ACCEL_TCG) {
		/* TCG cannot pass a host CPU through; it emulates a named model. */
		attr(b, cpu, "mode", "custom");
		attr(b, cpu, "match", "exact");
		attr(b, cpu, "check", "none");
		n = child(b, cpu, NULL, "model", VM_TCG_CPU_MODEL);
		attr(b, n, "fallback", "forbid");
	} else {
		/* The Intel driver wants the real CPU model (#8, #150: cpu=host). */
		attr(b, cpu, "mode", "host-passthrough");
		attr(b, cpu, "check", "none");
		attr(b, cpu, "migratable", "off");
	}
	n = child(b, cpu, NULL, "topology", NULL);
	attr(b, n, "sockets", "1");
	attr(b, n, "dies", "1");
	snprintf(buf, sizeof(buf), "%u", d->vcpus);
	attr(b, n, "cores", buf);
	attr(b, n, "threads", "1");
	/*
	 * Without VMX the guest cannot turn on Hyper-V, VBS or WSL2, which
	 * make the Intel driver fail with Code 43 (#309, #313). The
	 * hypervisor bit stays: hiding it is another Code 43 cause (#417).
	 */
	n = child(b, cpu, NULL, "feature", NULL);
	attr(b, n, "policy", "disable");
	attr(b, n, "name", "vmx");
}

static void add_clock_pm(struct xb *b, xmlNodePtr dom)
{
	xmlNodePtr c = child(b, dom, NULL, "clock", NULL), n;

	attr(b, c, "offset", "localtime"); /* Windows keeps the RTC in local time */
	n = child(b, c, NULL, "timer", NULL);
	attr(b, n, "name", "hypervclock");
	attr(b, n, "present", "yes");
	/* VFs are known to hang hosts across suspend (i915-sriov notes §5 #10). */
	c = child(b, dom, NULL, "pm", NULL);
	n = child(b, c, NULL, "suspend-to-mem", NULL);
	attr(b, n, "enabled", "no");
	n = child(b, c, NULL, "suspend-to-disk", NULL);
	attr(b, n, "enabled", "no");
}

/*
 * On SATA: an existing Windows install boots without virtio drivers, and
 * Windows setup finds install media without extra drivers.
 */
static void add_disk(struct xb *b, xmlNodePtr devs, const char *path, bool cdrom)
{
	xmlNodePtr disk = child(b, devs, NULL, "disk", NULL), n;
	size_t len = strlen(path);
	bool qcow2 = !cdrom && len > 6 && !strcmp(path + len - 6, ".qcow2");

	attr(b, disk, "type", "file");
	attr(b, disk, "device", cdrom ? "cdrom" : "disk");
	n = child(b, disk, NULL, "driver", NULL);
	attr(b, n, "name", "qemu");
	attr(b, n, "type", qcow2 ? "qcow2" : "raw");
	n = child(b, disk, NULL, "source", NULL);
	attr(b, n, "file", path);
	n = child(b, disk, NULL, "target", NULL);
	attr(b, n, "dev", cdrom ? "sdb" : "sda");
	attr(b, n, "bus", "sata");
	if (cdrom)
		child(b, disk, NULL, "readonly", NULL);
}

static void add_hostdev(struct xb *b, xmlNodePtr devs, const struct vm_domain *d)
{
	xmlNodePtr h = child(b, devs, NULL, "hostdev", NULL), src, n;
	char buf[16];

	attr(b, h, "mode", "subsystem");
	attr(b, h, "type", "pci");
	/* managed: libvirt detaches the VF from i915 and binds vfio-pci itself. */
	attr(b, h, "managed", "yes");
	n = child(b, h, NULL, "driver", NULL);
	attr(b, n, "name", "vfio");
	src = child(b, h, NULL, "source", NULL);
	n = child(b, src, NULL, "address", NULL);
	snprintf(buf, sizeof(buf), "0x%04x", d->vf.domain);
	attr(b, n, "domain", buf);
	snprintf(buf, sizeof(buf), "0x%02x", d->vf.bus);
	attr(b, n, "bus", buf);
	snprintf(buf, sizeof(buf), "0x%02x", d->vf.slot);
	attr(b, n, "slot", buf);
	snprintf(buf, sizeof(buf), "0x%x", d->vf.func);
	attr(b, n, "function", buf);
	/* The GOP romfile: without it Windows reports Code 43 (guide §2). */
	n = child(b, h, NULL, "rom", NULL);
	attr(b, n, "file", d->romfile);
}

static void add_display(struct xb *b, xmlNodePtr devs, const struct vm_domain *d)
{
	xmlNodePtr n, m;
	char port[8];

	if (d->display == VM_DISPLAY_SPICE) {
		/*
		 * SPICE carries the Looking Glass client's keyboard and mouse, on a
		 * fixed port: the client.ini of guest-files dials it (autoport moves).
		 */
		n = child(b, devs, NULL, "graphics", NULL);
		attr(b, n, "type", "spice");
		snprintf(port, sizeof(port), "%u", vm_domain_spice_port(d));
		attr(b, n, "port", port);
		attr(b, n, "autoport", "no");
		attr(b, n, "listen", "127.0.0.1");
		m = child(b, n, NULL, "listen", NULL);
		attr(b, m, "type", "address");
		attr(b, m, "address", "127.0.0.1");
		n = child(b, devs, NULL, "channel", NULL);
		attr(b, n, "type", "spicevmc");
		m = child(b, n, NULL, "target", NULL);
		attr(b, m, "type", "virtio");
		attr(b, m, "name", "com.redhat.spice.0");
	}
	/*
	 * QXL only for the first boot (guide §3): once the Intel driver and
	 * the Looking Glass host run, a second adapter only confuses which
	 * display Windows and the capture use.
	 */
	n = child(b, devs, NULL, "video", NULL);
	m = child(b, n, NULL, "model", NULL);
	attr(b, m, "type", d->qxl ? "qxl" : "none");
}

static void add_inputs(struct xb *b, xmlNodePtr devs)
{
	static const char *const types[] = { "keyboard", "mouse" };
	size_t i;

	for (i = 0; i < 2; i++) {
		xmlNodePtr n = child(b, devs, NULL, "input", NULL);

		attr(b, n, "type", types[i]);
		attr(b, n, "bus", "virtio");
	}
}

static void add_shmem(struct xb *b, xmlNodePtr devs, const struct vm_domain *d)
{
	xmlNodePtr s = child(b, devs, NULL, "shmem", NULL), n;

	/* libvirt maps /dev/shm/<name>, shared, and sizes the BAR from <size>. */
	attr(b, s, "name", vm_domain_shm_name(d));
	n = child(b, s, NULL, "model", NULL);
	attr(b, n, "type", "ivshmem-plain");
	n = child_fmt(b, s, "size", "%" PRIu64, vm_domain_shm_mib(d));
	attr(b, n, "unit", "M");
}

static void add_qemu_cmdline(struct xb *b, xmlNodePtr dom, const struct vm_domain *d)
{
	xmlNsPtr ns = xmlSearchNsByHref(b->doc, dom, X(VM_XML_QEMU_NS));
	xmlNodePtr cl = child(b, dom, ns, "commandline", NULL), n;
	char path[64], obj[256], dev[128], global[64];

	if (d->phys_bits && d->accel == VM_ACCEL_KVM) {
		/*
		 * The guide author's domain limits the guest's physical-address
		 * width, without which OVMF crashes on this CPU. Their
		 * <maxphysaddr mode='passthrough' limit='N'/> is dropped by
		 * libvirt before the limit attribute (Debian 12's 9.0), and
		 * mode='emulate' becomes phys-bits=N, which QEMU's host CPU
		 * ignores (vm_qemu_global_phys_limit()). A -global on the host
		 * CPU's type holds on every libvirt and QEMU. N is the host
		 * kernel's width (vm_host.h).
		 */
		snprintf(global, sizeof(global), "host-x86_64-cpu.host-phys-bits-limit=%u",
			 d->phys_bits);
		n = child(b, cl, ns, "arg", NULL);
		attr(b, n, "value", "-global");
		n = child(b, cl, ns, "arg", NULL);
		attr(b, n, "value", global);
	}
	if (d->shm != VM_SHM_KVMFR)
		return;

	vm_domain_shm_path(d, path, sizeof(path));
	/*
	 * JSON syntax: with QEMU >= 6.2 and libvirt >= 7.9 the legacy comma
	 * form can abort on a PCI slot libvirt also assigns (LG ivshmem docs).
	 * share=true or the two sides would not see each other's writes.
	 */
	snprintf(obj, sizeof(obj),
		 "{'qom-type':'memory-backend-file','id':'%s','mem-path':'%s','size':%" PRIu64
		 ",'share':true}",
		 VM_XML_SHM_ID, path, vm_domain_shm_mib(d) << 20);
	snprintf(dev, sizeof(dev), "{'driver':'ivshmem-plain','id':'%s','memdev':'%s'}",
		 VM_XML_SHM_DEV_ID, VM_XML_SHM_ID);
	n = child(b, cl, ns, "arg", NULL);
	attr(b, n, "value", "-object");
	n = child(b, cl, ns, "arg", NULL);
	attr(b, n, "value", obj);
	n = child(b, cl, ns, "arg", NULL);
	attr(b, n, "value", "-device");
	n = child(b, cl, ns, "arg", NULL);
	attr(b, n, "value", dev);
}

static void add_nic(struct xb *b, xmlNodePtr devs, const struct vm_domain *d)
{
	xmlNodePtr n;

	if (d->net == VM_NET_NONE)
		return;
	/* A NIC on libvirt's NAT network: the guide installs over RDP first. */
	n = child(b, devs, NULL, "interface", NULL);
	if (d->net == VM_NET_USER) {
		/* user networking also works for an unprivileged (session) libvirt */
		attr(b, n, "type", "user");
	} else if (d->net == VM_NET_BRIDGE) {
		/* a host bridge: the guest is on the LAN (the guide author's br0) */
		attr(b, n, "type", "bridge");
		attr(b, child(b, n, NULL, "source", NULL), "bridge", d->bridge);
	} else {
		attr(b, n, "type", "network");
		attr(b, child(b, n, NULL, "source", NULL), "network", vm_domain_network(d));
	}
	attr(b, child(b, n, NULL, "model", NULL), "type", "e1000e");
}

/* The first serial port (COM1: OVMF's and Linux's console) into a file. */
static void add_serial(struct xb *b, xmlNodePtr devs, const char *path)
{
	xmlNodePtr s = child(b, devs, NULL, "serial", NULL), n;

	attr(b, s, "type", "file");
	n = child(b, s, NULL, "source", NULL);
	attr(b, n, "path", path);
	n = child(b, s, NULL, "target", NULL);
	attr(b, n, "port", "0");
}

static void add_devices(struct xb *b, xmlNodePtr dom, const struct vm_domain *d)
{
	xmlNodePtr devs = child(b, dom, NULL, "devices", NULL), n;

	if (d->disk)
		add_disk(b, devs, d->disk, false);
	if (d->cdrom)
		add_disk(b, devs, d->cdrom, true);
	n = child(b, devs, NULL, "controller", NULL);
	attr(b, n, "type", "usb");
	attr(b, n, "model", "qemu-xhci");
	add_nic(b, devs, d);
	add_inputs(b, devs);
	add_display(b, devs, d);
	if (d->has_vf)
		add_hostdev(b, devs, d);
	if (d->shm == VM_SHM_FILE)
		add_shmem(b, devs, d);
	if (d->serial)
		add_serial(b, devs, d->serial);
	/* All guest RAM is pinned for the VF's DMA: a balloon cannot work. */
	n = child(b, devs, NULL, "memballoon", NULL);
	attr(b, n, "model", "none");
}

int vm_xml_build(const struct vm_domain *d, char **out, size_t *len)
{
	struct xb b = { 0 };
	xmlNodePtr dom;
	xmlChar *mem = NULL;
	const char *why;
	int size = 0;
	bool qemu_args;
	char buf[32];

	if (vm_domain_validate(d, &why))
		return -EINVAL;
	b.doc = xmlNewDoc(X("1.0"));
	if (!b.doc)
		return -ENOMEM;
	dom = xmlNewNode(NULL, X("domain"));
	if (!dom) {
		xmlFreeDoc(b.doc);
		return -ENOMEM;
	}
	xmlDocSetRootElement(b.doc, dom);
	attr(&b, dom, "type", d->accel == VM_ACCEL_TCG ? "qemu" : "kvm");
	qemu_args = d->shm == VM_SHM_KVMFR || (d->phys_bits && d->accel == VM_ACCEL_KVM);
	if (qemu_args && !xmlNewNs(dom, X(VM_XML_QEMU_NS), X("qemu")))
		b.oom = true;
	child(&b, dom, NULL, "name", d->name);
	add_metadata(&b, dom, d);
	snprintf(buf, sizeof(buf), "%" PRIu64, d->memory_mib);
	attr(&b, child(&b, dom, NULL, "memory", buf), "unit", "MiB");
	attr(&b, child(&b, dom, NULL, "currentMemory", buf), "unit", "MiB");
	attr(&b, child_fmt(&b, dom, "vcpu", "%u", d->vcpus), "placement", "static");
	add_os(&b, dom, d);
	add_features(&b, dom);
	add_cpu(&b, dom, d);
	add_clock_pm(&b, dom);
	add_devices(&b, dom, d);
	if (qemu_args)
		add_qemu_cmdline(&b, dom, d);
	if (!b.oom)
		xmlDocDumpFormatMemoryEnc(b.doc, &mem, &size, "UTF-8", 1);
	xmlFreeDoc(b.doc);
	if (!mem)
		return -ENOMEM;
	*out = strdup((const char *)mem);
	xmlFree(mem);
	if (!*out)
		return -ENOMEM;
	if (len)
		*len = (size_t)size;
	return 0;
}
