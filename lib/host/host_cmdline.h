/* SPDX-License-Identifier: MIT */
/*
 * The kernel command line (/proc/cmdline), split as the kernel splits it.
 */
#ifndef HOST_CMDLINE_H
#define HOST_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>

struct host_cmdline_param {
	char *key;
	char *value; /* NULL for a bare flag ("nohpet") */
};

struct host_cmdline {
	struct host_cmdline_param *p;
	size_t n;
};

/**
 * host_cmdline_parse - split a kernel command line into parameters
 * @text: the command line (untrusted; need not be NUL-terminated)
 * @len: its length
 * @c: result; release with host_cmdline_free()
 *
 * Follows the kernel's next_arg(): white space separates parameters,
 * double quotes group (and are removed), the first '=' splits key from
 * value, and a bare "--" ends the kernel's part (the rest goes to init).
 *
 * Return: 0 or -ENOMEM.
 */
int host_cmdline_parse(const char *text, size_t len, struct host_cmdline *c);

/**
 * host_cmdline_load - read and parse /proc/cmdline under a root prefix
 * @root: prefix
 * @c: result; release with host_cmdline_free()
 *
 * Return: 0 or a negative errno.
 */
int host_cmdline_load(const char *root, struct host_cmdline *c);

/**
 * host_cmdline_find - the last occurrence of a parameter
 * @c: parsed command line
 * @key: name; '-' and '_' are the same, as for the kernel ("i915.enable_guc")
 *
 * The last occurrence wins because that is the value the kernel applies.
 *
 * Return: the parameter, or NULL when absent.
 */
const struct host_cmdline_param *host_cmdline_find(const struct host_cmdline *c, const char *key);

/**
 * host_cmdline_list_has - whether a comma-separated value lists a word
 * @list: e.g. the value of module_blacklist ("xe,nouveau"), or NULL
 * @word: e.g. "xe"
 *
 * Return: true when @word is one of the items ('-' and '_' equal).
 */
bool host_cmdline_list_has(const char *list, const char *word);

/**
 * host_cmdline_free - release a parsed command line
 * @c: it; may be zeroed or already freed
 */
void host_cmdline_free(struct host_cmdline *c);

#endif
