// SPDX-License-Identifier: MIT
/*
 * A VF to vfio-pci and back, the way `virsh nodedev-detach/reattach` do
 * it: driver_override names the driver, unbind releases the device from
 * its current one, drivers_probe lets the override take effect. Each of
 * the three writes can fail in the kernel; the device is then put back
 * as it was found, or the report says where it is.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "host/host_fs.h"
#include "host/host_pci.h"
#include "host/host_vfs.h"
#include "host/host_vfs_internal.h"

int host_io_write(const struct host_io *io, const char *root, const char *path, const char *text)
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
	int ret = host_io_write(io, root, path, text);

	if (!ret)
		return 0;
	snprintf(msg, sizeof(msg), "Writing \"%s\" to %s failed: %s.",
		 strcmp(text, "\n") ? text : "\\n", path, strerror(-ret));
	return err(e, ret == -EACCES ? HOST_ERR_ENV : HOST_ERR_FAILED, ret, msg,
		   ret == -EACCES ? "run as root" : "dmesg | tail shows the driver's reason");
}

int host_binding_read(const char *root, const char *bdf, struct host_binding *b)
{
	char p[128];

	memset(b, 0, sizeof(*b));
	if (host_pci_driver(root, bdf, b->driver, sizeof(b->driver)))
		return -ENOENT;
	host_pci_attr_path(bdf, "driver_override", p, sizeof(p));
	if (host_read_line(root, p, b->override, sizeof(b->override)) || !b->override[0])
		snprintf(b->override, sizeof(b->override), "(null)");
	return 0;
}

static bool same(const struct host_binding *a, const struct host_binding *b)
{
	return !strcmp(a->driver, b->driver) && !strcmp(a->override, b->override);
}

int host_binding_restore(const char *root, const char *bdf, const struct host_binding *b,
			 const struct host_io *io)
{
	struct host_binding now;
	char p[128];
	int ret;

	if (host_binding_read(root, bdf, &now))
		return -ENOENT;
	if (same(&now, b))
		return 0;
	host_pci_attr_path(bdf, "driver_override", p, sizeof(p));
	if (strcmp(now.driver, b->driver)) {
		if (now.driver[0]) {
			host_pci_attr_path(bdf, "driver/unbind", p, sizeof(p));
			ret = host_io_write(io, root, p, bdf);
			if (ret)
				return ret;
			host_pci_attr_path(bdf, "driver_override", p, sizeof(p));
		}
		if (b->driver[0]) {
			/* The override makes the probe pick the driver it had. */
			ret = host_io_write(io, root, p, b->driver);
			if (!ret)
				ret = host_io_write(io, root, "/sys/bus/pci/drivers_probe", bdf);
			if (ret)
				return ret;
		}
	}
	/* "\n" clears it; with the device bound, a new override changes nothing else. */
	ret = host_io_write(io, root, p, strcmp(b->override, "(null)") ? b->override : "\n");
	if (ret)
		return ret;
	return host_binding_read(root, bdf, &now) || !same(&now, b) ? -EIO : 0;
}

/* After a failed step: back as found, or say where the device is. */
static int undo(const char *root, const char *bdf, const struct host_binding *was,
		const struct host_io *io, struct host_err *e, int ret)
{
	size_t len = strlen(e->msg);

	if (!host_binding_restore(root, bdf, was, io)) {
		snprintf(e->msg + len, sizeof(e->msg) - len, " %s is as it was (%s).", bdf,
			 was->driver[0] ? was->driver : "no driver");
		return ret;
	}
	host_vfio_describe(root, bdf, e->state, sizeof(e->state));
	snprintf(e->msg + len, sizeof(e->msg) - len, " Putting %s back failed too.", bdf);
	return ret;
}

void host_vfio_describe(const char *root, const char *bdf, char *buf, size_t size)
{
	struct host_binding b;

	if (host_binding_read(root, bdf, &b)) {
		snprintf(buf, size, "%s: gone", bdf);
		return;
	}
	snprintf(buf, size, "%s: %s%s, driver_override %s", bdf, b.driver[0] ? "driver " : "",
		 b.driver[0] ? b.driver : "no driver", b.override);
}

static int check_device(const char *root, const char *bdf, struct host_binding *b,
			struct host_err *e)
{
	char msg[256];

	memset(e, 0, sizeof(*e));
	if (!host_pci_bdf_valid(bdf))
		return err(e, HOST_ERR_USAGE, -EINVAL, "Not a PCI address (want DDDD:BB:DD.F).",
			   "e.g. 0000:00:02.1");
	if (host_binding_read(root, bdf, b)) {
		snprintf(msg, sizeof(msg), "There is no PCI device %s.", bdf);
		return err(e, HOST_ERR_ENV, -ENODEV, msg, "vfctl vfs status lists the VFs");
	}
	return 0;
}

int host_vfio_bind(const char *root, const char *bdf, const struct host_io *io, struct host_err *e)
{
	struct host_binding was;
	char drv[64], p[128], msg[512];
	int ret = check_device(root, bdf, &was, e);

	if (ret)
		return ret;
	host_pci_attr_path(bdf, "physfn", p, sizeof(p));
	if (!host_exists(root, p)) {
		snprintf(msg, sizeof(msg),
			 "%s is not a VF: giving a PF to vfio-pci destroys its VFs.", bdf);
		return err(e, HOST_ERR_USAGE, -EINVAL, msg,
			   "pass a VF (0000:00:02.1 .. 0000:00:02.7); vfctl vfs status lists them");
	}
	if (!strcmp(was.driver, "vfio-pci"))
		return 0;
	if (!host_exists(root, "/sys/bus/pci/drivers/vfio-pci"))
		return err(e, HOST_ERR_ENV, -ENOENT, "The vfio-pci driver is not loaded.",
			   "modprobe vfio-pci");
	host_pci_attr_path(bdf, "driver_override", p, sizeof(p));
	ret = step(io, root, p, "vfio-pci", e);
	if (ret)
		return ret;
	if (was.driver[0]) {
		host_pci_attr_path(bdf, "driver/unbind", p, sizeof(p));
		ret = step(io, root, p, bdf, e);
		if (ret)
			return undo(root, bdf, &was, io, e, ret);
	}
	ret = step(io, root, "/sys/bus/pci/drivers_probe", bdf, e);
	if (ret)
		return undo(root, bdf, &was, io, e, ret);
	host_pci_driver(root, bdf, drv, sizeof(drv));
	if (strcmp(drv, "vfio-pci")) {
		snprintf(msg, sizeof(msg), "%s is bound to \"%s\" after the probe, not vfio-pci.",
			 bdf, drv[0] ? drv : "no driver");
		err(e, HOST_ERR_FAILED, -EIO, msg, "dmesg | grep vfio");
		return undo(root, bdf, &was, io, e, -EIO);
	}
	return 0;
}

int host_vfio_unbind(const char *root, const char *bdf, const struct host_io *io,
		     struct host_err *e)
{
	struct host_binding was;
	char p[128], msg[512], comm[64] = "";
	pid_t user;
	int ret = check_device(root, bdf, &was, e);

	if (ret)
		return ret;
	/* Unbound counts too: an earlier run may have failed after the unbind. */
	if (was.driver[0] && strcmp(was.driver, "vfio-pci"))
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
	if (ret)
		return ret;
	if (was.driver[0]) {
		ret = step(io, root, "/sys/bus/pci/drivers/vfio-pci/unbind", bdf, e);
		if (ret)
			return undo(root, bdf, &was, io, e, ret);
	}
	ret = step(io, root, "/sys/bus/pci/drivers_probe", bdf, e);
	if (ret)
		return undo(root, bdf, &was, io, e, ret);
	return 0;
}
