// SPDX-License-Identifier: MIT
/*
 * SR-IOV status, enable and disable of the PF's VFs (see host_vfs.h).
 *
 * The PCI core's sriov_numvfs store refuses a change from M to N when both
 * are non-zero (-EBUSY), and i915 refuses to disable VFs a guest holds
 * (-EPERM); both are checked here first so the user gets a plan, not an
 * errno.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/host_fs.h"
#include "host/host_pci.h"
#include "host/host_vfs.h"
#include "host/host_vfs_internal.h"

__attribute__((format(printf, 4, 5))) static int fail(struct host_err *e, enum host_err_kind kind,
						      int err, const char *fmt, ...)
{
	va_list ap;

	e->kind = kind;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return err;
}

/* Does a /proc/<pid>/fd link point at @a or @b? */
static pid_t scan_proc(const char *root, const char *a, const char *b, char *comm, size_t size)
{
	char p[HOST_PATH_MAX], fdp[128], target[256];
	struct dirent *pe, *fe;
	pid_t found = 0;
	DIR *pd, *fd;

	host_path(root, "/proc", p, sizeof(p));
	pd = opendir(p);
	while (pd && !found && (pe = readdir(pd))) {
		if (pe->d_name[0] < '1' || pe->d_name[0] > '9')
			continue;
		snprintf(fdp, sizeof(fdp), "/proc/%.20s/fd", pe->d_name);
		host_path(root, fdp, p, sizeof(p));
		fd = opendir(p);
		while (fd && !found && (fe = readdir(fd))) {
			char link[200];

			if (fe->d_name[0] == '.')
				continue;
			snprintf(link, sizeof(link), "%s/%.20s", fdp, fe->d_name);
			if (host_link_target(root, link, target, sizeof(target)))
				continue;
			if (!strcmp(target, a) || (b && !strcmp(target, b)))
				found = (pid_t)atoi(pe->d_name);
		}
		if (fd)
			closedir(fd);
	}
	if (pd)
		closedir(pd);
	if (found && comm) {
		snprintf(fdp, sizeof(fdp), "/proc/%d/comm", (int)found);
		if (host_read_line(root, fdp, comm, size))
			snprintf(comm, size, "?");
	}
	return found;
}

pid_t host_vfio_user(const char *root, const char *bdf, char *comm, size_t size)
{
	char grp[64], cdev[64] = "", p[128], name[32];
	int g = host_pci_iommu_group(root, bdf);
	DIR *d;
	struct dirent *e;
	char dir[HOST_PATH_MAX];

	if (g < 0)
		return 0;
	snprintf(grp, sizeof(grp), "/dev/vfio/%d", g);
	/* iommufd-era kernels also give the device a cdev, vfio-dev/vfioN. */
	host_pci_attr_path(bdf, "vfio-dev", p, sizeof(p));
	host_path(root, p, dir, sizeof(dir));
	d = opendir(dir);
	while (d && (e = readdir(d)))
		if (!strncmp(e->d_name, "vfio", 4)) {
			snprintf(name, sizeof(name), "%.24s", e->d_name);
			snprintf(cdev, sizeof(cdev), "/dev/vfio/devices/%s", name);
		}
	if (d)
		closedir(d);
	return scan_proc(root, grp, cdev[0] ? cdev : NULL, comm, size);
}

int host_vfs_status(const char *root, const char *pf, struct host_vfs_status *st)
{
	char p[128];
	uint64_t v;
	unsigned int i;
	int ret;

	memset(st, 0, sizeof(*st));
	ret = host_pci_driver(root, pf, st->pf_driver, sizeof(st->pf_driver));
	if (ret)
		return ret;
	host_pci_attr_path(pf, "sriov_totalvfs", p, sizeof(p));
	if (!host_read_u64(root, p, &v)) {
		st->sriov = true;
		st->total = v > HOST_IGPU_MAX_VFS ? HOST_IGPU_MAX_VFS : (unsigned int)v;
	}
	host_pci_attr_path(pf, "sriov_numvfs", p, sizeof(p));
	if (!host_read_u64(root, p, &v))
		st->num = (unsigned int)v;
	st->dkms = host_exists(root, "/sys/module/i915/parameters/max_vfs");
	for (i = 1; i <= HOST_IGPU_MAX_VFS; i++) {
		struct host_vf *vf = &st->vf[st->nvf];
		struct host_binding b;

		if (host_pci_virtfn(root, pf, i, vf->bdf, sizeof(vf->bdf)))
			continue;
		vf->n = i;
		host_binding_read(root, vf->bdf, &b);
		memcpy(vf->driver, b.driver, sizeof(vf->driver));
		memcpy(vf->override, b.override, sizeof(vf->override));
		/* no IOMMU (or no group): -1, as struct host_vf says, never the errno */
		vf->group = host_pci_iommu_group(root, vf->bdf);
		if (vf->group < 0)
			vf->group = -1;
		if (!strcmp(vf->driver, "vfio-pci"))
			vf->user =
				host_vfio_user(root, vf->bdf, vf->user_comm, sizeof(vf->user_comm));
		st->nvf++;
	}
	st->persisted = host_vfs_persisted(root, pf, st->persist_src, sizeof(st->persist_src),
					   &st->persist_conflict);
	return 0;
}

/* The PF must be able to take the write at all: driver and SR-IOV. */
static int precheck(const char *root, const char *pf, struct host_vfs_status *st,
		    struct host_err *e)
{
	int ret = host_vfs_status(root, pf, st);

	if (ret == -ENOENT)
		return fail(e, HOST_ERR_ENV, -ENODEV, "There is no PCI device %s.", pf);
	if (ret)
		return fail(e, HOST_ERR_ENV, ret, "The PF %s could not be read: %s.", pf,
			    strerror(-ret));
	if (!st->sriov) {
		snprintf(e->hint, sizeof(e->hint), "BIOS: set SR-IOV = Enabled and VT-d = Enabled");
		return fail(e, HOST_ERR_ENV, -ENODEV, "The PF %s has no SR-IOV capability.", pf);
	}
	if (!st->pf_driver[0]) {
		snprintf(e->hint, sizeof(e->hint), "modprobe i915; then vfctl doctor");
		return fail(e, HOST_ERR_ENV, -ENOENT, "No driver is bound to the PF %s.", pf);
	}
	if (!strcmp(st->pf_driver, "vfio-pci")) {
		snprintf(e->hint, sizeof(e->hint),
			 "vfctl vfio unbind %s (and pass VFs, not the PF, "
			 "to VMs)",
			 pf);
		return fail(e, HOST_ERR_ENV, -ENOENT, "The PF %s is bound to vfio-pci, not i915.",
			    pf);
	}
	if (!strcmp(st->pf_driver, "i915") && !st->dkms) {
		snprintf(e->hint, sizeof(e->hint),
			 "install i915-sriov-dkms and make it win over the "
			 "stock module: vfctl doctor shows how");
		return fail(e, HOST_ERR_ENV, -ENOENT,
			    "The loaded i915 is the stock module, which cannot create VFs.");
	}
	return 0;
}

/* A VF held by a VM must not be pulled from under it. */
static int check_in_use(const struct host_vfs_status *st, struct host_err *e)
{
	unsigned int i;

	for (i = 0; i < st->nvf; i++) {
		const struct host_vf *vf = &st->vf[i];

		if (!vf->user)
			continue;
		snprintf(e->hint, sizeof(e->hint),
			 "shut the VM down first (virsh shutdown <domain>; "
			 "process %d \"%s\")",
			 (int)vf->user, vf->user_comm);
		return fail(e, HOST_ERR_FAILED, -EBUSY, "VF%u (%s) is in use by a VM.", vf->n,
			    vf->bdf);
	}
	return 0;
}

/* The kernel said no: name the cause. */
static int explain(int err, const char *pf, unsigned int n, const struct host_vfs_status *st,
		   struct host_err *e)
{
	switch (err) {
	case -ENOENT:
		snprintf(e->hint, sizeof(e->hint),
			 "install i915-sriov-dkms and reboot; vfctl doctor "
			 "checks each step");
		return fail(e, HOST_ERR_ENV, err,
			    "The driver of %s does not support SR-IOV (the stock i915 is loaded).",
			    pf);
	case -ERANGE:
		snprintf(e->hint, sizeof(e->hint),
			 "add i915.max_vfs=7 to the kernel command line "
			 "(vfctl doctor prints the command)");
		return fail(e, HOST_ERR_USAGE, err,
			    "%u VFs is above the limit of %u (i915.max_vfs).", n, st->total);
	case -ENOMEM:
		snprintf(e->hint, sizeof(e->hint),
			 "BIOS: Above 4G Decoding = Enabled and Re-Size "
			 "BAR = Enabled; else add pci=realloc");
		return fail(e, HOST_ERR_FAILED, err,
			    "Not enough MMIO space for the VF BARs (each VF needs 512 MiB).");
	case -EBUSY:
		snprintf(e->hint, sizeof(e->hint),
			 "wait for i915 to finish probing, or disable the "
			 "VFs first: vfctl vfs disable");
		return fail(e, HOST_ERR_FAILED, err,
			    "The PF %s is busy (VFs already enabled, or "
			    "still initializing).",
			    pf);
	case -EPERM:
		snprintf(e->hint, sizeof(e->hint), "shut down the VMs that use the VFs");
		return fail(e, HOST_ERR_FAILED, err, "VFs of %s are still assigned to a guest.",
			    pf);
	case -EACCES:
		snprintf(e->hint, sizeof(e->hint), "run as root");
		return fail(e, HOST_ERR_ENV, err, "Writing sriov_numvfs needs root.");
	default:
		snprintf(e->hint, sizeof(e->hint), "dmesg | grep -i -e i915 -e sriov");
		return fail(e, HOST_ERR_FAILED, err, "The kernel refused: %s.", strerror(-err));
	}
}

static int write_numvfs(const char *root, const char *pf, unsigned int n,
			const struct host_vfs_status *st, const struct host_io *io,
			struct host_err *e)
{
	char p[128], text[16];
	uint64_t now;
	int ret;

	host_pci_attr_path(pf, "sriov_numvfs", p, sizeof(p));
	snprintf(text, sizeof(text), "%u", n);
	ret = host_io_write(io, root, p, text);
	if (ret)
		return explain(ret, pf, n, st, e);
	/* The store can succeed partially on some drivers: trust the read-back. */
	ret = host_read_u64(root, p, &now);
	if (ret || now != n)
		return fail(e, HOST_ERR_FAILED, -EIO, "sriov_numvfs reads %llu after writing %u.",
			    ret ? 0ull : (unsigned long long)now, n);
	return 0;
}

void host_vfs_describe(const char *root, const char *pf, char *buf, size_t size)
{
	struct host_vfs_status st;
	size_t len;
	unsigned int i;

	if (host_vfs_status(root, pf, &st)) {
		snprintf(buf, size, "%s: gone", pf);
		return;
	}
	len = (size_t)snprintf(buf, size, "sriov_numvfs %u%s", st.num, st.nvf ? ":" : " (no VFs)");
	for (i = 0; i < st.nvf && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s VF%u %s %s", i ? "," : "",
					st.vf[i].n, st.vf[i].bdf,
					st.vf[i].driver[0] ? st.vf[i].driver : "(no driver)");
}

/*
 * The VFs went to 0 and the new number failed: create the M VFs again and
 * give each its driver back (a new VF probes to i915; those that were on
 * vfio-pci, for VMs, go back to it). @st is the state as found.
 */
static void restore(const char *root, const char *pf, const struct host_vfs_status *st,
		    const struct host_io *io, struct host_err *e)
{
	char p[128], text[16];
	size_t len = strlen(e->msg);
	uint64_t now = 0;
	unsigned int i;
	int ret;

	host_pci_attr_path(pf, "sriov_numvfs", p, sizeof(p));
	snprintf(text, sizeof(text), "%u", st->num);
	ret = host_io_write(io, root, p, text);
	if (!ret && (host_read_u64(root, p, &now) || now != st->num))
		ret = -EIO;
	for (i = 0; i < st->nvf && !ret; i++) {
		struct host_binding b;

		snprintf(b.driver, sizeof(b.driver), "%s", st->vf[i].driver);
		snprintf(b.override, sizeof(b.override), "%s", st->vf[i].override);
		ret = host_binding_restore(root, st->vf[i].bdf, &b, io);
	}
	if (!ret) {
		snprintf(e->msg + len, sizeof(e->msg) - len,
			 " The %u VFs it had are back as they were.", st->num);
		return;
	}
	snprintf(e->msg + len, sizeof(e->msg) - len,
		 " The %u VFs it had were removed first, and putting them back failed.", st->num);
	host_vfs_describe(root, pf, e->state, sizeof(e->state));
}

int host_vfs_disable(const char *root, const char *pf, const struct host_io *io, struct host_err *e)
{
	struct host_vfs_status st;
	int ret;

	memset(e, 0, sizeof(*e));
	ret = precheck(root, pf, &st, e);
	if (ret)
		return ret;
	if (!st.num)
		return 0;
	ret = check_in_use(&st, e);
	if (ret)
		return ret;
	return write_numvfs(root, pf, 0, &st, io, e);
}

int host_vfs_enable(const char *root, const char *pf, unsigned int n, const struct host_io *io,
		    struct host_err *e)
{
	struct host_vfs_status st;
	int ret;

	if (!n)
		return host_vfs_disable(root, pf, io, e);
	memset(e, 0, sizeof(*e));
	ret = precheck(root, pf, &st, e);
	if (ret)
		return ret;
	if (n > st.total) {
		snprintf(e->hint, sizeof(e->hint),
			 st.total < HOST_IGPU_MAX_VFS ?
				 "ask for at most sriov_totalvfs, or raise i915.max_vfs (up to 7)" :
				 "ask for at most 7");
		return fail(e, HOST_ERR_USAGE, -ERANGE,
			    "%u VFs asked, the PF offers %u "
			    "(sriov_totalvfs).",
			    n, st.total);
	}
	if (st.num == n)
		return 0;
	if (st.num) {
		ret = check_in_use(&st, e);
		if (ret)
			return ret;
		ret = write_numvfs(root, pf, 0, &st, io, e);
		if (ret)
			return ret;
	}
	ret = write_numvfs(root, pf, n, &st, io, e);
	if (ret && st.num)
		restore(root, pf, &st, io, e);
	return ret;
}
