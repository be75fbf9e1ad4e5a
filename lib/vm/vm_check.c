// SPDX-License-Identifier: MIT
/*
 * `vm check`: the walk over a domain and the machine-level findings
 * (machine type, firmware, CPU, Hyper-V, QXL). The VF and its ROM are in
 * vm_check_vf.c, the shared memory in vm_check_shm.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <libxml/parser.h>
#include <libxml/xpathInternals.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/common_file.h"
#include "vm/vm_check_internal.h"
#include "vm/vm_host.h"
#include "vm/vm_native_qemu.h"
#include "vm/vm_root.h"
#include "vm/vm_xml.h"

#define X(s) ((const xmlChar *)(s))

void vm_ck_add(struct vm_ck *c, const char *id, enum vm_severity sev, const char *hint,
	       const char *fmt, ...)
{
	struct vm_check_report *r = c->r;
	struct vm_finding *f;
	va_list ap;

	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 8;
		struct vm_finding *nf = realloc(r->f, cap * sizeof(*nf));

		if (!nf) {
			c->err = -ENOMEM;
			return;
		}
		r->f = nf;
		r->cap = cap;
	}
	f = &r->f[r->n++];
	f->id = id;
	f->severity = sev;
	va_start(ap, fmt);
	vsnprintf(f->message, sizeof(f->message), fmt, ap);
	va_end(ap);
	snprintf(f->hint, sizeof(f->hint), "%s", hint);
}

xmlXPathObjectPtr vm_ck_nodes(struct vm_ck *c, const char *xpath)
{
	xmlXPathObjectPtr o = xmlXPathEvalExpression(X(xpath), c->xp);

	if (o && (!o->nodesetval || !o->nodesetval->nodeNr)) {
		xmlXPathFreeObject(o);
		return NULL;
	}
	return o;
}

char *vm_ck_str(struct vm_ck *c, const char *xpath)
{
	xmlXPathObjectPtr o = xmlXPathEvalExpression(X(xpath), c->xp);
	xmlChar *s = o ? xmlXPathCastToString(o) : NULL;
	char *r = strdup(s ? (const char *)s : "");

	xmlFree(s);
	xmlXPathFreeObject(o);
	if (!r)
		c->err = -ENOMEM;
	return r;
}

char *vm_ck_attr(xmlNodePtr n, const char *name)
{
	xmlChar *v = xmlGetProp(n, X(name));
	char *r;

	if (!v)
		return NULL;
	r = strdup((const char *)v);
	xmlFree(v);
	return r;
}

int vm_ck_read(struct vm_ck *c, const char *path, uint8_t **buf, size_t *len, size_t max)
{
	struct stat st;
	char *p;
	int fd, ret;

	/* inside the root: a romfile's ../ or symlink reads none of this
	 * machine's files; O_NONBLOCK: a FIFO is refused, never waited on */
	fd = vm_root_open(c->root, path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return fd;
	if (fstat(fd, &st))
		ret = -errno;
	else if (S_ISDIR(st.st_mode))
		ret = -EISDIR;
	else if (!S_ISREG(st.st_mode))
		ret = -EINVAL;
	else
		/* To end of file, not st_size: sysfs says 4096 for "Y\n".
		 * NUL-terminated, so that text files can be used as strings. */
		ret = common_read_fd(fd, max, &p, len);
	close(fd);
	if (!ret)
		*buf = (uint8_t *)p;
	return ret;
}

static bool contains(const char *s, const char *part)
{
	return s && strstr(s, part);
}

static void ck_machine(struct vm_ck *c)
{
	char *machine = vm_ck_str(c, "string(/domain/os/type/@machine)");
	char *loader = vm_ck_str(c, "string(/domain/os/loader)");
	char *fw = vm_ck_str(c, "string(/domain/os/@firmware)");

	if (machine && !contains(machine, "q35"))
		vm_ck_add(
			c, "machine-not-q35", VM_SEV_ERROR,
			"use <type arch='x86_64' machine='q35'>hvm</type> (vfctl vm xml writes it)",
			"the machine type is '%s', not q35: the VF needs a PCIe machine",
			machine[0] ? machine : "the default (i440fx)");
	if (loader && fw && !loader[0] && strcmp(fw, "efi"))
		vm_ck_add(
			c, "no-uefi", VM_SEV_ERROR,
			"boot OVMF: <loader readonly='yes' type='pflash'>/usr/share/OVMF/OVMF_CODE_4M.fd</loader> and <nvram template='/usr/share/OVMF/OVMF_VARS_4M.fd'/> in <os>",
			"the domain boots SeaBIOS, not UEFI: the VF's GOP romfile is a UEFI driver and the guide's VM is Q35 with OVMF");
	free(machine);
	free(loader);
	free(fw);
}

static void ck_cpu(struct vm_ck *c)
{
	char *mode = vm_ck_str(c, "string(/domain/cpu/@mode)");
	xmlXPathObjectPtr o;

	if (mode && strcmp(mode, "host-passthrough"))
		vm_ck_add(
			c, "cpu-not-host", VM_SEV_WARNING,
			"use <cpu mode='host-passthrough' check='none' migratable='off'>",
			"the CPU model is '%s': the Intel driver is reported to fail in VMs whose CPU is not the host's (i915-sriov-dkms#8, #150)",
			mode[0] ? mode : "QEMU's default");
	o = vm_ck_nodes(
		c,
		"/domain/cpu/feature[@name='hypervisor' and (@policy='disable' or @policy='forbid')]");
	if (o)
		vm_ck_add(
			c, "hypervisor-hidden", VM_SEV_ERROR,
			"remove <feature policy='disable' name='hypervisor'/> from <cpu>",
			"the hypervisor CPUID bit is hidden: Windows then shows Code 43 for the VF (i915-sriov-dkms#417)");
	xmlXPathFreeObject(o);
	o = vm_ck_nodes(
		c, "/domain/cpu/feature[@name='vmx' and (@policy='disable' or @policy='forbid')]");
	if (!o && mode && (!strcmp(mode, "host-passthrough") || !strcmp(mode, "host-model")))
		vm_ck_add(
			c, "nested-virt-exposed", VM_SEV_WARNING,
			"add <feature policy='disable' name='vmx'/> to <cpu>, unless the guest really needs nested virtualisation",
			"the guest sees VMX, so Windows can turn on Hyper-V, VBS (memory integrity) or WSL2, which make the Intel driver fail with Code 43 (i915-sriov-dkms#309, #313)");
	xmlXPathFreeObject(o);
	free(mode);
}

char **vm_ck_qemu_argv(struct vm_ck *c, size_t *argc)
{
	xmlXPathObjectPtr o = vm_ck_nodes(c, "/domain/qemu:commandline/qemu:arg");
	int i, n = o ? o->nodesetval->nodeNr : 0;
	char **v = n ? calloc((size_t)n + 1, sizeof(*v)) : NULL;

	*argc = 0;
	for (i = 0; v && i < n; i++) {
		char *a = vm_ck_attr(o->nodesetval->nodeTab[i], "value");

		v[i] = a ? a : strdup("");
		if (!v[i])
			c->err = -ENOMEM;
	}
	if (n && !v)
		c->err = -ENOMEM;
	if (v)
		*argc = (size_t)n;
	xmlXPathFreeObject(o);
	return v;
}

void vm_ck_free_argv(char **v, size_t n)
{
	size_t i;

	for (i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

unsigned int vm_ck_global_phys_limit(struct vm_ck *c)
{
	size_t argc, i;
	char **argv = vm_ck_qemu_argv(c, &argc);
	int limit = 0, n;

	/* the last -global of a property is the one QEMU applies, 0 too */
	for (i = 0; i + 1 < argc; i++)
		if (!strcmp(argv[i], "-global") &&
		    (n = vm_qemu_global_phys_limit(argv[i + 1], "host")) >= 0)
			limit = n;
	vm_ck_free_argv(argv, argc);
	return (unsigned int)limit;
}

/*
 * The guest's physical-address width (vm_host.h): the guide author's domain
 * limits it and says OVMF crashes without. libvirt gives QEMU
 * host-phys-bits=on,host-phys-bits-limit=N for mode='passthrough'
 * limit='N' and phys-bits=N for mode='emulate' bits='N'; a host-model CPU
 * becomes a named QEMU model, which takes phys-bits, but host-passthrough
 * is QEMU's host model, which keeps host-phys-bits on and ignores it
 * (vm_qemu_global_phys_limit()). A -global host-phys-bits-limit in
 * <qemu:commandline> limits it on every libvirt, the form vfctl vm xml
 * writes (libvirt before the limit attribute drops limit='N').
 */
static void ck_physaddr(struct vm_ck *c)
{
	char *type = vm_ck_str(c, "string(/domain/@type)");
	char *mode = vm_ck_str(c, "string(/domain/cpu/maxphysaddr/@mode)");
	char *limit = vm_ck_str(c, "string(/domain/cpu/maxphysaddr/@limit)");
	char *bits = vm_ck_str(c, "string(/domain/cpu/maxphysaddr/@bits)");
	char *cpu = vm_ck_str(c, "string(/domain/cpu/@mode)");
	unsigned int host = 0, guest = 0, ignored = 0;
	bool passthrough;
	char want[320], n[16], from[80];

	if (!type || !mode || !limit || !bits || !cpu || strcmp(type, "kvm") ||
	    (strcmp(cpu, "host-passthrough") && strcmp(cpu, "host-model")))
		goto out;
	passthrough = !strcmp(cpu, "host-passthrough");
	if (vm_host_phys_bits(c->root, &host)) {
		snprintf(n, sizeof(n), "N");
		snprintf(from, sizeof(from),
			 "N from 'address sizes : N bits physical' in /proc/cpuinfo");
	} else {
		snprintf(n, sizeof(n), "%u", host);
		snprintf(from, sizeof(from), "this host's 'address sizes' in /proc/cpuinfo");
	}
	if (passthrough)
		snprintf(
			want, sizeof(want),
			"add <qemu:arg value='-global'/><qemu:arg value='host-x86_64-cpu.host-phys-bits-limit=%s'/> to <qemu:commandline> (any libvirt; vfctl vm xml writes it), %s",
			n, from);
	else
		snprintf(want, sizeof(want),
			 "add <maxphysaddr mode='emulate' bits='%s'/> to <cpu> (%s)", n, from);
	if (!strcmp(mode, "emulate") && bits[0]) {
		if (passthrough)
			ignored = (unsigned int)strtoul(bits, NULL, 10);
		else
			guest = (unsigned int)strtoul(bits, NULL, 10);
	} else if (!strcmp(mode, "passthrough") && limit[0]) {
		guest = (unsigned int)strtoul(limit, NULL, 10);
	}
	if (!guest && passthrough)
		guest = vm_ck_global_phys_limit(c);
	if (!guest && ignored)
		vm_ck_add(
			c, "phys-bits-ignored", VM_SEV_WARNING, want,
			"<maxphysaddr mode='emulate' bits='%u'/> does not limit a host-passthrough CPU: libvirt gives QEMU -cpu host,phys-bits=%u, and QEMU's host model keeps host-phys-bits on, which takes the host's width instead, so OVMF can place PCI memory where the host cannot map it and crash at boot (edk2 bug 4373)",
			ignored, ignored);
	else if (!guest)
		vm_ck_add(
			c, "phys-bits-unlimited", VM_SEV_WARNING, want,
			"the guest's physical-address width is not limited: a guest told more address bits than the host has gets PCI memory placed by OVMF where the host cannot map it, and OVMF crashes at boot (edk2 bug 4373; the guide author's domain sets the limit)");
	else if (host && guest > host)
		vm_ck_add(
			c, "phys-bits-above-host", VM_SEV_ERROR, want,
			"the guest is given %u physical-address bits but the host kernel uses %u: OVMF can place PCI memory the host cannot map",
			guest, host);
out:
	free(type);
	free(mode);
	free(limit);
	free(bits);
	free(cpu);
}

/* SPICE carries the Looking Glass client's input; the client dials a fixed port. */
static void ck_spice(struct vm_ck *c)
{
	xmlXPathObjectPtr o = vm_ck_nodes(c, "/domain/devices/graphics[@type='spice']");
	char *port, *autoport, *listen;

	if (!o)
		return;
	xmlXPathFreeObject(o);
	port = vm_ck_str(c, "string(/domain/devices/graphics[@type='spice'][1]/@port)");
	autoport = vm_ck_str(c, "string(/domain/devices/graphics[@type='spice'][1]/@autoport)");
	listen = vm_ck_str(c, "string(/domain/devices/graphics[@type='spice'][1]/listen[1]/@type)");
	/* a UNIX socket has no port: the client's spice:host can name it */
	if (listen && !strcmp(listen, "socket"))
		goto out;
	if (listen && !strcmp(listen, "none"))
		vm_ck_add(
			c, "spice-no-listener", VM_SEV_WARNING,
			"use <graphics type='spice' port='5900' autoport='no' listen='127.0.0.1'> (a <gl> render node can stay), the port the client.ini of vfctl vm guest-files dials",
			"SPICE has no listener (<listen type='none'/>, a local GL display only): the Looking Glass client cannot connect to it, so it gets no keyboard, mouse or clipboard");
	else if (port && autoport && (!strcmp(autoport, "yes") || !port[0] || !strcmp(port, "-1")))
		vm_ck_add(
			c, "spice-autoport", VM_SEV_WARNING,
			"use <graphics type='spice' port='5900' autoport='no' listen='127.0.0.1'>, the port the client.ini of vfctl vm guest-files dials",
			"SPICE is on an automatic port: the Looking Glass client dials a fixed one ([spice] port, 5900 by default), so with a second VM running, or the port taken, it gets no keyboard and mouse");
out:
	free(port);
	free(autoport);
	free(listen);
}

static void ck_hyperv(struct vm_ck *c)
{
	char *mode = vm_ck_str(c, "string(/domain/features/hyperv/@mode)");
	xmlXPathObjectPtr o = vm_ck_nodes(c, "/domain/features/hyperv/evmcs[@state='on']");

	if ((mode && !strcmp(mode, "passthrough")) || o)
		vm_ck_add(
			c, "hyperv-nested", VM_SEV_WARNING,
			"use <hyperv mode='custom'> with relaxed, vapic, spinlocks and vendor_id, and no evmcs",
			"%s prepares the guest for a Hyper-V of its own (enlightened VMCS), and Hyper-V/VBS inside the guest is a known Code 43 cause (i915-sriov-dkms#309)",
			o ? "<evmcs state='on'/>" : "<hyperv mode='passthrough'>");
	xmlXPathFreeObject(o);
	free(mode);
}

static void ck_video(struct vm_ck *c)
{
	xmlXPathObjectPtr o = vm_ck_nodes(c, "/domain/devices/video/model[@type='qxl']");

	if (o)
		vm_ck_add(
			c, "qxl-present", VM_SEV_WARNING,
			"once the Intel driver, IddSampleDriver and the Looking Glass host work, replace it with <video><model type='none'/></video> (guide section 3 step 7)",
			"a QXL adapter is still present: it is only for the first boot, and afterwards Windows may put the desktop on it instead of the virtual monitor the VF renders");
	xmlXPathFreeObject(o);
}

static void ck_mode(struct vm_ck *c)
{
	struct vm_check_report *r = c->r;
	xmlXPathObjectPtr o;
	char *hdr;
	int i;

	if (c->o->have_mode) {
		r->mode = c->o->mode;
		r->hdr = c->o->hdr;
		r->mode_source = "option";
		return;
	}
	if (vm_ck_idd_mode(c->o, &r->mode)) {
		r->hdr = c->o->hdr;
		r->mode_source = "option.txt";
		return;
	}
	r->mode = (struct vm_resolution){ 1920, 1080, 60 };
	r->hdr = false;
	r->mode_source = "assumed";
	o = vm_ck_nodes(c, "/domain/metadata/vfctl:looking-glass/vfctl:mode");
	if (!o)
		return;
	/* the largest frame of the modes vfctl recorded */
	for (i = 0; i < o->nodesetval->nodeNr; i++) {
		char *w = vm_ck_attr(o->nodesetval->nodeTab[i], "width");
		char *h = vm_ck_attr(o->nodesetval->nodeTab[i], "height");
		unsigned long wv = w ? strtoul(w, NULL, 10) : 0, hv = h ? strtoul(h, NULL, 10) : 0;

		if (wv && hv && wv <= 16384 && hv <= 16384 &&
		    (!strcmp(r->mode_source, "assumed") ||
		     wv * hv > (unsigned long)r->mode.width * r->mode.height)) {
			r->mode.width = (unsigned int)wv;
			r->mode.height = (unsigned int)hv;
			r->mode_source = "metadata";
		}
		free(w);
		free(h);
	}
	xmlXPathFreeObject(o);
	hdr = vm_ck_str(c, "string(/domain/metadata/vfctl:looking-glass/@hdr)");
	r->hdr = hdr && !strcmp(hdr, "yes");
	free(hdr);
}

int vm_check_xml(const char *xml, size_t len, const struct vm_check_opts *o,
		 struct vm_check_report *r)
{
	static const struct vm_check_opts defaults = { 0 };
	struct vm_ck c = { 0 };
	xmlNodePtr root;

	memset(r, 0, sizeof(*r));
	if (!o)
		o = &defaults;
	if (len > INT32_MAX)
		return -EINVAL;
	/* Untrusted input: no network, no entity expansion, no DTD loading. */
	c.doc = xmlReadMemory(xml, (int)len, "domain.xml", NULL,
			      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!c.doc)
		return -EINVAL;
	root = xmlDocGetRootElement(c.doc);
	if (!root || xmlStrcmp(root->name, X("domain")) || root->ns) {
		xmlFreeDoc(c.doc);
		return -EINVAL;
	}
	c.xp = xmlXPathNewContext(c.doc);
	if (!c.xp) {
		xmlFreeDoc(c.doc);
		return -ENOMEM;
	}
	xmlXPathRegisterNs(c.xp, X("qemu"), X(VM_XML_QEMU_NS));
	xmlXPathRegisterNs(c.xp, X("vfctl"), X(VM_XML_VFCTL_NS));
	c.o = o;
	c.root = o->root ? o->root : "/";
	c.r = r;
	ck_mode(&c);
	ck_machine(&c);
	ck_cpu(&c);
	ck_physaddr(&c);
	if (o->libvirt)
		vm_ck_libvirt(&c);
	ck_hyperv(&c);
	vm_ck_vf(&c);
	vm_ck_idd(&c);
	vm_ck_shm(&c);
	ck_video(&c);
	ck_spice(&c);
	vm_ck_client(&c);
	vm_ck_host_ini(&c);
	xmlXPathFreeContext(c.xp);
	xmlFreeDoc(c.doc);
	if (c.err) {
		vm_check_report_free(r);
		return c.err;
	}
	return 0;
}

size_t vm_check_count(const struct vm_check_report *r, enum vm_severity sev)
{
	size_t i, n = 0;

	for (i = 0; i < r->n; i++)
		n += r->f[i].severity == sev;
	return n;
}

const struct vm_finding *vm_check_find(const struct vm_check_report *r, const char *id)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (!strcmp(r->f[i].id, id))
			return &r->f[i];
	return NULL;
}

const char *vm_severity_name(enum vm_severity sev)
{
	switch (sev) {
	case VM_SEV_ERROR:
		return "error";
	case VM_SEV_WARNING:
		return "warning";
	default:
		return "info";
	}
}

void vm_check_report_free(struct vm_check_report *r)
{
	free(r->f);
	memset(r, 0, sizeof(*r));
}
