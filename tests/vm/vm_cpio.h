/* SPDX-License-Identifier: MIT */
/*
 * An uncompressed cpio "newc" archive writer for guest initramfs images.
 * Parent directories of every entry are created on the way; compressed
 * kernel modules (.ko.xz, .ko.zst) are stored decompressed.
 */
#ifndef VM_CPIO_H
#define VM_CPIO_H

#include <stddef.h>
#include <stdio.h>

#define VM_CPIO_MAX_DIRS 128

struct vm_cpio {
	FILE *f;
	unsigned int ino;
	int err;
	size_t ndirs;
	char *dirs[VM_CPIO_MAX_DIRS];
};

/**
 * vm_cpio_open - start an archive
 * @c: writer
 * @path: output file (truncated)
 *
 * Return: 0 or a negative errno.
 */
int vm_cpio_open(struct vm_cpio *c, const char *path);

/**
 * vm_cpio_dir - add a directory (and its parents)
 * @c: writer
 * @name: path inside the archive, without a leading '/'
 */
void vm_cpio_dir(struct vm_cpio *c, const char *name);

/**
 * vm_cpio_data - add a regular file from memory
 * @c: writer
 * @name: path inside the archive, without a leading '/'
 * @mode: permission bits
 * @data: contents
 * @size: length of @data
 */
void vm_cpio_data(struct vm_cpio *c, const char *name, unsigned int mode, const void *data,
		  size_t size);

/**
 * vm_cpio_file - add a regular file from the host
 * @c: writer
 * @name: path inside the archive, without a leading '/'
 * @src: host file; a name ending in .xz or .zst is decompressed
 * @mode: permission bits
 *
 * Return: 0 or a negative errno (also remembered for vm_cpio_close()).
 */
int vm_cpio_file(struct vm_cpio *c, const char *name, const char *src, unsigned int mode);

/**
 * vm_cpio_symlink - add a symbolic link
 * @c: writer
 * @name: path of the link inside the archive
 * @target: what it points to
 */
void vm_cpio_symlink(struct vm_cpio *c, const char *name, const char *target);

/**
 * vm_cpio_close - write the trailer and close
 * @c: writer
 *
 * Return: 0, or the first error of any call on @c.
 */
int vm_cpio_close(struct vm_cpio *c);

/**
 * vm_read_file - read a whole host file into memory
 * @path: file; a name ending in .xz or .zst is decompressed
 * @buf: result, malloc'ed and NUL-terminated
 * @n: length without the terminator
 *
 * Return: 0 or a negative errno.
 */
int vm_read_file(const char *path, unsigned char **buf, size_t *n);

#endif
