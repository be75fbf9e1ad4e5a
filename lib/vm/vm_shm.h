/* SPDX-License-Identifier: MIT */
/*
 * Size of the IVSHMEM / kvmfr memory Looking Glass needs for a resolution.
 *
 * The formula is the one of the Looking Glass B7 documentation
 * ("Determining memory"): two frames of W x H x 4 bytes (8 for HDR, FP16),
 * plus 10 MiB for the cursor and the LGMP structures, rounded up to a power
 * of two because QEMU asserts that an ivshmem BAR is a power of two.
 */
#ifndef VM_SHM_H
#define VM_SHM_H

#include <stdbool.h>
#include <stdint.h>

#define VM_SHM_OVERHEAD_MIB 10
/* kvmfr computes static_size_mb * 1024 * 1024 in int: 2048 MiB overflows. */
#define VM_SHM_KVMFR_MAX_MIB 1024u

/**
 * vm_shm_need_bytes - bytes Looking Glass uses for one resolution
 * @width: pixels
 * @height: pixels
 * @hdr: 8 bytes per pixel (FP16) instead of 4
 *
 * Return: 2 frames plus the fixed overhead, before rounding.
 */
uint64_t vm_shm_need_bytes(unsigned int width, unsigned int height, bool hdr);

/**
 * vm_shm_size_mib - the memory size to configure, in MiB
 * @width: pixels
 * @height: pixels
 * @hdr: HDR (FP16) frames
 *
 * Return: the smallest power of two of MiB that holds
 * vm_shm_need_bytes(); 32 for 1920x1080 SDR, 64 with HDR.
 */
uint64_t vm_shm_size_mib(unsigned int width, unsigned int height, bool hdr);

/**
 * vm_shm_is_pow2 - whether a size is a non-zero power of two
 * @v: size in any unit
 *
 * Return: true for 1, 2, 4, ...
 */
bool vm_shm_is_pow2(uint64_t v);

#endif
