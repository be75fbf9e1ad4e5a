// SPDX-License-Identifier: MIT
/*
 * `vm check` of a QEMU command line (see vm_native_qemu.h): the domain
 * checks on the converted document, then what differs for a QEMU that no
 * libvirt started: findings about libvirt's own confinement become info
 * findings saying why they do not apply, hints name QEMU options, and the
 * few things only a command line can get wrong are added.
 */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vm/vm_host.h"
#include "vm/vm_native_qemu.h"

#define ACL_WHY                                                                                  \
	"libvirt's cgroup_device_acl (qemu.conf) confines only the QEMU libvirt starts; a QEMU " \
	"started by hand needs read and write access to the device file for its user (the "      \
	"guide's chmod/chown of /dev/kvmfr0)"

/* Findings only a QEMU that libvirt starts can have, and why. */
static const struct {
	const char *id;
	const char *why;
} libvirt_only[] = {
	{ "vf-outside-libvirt",
	  "a QEMU started by hand has no libvirt to manage its devices: the VF must be bound to vfio-pci before QEMU starts (virsh nodedev-detach, as the guide author's before-start.sh does) and /dev/vfio/N be open to the user running QEMU" },
	{ "kvmfr-not-in-acl", ACL_WHY },
	{ "qemu-conf-unparsable", ACL_WHY },
	{ "qemu-conf-unreadable", ACL_WHY },
	{ "libvirt-missing", ACL_WHY },
	{ "apparmor-kvmfr",
	  "libvirt's AppArmor profile (abstractions/libvirt-qemu) confines only the QEMU libvirt starts" },
	{ "ivshmem-legacy-syntax",
	  "the 'PCI: slot 1 function 0 not available' abort is a comma-syntax -device in libvirt's <qemu:commandline> meeting the PCI addresses libvirt gives its own devices; QEMU alone places its devices itself" },
};

/* The fix of a finding, as QEMU options; NULL keeps the check's own. */
static const struct {
	const char *id;
	const char *hint;
} native_hint[] = {
	{ "machine-not-q35", "use -machine q35 (or a versioned pc-q35-X.Y)" },
	{ "no-uefi",
	  "boot OVMF: -drive if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd -drive if=pflash,format=raw,file=VM_VARS.fd (a copy of /usr/share/OVMF/OVMF_VARS_4M.fd)" },
	{ "cpu-not-host",
	  "use -cpu host (with -vmx and the hv-* flags 'vfctl vm qemu-args' writes)" },
	{ "hypervisor-hidden", "remove -hypervisor (or hypervisor=off) from -cpu" },
	{ "nested-virt-exposed",
	  "add -vmx to -cpu (-cpu host,-vmx,...), unless the guest really needs nested virtualisation" },
	{ "spice-no-listener",
	  "use -spice port=5900,addr=127.0.0.1,disable-ticketing=on, the port the client.ini of vfctl vm guest-files dials" },
	{ "spice-autoport",
	  "use -spice port=5900,addr=127.0.0.1,disable-ticketing=on, the port the client.ini of vfctl vm guest-files dials" },
	{ "hyperv-nested",
	  "drop hv-passthrough and hv-evmcs from -cpu; keep hv-relaxed,hv-vapic,hv-spinlocks=0x1fff,hv-vendor-id=GenuineIntel" },
	{ "qxl-present",
	  "once the Intel driver, IddSampleDriver and the Looking Glass host work, remove -vga qxl / -device qxl-vga (with -nodefaults QEMU adds no other adapter; guide section 3 step 7)" },
	{ "romfile-unreadable",
	  "check romfile= of the -device vfio-pci argument: QEMU must be able to read it, from its working directory if the path is relative" },
	{ "romfile-invalid",
	  "extract the Intel GOP driver from the board's BIOS update with 'vfctl gop extract' (or wrap it with 'vfctl gop rom') and point romfile= of the -device vfio-pci argument at it" },
	{ "romfile-gop-consumer",
	  "extract the Intel GOP driver itself with 'vfctl gop extract' (it refuses drivers that only use GOP) and point romfile= at it" },
	{ "ivshmem-no-device",
	  "add -device ivshmem-plain,memdev=ID with ID the memory-backend-file's id" },
	{ "qemu-arg-malformed",
	  "fix the -object/-device value: QEMU refuses it too (both the comma form and JSON are fine outside libvirt)" },
	{ "no-ivshmem",
	  "add -object memory-backend-file,id=looking-glass,mem-path=/dev/kvmfr0,size=32M,share=on -device ivshmem-plain,memdev=looking-glass ('vfctl vm qemu-args' writes both, sized for the resolution)" },
	{ "no-vf",
	  "add -device vfio-pci,host=0000:00:02.1,romfile=/var/lib/libvirt/vbios/IntelGopDriver.efi ('vfctl vm qemu-args --vf 0000:00:02.1 ...' writes it)" },
	{ "romfile-unsigned-secure-boot",
	  "boot this VM without enforced Secure Boot (-drive if=pflash of a VARS copy without keys, e.g. of /usr/share/OVMF/OVMF_VARS_4M.fd), or enroll the romfile's SHA-256 in db" },
};

/* Words of libvirt's XML in messages, as the QEMU option they stand for. */
static const struct {
	const char *from;
	const char *to;
} native_words[] = {
	{ "<qemu:commandline>", "the QEMU command line" },
	{ "<evmcs state='on'/>", "hv-evmcs" },
	{ "<hyperv mode='passthrough'>", "hv-passthrough" },
	{ "<listen type='none'/>, a local GL display only", "no port=, tls-port= or unix" },
};

static struct vm_finding *add(struct vm_check_report *r, const char *id, enum vm_severity sev,
			      const char *hint, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static struct vm_finding *add(struct vm_check_report *r, const char *id, enum vm_severity sev,
			      const char *hint, const char *fmt, ...)
{
	struct vm_finding *f;
	va_list ap;

	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 8;
		struct vm_finding *nf = realloc(r->f, cap * sizeof(*nf));

		if (!nf)
			return NULL;
		r->f = nf;
		r->cap = cap;
	}
	f = &r->f[r->n++];
	f->id = id;
	f->severity = sev;
	snprintf(f->hint, sizeof(f->hint), "%s", hint);
	va_start(ap, fmt);
	vsnprintf(f->message, sizeof(f->message), fmt, ap);
	va_end(ap);
	return f;
}

static void replace_words(char *s, size_t n)
{
	char out[sizeof(((struct vm_finding *)0)->message)];
	size_t i;

	for (i = 0; i < sizeof(native_words) / sizeof(native_words[0]); i++) {
		char *at = strstr(s, native_words[i].from);

		if (!at)
			continue;
		snprintf(out, sizeof(out), "%.*s%s%s", (int)(at - s), s, native_words[i].to,
			 at + strlen(native_words[i].from));
		snprintf(s, n, "%s", out);
	}
}

/* The width fix as -cpu flags, with this host's width when it is known. */
static void phys_hint(struct vm_finding *f, const char *root)
{
	unsigned int host = 0;

	if (vm_host_phys_bits(root, &host))
		snprintf(
			f->hint, sizeof(f->hint),
			"add host-phys-bits=on,host-phys-bits-limit=N to -cpu, N at most 'address sizes : N bits physical' in /proc/cpuinfo (the guide author gives 37 to 39)");
	else
		snprintf(
			f->hint, sizeof(f->hint),
			"add host-phys-bits=on,host-phys-bits-limit=%u to -cpu (this host's 'address sizes' in /proc/cpuinfo), or less",
			host);
}

static const char *skip_reason(const char *id)
{
	size_t i;

	for (i = 0; i < sizeof(libvirt_only) / sizeof(libvirt_only[0]); i++)
		if (!strcmp(id, libvirt_only[i].id))
			return libvirt_only[i].why;
	return NULL;
}

static const struct vm_native_rom *unknown_rom(const struct vm_native_qemu_doc *d, const char *msg)
{
	size_t i;

	for (i = 0; i < d->n_rom; i++)
		if (!d->rom[i].path[0] && strstr(msg, d->rom[i].given))
			return &d->rom[i];
	return NULL;
}

/* The domain's findings, as they stand for a QEMU started by hand. */
static void adapt(struct vm_check_report *r, const struct vm_native_qemu_doc *d, const char *root)
{
	size_t i, j;

	for (i = 0; i < r->n; i++) {
		struct vm_finding *f = &r->f[i];
		const char *why = skip_reason(f->id);
		char msg[sizeof(f->message)];

		if (why) {
			snprintf(msg, sizeof(msg), "%s", f->message);
			snprintf(f->message, sizeof(f->message),
				 "skipped %s, a libvirt-only finding: %s", f->id, why);
			snprintf(f->hint, sizeof(f->hint),
				 "nothing to change for it; what libvirt would have said: %.600s",
				 msg);
			f->id = "libvirt-only";
			f->severity = VM_SEV_INFO;
			continue;
		}
		if (!strcmp(f->id, "romfile-unreadable") && unknown_rom(d, f->message)) {
			f->id = "romfile-unchecked";
			f->severity = VM_SEV_INFO;
			snprintf(
				f->message, sizeof(f->message),
				"the romfile %s is relative and QEMU's working directory is unknown, so it was not checked",
				unknown_rom(d, r->f[i].message)->given);
			snprintf(
				f->hint, sizeof(f->hint),
				"give romfile= an absolute path, or check a running QEMU as root (its /proc/PID/cwd)");
			continue;
		}
		replace_words(f->message, sizeof(f->message));
		if (!strcmp(f->id, "phys-bits-unlimited") ||
		    !strcmp(f->id, "phys-bits-above-host")) {
			phys_hint(f, root);
			continue;
		}
		for (j = 0; j < sizeof(native_hint) / sizeof(native_hint[0]); j++)
			if (!strcmp(f->id, native_hint[j].id))
				snprintf(f->hint, sizeof(f->hint), "%s", native_hint[j].hint);
	}
}

/* What only a command line can get wrong, or cannot show. */
static int extra(struct vm_check_report *r, const struct vm_native_qemu_doc *d,
		 const struct vm_check_opts *o)
{
	size_t i;
	bool ok = true;

	if (!d->kvm)
		ok &= !!add(
			r, "kvm-off", VM_SEV_ERROR,
			"add -enable-kvm (or -accel kvm, or accel=kvm to -machine)",
			"QEMU runs without KVM (no -enable-kvm, -accel kvm or accel=kvm): it emulates the CPU, so the guest is far too slow for the guide's VM and the CPU checks do not apply");
	for (i = 0; i < d->n_rom; i++) {
		const struct vm_native_rom *m = &d->rom[i];

		if (m->datadir || !m->path[0])
			continue;
		ok &= !!add(
			r, "romfile-relative", VM_SEV_WARNING,
			"give romfile= an absolute path, e.g. /var/lib/libvirt/vbios/IntelGopDriver.efi",
			"romfile=%s of a vfio-pci device is a relative path: QEMU opens it from its working directory (checked as %s), so QEMU started from any other directory fails with 'failed to find romfile'",
			m->given, m->path);
	}
	/* any vfio-pci device, VF or not, on a bus nobody defines stops QEMU */
	if (d->bad_bus[0] && !d->readconfig[0])
		ok &= !!add(
			r, "vfio-bus-undefined", VM_SEV_ERROR,
			"remove bus= (and addr=) from the -device vfio-pci argument, or define the bus first, e.g. -device pcie-root-port,id=NAME,chassis=1 on q35",
			"the vfio-pci device host=%s is put on bus=%s, which nothing on this command line defines (Proxmox's ich9-pcie-port-N come from its own -readconfig file): QEMU stops with \"Bus '%s' not found\"",
			d->bad_bus_host, d->bad_bus, d->bad_bus);
	if (d->readconfig[0])
		ok &= !!add(
			r, "qemu-readconfig", VM_SEV_INFO,
			"check what it adds by hand, or give its options on the command line",
			"-readconfig %.200s is not read: the devices and machine options it holds are not checked",
			d->readconfig);
	if (d->libvirt_made)
		ok &= !!add(
			r, "libvirt-started", VM_SEV_INFO,
			"check its definition instead: virsh dumpxml NAME > dom.xml, then vfctl vm check dom.xml",
			"this QEMU was started by libvirt (its master key secret or libvirt's node names are on the command line): the domain's definition is what to fix, and its check also covers libvirt's device cgroup, AppArmor and what libvirt drops");
	if (o && o->libvirt)
		ok &= !!add(
			r, "libvirt-only", VM_SEV_INFO,
			"nothing to change for it: the command line is checked as QEMU runs it",
			"skipped libvirt's own validation of the domain (what this host's libvirt refuses or drops on define): this command line does not go through libvirt");
	return ok ? 0 : -ENOMEM;
}

int vm_native_qemu_check(const char *const *argv, size_t argc, const struct vm_native_qemu_opts *no,
			 const struct vm_check_opts *o, struct vm_check_report *r)
{
	static const struct vm_check_opts defaults = { 0 };
	struct vm_native_qemu_opts nopts = { 0 };
	struct vm_native_qemu_doc d;
	struct vm_check_opts co;
	int ret;

	memset(r, 0, sizeof(*r));
	co = o ? *o : defaults;
	co.libvirt = false; /* answered by extra() */
	if (no)
		nopts = *no;
	if (!nopts.root)
		nopts.root = co.root;
	ret = vm_native_qemu_convert(argv, argc, &nopts, &d);
	if (ret)
		return ret;
	ret = vm_check_xml(d.xml, d.len, &co, r);
	if (!ret) {
		adapt(r, &d, co.root ? co.root : "/");
		ret = extra(r, &d, o);
		if (ret)
			vm_check_report_free(r);
	}
	vm_native_qemu_doc_free(&d);
	return ret;
}

/*
 * The working directory QEMU had: a running QEMU's /proc/PID/cwd, else the
 * directory of the file (a start script is run from where it lies), as seen
 * inside @root when the file is under it. 0 or -errno.
 */
static int qemu_cwd(const char *path, const char *root, char *cwd, size_t n)
{
	char buf[PATH_MAX], rp[PATH_MAX], *dir;
	unsigned int pid;
	char tail[16];
	ssize_t len;
	size_t rl;

	if (sscanf(path, "/proc/%u/cmdline%15s", &pid, tail) == 1) {
		snprintf(buf, sizeof(buf), "/proc/%u/cwd", pid);
		len = readlink(buf, cwd, n - 1);
		if (len < 0)
			return -errno;
		cwd[len] = '\0';
		return 0;
	}
	if (!realpath(path, buf))
		return -errno;
	dir = dirname(buf);
	if (root && strcmp(root, "/") && realpath(root, rp)) {
		rl = strlen(rp);
		if (!strncmp(dir, rp, rl) && (dir[rl] == '/' || !dir[rl])) {
			snprintf(cwd, n, "%s", dir[rl] ? dir + rl : "/");
			return 0;
		}
	}
	snprintf(cwd, n, "%s", dir);
	return 0;
}

int vm_native_qemu_check_file(const char *buf, size_t len, const char *path,
			      const struct vm_check_opts *o, struct vm_check_report *r, char *err,
			      size_t errlen)
{
	struct vm_native_qemu_opts no = { 0 };
	char cwd[PATH_MAX];
	struct vm_argv a;
	int ret;

	memset(r, 0, sizeof(*r));
	ret = vm_native_qemu_input(buf, len, &a, err, errlen);
	if (ret)
		return ret;
	if (!qemu_cwd(path, o ? o->root : NULL, cwd, sizeof(cwd)))
		no.cwd = cwd;
	ret = vm_native_qemu_check((const char *const *)a.v, a.n, &no, o, r);
	vm_argv_free(&a);
	if (ret == -EINVAL)
		snprintf(err, errlen, "the command line is empty");
	return ret;
}
