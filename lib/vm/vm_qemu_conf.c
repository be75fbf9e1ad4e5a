// SPDX-License-Identifier: MIT
/*
 * cgroup_device_acl in qemu.conf (see vm_qemu_conf.h). The file uses
 * libvirt's config syntax: "name = value", '#' comments, lists in [ ] of
 * double-quoted strings, spanning lines.
 */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "vm/vm_qemu_conf.h"

#define KEY "cgroup_device_acl"

static const char *skip(const char *p)
{
	for (;;) {
		while (isspace((unsigned char)*p))
			p++;
		if (*p != '#')
			return p;
		while (*p && *p != '\n')
			p++;
	}
}

/*
 * Start of the first uncommented "cgroup_device_acl" at a line start: libvirt
 * keeps every assignment of a name in file order and its lookup
 * (virConfGetValue()) returns the first, so a later repeat is ignored.
 */
static const char *find_key(const char *text)
{
	const char *p = text;

	while (*p) {
		const char *s = p;

		while (*s == ' ' || *s == '\t')
			s++;
		if (!strncmp(s, KEY, strlen(KEY)) && !isalnum((unsigned char)s[strlen(KEY)]) &&
		    s[strlen(KEY)] != '_')
			return s + strlen(KEY);
		p = strchr(p, '\n');
		if (!p)
			break;
		p++;
	}
	return NULL;
}

int vm_qemu_conf_acl_has(const char *text, const char *dev)
{
	return vm_qemu_conf_acl_find(text, dev, NULL);
}

int vm_qemu_conf_acl_find(const char *text, const char *dev, const char **close)
{
	const char *p = find_key(text);
	size_t dlen = strlen(dev);
	bool has = false;

	if (!p)
		return -ENOENT;
	p = skip(p);
	if (*p++ != '=')
		return -EINVAL;
	p = skip(p);
	if (*p++ != '[')
		return -EINVAL;
	for (;;) {
		const char *end;

		p = skip(p);
		if (*p == ']') {
			if (close)
				*close = p;
			return has;
		}
		if (*p != '"')
			return -EINVAL;
		end = strchr(p + 1, '"');
		if (!end)
			return -EINVAL;
		if ((size_t)(end - p - 1) == dlen && !strncmp(p + 1, dev, dlen))
			has = true;
		p = skip(end + 1);
		if (*p == ',')
			p++;
		else if (*p != ']')
			return -EINVAL;
	}
}
