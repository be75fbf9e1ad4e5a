// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: sysfs.conf files (written by hand) as lib/host's
 * reader of sysfsutils' grammar takes them, line by line.
 *
 * Properties: the kind is one of the five; a value or mode/owner line has
 * an attribute and a value, none holding white space but a value's "\r"
 * (mode/owner: their argument may), neither longer than the line; the
 * other kinds leave both empty; a value reads as a u16 or is refused.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "host/host_sysfs_conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data, *end = text + size;

	while (text < end) {
		const char *nl = memchr(text, '\n', (size_t)(end - text));
		size_t len = nl ? (size_t)(nl - text) : (size_t)(end - text);
		struct host_sysfs_conf_line l;
		enum host_sysfs_conf_kind k = host_sysfs_conf_line(text, len, &l);

		if (k > HOST_SYSFS_CONF_SYNTAX || k != l.kind)
			abort();
		if (k == HOST_SYSFS_CONF_VALUE || k == HOST_SYSFS_CONF_MODE ||
		    k == HOST_SYSFS_CONF_OWNER) {
			int v;

			if (!l.attr[0] || !l.value[0] || strlen(l.attr) > len ||
			    strlen(l.value) > len || strpbrk(l.attr, " \t\n"))
				abort();
			if (k == HOST_SYSFS_CONF_VALUE && strpbrk(l.value, " \t\n"))
				abort();
			v = host_sysfs_value_u16(l.value);
			if (v < -1 || v > 65535)
				abort();
		} else if (l.attr[0] || l.value[0]) {
			abort();
		}
		text += len + 1;
	}
	return 0;
}
