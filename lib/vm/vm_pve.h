/* SPDX-License-Identifier: MIT */
/*
 * `vfctl vm check` of a Proxmox VE VM: its configuration
 * (/etc/pve/qemu-server/VMID.conf, what `qm config VMID` shows) is turned
 * into the libvirt domain it amounts to and put through the same checks
 * as a libvirt domain, with the fixes said in Proxmox's terms, plus what
 * only Proxmox has (pcie=1 on i440fx, a mapping, a hookscript).
 */
#ifndef VM_PVE_H
#define VM_PVE_H

#include <stdbool.h>
#include <stddef.h>

#include "vm/vm_check.h"

/**
 * vm_pve_detect - whether a file is a Proxmox VM configuration
 * @text: its content (untrusted; need not be NUL-terminated)
 * @len: its length
 *
 * By content, not by name: "key: value" lines with keys only a VM
 * configuration has.
 *
 * Return: true for a Proxmox configuration.
 */
bool vm_pve_detect(const char *text, size_t len);

/**
 * vm_check_pve - check a Proxmox VE VM configuration
 * @text: the configuration (untrusted; need not be NUL-terminated)
 * @len: its length
 * @o: options, or NULL for the defaults; @o->libvirt is ignored (Proxmox
 *     starts QEMU without libvirt)
 * @r: report; release with vm_check_report_free()
 *
 * Only the current configuration counts, not its [snapshot] or [PENDING]
 * sections. The findings have the identifiers of vm_check_xml(); the
 * libvirt-only ones (device cgroup, AppArmor, libvirt's own parse) are
 * left out and one "pve-libvirt-only" note says so.
 *
 * Return: 0 with @r filled, -EINVAL when @text is not a configuration,
 * -ENOMEM.
 */
int vm_check_pve(const char *text, size_t len, const struct vm_check_opts *o,
		 struct vm_check_report *r);

#endif
