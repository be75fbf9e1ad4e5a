/* SPDX-License-Identifier: MIT */
/*
 * Opening a file of the machine `vm check --root` looks at. The paths come
 * from the checked definition (a romfile), so they are untrusted: "../" or
 * a symlink to an absolute path must not reach the files of the machine
 * running the check. Paths are resolved as a process chrooted into the
 * root would resolve them.
 */
#ifndef VM_ROOT_H
#define VM_ROOT_H

/**
 * vm_root_open - open a path of the root's machine
 * @root: the root prefix; NULL, "" or "/" for this machine
 * @path: the path as that machine names it (absolute or not)
 * @flags: open(2) flags, without O_CREAT
 *
 * Through openat2(2) with RESOLVE_IN_ROOT (Linux 5.6): "..", absolute
 * symlinks and absolute paths stay inside @root. Where openat2() is
 * missing, vm_root_open_checked().
 *
 * Return: a file descriptor, or a negative errno.
 */
int vm_root_open(const char *root, const char *path, int flags);

/**
 * vm_root_open_checked - the fallback of vm_root_open()
 * @root: as for vm_root_open()
 * @path: as for vm_root_open()
 * @flags: as for vm_root_open()
 *
 * The path joined to @root and resolved by realpath(3); a result outside
 * @root (through "..", or a symlink pointing out) is refused rather than
 * followed inside as RESOLVE_IN_ROOT would.
 *
 * Return: a file descriptor, -EXDEV for a path that leaves @root, or a
 * negative errno.
 */
int vm_root_open_checked(const char *root, const char *path, int flags);

#endif
