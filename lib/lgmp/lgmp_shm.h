/* SPDX-License-Identifier: MIT */
/*
 * Map the shared memory both sides use: a /dev/shm file on this host, the
 * kvmfr character device (/dev/kvmfr0) on a real host, or the IVSHMEM BAR
 * (sysfs resource2) inside a guest. One code path for all three.
 */
#ifndef LGMP_SHM_H
#define LGMP_SHM_H

#include <stddef.h>

struct lgmp_shm {
	void *mem;
	size_t size;
	int fd;
};

/**
 * lgmp_shm_open - map a shared-memory file or device read/write and shared
 * @shm: result
 * @path: /dev/shm file, /dev/kvmfrN, or a sysfs PCI resource file
 * @create_size: if non-zero and @path is not a device, create or resize the
 *               file to this many bytes first
 *
 * The size comes from the kvmfr GETSIZE ioctl for character devices and from
 * fstat() otherwise (lseek() does not report sysfs resource sizes).
 *
 * Return: 0 or a negative errno.
 */
int lgmp_shm_open(struct lgmp_shm *shm, const char *path, size_t create_size);

/**
 * lgmp_shm_close - unmap and close what lgmp_shm_open() mapped
 * @shm: mapping; safe to call twice
 */
void lgmp_shm_close(struct lgmp_shm *shm);

/**
 * lgmp_shm_default_path - the path the Looking Glass client would use
 *
 * Return: "/dev/kvmfr0" when that device exists, else "/dev/shm/looking-glass".
 */
const char *lgmp_shm_default_path(void);

#endif
