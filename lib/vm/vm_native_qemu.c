// SPDX-License-Identifier: MIT
/*
 * A QEMU argv as the libvirt-shaped document `vm check` reads (see
 * vm_native_qemu.h). Each option is mapped to the element libvirt would
 * have written for it, so the checks need no second reading of QEMU
 * options; the VFs and IVSHMEM stay QEMU arguments, in the
 * <qemu:commandline> the checks already parse.
 */
#include <errno.h>
#include <fcntl.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vm/vm_native_qemu.h"
#include "vm/vm_qemu_opt.h"
#include "vm/vm_root.h"
#include "vm/vm_xml.h"

#define X(s) ((const xmlChar *)(s))
#define VAL 1024
#define MAX_BLOCKDEV 16
/* Debian's QEMU looks for firmware and ROMs a bare name gives here. */
#define QEMU_DATADIR "/usr/share/qemu"

/*
 * QEMU's options that take no argument (qemu-options.hx: those without
 * HAS_ARG); every other option takes exactly one.
 */
static const char *const no_arg[] = {
	"enable-kvm",
	"nodefaults",
	"nographic",
	"S",
	"s",
	"snapshot",
	"no-reboot",
	"no-shutdown",
	"no-hpet",
	"no-acpi",
	"daemonize",
	"full-screen",
	"no-user-config",
	"no-fd-bootchk",
	"no-quit",
	"win2k-hack",
	"rtc-td-hack",
	"usb",
	"enable-fips",
	"only-migratable",
	"semihosting",
	"alt-grab",
	"ctrl-grab",
	"no-frame",
	"portrait",
	"preconfig",
	"version",
	"h",
	"help",
	"no-kvm",
	"no-kvm-irqchip",
	"no-kvm-pit",
	"no-kvm-pit-reinjection",
	"enable-sync-profile",
	"nodefconfig",
	"writeconfig-none",
	NULL,
};

struct blockdev {
	char node[128];
	char filename[VAL];
	char file[128]; /* the child node, by name */
};

struct conv {
	const struct vm_native_qemu_opts *o;
	const char *const *argv; /* for -set, which may follow its -device */
	size_t argc;
	struct vm_native_qemu_doc *d;
	char machine[128];
	char pflash_node[2][128];
	char pflash[2][VAL];
	size_t n_pflash;
	char bios[VAL];
	struct vm_qemu_cpu cpu; /* the last -cpu */
	bool have_cpu;
	bool spice;
	struct vm_qemu_spice sp;
	char video[32];
	bool nodefaults;
	char name[256];
	struct blockdev bd[MAX_BLOCKDEV];
	size_t n_bd;
	/* <qemu:commandline> pairs: option, value */
	struct vm_argv qemu;
	/* -object values, kept until the guest RAM's backends are known */
	struct vm_argv objects;
	/* -global values limiting a CPU's width, kept until -cpu is known */
	struct vm_argv cpu_globals;
	char ram[MAX_BLOCKDEV][128]; /* -machine memory-backend=, -numa memdev= */
	size_t n_ram;
	int err;
};

static void push(struct conv *c, struct vm_argv *a, const char *s)
{
	char **v, *d;

	if (a->n + 2 > a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 16;

		v = realloc(a->v, cap * sizeof(*v));
		if (!v) {
			c->err = -ENOMEM;
			return;
		}
		a->v = v;
		a->cap = cap;
	}
	d = strdup(s);
	if (!d) {
		c->err = -ENOMEM;
		return;
	}
	a->v[a->n++] = d;
	a->v[a->n] = NULL;
}

static void push2(struct conv *c, const char *opt, const char *val)
{
	push(c, &c->qemu, opt);
	push(c, &c->qemu, val);
}

static void ram_backend(struct conv *c, const char *id)
{
	if (id[0] && c->n_ram < MAX_BLOCKDEV)
		snprintf(c->ram[c->n_ram++], sizeof(c->ram[0]), "%s", id);
}

/* opt_get with a fixed buffer; "" when absent or malformed */
static bool get(const char *arg, const char *key, char *val, size_t n)
{
	if (vm_qemu_opt_get(arg, key, val, n) == 1)
		return true;
	val[0] = '\0';
	return false;
}

static void opt_machine(struct conv *c, const char *v)
{
	char t[128], a[64];

	/* "q35,accel=kvm" or "type=q35,..."; several -machine merge */
	if (get(v, "type", t, sizeof(t)) || get(v, "driver", t, sizeof(t)))
		snprintf(c->machine, sizeof(c->machine), "%s", t);
	if (get(v, "accel", a, sizeof(a)) && !strncmp(a, "kvm", 3))
		c->d->kvm = true;
	if (get(v, "memory-backend", t, sizeof(t)))
		ram_backend(c, t);
	if (get(v, "pflash0", t, sizeof(t)))
		snprintf(c->pflash_node[0], sizeof(c->pflash_node[0]), "%s", t);
	if (get(v, "pflash1", t, sizeof(t)))
		snprintf(c->pflash_node[1], sizeof(c->pflash_node[1]), "%s", t);
}

static void opt_accel(struct conv *c, const char *v)
{
	char a[64];

	if ((get(v, "accel", a, sizeof(a)) || get(v, "driver", a, sizeof(a))) && !strcmp(a, "kvm"))
		c->d->kvm = true;
}

static void opt_drive(struct conv *c, const char *v)
{
	char itf[32], file[VAL];

	if (!get(v, "if", itf, sizeof(itf)) || strcmp(itf, "pflash") ||
	    !get(v, "file", file, sizeof(file)) || c->n_pflash == 2)
		return;
	snprintf(c->pflash[c->n_pflash++], VAL, "%s", file);
}

static void opt_blockdev(struct conv *c, const char *v)
{
	struct blockdev *b;

	if (c->n_bd == MAX_BLOCKDEV)
		return;
	b = &c->bd[c->n_bd];
	if (!get(v, "node-name", b->node, sizeof(b->node)))
		return;
	get(v, "filename", b->filename, sizeof(b->filename));
	get(v, "file", b->file, sizeof(b->file));
	c->n_bd++;
}

/* The file a -blockdev node reads, through its format node's file child. */
static const char *blockdev_file(struct conv *c, const char *node)
{
	size_t i, hops;

	for (hops = 0; hops < 4 && node[0]; hops++) {
		for (i = 0; i < c->n_bd && strcmp(c->bd[i].node, node); i++)
			;
		if (i == c->n_bd)
			return NULL;
		if (c->bd[i].filename[0])
			return c->bd[i].filename;
		node = c->bd[i].file;
	}
	return NULL;
}

static void opt_display(struct conv *c, const char *v)
{
	char t[32];

	/* spice-app: QEMU opens SPICE on a UNIX socket of its own */
	if (get(v, "driver", t, sizeof(t)) && !strcmp(t, "spice-app")) {
		c->spice = true;
		memset(&c->sp, 0, sizeof(c->sp));
		c->sp.unix_socket = true;
	}
}

static bool readable(struct conv *c, const char *path)
{
	int fd = vm_root_open(c->o->root, path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0)
		return false;
	close(fd);
	return true;
}

/*
 * Where QEMU opens a relative romfile= (qemu_find_file()): the name as
 * given, so from QEMU's working directory; a bare name that is not there
 * also from QEMU's data directory. Unknown without the working directory.
 */
static void rom_path(struct conv *c, const char *given, char *out, size_t n)
{
	struct vm_native_qemu_doc *d = c->d;
	const char *cwd = c->o->cwd, *rel = given;
	struct vm_native_rom *r;
	char dd[sizeof(r->path)];
	int len;

	snprintf(out, n, "%s", given);
	if (!given[0] || given[0] == '/' || d->n_rom == VM_NATIVE_MAX_ROMS)
		return;
	r = &d->rom[d->n_rom++];
	len = snprintf(r->given, sizeof(r->given), "%s", given);
	if (len < 0 || (size_t)len >= sizeof(r->given))
		snprintf(r->given + sizeof(r->given) - 4, 4, "...");
	if (rel[0] == '.' && rel[1] == '/')
		rel += 2;
	if (cwd) {
		len = snprintf(r->path, sizeof(r->path), "%s%s%s", cwd,
			       cwd[0] && cwd[strlen(cwd) - 1] == '/' ? "" : "/", rel);
		if (len < 0 || (size_t)len >= sizeof(r->path))
			r->path[0] = '\0'; /* too long to name: unknown */
	}
	if (!strchr(given, '/') && !(r->path[0] && readable(c, r->path))) {
		len = snprintf(dd, sizeof(dd), QEMU_DATADIR "/%s", given);
		if (len > 0 && (size_t)len < sizeof(dd) && readable(c, dd)) {
			memcpy(r->path, dd, (size_t)len + 1);
			r->datadir = true;
		}
	}
	if (r->path[0])
		snprintf(out, n, "%s", r->path);
}

/* A legacy value: ',' doubled. */
static void append_val(char *buf, size_t n, const char *key, const char *v)
{
	size_t len = strlen(buf);

	len += (size_t)snprintf(buf + len, len < n ? n - len : 0, ",%s=", key);
	for (; *v && len + 3 < n; v++) {
		buf[len++] = *v;
		if (*v == ',')
			buf[len++] = ',';
	}
	if (len < n)
		buf[len] = '\0';
}

static bool bus_defined(const struct conv *c, const char *bus);

/* What the checks read of a VF's -device, besides host= (vm_check_vf.c). */
static const char *const vf_keys[] = { "romfile", "rombar", "x-vga", "x-igd-opregion", "bus", NULL };

/*
 * A VF as the checks read one: vfio-pci,host=...,romfile=...,rombar=...
 * and the IGD quirks and bus, with sysfsdev= named as host=, what -set
 * device.ID.KEY= gives the device applied, and the romfile as QEMU opens
 * it.
 */
static void dev_vfio(struct conv *c, const char *v)
{
	char host[VAL], id[128], val[VAL], path[VAL + 8], out[4 * VAL];
	size_t k;

	if (vm_qemu_opt_check(v)) {
		push2(c, "-device", v); /* malformed: the check says so */
		return;
	}
	if (!get(v, "host", host, sizeof(host)) && get(v, "sysfsdev", host, sizeof(host))) {
		char *b = strrchr(host, '/');

		if (b && !b[1]) {
			*b = '\0';
			b = strrchr(host, '/');
		}
		if (b)
			memmove(host, b + 1, strlen(b));
	}
	get(v, "id", id, sizeof(id));
	snprintf(out, sizeof(out), "vfio-pci");
	if (host[0])
		append_val(out, sizeof(out), "host", host);
	for (k = 0; vf_keys[k]; k++) {
		bool given = get(v, vf_keys[k], val, sizeof(val));

		if (id[0] &&
		    vm_native_qemu_set_get(c->argv, c->argc, id, vf_keys[k], val, sizeof(val)) == 1)
			given = true;
		if (!given)
			continue;
		if (!strcmp(vf_keys[k], "bus") && val[0] && !c->d->bad_bus[0] &&
		    !bus_defined(c, val)) {
			snprintf(c->d->bad_bus, sizeof(c->d->bad_bus), "%.*s",
				 (int)sizeof(c->d->bad_bus) - 1, val);
			snprintf(c->d->bad_bus_host, sizeof(c->d->bad_bus_host), "%.*s",
				 (int)sizeof(c->d->bad_bus_host) - 1, host);
		}
		if (!strcmp(vf_keys[k], "romfile")) {
			rom_path(c, val, path, sizeof(path));
			append_val(out, sizeof(out), vf_keys[k], path);
		} else {
			append_val(out, sizeof(out), vf_keys[k], val);
		}
	}
	push2(c, "-device", out);
}

static void opt_device(struct conv *c, const char *v)
{
	char drv[64], id[16];

	if (!get(v, "driver", drv, sizeof(drv))) {
		if (vm_qemu_opt_check(v))
			push2(c, "-device", v);
		return;
	}
	if (!strcmp(drv, "vfio-pci"))
		dev_vfio(c, v);
	else if (!strcmp(drv, "ivshmem-plain"))
		push2(c, "-device", v);
	/* a bridge named pci.0: that bus exists on q35 too (vm_check_vf.c) */
	else if (get(v, "id", id, sizeof(id)) && !strcmp(id, "pci.0"))
		push2(c, "-device", v);
	else if (!strcmp(drv, "qxl-vga") || !strcmp(drv, "qxl"))
		snprintf(c->video, sizeof(c->video), "qxl");
	else if (!strncmp(drv, "virtio-vga", 10) || !strncmp(drv, "virtio-gpu", 10))
		snprintf(c->video, sizeof(c->video), "%s", c->video[0] ? c->video : "virtio");
	else if (!strcmp(drv, "VGA") || !strcmp(drv, "bochs-display") || !strcmp(drv, "ramfb"))
		snprintf(c->video, sizeof(c->video), "%s", c->video[0] ? c->video : "vga");
}

static void opt_object(struct conv *c, const char *v)
{
	char t[64];

	if (vm_qemu_opt_check(v) ||
	    (get(v, "qom-type", t, sizeof(t)) && !strcmp(t, "memory-backend-file")))
		push(c, &c->objects, v);
	/* libvirt's own QEMU: its master key secret */
	if (get(v, "id", t, sizeof(t)) && !strcmp(t, "masterKey0"))
		c->d->libvirt_made = true;
}

static void opt_vga(struct conv *c, const char *v)
{
	snprintf(c->video, sizeof(c->video), "%s",
		 !strcmp(v, "qxl")    ? "qxl" :
		 !strcmp(v, "none")   ? "none" :
		 !strcmp(v, "virtio") ? "virtio" :
					"vga");
}

static void opt_name(struct conv *c, const char *v)
{
	if (!get(v, "guest", c->name, sizeof(c->name)))
		get(v, "driver", c->name, sizeof(c->name));
	else if (strstr(v, "debug-threads="))
		c->d->libvirt_made = true; /* libvirt's form of -name */
}

static bool takes_no_arg(const char *opt)
{
	size_t i;

	for (i = 0; no_arg[i]; i++)
		if (!strcmp(opt, no_arg[i]))
			return true;
	return false;
}

/*
 * The next option of @argv from *@i on that takes an argument, as QEMU
 * reads them: its name without dashes in @opt and its argument in @val.
 */
static bool next_option(const char *const *argv, size_t argc, size_t *i, const char **opt,
			const char **val)
{
	for (; *i < argc; (*i)++) {
		const char *o = argv[*i];

		if (!o || o[0] != '-')
			continue;
		o += o[1] == '-' ? 2 : 1;
		if (takes_no_arg(o) || *i + 1 == argc)
			continue;
		*opt = o;
		*val = argv[*i + 1];
		*i += 2;
		if (*val)
			return true;
	}
	return false;
}

int vm_native_qemu_set_get(const char *const *argv, size_t argc, const char *id, const char *key,
			   char *out, size_t n)
{
	size_t i = argc && argv[0] && argv[0][0] != '-' ? 1 : 0;
	size_t il = strlen(id), kl = strlen(key);
	const char *opt, *v;
	int found = 0;

	if (!il || strpbrk(id, ".="))
		return 0;
	while (next_option(argv, argc, &i, &opt, &v)) {
		/* group.id.key=value, each of the first two ending at '.' */
		if (strcmp(opt, "set") || strncmp(v, "device.", 7) || strncmp(v + 7, id, il) ||
		    v[7 + il] != '.')
			continue;
		v += 7 + il + 1;
		if (strncmp(v, key, kl) || v[kl] != '=')
			continue;
		v += kl + 1;
		if (strlen(v) >= n) {
			found = -ENAMETOOLONG;
			continue;
		}
		memcpy(out, v, strlen(v) + 1);
		found = 1;
	}
	return found;
}

/*
 * Whether @bus exists for a -device: a root bus (pcie.0 or pci.0, whether
 * it suits the machine is vm_check_vf.c's), or the id= of a -device on the
 * command line (a pcie-root-port, a pci-bridge), which names its bus.
 */
static bool bus_defined(const struct conv *c, const char *bus)
{
	size_t i = c->argc && c->argv[0][0] != '-' ? 1 : 0;
	const char *opt, *v;
	char id[128];

	if (!strcmp(bus, "pcie.0") || !strcmp(bus, "pci.0"))
		return true;
	while (next_option(c->argv, c->argc, &i, &opt, &v))
		if (!strcmp(opt, "device") && get(v, "id", id, sizeof(id)) && !strcmp(id, bus))
			return true;
	return false;
}

static void option(struct conv *c, const char *opt, const char *v)
{
	if (!strcmp(opt, "machine") || !strcmp(opt, "M"))
		opt_machine(c, v);
	else if (!strcmp(opt, "accel"))
		opt_accel(c, v);
	else if (!strcmp(opt, "drive"))
		opt_drive(c, v);
	else if (!strcmp(opt, "pflash") && c->n_pflash < 2)
		snprintf(c->pflash[c->n_pflash++], VAL, "%s", v);
	else if (!strcmp(opt, "bios"))
		snprintf(c->bios, sizeof(c->bios), "%s", v);
	else if (!strcmp(opt, "blockdev"))
		opt_blockdev(c, v);
	else if (!strcmp(opt, "cpu")) {
		vm_qemu_cpu_parse(v, &c->cpu);
		c->have_cpu = true;
	} else if (!strcmp(opt, "device"))
		opt_device(c, v);
	else if (!strcmp(opt, "object"))
		opt_object(c, v);
	else if (!strcmp(opt, "spice")) {
		vm_qemu_spice_parse(v, &c->sp);
		c->spice = true;
	} else if (!strcmp(opt, "display"))
		opt_display(c, v);
	else if (!strcmp(opt, "vga"))
		opt_vga(c, v);
	else if (!strcmp(opt, "name"))
		opt_name(c, v);
	else if (!strcmp(opt, "numa")) {
		char id[128];

		if (get(v, "memdev", id, sizeof(id)))
			ram_backend(c, id);
	} else if (!strcmp(opt, "global")) {
		/* a limit on the host CPU's type or a parent of it: folded later */
		if (vm_qemu_global_phys_limit(v, "host") >= 0)
			push(c, &c->cpu_globals, v);
		else
			push2(c, "-global", v);
	} else if (!strcmp(opt, "readconfig")) {
		/* kept: the devices it defines are unknown to the checks too */
		push2(c, "-readconfig", v);
		if (!c->d->readconfig[0])
			snprintf(c->d->readconfig, sizeof(c->d->readconfig), "%s", v);
	}
}

static void walk(struct conv *c, const char *const *argv, size_t argc)
{
	size_t i = 0;

	if (argv[0][0] != '-') {
		const char *b = strrchr(argv[0], '/');

		b = b ? b + 1 : argv[0];
		/* Debian's kvm, RHEL's qemu-kvm, Proxmox's kvm: KVM by default */
		c->d->binary_kvm = !strcmp(b, "kvm") || !strcmp(b, "qemu-kvm");
		i = 1;
	}
	for (; i < argc; i++) {
		const char *opt = argv[i];

		if (opt[0] != '-')
			continue; /* a disk image as a bare operand */
		opt += opt[1] == '-' ? 2 : 1;
		if (!strcmp(opt, "enable-kvm"))
			c->d->kvm = true;
		else if (!strcmp(opt, "nodefaults"))
			c->nodefaults = true;
		if (takes_no_arg(opt) || i + 1 == argc)
			continue;
		option(c, opt, argv[++i]);
	}
	if (c->d->binary_kvm)
		c->d->kvm = true;
	/* the guest's RAM in a memory-backend-file is no IVSHMEM */
	for (i = 0; i < c->objects.n; i++) {
		char id[128];
		size_t k;
		bool ram = false;

		if (get(c->objects.v[i], "id", id, sizeof(id)))
			for (k = 0; k < c->n_ram && !ram; k++)
				ram = !strcmp(id, c->ram[k]);
		if (!ram)
			push2(c, "-object", c->objects.v[i]);
	}
	for (i = 0; i < c->n_bd; i++)
		if (!strncmp(c->bd[i].node, "libvirt-", 8))
			c->d->libvirt_made = true;
}

static xmlNodePtr child(struct conv *c, xmlNodePtr parent, const char *name, const char *text)
{
	xmlNodePtr n = xmlNewTextChild(parent, NULL, X(name), text ? X(text) : NULL);

	if (!n)
		c->err = -ENOMEM;
	return n;
}

static void prop(struct conv *c, xmlNodePtr n, const char *name, const char *val)
{
	if (n && !xmlNewProp(n, X(name), X(val)))
		c->err = -ENOMEM;
}

static void build_os(struct conv *c, xmlNodePtr dom)
{
	xmlNodePtr os = child(c, dom, "os", NULL), n;
	const char *code = c->n_pflash ? c->pflash[0] : NULL;
	const char *vars = c->n_pflash > 1 ? c->pflash[1] : NULL;
	const char *b = strrchr(c->bios, '/');

	if (!code && c->pflash_node[0][0]) {
		code = blockdev_file(c, c->pflash_node[0]);
		/* a node the argv does not describe is still a pflash firmware */
		code = code ? code : c->pflash_node[0];
	}
	if (!vars && c->pflash_node[1][0])
		vars = blockdev_file(c, c->pflash_node[1]);
	n = child(c, os, "type", "hvm");
	prop(c, n, "arch", "x86_64");
	if (c->machine[0])
		prop(c, n, "machine", c->machine);
	if (code) {
		n = child(c, os, "loader", code);
		prop(c, n, "readonly", "yes");
		prop(c, n, "type", "pflash");
	} else if (c->bios[0] && strncmp(b ? b + 1 : c->bios, "bios", 4)) {
		/* -bios OVMF.fd; bios.bin and bios-256k.bin are SeaBIOS */
		n = child(c, os, "loader", c->bios);
		prop(c, n, "type", "rom");
	}
	if (vars) {
		/* the VARS file's name tells whether keys are enrolled */
		n = child(c, os, "nvram", vars);
		prop(c, n, "template", vars);
	}
}

/*
 * The -global limits that reach the -cpu model, folded into it: QEMU takes
 * the last of them, and none when -cpu sets the limit itself
 * (vm_qemu_global_phys_limit()). The rest limit nothing (a host-x86_64-cpu
 * one under -cpu max) and are dropped, so that vm check does not count them.
 */
static void fold_cpu_globals(struct conv *c)
{
	const char *model = c->have_cpu ? c->cpu.model : "qemu64";
	size_t i;
	int n;

	for (i = 0; i < c->cpu_globals.n; i++) {
		n = vm_qemu_global_phys_limit(c->cpu_globals.v[i], model);
		if (n >= 0 && !c->cpu.phys_limit_set)
			c->cpu.phys_limit = (unsigned long)n;
	}
}

static void build_cpu(struct conv *c, xmlNodePtr dom)
{
	xmlNodePtr cpu, n;
	/* under KVM, max is the host CPU with everything KVM can give */
	bool host = !strcmp(c->cpu.model, "host") || (!strcmp(c->cpu.model, "max") && c->d->kvm);
	unsigned long limit;
	bool host_pb;
	char num[24];

	if (!c->have_cpu)
		return;
	cpu = child(c, dom, "cpu", NULL);
	/* not libvirt's vocabulary: the model name, so findings name it */
	prop(c, cpu, "mode", host ? "host-passthrough" : c->cpu.model);
	/*
	 * QEMU turns host-phys-bits on for the host model (vm_qemu_global_
	 * phys_limit()); with it the guest has the host's width, at most
	 * host-phys-bits-limit, and phys-bits is ignored. libvirt has no word
	 * for a host-passthrough CPU with host-phys-bits off and a fixed width:
	 * it is written as the limit, which the checks read the same way.
	 */
	host_pb = c->cpu.host_phys_bits_set ? c->cpu.host_phys_bits : host;
	limit = host_pb ? c->cpu.phys_limit : host ? c->cpu.phys_bits : 0;
	if (limit) {
		n = child(c, cpu, "maxphysaddr", NULL);
		prop(c, n, "mode", "passthrough");
		snprintf(num, sizeof(num), "%lu", limit);
		prop(c, n, "limit", num);
	} else if (!host_pb && c->cpu.phys_bits) {
		n = child(c, cpu, "maxphysaddr", NULL);
		prop(c, n, "mode", "emulate");
		snprintf(num, sizeof(num), "%lu", c->cpu.phys_bits);
		prop(c, n, "bits", num);
	}
	if (c->cpu.vmx_off) {
		n = child(c, cpu, "feature", NULL);
		prop(c, n, "policy", "disable");
		prop(c, n, "name", "vmx");
	}
	if (c->cpu.hypervisor_off) {
		n = child(c, cpu, "feature", NULL);
		prop(c, n, "policy", "disable");
		prop(c, n, "name", "hypervisor");
	}
	if (c->cpu.hv_any) {
		xmlNodePtr f = child(c, dom, "features", NULL);

		n = child(c, f, "hyperv", NULL);
		prop(c, n, "mode", c->cpu.hv_passthrough ? "passthrough" : "custom");
		if (c->cpu.hv_evmcs)
			prop(c, child(c, n, "evmcs", NULL), "state", "on");
	}
}

static void build_devices(struct conv *c, xmlNodePtr dom)
{
	xmlNodePtr dev = child(c, dom, "devices", NULL);

	if (c->spice && dev && !vm_qemu_spice_xml(dev, &c->sp))
		c->err = -ENOMEM;
	/* without -nodefaults and any adapter, QEMU adds a standard VGA */
	if (c->video[0] || !c->nodefaults)
		prop(c, child(c, child(c, dev, "video", NULL), "model", NULL), "type",
		     c->video[0] ? c->video : "vga");
}

static void build_cmdline(struct conv *c, xmlNodePtr dom)
{
	xmlNsPtr ns = xmlNewNs(dom, X(VM_XML_QEMU_NS), X("qemu"));
	xmlNodePtr cl;
	size_t i;

	if (!ns || !c->qemu.n) {
		c->err = ns ? c->err : -ENOMEM;
		return;
	}
	cl = xmlNewChild(dom, ns, X("commandline"), NULL);
	for (i = 0; cl && i < c->qemu.n; i++) {
		xmlNodePtr a = xmlNewChild(cl, ns, X("arg"), NULL);

		if (!a)
			break;
		prop(c, a, "value", c->qemu.v[i]);
	}
	if (!cl || i < c->qemu.n)
		c->err = -ENOMEM;
}

int vm_native_qemu_convert(const char *const *argv, size_t argc,
			   const struct vm_native_qemu_opts *o, struct vm_native_qemu_doc *d)
{
	static const struct vm_native_qemu_opts defaults = { 0 };
	struct conv *c;
	xmlDocPtr doc;
	xmlNodePtr dom;
	xmlChar *mem = NULL;
	int size = 0, ret;

	memset(d, 0, sizeof(*d));
	if (!argc || !argv[0])
		return -EINVAL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->o = o ? o : &defaults;
	c->d = d;
	c->argv = argv;
	c->argc = argc;
	walk(c, argv, argc);
	doc = xmlNewDoc(X("1.0"));
	dom = doc ? xmlNewNode(NULL, X("domain")) : NULL;
	if (dom) {
		xmlDocSetRootElement(doc, dom);
		prop(c, dom, "type", d->kvm ? "kvm" : "qemu");
		child(c, dom, "name", c->name[0] ? c->name : "qemu-command-line");
		build_os(c, dom);
		fold_cpu_globals(c);
		build_cpu(c, dom);
		build_devices(c, dom);
		build_cmdline(c, dom);
		if (!c->err)
			xmlDocDumpFormatMemory(doc, &mem, &size, 1);
	}
	ret = !dom || c->err || !mem ? -ENOMEM : 0;
	if (!ret) {
		d->xml = strdup((const char *)mem);
		d->len = (size_t)size;
		ret = d->xml ? 0 : -ENOMEM;
	}
	xmlFree(mem);
	xmlFreeDoc(doc);
	vm_argv_free(&c->qemu);
	vm_argv_free(&c->objects);
	vm_argv_free(&c->cpu_globals);
	free(c);
	if (ret)
		vm_native_qemu_doc_free(d);
	return ret;
}

void vm_native_qemu_doc_free(struct vm_native_qemu_doc *d)
{
	free(d->xml);
	memset(d, 0, sizeof(*d));
}
