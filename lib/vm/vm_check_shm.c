// SPDX-License-Identifier: MIT
/*
 * `vm check`: the IVSHMEM memory Looking Glass uses, either a
 * memory-backend-file in <qemu:commandline> (kvmfr) or a <shmem> device
 * (/dev/shm): present, shared, a power of two, large enough for the
 * resolution, and for kvmfr allowed by the device cgroup and as large as
 * the module's static_size_mb.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vm/vm_check_internal.h"
#include "vm/vm_qemu_conf.h"
#include "vm/vm_qemu_opt.h"
#include "vm/vm_shm.h"

#define MIB ((uint64_t)1 << 20)
#define MAX_BACKENDS 8
#define VAL 512

struct backend {
	char id[VAL];
	char path[VAL];
	uint64_t size; /* 0: missing or unparsable */
	bool share;
	bool used; /* an ivshmem-plain device names it */
	bool other; /* something else uses it: guest RAM, a NUMA node, an NVDIMM */
};

struct shm_scan {
	struct backend be[MAX_BACKENDS];
	size_t n;
	char devices[MAX_BACKENDS][VAL]; /* memdev of each ivshmem-plain */
	size_t n_dev;
	/* backends named by anything else: -machine memory-backend=, -numa
	 * memdev=, another device's memdev= (a RAM backend is no IVSHMEM) */
	char others[MAX_BACKENDS][VAL];
	size_t n_other;
	bool legacy;
	bool malformed;
};

static void scan_object(struct shm_scan *s, const char *arg)
{
	char type[VAL], v[VAL];
	struct backend *b;

	if (vm_qemu_opt_get(arg, "qom-type", type, sizeof(type)) != 1 ||
	    strcmp(type, "memory-backend-file") || s->n == MAX_BACKENDS)
		return;
	b = &s->be[s->n++];
	memset(b, 0, sizeof(*b));
	vm_qemu_opt_get(arg, "id", b->id, sizeof(b->id));
	if (vm_qemu_opt_get(arg, "mem-path", b->path, sizeof(b->path)) != 1)
		b->path[0] = '\0';
	if (vm_qemu_opt_get(arg, "size", v, sizeof(v)) != 1 || vm_qemu_size_parse(v, &b->size))
		b->size = 0;
	if (vm_qemu_opt_get(arg, "share", v, sizeof(v)) != 1 || vm_qemu_bool_parse(v, &b->share))
		b->share = false;
}

/* A backend @arg names under @key for something other than ivshmem-plain. */
static void scan_other(struct shm_scan *s, const char *arg, const char *key)
{
	if (s->n_other < MAX_BACKENDS && vm_qemu_opt_get(arg, key, s->others[s->n_other], VAL) == 1)
		s->n_other++;
}

static void scan_device(struct shm_scan *s, const char *arg)
{
	char driver[VAL];

	if (vm_qemu_opt_get(arg, "driver", driver, sizeof(driver)) != 1)
		return;
	if (strcmp(driver, "ivshmem-plain")) {
		scan_other(s, arg, "memdev");
		return;
	}
	if (s->n_dev < MAX_BACKENDS &&
	    vm_qemu_opt_get(arg, "memdev", s->devices[s->n_dev], VAL) == 1)
		s->n_dev++;
}

static void scan_cmdline(struct vm_ck *c, struct shm_scan *s)
{
	xmlXPathObjectPtr o = vm_ck_nodes(c, "/domain/qemu:commandline/qemu:arg");
	int i, n = o ? o->nodesetval->nodeNr : 0;
	size_t j, k;

	for (i = 0; i + 1 < n; i++) {
		char *opt = vm_ck_attr(o->nodesetval->nodeTab[i], "value");
		char *arg = vm_ck_attr(o->nodesetval->nodeTab[i + 1], "value");
		bool obj = opt && !strcmp(opt, "-object"), dev = opt && !strcmp(opt, "-device");

		if (opt && arg && (!strcmp(opt, "-machine") || !strcmp(opt, "-M"))) {
			scan_other(s, arg, "memory-backend");
			i++;
		} else if (opt && arg && !strcmp(opt, "-numa")) {
			scan_other(s, arg, "memdev");
			i++;
		} else if ((obj || dev) && arg) {
			size_t before = s->n + s->n_dev;
			/* QEMU rejects a malformed argument: it attaches nothing. */
			if (vm_qemu_opt_check(arg))
				s->malformed = true;
			else if (obj)
				scan_object(s, arg);
			else
				scan_device(s, arg);
			if (s->n + s->n_dev != before && !vm_qemu_opt_is_json(arg))
				s->legacy = true;
			i++;
		}
		free(opt);
		free(arg);
	}
	xmlXPathFreeObject(o);
	for (j = 0; j < s->n_dev; j++)
		for (k = 0; k < s->n; k++)
			if (!strcmp(s->devices[j], s->be[k].id))
				s->be[k].used = true;
	for (j = 0; j < s->n_other; j++)
		for (k = 0; k < s->n; k++)
			if (!strcmp(s->others[j], s->be[k].id))
				s->be[k].other = true;
	/* what holds the guest's RAM (or a NUMA node's) is not shared memory */
	for (j = k = 0; j < s->n; j++)
		if (s->be[j].used || !s->be[j].other)
			s->be[k++] = s->be[j];
	s->n = k;
}

/*
 * Looking Glass's memory is the one on /dev/kvmfrN or named looking-glass
 * (the names its documentation and vfctl use). Another IVSHMEM beside it,
 * such as Scream's 2 MiB audio ring, holds no frames.
 */
static bool looks_lg(const char *path)
{
	unsigned int minor;

	return sscanf(path, "/dev/kvmfr%u", &minor) == 1 || strstr(path, "looking-glass");
}

/* @frames: the memory holds Looking Glass's frames, so its size must fit them. */
static void ck_size(struct vm_ck *c, const char *what, uint64_t bytes, bool frames)
{
	const struct vm_check_report *r = c->r;
	uint64_t need = vm_shm_need_bytes(r->mode.width, r->mode.height, r->hdr);
	uint64_t want = vm_shm_size_mib(r->mode.width, r->mode.height, r->hdr);
	char hint[256];

	if (!vm_shm_is_pow2(bytes)) {
		snprintf(hint, sizeof(hint), "use %" PRIu64 " MiB, the power of two %ux%u%s needs",
			 want, r->mode.width, r->mode.height, r->hdr ? " HDR" : "");
		vm_ck_add(c, "shm-not-pow2", VM_SEV_ERROR, hint,
			  "%s is %" PRIu64
			  " bytes, not a power of two: QEMU aborts on an ivshmem BAR of that size",
			  what, bytes);
	} else if (frames && bytes < need) {
		snprintf(
			hint, sizeof(hint),
			"set %" PRIu64
			" MiB (2 frames of %ux%u%s + 10 MiB, rounded up to a power of two), and the same static_size_mb for kvmfr",
			want, r->mode.width, r->mode.height, r->hdr ? " HDR" : "");
		vm_ck_add(c, "shm-too-small", VM_SEV_ERROR, hint,
			  "%s is %" PRIu64 " MiB but %ux%u%s (%s) needs %" PRIu64
			  " MiB: Looking Glass cuts the bottom of the frame off",
			  what, bytes / MIB, r->mode.width, r->mode.height, r->hdr ? " HDR" : "",
			  r->mode_source, want);
	}
}

static void ck_acl(struct vm_ck *c, const char *dev)
{
	uint8_t *conf;
	size_t len;
	char hint[512];
	int ret = vm_ck_read(c, VM_QEMU_CONF_PATH, &conf, &len, 1 << 20);

	if (ret == -ENOENT) {
		vm_ck_add(
			c, "libvirt-missing", VM_SEV_INFO,
			"install libvirt (apt-get install libvirt-daemon-system), then run vfctl vm check again",
			"%s%s does not exist: libvirt's QEMU driver is not installed here, so its device cgroup cannot be checked",
			strcmp(c->root, "/") ? c->root : "", VM_QEMU_CONF_PATH);
		return;
	}
	if (ret) {
		/* as root, EACCES only comes from a --root prefix it cannot read */
		vm_ck_add(
			c, "qemu-conf-unreadable", VM_SEV_INFO,
			ret == -EACCES && geteuid() ?
				"run vfctl vm check as root (qemu.conf is readable by root only)" :
				"make the file readable, or check cgroup_device_acl by hand",
			"cannot read %s%s to check cgroup_device_acl: %s",
			strcmp(c->root, "/") ? c->root : "", VM_QEMU_CONF_PATH, strerror(-ret));
		return;
	}
	ret = vm_qemu_conf_acl_has((const char *)conf, dev);
	free(conf);
	snprintf(
		hint, sizeof(hint),
		"in %s set cgroup_device_acl = [ \"/dev/null\", \"/dev/full\", \"/dev/zero\", \"/dev/random\", \"/dev/urandom\", \"/dev/ptmx\", \"/dev/kvm\", \"%.64s\" ] and restart libvirtd (or virtqemud)",
		VM_QEMU_CONF_PATH, dev);
	if (ret == -EINVAL)
		vm_ck_add(c, "qemu-conf-unparsable", VM_SEV_WARNING, hint,
			  "cgroup_device_acl in %s cannot be parsed", VM_QEMU_CONF_PATH);
	else if (ret <= 0)
		vm_ck_add(
			c, "kvmfr-not-in-acl", VM_SEV_ERROR, hint,
			"%s is not in cgroup_device_acl of %s%s: QEMU is denied the device and the VM does not start",
			dev, VM_QEMU_CONF_PATH,
			ret == -ENOENT ? " (the setting is commented out)" : "");
}

/*
 * kvmfr's static_size_mb for /dev/kvmfr@minor: what the loaded module has
 * (sysfs, a comma list, one per device), which is also right for a module
 * loaded by hand (modprobe kvmfr static_size_mb=128, as the guide author
 * does); else "options kvmfr static_size_mb=N" in /etc/modprobe.d/kvmfr.conf;
 * 0 if neither.
 */
static uint64_t kvmfr_static_mib(struct vm_ck *c, unsigned int minor)
{
	uint8_t *conf;
	size_t len;
	const char *p;
	uint64_t mib = 0;
	unsigned int i;

	if (!vm_ck_read(c, "/sys/module/kvmfr/parameters/static_size_mb", &conf, &len, 4096)) {
		p = (const char *)conf;
		for (i = 0; i < minor && p; i++) {
			p = strchr(p, ',');
			p = p ? p + 1 : NULL;
		}
		mib = p ? strtoull(p, NULL, 10) : 0;
		free(conf);
		if (mib)
			return mib;
	}
	if (vm_ck_read(c, "/etc/modprobe.d/kvmfr.conf", &conf, &len, 1 << 16))
		return 0;
	for (p = (const char *)conf; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		const char *s = strstr(p, "static_size_mb="), *eol = strchr(p, '\n');

		if (*p != '#' && s && (!eol || s < eol) && !strncmp(p, "options", 7)) {
			mib = strtoull(s + strlen("static_size_mb="), NULL, 10);
			break;
		}
	}
	free(conf);
	return mib;
}

static void ck_backend(struct vm_ck *c, const struct backend *b, bool frames)
{
	struct vm_check_report *r = c->r;
	char what[VAL + 32];
	unsigned int minor;
	uint64_t mib;

	snprintf(what, sizeof(what), "the shared memory %s", b->path[0] ? b->path : b->id);
	if (frames && !r->shm_path) {
		r->shm_bytes = b->size;
		snprintf(r->shm_path_buf, sizeof(r->shm_path_buf), "%s", b->path);
		r->shm_path = r->shm_path_buf;
	}
	if (!b->used)
		vm_ck_add(
			c, "ivshmem-no-device", VM_SEV_ERROR,
			"add -device {'driver':'ivshmem-plain','id':'shmem0','memdev':'looking-glass'} to <qemu:commandline> with memdev equal to the object's id",
			"%s has no ivshmem-plain device using it, so the guest never sees it",
			what);
	if (!b->share)
		vm_ck_add(
			c, "shm-not-shared", VM_SEV_ERROR,
			"add 'share':true (or share=on) to the memory-backend-file",
			"%s is not mapped shared: QEMU's writes stay private and Looking Glass sees no frames",
			what);
	if (!b->size)
		vm_ck_add(c, "shm-size-invalid", VM_SEV_ERROR,
			  "give the memory-backend-file a size, e.g. 'size':33554432 for 32 MiB",
			  "%s has no valid size", what);
	else
		ck_size(c, what, b->size, frames);
	if (sscanf(b->path, "/dev/kvmfr%u", &minor) != 1)
		return;
	ck_acl(c, b->path);
	vm_ck_apparmor(c, b->path);
	mib = kvmfr_static_mib(c, minor);
	if (mib && b->size && mib * MIB != b->size)
		vm_ck_add(
			c, "kvmfr-size-mismatch", VM_SEV_ERROR,
			"make kvmfr's static_size_mb (/etc/modprobe.d/kvmfr.conf, or the modprobe command line) and the memory-backend-file size equal, then reload kvmfr",
			"kvmfr is loaded with static_size_mb=%" PRIu64 " but %s is %" PRIu64
			" MiB: QEMU cannot map more than the device holds",
			mib, what, b->size / MIB);
}

static uint64_t unit_scale(const char *unit)
{
	static const struct {
		const char *u;
		uint64_t s;
	} units[] = {
		{ "b", 1 },
		{ "bytes", 1 },
		{ "K", 1ull << 10 },
		{ "KiB", 1ull << 10 },
		{ "k", 1ull << 10 },
		{ "M", 1ull << 20 },
		{ "MiB", 1ull << 20 },
		{ "G", 1ull << 30 },
		{ "GiB", 1ull << 30 },
		{ "KB", 1000 },
		{ "MB", 1000000 },
		{ "GB", 1000000000 },
	};
	size_t i;

	if (!unit)
		return 1; /* libvirt's default unit for <shmem><size> is bytes */
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (!strcmp(unit, units[i].u))
			return units[i].s;
	return 0;
}

static char *shmem_name(xmlNodePtr s)
{
	return vm_ck_attr(s, "name");
}

/* Is any <shmem> named as Looking Glass's (its file is /dev/shm/NAME)? */
static bool shmem_any_lg(xmlXPathObjectPtr o)
{
	int i, n = o ? o->nodesetval->nodeNr : 0;
	bool any = false;

	for (i = 0; i < n && !any; i++) {
		char *name = shmem_name(o->nodesetval->nodeTab[i]);

		any = name && looks_lg(name);
		free(name);
	}
	return any;
}

/* @any_lg: some IVSHMEM of the domain is named as Looking Glass's */
static void ck_shmem(struct vm_ck *c, xmlXPathObjectPtr o, bool any_lg)
{
	int i, n = o ? o->nodesetval->nodeNr : 0;

	for (i = 0; i < n; i++) {
		xmlNodePtr s = o->nodesetval->nodeTab[i], k;
		char *name = shmem_name(s), *unit = NULL, what[300];
		uint64_t bytes = 0, scale;
		xmlChar *txt = NULL;
		bool frames = !any_lg || (name && looks_lg(name));

		for (k = s->children; k; k = k->next)
			if (k->type == XML_ELEMENT_NODE &&
			    !xmlStrcmp(k->name, (const xmlChar *)"size"))
				break;
		if (k) {
			unit = vm_ck_attr(k, "unit");
			txt = xmlNodeGetContent(k);
		}
		scale = unit_scale(unit);
		if (txt && scale && !vm_qemu_size_parse((const char *)txt, &bytes) &&
		    bytes <= UINT64_MAX / scale)
			bytes *= scale;
		else
			bytes = 0;
		snprintf(what, sizeof(what), "the shared memory /dev/shm/%s", name ? name : "?");
		if (frames && !c->r->shm_path) {
			c->r->shm_bytes = bytes;
			snprintf(c->r->shm_path_buf, sizeof(c->r->shm_path_buf), "/dev/shm/%s",
				 name ? name : "");
			c->r->shm_path = c->r->shm_path_buf;
		}
		if (!bytes)
			vm_ck_add(c, "shm-size-invalid", VM_SEV_ERROR,
				  "give it a size: <size unit='M'>32</size>",
				  "%s has no valid <size>", what);
		else
			ck_size(c, what, bytes, frames);
		xmlFree(txt);
		free(unit);
		free(name);
	}
}

/*
 * The Windows host takes the IVSHMEM device of the lowest PCI address
 * unless [os] shmDevice names another by index (its ivshmem.c sorts the
 * devices by bus address); with Scream's ring beside it that may be the
 * wrong one (gnif/LookingGlass#283: a host on a 2 MiB device).
 */
static void ck_several(struct vm_ck *c, size_t n)
{
	if (n > 1)
		vm_ck_add(
			c, "ivshmem-several", VM_SEV_INFO,
			"if the Looking Glass host reports the other device's size, set shmDevice in the [os] section of looking-glass-host.ini to the index of Looking Glass's device (0 is the lowest PCI address)",
			"the domain has %zu IVSHMEM devices: the Looking Glass host uses the one of the lowest PCI address unless told otherwise",
			n);
}

/*
 * The JSON form of the domain's own backend: its id, device and size (a
 * fixed 32 MiB on /dev/kvmfr0 would shrink a larger domain or name the
 * wrong device when pasted).
 */
static void legacy_fix(struct vm_ck *c, const struct shm_scan *s)
{
	const struct backend *b = s->n ? &s->be[0] : NULL;
	char hint[768];
	size_t i;

	/* Looking Glass's own backend first, else the first one in use */
	for (i = 0; i < s->n; i++)
		if (s->be[i].used && (!b->used || (looks_lg(s->be[i].path) && !looks_lg(b->path))))
			b = &s->be[i];
	if (b && b->size && b->path[0])
		snprintf(
			hint, sizeof(hint),
			"use the JSON form: -object {'qom-type':'memory-backend-file','id':'%.64s','mem-path':'%.128s','size':%" PRIu64
			",'share':true} and -device {'driver':'ivshmem-plain','id':'shmem0','memdev':'%.64s'}",
			b->id[0] ? b->id : "looking-glass", b->path, b->size,
			b->id[0] ? b->id : "looking-glass");
	else
		snprintf(
			hint, sizeof(hint),
			"write each -object/-device value as QEMU's JSON, with the same id, mem-path and size: 'vfctl vm xml' shows the form");
	vm_ck_add(
		c, "ivshmem-legacy-syntax", VM_SEV_WARNING, hint,
		"the IVSHMEM arguments use QEMU's comma syntax: with QEMU >= 6.2 and libvirt >= 7.9 this can abort with 'PCI: slot 1 function 0 not available' (Looking Glass docs)");
}

void vm_ck_shm(struct vm_ck *c)
{
	struct shm_scan *s = calloc(1, sizeof(*s));
	xmlXPathObjectPtr shmem;
	size_t i, used = 0;
	bool any_lg;

	if (!s) {
		c->err = -ENOMEM;
		return;
	}
	scan_cmdline(c, s);
	if (s->malformed)
		vm_ck_add(
			c, "qemu-arg-malformed", VM_SEV_ERROR,
			"write each -object/-device value as QEMU's JSON, e.g. {'driver':'ivshmem-plain','id':'shmem0','memdev':'looking-glass'}",
			"a -object or -device argument in <qemu:commandline> cannot be parsed; QEMU will refuse it too");
	if (s->legacy)
		legacy_fix(c, s);
	shmem = vm_ck_nodes(c, "/domain/devices/shmem");
	any_lg = shmem_any_lg(shmem);
	for (i = 0; i < s->n; i++) {
		any_lg |= s->be[i].used && looks_lg(s->be[i].path);
		used += s->be[i].used;
	}
	for (i = 0; i < s->n; i++)
		ck_backend(c, &s->be[i], !any_lg || looks_lg(s->be[i].path));
	ck_shmem(c, shmem, any_lg);
	ck_several(c, used + (shmem ? (size_t)shmem->nodesetval->nodeNr : 0));
	if (!s->n && !shmem)
		vm_ck_add(
			c, "no-ivshmem", VM_SEV_ERROR,
			"add the IVSHMEM device: vfctl vm xml writes it for kvmfr (--shm kvmfr) or /dev/shm (--shm shm)",
			"the domain has no IVSHMEM shared memory, so Looking Glass has nothing to read frames from");
	xmlXPathFreeObject(shmem);
	free(s);
}
