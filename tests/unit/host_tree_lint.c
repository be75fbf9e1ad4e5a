// SPDX-License-Identifier: MIT
/*
 * The host tree lint, PCI half (see host_tree_lint.h): every PCI function's
 * identity and its kernel format (drivers/pci/pci-sysfs.c), the SR-IOV PF
 * attributes as one group and the virtfn/physfn links (drivers/pci/iov.c),
 * and the IOMMU group links (drivers/iommu/iommu.c).
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host_tree_lint_internal.h"

#define MAX_DEVS 64

/* The PF group of iov.c: all of them exist on a PF, none elsewhere. */
static const char *const pf_attrs[] = {
	"sriov_totalvfs",      "sriov_numvfs",	  "sriov_offset",
	"sriov_stride",	       "sriov_vf_device", "sriov_drivers_autoprobe",
	"sriov_vf_total_msix",
};

#define N_PF_ATTRS (sizeof(pf_attrs) / sizeof(pf_attrs[0]))

int lint_path(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

void lint_fail(struct host_tree_lint *l, const char *rule, const char *path, const char *fmt, ...)
{
	va_list ap;
	int n;

	l->violations++;
	if (l->len + 1 >= l->size)
		return;
	n = lint_path(l->out + l->len, l->size - l->len, "%s: %s: ", rule, path);
	if (n > 0)
		l->len = l->len + (size_t)n < l->size ? l->len + (size_t)n : l->size - 1;
	va_start(ap, fmt);
	n = vsnprintf(l->out + l->len, l->size - l->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		l->len = l->len + (size_t)n < l->size ? l->len + (size_t)n : l->size - 1;
	if (l->len + 1 < l->size) {
		l->out[l->len++] = '\n';
		l->out[l->len] = '\0';
	}
}

static void full(const struct host_tree_lint *l, const char *rel, char *buf, size_t size)
{
	lint_path(buf, size, "%s/%s", l->root, rel);
}

static bool lstat_rel(const struct host_tree_lint *l, const char *rel, struct stat *st)
{
	char p[LINT_PATH * 2];

	full(l, rel, p, sizeof(p));
	return !lstat(p, st);
}

bool lint_exists(const struct host_tree_lint *l, const char *rel)
{
	struct stat st;

	return lstat_rel(l, rel, &st);
}

bool lint_is_dir(const struct host_tree_lint *l, const char *rel)
{
	struct stat st;

	return lstat_rel(l, rel, &st) && S_ISDIR(st.st_mode);
}

bool lint_is_link(const struct host_tree_lint *l, const char *rel)
{
	struct stat st;

	return lstat_rel(l, rel, &st) && S_ISLNK(st.st_mode);
}

bool lint_read(const struct host_tree_lint *l, const char *rel, char *buf, size_t size)
{
	char p[LINT_PATH * 2];
	size_t n;
	FILE *f;

	full(l, rel, p, sizeof(p));
	if (lint_is_link(l, rel))
		return false;
	f = fopen(p, "r");
	if (!f)
		return false;
	n = fread(buf, 1, size - 1, f);
	buf[n] = '\0';
	if (n == size - 1 && fgetc(f) != EOF)
		n = 0; /* too long for what the lint reads */
	fclose(f);
	/* sysfs text has no NUL; an empty file is no attribute's value */
	return n && strlen(buf) == n;
}

bool lint_resolve(const struct host_tree_lint *l, const char *rel, char *out, size_t size)
{
	char p[LINT_PATH * 2], target[LINT_PATH], path[LINT_PATH * 2], *parts[64], *tok, *save;
	unsigned int n = 0, i;
	ssize_t len;
	size_t used = 0;

	full(l, rel, p, sizeof(p));
	len = readlink(p, target, sizeof(target) - 1);
	if (len <= 0 || target[0] == '/')
		return false;
	target[len] = '\0';
	/* the link's directory, then its target, folded lexically as sysfs links are */
	lint_path(path, sizeof(path), "%s", rel);
	*(strrchr(path, '/') ? strrchr(path, '/') : path) = '\0';
	lint_path(path + strlen(path), sizeof(path) - strlen(path), "/%s", target);
	for (tok = strtok_r(path, "/", &save); tok; tok = strtok_r(NULL, "/", &save)) {
		if (!strcmp(tok, "."))
			continue;
		if (!strcmp(tok, "..")) {
			if (!n)
				return false;
			n--;
			continue;
		}
		if (n == 64)
			return false;
		parts[n++] = tok;
	}
	out[0] = '\0';
	for (i = 0; i < n; i++) {
		int w = lint_path(out + used, size - used, "%s%s", i ? "/" : "", parts[i]);

		if (w < 0 || (size_t)w >= size - used)
			return false;
		used += (size_t)w;
	}
	return true;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(a, b);
}

unsigned int lint_list(const struct host_tree_lint *l, const char *rel, char names[][LINT_NAMES],
		       unsigned int max)
{
	char p[LINT_PATH * 2];
	struct dirent *e;
	unsigned int n = 0;
	DIR *d;

	full(l, rel, p, sizeof(p));
	d = opendir(p);
	if (!d)
		return 0;
	while ((e = readdir(d)) && n < max)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			lint_path(names[n++], LINT_NAMES, "%s", e->d_name);
	closedir(d);
	qsort(names, n, LINT_NAMES, by_name);
	return n;
}

bool lint_uint(const char *text, unsigned long *v)
{
	char *end;

	if (text[0] < '0' || text[0] > '9' || (text[0] == '0' && text[1] != '\n'))
		return false;
	errno = 0;
	*v = strtoul(text, &end, 10);
	return !errno && !strcmp(end, "\n");
}

bool lint_int(const char *text, long *v)
{
	unsigned long u;

	if (text[0] == '-') {
		if (!lint_uint(text + 1, &u) || !u)
			return false;
		*v = -(long)u;
		return true;
	}
	if (!lint_uint(text, &u))
		return false;
	*v = (long)u;
	return true;
}

/* "0x" and @digits lowercase hex digits, then "\n" ("0x%04x\n" and kin). */
static bool hex_attr(const char *text, unsigned int digits, unsigned long *v)
{
	unsigned int i;

	if (strncmp(text, "0x", 2) || strlen(text) != digits + 3 || text[digits + 2] != '\n')
		return false;
	for (i = 2; i < digits + 2; i++)
		if (!strchr("0123456789abcdef", text[i]))
			return false;
	*v = strtoul(text + 2, NULL, 16);
	return true;
}

static bool attr(struct host_tree_lint *l, const struct lint_dev *d, const char *name, char *buf,
		 size_t size)
{
	char p[LINT_PATH];

	lint_path(p, sizeof(p), "%s/%s", d->dir, name);
	return lint_read(l, p, buf, size);
}

/* pci-sysfs.c: vendor, device, subsystem_* "0x%04x\n", revision
 * "0x%02x\n", class "0x%06x\n"; driver_override "%s\n", "(null)" unset. */
static void identity(struct host_tree_lint *l, const struct lint_dev *d, unsigned long *vendor,
		     unsigned long *device, unsigned long *class)
{
	static const struct {
		const char *name;
		unsigned int digits;
		bool required;
	} ids[] = {
		{ "vendor", 4, true },
		{ "device", 4, true },
		{ "subsystem_vendor", 4, false },
		{ "subsystem_device", 4, false },
		{ "revision", 2, true },
		{ "class", 6, true },
	};
	char text[128], p[LINT_PATH];
	unsigned long v;
	size_t i;

	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		lint_path(p, sizeof(p), "%s/%s", d->dir, ids[i].name);
		if (!attr(l, d, ids[i].name, text, sizeof(text))) {
			if (ids[i].required)
				lint_fail(l, "pci.identity", p,
					  "missing (every PCI function has it)");
			continue;
		}
		if (!hex_attr(text, ids[i].digits, &v))
			lint_fail(l, "pci.format", p, "\"%.*s\" is not \"0x%%0%ux\\n\"",
				  (int)strcspn(text, "\n"), text, ids[i].digits);
		else if (!strcmp(ids[i].name, "vendor"))
			*vendor = v;
		else if (!strcmp(ids[i].name, "device"))
			*device = v;
		else if (!strcmp(ids[i].name, "class"))
			*class = v;
	}
	lint_path(p, sizeof(p), "%s/driver_override", d->dir);
	if (!attr(l, d, "driver_override", text, sizeof(text)))
		lint_fail(l, "pci.identity", p, "missing (every PCI function has it)");
	else if (strcmp(text, "(null)\n") &&
		 (!text[0] ||
		  text[strspn(text, "abcdefghijklmnopqrstuvwxyz0123456789_-")] != '\n' ||
		  text[strspn(text, "abcdefghijklmnopqrstuvwxyz0123456789_-") + 1]))
		lint_fail(l, "pci.format", p, "\"%.*s\" is neither \"(null)\\n\" nor a driver name",
			  (int)strcspn(text, "\n"), text);
}

static bool pf_value(struct host_tree_lint *l, const struct lint_dev *d, const char *name,
		     unsigned long *v)
{
	char text[64], p[LINT_PATH];
	bool ok;

	lint_path(p, sizeof(p), "%s/%s", d->dir, name);
	if (!attr(l, d, name, text, sizeof(text)))
		return false;
	if (!strcmp(name, "sriov_vf_device")) {
		/* "%x\n": no 0x, unlike the device attribute */
		ok = text[0] && text[strspn(text, "0123456789abcdef")] == '\n' &&
		     !text[strspn(text, "0123456789abcdef") + 1];
		*v = strtoul(text, NULL, 16);
	} else {
		ok = lint_uint(text, v);
	}
	if (!ok)
		lint_fail(l, "sriov.format", p, "\"%.*s\" is not as iov.c prints it",
			  (int)strcspn(text, "\n"), text);
	return ok;
}

/* iov.c: the PF group is all or nothing (sriov_pf_attrs_are_visible). */
static void sriov_group(struct host_tree_lint *l, struct lint_dev *d)
{
	unsigned long autoprobe = 0, msix = 0;
	char missing[256] = "", p[LINT_PATH];
	unsigned int have = 0;
	size_t i;

	for (i = 0; i < N_PF_ATTRS; i++) {
		lint_path(p, sizeof(p), "%s/%s", d->dir, pf_attrs[i]);
		if (lint_exists(l, p))
			have++;
		else
			lint_path(missing + strlen(missing), sizeof(missing) - strlen(missing),
				  " %s", pf_attrs[i]);
	}
	if (!have)
		return;
	if (have < N_PF_ATTRS) {
		lint_fail(l, "sriov.group", d->dir,
			  "has %u of the %zu SR-IOV PF attributes; a PF has all, a device "
			  "without the capability none; missing:%s",
			  have, N_PF_ATTRS, missing);
		return;
	}
	d->pf = pf_value(l, d, "sriov_totalvfs", &d->total) &&
		pf_value(l, d, "sriov_numvfs", &d->num) &&
		pf_value(l, d, "sriov_offset", &d->offset) &&
		pf_value(l, d, "sriov_stride", &d->stride) &&
		pf_value(l, d, "sriov_vf_device", &d->vf_device) &&
		pf_value(l, d, "sriov_drivers_autoprobe", &autoprobe) &&
		pf_value(l, d, "sriov_vf_total_msix", &msix);
	if (!d->pf)
		return;
	if (autoprobe > 1)
		lint_fail(l, "sriov.format", d->dir, "sriov_drivers_autoprobe is %lu, not 0 or 1",
			  autoprobe);
	if (d->num > d->total)
		lint_fail(l, "sriov.values", d->dir, "sriov_numvfs %lu > sriov_totalvfs %lu",
			  d->num, d->total);
	/* an Intel iGPU's VFs carry the PF's own device ID: VF 00:02.6 of a
	 * Meteor Lake probes as 7d55 like its PF (i915-sriov-dkms#210) */
	if (d->vendor == 0x8086 && (d->class >> 16) == 0x03 && d->vf_device != d->device)
		lint_fail(l, "sriov.values", d->dir,
			  "sriov_vf_device %lx, but an Intel iGPU's VFs have the PF's ID %04lx",
			  d->vf_device, d->device);
	if (!d->offset || (d->total > 1 && !d->stride))
		lint_fail(l, "sriov.values", d->dir,
			  "offset %lu, stride %lu: sriov_init() refuses such a capability",
			  d->offset, d->stride);
}

static struct lint_dev *find(struct lint_dev *devs, unsigned int n, const char *dir)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (!strcmp(devs[i].dir, dir))
			return &devs[i];
	return NULL;
}

/* iov.c: virtfn<i> on the PF for each of sriov_numvfs VFs, each at
 * devfn + offset + i * stride, and physfn back on each VF. */
static void virtfns(struct host_tree_lint *l, struct lint_dev *devs, unsigned int n,
		    struct lint_dev *d)
{
	char names[LINT_NAMES * 2][LINT_NAMES], p[LINT_PATH], to[LINT_PATH], back[LINT_PATH];
	unsigned int count = 0, i, k = lint_list(l, d->dir, names, LINT_NAMES * 2);

	for (i = 0; i < k; i++) {
		unsigned long idx, want;
		struct lint_dev *vf;
		char *end;

		if (strncmp(names[i], "virtfn", 6))
			continue;
		count++;
		lint_path(p, sizeof(p), "%s/%s", d->dir, names[i]);
		if (!d->pf) {
			lint_fail(l, "sriov.virtfn", p, "a virtfn link on a device that is no PF");
			continue;
		}
		idx = strtoul(names[i] + 6, &end, 10);
		if (*end || idx >= d->num) {
			lint_fail(l, "sriov.virtfn", p,
				  "not one of virtfn0..virtfn%lu (sriov_numvfs %lu)",
				  d->num ? d->num - 1 : 0, d->num);
			continue;
		}
		if (!lint_resolve(l, p, to, sizeof(to)) || !(vf = find(devs, n, to))) {
			lint_fail(l, "sriov.virtfn", p,
				  "does not lead to a PCI function of the tree");
			continue;
		}
		want = ((unsigned long)d->bus << 8) + d->devfn + d->offset + idx * d->stride;
		if (vf->dom != d->dom || ((unsigned long)vf->bus << 8) + vf->devfn != want)
			lint_fail(l, "sriov.virtfn", p,
				  "leads to %s, but offset %lu and stride %lu place VF %lu at "
				  "%02lx:%02lx.%lx",
				  vf->bdf, d->offset, d->stride, idx, want >> 8, (want >> 3) & 0x1f,
				  want & 7);
		lint_path(back, sizeof(back), "%s/physfn", vf->dir);
		if (!lint_resolve(l, back, to, sizeof(to)) || strcmp(to, d->dir))
			lint_fail(l, "vf.physfn", back, "missing or not leading to %s", d->bdf);
	}
	if (d->pf && count != d->num)
		lint_fail(l, "sriov.virtfn", d->dir, "%u virtfn links, sriov_numvfs %lu", count,
			  d->num);
}

static bool listed(struct host_tree_lint *l, const struct lint_dev *pf, const struct lint_dev *vf)
{
	char p[LINT_PATH], to[LINT_PATH];
	unsigned long i;

	for (i = 0; i < pf->num; i++) {
		lint_path(p, sizeof(p), "%s/virtfn%lu", pf->dir, i);
		if (lint_resolve(l, p, to, sizeof(to)) && !strcmp(to, vf->dir))
			return true;
	}
	return false;
}

/* A VF: physfn to a PF that lists it, no PF attributes, the PF's vendor
 * and the PF's sriov_vf_device as its device (pci_iov_scan_device). */
static void vf(struct host_tree_lint *l, struct lint_dev *devs, unsigned int n,
	       const struct lint_dev *d, unsigned long vendor, unsigned long device)
{
	char p[LINT_PATH], to[LINT_PATH], text[32];
	unsigned long pf_vendor;
	struct lint_dev *pf;

	lint_path(p, sizeof(p), "%s/physfn", d->dir);
	if (!lint_exists(l, p))
		return;
	if (!lint_resolve(l, p, to, sizeof(to)) || !(pf = find(devs, n, to)) || !pf->pf) {
		lint_fail(l, "vf.physfn", p, "does not lead to an SR-IOV PF of the tree");
		return;
	}
	if (d->pf)
		lint_fail(l, "vf.no-sriov", d->dir, "a VF with the PF's sriov_* attributes");
	if (!listed(l, pf, d))
		lint_fail(l, "vf.physfn", d->dir,
			  "its PF %s has no virtfn link to it (a VF outlives "
			  "none of its links)",
			  pf->bdf);
	if (device != pf->vf_device)
		lint_fail(l, "vf.ids", d->dir, "device 0x%04lx, its PF's sriov_vf_device %lx",
			  device, pf->vf_device);
	lint_path(p, sizeof(p), "%s/vendor", pf->dir);
	if (lint_read(l, p, text, sizeof(text)) && (pf_vendor = strtoul(text, NULL, 16)) != vendor)
		lint_fail(l, "vf.ids", d->dir, "vendor 0x%04lx, its PF's 0x%04lx", vendor,
			  pf_vendor);
}

/* iommu.c: with an IOMMU every function has iommu_group ->
 * kernel/iommu_groups/N, listed in N/devices; without one, no group. */
static void iommu(struct host_tree_lint *l, struct lint_dev *devs, unsigned int n)
{
	char units[8][LINT_NAMES], groups[LINT_NAMES][LINT_NAMES], members[16][LINT_NAMES];
	char p[LINT_PATH], to[LINT_PATH], back[LINT_PATH];
	unsigned int nu = lint_list(l, "sys/class/iommu", units, 8), ng, i, j;

	for (i = 0; i < nu; i++)
		if (!strncmp(units[i], "dmar", 4) &&
		    !lint_exists(l, "sys/firmware/acpi/tables/DMAR"))
			lint_fail(l, "iommu.dmar", "sys/class/iommu",
				  "%s (Intel VT-d) without the ACPI DMAR table it is built from",
				  units[i]);
	for (i = 0; i < n; i++) {
		const struct lint_dev *d = &devs[i];
		unsigned long g;
		char *end;

		lint_path(p, sizeof(p), "%s/iommu_group", d->dir);
		if (!lint_exists(l, p)) {
			if (nu)
				lint_fail(l, "iommu.group", d->dir,
					  "no iommu_group link, but the IOMMU is on (%s)",
					  units[0]);
			continue;
		}
		if (!nu) {
			lint_fail(l, "iommu.off", p,
				  "an IOMMU group, but /sys/class/iommu is empty");
			continue;
		}
		if (!lint_resolve(l, p, to, sizeof(to)) ||
		    strncmp(to, "sys/kernel/iommu_groups/", 24) ||
		    (g = strtoul(to + 24, &end, 10), *end || end == to + 24) ||
		    !lint_is_dir(l, to)) {
			lint_fail(l, "iommu.group", p, "does not lead to a kernel/iommu_groups/N");
			continue;
		}
		lint_path(back, sizeof(back), "%s/devices/%s", to, d->bdf);
		if (!lint_resolve(l, back, to, sizeof(to)) || strcmp(to, d->dir))
			lint_fail(l, "iommu.group", back, "missing: group %lu does not list %s", g,
				  d->bdf);
	}
	ng = lint_list(l, "sys/kernel/iommu_groups", groups, LINT_NAMES);
	if (ng && !nu)
		lint_fail(l, "iommu.off", "sys/kernel/iommu_groups",
			  "%u groups, but /sys/class/iommu is empty", ng);
	for (i = 0; i < ng; i++) {
		unsigned int nm;

		lint_path(p, sizeof(p), "sys/kernel/iommu_groups/%.63s/devices", groups[i]);
		nm = lint_list(l, p, members, 16);
		for (j = 0; j < nm; j++) {
			char link[LINT_PATH + LINT_NAMES], own[LINT_PATH];
			const struct lint_dev *d;

			lint_path(link, sizeof(link), "%.500s/%.63s", p, members[j]);
			if (!lint_resolve(l, link, to, sizeof(to)) || !(d = find(devs, n, to))) {
				lint_fail(l, "iommu.group", link, "not a PCI function of the tree");
				continue;
			}
			lint_path(own, sizeof(own), "%s/iommu_group", d->dir);
			if (!lint_resolve(l, own, to, sizeof(to)) ||
			    strcmp(to + (strncmp(to, "sys/kernel/iommu_groups/", 24) ? 0 : 24),
				   groups[i]))
				lint_fail(l, "iommu.group", link, "%s's iommu_group is not %s",
					  d->bdf, groups[i]);
		}
	}
}

static bool parse_bdf(const char *name, struct lint_dev *d)
{
	unsigned int slot, fn;
	char end;

	if (strlen(name) != 12 ||
	    sscanf(name, "%4x:%2x:%2x.%1x%c", &d->dom, &d->bus, &slot, &fn, &end) != 4 ||
	    slot > 31 || fn > 7)
		return false;
	d->devfn = slot << 3 | fn;
	lint_path(d->bdf, sizeof(d->bdf), "%s", name);
	return true;
}

/* Functions under sys/devices/pci*, each with its sys/bus/pci/devices link. */
static unsigned int devices(struct host_tree_lint *l, struct lint_dev *devs)
{
	char roots[8][LINT_NAMES], names[MAX_DEVS][LINT_NAMES], p[LINT_PATH], to[LINT_PATH];
	unsigned int nr = lint_list(l, "sys/devices", roots, 8), n = 0, i, j, k;

	for (i = 0; i < nr; i++) {
		if (strncmp(roots[i], "pci", 3))
			continue;
		lint_path(p, sizeof(p), "sys/devices/%s", roots[i]);
		k = lint_list(l, p, names, MAX_DEVS);
		for (j = 0; j < k && n < MAX_DEVS; j++) {
			struct lint_dev *d = &devs[n];

			memset(d, 0, sizeof(*d));
			if (!parse_bdf(names[j], d))
				continue;
			lint_path(d->dir, sizeof(d->dir), "sys/devices/%s/%s", roots[i], names[j]);
			if (!lint_is_dir(l, d->dir))
				continue;
			n++;
		}
	}
	k = lint_list(l, "sys/bus/pci/devices", names, MAX_DEVS);
	for (j = 0; j < k; j++) {
		struct lint_dev *d;

		lint_path(p, sizeof(p), "sys/bus/pci/devices/%s", names[j]);
		if (!lint_resolve(l, p, to, sizeof(to)) || !(d = find(devs, n, to)) ||
		    strcmp(d->bdf, names[j]))
			lint_fail(l, "pci.bus-link", p,
				  "does not lead to the function's directory");
	}
	for (i = 0; i < n; i++) {
		lint_path(p, sizeof(p), "sys/bus/pci/devices/%s", devs[i].bdf);
		if (!lint_is_link(l, p))
			lint_fail(l, "pci.bus-link", devs[i].dir, "no %s link", p);
	}
	return n;
}

unsigned int host_tree_lint(const char *root, char *out, size_t size)
{
	struct host_tree_lint l = { .root = root, .out = out, .size = size };
	static struct lint_dev devs[MAX_DEVS];
	unsigned int n, i;

	if (size)
		out[0] = '\0';
	n = devices(&l, devs);
	for (i = 0; i < n; i++) {
		identity(&l, &devs[i], &devs[i].vendor, &devs[i].device, &devs[i].class);
		sriov_group(&l, &devs[i]);
		lint_driver(&l, &devs[i]);
	}
	for (i = 0; i < n; i++) {
		virtfns(&l, devs, n, &devs[i]);
		vf(&l, devs, n, &devs[i], devs[i].vendor, devs[i].device);
		if (devs[i].pf)
			lint_pf_driver(&l, &devs[i]);
	}
	iommu(&l, devs, n);
	lint_modules(&l);
	lint_cmdline(&l);
	lint_vfio_users(&l);
	return l.violations;
}
