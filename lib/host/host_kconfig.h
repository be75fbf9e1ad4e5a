/* SPDX-License-Identifier: MIT */
/*
 * The running kernel's build configuration: /boot/config-<release>, or
 * /proc/config.gz when the kernel was built with IKCONFIG_PROC.
 */
#ifndef HOST_KCONFIG_H
#define HOST_KCONFIG_H

#include <stdbool.h>
#include <stddef.h>

struct host_kconfig_entry {
	char *name; /* "CONFIG_SYSFS" */
	char *value; /* "y", "m", "\"text\"", "0x10"; NULL for "is not set" */
};

struct host_kconfig {
	struct host_kconfig_entry *e;
	size_t n;
	char source[1024]; /* the file it came from, for evidence */
};

/**
 * host_kconfig_parse - parse the text of a kernel .config
 * @text: contents (untrusted; need not be NUL-terminated)
 * @len: their length
 * @k: result; release with host_kconfig_free()
 *
 * Understands "CONFIG_X=value" and "# CONFIG_X is not set"; other lines
 * (comments, garbage) are ignored. A later line for the same symbol wins.
 *
 * Return: 0 or -ENOMEM.
 */
int host_kconfig_parse(const char *text, size_t len, struct host_kconfig *k);

/**
 * host_kconfig_load - load the running kernel's configuration
 * @root: prefix
 * @release: the running release (host_release()), or NULL to read it
 * @k: result; release with host_kconfig_free()
 *
 * /boot/config-<release> first (what Debian installs), then /proc/config.gz.
 *
 * Return: 0, -ENOENT when neither exists, or another negative errno.
 */
int host_kconfig_load(const char *root, const char *release, struct host_kconfig *k);

/**
 * host_kconfig_get - the value of a symbol
 * @k: parsed configuration
 * @name: "CONFIG_..."
 * @listed: set to whether the symbol appears at all (also "is not set");
 *	may be NULL
 *
 * Return: the value, or NULL when unset or absent.
 */
const char *host_kconfig_get(const struct host_kconfig *k, const char *name, bool *listed);

/**
 * host_kconfig_free - release a parsed configuration
 * @k: it; may be zeroed or already freed
 */
void host_kconfig_free(struct host_kconfig *k);

#endif
