/* SPDX-License-Identifier: MIT */
/*
 * What `vfctl vm` reads of the host it writes a VM for, under a root
 * prefix: the CPU's usable physical-address width and the screen the
 * Looking Glass client window opens on.
 */
#ifndef VM_HOST_H
#define VM_HOST_H

#include "vm/vm_domain_types.h"

/* Physical-address widths a guest CPU can be given (QEMU's phys-bits range). */
#define VM_PHYS_BITS_MIN 32
#define VM_PHYS_BITS_MAX 52

/**
 * vm_host_phys_bits - the physical-address width the host kernel uses
 * @root: prefix ("/" for the live system)
 * @bits: the N of "address sizes : N bits physical" in /proc/cpuinfo
 *
 * The kernel's figure of what the host can address. A guest told more
 * address bits than that (QEMU's or CPUID's figure) gets its 64-bit PCI
 * window placed by OVMF where the host cannot map it, and OVMF faults at
 * boot: edk2 bug 4373 shows a 39-bit host ("Address sizes: 39 bits
 * physical") whose guest ran with 42. The guide author's domain limits the
 * width for that reason.
 *
 * Return: 0, -ENOENT without the line, or a negative errno of the read.
 */
int vm_host_phys_bits(const char *root, unsigned int *bits);

/**
 * vm_host_screen - the largest preferred mode of the host's connected displays
 * @root: prefix
 * @r: the mode (refresh 60)
 *
 * Reads /sys/class/drm/card*-* (status "connected", the first line of
 * "modes" is the preferred mode).
 *
 * Return: 0, or -ENOENT when no connected display is found.
 */
int vm_host_screen(const char *root, struct vm_resolution *r);

#endif
