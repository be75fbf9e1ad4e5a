/* SPDX-License-Identifier: MIT */
/*
 * The libvirt domain XML of a VM model, built with libxml2.
 */
#ifndef VM_XML_H
#define VM_XML_H

#include <stddef.h>

#include "vm/vm_domain_types.h"

#define VM_XML_QEMU_NS "http://libvirt.org/schemas/domain/qemu/1.0"
/* Our <metadata> element: what `vm check` needs to know the intent. */
#define VM_XML_VFCTL_NS "urn:i915-sriov:vfctl:vm:1"
#define VM_XML_SHM_ID "looking-glass" /* memory-backend-file id */
#define VM_XML_SHM_DEV_ID "shmem0" /* ivshmem-plain device id */

/**
 * vm_xml_build - write the libvirt domain of a VM
 * @d: domain; vm_domain_validate() must have accepted it
 * @out: on success, a malloc'ed NUL-terminated UTF-8 document
 * @len: on success, its length without the NUL (may be NULL)
 *
 * The domain is q35 with OVMF from @d->fw, a host-passthrough CPU with vmx
 * hidden, the VF as a managed vfio hostdev with its romfile, the IVSHMEM
 * for Looking Glass (a <qemu:commandline> memory-backend-file on the kvmfr
 * device, or a <shmem> on /dev/shm), virtio keyboard and mouse, SPICE or no
 * display, QXL only when asked, and a <metadata> element recording the
 * resolutions so that `vm check` can size-check the result later. For tests
 * and Linux guests: type 'qemu' with a TCG CPU model (VM_ACCEL_TCG), no VF
 * (!has_vf), user or no networking, a serial log file, direct kernel boot.
 *
 * Return: 0, -EINVAL for an invalid model, -ENOMEM.
 */
int vm_xml_build(const struct vm_domain *d, char **out, size_t *len);

#endif
