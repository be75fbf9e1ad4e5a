/* SPDX-License-Identifier: MIT */
/*
 * A DKMS package's dkms.conf, read without running it: dkms sources the file
 * with bash, so only plain assignments are understood here (NAME=value with
 * bash's double, single or no quoting; NAME[N]=value for arrays). Anything
 * else (commands, expansions) is left as written: the fields that matter for
 * compatibility (package, version, the BUILD_EXCLUSIVE regexes, the built
 * modules) are literals in every driver tree seen.
 */
#ifndef DKMS_CONF_H
#define DKMS_CONF_H

#include <stdbool.h>
#include <stddef.h>

#define DKMS_MAX_MODULES 32
#define DKMS_NAME_MAX 128
#define DKMS_VALUE_MAX 512

struct dkms_conf {
	char name[DKMS_NAME_MAX]; /* PACKAGE_NAME */
	char version[DKMS_NAME_MAX]; /* PACKAGE_VERSION */
	/* BUILD_EXCLUSIVE_KERNEL / _ARCH: POSIX extended regexes that dkms
	 * matches (bash =~, unanchored) against the kernel release and the
	 * machine; empty means no restriction. */
	char excl_kernel[DKMS_VALUE_MAX];
	char excl_arch[DKMS_VALUE_MAX];
	/* BUILT_MODULE_NAME[], in index order: the whole set dkms installs. */
	char modules[DKMS_MAX_MODULES][DKMS_NAME_MAX];
	size_t n_modules;
};

/**
 * dkms_conf_parse - read the fields of a dkms.conf text
 * @text: the file's bytes (need not be NUL-terminated)
 * @len: their length
 * @c: result
 * @err: a sentence saying what is wrong, on failure
 * @errlen: size of @err
 *
 * Return: 0, or -EINVAL when PACKAGE_NAME, PACKAGE_VERSION or
 * BUILT_MODULE_NAME[0] is missing, a value is too long, or a module index
 * is out of range (@err says which).
 */
int dkms_conf_parse(const char *text, size_t len, struct dkms_conf *c, char *err, size_t errlen);

/**
 * dkms_conf_load - dkms_conf_parse() on <root>/<path>
 * @root: prefix ("" or "/" for the host)
 * @path: "/usr/src/i915-sriov-dkms-2026.03.05/dkms.conf"
 * @c: result
 * @err: what went wrong
 * @errlen: size of @err
 *
 * Return: 0, a negative errno from reading, or -EINVAL.
 */
int dkms_conf_load(const char *root, const char *path, struct dkms_conf *c, char *err,
		   size_t errlen);

/**
 * dkms_conf_load_registered - the dkms.conf of a version dkms registered
 * @root: prefix
 * @path: its dkms.conf (through var/lib/dkms/NAME/VERSION/source)
 * @name: NAME from the registry's path, when the file has no PACKAGE_NAME
 * @version: VERSION likewise
 * @c: result (n_modules may be 0)
 * @err: what went wrong
 * @errlen: size of @err
 *
 * dkms checked the file when it was added, and the registry's path names
 * the package: only the syntax is checked here, so a range is read even
 * from a trimmed copy of the file.
 *
 * Return: 0, a negative errno from reading, or -EINVAL (syntax).
 */
int dkms_conf_load_registered(const char *root, const char *path, const char *name,
			      const char *version, struct dkms_conf *c, char *err, size_t errlen);

/**
 * dkms_conf_value - parse one shell word as bash would assign it
 * @in: the text after '=' up to the end of the line
 * @n: its length
 * @out: the value, NUL-terminated
 * @size: size of @out
 *
 * Handles "double" (backslash escapes only $ ` " \), 'single' and bare
 * words (backslash escapes any character), stops at unquoted whitespace or
 * '#'. Also used for /etc/dkms/framework.conf.
 *
 * Return: 0, or -ENAMETOOLONG / -EINVAL (unterminated quote).
 */
int dkms_conf_value(const char *in, size_t n, char *out, size_t size);

/**
 * dkms_conf_has_module - whether @m is one of the built modules
 * @c: parsed conf
 * @m: module name; '-' and '_' are the same, as for modprobe
 */
bool dkms_conf_has_module(const struct dkms_conf *c, const char *m);

#endif
