// SPDX-License-Identifier: MIT
/*
 * PCI through libpci under a root prefix (see host_pci.h).
 */
#include <errno.h>
#include <pci/pci.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/host_fs.h"
#include "host/host_pci.h"

/*
 * libpci reports fatal errors through a callback that must not return
 * (by default it exits the process). The library must never exit its
 * caller, so the callback jumps back into host_pci_ident().
 */
static __thread sigjmp_buf *pci_jump;

static void __attribute__((noreturn, format(printf, 1, 2))) pci_fatal(char *msg, ...)
{
	(void)msg;
	siglongjmp(*pci_jump, 1);
}

static void __attribute__((format(printf, 1, 2))) pci_quiet(char *msg, ...)
{
	(void)msg;
}

bool host_pci_bdf_valid(const char *bdf)
{
	unsigned int d, b, s, f;
	char end;

	return bdf && strlen(bdf) == 12 &&
	       sscanf(bdf, "%4x:%2x:%2x.%1x%c", &d, &b, &s, &f, &end) == 4 && s < 32 && f < 8;
}

int host_pci_attr_path(const char *bdf, const char *attr, char *buf, size_t size)
{
	int n = snprintf(buf, size, "/sys/bus/pci/devices/%s%s%s", bdf, *attr ? "/" : "", attr);

	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

static void lookup(struct pci_access *a, struct host_pci_ident *id)
{
	char cls[128], dev[256];
	int flags = PCI_LOOKUP_NO_HWDB;

	/* lspci: "<class>: <vendor> <device> (rev NN)" */
	pci_lookup_name(a, cls, sizeof(cls), PCI_LOOKUP_CLASS | flags, id->class >> 8);
	pci_lookup_name(a, dev, sizeof(dev), PCI_LOOKUP_VENDOR | PCI_LOOKUP_DEVICE | flags,
			id->vendor, id->device);
	snprintf(id->name, sizeof(id->name), "%s: %s (rev %02x)", cls, dev, id->rev);
}

int host_pci_ident(const char *root, const char *bdf, struct host_pci_ident *id)
{
	char sysfs[HOST_PATH_MAX], ids[HOST_PATH_MAX], dir[128];
	unsigned int dom, bus, slot, func;
	struct pci_access *volatile a = NULL;
	struct pci_dev *volatile d = NULL;
	sigjmp_buf jump, *volatile prev = pci_jump;
	int ret;

	if (!host_pci_bdf_valid(bdf))
		return -EINVAL;
	sscanf(bdf, "%x:%x:%x.%x", &dom, &bus, &slot, &func);
	ret = host_pci_attr_path(bdf, "", dir, sizeof(dir));
	if (ret)
		return ret;
	if (!host_exists(root, dir))
		return -ENOENT;
	ret = host_path(root, "/sys/bus/pci", sysfs, sizeof(sysfs));
	if (!ret)
		ret = host_path(root, "/usr/share/misc/pci.ids", ids, sizeof(ids));
	if (ret)
		return ret;

	memset(id, 0, sizeof(*id));
	pci_jump = &jump;
	if (sigsetjmp(jump, 0)) {
		ret = -EIO;
		goto out;
	}
	a = pci_alloc();
	a->error = pci_fatal;
	a->warning = pci_quiet;
	a->debug = pci_quiet;
	a->method = PCI_ACCESS_SYS_BUS_PCI;
	pci_set_param(a, "sysfs.path", sysfs);
	/* No host database behind a fixture's back: numbers then. */
	if (host_exists(root, "/usr/share/misc/pci.ids"))
		pci_set_name_list_path(a, ids, 0);
	else
		a->numeric_ids = 1;
	pci_init(a);
	d = pci_get_dev(a, (int)dom, (int)bus, (int)slot, (int)func);
	pci_fill_info(d, PCI_FILL_IDENT | PCI_FILL_CLASS | PCI_FILL_CLASS_EXT);
	id->vendor = d->vendor_id;
	id->device = d->device_id;
	id->class = ((uint32_t)d->device_class << 8) | d->prog_if;
	id->rev = d->rev_id;
	lookup(a, id);
	ret = 0;
out:
	if (d)
		pci_free_dev(d);
	if (a)
		pci_cleanup(a);
	pci_jump = prev;
	return ret;
}

int host_pci_driver(const char *root, const char *bdf, char *buf, size_t size)
{
	char p[128];
	int ret;

	ret = host_pci_attr_path(bdf, "", p, sizeof(p));
	if (ret)
		return ret;
	if (!host_exists(root, p))
		return -ENOENT;
	host_pci_attr_path(bdf, "driver", p, sizeof(p));
	ret = host_link_name(root, p, buf, size);
	if (ret == -ENOENT) {
		buf[0] = '\0';
		return 0;
	}
	return ret;
}

int host_pci_iommu_group(const char *root, const char *bdf)
{
	char p[128], name[64], *end;
	long g;
	int ret;

	host_pci_attr_path(bdf, "iommu_group", p, sizeof(p));
	ret = host_link_name(root, p, name, sizeof(name));
	if (ret)
		return ret == -EINVAL ? -ENOENT : ret;
	g = strtol(name, &end, 10);
	if (*end || g < 0 || end == name)
		return -ENOENT;
	return (int)g;
}

int host_pci_virtfn(const char *root, const char *pf, unsigned int vf, char *buf, size_t size)
{
	char attr[32], p[128];

	if (!vf)
		return -EINVAL;
	snprintf(attr, sizeof(attr), "virtfn%u", vf - 1);
	host_pci_attr_path(pf, attr, p, sizeof(p));
	return host_link_name(root, p, buf, size);
}
