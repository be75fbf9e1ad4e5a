/* SPDX-License-Identifier: MIT */
/*
 * What modprobe's configuration (modprobe.d) asks of a module, read as kmod
 * reads it: the *.conf files (not starting with '.') of /etc/modprobe.d,
 * /run/modprobe.d, /usr/local/lib/modprobe.d, /usr/lib/modprobe.d and
 * /lib/modprobe.d, in the order of their names, a name in an earlier
 * directory hiding the same name in a later one; "options MODULE ARGS"
 * lines, the module's '-' and '_' alike.
 */
#ifndef HOST_MODPROBE_H
#define HOST_MODPROBE_H

#include <stddef.h>

/**
 * host_modprobe_option - the value modprobe.d gives a module parameter
 * @root: prefix
 * @module: e.g. "vfio-pci"
 * @param: e.g. "ids"
 * @value: result (the last occurrence: the one the module applies)
 * @vsize: size of @value
 * @file: result, the file that sets it ("/etc/modprobe.d/vfio.conf")
 * @fsize: size of @file
 *
 * Return: 0, or -ENOENT when no file sets it.
 */
int host_modprobe_option(const char *root, const char *module, const char *param, char *value,
			 size_t vsize, char *file, size_t fsize);

/**
 * host_modprobe_command - a module's "install" command, or its "blacklist"
 * @root: prefix
 * @module: e.g. "i915"
 * @what: "install" (kmod runs the command instead of inserting the module)
 *        or "blacklist" (kmod skips the module when it is loaded through an
 *        alias, as udev loads a device's driver)
 * @cmd: result: the install command, "" for a blacklist
 * @csize: size of @cmd
 * @file: result, the file that says it
 * @fsize: size of @file
 *
 * Return: 0, or -ENOENT when no file says it.
 */
int host_modprobe_command(const char *root, const char *module, const char *what, char *cmd,
			  size_t csize, char *file, size_t fsize);

/**
 * host_modprobe_text_option - host_modprobe_option() on one file's text
 * @text: the file (untrusted; need not be NUL-terminated)
 * @len: its length
 * @module: e.g. "vfio-pci"
 * @param: e.g. "ids"
 * @value: result
 * @vsize: size of @value
 *
 * Return: 0, -ENOENT, or -ENOMEM.
 */
int host_modprobe_text_option(const char *text, size_t len, const char *module, const char *param,
			      char *value, size_t vsize);

/**
 * host_modprobe_text_command - host_modprobe_command() on one file's text
 * @text: the file (untrusted; need not be NUL-terminated)
 * @len: its length
 * @module: e.g. "i915"
 * @what: "install" or "blacklist"
 * @cmd: result
 * @csize: size of @cmd
 *
 * Return: 0, -ENOENT, or -ENOMEM.
 */
int host_modprobe_text_command(const char *text, size_t len, const char *module, const char *what,
			       char *cmd, size_t csize);

#endif
