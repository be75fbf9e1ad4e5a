// SPDX-License-Identifier: MIT
/*
 * QEMU command line of the VM model (see vm_qemu_args.h).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vm/vm_domain.h"
#include "vm/vm_qemu_args.h"
#include "vm/vm_xml.h"

static int push(struct vm_argv *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int push(struct vm_argv *a, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	if (a->n + 2 > a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 64;
		char **v = realloc(a->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		a->v = v;
		a->cap = cap;
	}
	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -ENOMEM;
	a->v[a->n++] = s;
	a->v[a->n] = NULL;
	return 0;
}

void vm_argv_free(struct vm_argv *a)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		free(a->v[i]);
	free(a->v);
	memset(a, 0, sizeof(*a));
}

static int push_shm(struct vm_argv *a, const struct vm_domain *d)
{
	char path[64];
	int ret = 0;

	vm_domain_shm_path(d, path, sizeof(path));
	/* share=on: a private mapping would copy on write (LG ivshmem docs). */
	ret |= push(a, "-object");
	ret |= push(a, "memory-backend-file,id=%s,mem-path=%s,size=%" PRIu64 "M,share=on",
		    VM_XML_SHM_ID, path, vm_domain_shm_mib(d));
	ret |= push(a, "-device");
	ret |= push(a, "ivshmem-plain,id=%s,memdev=%s", VM_XML_SHM_DEV_ID, VM_XML_SHM_ID);
	return ret;
}

static int push_display(struct vm_argv *a, const struct vm_domain *d, unsigned int port)
{
	int ret = 0;

	if (d->qxl)
		ret |= push(a, "-device") | push(a, "qxl-vga");
	if (d->display == VM_DISPLAY_NONE)
		return ret | push(a, "-display") | push(a, "none");
	ret |= push(a, "-spice");
	ret |= push(a, "port=%u,addr=127.0.0.1,disable-ticketing=on", port ? port : 5900);
	ret |= push(a, "-device") | push(a, "virtio-serial-pci,id=vser0");
	ret |= push(a, "-chardev") | push(a, "spicevmc,id=vdagent,name=vdagent");
	ret |= push(a, "-device");
	ret |= push(a, "virtserialport,bus=vser0.0,chardev=vdagent,name=com.redhat.spice.0");
	if (!d->qxl)
		ret |= push(a, "-display") | push(a, "none");
	return ret;
}

int vm_qemu_args(const struct vm_domain *d, const struct vm_qemu_opts *o, struct vm_argv *out)
{
	static const struct vm_qemu_opts defaults = { 0 };
	const char *accel, *why;
	char bdf[16];
	int ret = 0;

	memset(out, 0, sizeof(*out));
	if (!o)
		o = &defaults;
	if (vm_domain_validate(d, &why) || !d->nvram)
		return -EINVAL;
	accel = o->accel ? o->accel : d->accel == VM_ACCEL_TCG ? "tcg" : "kvm";
	ret |= push(out, VM_QEMU_BINARY);
	ret |= push(out, "-name") | push(out, "%s", d->name);
	ret |= push(out, "-nodefaults");
	ret |= push(out, "-machine") | push(out, "q35,accel=%s,vmport=off", accel);
	ret |= push(out, "-cpu");
	if (o->cpu)
		ret |= push(out, "%s", o->cpu);
	else if (d->phys_bits && d->accel == VM_ACCEL_KVM)
		/* the guide author's script: the host's width, limited (vm_host.h) */
		ret |= push(out,
			    "host,-vmx,hv-relaxed,hv-vapic,hv-spinlocks=0x1fff,"
			    "hv-vendor-id=GenuineIntel,hv-time,host-phys-bits=on,"
			    "host-phys-bits-limit=%u",
			    d->phys_bits);
	else
		ret |= push(out,
			    "%s,-vmx,hv-relaxed,hv-vapic,hv-spinlocks=0x1fff,"
			    "hv-vendor-id=GenuineIntel,hv-time",
			    d->accel == VM_ACCEL_TCG ? VM_TCG_CPU_MODEL : "host");
	ret |= push(out, "-m") | push(out, "%" PRIu64 "M", d->memory_mib);
	ret |= push(out, "-smp") | push(out, "%u,sockets=1,cores=%u,threads=1", d->vcpus, d->vcpus);
	ret |= push(out, "-rtc") | push(out, "base=localtime");
	ret |= push(out, "-drive");
	ret |= push(out, "if=pflash,unit=0,format=raw,readonly=on,file=%s", d->fw.code);
	ret |= push(out, "-drive") | push(out, "if=pflash,unit=1,format=raw,file=%s", d->nvram);
	if (d->disk) {
		size_t len = strlen(d->disk);
		bool qcow2 = len > 6 && !strcmp(d->disk + len - 6, ".qcow2");

		ret |= push(out, "-drive");
		ret |= push(out, "if=none,id=disk0,format=%s,file=%s", qcow2 ? "qcow2" : "raw",
			    d->disk);
		/* q35's built-in AHCI, as the domain's SATA disk. */
		ret |= push(out, "-device") | push(out, "ide-hd,drive=disk0,bus=ide.0");
	}
	if (d->cdrom) {
		ret |= push(out, "-drive");
		ret |= push(out, "if=none,id=cd0,format=raw,readonly=on,file=%s", d->cdrom);
		ret |= push(out, "-device") | push(out, "ide-cd,drive=cd0,bus=ide.1");
	}
	if (d->kernel) {
		ret |= push(out, "-kernel") | push(out, "%s", d->kernel);
		if (d->initrd)
			ret |= push(out, "-initrd") | push(out, "%s", d->initrd);
		if (d->cmdline)
			ret |= push(out, "-append") | push(out, "%s", d->cmdline);
	}
	ret |= push(out, "-device") | push(out, "qemu-xhci,id=xhci");
	if (d->net != VM_NET_NONE) {
		ret |= push(out, "-netdev");
		if (d->net == VM_NET_BRIDGE)
			/* qemu-bridge-helper; the bridge must be in /etc/qemu/bridge.conf */
			ret |= push(out, "bridge,id=net0,br=%s", d->bridge);
		else
			ret |= push(out, "user,id=net0,hostfwd=tcp:127.0.0.1:3389-:3389");
		ret |= push(out, "-device") | push(out, "e1000e,netdev=net0");
	}
	if (d->serial)
		ret |= push(out, "-serial") | push(out, "file:%s", d->serial);
	ret |= push(out, "-device") | push(out, "virtio-keyboard-pci");
	ret |= push(out, "-device") | push(out, "virtio-mouse-pci");
	ret |= push_display(out, d, o->spice_port ? o->spice_port : vm_domain_spice_port(d));
	if (d->has_vf) {
		vm_bdf_format(&d->vf, bdf, sizeof(bdf));
		ret |= push(out, "-device");
		ret |= push(out, "vfio-pci,host=%s,romfile=%s", bdf, d->romfile);
	}
	ret |= push_shm(out, d);
	if (ret) {
		vm_argv_free(out);
		return -ENOMEM;
	}
	return 0;
}

/* Plain words need no quotes; everything else gets single quotes. */
static bool plain(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
			    "-_./=,:@+%",
			    *s))
			return false;
	return true;
}

char *vm_argv_shell(const struct vm_argv *a)
{
	char *buf = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	for (i = 0; i < a->n; i++) {
		const char *s = a->v[i];
		/* an option and its value share a line */
		bool opt = s[0] == '-' && i + 1 < a->n && a->v[i + 1][0] != '-';

		if (plain(s)) {
			fputs(s, f);
		} else {
			fputc('\'', f);
			for (; *s; s++)
				if (*s == '\'')
					fputs("'\\''", f);
				else
					fputc(*s, f);
			fputc('\'', f);
		}
		if (i + 1 == a->n)
			fputc('\n', f);
		else if (opt && i != 0)
			fputc(' ', f);
		else
			fputs(" \\\n    ", f);
	}
	if (fclose(f)) {
		free(buf);
		return NULL;
	}
	return buf;
}
