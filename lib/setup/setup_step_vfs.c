// SPDX-License-Identifier: MIT
/*
 * VFs at boot and their binding to vfio-pci, with whichever mechanism the
 * host runs: sysfsutils (/etc/sysfs.conf, as the guide does it) when it is
 * installed, else udev rules. Either way the order is the same: the PF
 * stops probing drivers for its VFs, the VFs are created, each VF gets
 * driver_override=vfio-pci and is probed, so no host driver ever takes one.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/host_fs.h"
#include "host/host_vfs.h"
#include "setup/setup_steps.h"

#define SYSFS_CONF "/etc/sysfs.conf"
#define UDEV_VFS "/etc/udev/rules.d/60-vfctl-sriov.rules"
#define UDEV_AUTOPROBE "/etc/udev/rules.d/59-vfctl-vfio.rules"
#define UDEV_VFIO "/etc/udev/rules.d/61-vfctl-vfio.rules"
#define MODULES_VFIO "/etc/modules-load.d/vfctl-vfio.conf"

static bool has_sysfsutils(const char *root)
{
	return host_exists(root, "/etc/init.d/sysfsutils") ||
	       host_exists(root, "/lib/systemd/system/sysfsutils.service") ||
	       host_exists(root, "/usr/lib/systemd/system/sysfsutils.service");
}

/* Set (body) or take out (NULL) one vfctl block of /etc/sysfs.conf. */
static int sysfs_block(struct setup_plan *p, struct setup_step *s, const char *name, int rank,
		       const char *body)
{
	const char *text;
	size_t len;
	char *out;
	int ret;

	ret = setup_plan_read(p, SYSFS_CONF, &text, &len);
	if (ret)
		return ret;
	out = setup_text_block(text, name, rank, body);
	if (!out)
		return -ENOMEM;
	ret = setup_step_write(p, s, SYSFS_CONF, out, 0644);
	free(out);
	return ret;
}

int setup_build_vfs(struct setup_plan *p, struct setup_step *s)
{
	char src[256] = "", body[512];
	bool conflict = false, sysfsutils = has_sysfsutils(p->o.root);
	int n = host_vfs_persisted(p->o.root, p->pf, src, sizeof(src), &conflict), ret;
	bool ours = false;
	const char *text;
	size_t len;

	/* a setting vfctl wrote is redone; one the user wrote is respected */
	if (n >= 0) {
		ret = setup_plan_read(p, src, &text, &len);
		if (ret)
			return ret;
		ours = text && (strstr(text, "# vfctl setup: begin vfs\n") ||
				strstr(text, "# Written by vfctl setup"));
	}

	s->reboot = true;
	if (n >= 0 && !ours && !conflict && (unsigned int)n == p->o.vfs) {
		setup_step_reason(s, SETUP_DONE, "%s already enables %d VFs at boot.", src, n);
		return 0;
	}
	if (n >= 0 && !ours) {
		setup_step_reason(s, SETUP_USER,
				  "%s already sets %d VFs at boot%s; a second setting would "
				  "conflict: remove it or pass --vfs %d.",
				  src, n, conflict ? " (and another file differs)" : "", n);
		return 0;
	}
	if (sysfsutils) {
		snprintf(body, sizeof(body), "bus/pci/devices/%s/sriov_numvfs = %u\n", p->pf,
			 p->o.vfs);
		ret = sysfs_block(p, s, "vfs", 1, body);
	} else {
		snprintf(body, sizeof(body),
			 "# Written by vfctl setup: %u SR-IOV VFs of %s once its driver is bound.\n"
			 "ACTION==\"bind\", SUBSYSTEM==\"pci\", KERNEL==\"%s\", "
			 "ATTR{sriov_numvfs}=\"%u\"\n",
			 p->o.vfs, p->pf, p->pf, p->o.vfs);
		ret = setup_step_write(p, s, UDEV_VFS, body, 0644);
	}
	if (ret)
		return ret;
	setup_step_reason(s, s->nfile ? SETUP_TODO : SETUP_DONE, "%u VFs of %s at boot, by %s.",
			  p->o.vfs, p->pf,
			  sysfsutils ? "sysfsutils (/etc/sysfs.conf)" : "a udev rule");
	return 0;
}

int setup_build_vfio(struct setup_plan *p, struct setup_step *s)
{
	char vf[16], pre[256], body[2048] = "";
	bool sysfsutils = has_sysfsutils(p->o.root);
	int ret;

	s->reboot = true;
	ret = setup_step_write(
		p, s, MODULES_VFIO,
		"# Written by vfctl setup: vfio-pci takes the iGPU's VFs.\nvfio-pci\n", 0644);
	if (ret)
		return ret;
	for (unsigned int i = 1; i <= p->o.vfs; i++) {
		size_t n = strlen(body);

		if (setup_vf_bdf(p, i, vf, sizeof(vf)))
			return -EINVAL;
		if (sysfsutils)
			snprintf(body + n, sizeof(body) - n,
				 "bus/pci/devices/%s/driver_override = vfio-pci\n"
				 "bus/pci/drivers_probe = %s\n",
				 vf, vf);
		else
			snprintf(body + n, sizeof(body) - n,
				 "ACTION==\"add\", SUBSYSTEM==\"pci\", KERNEL==\"%s\", "
				 "ATTR{driver_override}=\"vfio-pci\", "
				 "RUN+=\"/bin/sh -c 'modprobe vfio-pci; echo %s > "
				 "/sys/bus/pci/drivers_probe'\"\n",
				 vf, vf);
	}
	if (sysfsutils) {
		snprintf(pre, sizeof(pre), "bus/pci/devices/%s/sriov_drivers_autoprobe = 0\n",
			 p->pf);
		ret = sysfs_block(p, s, "vfio-autoprobe", 0, pre);
		if (!ret)
			ret = sysfs_block(p, s, "vfio", 2, body);
	} else {
		snprintf(pre, sizeof(pre),
			 "# Written by vfctl setup: no host driver probes the VFs of %s.\n"
			 "ACTION==\"bind\", SUBSYSTEM==\"pci\", KERNEL==\"%s\", "
			 "ATTR{sriov_drivers_autoprobe}=\"0\"\n",
			 p->pf, p->pf);
		ret = setup_step_write(p, s, UDEV_AUTOPROBE, pre, 0644);
		if (!ret) {
			char rules[2200];

			snprintf(rules, sizeof(rules),
				 "# Written by vfctl setup: the VFs of %s go to vfio-pci.\n%s",
				 p->pf, body);
			ret = setup_step_write(p, s, UDEV_VFIO, rules, 0644);
		}
	}
	if (ret)
		return ret;
	setup_step_reason(s, s->nfile ? SETUP_TODO : SETUP_DONE,
			  "VF1..VF%u of %s bound to vfio-pci at boot, by %s.", p->o.vfs, p->pf,
			  sysfsutils ? "sysfsutils" : "udev rules");
	return 0;
}
