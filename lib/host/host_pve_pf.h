/* SPDX-License-Identifier: MIT */
/*
 * A Proxmox VE VM that is given the iGPU's PF itself: a hostpciN entry
 * naming 0000:00:02.0, or 0000:00:02 (every function of the device, "All
 * Functions" in the web UI, which includes the PF). Starting such a VM
 * binds the PF to vfio-pci, and with it every VF is gone.
 */
#ifndef HOST_PVE_PF_H
#define HOST_PVE_PF_H

#include <stdbool.h>
#include <stddef.h>

struct host_pve_pf {
	char conf[300]; /* "/etc/pve/qemu-server/100.conf" */
	char vmid[32]; /* "100" */
	char key[32]; /* "hostpci0" */
	char value[256]; /* the entry as written */
	char opts[256]; /* its options after the device part (",pcie=1"), or "" */
	bool all_functions; /* no ".F": the whole device */
};

/**
 * host_pve_id_is_pf - whether one hostpci device ID names the PF
 * @id: "[DOMAIN:]BUS:SLOT[.FUNC]" as qemu-server reads it (vm_pve_pci_id(); untrusted)
 * @pf: the PF's address, "0000:00:02.0"
 * @all: result: the ID has no function, so it is every function
 *
 * Return: true when the ID is the PF or its whole device.
 */
bool host_pve_id_is_pf(const char *id, const char *pf, bool *all);

/**
 * host_pve_conf_pf - the first hostpciN of a VM configuration that passes
 * the PF
 * @text: the configuration (untrusted; need not be NUL-terminated)
 * @len: its length
 * @pf: the PF's address
 * @out: result (key, value, opts, all_functions)
 *
 * Only the current configuration counts (not snapshots or pending
 * changes); mapping= entries name a cluster mapping, not an address, and
 * are left out.
 *
 * Return: 1 when found, 0 when not, -ENOMEM.
 */
int host_pve_conf_pf(const char *text, size_t len, const char *pf, struct host_pve_pf *out);

/**
 * host_pve_find_pf - the first VM under /etc/pve/qemu-server that passes
 * the PF
 * @root: prefix
 * @pf: the PF's address
 * @out: result
 *
 * Return: true when one does.
 */
bool host_pve_find_pf(const char *root, const char *pf, struct host_pve_pf *out);

#endif
