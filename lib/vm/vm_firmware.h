/* SPDX-License-Identifier: MIT */
/*
 * OVMF from the distribution's QEMU firmware descriptors
 * (the *.json files of /usr/share/qemu/firmware, overridden by /etc/qemu/firmware), the
 * same files libvirt's firmware autoselection reads, so no OVMF path is
 * hard-coded.
 */
#ifndef VM_FIRMWARE_H
#define VM_FIRMWARE_H

#include "vm/vm_domain_types.h"

/**
 * vm_firmware_find - pick the UEFI firmware for a q35 x86_64 guest
 * @root: root prefix ("/" on a live system)
 * @fw: result; the paths are the ones of the descriptor, not prefixed
 *
 * Descriptors are taken in file-name order, a name in /etc replacing the
 * same name in /usr (an empty file hides it), as QEMU's firmware.json
 * specification says. The first one that is UEFI on flash, targets x86_64
 * q35, has an NVRAM template and needs neither SMM nor Secure Boot wins:
 * the guide's VM uses the plain OVMF_CODE, and a Secure Boot build would
 * also need SMM and enrolled keys.
 *
 * Return: 0, or -ENOENT when no descriptor fits (ovmf not installed).
 */
int vm_firmware_find(const char *root, struct vm_firmware *fw);

#endif
