// SPDX-License-Identifier: MIT
/*
 * The sysfs store model (see host_sysfs_model.h). The order of the checks
 * in numvfs() is the PCI core's (drivers/pci/iov.c sriov_numvfs_store).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host/host_fs.h"
#include "host/host_pci.h"
#include "fixture_tree.h"
#include "host_sysfs_model.h"

static void put(const char *root, const char *path, const char *text)
{
	char p[HOST_PATH_MAX];
	FILE *f;

	host_path(root, path, p, sizeof(p));
	f = fopen(p, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static void link_(const char *root, const char *path, const char *target)
{
	char p[HOST_PATH_MAX];

	host_path(root, path, p, sizeof(p));
	unlink(p);
	if (symlink(target, p))
		perror("model: symlink");
}

static void unlink_(const char *root, const char *path)
{
	char p[HOST_PATH_MAX];

	host_path(root, path, p, sizeof(p));
	unlink(p);
}

/* A PF attribute's first line, "" when absent. */
static void pf_attr(const char *root, const char *pf, const char *name, char *buf, size_t size)
{
	char p[128];

	host_pci_attr_path(pf, name, p, sizeof(p));
	if (host_read_line(root, p, buf, size))
		buf[0] = '\0';
}

/* The next free IOMMU group number, as iommu.c allocates them. */
static int next_group(const char *root)
{
	char p[HOST_PATH_MAX];
	struct dirent *e;
	int next = 0;
	DIR *d;

	host_path(root, "/sys/kernel/iommu_groups", p, sizeof(p));
	d = opendir(p);
	while (d && (e = readdir(d)))
		if (e->d_name[0] >= '0' && e->d_name[0] <= '9' && atoi(e->d_name) >= next)
			next = atoi(e->d_name) + 1;
	if (d)
		closedir(d);
	return next;
}

static bool iommu_on(const char *root)
{
	char p[HOST_PATH_MAX];
	struct dirent *e;
	bool on = false;
	DIR *d;

	host_path(root, "/sys/class/iommu", p, sizeof(p));
	d = opendir(p);
	while (d && !on && (e = readdir(d)))
		on = e->d_name[0] != '.';
	if (d)
		closedir(d);
	return on;
}

static void rmtree(const char *root, const char *path)
{
	char p[HOST_PATH_MAX];

	host_path(root, path, p, sizeof(p));
	if (fixture_remove(p))
		fprintf(stderr, "model: removing %s failed\n", p);
}

/* @dir/@name holds @prefix@value and a newline, as sysfs shows it. */
static void attr_line(const char *root, const char *dir, const char *name, const char *prefix,
		      const char *value)
{
	char t[256], line[64];

	snprintf(t, sizeof(t), "%s/%s", dir, name);
	snprintf(line, sizeof(line), "%s%s\n", prefix, value);
	put(root, t, line);
}

/*
 * The PF's VFs as the PCI core adds them (iov.c pci_iov_add_virtfn): a
 * directory with the PF's vendor, sriov_vf_device as device, the class and
 * revision of VF0's config space (an iGPU's are the PF's), an unset
 * driver_override, physfn and virtfn links, the bus link, an IOMMU group
 * of its own when the IOMMU is on (iommu.c), then the probe: the PF's
 * driver binds VFs only with sriov_drivers_autoprobe 1.
 */
static void make_vfs(const char *root, const char *pf, unsigned int n)
{
	char p[128], t[256], dir[HOST_PATH_MAX], vendor[16], device[16], class[16], rev[16],
		probe[8], drv[64];
	bool iommu = iommu_on(root);
	unsigned int i;

	pf_attr(root, pf, "vendor", vendor, sizeof(vendor));
	pf_attr(root, pf, "sriov_vf_device", device, sizeof(device));
	pf_attr(root, pf, "class", class, sizeof(class));
	pf_attr(root, pf, "revision", rev, sizeof(rev));
	pf_attr(root, pf, "sriov_drivers_autoprobe", probe, sizeof(probe));
	if (host_pci_driver(root, pf, drv, sizeof(drv)))
		drv[0] = '\0';
	for (i = 1; i <= n; i++) {
		snprintf(p, sizeof(p), "/sys/devices/pci0000:00/%.10s.%u", pf, i);
		host_path(root, p, dir, sizeof(dir));
		mkdir(dir, 0755);
		attr_line(root, p, "vendor", "", vendor);
		attr_line(root, p, "device", "0x", device);
		attr_line(root, p, "class", "", class);
		attr_line(root, p, "revision", "", rev);
		snprintf(t, sizeof(t), "%s/driver_override", p);
		put(root, t, "(null)\n");
		snprintf(t, sizeof(t), "%s/physfn", p);
		snprintf(dir, sizeof(dir), "../%s", pf);
		link_(root, t, dir);
		snprintf(t, sizeof(t), "/sys/bus/pci/devices/%.10s.%u", pf, i);
		snprintf(dir, sizeof(dir), "../../../devices/pci0000:00/%.10s.%u", pf, i);
		link_(root, t, dir);
		snprintf(t, sizeof(t), "/sys/bus/pci/devices/%s/virtfn%u", pf, i - 1);
		snprintf(dir, sizeof(dir), "../%.10s.%u", pf, i);
		link_(root, t, dir);
		if (iommu) {
			int g = next_group(root);
			char gdir[HOST_PATH_MAX], gp[96];

			snprintf(gp, sizeof(gp), "/sys/kernel/iommu_groups/%d/devices", g);
			host_path(root, gp, gdir, sizeof(gdir));
			*strrchr(gdir, '/') = '\0';
			mkdir(gdir, 0755);
			host_path(root, gp, gdir, sizeof(gdir));
			mkdir(gdir, 0755);
			snprintf(t, sizeof(t), "%s/%.10s.%u", gp, pf, i);
			snprintf(dir, sizeof(dir), "../../../../devices/pci0000:00/%.10s.%u", pf,
				 i);
			link_(root, t, dir);
			snprintf(t, sizeof(t), "%s/iommu_group", p);
			snprintf(dir, sizeof(dir), "../../../kernel/iommu_groups/%d", g);
			link_(root, t, dir);
		}
		/* VFs autoprobe to the PF's driver, as i915 VFs do on the host. */
		if (strcmp(probe, "0") && drv[0]) {
			snprintf(t, sizeof(t), "%s/driver", p);
			snprintf(dir, sizeof(dir), "../../../bus/pci/drivers/%s", drv);
			link_(root, t, dir);
		}
	}
}

/* pci_iov_remove_virtfn: the links, the VF's directory, its IOMMU group. */
static void remove_vfs(const char *root, const char *pf, unsigned int n)
{
	char t[256], g[64];
	unsigned int i;

	for (i = 1; i <= n; i++) {
		snprintf(t, sizeof(t), "/sys/devices/pci0000:00/%.10s.%u/iommu_group", pf, i);
		if (!host_link_name(root, t, g, sizeof(g))) {
			snprintf(t, sizeof(t), "/sys/kernel/iommu_groups/%.20s", g);
			rmtree(root, t);
		}
		snprintf(t, sizeof(t), "/sys/bus/pci/devices/%s/virtfn%u", pf, i - 1);
		unlink_(root, t);
		snprintf(t, sizeof(t), "/sys/bus/pci/devices/%.10s.%u", pf, i);
		unlink_(root, t);
		snprintf(t, sizeof(t), "/sys/devices/pci0000:00/%.10s.%u", pf, i);
		rmtree(root, t);
	}
}

static int numvfs(struct host_sysfs_model *m, const char *path, const char *text)
{
	char pf[16], attr[128], drv[64], *end;
	uint64_t total = 0, cur = 0;
	unsigned long n;
	const char *s = strstr(path, "/devices/");

	if (!s)
		return -ENOENT;
	snprintf(pf, sizeof(pf), "%.12s", s + 9);
	n = strtoul(text, &end, 0);
	if (end == text || (*end && *end != '\n') || n > 0xffff)
		return -EINVAL;
	host_pci_attr_path(pf, "sriov_totalvfs", attr, sizeof(attr));
	host_read_u64(m->root, attr, &total);
	host_pci_attr_path(pf, "sriov_numvfs", attr, sizeof(attr));
	host_read_u64(m->root, attr, &cur);
	if (n > total)
		return -ERANGE;
	if (n == cur)
		return 0;
	if (host_pci_driver(m->root, pf, drv, sizeof(drv)) || !drv[0])
		return -ENOENT;
	/* Only the DKMS i915 has sriov_configure; stock i915, vfio-pci as PF do not here. */
	if (strcmp(drv, "i915") || !host_exists(m->root, "/sys/module/i915/parameters/max_vfs"))
		return -ENOENT;
	if (!n) {
		if (m->disable_err)
			return m->disable_err;
		remove_vfs(m->root, pf, (unsigned int)cur);
		put(m->root, attr, "0\n");
		return 0;
	}
	if (cur)
		return -EBUSY;
	if (m->enable_err)
		return m->enable_err;
	make_vfs(m->root, pf, (unsigned int)n);
	snprintf(drv, sizeof(drv), "%lu\n", n);
	put(m->root, attr, drv);
	return 0;
}

/* drivers_probe: driver_override wins, else the VF's own driver (i915). */
static int probe(struct host_sysfs_model *m, const char *text)
{
	char bdf[16], p[128], ovr[64] = "", dev[128];
	const char *drv;

	snprintf(bdf, sizeof(bdf), "%.12s", text);
	host_pci_attr_path(bdf, "", dev, sizeof(dev));
	if (!host_exists(m->root, dev))
		return -ENODEV;
	host_pci_attr_path(bdf, "driver", p, sizeof(p));
	if (host_exists(m->root, p))
		return 0;
	host_pci_attr_path(bdf, "driver_override", p, sizeof(p));
	host_read_line(m->root, p, ovr, sizeof(ovr));
	drv = ovr[0] && strcmp(ovr, "(null)") ? ovr : "i915";
	snprintf(dev, sizeof(dev), "../../../bus/pci/drivers/%s", drv);
	host_pci_attr_path(bdf, "driver", p, sizeof(p));
	link_(m->root, p, dev);
	return 0;
}

static int model_write(void *priv, const char *root, const char *path, const char *text)
{
	struct host_sysfs_model *m = priv;
	size_t len = strlen(m->log);
	char p[128];
	int ret = 0;

	(void)root;
	m->writes++;
	snprintf(m->log + len, sizeof(m->log) - len, "%s=%s%s", path, text,
		 text[0] && text[strlen(text) - 1] == '\n' ? "" : "\n");
	if (m->fail_at && (m->writes == m->fail_at || (m->fail_rest && m->writes > m->fail_at)))
		return m->fail_err;
	if (strstr(path, "/sriov_numvfs"))
		return numvfs(m, path, text);
	if (strstr(path, "/driver_override")) {
		/* driver_set_override: one trailing newline dropped, empty clears;
		 * shown as "%s\n", "(null)" when unset */
		char v[80];
		size_t vlen = strcspn(text, "\n");

		snprintf(v, sizeof(v), "%.*s\n", (int)vlen, text);
		put(root, path, vlen ? v : "(null)\n");
		return 0;
	}
	if (!strcmp(path, "/sys/bus/pci/drivers_probe"))
		return probe(m, text);
	if (strstr(path, "/unbind")) {
		char bdf[16];

		snprintf(bdf, sizeof(bdf), "%.12s", text);
		host_pci_attr_path(bdf, "driver", p, sizeof(p));
		if (!host_exists(root, p))
			return -ENODEV;
		unlink_(root, p);
		return 0;
	}
	return ret ? ret : host_write(root, path, text);
}

struct host_io host_sysfs_model_io(struct host_sysfs_model *m)
{
	return (struct host_io){ .write = model_write, .priv = m };
}
