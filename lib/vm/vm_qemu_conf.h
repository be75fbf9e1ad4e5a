/* SPDX-License-Identifier: MIT */
/*
 * libvirt's /etc/libvirt/qemu.conf, as far as Looking Glass cares: whether
 * QEMU's device cgroup lets it open /dev/kvmfrN (cgroup_device_acl).
 * Header and source stand alone (no libvirt, no libxml2): lib/host links
 * vm_qemu_conf.c as it links vm_shm.c.
 */
#ifndef VM_QEMU_CONF_H
#define VM_QEMU_CONF_H

#include <stddef.h>

#define VM_QEMU_CONF_PATH "/etc/libvirt/qemu.conf"

/**
 * vm_qemu_conf_acl_has - whether cgroup_device_acl lists a device
 * @text: the whole qemu.conf (NUL-terminated)
 * @dev: device path, e.g. "/dev/kvmfr0"
 *
 * Return: 1 when listed, 0 when the list is set without it, -ENOENT when
 * the setting is absent or commented out (libvirt's built-in list applies,
 * which has no kvmfr), -EINVAL when the setting cannot be parsed.
 */
int vm_qemu_conf_acl_has(const char *text, const char *dev);

/**
 * vm_qemu_conf_acl_find - vm_qemu_conf_acl_has(), and where the list ends
 * @text: the whole qemu.conf (NUL-terminated)
 * @dev: device path, e.g. "/dev/kvmfr0"
 * @close: when the list parses (return 0 or 1), its closing ']' in @text:
 *	where a device is added (may be NULL)
 *
 * The one parser of the setting: the doctor (lib/host), vm check (lib/vm)
 * and the guided setup (lib/setup) read it alike.
 *
 * Return: as vm_qemu_conf_acl_has().
 */
int vm_qemu_conf_acl_find(const char *text, const char *dev, const char **close);

#endif
