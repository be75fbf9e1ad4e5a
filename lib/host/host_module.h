/* SPDX-License-Identifier: MIT */
/*
 * Kernel modules: what is loaded (/proc/modules), which file modprobe
 * would load (modules.dep), module parameters (/sys/module).
 */
#ifndef HOST_MODULE_H
#define HOST_MODULE_H

#include <stdbool.h>
#include <stddef.h>

/**
 * host_module_loaded - whether a module is loaded
 * @root: prefix
 * @name: module name ("i915", "kvmfr"; '-' and '_' equal)
 *
 * Return: true when /proc/modules lists it.
 */
bool host_module_loaded(const char *root, const char *name);

/**
 * host_module_file - the file modprobe loads for a module
 * @root: prefix
 * @release: kernel release
 * @name: module name
 * @buf: result, relative to /lib/modules/<release>, e.g.
 *	"updates/dkms/i915.ko.xz"
 * @size: size of @buf
 *
 * depmod writes one line per module name into modules.dep, the one that
 * wins by its search order (updates/ before kernel/), so this is the
 * file a `modprobe i915` would load.
 *
 * Return: 0, -ENOENT when the module is not installed for @release.
 */
int host_module_file(const char *root, const char *release, const char *name, char *buf,
		     size_t size);

/**
 * host_module_param - a module parameter's current value
 * @root: prefix
 * @module: module name
 * @param: parameter name
 * @buf: result, first line
 * @size: size of @buf
 *
 * Return: 0, -ENOENT when the module has no such (readable) parameter.
 */
int host_module_param(const char *root, const char *module, const char *param, char *buf,
		      size_t size);

#endif
