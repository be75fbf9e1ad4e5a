/* SPDX-License-Identifier: MIT */
/*
 * The VF lifecycle of the iGPU PF: status, enable, disable, persistence
 * at boot, and moving a VF to vfio-pci and back (what `virsh
 * nodedev-detach` does). Every write is validated first, and every
 * kernel error is turned into its cause and fix.
 */
#ifndef HOST_VFS_H
#define HOST_VFS_H

#include <stdbool.h>
#include <sys/types.h>

#include "host/host_igpu.h"

#define HOST_TMPFILES_CONF "/etc/tmpfiles.d/i915-sriov-numvfs.conf"

struct host_vf {
	unsigned int n; /* 1-based, as i915's "VF1" */
	char bdf[16];
	char driver[64]; /* "" when unbound */
	char override[64]; /* driver_override, "(null)" when unset */
	int group; /* IOMMU group, -1 without */
	pid_t user; /* a process holding its VFIO device open, or 0 */
	char user_comm[64];
};

struct host_vfs_status {
	char pf_driver[64];
	bool sriov; /* sriov_totalvfs exists */
	bool dkms; /* the loaded i915 knows max_vfs */
	unsigned int total, num;
	struct host_vf vf[HOST_IGPU_MAX_VFS + 1];
	unsigned int nvf; /* VFs found as virtfn links */
	int persisted; /* N configured for boot, -1 if none */
	char persist_src[256];
	bool persist_conflict; /* two sources with different N */
};

enum host_err_kind {
	HOST_ERR_FAILED = 1, /* refused or failed: exit 1 */
	HOST_ERR_USAGE = 2, /* the request itself is invalid: exit 2 */
	HOST_ERR_ENV = 3, /* the system lacks something: exit 3 */
};

struct host_err {
	enum host_err_kind kind;
	char msg[512];
	char hint[512];
	/*
	 * Set when a failure left the host other than it was found and
	 * putting it back failed too: which VFs are in which state now, e.g.
	 * "sriov_numvfs 0 (no VFs)" or "0000:00:02.3: no driver,
	 * driver_override vfio-pci". Empty means the host is as it was.
	 */
	char state[768];
};

/*
 * Writes go through this, so that tests can put a model of the kernel's
 * sysfs store handlers behind them. NULL means host_write().
 */
struct host_io {
	int (*write)(void *priv, const char *root, const char *path, const char *text);
	void *priv;
};

/**
 * host_vfs_status - read the PF's SR-IOV state (never writes)
 * @root: prefix
 * @pf: PF address
 * @st: result
 *
 * Return: 0, -ENOENT when the PF does not exist.
 */
int host_vfs_status(const char *root, const char *pf, struct host_vfs_status *st);

/**
 * host_vfs_enable - enable @n VFs
 * @root: prefix
 * @pf: PF address
 * @n: VFs wanted, 1..sriov_totalvfs (0 disables)
 * @io: writer, or NULL
 * @e: cause and fix on failure
 *
 * From M != 0 VFs it goes through 0, as the PCI core requires, and only
 * when no VF is held by a VM. Afterwards sriov_numvfs is read back. When
 * the write of @n fails after the VFs went to 0, the M VFs are created
 * again and those that were on vfio-pci are bound to it again; what
 * could not be put back is in @e->state.
 *
 * Return: 0 or a negative errno, with @e filled.
 */
int host_vfs_enable(const char *root, const char *pf, unsigned int n, const struct host_io *io,
		    struct host_err *e);

/**
 * host_vfs_disable - disable all VFs, unless a VM holds one
 * @root: prefix
 * @pf: PF address
 * @io: writer, or NULL
 * @e: cause and fix on failure
 *
 * Return: 0 or a negative errno, with @e filled.
 */
int host_vfs_disable(const char *root, const char *pf, const struct host_io *io,
		     struct host_err *e);

/**
 * host_vfs_persist - enable @n VFs at every boot (systemd-tmpfiles)
 * @root: prefix
 * @pf: PF address
 * @n: VFs, 0 removes the setting
 * @e: cause and fix on failure
 *
 * Writes HOST_TMPFILES_CONF with one "w" line for the PF's sriov_numvfs,
 * the mechanism i915-sriov-dkms ships a template for.
 *
 * Return: 0 or a negative errno, with @e filled.
 */
int host_vfs_persist(const char *root, const char *pf, unsigned int n, struct host_err *e);

/**
 * host_vfs_persisted - N configured for boot in sysfs.conf, sysfs.d,
 * tmpfiles.d or udev rules
 * @root: prefix
 * @pf: PF address
 * @src: the file that sets it (may be NULL)
 * @size: size of @src
 * @conflict: set when two files set different values (may be NULL)
 *
 * Return: N, or -1 when nothing sets it.
 */
int host_vfs_persisted(const char *root, const char *pf, char *src, size_t size, bool *conflict);

/**
 * host_vfio_bind - hand a VF to vfio-pci (driver_override, unbind, probe)
 * @root: prefix
 * @bdf: VF address; a PF is refused (its VFs would vanish)
 * @io: writer, or NULL
 * @e: cause and fix on failure
 *
 * A write that fails half-way is undone (driver_override and the driver
 * as they were); what could not be undone is in @e->state.
 *
 * Return: 0 (also when already bound to vfio-pci) or a negative errno.
 */
int host_vfio_bind(const char *root, const char *bdf, const struct host_io *io, struct host_err *e);

/**
 * host_vfio_unbind - give a device back to its own driver
 * @root: prefix
 * @bdf: address; refused while a VM holds it
 * @io: writer, or NULL
 * @e: cause and fix on failure
 *
 * A device left without a driver (by an earlier failed run) is probed
 * again. A write that fails half-way is undone as in host_vfio_bind().
 *
 * Return: 0 (also when bound to another driver) or a negative errno.
 */
int host_vfio_unbind(const char *root, const char *bdf, const struct host_io *io,
		     struct host_err *e);

/**
 * host_vfs_describe - which VFs are in which state, in one line
 * @root: prefix
 * @pf: PF address
 * @buf: result, e.g. "sriov_numvfs 2: VF1 0000:00:02.1 vfio-pci, VF2 0000:00:02.2 i915"
 * @size: size of @buf
 */
void host_vfs_describe(const char *root, const char *pf, char *buf, size_t size);

/**
 * host_vfio_describe - one device's driver and driver_override, in one line
 * @root: prefix
 * @bdf: device address
 * @buf: result, e.g. "0000:00:02.3: no driver, driver_override vfio-pci"
 * @size: size of @buf
 */
void host_vfio_describe(const char *root, const char *bdf, char *buf, size_t size);

/**
 * host_vfio_user - a process that holds a device's VFIO group or cdev open
 * @root: prefix; /proc under it is scanned
 * @bdf: device address
 * @comm: its command name (may be NULL)
 * @size: size of @comm
 *
 * Return: the pid, or 0 when nobody holds it.
 */
pid_t host_vfio_user(const char *root, const char *bdf, char *comm, size_t size);

#endif
