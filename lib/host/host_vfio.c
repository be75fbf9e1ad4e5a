// SPDX-License-Identifier: MIT
/*
 * A VF to vfio-pci and back, the way `virsh nodedev-detach/reattach` do
 * it: driver_override names the driver, unbind releases the device from
 * its current one, drivers_probe lets the override take effect.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "host/host_fs.h"
#include "host/host_pci.h"
#include "host/host_vfs.h"

static int do_write(const struct host_io *io, const char *root, const char *path, const char *text)
{
	if (io && io->write)
		return io->write(io->priv, root, path, text);
	return host_write(root, path, text);
}

static int err(struct host_err *e, enum host_err_kind kind, int ret, const char *msg,
	       const char *hint)
{
	e->kind = kind;
	snprintf(e->msg, sizeof(e->msg), "%s", msg);
	snprintf(e->hint, sizeof(e->hint), "%s", hint ? hint : "");
	return ret;
}

static int step(const struct host_io *io, const char *root, const char *path, const char *text,
		struct host_err *e)
{
	char msg[512];
	int ret = do_write(io, root, path, text);

	if (!ret)
		return 0;
	snprintf(msg, sizeof(msg), "Writing \"%s\" to %s failed: %s.", text, path, strerror(-ret));
	return err(e, ret == -EACCES ? HOST_ERR_ENV : HOST_ERR_FAILED, ret, msg,
		   ret == -EACCES ? "run as root" : "dmesg | tail shows the driver's reason");
}

static int check_device(const char *root, const char *bdf, char *drv, size_t size,
			struct host_err *e)
{
	char msg[256];
	int ret;

	memset(e, 0, sizeof(*e));
	if (!host_pci_bdf_valid(bdf))
		return err(e, HOST_ERR_USAGE, -EINVAL, "Not a PCI address (want DDDD:BB:DD.F).",
			   "e.g. 0000:00:02.1");
	ret = host_pci_driver(root, bdf, drv, size);
	if (ret) {
		snprintf(msg, sizeof(msg), "There is no PCI device %s.", bdf);
		return err(e, HOST_ERR_ENV, -ENODEV, msg, "vfctl vfs status lists the VFs");
	}
	return 0;
}

int host_vfio_bind(const char *root, const char *bdf, const struct host_io *io, struct host_err *e)
{
	char drv[64], p[128], msg[512];
	int ret = check_device(root, bdf, drv, sizeof(drv), e);

	if (ret)
		return ret;
	host_pci_attr_path(bdf, "physfn", p, sizeof(p));
	if (!host_exists(root, p)) {
		snprintf(msg, sizeof(msg),
			 "%s is not a VF: giving a PF to vfio-pci destroys its VFs.", bdf);
		return err(e, HOST_ERR_USAGE, -EINVAL, msg,
			   "pass a VF (0000:00:02.1 .. 0000:00:02.7); vfctl vfs status lists them");
	}
	if (!strcmp(drv, "vfio-pci"))
		return 0;
	if (!host_exists(root, "/sys/bus/pci/drivers/vfio-pci"))
		return err(e, HOST_ERR_ENV, -ENOENT, "The vfio-pci driver is not loaded.",
			   "modprobe vfio-pci");
	host_pci_attr_path(bdf, "driver_override", p, sizeof(p));
	ret = step(io, root, p, "vfio-pci", e);
	if (ret)
		return ret;
	if (drv[0]) {
		host_pci_attr_path(bdf, "driver/unbind", p, sizeof(p));
		ret = step(io, root, p, bdf, e);
		if (ret)
			return ret;
	}
	ret = step(io, root, "/sys/bus/pci/drivers_probe", bdf, e);
	if (ret)
		return ret;
	host_pci_driver(root, bdf, drv, sizeof(drv));
	if (strcmp(drv, "vfio-pci")) {
		snprintf(msg, sizeof(msg), "%s is bound to \"%s\" after the probe, not vfio-pci.",
			 bdf, drv);
		return err(e, HOST_ERR_FAILED, -EIO, msg, "dmesg | grep vfio");
	}
	return 0;
}

int host_vfio_unbind(const char *root, const char *bdf, const struct host_io *io,
		     struct host_err *e)
{
	char drv[64], p[128], msg[512], comm[64] = "";
	pid_t user;
	int ret = check_device(root, bdf, drv, sizeof(drv), e);

	if (ret)
		return ret;
	if (strcmp(drv, "vfio-pci"))
		return 0;
	user = host_vfio_user(root, bdf, comm, sizeof(comm));
	if (user) {
		snprintf(msg, sizeof(msg), "%s is in use by a VM (process %d \"%s\").", bdf,
			 (int)user, comm);
		return err(e, HOST_ERR_FAILED, -EBUSY, msg, "shut the VM down first");
	}
	/* "\n" clears driver_override, so the device's own driver matches again. */
	host_pci_attr_path(bdf, "driver_override", p, sizeof(p));
	ret = step(io, root, p, "\n", e);
	if (!ret)
		ret = step(io, root, "/sys/bus/pci/drivers/vfio-pci/unbind", bdf, e);
	if (!ret)
		ret = step(io, root, "/sys/bus/pci/drivers_probe", bdf, e);
	return ret;
}
