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
 * The kernel's figure, not CPUID's: on Alder and Raptor Lake with memory
 * encryption the kernel takes the key ID bits off what CPUID reports, and a
 * guest told the CPUID width gets MMIO placed where the host cannot map it,
 * which is the OVMF crash the guide's working domain avoids.
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
