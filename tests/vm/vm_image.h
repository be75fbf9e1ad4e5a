/* SPDX-License-Identifier: MIT */
/*
 * The guest image: Debian's kernel (found by package query at run time, as
 * an uncompressed vmlinux for a fast PVH boot) and an initramfs assembled
 * here from busybox-static, the project's static guest program and evdev.ko.
 */
#ifndef VM_IMAGE_H
#define VM_IMAGE_H

#include <stddef.h>

struct vm_kernel {
	char version[128]; /* e.g. the /lib/modules directory name */
	char vmlinuz[512]; /* /boot/vmlinuz-... from the package */
	char evdev_ko[512]; /* evdev module of the same package */
};

/**
 * vm_kernel_find - find the newest installed linux-image-<abi>-amd64 package
 * @k: result
 *
 * The package query is vm_kernels_list()'s (dpkg-query, dpkg -L), evdev's
 * file modprobe's; no version or path is assumed.
 *
 * Return: 0 or -ENOENT (no kernel package installed).
 */
int vm_kernel_find(struct vm_kernel *k);

/**
 * vm_kernel_vmlinux - extract the uncompressed ELF vmlinux (PVH entry)
 * @k: kernel
 * @cache_dir: where to keep vmlinux-<version> between runs
 * @out: path of the vmlinux
 * @n: size of @out
 *
 * Return: 0 or a negative errno.
 */
int vm_kernel_vmlinux(const struct vm_kernel *k, const char *cache_dir, char *out, size_t n);

/**
 * vm_busybox_find - path of busybox-static's binary (by package query)
 * @out: result
 * @n: size of @out
 *
 * Return: 0 or -ENOENT.
 */
int vm_busybox_find(char *out, size_t n);

/**
 * vm_initramfs_build - write an uncompressed newc cpio initramfs
 * @k: kernel (for evdev.ko)
 * @guest: the static guest program, installed as /bin/lg-guest
 * @path: output file
 *
 * /init mounts devtmpfs, proc and sysfs, loads evdev, runs lg-guest, prints
 * its exit status and powers off.
 *
 * Return: 0 or a negative errno.
 */
int vm_initramfs_build(const struct vm_kernel *k, const char *guest, const char *path);

#endif
