/* SPDX-License-Identifier: MIT */
/*
 * The installed Debian kernels, by package query: each linux-image-<ver>
 * (its vmlinuz) and linux-headers-<ver> (its Kbuild tree), and the module
 * files of a kernel in load order. No version or path is assumed.
 */
#ifndef VM_KERNELS_H
#define VM_KERNELS_H

#include <stddef.h>

#define VM_KERNELS_MAX 16

struct vm_kpkg {
	char version[128]; /* the /lib/modules directory name */
	char vmlinuz[512]; /* empty: no image package for this version */
	char headers[512]; /* Kbuild tree; empty: no headers package */
};

/**
 * vm_kernels_list - every installed kernel image and headers package
 * @out: array of VM_KERNELS_MAX entries
 *
 * A version appears once, with its image and/or headers, ordered oldest
 * first (version order).
 *
 * Return: the number of entries, or a negative errno.
 */
int vm_kernels_list(struct vm_kpkg *out);

/**
 * vm_kernels_pick - the newest kernel that has both image and headers
 * @version: wanted version, or NULL for the newest
 * @k: result
 *
 * Return: 0, or -ENOENT when no such pair is installed.
 */
int vm_kernels_pick(const char *version, struct vm_kpkg *k);

/**
 * vm_kernel_modules - module files to insmod, in order, for some modules
 * @version: kernel version
 * @names: module names, NULL-terminated
 * @paths: result, @max entries of 512 bytes; duplicates are dropped
 * @max: capacity of @paths
 *
 * Uses "modprobe -S VERSION --show-depends"; modules built into the kernel
 * need no file and are left out.
 *
 * Return: the number of files, or a negative errno (-ENOENT: a module is
 * neither built in nor available).
 */
int vm_kernel_modules(const char *version, const char *const *names, char (*paths)[512], int max);

#endif
